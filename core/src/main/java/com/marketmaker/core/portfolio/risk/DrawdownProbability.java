package com.marketmaker.core.portfolio.risk;

import com.marketmaker.core.portfolio.ModelPacing;
import java.util.Arrays;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.hipparchus.random.RandomDataGenerator;
import org.hipparchus.random.RandomGenerator;
import org.hipparchus.random.Well19937c;

/**
 * Monte Carlo probability that the maximum drawdown of a portfolio over a horizon exceeds a limit:
 * the left-hand side of the rulebook's eq. 19 constraint P(MDD<sub>H</sub> &gt; D) &le; &alpha;.
 *
 * <p>Model. Positions w (quote currency per unit return, held as constant exposures) over assets
 * whose per-step returns are i.i.d. with mean &mu; and covariance &Sigma; give per-step P&amp;L X =
 * w&middot;r. Scenarios are those of {@link MonteCarloRisk} (Glasserman 2003, "Monte Carlo Methods
 * in Financial Engineering", sections 2.3 and 9.2), with &Sigma; = L L<sup>T</sup>:
 *
 * <ul>
 *   <li>Gaussian: r = &mu; + L Z, so X ~ N(w&middot;&mu;, s<sup>2</sup>), s<sup>2</sup> =
 *       w<sup>T</sup>&Sigma;w;
 *   <li>Student-t, &nu; &gt; 2: r = &mu; + sqrt((&nu; &minus; 2)/W) L Z with W ~
 *       &chi;<sup>2</sup><sub>&nu;</sub>, so X = w&middot;&mu; + s sqrt((&nu; &minus; 2)/W) Z' with
 *       Z' ~ N(0, 1), since (L<sup>T</sup>w)&middot;Z ~ N(0, s<sup>2</sup>). The covariance of the
 *       returns is &Sigma; in both cases.
 * </ul>
 *
 * Each step therefore draws one standard normal (and, for Student-t, one &chi;<sup>2</sup>) from a
 * {@link Well19937c} seeded with the given seed, so equal seeds give identical figures, and paths
 * with the same seed share their random numbers across thresholds, scales and starting drawdowns.
 *
 * <p>Drawdown. With cumulative P&amp;L E<sub>0</sub> = 0, E<sub>t</sub> = E<sub>t&minus;1</sub> +
 * X<sub>t</sub>, a starting drawdown d<sub>0</sub> &ge; 0 means the running peak starts at
 * M<sub>0</sub> = d<sub>0</sub>; then M<sub>t</sub> = max(M<sub>t&minus;1</sub>, E<sub>t</sub>),
 * DD<sub>t</sub> = M<sub>t</sub> &minus; E<sub>t</sub> and MDD = max<sub>0&le;t&le;n</sub>
 * DD<sub>t</sub> &ge; d<sub>0</sub> (Magdon-Ismail, Atiya, Pratap &amp; Abu-Mostafa 2004, "On the
 * maximum drawdown of a Brownian motion", J. Appl. Prob. 41(1), 147&ndash;161, with the peak
 * carried in). Because M<sub>t</sub> &ge; d<sub>0</sub>, MDD &ge; d<sub>0</sub> &minus;
 * min<sub>t</sub> E<sub>t</sub> pathwise; the probability of the latter exceeding D is reported as
 * well ({@link DrawdownEstimate#runningMinimumProbability()}).
 *
 * <p>Closed forms for the continuous-time, driftless Gaussian limit (the walk sampled at n steps of
 * a Brownian motion with volatility &sigma; per unit time over T): the reflection principle gives
 * the first-passage law P(min<sub>t&le;T</sub> W<sub>t</sub> &le; &minus;D) = 2&Phi;(&minus;D /
 * (&sigma;&radic;T)) ({@link #driftlessFirstPassageProbability}), a lower bound of P(MDD &gt; D),
 * and E[MDD] = sqrt(&pi;/2) &sigma; &radic;T (Magdon-Ismail et al. 2004, &mu; = 0; {@link
 * #driftlessExpectedMaxDrawdown}). A discretely sampled walk sees lower extremes than the
 * continuous path it samples, so its estimates lie below these limits by O(&sigma;&radic;&Delta;t).
 * Instances are immutable.
 */
public final class DrawdownProbability {

  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(0.0, 1.0);

  private final double meanPnl;
  private final double sdPnl;

