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
 * sample. P-values and critical values come from {@link MacKinnon}. The regressions are solved from
 * their cross products ({@link AdfCrossProducts}): one factorisation gives every candidate lag's
 * fit.
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
    return test(y, terms, maxLag, autoLag, null);
  }

  /**
   * The test without the regression rows that involve the given increments: a row whose response
   * Δy_t or any of whose lagged differences Δy_{t−j} is skipped is left out (for the lag search,
   * any of the maxLag lags). Impulse dummies at those bars would fit such rows exactly; leaving
   * them out is the same for ρ and its t-statistic, as long as the lags are dropped too. The levels
   * are not changed, so a level that moved with a skipped increment stays where it moved.
   *
   * @param y the series in levels
   * @param terms the deterministic terms of the test regression
   * @param maxLag the largest number of lagged differences
   * @param autoLag choose the lag in 0..maxLag by AIC; else use exactly {@code maxLag}
   * @param skip {@code skip[t]} leaves out the increment y[t] − y[t−1] ({@code skip[0]} is
   *     ignored); null to keep all
   * @throws IllegalArgumentException when too few rows are left for the regression
   */
  public static Result test(
      double[] y, DeterministicTerms terms, int maxLag, boolean autoLag, boolean[] skip) {
    if (maxLag < 0 || maxLag > y.length / 2 - terms.columns() - 1) {
      throw new IllegalArgumentException("maxLag out of range for " + y.length + ": " + maxLag);
    }
    if (skip != null && skip.length != y.length) {
      throw new IllegalArgumentException("skip must have one flag per level");
    }
    int lag = maxLag;
    double icBest = Double.NaN;
    if (autoLag) {
      AdfCrossProducts search =
          AdfCrossProducts.of(y, terms, maxLag, rows(y.length, maxLag, maxLag, skip));
      double[] ssr = search.ssrByLag();
      int nobs = search.nobs();
      double best = Double.POSITIVE_INFINITY;
      int bestLag = 0;
      for (int p = 0; p <= maxLag; p++) {
        double aic =
            nobs * (Math.log(2 * Math.PI) + Math.log(ssr[p] / nobs) + 1)
                + 2 * (terms.columns() + 1 + p);
        if (aic < best) {
          best = aic;
          bestLag = p;
        }
      }
      lag = bestLag;
      icBest = best;
    }
    AdfCrossProducts fit = AdfCrossProducts.of(y, terms, lag, rows(y.length, lag, lag, skip));
    double stat = fit.levelTStatistic();
    int nobs = fit.nobs();
    return new Result(
        stat,
        MacKinnon.pValue(stat, terms, 1),
        lag,
        nobs,
        MacKinnon.criticalValues(terms, 1, nobs),
        icBest);
  }

  /**
   * The rows t = sampleLag .. n−2 (response Δy_{t+1}) kept: none of the increments t+1, t, …, t+1−p
   * is skipped.
   */
  private static int[] rows(int n, int sampleLag, int p, boolean[] skip) {
    int[] out = new int[Math.max(n - 1 - sampleLag, 0)];
    int k = 0;
    int skippedInWindow = 0; // among the increments t+1−p .. t+1 of row t
    if (skip != null) {
      for (int i = Math.max(sampleLag - p, 0); i <= Math.min(sampleLag, n - 1); i++) {
        skippedInWindow += skip[i] ? 1 : 0;
      }
    }
    for (int t = sampleLag; t < n - 1; t++) {
      if (skip != null) {
        skippedInWindow += skip[t + 1] ? 1 : 0;
        if (t - p >= 0 && skip[t - p]) {
          skippedInWindow--;
        }
      }
      if (skippedInWindow == 0) {
        out[k++] = t;
      }
    }
    return k == out.length ? out : java.util.Arrays.copyOf(out, k);
  }
}
