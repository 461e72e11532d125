package com.marketmaker.core.pricing;

/**
 * Optimal quote distances from the mid-price: bid = s − bidDepth, ask = s + askDepth. A depth is
 * {@code NaN} when the side is not quoted (at the inventory bound).
 */
public record OptimalDepths(double bidDepth, double askDepth) {

  public boolean quotesBid() {
    return !Double.isNaN(bidDepth);
  }

  public boolean quotesAsk() {
    return !Double.isNaN(askDepth);
  }
}
