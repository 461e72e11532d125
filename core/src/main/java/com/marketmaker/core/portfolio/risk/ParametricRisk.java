package com.marketmaker.core.portfolio.risk;

import org.hipparchus.distribution.continuous.NormalDistribution;
import org.hipparchus.distribution.continuous.TDistribution;

/**
 * Closed-form (parametric) VaR and CVaR for a location-scale P&amp;L distribution.
 *
 * <p>Gaussian, {@code X ~ N(mu, sigma^2)}, {@code z_a = Phi^-1(alpha)}, {@code alpha = 1 -
 * confidence} (Jorion, "Value at Risk", 3rd ed., 2007, ch. 5; McNeil, Frey &amp; Embrechts,
 * "Quantitative Risk Management", 2005, example 2.18):
 *
 * <pre>
 *   VaR  = -(mu + sigma z_a)
 *   CVaR = -mu + sigma phi(z_a) / alpha
 * </pre>
 *
 * <p>Student-t with {@code nu > 2} degrees of freedom, scaled so that {@code sigma} is the standard
 * deviation: {@code X = mu + s T}, {@code T ~ t_nu}, {@code s = sigma sqrt((nu - 2) / nu)}, {@code
 * t_a = F_nu^-1(alpha)} (McNeil, Frey &amp; Embrechts 2005, example 2.19):
 *
 * <pre>
 *   VaR  = -(mu + s t_a)
 *   CVaR = -mu + s f_nu(t_a) (nu + t_a^2) / ((nu - 1) alpha)
 * </pre>
 */
public final class ParametricRisk {

  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(0.0, 1.0);

  private ParametricRisk() {}

  /**
   * Gaussian VaR and CVaR with the sample's mean and standard deviation ({@link SampleMoments}).
   */
  public static RiskEstimate gaussian(double[] pnl, double confidence) {
    SampleMoments m = SampleMoments.of(pnl);
    return gaussian(m.mean(), m.sd(), confidence);
  }

  /** Gaussian VaR and CVaR of {@code N(mean, sd^2)}. */
  public static RiskEstimate gaussian(double mean, double sd, double confidence) {
    RiskEstimate.checkConfidence(confidence);
    double alpha = 1.0 - confidence;
    double z = STANDARD_NORMAL.inverseCumulativeProbability(alpha);
    double var = -(mean + sd * z);
    double cvar = -mean + sd * STANDARD_NORMAL.density(z) / alpha;
    return new RiskEstimate(confidence, var, cvar);
  }

  /**
   * VaR and CVaR of a Student-t P&amp;L with mean {@code mean}, standard deviation {@code sd} and
   * {@code nu > 2} degrees of freedom.
   */
  public static RiskEstimate studentT(double mean, double sd, double nu, double confidence) {
    RiskEstimate.checkConfidence(confidence);
    if (!(nu > 2.0)) {
      throw new IllegalArgumentException("degrees of freedom must exceed 2: " + nu);
    }
    double alpha = 1.0 - confidence;
    TDistribution t = new TDistribution(nu);
    double ta = t.inverseCumulativeProbability(alpha);
    double s = sd * Math.sqrt((nu - 2.0) / nu);
    double var = -(mean + s * ta);
    double cvar = -mean + s * t.density(ta) * (nu + ta * ta) / ((nu - 1.0) * alpha);
    return new RiskEstimate(confidence, var, cvar);
  }

  /** The standard normal quantile {@code Phi^-1(p)}. */
  static double normalQuantile(double p) {
    return STANDARD_NORMAL.inverseCumulativeProbability(p);
  }

  /** The standard normal density {@code phi(z)}. */
  static double normalDensity(double z) {
    return STANDARD_NORMAL.density(z);
  }
}
