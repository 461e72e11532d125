package com.marketmaker.core.quote;

/**
 * Constraint: keeps the spread within [min, max] ticks around the current centre, so no model or
 * adjuster can quote tighter than the desk's floor or wider than its obligation. With a volatility
 * multiplier the floor is dynamic: {@code min + multiplier·σ} ticks (σ in ticks per √s, the
 * multiplier in √s), never above the maximum.
 */
public final class SpreadLimits implements QuoteStep {

  private final double minTicks;
  private final double maxTicks;
  private final double volatilitySqrtSeconds;

  public SpreadLimits(double minTicks, double maxTicks) {
    this(minTicks, maxTicks, 0);
  }

  /**
   * @param volatilitySqrtSeconds extra floor per unit of σ (ticks per √s), in √s, ≥ 0
   */
  public SpreadLimits(double minTicks, double maxTicks, double volatilitySqrtSeconds) {
    this.volatilitySqrtSeconds = Params.nonNegative(volatilitySqrtSeconds, "volatility multiplier");
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
    double floor = minTicks;
    if (volatilitySqrtSeconds > 0 && c.volatility() > 0) {
      floor = Math.min(maxTicks, minTicks + volatilitySqrtSeconds * c.volatility());
    }
    double clamped = Math.max(floor, Math.min(maxTicks, spread));
    if (clamped == spread) {
      return;
    }
    double center = d.center();
    d.setPrices(center - 0.5 * clamped, center + 0.5 * clamped);
    d.record(
        name(),
        clamped > spread
            ? (floor > minTicks
                ? "widened to minimum + volatility spread"
                : "widened to minimum spread")
            : "narrowed to maximum spread");
  }
}
