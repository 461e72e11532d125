package com.marketmaker.core.risk;

/**
 * Per-instrument (or per-book) limits for the pre-quote checks. Money amounts are in quote currency
 * at {@link com.marketmaker.core.instrument.InstrumentSpec#CASH_SCALE} decimal places, like all
 * cash in {@code core}.
 *
 * @param maxPositionLots largest |position| allowed, lots, ≥ 1
 * @param maxDailyLoss largest loss since the start of the trading day, cash units, &gt; 0
 * @param maxDrawdown largest fall of equity from its peak, cash units, &gt; 0
 * @param maxExposureToCapital largest gross exposure / capital ratio, &gt; 0
 * @param maxQuoteLatencyNanos largest acceptable quote round-trip latency, &gt; 0
 * @param maxMarketDataAgeNanos oldest market data the desk quotes from, &gt; 0
 */
public record RiskLimits(
    long maxPositionLots,
    long maxDailyLoss,
    long maxDrawdown,
    double maxExposureToCapital,
    long maxQuoteLatencyNanos,
    long maxMarketDataAgeNanos) {

  public RiskLimits {
    if (maxPositionLots < 1) {
      throw new IllegalArgumentException("position limit must be at least 1 lot");
    }
    if (maxDailyLoss <= 0) {
      throw new IllegalArgumentException("daily loss limit must be positive");
    }
    if (maxDrawdown <= 0) {
      throw new IllegalArgumentException("drawdown limit must be positive");
    }
    if (!(maxExposureToCapital > 0) || Double.isInfinite(maxExposureToCapital)) {
      throw new IllegalArgumentException(
          "exposure/capital limit must be finite and positive, got " + maxExposureToCapital);
    }
    if (maxQuoteLatencyNanos <= 0) {
      throw new IllegalArgumentException("quote latency threshold must be positive");
    }
    if (maxMarketDataAgeNanos <= 0) {
      throw new IllegalArgumentException("market data age threshold must be positive");
    }
  }
}
