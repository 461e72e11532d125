package com.marketmaker.core.quote;

/**
 * Constraint: order sizes shaped by inventory, bid size·e^(−η·q) and ask size·e^(η·q): a long book
 * buys less and sells more, so the position mean-reverts by size as well as by price.
 */
public final class SizeShaping implements QuoteStep {

  private final double eta;

  /**
   * @param eta shape parameter η per lot, ≥ 0
   */
  public SizeShaping(double eta) {
    this.eta = Params.nonNegative(eta, "size shaping eta");
  }

  @Override
  public String name() {
    return "size-shaping";
  }

  @Override
  public void apply(QuoteContext c, QuoteDraft d) {
    long q = c.inventoryLots();
    if (q == 0 || eta == 0) {
      return;
    }
    double f = Math.exp(-eta * q);
    d.setSizes(d.bidSize() * f, d.askSize() / f);
    d.record(name(), "size x exp(-eta q)");
  }
}
