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

  /** Stops the delivery to {@code subscriber}. Idempotent. */
  void unsubscribe(InstrumentId instrument, ActorRef<FeedEvent> subscriber);

  /**
   * Fetches a REST depth snapshot of at most {@code limit} levels per side; the returned update's
   * {@code finalUpdateId} is the venue's {@code lastUpdateId}. Fails with a message saying why
   * (rate limit, unknown symbol, venue down).
   */
  CompletionStage<DepthUpdate> depthSnapshot(InstrumentSpec spec, int limit);
}
