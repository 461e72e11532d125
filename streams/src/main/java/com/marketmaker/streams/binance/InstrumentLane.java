package com.marketmaker.streams.binance;

import com.marketmaker.actors.feed.FeedEvent;
import com.marketmaker.core.feed.BinanceDecoder;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.streams.feed.FeedDelivery;
import com.marketmaker.streams.feed.FeedMetrics;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * One instrument inside a venue's feed hub: its subscribers and their flow control, and for Binance
 * its decoder (Kraken and Coinbase decode per connection and {@link #publish} the events).
 *
 * <p>Frames are decoded once, on the connection's thread, into events holding a private copy of the
 * payload, and handed to every subscriber at once on that thread ({@link FeedDelivery}, a
 * non-blocking {@code tell}): no queue and no thread hop between the socket and the subscriber's
 * mailbox. Events from other threads (stale and resync signals) are delivered under the same lock,
 * so every subscriber sees one order.
 *
 * <p>Flow control, for subscribers that take part ({@link #addSubscriber(ActorRef, boolean)} with
 * {@code bounded}, as the instrument entities do): at most {@code capacity} events are delivered
 * and not yet {@linkplain #consumed consumed} by the subscriber. Overflow policy: when a bounded
 * subscriber holds {@code capacity} unconsumed events, a new event is not delivered to it but
 * dropped and counted, and the subscriber is marked; as soon as it has room again (the next event
 * or its next {@code consumed}, whichever comes first) it is sent a {@link FeedEvent.Resync} naming
 * the number of dropped events, before anything else. Every dropped diff is thus followed, in
 * order, by a {@code Resync}: a gap is never silent, and a subscriber that falls behind never makes
 * its mailbox (or its stash while it persists) grow without bound. Other subscribers (tools and
 * observers) get every event.
 */
public final class InstrumentLane {

  public final InstrumentSpec spec;
  public final InstrumentId id;

  /** Lower-case symbol as in Binance stream names. */
  final String streamSymbol;

  /** One subscriber and its credit; fields guarded by the lane. */
  private static final class Subscriber {
    final ActorRef<FeedEvent> ref;
    final boolean bounded;
    int unconsumed;
    boolean gapPending;
    long droppedSinceResync;

    Subscriber(ActorRef<FeedEvent> ref, boolean bounded) {
      this.ref = ref;
      this.bounded = bounded;
    }
  }

  private final BinanceDecoder decoder;
  // Guarded by this; copied on change so delivery iterates an array.
  private Subscriber[] subscribers = new Subscriber[0];
  private final int capacity;
  private final FeedDelivery delivery;

  /** Whether diffs chain by {@code pu} (USD-M) rather than {@code U == previous u + 1} (spot). */
  private final boolean chainsByPu;

  /** The connection slot carrying this instrument; set by the feed under its lock. */
  volatile int connection;

  /** Whether the venue confirmed the SUBSCRIBE of its streams on the current connection. */
  volatile boolean confirmed;

  /**
   * Records whether the venue confirmed the instrument's subscription on the current connection
   * (for venues whose confirmation the lane's own feed reads: the book they send on subscribing).
   */
  public void confirmSubscription(boolean confirmed) {
    this.confirmed = confirmed;
  }

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

  /**
   * @param capacity events a bounded subscriber may hold unconsumed before further ones are dropped
   * @param delivery hands an event to a subscriber; must not block
   */
  public InstrumentLane(InstrumentSpec spec, int capacity, FeedDelivery delivery) {
    if (capacity < 1) {
      throw new IllegalArgumentException("lane capacity must be at least 1, got " + capacity);
    }
    this.spec = spec;
    this.id = spec.id();
    this.streamSymbol = spec.id().symbol().toLowerCase(java.util.Locale.ROOT);
    this.decoder = new BinanceDecoder(spec);
    this.chainsByPu = spec.id().venue() == com.marketmaker.core.instrument.Venue.BINANCE_USDM;
    this.capacity = capacity;
    this.delivery = delivery;
    this.lastFrameNanos = System.nanoTime();
    this.rateNanos = lastFrameNanos;
  }

  /** Adds a subscriber that gets every event (no flow control); false if it was there. */
  public boolean addSubscriber(ActorRef<FeedEvent> ref) {
    return addSubscriber(ref, false);
  }

  /**
   * Adds a subscriber; a {@code bounded} one reports each event it has handled with {@link
   * #consumed} and is held to the lane's capacity. False if it was there (its mode unchanged).
   */
  public synchronized boolean addSubscriber(ActorRef<FeedEvent> ref, boolean bounded) {
    if (find(ref) != null) {
      return false;
    }
    Subscriber[] next = Arrays.copyOf(subscribers, subscribers.length + 1);
    next[subscribers.length] = new Subscriber(ref, bounded);
    subscribers = next;
    return true;
  }

  public synchronized boolean removeSubscriber(ActorRef<FeedEvent> ref) {
    Subscriber s = find(ref);
    if (s == null) {
      return false;
    }
    Subscriber[] next = new Subscriber[subscribers.length - 1];
    int j = 0;
    for (Subscriber x : subscribers) {
      if (x != s) {
        next[j++] = x;
      }
    }
    subscribers = next;
    return true;
  }

  public synchronized boolean hasSubscribers() {
    return subscribers.length > 0;
  }

  private Subscriber find(ActorRef<FeedEvent> ref) {
    for (Subscriber s : subscribers) {
      if (s.ref.equals(ref)) {
        return s;
      }
    }
    return null;
  }

  /**
   * A bounded subscriber has handled one event: frees one unit of its credit, and sends it the
   * Resync of a gap it is owed once it has room. Events of an earlier subscription still in its
   * mailbox may free credit early; the count never goes below zero.
   */
  public void consumed(ActorRef<FeedEvent> ref) {
    synchronized (this) {
      Subscriber s = find(ref);
      if (s == null || !s.bounded) {
        return;
      }
      if (s.unconsumed > 0) {
        s.unconsumed--;
      }
      if (s.gapPending && s.unconsumed < capacity) {
        deliverResyncForGap(s);
      }
    }
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

  private synchronized void offer(FeedEvent event) {
    if (event instanceof FeedEvent.Resync) {
      resyncs.incrementAndGet();
    }
    boolean first = true;
    for (Subscriber s : subscribers) {
      if (s.bounded) {
        if (s.gapPending && s.unconsumed < capacity) {
          deliverResyncForGap(s);
        }
        if (s.gapPending || s.unconsumed >= capacity) {
          drops.incrementAndGet();
          s.droppedSinceResync++;
          s.gapPending = true;
          continue;
        }
        s.unconsumed++;
      }
      delivery.deliver(s.ref, first ? event : copyOf(event));
      first = false;
    }
  }

  /** Sends the Resync that closes {@code s}'s gap. Caller holds the lock; s has room. */
  private void deliverResyncForGap(Subscriber s) {
    s.unconsumed++;
    resyncs.incrementAndGet();
    delivery.deliver(
        s.ref,
        new FeedEvent.Resync(
            id,
            "subscriber fell behind (capacity "
                + capacity
                + "): "
                + s.droppedSinceResync
                + " events dropped",
            System.nanoTime()));
    s.gapPending = false;
    s.droppedSinceResync = 0;
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

  private synchronized int subscriberCount() {
    return subscribers.length;
  }

  public FeedMetrics.Instrument metrics() {
    int queued = 0;
    synchronized (this) {
      for (Subscriber s : subscribers) {
        queued += s.unconsumed;
      }
    }
    return new FeedMetrics.Instrument(
        connection,
        confirmed,
        subscriberCount(),
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
