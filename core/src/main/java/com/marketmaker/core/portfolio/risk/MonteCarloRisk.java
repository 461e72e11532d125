package com.marketmaker.core.portfolio.risk;

import com.marketmaker.core.portfolio.ModelPacing;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.random.RandomDataGenerator;
import org.hipparchus.random.RandomGenerator;
import org.hipparchus.random.Well19937c;

/**
 * Monte Carlo VaR and CVaR of a portfolio of positions whose asset returns (or price changes) have
 * mean vector {@code mu} and covariance matrix {@code Sigma}; the portfolio P&amp;L of a scenario
 * {@code r} is {@code w . r} with {@code w} the positions (exposures).
 *
 * <p>Scenarios (Glasserman, "Monte Carlo Methods in Financial Engineering", 2003, sections 2.3 and
 * 9.2), with {@code Sigma = L L^T} the Cholesky factorisation and {@code Z ~ N(0, I)}:
 *
 * <ul>
 *   <li>multivariate normal: {@code r = mu + L Z};
 *   <li>multivariate Student-t with {@code nu > 2} degrees of freedom and covariance {@code Sigma}:
 *       {@code r = mu + sqrt((nu - 2) / W) L Z}, {@code W ~ chi^2_nu} independent of {@code Z}.
 * </ul>
 *
 * <p>Only the portfolio's P&amp;L {@code w . r = w . mu + (L^T w) . Z} is needed, and for {@code Z
 * ~ N(0, I)} the sum {@code (L^T w) . Z} is exactly normal with mean 0 and standard deviation
 * {@code |L^T w| = sqrt(w^T Sigma w)}: a scenario draws one standard normal and scales it by that
 * (and by {@code sqrt((nu - 2) / W)} for the Student-t), the same distribution as drawing all
 * {@code d} coordinates of {@code Z} at a {@code d}-th of the cost (at 300 instruments, 20,000
 * scenarios are 20,000 draws instead of six million). The positions are linear in the returns, so
 * no scenario needs the returns themselves. VaR and CVaR of the simulated P&amp;L are the {@link
 * HistoricalRisk} estimates. The generator is a {@link Well19937c} seeded with the given seed, so
 * equal seeds give identical figures. The closed forms to which the estimates converge are {@link
 * #analyticNormal} and {@link #analyticStudentT}: the P&amp;L is normal, respectively Student-t,
 * with mean {@code w . mu} and variance {@code w^T Sigma w}.
 */
public final class MonteCarloRisk {

  private final double meanPnl;
  private final double sdPnl;

  /**
   * A portfolio of {@code positions} over assets with return {@code mean} vector and {@code
   * covariance} matrix (symmetric positive definite).
   */
  public MonteCarloRisk(double[] positions, double[] mean, double[][] covariance) {
    int d = positions.length;
    if (mean.length != d || covariance.length != d) {
      throw new IllegalArgumentException("dimension mismatch");
    }
    RealMatrix sigma = new Array2DRowRealMatrix(covariance, true);
    RealMatrix lower = new CholeskyDecomposition(sigma).getL();
    double[] loading = lower.transpose().operate(positions);
    double m = 0.0;
    for (int i = 0; i < d; i++) {
      m += positions[i] * mean[i];
    }
    double v = 0.0;
    for (double b : loading) {
      v += b * b;
    }
    this.meanPnl = m;
    this.sdPnl = Math.sqrt(v);
  }

  /** The expected portfolio P&amp;L {@code w . mu}. */
  public double meanPnl() {
    return meanPnl;
  }

  /** The standard deviation of the portfolio P&amp;L {@code sqrt(w^T Sigma w)}. */
  public double sdPnl() {
    return sdPnl;
  }

  /** {@code scenarios} portfolio P&amp;L draws under multivariate normal returns. */
  public double[] simulateNormal(int scenarios, long seed) {
    return simulate(scenarios, Double.POSITIVE_INFINITY, seed);
  }

  /** {@code scenarios} portfolio P&amp;L draws under multivariate Student-t returns. */
  public double[] simulateStudentT(int scenarios, double nu, long seed) {
    if (!(nu > 2.0)) {
      throw new IllegalArgumentException("degrees of freedom must exceed 2: " + nu);
    }
    return simulate(scenarios, nu, seed);
  }

  /** Monte Carlo VaR and CVaR under multivariate normal returns. */
  public RiskEstimate normal(int scenarios, long seed, double confidence) {
    return HistoricalRisk.estimate(simulateNormal(scenarios, seed), confidence);
  }

  /** Monte Carlo VaR and CVaR under multivariate Student-t returns. */
  public RiskEstimate studentT(int scenarios, double nu, long seed, double confidence) {
    return HistoricalRisk.estimate(simulateStudentT(scenarios, nu, seed), confidence);
  }

  /** The exact VaR and CVaR of the normal portfolio P&amp;L ({@link ParametricRisk#gaussian}). */
  public RiskEstimate analyticNormal(double confidence) {
    return ParametricRisk.gaussian(meanPnl, sdPnl, confidence);
  }

  /** The exact VaR and CVaR of the Student-t P&amp;L ({@link ParametricRisk#studentT}). */
  public RiskEstimate analyticStudentT(double nu, double confidence) {
    return ParametricRisk.studentT(meanPnl, sdPnl, nu, confidence);
  }

  private double[] simulate(int scenarios, double nu, long seed) {
    if (scenarios < 1) {
      throw new IllegalArgumentException("need at least one scenario: " + scenarios);
    }
    RandomGenerator rng = new Well19937c(seed);
    RandomDataGenerator data = RandomDataGenerator.of(rng);
    boolean fat = Double.isFinite(nu);
    double[] pnl = new double[scenarios];
    for (int s = 0; s < scenarios; s++) {
      if ((s & 1023) == 0) {
        ModelPacing.checkpoint();
      }
      double x = sdPnl * rng.nextGaussian();
      if (fat) {
        double w = data.nextGamma(nu / 2.0, 2.0);
        x *= Math.sqrt((nu - 2.0) / w);
      }
      pnl[s] = meanPnl + x;
    }
    return pnl;
  }
}
