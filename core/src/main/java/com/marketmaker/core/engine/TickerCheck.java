package com.marketmaker.core.engine;

import com.marketmaker.core.book.OrderBook;
import com.marketmaker.core.feed.BookTicker;
import com.marketmaker.core.instrument.InstrumentSpec;

/**
 * The check of a venue's best bid/offer messages against the book (see {@link VenueBook}): the tops
 * of the last applied diffs and the tickers ahead of the book are kept for a while, and every
 * ticker that can be compared is counted as matched or mismatched. Allocation-free: both lists are
 * {@link BookTops}.
 */
final class TickerCheck {

  /** Diff tops and early tickers remembered. */
  private static final int REMEMBERED = 256;

  private final InstrumentSpec spec;
  private final boolean venueTimed;
  private final BookTops recentTops = new BookTops(REMEMBERED);
  private final BookTops earlyTickers = new BookTops(REMEMBERED);
  private final long[] top = new long[BookTops.FIELDS];
  private final long[] ticker = new long[BookTops.FIELDS];
  private long matched;
  private long mismatched;
  private long notComparable;
  private String lastMismatch = "";

  /**
   * @param venueTimed tickers and diffs carry the venue's time instead of update ids (Coinbase)
   */
  TickerCheck(InstrumentSpec spec, boolean venueTimed) {
    this.spec = spec;
    this.venueTimed = venueTimed;
  }

  long matched() {
    return matched;
  }

  long mismatched() {
    return mismatched;
  }

  long notComparable() {
    return notComparable;
  }

  String lastMismatch() {
    return lastMismatch;
  }

  /** A ticker of a venue whose tickers cannot be compared with the book. */
  void onIncomparableTicker() {
    notComparable++;
  }

  /**
   * The diff with id (or venue time) {@code id} was applied and {@code book} is the result; with
   * update ids, the early tickers it reached are compared or dropped.
   */
  void onDiffApplied(long id, OrderBook book) {
    if (recentTops.isFull()) {
      recentTops.removeFirst();
    }
    recentTops.addLast(id, book.bestBid(), book.bestBidSize(), book.bestAsk(), book.bestAskSize());
    if (!venueTimed) {
      checkEarlyTickers(id);
    }
  }

  /** The book was replaced or lost: no diff top is comparable any more. */
  void forgetTops() {
    recentTops.clear();
  }

  /** Diffs may have been lost: the early tickers are dropped too. */
  void forgetAll() {
    recentTops.clear();
    earlyTickers.clear();
  }

  /**
   * Update ids (Binance): a ticker at an applied diff's final id is compared, price and size, with
   * the top after it; one ahead of the book ({@code live} false, or beyond {@code lastApplied})
   * waits for its diff.
   */
  void onTicker(BookTicker t, boolean live, long lastApplied) {
    if (!live || t.updateId > lastApplied) {
      if (earlyTickers.isFull()) {
        earlyTickers.removeFirst();
        notComparable++;
      }
      earlyTickers.addLast(t);
      return;
    }
    for (int k = 0; k < recentTops.size(); k++) {
      if (recentTops.get(k, BookTops.ID) == t.updateId) {
        recentTops.copyTo(k, top);
        compare(top, BookTops.copy(t, ticker), true);
        return;
      }
    }
    notComparable++;
  }

  /**
   * Venue time (Coinbase): the ticker's prices against the top after the last diff at or before it.
   */
  void onVenueTimedTicker(BookTicker t, boolean live) {
    int asOf = -1;
    if (live) {
      for (int k = 0; k < recentTops.size(); k++) {
        if (recentTops.get(k, BookTops.ID) <= t.updateId) {
          asOf = k;
        }
      }
    }
    if (asOf < 0) {
      notComparable++; // no diff of this book is as old as the ticker
      return;
    }
    recentTops.copyTo(asOf, top);
    compare(top, BookTops.copy(t, ticker), false);
  }

  private void checkEarlyTickers(long appliedId) {
    int kept = 0;
    for (int k = 0; k < earlyTickers.size(); k++) {
      long id = earlyTickers.get(k, BookTops.ID);
      if (id == appliedId) {
        recentTops.copyTo(recentTops.size() - 1, top);
        earlyTickers.copyTo(k, ticker);
        compare(top, ticker, true);
      } else if (id < appliedId) {
        notComparable++; // its id lies inside a diff's range: no book state to compare
      } else {
        earlyTickers.move(k, kept++);
      }
    }
    earlyTickers.truncate(kept);
  }

  private void compare(long[] bookTop, long[] venueTop, boolean sizes) {
    boolean prices =
        bookTop[BookTops.BID] == venueTop[BookTops.BID]
            && bookTop[BookTops.ASK] == venueTop[BookTops.ASK];
    if (prices
        && (!sizes
            || (bookTop[BookTops.BID_SIZE] == venueTop[BookTops.BID_SIZE]
                && bookTop[BookTops.ASK_SIZE] == venueTop[BookTops.ASK_SIZE]))) {
      matched++;
    } else {
      mismatched++;
      lastMismatch =
          "at "
              + (venueTimed ? "venue time " : "update ")
              + venueTop[BookTops.ID]
              + ": book "
              + spec.ticksToPrice(bookTop[BookTops.BID])
              + "/"
              + spec.ticksToPrice(bookTop[BookTops.ASK])
              + ", venue "
              + spec.ticksToPrice(venueTop[BookTops.BID])
              + "/"
              + spec.ticksToPrice(venueTop[BookTops.ASK]);
    }
  }
}
