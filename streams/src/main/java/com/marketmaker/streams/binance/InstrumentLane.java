package com.marketmaker.streams.binance;

import com.marketmaker.actors.feed.FeedEvent;
import com.marketmaker.core.feed.BinanceDecoder;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * One instrument inside a venue's feed hub: its subscribers and its bounded delivery lane, and for
 * Binance its decoder (Kraken and Coinbase decode per connection and {@link #publish} the events).
 *
 * <p>Frames are decoded once, on the connection's thread, into events holding a private copy of the
 * payload; the events wait in a lane of at most {@code capacity} entries and are delivered to the
 * subscribers, in order, by a drain task on the system's executor, so one slow instrument never
 * stalls the shared connection. Overflow policy: when the lane is full the new event is dropped and
 * counted and the lane is marked; the next event that fits is preceded by a {@link
 * FeedEvent.Resync}, and a drain that empties the lane queues it too. Every dropped diff is thus
 * followed, in order, by a {@code Resync}: a gap is never silent.
 */
public final class InstrumentLane {

  private static final int DRAIN_BATCH = 64;

  public final InstrumentSpec spec;
  public final InstrumentId id;

  /** Lower-case symbol as in Binance stream names. */
  final String streamSymbol;

  private final BinanceDecoder decoder;
  private final Set<ActorRef<FeedEvent>> subscribers = new CopyOnWriteArraySet<>();
  private final ArrayDeque<FeedEvent> lane = new ArrayDeque<>();
  private final int capacity;
  private final Executor executor;
  private final FeedDelivery delivery;
  private final AtomicBoolean draining = new AtomicBoolean();

  // Guarded by this.
  private boolean gapPending;
  private long droppedSinceResync;

  /** Whether diffs chain by {@code pu} (USD-M) rather than {@code U == previous u + 1} (spot). */
  private final boolean chainsByPu;

  /** The connection slot carrying this instrument; set by the feed under its lock. */
  volatile int connection;

  /** Whether the venue confirmed the SUBSCRIBE of its streams on the current connection. */
  volatile boolean confirmed;

  // The last diff's final id on the current connection, -1 after a (re)connect. Connection thread.
  private volatile long lastFinalUpdateId = -1;

  private volatile long lastFrameNanos;
  private volatile boolean staleSignalled;

  final AtomicLong messages = new AtomicLong();
  final AtomicLong depthUpdates = new AtomicLong();
  final AtomicLong tickers = new AtomicLong();
  final AtomicLong trades = new AtomicLong();
  final AtomicLong decodeErrors = new AtomicLong();
  final AtomicLong gaps = new AtomicLong();
  final AtomicLong ignored = new AtomicLong();
  final AtomicLong drops = new AtomicLong();
  final AtomicLong resyncs = new AtomicLong();
  final AtomicLong stales = new AtomicLong();
  final AtomicLong snapshots = new AtomicLong();

  // Rate sampling, touched only by the feed's periodic tick.
  private long rateMessages;
  private long rateNanos;
  private volatile double messagesPerSecond;

  public InstrumentLane(
      InstrumentSpec spec, int capacity, Executor executor, FeedDelivery delivery) {
    this.spec = spec;
    this.id = spec.id();
    this.streamSymbol = spec.id().symbol().toLowerCase(java.util.Locale.ROOT);
    this.decoder = new BinanceDecoder(spec);
    this.chainsByPu = spec.id().venue() == com.marketmaker.core.instrument.Venue.BINANCE_USDM;
    this.capacity = capacity;
    this.executor = executor;
    this.delivery = delivery;
    this.lastFrameNanos = System.nanoTime();
    this.rateNanos = lastFrameNanos;
  }

  public boolean addSubscriber(ActorRef<FeedEvent> ref) {
    return subscribers.add(ref);
  }

  public boolean removeSubscriber(ActorRef<FeedEvent> ref) {
    return subscribers.remove(ref);
  }

  public boolean hasSubscribers() {
    return !subscribers.isEmpty();
  }

  /** Decodes one frame of this instrument's streams. Called only on the connection's thread. */
  void onFrame(byte[] frame, long receivedNanos) {
    lastFrameNanos = receivedNanos;
    staleSignalled = false;
    messages.incrementAndGet();
    switch (decoder.decode(frame)) {
      case DEPTH_UPDATE -> {
        depthUpdates.incrementAndGet();
        checkContinuity(decoder.depth());
        offer(new FeedEvent.Depth(id, decoder.depth().copy(), receivedNanos));
      }
      case BOOK_TICKER -> {
        tickers.incrementAndGet();
        offer(new FeedEvent.Ticker(id, decoder.bookTicker().copy(), receivedNanos));
      }
      case TRADE -> {
        trades.incrementAndGet();
        offer(new FeedEvent.PublicTrade(id, decoder.trade().copy(), receivedNanos));
      }
      case REJECTED -> decodeErrors.incrementAndGet();
      case IGNORED, SNAPSHOT -> ignored.incrementAndGet();
    }
  }

  private void checkContinuity(com.marketmaker.core.feed.DepthUpdate d) {
    long last = lastFinalUpdateId;
    if (last >= 0) {
      boolean continues =
          chainsByPu ? d.previousFinalUpdateId == last : d.firstUpdateId == last + 1;
      if (!continues) {
        gaps.incrementAndGet();
      }
    }
    lastFinalUpdateId = d.finalUpdateId;
  }

  /**
   * Forgets the last diff id: the next diff starts a new chain (a new connection or subscription
   * starts wherever the venue is). Call before frames of the new connection arrive.
   */
  void restartSequence() {
    lastFinalUpdateId = -1;
  }

  /**
   * A message of this instrument arrived on the connection (valid or not): restarts the stale
   * clock. Called only on the connection's thread.
   */
  public void received(long receivedNanos) {
    lastFrameNanos = receivedNanos;
    staleSignalled = false;
    messages.incrementAndGet();
  }

  /** A message of this instrument the connection's decoder refused. */
  public void decodeError() {
    decodeErrors.incrementAndGet();
  }

  /** A message of this instrument that carries nothing for the book. */
  public void ignoredMessage() {
    ignored.incrementAndGet();
  }

  /**
   * Queues an event decoded by the connection (Kraken, Coinbase), counted by kind; the payload must
   * be the lane's own copy.
   */
  public void publish(FeedEvent event) {
    if (event instanceof FeedEvent.Depth) {
      depthUpdates.incrementAndGet();
    } else if (event instanceof FeedEvent.Snapshot) {
      snapshots.incrementAndGet();
    } else if (event instanceof FeedEvent.Ticker) {
      tickers.incrementAndGet();
    } else if (event instanceof FeedEvent.PublicTrade) {
      trades.incrementAndGet();
    }
    offer(event);
  }

  /** The decoder's last rejection, for logs. Read on the connection's thread only. */
  String lastRejection() {
    return decoder.rejections().lastReason() + ": " + decoder.rejections().lastDetail();
  }

  /** Queues a {@code Resync} behind what is already queued. */
  public void resync(String reason) {
    offer(new FeedEvent.Resync(id, reason, System.nanoTime()));
  }

  /** Queues a {@code Stale} once per silence longer than {@code staleAfterNanos}. */
  public void checkStale(long nowNanos, long staleAfterNanos) {
    long silent = nowNanos - lastFrameNanos;
    if (silent > staleAfterNanos && !staleSignalled && hasSubscribers()) {
      staleSignalled = true;
      stales.incrementAndGet();
      offer(new FeedEvent.Stale(id, silent / 1_000_000, nowNanos));
    }
  }

  /** Restarts the stale clock, e.g. when the instrument is (re)subscribed. */
  public void touch(long nowNanos) {
    lastFrameNanos = nowNanos;
    staleSignalled = false;
  }

  private void offer(FeedEvent event) {
    synchronized (this) {
      if (gapPending && !queueResyncForGap()) {
        dropped();
        return;
      }
      if (lane.size() >= capacity) {
        dropped();
        gapPending = true;
        return;
      }
      if (event instanceof FeedEvent.Resync) {
        resyncs.incrementAndGet();
      }
      lane.addLast(event);
    }
    scheduleDrain();
  }

  private void dropped() {
    drops.incrementAndGet();
    droppedSinceResync++;
  }

  /** Queues the Resync that closes a gap if there is room. Caller holds the lock. */
  private boolean queueResyncForGap() {
    if (lane.size() >= capacity) {
      return false;
    }
    lane.addLast(
        new FeedEvent.Resync(
            id,
            "delivery lane full (capacity "
                + capacity
                + "): "
                + droppedSinceResync
                + " events dropped",
            System.nanoTime()));
    resyncs.incrementAndGet();
    gapPending = false;
    droppedSinceResync = 0;
    return true;
  }

  private void scheduleDrain() {
    if (draining.compareAndSet(false, true)) {
      executor.execute(this::drain);
    }
  }

  private void drain() {
    for (int i = 0; i < DRAIN_BATCH; i++) {
      FeedEvent e;
      synchronized (this) {
        e = lane.pollFirst();
        if (e == null && gapPending) {
          queueResyncForGap();
          e = lane.pollFirst();
        }
      }
      if (e == null) {
        break;
      }
      deliver(e);
    }
    draining.set(false);
    boolean more;
    synchronized (this) {
      more = !lane.isEmpty() || gapPending;
    }
    if (more) {
      scheduleDrain();
    }
  }

  private void deliver(FeedEvent e) {
    boolean first = true;
    for (ActorRef<FeedEvent> s : subscribers) {
      delivery.deliver(s, first ? e : copyOf(e));
      first = false;
    }
  }

  /** Each subscriber gets its own copy of the mutable payloads. */
  static FeedEvent copyOf(FeedEvent e) {
    if (e instanceof FeedEvent.Depth d) {
      return new FeedEvent.Depth(
          d.instrument(), d.update().copy(), d.checksum(), d.receivedNanos());
    } else if (e instanceof FeedEvent.Snapshot s) {
      return new FeedEvent.Snapshot(s.instrument(), s.book().copy(), s.depth(), s.receivedNanos());
    } else if (e instanceof FeedEvent.Ticker t) {
      return new FeedEvent.Ticker(t.instrument(), t.ticker().copy(), t.receivedNanos());
    } else if (e instanceof FeedEvent.PublicTrade t) {
      return new FeedEvent.PublicTrade(t.instrument(), t.trade().copy(), t.receivedNanos());
    }
    return e; // Resync and Stale are immutable.
  }

  /**
   * Checks {@code lanes} for silence ({@link #checkStale}) and samples their rates, every quarter
   * of {@code staleAfter} (at least every second, at most every 20 ms), until the returned timer is
   * cancelled. {@code lanes} is read anew at each tick, so it may be a live view.
   */
  public static Cancellable scheduleChecks(
      ActorSystem<?> system, Collection<InstrumentLane> lanes, Duration staleAfter) {
    Duration every = Duration.ofMillis(Math.max(20, Math.min(1000, staleAfter.toMillis() / 4)));
    long staleNanos = staleAfter.toNanos();
    return system
        .scheduler()
        .scheduleWithFixedDelay(
            every,
            every,
            () -> {
              long now = System.nanoTime();
              for (InstrumentLane lane : lanes) {
                lane.checkStale(now, staleNanos);
                lane.sampleRate(now);
              }
            },
            system.executionContext());
  }

  /** Updates messages/s; called by the feed's periodic tick. */
  public void sampleRate(long nowNanos) {
    long elapsed = nowNanos - rateNanos;
    if (elapsed >= 1_000_000_000L) {
      long m = messages.get();
      messagesPerSecond = (m - rateMessages) * 1e9 / elapsed;
      rateMessages = m;
      rateNanos = nowNanos;
    }
  }

  public FeedMetrics.Instrument metrics() {
    int queued;
    synchronized (this) {
      queued = lane.size();
    }
    return new FeedMetrics.Instrument(
        connection,
        confirmed,
        subscribers.size(),
        messages.get(),
        messagesPerSecond,
        depthUpdates.get(),
        tickers.get(),
        trades.get(),
        decodeErrors.get(),
        gaps.get(),
        ignored.get(),
        drops.get(),
        resyncs.get(),
        stales.get(),
        queued,
        snapshots.get());
  }
}
