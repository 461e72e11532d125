package com.marketmaker.backtest.data;

import com.marketmaker.core.engine.QuotingEngine;
import com.marketmaker.core.engine.VenueBook;
import com.marketmaker.core.feed.BookTicker;
import com.marketmaker.core.feed.DepthUpdate;
import com.marketmaker.core.feed.LevelBuffer;
import com.marketmaker.core.feed.Trade;

/**
 * One recorded market event on the receive clock: a book snapshot or diff, a public trade or the
 * venue's best bid and ask of one instrument. Mutable and reused by every {@link
 * MarketEventSource}: the object a source returns is valid until its next call; {@link #copyFrom}
 * it to keep it.
 *
 * <p>Only the fields of the event's {@link #kind} are meaningful: {@link #depth} (with {@link
 * #checksum} and {@link #bookDepth}) for the book kinds, {@link #trade} for {@link
 * EventKind#TRADE}, {@link #ticker} for {@link EventKind#BOOK_TICKER}. Prices are in ticks and
 * sizes in lots of the instrument's grid.
 */
public final class MarketEvent {

  /** The checksum of a diff that carries none (equal to {@link VenueBook#NO_CHECKSUM}). */
  public static final long NO_CHECKSUM = VenueBook.NO_CHECKSUM;

  /** What the event is. */
  public EventKind kind;

  /** When the event was received, nanoseconds since the epoch. */
  public long receivedNanos;

  /** The instrument: an index into the source's {@link MarketEventSource#instruments()}. */
  public int instrument;

  /**
   * Book kinds: the levels and ids. Binance: {@code U}, {@code u}, {@code pu} and the event time; a
   * snapshot's ids are its {@code lastUpdateId}. Coinbase diffs: {@code finalUpdateId} is the venue
   * time in microseconds. Kraken: no ids.
   */
  public final DepthUpdate depth = new DepthUpdate();

  /** {@link EventKind#DEPTH}: the venue's CRC32 of the book after the diff (Kraken), or none. */
  public long checksum = NO_CHECKSUM;

  /**
   * {@link EventKind#STREAM_SNAPSHOT}: levels per side the venue maintains (Kraken's subscribed
   * depth), 0 when unbounded.
   */
  public int bookDepth;

  /** {@link EventKind#TRADE}: the trade, price in ticks and size in lots. */
  public final Trade trade = new Trade();

  /**
   * {@link EventKind#BOOK_TICKER}: the venue's best bid and ask. Binance: sizes and the update id
   * {@code u}; Coinbase: prices only, the venue time in microseconds as the update id.
   */
  public final BookTicker ticker = new BookTicker();

  /**
   * Starts a new event of {@code newKind}: sets the kind, receive time and instrument, and for the
   * book kinds clears the levels and ids and sets no checksum and an unbounded depth, before the
   * kind's fields are filled in.
   */
  public void reset(EventKind newKind, long nanos, int instrumentIndex) {
    kind = newKind;
    receivedNanos = nanos;
    instrument = instrumentIndex;
    if (newKind.hasLevels()) {
      depth.clear();
      checksum = NO_CHECKSUM;
      bookDepth = 0;
    }
  }

  /**
   * Applies a book event to the instrument's {@code book} through the venue's sync: a snapshot, a
   * stream snapshot with its depth, a diff with its checksum, or a ticker (checked against the
   * book). Trades do not touch the book.
   *
   * @return true when the book needs a (new) snapshot after a book event
   */
  public boolean applyTo(VenueBook book) {
    return switch (kind) {
      case SNAPSHOT -> book.onSnapshot(depth);
      case STREAM_SNAPSHOT -> book.onStreamSnapshot(depth, bookDepth);
      case DEPTH -> book.onDepth(depth, checksum);
      case BOOK_TICKER -> {
        book.onTicker(ticker);
        yield false;
      }
      case TRADE -> false;
    };
  }

  /**
   * Hands the event to the instrument's quoting engine at its receive time, the way the live entity
   * does.
   *
   * @return true when the engine's book needs a (new) snapshot after a book event
   */
  public boolean applyTo(QuotingEngine engine) {
    return switch (kind) {
      case SNAPSHOT -> engine.onSnapshot(depth, receivedNanos);
      case STREAM_SNAPSHOT -> engine.onStreamSnapshot(depth, bookDepth, receivedNanos);
      case DEPTH -> engine.onDepth(depth, checksum, receivedNanos);
      case TRADE -> {
        engine.onTrade(trade, receivedNanos);
        yield false;
      }
      case BOOK_TICKER -> {
        engine.onTicker(ticker);
        yield false;
      }
    };
  }

