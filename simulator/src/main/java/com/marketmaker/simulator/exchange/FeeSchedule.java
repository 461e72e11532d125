package com.marketmaker.simulator.exchange;

import com.marketmaker.core.instrument.FixedPoint;
import com.marketmaker.core.instrument.InstrumentSpec;

/**
 * Maker and taker fee rates of one venue, charged in the quote asset on every fill.
 *
 * <p>Rates are held as integers at {@link #RATE_SCALE} decimal places ({@code 0.0010} is {@code
 * 100000}); a negative maker rate is a rebate. The fee of a fill is {@code notional × rate}, where
 * the notional is the fill's quote amount at {@link InstrumentSpec#CASH_SCALE} (8) places, rounded
 * half-even to 8 places. The product is computed exactly in {@code long} arithmetic (the notional
 * is split at 10^8 so no intermediate overflows), so the same fill always costs the same fee to the
 * last unit.
 *
 * @param makerRate rate of the resting side at {@link #RATE_SCALE}
 * @param takerRate rate of the aggressing side at {@link #RATE_SCALE}
 */
public record FeeSchedule(long makerRate, long takerRate) {

  /** Decimal places of a rate. */
  public static final int RATE_SCALE = 8;

  private static final long ONE = FixedPoint.pow10(RATE_SCALE);

  public FeeSchedule {
    if (Math.abs(makerRate) >= ONE || takerRate < 0 || takerRate >= ONE) {
      throw new IllegalArgumentException(
          "fee rates must lie in (-1, 1), the taker rate non-negative: maker "
              + FixedPoint.format(makerRate, RATE_SCALE)
              + ", taker "
              + FixedPoint.format(takerRate, RATE_SCALE));
    }
  }

  /** Binance spot's standard rates: maker 0.10 %, taker 0.10 %. */
  public static final FeeSchedule SPOT_DEFAULT = of("0.0010", "0.0010");

  /** Binance USD-M's standard rates: maker 0.02 %, taker 0.05 %. */
  public static final FeeSchedule USDM_DEFAULT = of("0.0002", "0.0005");

  /**
   * Parses decimal rates such as {@code "0.0002"} or {@code "-0.0001"}.
   *
   * @throws IllegalArgumentException for malformed text, more than 8 places or a rate outside (-1,
   *     1)
   */
  public static FeeSchedule of(String maker, String taker) {
    try {
      return new FeeSchedule(
          FixedPoint.parse(maker, RATE_SCALE), FixedPoint.parse(taker, RATE_SCALE));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("fee rate: " + e.getMessage(), e);
    }
  }

  /**
   * The fee of a fill of quote amount {@code notional} (at 8 places), at 8 places: {@code notional
   * × rate} rounded half-even; negative for a maker rebate.
   */
  public long fee(long notional, boolean maker) {
    return applyRate(notional, maker ? makerRate : takerRate);
  }

  /**
   * {@code amount × rate / 10^8}, rounded half-even, exact for any amount below 9.2 × 10^10·10^8.
   */
  static long applyRate(long amount, long rate) {
    if (amount < 0) {
      return -applyRate(-amount, rate);
    }
    if (rate < 0) {
      return -applyRate(amount, -rate);
    }
    long hi = amount / ONE;
    long lo = amount % ONE;
    long whole = Math.multiplyExact(hi, rate); // (hi·10^8·rate) / 10^8, exact
    long loProduct = lo * rate; // < 10^16, no overflow
    long q = Math.addExact(whole, loProduct / ONE);
    long r = loProduct % ONE;
    if (2 * r > ONE || (2 * r == ONE && (q & 1) != 0)) {
      q++;
    }
    return q;
  }

  public String makerRateText() {
    return FixedPoint.format(makerRate, RATE_SCALE);
  }

  public String takerRateText() {
    return FixedPoint.format(takerRate, RATE_SCALE);
  }
}
