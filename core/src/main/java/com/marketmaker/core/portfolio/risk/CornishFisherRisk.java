package com.marketmaker.core.portfolio.risk;

/**
 * Modified (Cornish&ndash;Fisher) VaR and CVaR, which correct the Gaussian quantile for skewness
 * {@code S} and excess kurtosis {@code K} (Zangari 1996, "A VaR methodology for portfolios that
 * include options", RiskMetrics Monitor; Favre &amp; Galeano 2002, "Mean-modified Value-at-Risk
 * optimization with hedge funds", J. Alternative Investments).
 *
 * <p>With {@code z = Phi^-1(alpha)}, {@code alpha = 1 - confidence}:
 *
 * <pre>
 *   z_cf(z) = z + (z^2 - 1) S / 6 + (z^3 - 3 z) K / 24 - (2 z^3 - 5 z) S^2 / 36
 *   VaR     = -(mu + sigma z_cf(z))
 * </pre>
 *
 * <p>CVaR is the tail mean of the Cornish&ndash;Fisher quantile function, {@code CVaR = -mu -
 * (sigma / alpha) integral_0^alpha z_cf(Phi^-1(u)) du}. Substituting {@code u = Phi(t)} gives
 * {@code integral_{-inf}^{z} z_cf(t) phi(t) dt}, and since {@code z_cf} is a cubic this is exact in
 * terms of the truncated normal moments {@code I_k = integral_{-inf}^{z} t^k phi(t) dt}: {@code I_0
 * = alpha}, {@code I_1 = -phi(z)}, {@code I_k = -z^(k-1) phi(z) + (k - 1) I_(k-2)} &mdash; the same
 * device as the modified expected shortfall of Boudt, Peterson &amp; Croux (2008, "Estimation and
 * decomposition of downside risk for portfolios with non-normal returns", J. Risk), whose modified
 * ES is built from an Edgeworth expansion of the density instead; the figure here is the tail mean
 * of the Cornish&ndash;Fisher quantile itself. The expansion is only a valid quantile function
 * where {@code z_cf} is increasing; for very large {@code |S|} or {@code K} it is not, and the
 * figures should be read with care.
 *
 * <p>Moments are those of {@link SampleMoments}.
 */
public final class CornishFisherRisk {

  private CornishFisherRisk() {}

  /** Modified VaR and CVaR from the sample's moments. */
  public static RiskEstimate estimate(double[] pnl, double confidence) {
    SampleMoments m = SampleMoments.of(pnl);
    return estimate(m.mean(), m.sd(), m.skewness(), m.excessKurtosis(), confidence);
  }

  /** Modified VaR and CVaR from given mean, standard deviation, skewness and excess kurtosis. */
  public static RiskEstimate estimate(
      double mean, double sd, double skewness, double excessKurtosis, double confidence) {
    RiskEstimate.checkConfidence(confidence);
    double alpha = 1.0 - confidence;
    double z = ParametricRisk.normalQuantile(alpha);
    double var = -(mean + sd * quantile(z, skewness, excessKurtosis));
    double phi = ParametricRisk.normalDensity(z);
    double i0 = alpha;
    double i1 = -phi;
    double i2 = -z * phi + i0;
    double i3 = -z * z * phi + 2.0 * i1;
    double s = skewness;
    double k = excessKurtosis;
    double tail =
        i1
            + (i2 - i0) * s / 6.0
            + (i3 - 3.0 * i1) * k / 24.0
            - (2.0 * i3 - 5.0 * i1) * s * s / 36.0;
    double cvar = -mean - sd * tail / alpha;
    return new RiskEstimate(confidence, var, cvar);
  }

  /** The Cornish&ndash;Fisher adjusted standard quantile {@code z_cf(z)}. */
  public static double quantile(double z, double skewness, double excessKurtosis) {
    double z2 = z * z;
    double z3 = z2 * z;
    return z
        + (z2 - 1.0) * skewness / 6.0
        + (z3 - 3.0 * z) * excessKurtosis / 24.0
        - (2.0 * z3 - 5.0 * z) * skewness * skewness / 36.0;
  }
}
