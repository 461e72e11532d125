package com.marketmaker.core.quote;

/**
 * How many orders each side carries and how they are spread: level i sits {@code i·spacingTicks}
 * behind the best level with size {@code size·sizeDecay^i}, floored to whole lots and clipped to
 * [minLots, maxLots]. One level with no decay is plain two-sided quoting.
 *
 * @param levels orders per side, ≥ 1
 * @param spacingTicks distance between levels, ≥ 1
 * @param sizeDecay size ratio between consecutive levels, in (0, 1]
 * @param minLots smallest order the venue accepts, lots, ≥ 1
 * @param maxLots largest order per level, lots, ≥ minLots
 */
public record Ladder(int levels, long spacingTicks, double sizeDecay, long minLots, long maxLots) {

  public Ladder {
    if (levels < 1) {
      throw new IllegalArgumentException("ladder needs at least 1 level, got " + levels);
    }
    if (spacingTicks < 1) {
      throw new IllegalArgumentException("ladder spacing must be at least 1 tick");
    }
    if (!(sizeDecay > 0 && sizeDecay <= 1)) {
      throw new IllegalArgumentException("ladder size decay must be in (0, 1], got " + sizeDecay);
    }
    if (minLots < 1) {
      throw new IllegalArgumentException("minimum order size must be at least 1 lot");
    }
    if (maxLots < minLots) {
      throw new IllegalArgumentException(
          "maximum order size " + maxLots + " below minimum " + minLots);
    }
  }

  /** A single level per side. */
  public static Ladder single(long minLots, long maxLots) {
    return new Ladder(1, 1, 1.0, minLots, maxLots);
  }
}
