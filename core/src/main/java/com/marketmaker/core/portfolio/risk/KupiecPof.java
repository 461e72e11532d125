package com.marketmaker.core.portfolio.risk;

import org.hipparchus.distribution.continuous.ChiSquaredDistribution;

/**
 * Kupiec's proportion-of-failures (POF) backtest of a VaR model (Kupiec 1995, "Techniques for
 * verifying the accuracy of risk measurement models", J. Derivatives 3(2)).
 *
 * <p>With {@code T} observations, {@code x} breaches (losses beyond VaR), nominal breach rate
 * {@code p = 1 - confidence} and observed rate {@code p^ = x / T}, the likelihood ratio
 *
 * <pre>
 *   LR = -2 ln[(1 - p)^(T - x) p^x] + 2 ln[(1 - p^)^(T - x) p^^x]
 * </pre>
 *
 * (with {@code 0 ln 0 = 0}) is asymptotically {@code chi^2} with one degree of freedom under the
 * null that breaches occur at the nominal rate; the p-value is {@code 1 - F_chi2_1(LR)}.
 */
public final class KupiecPof {

  private static final ChiSquaredDistribution CHI2_1 = new ChiSquaredDistribution(1.0);

  private KupiecPof() {}

  /**
   * The outcome of the test.
   *
   * @param observations the number of forecasts {@code T}
   * @param breaches the number of breaches {@code x}
   * @param confidence the VaR confidence level, breach rate {@code 1 - confidence}
   * @param lr the likelihood-ratio statistic
   * @param pValue the chi-squared(1) p-value of {@code lr}
   */
  public record Result(
      long observations, long breaches, double confidence, double lr, double pValue) {

    /** Whether the nominal breach rate is rejected at significance {@code level}. */
    public boolean rejects(double level) {
      return pValue < level;
    }
  }

  /**
   * The POF test of {@code breaches} out of {@code observations} for a VaR at {@code confidence}.
   */
  public static Result test(long observations, long breaches, double confidence) {
    RiskEstimate.checkConfidence(confidence);
    if (observations < 1 || breaches < 0 || breaches > observations) {
      throw new IllegalArgumentException(
          "need 0 <= breaches <= observations, observations >= 1: "
              + breaches
              + " / "
              + observations);
    }
    double p = 1.0 - confidence;
    double observed = (double) breaches / observations;
    double lr =
        -2.0
            * (logLikelihood(observations, breaches, p)
                - logLikelihood(observations, breaches, observed));
    lr = Math.max(lr, 0.0);
    double pValue = 1.0 - CHI2_1.cumulativeProbability(lr);
    return new Result(observations, breaches, confidence, lr, pValue);
  }

  /**
   * The test of a series: a breach is a loss {@code -pnl[i]} strictly greater than {@code var[i]}.
   */
  public static Result test(double[] pnl, double[] var, double confidence) {
    if (pnl.length != var.length) {
      throw new IllegalArgumentException("pnl and var lengths differ");
    }
    long breaches = 0;
    for (int i = 0; i < pnl.length; i++) {
      if (-pnl[i] > var[i]) {
        breaches++;
      }
    }
    return test(pnl.length, breaches, confidence);
  }

  private static double logLikelihood(long t, long x, double q) {
    double a = x < t ? (t - x) * Math.log1p(-q) : 0.0;
    double b = x > 0 ? x * Math.log(q) : 0.0;
    return a + b;
  }
}
