package com.marketmaker.core.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.book.OrderBook;
import com.marketmaker.core.book.PriceLadderOrderBook;
import com.marketmaker.core.book.Side;
import com.marketmaker.core.book.TreeMapOrderBook;
import org.junit.jupiter.api.Test;

/** Book signals and shape features on a small hand-made book, against hand-computed values. */
class BookSignalsTest {

  private static final double EPS = 1e-12;

  /** Bids: 100×4, 99×6, 97×10. Asks: 102×2, 103×8, 106×30. Mid 101, spread 2. */
  private static OrderBook handBook(OrderBook book) {
    book.apply(Side.BID, 100, 4);
    book.apply(Side.BID, 99, 6);
    book.apply(Side.BID, 97, 10);
    book.apply(Side.ASK, 102, 2);
    book.apply(Side.ASK, 103, 8);
    book.apply(Side.ASK, 106, 30);
    return book;
  }

  @Test
  void priceSignals() {
    for (OrderBook book :
        new OrderBook[] {handBook(new TreeMapOrderBook()), handBook(new PriceLadderOrderBook())}) {
      assertEquals(101.0, BookSignals.mid(book), EPS);
      assertEquals(2, BookSignals.spread(book));
      // I = 4 / (4 + 2) = 2/3; weighted mid = 2/3·102 + 1/3·100 = 101.333...
      assertEquals(2.0 / 3, BookSignals.touchImbalance(book), EPS);
      assertEquals(304.0 / 3, BookSignals.weightedMid(book), EPS);
      // Top-1: (4 − 2)/(4 + 2); top-2: (10 − 10)/20; top-3: (20 − 40)/60.
      assertEquals(1.0 / 3, BookSignals.imbalance(book, 1), EPS);
      assertEquals(0.0, BookSignals.imbalance(book, 2), EPS);
      assertEquals(-1.0 / 3, BookSignals.imbalance(book, 3), EPS);
      // Half-life 1 tick: bid distances 1, 2, 4 → 4/2 + 6/4 + 10/16; ask 1, 2, 5 → 2/2 + 8/4 +
      // 30/32.
      double bid = 2 + 1.5 + 0.625;
      double ask = 1 + 2 + 0.9375;
      assertEquals(
          (bid - ask) / (bid + ask), BookSignals.depthWeightedImbalance(book, 3, 1.0), EPS);
    }
  }

  @Test
  void shapeFeatures() {
    OrderBook book = handBook(new PriceLadderOrderBook());
    assertEquals(20, BookShape.topDepth(book, Side.BID, 5));
    assertEquals(40, BookShape.topDepth(book, Side.ASK, 5));
    // Bid slope: cumulative 4, 10, 20 at distances 1, 2, 4 → (4 + 5 + 5)/3.
    // Ask slope: cumulative 2, 10, 40 at distances 1, 2, 5 → (2 + 5 + 8)/3.
    assertEquals(14.0 / 3, BookShape.slope(book, Side.BID, 5), EPS);
    assertEquals(5.0, BookShape.slope(book, Side.ASK, 5), EPS);
    assertEquals((14.0 / 3 + 5.0) / 2, BookShape.meanSlope(book, 5), EPS);
    // Q(102) = 2, Q(103) = 10, Q(106) = 40: 2·[(30/3) − (8/1)]/(106 − 102) = 1.
    assertEquals(1.0, BookShape.askCurvature(book), EPS);
    // Shares of 4, 6, 10, 2, 8, 30 out of 60.
    double h = 0;
    for (double q : new double[] {4, 6, 10, 2, 8, 30}) {
      h -= q / 60 * Math.log(q / 60);
    }
    assertEquals(h, BookShape.volumeEntropy(book, 5), EPS);
    // Sorted 2, 4, 6, 8, 10, 30: median 7, max 30.
    assertEquals(30.0 / 7, BookShape.fatFingerRatio(book, 5), EPS);
    assertFalse(BookShape.isFatFinger(book, 5, 10));
    book.apply(Side.ASK, 104, 700);
    // Sizes 2, 4, 6, 8, 10, 30, 700: median 8.
    assertEquals(700.0 / 8, BookShape.fatFingerRatio(book, 5), EPS);
    assertTrue(BookShape.isFatFinger(book, 5, 10));
  }

  @Test
  void oneSidedBookGivesNaN() {
    OrderBook book = new PriceLadderOrderBook();
    book.apply(Side.BID, 100, 1);
    assertTrue(Double.isNaN(BookSignals.mid(book)));
    assertTrue(Double.isNaN(BookSignals.weightedMid(book)));
    assertEquals(-1, BookSignals.spread(book));
    assertTrue(Double.isNaN(BookShape.askCurvature(book)));
  }
}
