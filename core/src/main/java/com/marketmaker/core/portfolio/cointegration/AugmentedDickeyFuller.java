package com.marketmaker.core.portfolio.cointegration;

/**
 * The augmented Dickey–Fuller unit-root test: Δy_t = ρ y_{t−1} + deterministic terms + Σ_{j=1..p}
 * γ_j Δy_{t−j} + ε_t, testing ρ = 0 against ρ &lt; 0 with the t-statistic of ρ.
 *
 * <p>Sources: D. A. Dickey and W. A. Fuller (1979), JASA 74, 427–431; S. E. Said and D. A. Dickey
 * (1984), Biometrika 71, 599–607. The lag length follows the procedure documented for statsmodels'
 * {@code adfuller(autolag="AIC")}: the default maximum is ⌈12·(n/100)^{1/4}⌉ (G. W. Schwert 1989,
 * "Tests for Unit Roots: A Monte Carlo Investigation", JBES 7) capped at n/2 − terms − 1; every
 * candidate p in 0..maxlag is fitted on the same sample (the one the largest lag leaves), the
 * smallest AIC wins (the smaller lag on a tie), and the chosen lag is refitted on its own, longer
 * sample. P-values and critical values come from {@link MacKinnon}.
 */
public final class AugmentedDickeyFuller {

  /**
   * A test outcome.
   *
   * @param statistic the ADF t-statistic of ρ
   * @param pValue MacKinnon's (1994) approximate p-value
   * @param usedLag the number p of lagged differences in the final regression
   * @param nobs the number of observations in the final regression
   * @param criticalValues the 1%, 5% and 10% critical values (MacKinnon 2010) for {@code nobs}
   * @param icBest the best AIC of the lag search (NaN when the lag was fixed)
   */
  public record Result(
      double statistic,
      double pValue,
      int usedLag,
      int nobs,
      double[] criticalValues,
      double icBest) {

    /** Whether the unit root is rejected at 5% (statistic below the 5% critical value). */
    public boolean rejectsAt5Percent() {
      return statistic < criticalValues[1];
    }
  }

  private AugmentedDickeyFuller() {}

  /** The Schwert default maximum lag for {@code n} levels: ⌈12·(n/100)^{1/4}⌉, capped. */
  public static int defaultMaxLag(int n, DeterministicTerms terms) {
    int lag = (int) Math.ceil(12.0 * Math.pow(n / 100.0, 0.25));
    int cap = n / 2 - terms.columns() - 1;
    if (cap < 0) {
      throw new IllegalArgumentException("sample too short for the test: " + n);
    }
    return Math.min(cap, lag);
  }

  /** The test with a constant and the lag chosen by AIC up to the Schwert default maximum. */
  public static Result test(double[] y) {
    return test(y, DeterministicTerms.CONSTANT);
  }

  /** The test with the lag chosen by AIC up to the Schwert default maximum. */
  public static Result test(double[] y, DeterministicTerms terms) {
    return test(y, terms, defaultMaxLag(y.length, terms), true);
  }

  /**
   * The test.
   *
   * @param y the series in levels
   * @param terms the deterministic terms of the test regression
   * @param maxLag the largest number of lagged differences
   * @param autoLag choose the lag in 0..maxLag by AIC; else use exactly {@code maxLag}
   */
  public static Result test(double[] y, DeterministicTerms terms, int maxLag, boolean autoLag) {
    if (maxLag < 0 || maxLag > y.length / 2 - terms.columns() - 1) {
      throw new IllegalArgumentException("maxLag out of range for " + y.length + ": " + maxLag);
    }
    int lag = maxLag;
    double icBest = Double.NaN;
    if (autoLag) {
      double best = Double.POSITIVE_INFINITY;
      int bestLag = 0;
      for (int p = 0; p <= maxLag; p++) {
        double aic = Ols.fit(response(y, maxLag), design(y, terms, p, maxLag)).aic();
        if (aic < best) {
          best = aic;
          bestLag = p;
        }
      }
      lag = bestLag;
      icBest = best;
    }
    Ols.Fit fit = Ols.fit(response(y, lag), design(y, terms, lag, lag));
    double stat = fit.tValue(0);
    int nobs = fit.nobs();
    return new Result(
        stat,
        MacKinnon.pValue(stat, terms, 1),
        lag,
        nobs,
        MacKinnon.criticalValues(terms, 1, nobs),
        icBest);
  }

  /** Δy_t for t = start+1 .. n−1 where start = {@code sampleLag}. */
  private static double[] response(double[] y, int sampleLag) {
    int rows = y.length - 1 - sampleLag;
    double[] out = new double[rows];
    for (int r = 0; r < rows; r++) {
      int t = sampleLag + r;
      out[r] = y[t + 1] - y[t];
    }
    return out;
  }

  /**
   * Columns: y_{t}, p lagged differences Δy_{t+1−j}, then the deterministic terms, on the rows the
   * lag {@code sampleLag} leaves. The trend counts rows from 1.
   */
  private static double[][] design(double[] y, DeterministicTerms terms, int p, int sampleLag) {
    int rows = y.length - 1 - sampleLag;
    int cols = 1 + p + terms.columns();
    double[][] x = new double[rows][cols];
    for (int r = 0; r < rows; r++) {
      int t = sampleLag + r;
      double[] row = x[r];
      row[0] = y[t];
      for (int j = 1; j <= p; j++) {
        row[j] = y[t + 1 - j] - y[t - j];
      }
      if (terms.columns() >= 1) {
        row[1 + p] = 1.0;
      }
      if (terms.columns() >= 2) {
        row[2 + p] = r + 1;
      }
    }
    return x;
  }
}
