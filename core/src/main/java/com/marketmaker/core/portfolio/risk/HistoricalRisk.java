package com.marketmaker.core.portfolio.risk;

import java.util.Arrays;

/**
 * Historical (empirical) VaR and CVaR of a P&amp;L sample.
 *
 * <p>Quantile definition: Hyndman &amp; Fan (1996, "Sample quantiles in statistical packages") type
 * 7, numpy's default {@code quantile(method="linear")}: with the sample sorted ascending {@code
 * x_(0) <= ... <= x_(n-1)}, {@code h = (n - 1) p}, {@code q_p = x_(floor h) + (h - floor h)
 * (x_(floor h + 1) - x_(floor h))}.
 *
 * <p>{@code VaR = -q_alpha(x)} with {@code alpha = 1 - confidence}; {@code CVaR} is the mean of the
 * losses {@code -x_i} that are at or beyond VaR, i.e. {@code -x_i >= VaR} (the tail that VaR
 * interpolates into).
 */
public final class HistoricalRisk {

  private HistoricalRisk() {}

  /** The historical VaR and CVaR of {@code pnl} at {@code confidence}. */
  public static RiskEstimate estimate(double[] pnl, double confidence) {
    double[] sorted = pnl.clone();
    Arrays.sort(sorted);
    return estimateSorted(sorted, confidence);
  }

  /** As {@link #estimate} for a sample already sorted ascending (not checked). */
  public static RiskEstimate estimateSorted(double[] sorted, double confidence) {
    RiskEstimate.checkConfidence(confidence);
    if (sorted.length == 0) {
      throw new IllegalArgumentException("empty sample");
    }
    double var = -quantileSorted(sorted, 1.0 - confidence);
    double sum = 0.0;
    int count = 0;
    for (double v : sorted) {
      double loss = -v;
      if (loss < var) {
        break;
      }
      sum += loss;
      count++;
    }
    return new RiskEstimate(confidence, var, sum / count);
  }

  /**
   * The type-7 (linear interpolation) quantile at probability {@code p} in [0, 1] of a sample
   * sorted ascending.
   */
  public static double quantileSorted(double[] sorted, double p) {
    if (!(p >= 0.0 && p <= 1.0)) {
      throw new IllegalArgumentException("probability must be in [0, 1]: " + p);
    }
    int n = sorted.length;
    double h = (n - 1) * p;
    int lo = (int) Math.floor(h);
    if (lo >= n - 1) {
      return sorted[n - 1];
    }
    double t = h - lo;
    double a = sorted[lo];
    double b = sorted[lo + 1];
    // interpolate from the nearer end, as numpy does, so both agree to the last bit
    return t >= 0.5 ? b - (b - a) * (1.0 - t) : a + (b - a) * t;
  }
}
