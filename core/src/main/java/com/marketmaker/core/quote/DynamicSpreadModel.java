package com.marketmaker.core.quote;

/**
 * Base model: a symmetric spread that widens with volatility, spread = base + multiplier·σ (ticks),
 * centred on the reference price. The simplest model, and the fallback when no intensity
 * calibration exists.
 */
public final class DynamicSpreadModel implements QuoteStep {

  private final double baseSpreadTicks;
  private final double volatilityMultiplier;
  private final ReferencePrice reference;

  /**
   * @param baseSpreadTicks spread at zero volatility, ticks, &gt; 0
   * @param volatilityMultiplier extra spread per unit of σ (ticks per √s), ≥ 0
   */
  public DynamicSpreadModel(
      double baseSpreadTicks, double volatilityMultiplier, ReferencePrice reference) {
    if (!(baseSpreadTicks > 0) || Double.isInfinite(baseSpreadTicks)) {
      throw new IllegalArgumentException("base spread must be positive, got " + baseSpreadTicks);
    }
    if (!(volatilityMultiplier >= 0) || Double.isInfinite(volatilityMultiplier)) {
      throw new IllegalArgumentException(
          "volatility multiplier must be finite and >= 0, got " + volatilityMultiplier);
    }
    if (reference == null) {
      throw new IllegalArgumentException("reference price required");
    }
    this.baseSpreadTicks = baseSpreadTicks;
    this.volatilityMultiplier = volatilityMultiplier;
    this.reference = reference;
  }

  @Override
  public String name() {
    return "dynamic-spread";
  }

  @Override
  public void apply(QuoteContext c, QuoteDraft d) {
    double half = 0.5 * (baseSpreadTicks + volatilityMultiplier * c.volatility());
    double s = reference.of(c);
    d.setPrices(s - half, s + half);
    d.record(name(), "base + volatility x multiplier");
  }
}
