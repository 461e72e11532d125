package com.marketmaker.core.signals;

import com.marketmaker.core.book.OrderBook;
import com.marketmaker.core.book.Side;
import java.util.Arrays;

/**
 * Order-book state features describing the shape of the visible book, computed over the best {@code
 * N} levels per side (prices in ticks, sizes in lots, distances measured from the mid):
 *
 * <ul>
 *   <li><b>top-N depth</b> per side: {@code Σ_{j≤N} q_j}.
 *   <li><b>book slope</b> of a side: the mean over its levels of cumulative depth per tick of
 *       distance, {@code (1/N) Σ_j Q_j / d_j}, with {@code Q_j} the cumulative size up to level
 *       {@code j} and {@code d_j} its distance from the mid; the <b>mean book slope</b> is the
 *       average of the two sides (a steep book absorbs flow with little price impact; cf. Næs &amp;
 *       Skjeltorp 2006, "Order book characteristics and the volume–volatility relation").
 *   <li><b>curvature at the best ask</b>: the second derivative of the cumulative ask depth {@code
 *       Q(p)} at the best ask, from the first three ask levels by the three-point divided
 *       difference {@code 2·[(Q_3 − Q_2)/(p_3 − p_2) − (Q_2 − Q_1)/(p_2 − p_1)] / (p_3 − p_1)}.
 *       Positive when liquidity thickens away from the touch.
 *   <li><b>volume entropy</b>: Shannon entropy {@code −Σ w_j ln w_j} of the size shares {@code w_j
 *       = q_j / Σq} over the top-N levels of both sides; low when one level holds most size.
 *   <li><b>fat-finger ratio</b>: the largest top-N level size over the median top-N level size,
 *       across both sides; {@link #isFatFinger} flags a ratio at or above a threshold, the sign of
 *       an order entered with a wrong size that may be pulled or may sweep.
 * </ul>
 */
public final class BookShape {

  private BookShape() {}

  public static long topDepth(OrderBook book, Side side, int levels) {
    return book.depth(side, levels);
  }

  /** Slope of one side in lots per tick; NaN when the book is one-sided. */
  public static double slope(OrderBook book, Side side, int levels) {
    double mid = BookSignals.mid(book);
    if (Double.isNaN(mid)) {
      return Double.NaN;
    }
    double[] acc = {0, 0, 0}; // cumulative size, sum of ratios, count
    book.forEachLevel(
        side,
        (price, size) -> {
          acc[0] += size;
          acc[1] += acc[0] / Math.abs(price - mid);
          acc[2]++;
          return acc[2] < levels;
        });
    return acc[2] == 0 ? Double.NaN : acc[1] / acc[2];
  }

  public static double meanSlope(OrderBook book, int levels) {
    return (slope(book, Side.BID, levels) + slope(book, Side.ASK, levels)) / 2;
  }

  /** Curvature of cumulative ask depth at the best ask; NaN with fewer than three ask levels. */
  public static double askCurvature(OrderBook book) {
    if (book.levelCount(Side.ASK) < 3) {
      return Double.NaN;
    }
    double p1 = book.priceAt(Side.ASK, 0);
    double p2 = book.priceAt(Side.ASK, 1);
    double p3 = book.priceAt(Side.ASK, 2);
    double q1 = book.sizeAt(Side.ASK, 0);
    double q2 = q1 + book.sizeAt(Side.ASK, 1);
    double q3 = q2 + book.sizeAt(Side.ASK, 2);
    return 2 * ((q3 - q2) / (p3 - p2) - (q2 - q1) / (p2 - p1)) / (p3 - p1);
  }

  /** Entropy in nats of the size shares of the top levels of both sides; NaN for an empty book. */
  public static double volumeEntropy(OrderBook book, int levels) {
    long[] sizes = topSizes(book, levels);
    double total = 0;
    for (long s : sizes) {
      total += s;
    }
    if (total == 0) {
      return Double.NaN;
    }
    double h = 0;
    for (long s : sizes) {
      double w = s / total;
      h -= w * Math.log(w);
    }
    return h;
  }

  /** Largest over median top-N level size, across both sides; NaN for an empty book. */
  public static double fatFingerRatio(OrderBook book, int levels) {
    long[] sizes = topSizes(book, levels);
    if (sizes.length == 0) {
      return Double.NaN;
    }
    Arrays.sort(sizes);
    int n = sizes.length;
    double median = n % 2 == 1 ? sizes[n / 2] : (sizes[n / 2 - 1] + sizes[n / 2]) / 2.0;
    return sizes[n - 1] / median;
  }

  public static boolean isFatFinger(OrderBook book, int levels, double threshold) {
    return fatFingerRatio(book, levels) >= threshold;
  }

  private static long[] topSizes(OrderBook book, int levels) {
    long[] out = new long[2 * levels];
    int[] n = {0};
    for (Side side : Side.values()) {
      int[] taken = {0};
      book.forEachLevel(
          side,
          (price, size) -> {
            out[n[0]++] = size;
            return ++taken[0] < levels;
          });
    }
    return Arrays.copyOf(out, n[0]);
  }
}
