package com.marketmaker.core.quote;

/**
 * Adjuster: order-book pressure by thresholds. When |imbalance| reaches a tier's threshold, both
 * quotes move by that tier's shift in the direction of the pressure (bids dominating: the price is
 * more likely to tick up, so quote higher). The highest tier reached applies.
 */
public final class BookPressure implements QuoteStep {

  private final double[] thresholds;
  private final double[] shiftTicks;

  /**
   * @param thresholds increasing imbalance thresholds in (0, 1]
   * @param shiftTicks shift applied at each tier, ≥ 0, same length
   */
  public BookPressure(double[] thresholds, double[] shiftTicks) {
    if (thresholds == null || shiftTicks == null || thresholds.length != shiftTicks.length) {
      throw new IllegalArgumentException("book pressure needs one shift per threshold");
    }
    if (thresholds.length == 0) {
      throw new IllegalArgumentException("book pressure needs at least one threshold");
    }
    for (int i = 0; i < thresholds.length; i++) {
      double t = thresholds[i];
      if (!(t > 0 && t <= 1)) {
        throw new IllegalArgumentException("imbalance threshold must be in (0, 1], got " + t);
      }
      if (i > 0 && t <= thresholds[i - 1]) {
        throw new IllegalArgumentException("imbalance thresholds must increase");
      }
      Params.nonNegative(shiftTicks[i], "book pressure shift");
    }
    this.thresholds = thresholds.clone();
    this.shiftTicks = shiftTicks.clone();
  }

  @Override
  public String name() {
    return "book-pressure";
  }

  @Override
  public void apply(QuoteContext c, QuoteDraft d) {
    double imbalance = c.imbalance();
    if (!Double.isFinite(imbalance)) {
      return;
    }
    double magnitude = Math.abs(imbalance);
    double shift = 0;
    for (int i = 0; i < thresholds.length && magnitude >= thresholds[i]; i++) {
      shift = shiftTicks[i];
    }
    if (shift == 0) {
      return;
    }
    d.shift(Math.copySign(shift, imbalance));
    d.record(name(), imbalance > 0 ? "bid pressure: shift up" : "ask pressure: shift down");
  }
}
