package com.marketmaker.core.signals;

/**
 * Exponentially weighted volatility of log mid returns, in units of 1/√second, for irregularly
 * spaced observations.
 *
 * <p>Each return {@code r = ln(m_t / m_{t−1})} over {@code Δt} seconds is an estimate {@code r²/Δt}
 * of the variance rate; the estimate is updated as {@code v ← α·v + (1 − α)·r²/Δt} with {@code α =
 * exp(−Δt/τ)}, so an observation's weight decays with elapsed time (time constant {@code τ}
 * seconds), not with the number of events (RiskMetrics-style EWMA adapted to event time). The first
 * return initialises {@code v}. {@link #sigmaPerSqrtSecond()} {@code = √v}; multiply by {@code √T}
 * for the volatility over a horizon of {@code T} seconds.
 */
public final class EwmaVolatility {

  private static final double NANOS_PER_SECOND = 1e9;

  private final double tauSeconds;
  private double lastMid = Double.NaN;
  private long lastNanos;
  private double variancePerSecond = Double.NaN;
  private long returns;

  /**
   * @param tauSeconds time constant of the exponential decay, in seconds
   */
  public EwmaVolatility(double tauSeconds) {
    if (!(tauSeconds > 0)) {
      throw new IllegalArgumentException("tau must be positive");
    }
    this.tauSeconds = tauSeconds;
  }

  /** Observes the mid (any positive price unit) at {@code timeNanos}. */
  public void onMid(long timeNanos, double mid) {
    if (!(mid > 0)) {
      return;
    }
    if (Double.isNaN(lastMid)) {
      lastMid = mid;
      lastNanos = timeNanos;
      return;
    }
    long dtNanos = timeNanos - lastNanos;
    if (dtNanos <= 0) {
      // A second mid at the same timestamp has no elapsed time to scale by: keep the earlier mid
      // as the base, so the move shows up in the next return instead of being lost.
      if (dtNanos == 0) {
        return;
      }
      throw new IllegalArgumentException("time went backwards");
    }
    double dt = dtNanos / NANOS_PER_SECOND;
    double r = Math.log(mid / lastMid);
    double sample = r * r / dt;
    if (Double.isNaN(variancePerSecond)) {
      variancePerSecond = sample;
    } else {
      double alpha = Math.exp(-dt / tauSeconds);
      variancePerSecond = alpha * variancePerSecond + (1 - alpha) * sample;
    }
    lastMid = mid;
    lastNanos = timeNanos;
    returns++;
  }

  /** Volatility per √second, NaN before the first return. */
  public double sigmaPerSqrtSecond() {
    return Math.sqrt(variancePerSecond);
  }

  /** Variance rate per second, NaN before the first return. */
  public double variancePerSecond() {
    return variancePerSecond;
  }

  public long returnCount() {
    return returns;
  }
}
