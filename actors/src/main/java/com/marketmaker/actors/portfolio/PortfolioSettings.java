package com.marketmaker.actors.portfolio;

import com.marketmaker.core.portfolio.book.BasketSkew;
import com.marketmaker.core.portfolio.book.PortfolioLimits;
import com.marketmaker.core.portfolio.book.RiskConfig;
import com.marketmaker.core.portfolio.book.ScanConfig;
import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The portfolio actor's settings, {@code market-maker.portfolio} (see the actors module's
 * reference.conf).
 *
 * @param barIntervalMillis price bars from the instruments' mids, milliseconds
 * @param barCapacity bars kept per instrument
 * @param evaluateEvery the models (risk, scans, skews) are evaluated this often (at most)
 * @param limitCheckEvery the limits are checked this often on the book as it stands: exposures
 *     afresh, VaR/CVaR and the drawdown probability from the models' last evaluation
 * @param limitRelease a breach in force is lifted once its ratio is below this share of the
 *     threshold that raised it, in (0, 1] (1: lifted as soon as it is within the threshold)
 * @param modelCpuShare the largest share of one core the risk models may use on average: after an
 *     evaluation that took t of CPU time the next periodic one waits until t / share after its
 *     start ({@link ModelDutyCycle})
 * @param scanCpuShare the same for the cointegration scans, on a thread of their own
 * @param scanEvery cointegration is re-estimated this often (over the rolling window of bars)
 * @param checkpointEvery the bars are snapshotted this often (marks are not journaled)
 * @param widenBps how much a WIDEN breach widens each side, basis points of the mid
 * @param shrinkFactor what a SHRINK or WIDEN breach multiplies quote sizes by
 * @param executionSkewBps how far a confirmed plan leans a leg's quotes toward its target
 * @param planHorizon how long a confirmed plan is executed at most
 * @param impactPerUsd price impact of one US dollar traded, relative (cross-impact scale)
 * @param takerFeeRate fee rate of a plan's trades, relative
 * @param basketMinBars the fewest bars of a scan whose pairs skew the quotes: pairs found on less
 *     history are reported but do not steer (our own quotes are part of the books the mids come
 *     from, so steering on a spurious early pair would pull its mids together)
 */
public record PortfolioSettings(
    long barIntervalMillis,
    int barCapacity,
    Duration evaluateEvery,
    Duration limitCheckEvery,
    double limitRelease,
    double modelCpuShare,
    double scanCpuShare,
    Duration scanEvery,
    Duration checkpointEvery,
    double widenBps,
    double shrinkFactor,
    double executionSkewBps,
    Duration planHorizon,
    double impactPerUsd,
    double takerFeeRate,
    ScanConfig scan,
    RiskConfig risk,
    BasketSkew.Config basket,
    int basketMinBars,
    PortfolioLimits limits) {

  public static PortfolioSettings fromConfig(Config root) {
    Config c = root.getConfig("market-maker.portfolio");
    Config l = c.getConfig("limits");
    Config b = c.getConfig("basket");
    Duration bar = c.getDuration("bar-interval");
    double release = c.getDouble("limit-release");
    if (!(release > 0 && release <= 1)) {
      throw new IllegalArgumentException(
          "market-maker.portfolio.limit-release must be in (0, 1], got " + release);
    }
    if (c.getDuration("limit-check-every").compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException(
          "market-maker.portfolio.limit-check-every must be at least 1ms, got "
              + c.getDuration("limit-check-every"));
    }
    return new PortfolioSettings(
        bar.toMillis(),
        c.getInt("bar-capacity"),
        c.getDuration("evaluate-every"),
        c.getDuration("limit-check-every"),
        c.getDouble("limit-release"),
        c.getDouble("model-cpu-share"),
        c.getDouble("scan-cpu-share"),
        c.getDuration("scan-every"),
        c.getDuration("checkpoint-every"),
        c.getDouble("widen-bps"),
        c.getDouble("shrink-factor"),
        c.getDouble("plan.execution-skew-bps"),
        c.getDuration("plan.horizon"),
        c.getDouble("plan.impact-per-usd"),
        c.getDouble("plan.taker-fee-rate"),
        ScanConfig.defaults()
            .withTest(c.getDouble("scan.significance"), ScanConfig.defaults().correction())
            .withHalfLifeBars(
                c.getDuration("scan.min-half-life").toMillis() / (double) bar.toMillis(),
                c.getDuration("scan.max-half-life").toMillis() / (double) bar.toMillis())
            .withJumpThreshold(c.getDouble("scan.jump-threshold")),
        RiskConfig.defaults().withHorizonBars(c.getInt("risk.horizon-bars")),
        new BasketSkew.Config(
            b.getDouble("entry-z"),
            b.getDouble("max-skew-bps"),
            b.getDouble("inventory-lean-bps"),
            b.getDouble("inventory-reference-usd")),
        b.getInt("min-bars"),
        limits(l));
  }

  /** Limits from config; a missing or negative value is off. */
  static PortfolioLimits limits(Config l) {
    return new PortfolioLimits(
        off(l, "cvar99-max-usd"),
        off(l, "drawdown-probability-max"),
        off(l, "drawdown-threshold-usd"),
        l.getInt("drawdown-horizon-bars"),
        off(l, "asset-net-exposure-max-usd"),
        off(l, "venue-gross-exposure-max-usd"),
        off(l, "gross-exposure-max-usd"),
        off(l, "net-exposure-max-usd"));
  }

  private static double off(Config c, String key) {
    double v = c.getDouble(key);
    return v > 0 ? v : Double.NaN;
  }
}
