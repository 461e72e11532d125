package com.marketmaker.core.quote;

/**
 * Constraint: order sizes shaped by inventory, bid size·e^(−η·q) and ask size·e^(η·q): a long book
 * buys less and sells more, so the position mean-reverts by size as well as by price.
 */
public final class SizeShaping implements QuoteStep {

  private final double eta;
  private final double step;

  /**
   * @param eta shape parameter η per lot, ≥ 0
   */
  public SizeShaping(double eta) {
    this(eta, 0);
  }

  /**
   * Shaping in steps: the factor e^(∓η·q) is rounded to a multiple of {@code step} (0 for none), so
   * a small change of inventory does not change the wanted sizes, and does not cost the working
   * orders a cancel-replace each.
   *
   * @param step the factor's step, in [0, 1)
   */
  public SizeShaping(double eta, double step) {
    this.eta = Params.nonNegative(eta, "size shaping eta");
    if (!(step >= 0 && step < 1)) {
      throw new IllegalArgumentException("size shaping step must be in [0, 1), got " + step);
    }
    this.step = step;
  }

  private double rounded(double f) {
    return step == 0 ? f : Math.max(step, Math.round(f / step) * step);
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
    double bid = rounded(Math.exp(-eta * q));
    double ask = rounded(Math.exp(eta * q));
    if (bid == 1 && ask == 1) {
      return;
    }
    d.setSizes(d.bidSize() * bid, d.askSize() * ask);
    d.record(name(), step == 0 ? "size x exp(-eta q)" : "size x exp(-eta q), in steps");
  }
}
