package com.marketmaker.backtest.data;

import static org.junit.jupiter.api.Assertions.fail;

import com.marketmaker.core.feed.BookTicker;
import com.marketmaker.core.feed.DepthUpdate;
import com.marketmaker.core.feed.LevelBuffer;
import com.marketmaker.core.feed.Trade;

/**
 * Field-by-field checks of a replayed event against what a decoder produced from the text, failing
 * with the event's position and the field that differs.
 */
final class SameEvents {

  private SameEvents() {}

  static void check(String where, String field, long expected, long actual) {
    if (expected != actual) {
      fail(where + ": " + field + " expected " + expected + " but was " + actual);
    }
  }

  static void header(String where, EventKind kind, long nanos, int instrument, MarketEvent actual) {
    if (actual == null) {
      fail(where + ": expected a " + kind + " but the replay ended");
    }
    if (actual.kind != kind) {
      fail(where + ": expected a " + kind + " but was " + actual);
    }
    check(where, "receivedNanos", nanos, actual.receivedNanos);
    check(where, "instrument", instrument, actual.instrument);
  }

  static void book(
      String where, DepthUpdate expected, long checksum, int bookDepth, MarketEvent actual) {
    DepthUpdate a = actual.depth;
    check(where, "firstUpdateId", expected.firstUpdateId, a.firstUpdateId);
    check(where, "finalUpdateId", expected.finalUpdateId, a.finalUpdateId);
    check(where, "previousFinalUpdateId", expected.previousFinalUpdateId, a.previousFinalUpdateId);
    check(where, "eventTimeMillis", expected.eventTimeMillis, a.eventTimeMillis);
    check(where, "checksum", checksum, actual.checksum);
    check(where, "bookDepth", bookDepth, actual.bookDepth);
    levels(where + " bids", expected.bids, a.bids);
    levels(where + " asks", expected.asks, a.asks);
  }

  static void levels(String where, LevelBuffer expected, LevelBuffer actual) {
    check(where, "level count", expected.count(), actual.count());
    for (int i = 0; i < expected.count(); i++) {
      check(where, "priceTicks[" + i + "]", expected.price(i), actual.price(i));
      check(where, "sizeLots[" + i + "]", expected.size(i), actual.size(i));
    }
  }

  static void trade(String where, Trade expected, MarketEvent actual) {
    Trade a = actual.trade;
    check(where, "tradeId", expected.tradeId, a.tradeId);
    check(where, "priceTicks", expected.price, a.price);
    check(where, "sizeLots", expected.size, a.size);
    check(where, "buyerAggressor", expected.buyerAggressor ? 1 : 0, a.buyerAggressor ? 1 : 0);
    check(where, "tradeTimeMillis", expected.tradeTimeMillis, a.tradeTimeMillis);
  }

  static void ticker(String where, BookTicker expected, MarketEvent actual) {
    BookTicker a = actual.ticker;
    check(where, "updateId", expected.updateId, a.updateId);
    check(where, "bidPriceTicks", expected.bidPrice, a.bidPrice);
    check(where, "bidSizeLots", expected.bidSize, a.bidSize);
    check(where, "askPriceTicks", expected.askPrice, a.askPrice);
    check(where, "askSizeLots", expected.askSize, a.askSize);
  }

  /** The event's full content, for events read from two replays of the same file. */
  static void same(String where, MarketEvent expected, MarketEvent actual) {
    header(where, expected.kind, expected.receivedNanos, expected.instrument, actual);
    switch (expected.kind) {
      case SNAPSHOT, DEPTH, STREAM_SNAPSHOT ->
          book(where, expected.depth, expected.checksum, expected.bookDepth, actual);
      case TRADE -> trade(where, expected.trade, actual);
      case BOOK_TICKER -> ticker(where, expected.ticker, actual);
    }
  }
}