  /**
   * A portfolio of constant exposures over assets with i.i.d. per-step returns.
   *
   * @param positions exposures w, quote currency per unit return, finite
   * @param meanPerStep per-step mean return vector &mu;, finite
   * @param covariancePerStep per-step return covariance &Sigma;, symmetric positive definite
   * @throws IllegalArgumentException on mismatched dimensions or non-finite entries
   */
  public DrawdownProbability(
      double[] positions, double[] meanPerStep, double[][] covariancePerStep) {
    if (positions == null || positions.length == 0) {
      throw new IllegalArgumentException("positions must be non-empty");
    }
    int d = positions.length;
    if (meanPerStep == null || meanPerStep.length != d) {
      throw new IllegalArgumentException("mean vector must have " + d + " entries");
    }
    if (covariancePerStep == null || covariancePerStep.length != d) {
      throw new IllegalArgumentException("covariance must be " + d + " x " + d);
    }
    for (int i = 0; i < d; i++) {
      requireFinite(positions[i], "positions[" + i + "]");
      requireFinite(meanPerStep[i], "mean[" + i + "]");
      if (covariancePerStep[i] == null || covariancePerStep[i].length != d) {
        throw new IllegalArgumentException("covariance must be " + d + " x " + d);
      }
      for (int j = 0; j < d; j++) {
        requireFinite(covariancePerStep[i][j], "covariance[" + i + "][" + j + "]");
      }
    }
    MonteCarloRisk onePeriod = new MonteCarloRisk(positions, meanPerStep, covariancePerStep);
    this.meanPnl = onePeriod.meanPnl();
    this.sdPnl = onePeriod.sdPnl();
  }

  /** The per-step P&amp;L mean w&middot;&mu; (quote currency). */
  public double meanPnlPerStep() {
    return meanPnl;
  }

  /** The per-step P&amp;L standard deviation sqrt(w<sup>T</sup>&Sigma;w) (quote currency). */
  public double sdPnlPerStep() {
    return sdPnl;
  }

  /**
   * Drawdown estimate under Gaussian returns.
   *
   * @param steps horizon n &ge; 1
   * @param threshold drawdown limit D &gt; 0, quote currency
   * @param currentDrawdown starting drawdown d0 &ge; 0, quote currency
   * @param paths number of paths &ge; 2
   * @param seed generator seed
   * @return the estimate
   */
  public DrawdownEstimate normal(
      int steps, double threshold, double currentDrawdown, int paths, long seed) {
    return estimate(steps, Double.POSITIVE_INFINITY, threshold, currentDrawdown, paths, seed);
  }

  /**
   * Drawdown estimate under Student-t returns with &nu; degrees of freedom and covariance &Sigma;.
   *
   * @param steps horizon n &ge; 1
   * @param nu degrees of freedom, &gt; 2
   * @param threshold drawdown limit D &gt; 0, quote currency
   * @param currentDrawdown starting drawdown d0 &ge; 0, quote currency
   * @param paths number of paths &ge; 2
   * @param seed generator seed
   * @return the estimate
   */
  public DrawdownEstimate studentT(
      int steps, double nu, double threshold, double currentDrawdown, int paths, long seed) {
    checkNu(nu);
    return estimate(steps, nu, threshold, currentDrawdown, paths, seed);
  }

  /**
   * The simulated maximum drawdowns (quote currency) under Gaussian returns, one per path, in path
   * order; the sample behind {@link #normal}.
   */
  public double[] maxDrawdownsNormal(int steps, double currentDrawdown, int paths, long seed) {
    return simulate(steps, Double.POSITIVE_INFINITY, currentDrawdown, paths, seed)[0];
  }

  /**
   * The simulated maximum drawdowns (quote currency) under Student-t returns, one per path, in path
   * order; the sample behind {@link #studentT}.
   */
  public double[] maxDrawdownsStudentT(
      int steps, double nu, double currentDrawdown, int paths, long seed) {
    checkNu(nu);
    return simulate(steps, nu, currentDrawdown, paths, seed)[0];
  }

  /**
   * Reflection principle: for a driftless Brownian motion with volatility &sigma; per unit time,
   * P(min<sub>0&le;t&le;T</sub> W<sub>t</sub> &le; &minus;D) = 2&Phi;(&minus;D/(&sigma;&radic;T)),
   * a lower bound of P(MDD<sub>T</sub> &ge; D).
   *
   * @param drop D &ge; 0
   * @param sigma volatility per unit time, &gt; 0
   * @param horizon T &gt; 0, in the same time unit
   * @return the first-passage probability
   */
  public static double driftlessFirstPassageProbability(double drop, double sigma, double horizon) {
    if (!(drop >= 0.0) || !Double.isFinite(drop)) {
      throw new IllegalArgumentException("drop must be finite and >= 0: " + drop);
    }
    checkScale(sigma, horizon);
    return 2.0 * STANDARD_NORMAL.cumulativeProbability(-drop / (sigma * Math.sqrt(horizon)));
  }