  /**
   * Makes this event an independent copy of {@code other}: its kind, receive time, instrument and
   * the fields of its kind (the fields of the other kinds, not meaningful, are left as they were).
   */
  public void copyFrom(MarketEvent other) {
    kind = other.kind;
    receivedNanos = other.receivedNanos;
    instrument = other.instrument;
    if (kind == null) {
      return;
    }
    switch (kind) {
      case SNAPSHOT, DEPTH, STREAM_SNAPSHOT -> {
        copyBook(other.depth, depth);
        checksum = other.checksum;
        bookDepth = other.bookDepth;
      }
      case TRADE -> copyTrade(other.trade, trade);
      case BOOK_TICKER -> copyTicker(other.ticker, ticker);
    }
  }

  static void copyTrade(Trade from, Trade to) {
    to.tradeId = from.tradeId;
    to.price = from.price;
    to.size = from.size;
    to.buyerAggressor = from.buyerAggressor;
    to.tradeTimeMillis = from.tradeTimeMillis;
  }

  static void copyTicker(BookTicker from, BookTicker to) {
    to.updateId = from.updateId;
    to.bidPrice = from.bidPrice;
    to.bidSize = from.bidSize;
    to.askPrice = from.askPrice;
    to.askSize = from.askSize;
  }

  static void copyBook(DepthUpdate from, DepthUpdate to) {
    to.firstUpdateId = from.firstUpdateId;
    to.finalUpdateId = from.finalUpdateId;
    to.previousFinalUpdateId = from.previousFinalUpdateId;
    to.eventTimeMillis = from.eventTimeMillis;
    to.bids.copyFrom(from.bids);
    to.asks.copyFrom(from.asks);
  }

  /**
   * Whether {@code other} is the same event: kind, receive time, instrument and every field of the
   * kind (levels compared one by one).
   */
  public boolean contentEquals(MarketEvent other) {
    if (kind != other.kind
        || receivedNanos != other.receivedNanos
        || instrument != other.instrument) {
      return false;
    }
    return switch (kind) {
      case SNAPSHOT, DEPTH, STREAM_SNAPSHOT -> {
        DepthUpdate a = depth;
        DepthUpdate b = other.depth;
        yield a.firstUpdateId == b.firstUpdateId
            && a.finalUpdateId == b.finalUpdateId
            && a.previousFinalUpdateId == b.previousFinalUpdateId
            && a.eventTimeMillis == b.eventTimeMillis
            && checksum == other.checksum
            && bookDepth == other.bookDepth
            && sameLevels(a.bids, b.bids)
            && sameLevels(a.asks, b.asks);
      }
      case TRADE ->
          trade.tradeId == other.trade.tradeId
              && trade.price == other.trade.price
              && trade.size == other.trade.size
              && trade.buyerAggressor == other.trade.buyerAggressor
              && trade.tradeTimeMillis == other.trade.tradeTimeMillis;
      case BOOK_TICKER ->
          ticker.updateId == other.ticker.updateId
              && ticker.bidPrice == other.ticker.bidPrice
              && ticker.bidSize == other.ticker.bidSize
              && ticker.askPrice == other.ticker.askPrice
              && ticker.askSize == other.ticker.askSize;
    };
  }

  private static boolean sameLevels(LevelBuffer a, LevelBuffer b) {
    if (a.count() != b.count()) {
      return false;
    }
    for (int i = 0; i < a.count(); i++) {
      if (a.price(i) != b.price(i) || a.size(i) != b.size(i)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    s.append(kind).append(" @").append(receivedNanos).append(" #").append(instrument);
    if (kind == null) {
      return s.toString();
    }
    switch (kind) {
      case SNAPSHOT, DEPTH, STREAM_SNAPSHOT -> {
        s.append(" U=").append(depth.firstUpdateId);
        s.append(" u=").append(depth.finalUpdateId);
        s.append(" pu=").append(depth.previousFinalUpdateId);
        s.append(" E=").append(depth.eventTimeMillis);
        s.append(" checksum=").append(checksum);
        s.append(" bookDepth=").append(bookDepth);
        s.append(" bids=").append(depth.bids.count());
        s.append(" asks=").append(depth.asks.count());
      }
      case TRADE ->
          s.append(" id=")
              .append(trade.tradeId)
              .append(" priceTicks=")
              .append(trade.price)
              .append(" sizeLots=")
              .append(trade.size)
              .append(trade.buyerAggressor ? " buyer" : " seller")
              .append(" T=")
              .append(trade.tradeTimeMillis);
      case BOOK_TICKER ->
          s.append(" u=")
              .append(ticker.updateId)
              .append(" bid=")
              .append(ticker.bidPrice)
              .append('x')
              .append(ticker.bidSize)
              .append(" ask=")
              .append(ticker.askPrice)
              .append('x')
              .append(ticker.askSize);
    }
    return s.toString();
  }
}
