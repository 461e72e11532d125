package com.marketmaker.streams.feed;

import com.marketmaker.actors.feed.FeedEvent;
import com.marketmaker.actors.feed.MarketDataFeed;
import com.marketmaker.core.feed.DepthUpdate;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.streams.binance.InstrumentLane;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Market data of a venue that sends book snapshots on its WebSocket (Kraken, Coinbase): one
 * connection per node shared by every subscribed instrument, live subscribe / unsubscribe as the
 * set of instruments changes, and each frame decoded once (by the venue's subclass) and queued in
 * the instrument's bounded {@link InstrumentLane}.
 *
 * <p>The connection runs in a {@link RestartSource#withBackoff} graph: when it fails or the venue
 * closes it, every subscribed instrument gets a {@link FeedEvent.Resync} at once (its diffs stop
 * here), the connection is reopened after an exponential backoff with jitter, and every instrument
 * is subscribed again; the venue answers each subscription with a fresh snapshot, which the lane
 * delivers after the {@code Resync}.
 *
 * <p>There is no REST snapshot: {@link #depthSnapshot} unsubscribes and resubscribes the
 * instrument's book channel, and completes with a copy of the next snapshot queued for it (it fails
 * when the venue refuses or none comes within {@code snapshot-timeout}).
 */
public abstract class StreamSnapshotFeed implements MarketDataFeed, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StreamSnapshotFeed.class);

  protected final ActorSystem<?> system;
  protected final StreamFeedSettings settings;
  private final FeedDelivery delivery;

  private final Object lock = new Object();

  /** Lanes by the venue's own instrument name (Kraken pair, Coinbase product id). */
  protected final Map<String, InstrumentLane> lanes = new ConcurrentHashMap<>();

  private final Map<String, List<CompletableFuture<DepthUpdate>>> pendingSnapshots =
      new HashMap<>(); // guarded by lock

  // Guarded by lock.
  private BoundedSourceQueue<String> current;

  private volatile boolean connected;
  private final AtomicLong connects = new AtomicLong();
  private final AtomicLong reconnects = new AtomicLong();
  private final AtomicLong frames = new AtomicLong();
  protected final AtomicLong malformedFrames = new AtomicLong();
  protected final AtomicLong unroutedFrames = new AtomicLong();
  protected final AtomicLong controlErrors = new AtomicLong();
  private final AtomicLong snapshotRequests = new AtomicLong();
  private final AtomicLong snapshotFailures = new AtomicLong();

  private ReconnectingSocket<String> socket;
  private Cancellable tick;

  protected StreamSnapshotFeed(
      ActorSystem<?> system, StreamFeedSettings settings, FeedDelivery delivery) {
    this.system = system;
    this.settings = settings;
    this.delivery = delivery;
  }

  public Venue venue() {
    return settings.venue();
  }

  /** The venue's name of an instrument (Kraken {@code XBT/CHF}, Coinbase {@code BAND-GBP}). */
  protected abstract String venueSymbol(InstrumentId id);

  /** Messages subscribing the given instruments to every channel this feed follows. */
  protected abstract List<String> subscribeMessages(List<String> symbols);

  /** Messages unsubscribing the given instruments from every channel. */
  protected abstract List<String> unsubscribeMessages(List<String> symbols);

  /** Messages that make the venue send a fresh snapshot of one instrument's book. */
  protected abstract List<String> resubscribeBookMessages(String symbol);

  /** Decodes one text frame and publishes its events; runs on the connection's thread. */
  protected abstract void onText(String text, long receivedNanos);

  /** Called on the connection's thread when a new connection is up, before subscribing. */
  protected void onConnected() {}

  protected final void start() {
    socket =
        ReconnectingSocket.open(
            system,
            venue() + " connection",
            settings.wsUrl(),
            RestartSettings.create(
                settings.minBackoff(), settings.maxBackoff(), settings.randomFactor()),
            messages ->
                messages.throttle(settings.controlMessagesPerSecond(), Duration.ofSeconds(1)),
            new ReconnectingSocket.Listener<>() {
              @Override
              public void up(BoundedSourceQueue<String> queue) {
                onConnected(queue);
              }

              @Override
              public void down(BoundedSourceQueue<String> queue, Throwable error) {
                onDisconnected(queue);
              }

              @Override
              public void frame(ReconnectingSocket.Frame frame) {
                onFrame(frame);
              }
            });
    tick = InstrumentLane.scheduleChecks(system, lanes.values(), settings.staleAfter());
  }

  private void onConnected(BoundedSourceQueue<String> queue) {
    synchronized (lock) {
      boolean reconnect = connects.incrementAndGet() > 1;
      if (reconnect) {
        reconnects.incrementAndGet();
      }
      onConnected();
      connected = true;
      current = queue;
      List<String> symbols = new ArrayList<>(lanes.keySet());
      long now = System.nanoTime();
      lanes
          .values()
          .forEach(
              l -> {
                l.touch(now);
                l.confirmSubscription(false); // until the new connection's book comes
              });
      log.info(
          "{} connected to {} ({} instruments{})",
          venue(),
          settings.wsUrl(),
          symbols.size(),
          reconnect ? ", reconnect" : "");
      if (!symbols.isEmpty()) {
        sendAll(subscribeMessages(symbols));
      }
    }
  }

  private void onDisconnected(BoundedSourceQueue<String> queue) {
    boolean lost;
    synchronized (lock) {
      lost = current == queue;
      if (lost) {
        current = null;
        connected = false;
      }
    }
    if (lost) {
      // The books stop here: untrusted at once, rebuilt from the snapshots of the resubscription.
      for (InstrumentLane lane : lanes.values()) {
        lane.resync("connection to " + venue() + " lost; a new snapshot follows the reconnect");
      }
    }
  }

  /** Caller holds the lock. */
  private void sendAll(List<String> messages) {
    if (current == null) {
      return; // sent with the full subscription set on (re)connect
    }
    for (String m : messages) {
      QueueOfferResult result = current.offer(m);
      if (result != QueueOfferResult.enqueued()) {
        log.warn("{} could not queue {}: {}", venue(), m, result);
      }
    }
  }

  @Override
  public void subscribe(InstrumentSpec spec, ActorRef<FeedEvent> subscriber) {
    subscribe(spec, subscriber, false);
  }

  @Override
  public void consumed(InstrumentId instrument, ActorRef<FeedEvent> subscriber) {
    InstrumentLane lane = lanes.get(venueSymbol(instrument));
    if (lane != null) {
      lane.consumed(subscriber);
    }
  }

  @Override
  public void subscribe(InstrumentSpec spec, ActorRef<FeedEvent> subscriber, boolean bounded) {
    requireVenue(spec.id());
    String symbol = venueSymbol(spec.id());
    synchronized (lock) {
      InstrumentLane lane = lanes.get(symbol);
      if (lane == null) {
        lane = new InstrumentLane(spec, settings.laneCapacity(), delivery);
        lanes.put(symbol, lane);
        lane.addSubscriber(subscriber, bounded);
        sendAll(subscribeMessages(List.of(symbol)));
      } else {
        lane.addSubscriber(subscriber, bounded);
      }
    }
  }

  @Override
  public void unsubscribe(InstrumentId instrument, ActorRef<FeedEvent> subscriber) {
    requireVenue(instrument);
    String symbol = venueSymbol(instrument);
    List<CompletableFuture<DepthUpdate>> orphans = null;
    synchronized (lock) {
      InstrumentLane lane = lanes.get(symbol);
      if (lane == null || !lane.removeSubscriber(subscriber) || lane.hasSubscribers()) {
        return;
      }
      lanes.remove(symbol);
      orphans = pendingSnapshots.remove(symbol);
      sendAll(unsubscribeMessages(List.of(symbol)));
    }
    if (orphans != null) {
      orphans.forEach(f -> f.completeExceptionally(new IllegalStateException("unsubscribed")));
    }
  }

  /**
   * Asks the venue for a fresh book of the instrument by resubscribing its book channel; see the
   * class comment. {@code limit} is ignored: the venue sends the subscription's depth.
   */
  @Override
  public CompletionStage<DepthUpdate> depthSnapshot(InstrumentSpec spec, int limit) {
    requireVenue(spec.id());
    String symbol = venueSymbol(spec.id());
    CompletableFuture<DepthUpdate> f = new CompletableFuture<>();
    synchronized (lock) {
      if (!lanes.containsKey(symbol)) {
        snapshotFailures.incrementAndGet();
        return CompletableFuture.failedFuture(
            new IllegalStateException(spec.id() + " is not subscribed on this node"));
      }
      snapshotRequests.incrementAndGet();
      List<CompletableFuture<DepthUpdate>> waiting =
          pendingSnapshots.computeIfAbsent(symbol, k -> new ArrayList<>());
      waiting.add(f);
      if (waiting.size() == 1) {
        sendAll(resubscribeBookMessages(symbol)); // while disconnected, the reconnect does it
      }
    }
    system
        .scheduler()
        .scheduleOnce(
            settings.snapshotTimeout(),
            () -> {
              boolean expired;
              synchronized (lock) {
                List<CompletableFuture<DepthUpdate>> waiting = pendingSnapshots.get(symbol);
                expired = waiting != null && waiting.remove(f);
                if (waiting != null && waiting.isEmpty()) {
                  pendingSnapshots.remove(symbol);
                }
              }
              if (expired) {
                snapshotFailures.incrementAndGet();
                f.completeExceptionally(
                    new IllegalStateException(
                        "no "
                            + venue()
                            + " snapshot of "
                            + symbol
                            + " within "
                            + settings.snapshotTimeout()));
              }
            },
            system.executionContext());
    return f;
  }

  /** Publishes a snapshot received for {@code lane} and answers the requests waiting for one. */
  protected final void publishSnapshot(
      String symbol, InstrumentLane lane, DepthUpdate book, long receivedNanos) {
    // The venue's book for the subscription is its confirmation.
    lane.confirmSubscription(true);
    lane.publish(new FeedEvent.Snapshot(lane.id, book, settings.bookDepth(), receivedNanos));
    List<CompletableFuture<DepthUpdate>> waiting;
    synchronized (lock) {
      waiting = pendingSnapshots.remove(symbol);
    }
    if (waiting != null) {
      waiting.forEach(f -> f.complete(book.copy()));
    }
  }

  /** The venue refused a subscription of {@code symbol}: a waiting snapshot request fails. */
  protected final void subscriptionRefused(String symbol, String why) {
    controlErrors.incrementAndGet();
    List<CompletableFuture<DepthUpdate>> waiting;
    synchronized (lock) {
      waiting = pendingSnapshots.remove(symbol);
    }
    log.warn("{} refused a subscription of {}: {}", venue(), symbol, why);
    if (waiting != null) {
      snapshotFailures.addAndGet(waiting.size());
      waiting.forEach(
          f -> f.completeExceptionally(new IllegalStateException(venue() + " refused: " + why)));
    }
  }

  private void requireVenue(InstrumentId id) {
    if (id.venue() != settings.venue()) {
      throw new IllegalArgumentException(
          "instrument " + id + " is not on this feed's venue " + settings.venue());
    }
  }

  private void onFrame(ReconnectingSocket.Frame frame) {
    frames.incrementAndGet();
    if (frame.text() == null) {
      malformedFrames.incrementAndGet();
      return;
    }
    try {
      onText(frame.text(), frame.receivedNanos());
    } catch (RuntimeException e) {
      // A bug or an unforeseen shape must not end the shared connection.
      malformedFrames.incrementAndGet();
      log.warn("{} frame skipped: {}", venue(), e.toString());
    }
  }

  /** A snapshot of the counters. */
  public FeedMetrics metrics() {
    FeedMetrics.LaneTotals lanes = FeedMetrics.LaneTotals.of(this.lanes.values());
    // One connection per venue: its counters are the venue's.
    FeedMetrics.Connection only =
        new FeedMetrics.Connection(
            0,
            connected,
            connects.get(),
            reconnects.get(),
            lanes.subscribed(),
            lanes.instruments().size(),
            frames.get(),
            snapshotRequests.get());
    return new FeedMetrics(
        venue(),
        connected,
        connects.get(),
        reconnects.get(),
        frames.get(),
        malformedFrames.get(),
        unroutedFrames.get(),
        controlErrors.get(),
        0,
        0,
        snapshotRequests.get(),
        snapshotFailures.get(),
        lanes.messagesPerSecond(),
        lanes.decodeErrors(),
        lanes.gaps(),
        lanes.resyncs(),
        0,
        0,
        List.of(only),
        lanes.instruments());
  }

  /** Stops the connection and the timers; completes when the stream has ended. */
  public CompletionStage<Done> stop() {
    if (tick != null) {
      tick.cancel();
    }
    return socket.shutdown();
  }

  @Override
  public void close() {
    stop();
  }
}
