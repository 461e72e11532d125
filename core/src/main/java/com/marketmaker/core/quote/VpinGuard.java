package com.marketmaker.core.quote;

/**
 * Adjuster: toxicity guard on VPIN (Easley, López de Prado &amp; O'Hara 2012). Above the widening
 * threshold the spread is multiplied around its centre; above the pull threshold all quotes are
 * pulled, because informed flow would pick them off.
 */
public final class VpinGuard implements QuoteStep {

  private final double widenThreshold;
  private final double widenFactor;
  private final double pullThreshold;
  private final double sizeFactor;

  /**
   * @param widenThreshold VPIN from which the spread widens, in [0, 1]
   * @param widenFactor spread multiplier when widening, ≥ 1
   * @param pullThreshold VPIN from which quotes are pulled, in [widenThreshold, 1]
   */
  public VpinGuard(double widenThreshold, double widenFactor, double pullThreshold) {
    this(widenThreshold, widenFactor, 1.0, pullThreshold);
  }

  /**
   * A guard that also reduces the size above the widening threshold ("reduced quoting").
   *
   * @param sizeFactor size multiplier when widening, in (0, 1]
   */
  public VpinGuard(
      double widenThreshold, double widenFactor, double sizeFactor, double pullThreshold) {
    if (!(sizeFactor > 0 && sizeFactor <= 1)) {
      throw new IllegalArgumentException("VPIN size factor must be in (0, 1], got " + sizeFactor);
    }
    this.sizeFactor = sizeFactor;
    if (!(widenThreshold >= 0 && widenThreshold <= 1)) {
      throw new IllegalArgumentException("VPIN widen threshold must be in [0, 1]");
    }
    if (!(pullThreshold >= widenThreshold && pullThreshold <= 1)) {
      throw new IllegalArgumentException(
          "VPIN pull threshold must be in [widen threshold, 1], got " + pullThreshold);
    }
    if (!(widenFactor >= 1) || Double.isInfinite(widenFactor)) {
      throw new IllegalArgumentException("VPIN widen factor must be >= 1, got " + widenFactor);
    }
    this.widenThreshold = widenThreshold;
    this.widenFactor = widenFactor;
    this.pullThreshold = pullThreshold;
  }

  @Override
  public String name() {
    return "vpin-guard";
  }

  @Override
  public void apply(QuoteContext c, QuoteDraft d) {
    double vpin = c.vpin();
    if (!Double.isFinite(vpin)) {
      return;
    }
    if (vpin >= pullThreshold) {
      d.pull("VPIN " + vpin + " at or above pull threshold " + pullThreshold);
      d.record(name(), "toxic flow: pull");
      return;
    }
    if (vpin >= widenThreshold && (widenFactor > 1 || sizeFactor < 1)) {
      double center = d.center();
      double half = 0.5 * d.spread() * widenFactor;
      d.setPrices(center - half, center + half);
      d.setSizes(d.bidSize() * sizeFactor, d.askSize() * sizeFactor);
      d.record(name(), "toxic flow: reduced quoting (wider, smaller)");
    }
  }
}
