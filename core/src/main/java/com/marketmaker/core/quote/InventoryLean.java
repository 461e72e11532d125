package com.marketmaker.core.quote;

/**
 * Adjuster: leans both quotes against the distance from a target inventory, shift = −lean·(q −
 * target) ticks. Long of target lowers both prices (sell more readily, buy less readily); short
 * raises them. This is the linear reservation-price skew of Avellaneda &amp; Stoikov (2008) with
 * the coefficient set directly, for base models that have no inventory term of their own.
 */
public final class InventoryLean implements QuoteStep {

  private final long targetLots;
  private final double ticksPerLot;

  /**
   * @param targetLots inventory the desk wants to hold
   * @param ticksPerLot lean per lot away from target, ≥ 0
   */
  public InventoryLean(long targetLots, double ticksPerLot) {
    this.targetLots = targetLots;
    this.ticksPerLot = Params.nonNegative(ticksPerLot, "inventory lean (ticks per lot)");
  }

  @Override
  public String name() {
    return "inventory-lean";
  }

  @Override
  public void apply(QuoteContext c, QuoteDraft d) {
    long excess = c.inventoryLots() - targetLots;
    if (excess == 0 || ticksPerLot == 0) {
      return;
    }
    d.shift(-ticksPerLot * excess);
    d.record(name(), excess > 0 ? "long of target: lean down" : "short of target: lean up");
  }
}
