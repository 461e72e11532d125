package com.marketmaker.core.risk;

import java.util.ArrayList;
import java.util.List;

/**
 * Pure pre-quote risk checks: position limit, daily loss, drawdown from peak, exposure against
 * capital, quote latency, stale market data and the kill switch. Every failed check is reported
 * (not only the first), so the operator sees the whole picture; any breach means pull all quotes.
 */
public final class RiskChecks {

  private final RiskLimits limits;

  public RiskChecks(RiskLimits limits) {
    if (limits == null) {
      throw new IllegalArgumentException("risk limits are missing");
    }
    this.limits = limits;
  }

  public RiskLimits limits() {
    return limits;
  }

  public RiskVerdict evaluate(RiskSnapshot s) {
    if (s == null) {
      return new RiskVerdict(
          List.of(new RiskBreach(RiskCheck.STALE_MARKET_DATA, "no risk snapshot")));
    }
    List<RiskBreach> breaches = null;
    if (s.killSwitch()) {
      breaches = add(breaches, RiskCheck.KILL_SWITCH, "engaged by operator");
    }
    if (Math.abs(s.positionLots()) > limits.maxPositionLots()) {
      breaches =
          add(
              breaches,
              RiskCheck.POSITION_LIMIT,
              "position " + s.positionLots() + " lots beyond limit " + limits.maxPositionLots());
    }
    if (s.dailyPnl() < 0 && -s.dailyPnl() > limits.maxDailyLoss()) {
      breaches =
          add(
              breaches,
              RiskCheck.DAILY_LOSS,
              "daily loss " + -s.dailyPnl() + " beyond limit " + limits.maxDailyLoss());
    }
    long drawdown = s.peakEquity() - s.equity();
    if (drawdown > limits.maxDrawdown()) {
      breaches =
          add(
              breaches,
              RiskCheck.DRAWDOWN,
              "drawdown " + drawdown + " from peak beyond limit " + limits.maxDrawdown());
    }
    if (s.capital() <= 0) {
      breaches = add(breaches, RiskCheck.EXPOSURE, "no capital allocated");
    } else {
      double ratio = (double) Math.abs(s.grossExposure()) / s.capital();
      if (ratio > limits.maxExposureToCapital()) {
        breaches =
            add(
                breaches,
                RiskCheck.EXPOSURE,
                "exposure/capital " + ratio + " beyond limit " + limits.maxExposureToCapital());
      }
    }
    if (s.quoteLatencyNanos() > limits.maxQuoteLatencyNanos()) {
      breaches =
          add(
              breaches,
              RiskCheck.QUOTE_LATENCY,
              "latency " + s.quoteLatencyNanos() + " ns beyond " + limits.maxQuoteLatencyNanos());
    }
    long age = s.nowNanos() - s.lastMarketDataNanos();
    // A timestamp in the future means clocks disagree: treat as stale rather than fresh.
    if (age > limits.maxMarketDataAgeNanos() || age < 0) {
      breaches =
          add(
              breaches,
              RiskCheck.STALE_MARKET_DATA,
              "market data age " + age + " ns beyond " + limits.maxMarketDataAgeNanos());
    }
    return breaches == null ? RiskVerdict.clear() : new RiskVerdict(breaches);
  }

  private static List<RiskBreach> add(List<RiskBreach> list, RiskCheck check, String detail) {
    List<RiskBreach> l = list == null ? new ArrayList<>(2) : list;
    l.add(new RiskBreach(check, detail));
    return l;
  }
}
