package com.marketmaker.core.signals;

import java.util.ArrayDeque;

/**
 * Realized volatility over a trailing time window: {@code σ = √(Σ r_i² / W)} per √second, where
 * {@code r_i} are the log mid returns ending inside the last {@code W} seconds (Andersen &amp;
 * Bollerslev 1998, realized variance as the sum of squared intraday returns, here scaled to a
 * rate).
 */
public final class RealizedVolatility {

  private final long windowNanos;
  private final ArrayDeque<long[]> returns = new ArrayDeque<>();
  private double sumSquares;
  private double lastMid = Double.NaN;

  /**
   * @param windowSeconds the trailing window {@code W}
   */
  public RealizedVolatility(double windowSeconds) {
    if (!(windowSeconds > 0)) {
      throw new IllegalArgumentException("window must be positive");
    }
    this.windowNanos = (long) (windowSeconds * 1e9);
  }

  public void onMid(long timeNanos, double mid) {
    if (!(mid > 0)) {
      return;
    }
    if (!Double.isNaN(lastMid)) {
      double r = Math.log(mid / lastMid);
      double sq = r * r;
      returns.addLast(new long[] {timeNanos, Double.doubleToRawLongBits(sq)});
      sumSquares += sq;
    }
    lastMid = mid;
    expire(timeNanos);
  }

  private void expire(long nowNanos) {
    while (!returns.isEmpty() && returns.peekFirst()[0] <= nowNanos - windowNanos) {
      sumSquares -= Double.longBitsToDouble(returns.pollFirst()[1]);
    }
    if (returns.isEmpty()) {
      sumSquares = 0; // drop accumulated rounding
    }
  }

  /** Volatility per √second over the window ending at {@code nowNanos}. */
  public double sigmaPerSqrtSecond(long nowNanos) {
    expire(nowNanos);
    return Math.sqrt(Math.max(0, sumSquares) / (windowNanos / 1e9));
  }

  /** Sum of squared log returns in the window ending at {@code nowNanos}. */
  public double realizedVariance(long nowNanos) {
    expire(nowNanos);
    return Math.max(0, sumSquares);
  }
}
