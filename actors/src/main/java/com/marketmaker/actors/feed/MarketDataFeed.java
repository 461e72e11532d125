package com.marketmaker.actors.feed;

import com.marketmaker.core.feed.DepthUpdate;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A venue's market data on this node, as an instrument entity sees it. Feeds are node-local: an
 * entity subscribes where it lives and unsubscribes when it stops or moves; no tick crosses the
 * network between nodes. Implemented per venue in the streams module.
 */
public interface MarketDataFeed {

  /**
   * Starts delivering the instrument's decoded depth diffs, book tickers and public trades to
   * {@code subscriber} as {@link FeedEvent}s. Idempotent.
   */
  void subscribe(InstrumentSpec spec, ActorRef<FeedEvent> subscriber);

  /**
   * As {@link #subscribe(InstrumentSpec, ActorRef)}; a {@code bounded} subscriber takes part in
   * flow control: it calls {@link #consumed} once for every event it has handled, and the feed
   * never lets more than its capacity of events wait unconsumed. Events beyond that are dropped and
   * followed, once the subscriber has room, by a {@link FeedEvent.Resync}. A feed without flow
   * control delivers everything.
   */
  default void subscribe(InstrumentSpec spec, ActorRef<FeedEvent> subscriber, boolean bounded) {
    subscribe(spec, subscriber);
  }

  /** A bounded subscriber has handled one event of {@code instrument}. Cheap; any thread. */
  default void consumed(InstrumentId instrument, ActorRef<FeedEvent> subscriber) {}

  /** Stops the delivery to {@code subscriber}. Idempotent. */
  void unsubscribe(InstrumentId instrument, ActorRef<FeedEvent> subscriber);

  /**
   * Fetches a REST depth snapshot of at most {@code limit} levels per side; the returned update's
   * {@code finalUpdateId} is the venue's {@code lastUpdateId}. Fails with a message saying why
   * (rate limit, unknown symbol, venue down).
   *
   * <p>Venues without a REST snapshot (Kraken, Coinbase) send the book on the stream instead: the
   * feed resubscribes the instrument, the venue's fresh book reaches every subscriber as a {@link
   * FeedEvent.Snapshot} in order with the diffs, and the returned stage completes with a copy of it
   * once it has been queued ({@code limit} is then the subscription's depth, not this argument).
   * The stage fails when the venue refuses or the book does not come within the feed's timeout.
   */
  CompletionStage<DepthUpdate> depthSnapshot(InstrumentSpec spec, int limit);
}
