package com.marketmaker.core.portfolio.wavelet;

import com.marketmaker.core.portfolio.cointegration.Ols;
import java.util.Arrays;
import org.hipparchus.exception.MathIllegalArgumentException;

/**
 * Multi-scale ("fractal") hedge weights: the multi-scale cointegration hedge of the rulebook's eq.
 * 14, computed as a least-squares fit in the wavelet domain.
 *
 * <p>Given a target price series y, hedge price series x<sub>1</sub>, ..., x<sub>k</sub> of the
 * same length N, a {@link WaveletFilter} of width L and J MODWT levels (Percival &amp; Walden,
 * 2000, "Wavelet Methods for Time Series Analysis", ch. 5; see {@link Modwt}), the band weights
 * over the levels j<sub>low</sub> &le; j &le; j<sub>high</sub> solve
 *
 * <pre>
 *   min_beta  sum_{j = j_low}^{j_high} sum_{t = L_j - 1}^{N - 1}
 *                 ( W~_{j,t}[y] - sum_i beta_i W~_{j,t}[x_i] )^2,
 *   L_j = (2^j - 1)(L - 1) + 1,
 * </pre>
 *
 * i.e. an ordinary least-squares regression, without constant, of the target's MODWT wavelet
 * coefficients on those of the hedges, stacked over the band and restricted to the coefficients
 * that the circular boundary does not touch (the same index set as the unbiased wavelet variance,
 * P&amp;W &sect;8.3, eq. (306b), {@link Modwt#waveletVariance}). Level j captures changes over
 * scale &tau;<sub>j</sub> = 2<sup>j&minus;1</sup> sampling intervals (periods of about
 * 2<sup>j</sup> to 2<sup>j+1</sup> intervals). Because the MODWT is linear and the wavelet filter
 * sums to zero, the objective is the spread's wavelet energy over the band, and any constant offset
 * between the series drops out, so no intercept is fitted. Choosing one level gives the
 * scale-by-scale wavelet hedge ratio of In &amp; Kim (2006), "The hedge ratio and the empirical
 * relationship between the stock and futures markets: a new approach using wavelet analysis",
 * Journal of Business 79(2), 799&ndash;820 (there on returns, the same regression on any series).
 *
 * <p>Per level j = 1..J the result also reports the single-level weights, the unbiased wavelet
 * variance of the spread y &minus; &Sigma; &beta;<sub>i</sub> x<sub>i</sub> hedged with the band
 * weights, that of the unhedged target, and the share of the target's boundary-free wavelet energy
 * that the hedge removes, 1 &minus; &nu;<sup>2</sup><sub>spread</sub>(&tau;<sub>j</sub>) /
 * &nu;<sup>2</sup><sub>y</sub>(&tau;<sub>j</sub>). The least-squares solve is Householder QR
 * ({@link Ols}). The class is stateless.
 */
public final class MultiScaleHedge {

  private MultiScaleHedge() {}

