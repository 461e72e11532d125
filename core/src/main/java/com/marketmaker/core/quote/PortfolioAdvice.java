package com.marketmaker.core.quote;

/**
 * What the portfolio asks of one instrument's quotes: a skew toward a cointegrated basket's
 * equilibrium or a hedge (relative to the mid, basis points, positive raises both quotes), wider
 * spreads and smaller sizes while a portfolio limit is breached, or no quotes at all.
 *
 * @param skewBps shift of both quotes, basis points of the mid: positive raises them (our bid more
 *     likely filled: leaning to buy), negative lowers them (leaning to sell)
 * @param widenBps added to each side's distance from the centre, basis points of the mid, &ge; 0
 * @param sizeFactor multiplies both sides' sizes, in (0, 1]
 * @param pull pull both sides
 * @param reason why, for the decision's explanation (null for {@link #NONE})
 */
public record PortfolioAdvice(
    double skewBps, double widenBps, double sizeFactor, boolean pull, String reason) {

  /** No advice: the quotes are the instrument's own. */
  public static final PortfolioAdvice NONE = new PortfolioAdvice(0, 0, 1, false, null);

  public PortfolioAdvice {
    if (!Double.isFinite(skewBps) || Math.abs(skewBps) > 10_000) {
      throw new IllegalArgumentException("skewBps must be finite and within ±10000: " + skewBps);
    }
    if (!(widenBps >= 0) || widenBps > 10_000) {
      throw new IllegalArgumentException("widenBps must lie in [0, 10000]: " + widenBps);
    }
    if (!(sizeFactor > 0) || sizeFactor > 1) {
      throw new IllegalArgumentException("sizeFactor must lie in (0, 1]: " + sizeFactor);
    }
  }

  public boolean isNone() {
    return skewBps == 0 && widenBps == 0 && sizeFactor == 1 && !pull;
  }
}
