package com.marketmaker.core.portfolio.cointegration;

/**
 * The Engle–Granger two-step cointegration test of y against one or several x, with the
 * mean-reversion half-life and z-score of the resulting spread.
 *
 * <p>Sources: R. F. Engle and C. W. J. Granger (1987), "Co-integration and Error Correction",
 * Econometrica 55, 251–276: regress y_t = c + Σ b_i x_{i,t} + s_t by OLS, then run the augmented
 * Dickey–Fuller regression without deterministic terms on the residual spread s_t, lag chosen by
 * AIC as in {@link AugmentedDickeyFuller}; the τ statistic is judged against MacKinnon's (1994,
 * 2010) distribution for N = 1 + number of x series with a constant (see {@link MacKinnon}), the
 * critical values taken at T − 1 as statsmodels' {@code coint} does (matching Stata's {@code
 * egranger}). The half-life follows from the discrete Ornstein–Uhlenbeck / AR(1) form Δs_t = α + β
 * s_{t−1} + ε_t: s decays by the factor 1 + β per step, so h = −ln 2 / ln(1 + β).
 */
public final class EngleGranger {

  /**
   * A test outcome.
   *
   * @param intercept the constant c of the cointegrating regression
   * @param hedgeRatios the coefficients b_i of the x series, in their order
   * @param spread the residuals s_t = y_t − c − Σ b_i x_{i,t}
   * @param statistic the ADF τ statistic of the spread (−∞ when y and x are collinear)
   * @param usedLag the lag of the spread's ADF regression (−1 when collinear)
   * @param pValue MacKinnon's (1994) p-value for N series
   * @param criticalValues the 1%, 5% and 10% critical values (MacKinnon 2010) for N series
   * @param nSeries N, the number of series (y and every x)
   */
  public record Result(
      double intercept,
      double[] hedgeRatios,
      double[] spread,
      double statistic,
      int usedLag,
      double pValue,
      double[] criticalValues,
      int nSeries) {

    /** Whether "no cointegration" is rejected at 5%. */
    public boolean rejectsAt5Percent() {
      return statistic < criticalValues[1];
    }
  }

  private static final double COLLINEAR_R2 = 1 - 100 * Math.sqrt(Math.ulp(1.0));

  private EngleGranger() {}

  /** Tests y against a single x. */
  public static Result test(double[] y, double[] x) {
    return test(y, new double[][] {x});
  }

  /**
   * Tests y against the basket {@code xs} ({@code xs[i]} is the i-th series, each as long as y).
   */
  public static Result test(double[] y, double[][] xs) {
    int n = y.length;
    int m = xs.length;
    if (m < 1 || m + 1 > MacKinnon.MAX_N) {
      throw new IllegalArgumentException("need 1.." + (MacKinnon.MAX_N - 1) + " x series: " + m);
    }
    double[][] design = new double[n][m + 1];
    for (int i = 0; i < m; i++) {
      if (xs[i].length != n) {
        throw new IllegalArgumentException("series " + i + " has length " + xs[i].length);
      }
      for (int t = 0; t < n; t++) {
        design[t][i] = xs[i][t];
      }
    }
    for (int t = 0; t < n; t++) {
      design[t][m] = 1.0;
    }
    Ols.Fit fit = Ols.fit(y, design);
    double[] ratios = new double[m];
    System.arraycopy(fit.beta(), 0, ratios, 0, m);
    double[] spread = fit.residuals();
    double stat = Double.NEGATIVE_INFINITY;
    int lag = -1;
    if (fit.rSquared() < COLLINEAR_R2) {
      AugmentedDickeyFuller.Result adf =
          AugmentedDickeyFuller.test(spread, DeterministicTerms.NONE);
      stat = adf.statistic();
      lag = adf.usedLag();
    }
    int nSeries = m + 1;
    return new Result(
        fit.beta()[m],
        ratios,
        spread,
        stat,
        lag,
        MacKinnon.pValue(stat, DeterministicTerms.CONSTANT, nSeries),
        MacKinnon.criticalValues(DeterministicTerms.CONSTANT, nSeries, n - 1),
        nSeries);
  }

  /**
   * The AR(1) mean-reversion coefficient β of Δs_t = α + β s_{t−1} + ε_t, by OLS.
   *
   * @return {β, its standard error}
   */
  public static double[] meanReversion(double[] spread) {
    return meanReversion(spread, null);
  }

  /**
   * {@link #meanReversion(double[])} without the rows whose increment spread[t+1] − spread[t] is
   * skipped ({@code skip[t+1]}; null keeps all), as {@link AugmentedDickeyFuller#test(double[],
   * DeterministicTerms, int, boolean, boolean[])} leaves them out.
   */
  public static double[] meanReversion(double[] spread, boolean[] skip) {
    int rows = 0;
    for (int t = 0; t < spread.length - 1; t++) {
      if (skip == null || !skip[t + 1]) {
        rows++;
      }
    }
    double[] dy = new double[rows];
    double[] x = new double[rows];
    int r = 0;
    for (int t = 0; t < spread.length - 1; t++) {
      if (skip == null || !skip[t + 1]) {
        dy[r] = spread[t + 1] - spread[t];
        x[r] = spread[t];
        r++;
      }
    }
    Ols.Fit fit = Ols.simple(dy, x);
    return new double[] {fit.beta()[0], fit.standardErrors()[0]};
  }

  /**
   * The half-life of mean reversion in steps, −ln 2 / ln(1 + β) with β from {@link #meanReversion};
   * +∞ when β ≥ 0 (no reversion) and NaN when β ≤ −1 (overshooting).
   */
  public static double halfLife(double[] spread) {
    return halfLifeOf(meanReversion(spread)[0]);
  }

  /**
   * {@link #halfLife(double[])} without the skipped rows of {@link #meanReversion(double[],
   * boolean[])}.
   */
  public static double halfLife(double[] spread, boolean[] skip) {
    return halfLifeOf(meanReversion(spread, skip)[0]);
  }

  /** The half-life −ln 2 / ln(1 + β) of an AR(1) reversion coefficient β. */
  public static double halfLifeOf(double beta) {
    if (beta >= 0) {
      return Double.POSITIVE_INFINITY;
    }
    if (beta <= -1) {
      return Double.NaN;
    }
    return -Math.log(2) / Math.log1p(beta);
  }

  /**
   * The z-score of the latest spread value against the last {@code window} values (the latest
   * included): (s_last − mean) / std, with the sample (n − 1) standard deviation; NaN when the
   * window is flat.
   */
  public static double zScore(double[] spread, int window) {
    if (window < 2 || window > spread.length) {
      throw new IllegalArgumentException("window must be in 2.." + spread.length + ": " + window);
    }
    int from = spread.length - window;
    double mean = 0;
    for (int t = from; t < spread.length; t++) {
      mean += spread[t];
    }
    mean /= window;
    double ss = 0;
    for (int t = from; t < spread.length; t++) {
      double d = spread[t] - mean;
      ss += d * d;
    }
    double std = Math.sqrt(ss / (window - 1));
    return std > 0 ? (spread[spread.length - 1] - mean) / std : Double.NaN;
  }
}
