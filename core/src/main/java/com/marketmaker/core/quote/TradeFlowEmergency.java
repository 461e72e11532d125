package com.marketmaker.core.quote;

/**
 * Adjuster: when signed trade flow is one-sided beyond a threshold (a sweep, a news burst), move
 * both quotes in the flow's direction by an emergency shift, and widen the side the flow is hitting
 * by an extra amount so the next aggressor does not fill a stale price.
 */
public final class TradeFlowEmergency implements QuoteStep {

  private final double threshold;
  private final double shiftTicks;
  private final double widenTicks;

  /**
   * @param threshold |flow| (lots per second) that triggers, &gt; 0
   * @param shiftTicks shift of both quotes in the flow direction, ≥ 0
   * @param widenTicks extra distance on the side being hit, ≥ 0
   */
  public TradeFlowEmergency(double threshold, double shiftTicks, double widenTicks) {
    this.threshold = Params.positive(threshold, "trade flow threshold");
    this.shiftTicks = Params.nonNegative(shiftTicks, "trade flow shift");
    this.widenTicks = Params.nonNegative(widenTicks, "trade flow widening");
  }

  @Override
  public String name() {
    return "trade-flow-emergency";
  }

  @Override
  public void apply(QuoteContext c, QuoteDraft d) {
    double flow = c.tradeFlow();
    if (!(Math.abs(flow) >= threshold)) {
      return;
    }
    if (flow > 0) {
      // Buyers lifting offers: our ask is the side being hit.
      d.setPrices(d.bid() + shiftTicks, d.ask() + shiftTicks + widenTicks);
      d.record(name(), "buy sweep: shift up, widen ask");
    } else {
      d.setPrices(d.bid() - shiftTicks - widenTicks, d.ask() - shiftTicks);
      d.record(name(), "sell sweep: shift down, widen bid");
    }
  }
}
