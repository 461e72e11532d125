package com.marketmaker.core.strategy;

/**
 * The operator-set strategy parameters of one instrument.
 *
 * @param riskAversion γ of Avellaneda–Stoikov (2008) and GLFT (2013), per tick and per order of
 *     {@code orderSizeLots} (the models work in lots with γ / orderSizeLots), strictly positive
 * @param horizonSeconds the (rolling) horizon T−t in seconds, strictly positive
 * @param minSpreadBps narrowest total quoted spread, in basis points of the mid
 * @param maxSpreadBps widest total quoted spread, in basis points of the mid
 * @param orderSizeLots size of each quote in lots
 * @param maxPositionLots absolute inventory limit in lots; at the limit only the reducing side
 *     quotes
 */
public record MakerParameters(
    double riskAversion,
    double horizonSeconds,
    double minSpreadBps,
    double maxSpreadBps,
    long orderSizeLots,
    long maxPositionLots) {

  public MakerParameters {
    requireFinite("riskAversion", riskAversion);
    requireFinite("horizonSeconds", horizonSeconds);
    requireFinite("minSpreadBps", minSpreadBps);
    requireFinite("maxSpreadBps", maxSpreadBps);
    if (riskAversion <= 0) {
      throw new IllegalArgumentException("riskAversion (gamma) must be > 0, got " + riskAversion);
    }
    if (horizonSeconds <= 0) {
      throw new IllegalArgumentException("horizonSeconds must be > 0, got " + horizonSeconds);
    }
    if (minSpreadBps < 0) {
      throw new IllegalArgumentException("minSpreadBps must be >= 0, got " + minSpreadBps);
    }
    if (maxSpreadBps < minSpreadBps) {
      throw new IllegalArgumentException(
          "maxSpreadBps (" + maxSpreadBps + ") must be >= minSpreadBps (" + minSpreadBps + ")");
    }
    if (orderSizeLots <= 0) {
      throw new IllegalArgumentException("orderSize must be positive");
    }
    if (maxPositionLots < orderSizeLots) {
      throw new IllegalArgumentException("maxPosition must be at least one order size");
    }
  }

  private static void requireFinite(String name, double v) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(name + " must be a finite number, got " + v);
    }
  }
}
