package com.marketmaker.core.portfolio.book;

/**
 * Settings of {@link PortfolioRisk}.
 *
 * @param maxBars the largest number of closes taken from {@link PriceBars} (returns are one fewer)
 * @param minReturns the fewest returns for an estimate; with fewer the result is flagged
 *     insufficient and carries no figures
 * @param horizonBars the horizon H of the scaled figures, bars (≥ 1); figures × √H
 * @param monteCarloScenarios the scenarios per Monte Carlo estimate
 * @param studentTNu the degrees of freedom of the Student-t Monte Carlo, &gt; 2
 * @param seed the seed of every simulation
 * @param drawdownThresholdUsd the drawdown D of P(MDD &gt; D), US dollars; NaN to skip it
 * @param drawdownHorizonBars the drawdown horizon, bars
 * @param drawdownPaths the drawdown simulation's paths
 * @param drawdownStudentTNu NaN for Gaussian bar P&amp;L in the drawdown simulation, else the
 *     Student-t degrees of freedom (&gt; 2)
 */
public record RiskConfig(
    int maxBars,
    int minReturns,
    int horizonBars,
    int monteCarloScenarios,
    double studentTNu,
    long seed,
    double drawdownThresholdUsd,
    int drawdownHorizonBars,
    int drawdownPaths,
    double drawdownStudentTNu) {

  /** Validates the settings. */
  public RiskConfig {
    if (maxBars < 3 || minReturns < 2 || horizonBars < 1 || monteCarloScenarios < 100) {
      throw new IllegalArgumentException(
          "need maxBars >= 3, minReturns >= 2, horizonBars >= 1, scenarios >= 100");
    }
    if (!(studentTNu > 2)) {
      throw new IllegalArgumentException("studentTNu must exceed 2: " + studentTNu);
    }
    if (!Double.isNaN(drawdownThresholdUsd)) {
      if (!(drawdownThresholdUsd > 0) || !Double.isFinite(drawdownThresholdUsd)) {
        throw new IllegalArgumentException("drawdown threshold must be > 0 or NaN");
      }
      if (drawdownHorizonBars < 1 || drawdownPaths < 2) {
        throw new IllegalArgumentException("need drawdownHorizonBars >= 1, drawdownPaths >= 2");
      }
    }
    if (!Double.isNaN(drawdownStudentTNu) && !(drawdownStudentTNu > 2)) {
      throw new IllegalArgumentException("drawdownStudentTNu must be NaN or exceed 2");
    }
  }

  /**
   * The defaults: up to 1,000 closes, at least 30 returns, per-bar horizon, 20,000 scenarios,
   * Student-t with 5 degrees of freedom, seed 1, no drawdown probability.
   */
  public static RiskConfig defaults() {
    return new RiskConfig(1000, 30, 1, 20_000, 5, 1L, Double.NaN, 60, 2000, Double.NaN);
  }

  /** A copy with another horizon, bars. */
  public RiskConfig withHorizonBars(int bars) {
    return new RiskConfig(
        maxBars,
        minReturns,
        bars,
        monteCarloScenarios,
        studentTNu,
        seed,
        drawdownThresholdUsd,
        drawdownHorizonBars,
        drawdownPaths,
        drawdownStudentTNu);
  }

  /** A copy with the drawdown probability P(MDD over horizonBars &gt; thresholdUsd) switched on. */
  public RiskConfig withDrawdown(double thresholdUsd, int horizonBars, int paths) {
    return new RiskConfig(
        maxBars,
        minReturns,
        this.horizonBars,
        monteCarloScenarios,
        studentTNu,
        seed,
        thresholdUsd,
        horizonBars,
        paths,
        drawdownStudentTNu);
  }

  /** A copy whose drawdown and Monte Carlo settings follow the limits' drawdown threshold. */
  public RiskConfig forLimits(PortfolioLimits limits) {
    if (Double.isNaN(limits.drawdownThresholdUsd())) {
      return this;
    }
    return withDrawdown(limits.drawdownThresholdUsd(), limits.drawdownHorizonBars(), drawdownPaths);
  }
}
