package com.marketmaker.core.quote;

/**
 * Adjuster: a continuous skew on the imbalance signal, shift = coefficient·imbalance ticks, for a
 * desk that has fitted the short-horizon price response to imbalance (Cartea, Jaimungal &amp;
 * Penalva 2015, ch. 12 style alpha signal). Complements the threshold tiers of {@link
 * BookPressure}.
 */
public final class ImbalanceSkew implements QuoteStep {

  private final double ticksPerUnit;

  /**
   * @param ticksPerUnit shift at imbalance ±1, ticks, ≥ 0
   */
  public ImbalanceSkew(double ticksPerUnit) {
    this.ticksPerUnit = Params.nonNegative(ticksPerUnit, "imbalance skew coefficient");
  }

  @Override
  public String name() {
    return "imbalance-skew";
  }

  @Override
  public void apply(QuoteContext c, QuoteDraft d) {
    double imbalance = c.imbalance();
    if (!Double.isFinite(imbalance) || imbalance == 0 || ticksPerUnit == 0) {
      return;
    }
    d.shift(ticksPerUnit * Math.max(-1, Math.min(1, imbalance)));
    d.record(name(), "skew toward imbalance");
  }
}
