package com.marketmaker.actors.feed;

import com.marketmaker.core.feed.BookTicker;
import com.marketmaker.core.feed.DepthUpdate;
import com.marketmaker.core.feed.Trade;
import com.marketmaker.core.instrument.InstrumentId;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;

/**
 * Node-local market data for one instrument. Never sent across the network, hence never serialized.
 * Every payload is the subscriber's own copy.
 *
 * <p>Venues differ in how a book is synchronised, and the events carry what each needs: Binance
 * sends diffs with update ids and serves snapshots over REST ({@link
 * MarketDataFeed#depthSnapshot}); Kraken and Coinbase send the snapshot on the stream ({@link
 * Snapshot}) when an instrument is subscribed, and Kraken adds a CRC32 checksum of the top of the
 * book to each diff ({@link Depth#checksum()}). Coinbase has no update ids: its diffs and tickers
 * carry the venue's timestamp in microseconds where Binance puts update ids ({@link
 * DepthUpdate#finalUpdateId}, {@link BookTicker#updateId}).
 */
public sealed interface FeedEvent extends NoSerializationVerificationNeeded {

  InstrumentId instrument();

  /** {@link System#nanoTime()} when the frame carrying the event was received from the venue. */
  long receivedNanos();

  /**
   * A depth diff.
   *
   * @param checksum Kraken's CRC32 of the top 10 levels after the diff (unsigned 32-bit), or {@link
   *     #NO_CHECKSUM}
   */
  record Depth(InstrumentId instrument, DepthUpdate update, long checksum, long receivedNanos)
      implements FeedEvent {

    /** Marks a diff without a checksum (Binance, Coinbase, Kraken updates without "c"). */
    public static final long NO_CHECKSUM = -1;

    /** A diff without a checksum. */
    public Depth(InstrumentId instrument, DepthUpdate update, long receivedNanos) {
      this(instrument, update, NO_CHECKSUM, receivedNanos);
    }
  }

  /**
   * A full book sent by the venue on the stream (Kraken, Coinbase), after the instrument was
   * (re)subscribed: it replaces the book, in order with the diffs before and after it.
   *
   * @param depth levels per side the venue maintains on this subscription (Kraken's subscribed
   *     depth: levels beyond it get no updates and must be trimmed), or 0 when unbounded
   */
  record Snapshot(InstrumentId instrument, DepthUpdate book, int depth, long receivedNanos)
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
