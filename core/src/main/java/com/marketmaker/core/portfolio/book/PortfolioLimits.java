package com.marketmaker.core.portfolio.book;

/**
 * Portfolio limits, in US dollars ({@link ReportingCurrency}). Every limit is optional: NaN
 * switches it off.
 *
 * @param cvar99MaxUsd the largest 99% CVaR over the risk horizon (the most conservative method's,
 *     {@link RiskResult#maxCvarHorizonUsd})
 * @param drawdownProbabilityMax the largest P(maximum drawdown &gt; drawdownThresholdUsd over
 *     drawdownHorizonBars), in (0, 1)
 * @param drawdownThresholdUsd the drawdown threshold D of that probability (required with it)
 * @param drawdownHorizonBars the horizon of that probability, bars (required with it; else 0)
 * @param assetNetExposureMaxUsd the largest |net notional| of any one base asset
 * @param venueGrossExposureMaxUsd the largest gross notional on any one venue
 * @param grossExposureMaxUsd the largest portfolio gross notional
 * @param netExposureMaxUsd the largest |portfolio net notional|
 */
public record PortfolioLimits(
    double cvar99MaxUsd,
    double drawdownProbabilityMax,
    double drawdownThresholdUsd,
    int drawdownHorizonBars,
    double assetNetExposureMaxUsd,
    double venueGrossExposureMaxUsd,
    double grossExposureMaxUsd,
    double netExposureMaxUsd) {

  /** Checks each limit is NaN (off) or finite and positive, and the drawdown triple is complete. */
  public PortfolioLimits {
    positiveOrOff(cvar99MaxUsd, "cvar99MaxUsd");
    positiveOrOff(drawdownThresholdUsd, "drawdownThresholdUsd");
    positiveOrOff(assetNetExposureMaxUsd, "assetNetExposureMaxUsd");
    positiveOrOff(venueGrossExposureMaxUsd, "venueGrossExposureMaxUsd");
    positiveOrOff(grossExposureMaxUsd, "grossExposureMaxUsd");
    positiveOrOff(netExposureMaxUsd, "netExposureMaxUsd");
    if (!Double.isNaN(drawdownProbabilityMax)) {
      if (!(drawdownProbabilityMax > 0 && drawdownProbabilityMax < 1)) {
        throw new IllegalArgumentException(
            "drawdownProbabilityMax must be in (0, 1) or NaN: " + drawdownProbabilityMax);
      }
      if (Double.isNaN(drawdownThresholdUsd) || drawdownHorizonBars < 1) {
        throw new IllegalArgumentException(
            "a drawdown probability limit needs a threshold and a horizon >= 1 bar");
      }
    }
  }

  /** No limits at all. */
  public static PortfolioLimits none() {
    return new PortfolioLimits(
        Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
  }

  /** Whether a limit value is switched on. */
  public static boolean on(double limit) {
    return !Double.isNaN(limit);
  }

  private static void positiveOrOff(double v, String name) {
    if (!Double.isNaN(v) && (!(v > 0) || !Double.isFinite(v))) {
      throw new IllegalArgumentException(name + " must be finite and > 0, or NaN: " + v);
    }
  }
}
