package com.marketmaker.core.signals;

/**
 * Realized volatility over a trailing time window: {@code σ = √(Σ r_i² / W)} per √second, where
 * {@code r_i} are the log mid returns ending inside the last {@code W} seconds (Andersen &amp;
 * Bollerslev 1998, realized variance as the sum of squared intraday returns, here scaled to a
 * rate). Returns are kept in a growable primitive ring buffer: no allocation once it has grown.
 */
public final class RealizedVolatility {

  private final long windowNanos;
  private long[] times = new long[256];
  private double[] squares = new double[256];
  private int head;
  private int count;
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

  /** Observes the mid (any positive price unit) at {@code timeNanos} (non-decreasing). */
  public void onMid(long timeNanos, double mid) {
    if (!(mid > 0)) {
      return;
    }
    if (!Double.isNaN(lastMid)) {
      double r = Math.log(mid / lastMid);
      if (count == times.length) {
        grow();
      }
      int i = (head + count) & (times.length - 1);
      times[i] = timeNanos;
      squares[i] = r * r;
      count++;
      sumSquares += r * r;
    }
    lastMid = mid;
    expire(timeNanos);
  }

  private void grow() {
    long[] t = new long[times.length * 2];
    double[] s = new double[times.length * 2];
    for (int k = 0; k < count; k++) {
      t[k] = times[(head + k) & (times.length - 1)];
      s[k] = squares[(head + k) & (times.length - 1)];
    }
    times = t;
    squares = s;
    head = 0;
  }

  private void expire(long nowNanos) {
    while (count > 0 && times[head] <= nowNanos - windowNanos) {
      sumSquares -= squares[head];
      head = (head + 1) & (times.length - 1);
      count--;
    }
    if (count == 0) {
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
