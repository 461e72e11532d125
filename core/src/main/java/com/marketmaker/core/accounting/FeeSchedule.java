package com.marketmaker.core.accounting;

import com.marketmaker.core.instrument.InstrumentSpec;

/**
 * A venue account's maker and taker fee rates, as exact fractions of notional with {@link
 * #RATE_SCALE} = 10^8 (10 bps = 100,000); a negative rate is a rebate. Used where a venue does not
 * report the fee itself (simulation, backtest) and to check that reported fees match the tier.
 *
 * @param makerRate fee rate on maker fills × 10^8
 * @param takerRate fee rate on taker fills × 10^8
 */
public record FeeSchedule(long makerRate, long takerRate) {

  /** Rates are fractions of notional times 10^8: 1 bp = 10,000. */
  public static final long RATE_SCALE = 100_000_000L;

  public FeeSchedule {
    if (Math.abs(makerRate) >= RATE_SCALE || Math.abs(takerRate) >= RATE_SCALE) {
      throw new IllegalArgumentException("fee rates must be below 100% in magnitude");
    }
  }

  /** A schedule from rates in basis points (1 bp = 0.01%), rounded to 10^-8. */
  public static FeeSchedule ofBps(double makerBps, double takerBps) {
    if (!Double.isFinite(makerBps) || !Double.isFinite(takerBps)) {
      throw new IllegalArgumentException("fee rates must be finite");
    }
    return new FeeSchedule(Math.round(makerBps * 10_000), Math.round(takerBps * 10_000));
  }

  /**
   * Binance spot, regular (VIP 0) account: 0.1000% maker and taker (Binance fee schedule,
   * https://www.binance.com/en/fee/schedule); a BNB discount or a VIP tier must be configured.
   */
  public static FeeSchedule binanceSpotRegular() {
    return ofBps(10, 10);
  }

  /**
   * Binance USD-M futures, regular (VIP 0) account with USDT: 0.0200% maker, 0.0500% taker
   * (https://www.binance.com/en/fee/futureFee).
   */
  public static FeeSchedule binanceUsdmRegular() {
    return ofBps(2, 5);
  }

  /** The fee of a fill in cash units (negative for a rebate), rounded half-even. */
  public long fee(InstrumentSpec spec, long priceTicks, long sizeLots, boolean maker) {
    return Money.mulDiv(
        spec.notional(priceTicks, sizeLots), maker ? makerRate : takerRate, RATE_SCALE);
  }
}
