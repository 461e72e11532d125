package com.marketmaker.backtest.run;

import com.marketmaker.core.accounting.FeeSchedule;
import com.marketmaker.core.engine.QuotingEngine;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.orders.OrderPlanner;
import com.marketmaker.core.orders.OrderType;
import com.marketmaker.core.orders.TimeInForce;
import com.marketmaker.core.orders.VenueRateLimits;

/**
 * What a backtest runs with unless told otherwise: the live entity's shipped order settings ({@code
 * market-maker.orders} in the actors' reference configuration), each venue's regular-tier fees and
 * account rate limits, and log-normal latencies around 5 ms.
 */
public final class BacktestDefaults {

  private static final long MS = 1_000_000L;
  private static final long S = 1_000_000_000L;

  private BacktestDefaults() {}

  /** The live planner's shipped settings: post-only GTC quotes, 200 ms to 60 s order ages. */
  public static OrderPlanner.Config planner() {
    return new OrderPlanner.Config(
        0,
        0,
        0,
        200 * MS,
        60 * S,
        Long.MAX_VALUE,
        2 * S,
        5 * S,
        OrderType.LIMIT_MAKER,
        TimeInForce.GTC);
  }

  /**
   * The engine's settings for an instrument on {@code venue} sharing the account with {@code
   * instruments} instruments (the account's limits divided among them, as live).
   */
  public static QuotingEngine.Settings engine(Venue venue, int instruments) {
    return new QuotingEngine.Settings(
        planner(), accountLimits(venue).share(1.0 / Math.max(1, instruments)), 10 * S, 0);
  }

  /** The venue account's order-rate limits (a fallback of 20 per 10 s for venues without one). */
  public static VenueRateLimits.Config accountLimits(Venue venue) {
    try {
      return VenueRateLimits.Config.forVenue(venue);
    } catch (IllegalArgumentException noPreset) {
      return new VenueRateLimits.Config(
          java.util.List.of(VenueRateLimits.Limit.perSeconds(20, 10)),
          java.util.List.of(VenueRateLimits.Limit.perSeconds(40, 10)),
          0.5);
    }
  }

  /**
   * Regular-tier fees: Binance spot 10/10 bps, USD-M 2/5 bps; Kraken Pro 25/40 bps; Coinbase
   * Advanced 40/60 bps (each venue's published schedule for its lowest volume tier).
   */
  public static FeeSchedule fees(Venue venue) {
    return switch (venue) {
      case BINANCE -> FeeSchedule.binanceSpotRegular();
      case BINANCE_USDM -> FeeSchedule.binanceUsdmRegular();
      case KRAKEN -> FeeSchedule.ofBps(25, 40);
      case COINBASE -> FeeSchedule.ofBps(40, 60);
      default -> FeeSchedule.ofBps(10, 10);
    };
  }
}
