package com.marketmaker.simulator.synthetic;

/**
 * The synthetic order flow of one instrument.
 *
 * <p>The fair mid {@code S} follows a geometric diffusion with Poisson jumps: {@code dS/S = σ dW +
 * J dN}, with {@code N} a Poisson process of {@code jumpRate} per second and {@code J = ±jumpSize}
 * with equal odds. The crowd posts limit orders at a distance of {@code 1 + G} ticks from the fair
 * mid, {@code G} geometric with success probability {@code distanceP} (mean distance {@code
 * 1/distanceP} ticks), on either side with equal odds; sends market orders; and cancels resting
 * orders chosen at random. Each kind arrives by its own {@link ArrivalSpec}.
 *
 * @param volatility σ, relative change of the fair mid per √second
 * @param jumpRate jumps per second (0 for none)
 * @param jumpSize relative size of a jump
 * @param limitOrders arrivals of crowd limit orders
 * @param marketOrders arrivals of crowd market orders
 * @param cancels arrivals of crowd cancels (each cancels one resting crowd order)
 * @param distanceP success probability of the geometric tick distance, in (0, 1]
 * @param minLots smallest crowd order, in lots
 * @param maxLots largest crowd limit order, in lots (uniform in between)
 * @param maxMarketLots largest crowd market order, in lots
 * @param maxRestingOrders above this many resting crowd orders a random one is cancelled per new
 *     one
 * @param pairing the instrument this one is cointegrated with by construction, or null for an
 *     independent one
 */
public record FlowParameters(
    double volatility,
    double jumpRate,
    double jumpSize,
    ArrivalSpec limitOrders,
    ArrivalSpec marketOrders,
    ArrivalSpec cancels,
    double distanceP,
    long minLots,
    long maxLots,
    long maxMarketLots,
    int maxRestingOrders,
    Pairing pairing) {

  /** An independent instrument's flow. */
  public FlowParameters(
      double volatility,
      double jumpRate,
      double jumpSize,
      ArrivalSpec limitOrders,
      ArrivalSpec marketOrders,
      ArrivalSpec cancels,
      double distanceP,
      long minLots,
      long maxLots,
      long maxMarketLots,
      int maxRestingOrders) {
    this(
        volatility,
        jumpRate,
        jumpSize,
        limitOrders,
        marketOrders,
        cancels,
        distanceP,
        minLots,
        maxLots,
        maxMarketLots,
        maxRestingOrders,
        null);
  }

  public FlowParameters {
    if (!(volatility >= 0) || !(jumpRate >= 0) || !(jumpSize >= 0) || jumpSize >= 1) {
      throw new IllegalArgumentException(
          "volatility, jump rate >= 0 and jump size in [0, 1) required");
    }
    if (limitOrders == null || marketOrders == null || cancels == null) {
      throw new IllegalArgumentException("limit, market and cancel arrivals are required");
    }
    if (!(distanceP > 0) || distanceP > 1) {
      throw new IllegalArgumentException("distanceP must lie in (0, 1], got " + distanceP);
    }
    if (minLots < 1 || maxLots < minLots || maxMarketLots < minLots || maxRestingOrders < 1) {
      throw new IllegalArgumentException(
          "need 1 <= minLots <= maxLots, maxMarketLots >= minLots and maxRestingOrders >= 1");
    }
  }

  /**
   * About 15 market-data messages per second per instrument (measured, BENCHMARKS.md): 10 limit
   * orders, 1 market order and 8 cancels per second (Poisson), σ = 2·10^-4 per √s, one 0.2 % jump
   * per 100 s, mean distance 6.7 ticks, orders of 50 to 2000 lots.
   */
  public static FlowParameters defaults() {
    return new FlowParameters(
        2e-4,
        0.01,
        0.002,
        ArrivalSpec.poisson(10),
        ArrivalSpec.poisson(1),
        ArrivalSpec.poisson(8),
        0.15,
        50,
        2000,
        500,
        400);
  }

  public FlowParameters withArrivals(ArrivalSpec limits, ArrivalSpec markets, ArrivalSpec cancel) {
    return new FlowParameters(
        volatility,
        jumpRate,
        jumpSize,
        limits,
        markets,
        cancel,
        distanceP,
        minLots,
        maxLots,
        maxMarketLots,
        maxRestingOrders,
        pairing);
  }

  /** This flow following {@code leader} (see {@link Pairing}). */
  public FlowParameters withPairing(Pairing pairing) {
    return new FlowParameters(
        volatility,
        jumpRate,
        jumpSize,
        limitOrders,
        marketOrders,
        cancels,
        distanceP,
        minLots,
        maxLots,
        maxMarketLots,
        maxRestingOrders,
        pairing);
  }
}
