package com.marketmaker.actors;

import com.marketmaker.actors.SymbolProtocol.Command;
import com.marketmaker.actors.SymbolProtocol.FeedReceived;
import com.marketmaker.actors.SymbolProtocol.RetrySnapshot;
import com.marketmaker.actors.SymbolProtocol.SnapshotResult;
import com.marketmaker.actors.feed.FeedEvent;
import com.marketmaker.actors.feed.FeedLatency;
import com.marketmaker.actors.feed.MarketDataFeed;
import com.marketmaker.actors.feed.MarketDataFeeds;
import com.marketmaker.core.engine.QuotingEngine;
import com.marketmaker.core.engine.VenueBook;
import com.marketmaker.core.instrument.InstrumentSpec;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The instrument's subscription to this node's market-data feed of its venue while it makes here:
 * feed events go into the engine's book and signals, depth snapshots are fetched when the book's
 * sync asks for one (retried with jittered exponential back-off while the venue refuses), and the
 * feed gets its credit back for every event taken out of the mailbox.
 */
final class FeedSession {

  /** Returned by {@link #onEvent} when the event does not call for a quote decision. */
  static final long NO_DECISION = Long.MIN_VALUE;

  private static final long MAX_SNAPSHOT_RETRY_MILLIS = 30_000L;

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final String instrument;
  private final MarketDataFeeds feeds;
  private final ActorRef<FeedEvent> adapter;
  private final FeedLatency latency;
  private final int snapshotDepth;
  private final Duration snapshotRetry;

  private MarketDataFeed feed;
  private InstrumentSpec spec;
  private QuotingEngine engine;
  private int snapshotFailures;

  FeedSession(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      String instrument,
      MarketDataFeeds feeds,
      int snapshotDepth,
      Duration snapshotRetry) {
    this.context = context;
    this.timers = timers;
    this.instrument = instrument;
    this.feeds = feeds;
    this.adapter = context.messageAdapter(FeedEvent.class, FeedReceived::new);
    this.latency = FeedLatency.get(context.getSystem());
    this.snapshotDepth = snapshotDepth;
    this.snapshotRetry = snapshotRetry;
  }

  /** The node's feed for the instrument's venue, when it has one and the venue's book is known. */
  Optional<MarketDataFeed> feedFor(InstrumentSpec spec) {
    if (feed != null || !VenueBook.supports(spec.id().venue())) {
      return Optional.empty();
    }
    return feeds.forVenue(spec.id().venue());
  }

  /** Subscribes {@code engine}'s book to {@code venueFeed}; the book starts empty and syncing. */
  void open(MarketDataFeed venueFeed, InstrumentSpec spec, QuotingEngine engine) {
    this.feed = venueFeed;
    this.spec = spec;
    this.engine = engine;
    venueFeed.subscribe(spec, adapter, true);
  }

  void close() {
    if (feed != null) {
      feed.unsubscribe(spec.id(), adapter);
    }
    feed = null;
    spec = null;
    engine = null;
    timers.cancel(RetrySnapshot.INSTANCE);
  }

  boolean isOpen() {
    return feed != null;
  }

  /**
   * Applies one feed event to the engine on the entity's clock. Returns the event's receive stamp
   * when the book changed in a way the quoting loop must see, else {@link #NO_DECISION}.
   */
  long onEvent(FeedEvent event, long nowNanos) {
    if (feed == null) {
      return NO_DECISION; // arrived after the unsubscription
    }
    feed.consumed(spec.id(), adapter); // out of the mailbox: credit back to the feed
    if (event instanceof FeedEvent.Depth d) {
      if (engine.onDepth(d.update(), d.checksum(), nowNanos)) {
        requestSnapshot();
      }
      latency.recordApplied(d.receivedNanos());
      return d.receivedNanos();
    } else if (event instanceof FeedEvent.Snapshot snap) {
      if (engine.onStreamSnapshot(snap.book(), snap.depth(), nowNanos)) {
        requestSnapshot();
      }
    } else if (event instanceof FeedEvent.Ticker t) {
      engine.onTicker(t.ticker());
    } else if (event instanceof FeedEvent.PublicTrade t) {
      engine.onTrade(t.trade(), nowNanos);
    } else if (event instanceof FeedEvent.Resync r) {
      context.getLog().info("{}: resync ({})", instrument, r.reason());
      engine.resync(r.reason());
      return r.receivedNanos();
    } else if (event instanceof FeedEvent.Stale st) {
      engine.onStale();
      return st.receivedNanos();
    }
    return NO_DECISION;
  }

  void onSnapshotResult(SnapshotResult r, long nowNanos) {
    if (feed == null) {
      return;
    }
    if (r.error() != null) {
      if (snapshotFailures == 0) {
        context.getLog().warn("{}: depth snapshot failed: {}", instrument, r.error());
      } else {
        context.getLog().debug("{}: depth snapshot failed again: {}", instrument, r.error());
      }
      engine.book().onSnapshotFailed();
      snapshotFailures++;
      long base =
          Math.min(
              MAX_SNAPSHOT_RETRY_MILLIS,
              snapshotRetry.toMillis() << Math.min(snapshotFailures - 1, 10));
      long delay = (long) (base * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()));
      timers.startSingleTimer(RetrySnapshot.INSTANCE, Duration.ofMillis(delay));
      return;
    }
    snapshotFailures = 0;
    if (engine.onSnapshot(r.snapshot(), nowNanos)) {
      context
          .getLog()
          .info("{}: snapshot older than the buffered diffs; fetching another", instrument);
      requestSnapshot();
    }
  }

  void onRetrySnapshot() {
    if (feed == null) {
      return;
    }
    engine.book().retryDue();
    if (engine.book().needsSnapshot()) {
      requestSnapshot();
    }
  }

  private void requestSnapshot() {
    engine.book().snapshotRequested();
    context.pipeToSelf(
        feed.depthSnapshot(spec, snapshotDepth),
        (snapshot, failure) ->
            new SnapshotResult(
                snapshot, failure == null ? null : String.valueOf(failure.getMessage())));
  }
}