  /**
   * Expected maximum drawdown of a driftless Brownian motion over [0, T], sqrt(&pi;/2) &sigma;
   * &radic;T (Magdon-Ismail, Atiya, Pratap &amp; Abu-Mostafa 2004, case &mu; = 0).
   *
   * @param sigma volatility per unit time, &gt; 0
   * @param horizon T &gt; 0
   * @return E[MDD]
   */
  public static double driftlessExpectedMaxDrawdown(double sigma, double horizon) {
    checkScale(sigma, horizon);
    return Math.sqrt(Math.PI / 2.0) * sigma * Math.sqrt(horizon);
  }

  private DrawdownEstimate estimate(
      int steps, double nu, double threshold, double currentDrawdown, int paths, long seed) {
    if (!(threshold > 0.0) || !Double.isFinite(threshold)) {
      throw new IllegalArgumentException("threshold must be finite and > 0: " + threshold);
    }
    double[][] sim = simulate(steps, nu, currentDrawdown, paths, seed);
    double[] mdd = sim[0];
    double[] fall = sim[1];
    int exceed = 0;
    int fallExceed = 0;
    double sum = 0.0;
    for (int p = 0; p < paths; p++) {
      if (mdd[p] > threshold) {
        exceed++;
      }
      if (fall[p] > threshold) {
        fallExceed++;
      }
      sum += mdd[p];
    }
    double mean = sum / paths;
    double ss = 0.0;
    for (double v : mdd) {
      ss += (v - mean) * (v - mean);
    }
    double prob = (double) exceed / paths;
    double[] sorted = mdd.clone();
    Arrays.sort(sorted);
    return new DrawdownEstimate(
        threshold,
        currentDrawdown,
        steps,
        paths,
        prob,
        Math.sqrt(prob * (1.0 - prob) / paths),
        (double) fallExceed / paths,
        mean,
        Math.sqrt(ss / (paths - 1) / paths),
        HistoricalRisk.quantileSorted(sorted, 0.95),
        HistoricalRisk.quantileSorted(sorted, 0.99));
  }

  /** Returns {maximum drawdowns, d0 - min cumulative P&L} per path. */
  private double[][] simulate(int steps, double nu, double currentDrawdown, int paths, long seed) {
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be >= 1: " + steps);
    }
    if (paths < 2) {
      throw new IllegalArgumentException("paths must be >= 2: " + paths);
    }
    if (!(currentDrawdown >= 0.0) || !Double.isFinite(currentDrawdown)) {
      throw new IllegalArgumentException(
          "current drawdown must be finite and >= 0: " + currentDrawdown);
    }
    RandomGenerator rng = new Well19937c(seed);
    RandomDataGenerator data = RandomDataGenerator.of(rng);
    boolean fat = Double.isFinite(nu);
    double[] mdd = new double[paths];
    double[] fall = new double[paths];
    for (int p = 0; p < paths; p++) {
      ModelPacing.checkpoint();
      double equity = 0.0;
      double peak = currentDrawdown;
      double worst = currentDrawdown;
      double low = 0.0;
      for (int t = 0; t < steps; t++) {
        double shock = sdPnl * rng.nextGaussian();
        if (fat) {
          shock *= Math.sqrt((nu - 2.0) / data.nextGamma(nu / 2.0, 2.0));
        }
        equity += meanPnl + shock;
        if (equity > peak) {
          peak = equity;
        } else if (peak - equity > worst) {
          worst = peak - equity;
        }
        if (equity < low) {
          low = equity;
        }
      }
      mdd[p] = worst;
      fall[p] = currentDrawdown - low;
    }
    return new double[][] {mdd, fall};
  }

  private static void checkNu(double nu) {
    if (!(nu > 2.0) || !Double.isFinite(nu)) {
      throw new IllegalArgumentException("degrees of freedom must be finite and exceed 2: " + nu);
    }
  }

  private static void checkScale(double sigma, double horizon) {
    if (!(sigma > 0.0) || !Double.isFinite(sigma)) {
      throw new IllegalArgumentException("sigma must be finite and > 0: " + sigma);
    }
    if (!(horizon > 0.0) || !Double.isFinite(horizon)) {
      throw new IllegalArgumentException("horizon must be finite and > 0: " + horizon);
    }
  }

  private static void requireFinite(double v, String name) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(name + " is not finite: " + v);
    }
  }
}