  /**
   * Fits the band hedge weights and the per-level diagnostics.
   *
   * @param target the target price series y, length N, finite
   * @param hedges the k &ge; 1 hedge price series, {@code hedges[i]} = x<sub>i+1</sub>, each of
   *     length N, finite
   * @param filter wavelet filter
   * @param levels J, in 1..30
   * @param lowLevel j<sub>low</sub>, 1-based, in 1..J
   * @param highLevel j<sub>high</sub>, in j<sub>low</sub>..J
   * @return band weights and per-level diagnostics
   * @throws IllegalArgumentException on invalid arguments, when a level of the band has no
   *     boundary-free coefficient, when the band has no more coefficients than hedges, or when the
   *     hedges' coefficients over the band are collinear
   */
  public static MultiScaleHedgeResult fit(
      double[] target,
      double[][] hedges,
      WaveletFilter filter,
      int levels,
      int lowLevel,
      int highLevel) {
    validate(target, hedges, filter, levels, lowLevel, highLevel);
    int n = target.length;
    int k = hedges.length;
    ModwtResult ty = Modwt.transform(target, filter, levels);
    ModwtResult[] tx = new ModwtResult[k];
    for (int i = 0; i < k; i++) {
      tx[i] = Modwt.transform(hedges[i], filter, levels);
    }
    int[] free = new int[levels];
    for (int j = 1; j <= levels; j++) {
      long mj = n - filter.equivalentWidth(j) + 1;
      free[j - 1] = (int) Math.max(0, mj);
    }
    int rows = 0;
    for (int j = lowLevel; j <= highLevel; j++) {
      if (free[j - 1] == 0) {
        throw new IllegalArgumentException(
            "level "
                + j
                + " has no boundary-free coefficient: N = "
                + n
                + " but L_j = "
                + filter.equivalentWidth(j));
      }
      rows += free[j - 1];
    }
    if (rows <= k) {
      throw new IllegalArgumentException(
          "the band has " + rows + " boundary-free coefficients, need more than " + k);
    }
    double[] bandWeights =
        solve(ty, tx, free, lowLevel, highLevel, rows, "levels " + lowLevel + ".." + highLevel);
    double[][] levelWeights = new double[levels][];
    for (int j = 1; j <= levels; j++) {
      if (free[j - 1] > k) {
        levelWeights[j - 1] = solveOrNaN(ty, tx, free, j, k);
      } else {
        levelWeights[j - 1] = nans(k);
      }
    }
    double[] spread = target.clone();
    for (int i = 0; i < k; i++) {
      for (int t = 0; t < n; t++) {
        spread[t] -= bandWeights[i] * hedges[i][t];
      }
    }
    double[] spreadVariance = Modwt.waveletVariance(Modwt.transform(spread, filter, levels));
    double[] targetVariance = Modwt.waveletVariance(ty);
    return new MultiScaleHedgeResult(
        filter,
        lowLevel,
        highLevel,
        bandWeights,
        levelWeights,
        spreadVariance,
        targetVariance,
        free);
  }

  private static double[] solveOrNaN(
      ModwtResult ty, ModwtResult[] tx, int[] free, int level, int k) {
    try {
      return solve(ty, tx, free, level, level, free[level - 1], "level " + level);
    } catch (IllegalArgumentException e) {
      return nans(k);
    }
  }

  private static double[] solve(
      ModwtResult ty, ModwtResult[] tx, int[] free, int low, int high, int rows, String where) {
    int k = tx.length;
    int n = ty.length();
    double[] y = new double[rows];
    double[][] design = new double[rows][k];
    int r = 0;
    for (int j = low; j <= high; j++) {
      double[] wy = ty.wavelet(j);
      for (int t = n - free[j - 1]; t < n; t++) {
        y[r] = wy[t];
        for (int i = 0; i < k; i++) {
          design[r][i] = tx[i].wavelet(j)[t];
        }
        r++;
      }
    }
    try {
      return Ols.fit(y, design).beta();
    } catch (MathIllegalArgumentException e) {
      throw new IllegalArgumentException(
          "hedge wavelet coefficients are collinear over " + where, e);
    }
  }

  private static double[] nans(int k) {
    double[] out = new double[k];
    Arrays.fill(out, Double.NaN);
    return out;
  }

  private static void validate(
      double[] target,
      double[][] hedges,
      WaveletFilter filter,
      int levels,
      int lowLevel,
      int highLevel) {
    if (target == null || target.length == 0) {
      throw new IllegalArgumentException("target series must be non-empty");
    }
    if (filter == null) {
      throw new IllegalArgumentException("filter must not be null");
    }
    if (hedges == null || hedges.length == 0) {
      throw new IllegalArgumentException("need at least one hedge series");
    }
    checkFinite(target, "target");
    for (int i = 0; i < hedges.length; i++) {
      if (hedges[i] == null || hedges[i].length != target.length) {
        throw new IllegalArgumentException(
            "hedge series "
                + i
                + " has length "
                + (hedges[i] == null ? "null" : String.valueOf(hedges[i].length))
                + ", target has "
                + target.length);
      }
      checkFinite(hedges[i], "hedge series " + i);
    }
    if (levels < 1 || levels > 30) {
      throw new IllegalArgumentException("levels must be in 1..30, got " + levels);
    }
    if (lowLevel < 1 || highLevel > levels || lowLevel > highLevel) {
      throw new IllegalArgumentException(
          "band must satisfy 1 <= low <= high <= "
              + levels
              + ", got ["
              + lowLevel
              + ", "
              + highLevel
              + "]");
    }
  }

  private static void checkFinite(double[] x, String name) {
    for (int t = 0; t < x.length; t++) {
      if (!Double.isFinite(x[t])) {
        throw new IllegalArgumentException(name + "[" + t + "] is not finite: " + x[t]);
      }
    }
  }
}
