package com.marketmaker.actors.feed;

import com.marketmaker.core.feed.BookTicker;
import com.marketmaker.core.feed.DepthUpdate;
import com.marketmaker.core.feed.Trade;
import com.marketmaker.core.instrument.InstrumentId;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;

/**
 * Node-local market data for one instrument. Never sent across the network, hence never serialized.
 * Every payload is the subscriber's own copy.
 */
public sealed interface FeedEvent extends NoSerializationVerificationNeeded {

  InstrumentId instrument();

  /** {@link System#nanoTime()} when the frame carrying the event was received from the venue. */
  long receivedNanos();

  /** A depth diff. */
  record Depth(InstrumentId instrument, DepthUpdate update, long receivedNanos)
      implements FeedEvent {}

  /** The venue's best bid and ask as of an update id. */
  record Ticker(InstrumentId instrument, BookTicker ticker, long receivedNanos)
      implements FeedEvent {}

  /** A public trade. */
  record PublicTrade(InstrumentId instrument, Trade trade, long receivedNanos)
      implements FeedEvent {}

  /**
   * Diffs may have been lost (reconnect, a dropped frame, an overflowing buffer): the book must be
   * rebuilt from a new snapshot before it is trusted again.
   */
  record Resync(InstrumentId instrument, String reason, long receivedNanos) implements FeedEvent {}

  /** Nothing arrived for the instrument within the stale-feed threshold. */
  record Stale(InstrumentId instrument, long silentMillis, long receivedNanos)
      implements FeedEvent {}
}
