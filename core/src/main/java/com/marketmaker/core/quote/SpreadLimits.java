package com.marketmaker.core.quote;

/**
 * Constraint: keeps the spread within [min, max] ticks around the current centre, so no model or
 * adjuster can quote tighter than the desk's floor or wider than its obligation.
 */
public final class SpreadLimits implements QuoteStep {

  private final double minTicks;
  private final double maxTicks;

  public SpreadLimits(double minTicks, double maxTicks) {
    Params.nonNegative(minTicks, "minimum spread");
    Params.positive(maxTicks, "maximum spread");
    if (minTicks > maxTicks) {
      throw new IllegalArgumentException(
          "minimum spread " + minTicks + " exceeds maximum spread " + maxTicks);
    }
    this.minTicks = minTicks;
    this.maxTicks = maxTicks;
  }

  @Override
  public String name() {
    return "spread-limits";
  }

  @Override
  public void apply(QuoteContext c, QuoteDraft d) {
    double spread = d.spread();
    double clamped = Math.max(minTicks, Math.min(maxTicks, spread));
    if (clamped == spread) {
      return;
    }
    double center = d.center();
    d.setPrices(center - 0.5 * clamped, center + 0.5 * clamped);
    d.record(name(), clamped > spread ? "widened to minimum spread" : "narrowed to maximum spread");
  }
}
