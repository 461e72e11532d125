package com.marketmaker.core.portfolio.risk;

/**
 * Monte Carlo estimate of the maximum-drawdown distribution of a portfolio over a horizon, from
 * {@link DrawdownProbability}. Drawdowns are losses from the running peak of the cumulative
 * P&amp;L, in quote currency, reported as positive numbers.
 *
 * @param threshold the drawdown limit D (quote currency)
 * @param currentDrawdown the drawdown d0 &ge; 0 already incurred below the running peak at the
 *     start
 * @param steps the horizon n, in steps
 * @param paths the number of simulated paths
 * @param probability the estimate of P(MDD &gt; D), the fraction of paths whose maximum drawdown
 *     exceeds D
 * @param standardError its binomial Monte Carlo standard error, sqrt(p (1 &minus; p) / paths)
 * @param runningMinimumProbability the fraction of paths on which d0 minus the lowest cumulative
 *     P&amp;L exceeds D, i.e. the drawdown measured from the starting peak alone exceeds D: a
 *     pathwise lower bound of the maximum drawdown event (first passage of the running minimum)
 * @param meanMaxDrawdown the sample mean of the maximum drawdown
 * @param meanStandardError its standard error, sample standard deviation / sqrt(paths)
 * @param quantile95 the 95% sample quantile of the maximum drawdown (type 7, as {@link
 *     HistoricalRisk#quantileSorted})
 * @param quantile99 the 99% sample quantile of the maximum drawdown
 */
public record DrawdownEstimate(
    double threshold,
    double currentDrawdown,
    int steps,
    int paths,
    double probability,
    double standardError,
    double runningMinimumProbability,
    double meanMaxDrawdown,
    double meanStandardError,
    double quantile95,
    double quantile99) {

  /**
   * Whether the drawdown constraint P(MDD &gt; D) &le; &alpha; holds for the point estimate.
   *
   * @param alpha the tolerated probability, in (0, 1)
   * @return {@code probability <= alpha}
   */
  public boolean satisfies(double alpha) {
    checkAlpha(alpha);
    return probability <= alpha;
  }

  /**
   * Whether the constraint holds with Monte Carlo confidence: the one-sided upper bound {@code
   * probability + z * standardError} does not exceed &alpha;.
   *
   * @param alpha the tolerated probability, in (0, 1)
   * @param z the number of standard errors, &ge; 0 (e.g. 1.645 for 95% one-sided)
   * @return {@code probability + z * standardError <= alpha}
   */
  public boolean satisfies(double alpha, double z) {
    checkAlpha(alpha);
    if (!(z >= 0.0) || !Double.isFinite(z)) {
      throw new IllegalArgumentException("z must be finite and >= 0: " + z);
    }
    return probability + z * standardError <= alpha;
  }

  private static void checkAlpha(double alpha) {
    if (!(alpha > 0.0 && alpha < 1.0)) {
      throw new IllegalArgumentException("alpha must be in (0, 1): " + alpha);
    }
  }
}
