package com.marketmaker.core.portfolio.cointegration;

/**
 * The outcome of a {@link Johansen} cointegration rank test on {@code k} series. Index {@code r} of
 * the statistic and critical-value arrays refers to the null hypothesis "cointegrating rank is
 * {@code r}" (trace) or "rank is {@code r} against {@code r + 1}" (maximum eigenvalue), {@code r =
 * 0 .. k-1}.
 *
 * @param detOrder deterministic case: -1 none, 0 constant, 1 linear trend
 * @param lags number of lagged differences in the error-correction model
 * @param nobs effective number of observations {@code T} used in the statistics
 * @param eigenvalues the generalized eigenvalues, in descending order
 * @param eigenvectors {@code eigenvectors[r]} is the (candidate) cointegrating vector belonging to
 *     {@code eigenvalues[r]}, scaled so that {@code v' S11 v = 1} and with its first nonzero
 *     element positive
 * @param traceStatistics {@code -T * sum_{i >= r} ln(1 - eigenvalues[i])}
 * @param maxEigenStatistics {@code -T * ln(1 - eigenvalues[r])}
 * @param traceCriticalValues 90%, 95% and 99% critical values of the trace statistic per {@code r}
 *     (NaN when no table value exists)
 * @param maxEigenCriticalValues 90%, 95% and 99% critical values of the maximum-eigenvalue
 *     statistic per {@code r} (NaN when no table value exists)
 */
public record JohansenResult(
    int detOrder,
    int lags,
    int nobs,
    double[] eigenvalues,
    double[][] eigenvectors,
    double[] traceStatistics,
    double[] maxEigenStatistics,
    double[][] traceCriticalValues,
    double[][] maxEigenCriticalValues) {

  /** Confidence levels of the critical-value columns. */
  public static final double[] LEVELS = {0.90, 0.95, 0.99};

  /** Number of series. */
  public int k() {
    return eigenvalues.length;
  }

  /**
   * The cointegrating rank selected by sequential trace tests: the smallest {@code r} whose trace
   * statistic does not exceed its critical value at the given confidence column ({@code 0} = 90%,
   * {@code 1} = 95%, {@code 2} = 99%); {@code k} if every null is rejected.
   */
  public int traceRank(int level) {
    return rank(traceStatistics, traceCriticalValues, level);
  }

  /** As {@link #traceRank(int)}, with the maximum-eigenvalue statistics. */
  public int maxEigenRank(int level) {
    return rank(maxEigenStatistics, maxEigenCriticalValues, level);
  }

  private static int rank(double[] stats, double[][] crit, int level) {
    for (int r = 0; r < stats.length; r++) {
      if (!(stats[r] > crit[r][level])) {
        return r;
      }
    }
    return stats.length;
  }
}
