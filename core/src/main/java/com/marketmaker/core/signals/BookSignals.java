package com.marketmaker.core.signals;

import com.marketmaker.core.book.OrderBook;
import com.marketmaker.core.book.Side;

/**
 * Instantaneous price and pressure signals read off an L2 book. Prices are in ticks (as doubles
 * where they fall between ticks); {@code NaN} when a side needed is empty.
 *
 * <p>Definitions, with best bid {@code b}, best ask {@code a} and sizes {@code Qb}, {@code Qa}:
 *
 * <ul>
 *   <li>mid {@code = (b + a) / 2}; spread {@code = a − b} ticks;
 *   <li>weighted mid {@code = I·a + (1 − I)·b} with {@code I = Qb / (Qb + Qa)} — the imbalance-
 *       weighted mid of Stoikov (2018), "The micro-price", Quantitative Finance 18(12), §2;
 *   <li>top-N imbalance {@code = (ΣQb − ΣQa) / (ΣQb + ΣQa)} over the best N levels per side, in
 *       [−1, 1], positive when bids outweigh asks;
 *   <li>depth-weighted imbalance: the same with each level's size weighted by {@code 2^(−d/h)},
 *       where {@code d} is the level's distance from the mid in ticks and {@code h} a half-life in
 *       ticks, so size near the touch counts most.
 * </ul>
 */
public final class BookSignals {

  private BookSignals() {}

  public static double mid(OrderBook book) {
    if (!book.hasTwoSides()) {
      return Double.NaN;
    }
    return (book.bestBid() + book.bestAsk()) / 2.0;
  }

  /** Spread in ticks, or -1 when a side is empty. */
  public static long spread(OrderBook book) {
    return book.hasTwoSides() ? book.bestAsk() - book.bestBid() : -1;
  }

  public static double weightedMid(OrderBook book) {
    if (!book.hasTwoSides()) {
      return Double.NaN;
    }
    double qb = book.bestBidSize();
    double qa = book.bestAskSize();
    double i = qb / (qb + qa);
    return i * book.bestAsk() + (1 - i) * book.bestBid();
  }

  /** Top-of-book imbalance {@code I = Qb / (Qb + Qa)} in [0, 1] (Stoikov's convention). */
  public static double touchImbalance(OrderBook book) {
    if (!book.hasTwoSides()) {
      return Double.NaN;
    }
    double qb = book.bestBidSize();
    double qa = book.bestAskSize();
    return qb / (qb + qa);
  }

  public static double imbalance(OrderBook book, int levels) {
    double bid = book.depth(Side.BID, levels);
    double ask = book.depth(Side.ASK, levels);
    double total = bid + ask;
    return total == 0 ? Double.NaN : (bid - ask) / total;
  }

  public static double depthWeightedImbalance(OrderBook book, int levels, double halfLifeTicks) {
    double mid = mid(book);
    if (Double.isNaN(mid)) {
      return Double.NaN;
    }
    double bid = weightedDepth(book, Side.BID, levels, mid, halfLifeTicks);
    double ask = weightedDepth(book, Side.ASK, levels, mid, halfLifeTicks);
    return (bid - ask) / (bid + ask);
  }

  private static double weightedDepth(
      OrderBook book, Side side, int levels, double mid, double halfLifeTicks) {
    double[] sum = {0};
    int[] n = {0};
    book.forEachLevel(
        side,
        (price, size) -> {
          double d = Math.abs(price - mid);
          sum[0] += size * Math.pow(2, -d / halfLifeTicks);
          return ++n[0] < levels;
        });
    return sum[0];
  }
}
