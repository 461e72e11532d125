package com.marketmaker.core.instrument;

import java.util.Objects;

/**
 * How an instrument trades: its price grid (tick size) and quantity grid (lot size). Prices are
 * held as a number of ticks and quantities as a number of lots; decimals exist only at the venue
 * boundary, converted exactly by {@link #priceToTicks} and {@link #sizeToLots}.
 *
 * <p>Quote-currency amounts (cash, fees, P&amp;L) are held at {@link #CASH_SCALE} decimal places;
 * {@code price × quantity} is exact there when the price and size scales add up to at most {@code
 * CASH_SCALE} (the usual case); finer grids (Kraken quotes some pairs with 9-decimal prices and
 * 8-decimal volumes, Binance spot books carry 8-decimal aggregated sizes) are accepted and their
 * notional is rounded half-even to {@code CASH_SCALE}.
 *
 * @param id the instrument
 * @param tickUnscaled the tick size as an unscaled value at {@code priceScale}
 * @param priceScale decimal places of the tick size
 * @param lotUnscaled the lot size as an unscaled value at {@code sizeScale}
 * @param sizeScale decimal places of the lot size
 * @param contractType spot, linear or inverse; decides how {@link #orderNotional} is measured
 * @param minNotionalUnscaled the venue's minimum order value in quote currency at {@link
 *     #CASH_SCALE} (0 when the venue has none)
 */
public record InstrumentSpec(
    InstrumentId id,
    long tickUnscaled,
    int priceScale,
    long lotUnscaled,
    int sizeScale,
    ContractType contractType,
    long minNotionalUnscaled) {

  /** Decimal places of quote-currency amounts (cash, fees, P&amp;L). */
  public static final int CASH_SCALE = 8;

  public InstrumentSpec {
    Objects.requireNonNull(id, "id");
    if (contractType == null) {
      // Specs recorded before contract types existed are spot instruments.
      contractType = ContractType.SPOT;
    }
    if (minNotionalUnscaled < 0) {
      throw new IllegalArgumentException("min notional must not be negative");
    }
    if (tickUnscaled <= 0) {
      throw new IllegalArgumentException("tick size must be positive");
    }
    if (lotUnscaled <= 0) {
      throw new IllegalArgumentException("lot size must be positive");
    }
    if (priceScale < 0 || sizeScale < 0 || priceScale + sizeScale > FixedPoint.MAX_SCALE) {
      throw new IllegalArgumentException(
          "tick size and lot size together may have at most "
              + FixedPoint.MAX_SCALE
              + " decimal places, got "
              + priceScale
              + " + "
              + sizeScale);
    }
  }

  /** A spot instrument without a minimum notional. */
  public InstrumentSpec(
      InstrumentId id, long tickUnscaled, int priceScale, long lotUnscaled, int sizeScale) {
    this(id, tickUnscaled, priceScale, lotUnscaled, sizeScale, ContractType.SPOT, 0);
  }

  /**
   * Builds a spec from the venue's decimal tick size, lot size and minimum notional, for example
   * {@code "0.01"}, {@code "0.00001"} and {@code "5"}.
   */
  public static InstrumentSpec of(
      InstrumentId id,
      String tickSize,
      String lotSize,
      ContractType contractType,
      String minNotional) {
    InstrumentSpec base = of(id, tickSize, lotSize);
    long min = parseSize(requireText(minNotional, "min notional"), CASH_SCALE, "min notional");
    return new InstrumentSpec(
        id,
        base.tickUnscaled,
        base.priceScale,
        base.lotUnscaled,
        base.sizeScale,
        contractType,
        min);
  }

  /**
   * Builds a spot spec from the venue's decimal tick and lot sizes, for example {@code "0.01"} and
   * {@code "0.00001"}.
   */
  public static InstrumentSpec of(InstrumentId id, String tickSize, String lotSize) {
    int ps = FixedPoint.scaleOf(requireText(tickSize, "tick size"));
    int ss = FixedPoint.scaleOf(requireText(lotSize, "lot size"));
    long tick = parseSize(tickSize, ps, "tick size");
    long lot = parseSize(lotSize, ss, "lot size");
    return new InstrumentSpec(id, tick, ps, lot, ss);
  }

  private static String requireText(String s, String what) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException(what + " is missing");
    }
    return s;
  }

  private static long parseSize(String text, int scale, String what) {
    try {
      return FixedPoint.parse(text, scale);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
    }
  }

  /**
   * Converts a decimal price to ticks.
   *
   * @throws NumberFormatException if the text is malformed or the price is off the tick grid
   */
  public long priceToTicks(CharSequence price) {
    return onTickGrid(FixedPoint.parse(price, priceScale));
  }

  /**
   * Converts a decimal price held in {@code buf[off, off+len)} to ticks without allocating.
   *
   * @throws NumberFormatException if the text is malformed; {@link OffGridException} if the price
   *     is off the tick grid
   */
  public long priceToTicks(char[] buf, int off, int len) {
    return onTickGrid(FixedPoint.parse(buf, off, len, priceScale));
  }

  /**
   * Converts a decimal price held as ASCII bytes in {@code buf[off, off+len)} to ticks.
   *
   * @throws NumberFormatException if the text is malformed; {@link OffGridException} if the price
   *     is off the tick grid
   */
  public long priceToTicks(byte[] buf, int off, int len) {
    return onTickGrid(FixedPoint.parse(buf, off, len, priceScale));
  }

  private long onTickGrid(long unscaled) {
    if (tickUnscaled == 1) {
      return unscaled; // tick = 10^-priceScale, the usual case: no 64-bit division on the hot path
    }
    if (unscaled % tickUnscaled != 0) {
      throw new OffGridException(
          "price "
              + FixedPoint.format(unscaled, priceScale)
              + " is not a multiple of the tick size "
              + tickSize());
    }
    return unscaled / tickUnscaled;
  }

  private long onLotGrid(long unscaled) {
    if (lotUnscaled == 1) {
      return unscaled;
    }
    if (unscaled % lotUnscaled != 0) {
      throw new OffGridException(
          "size "
              + FixedPoint.format(unscaled, sizeScale)
              + " is not a multiple of the lot size "
              + lotSize());
    }
    return unscaled / lotUnscaled;
  }

  /**
   * Converts a decimal quantity to lots.
   *
   * @throws NumberFormatException if the text is malformed or the size is off the lot grid
   */
  public long sizeToLots(CharSequence size) {
    return onLotGrid(FixedPoint.parse(size, sizeScale));
  }

  /**
   * Converts a decimal quantity held in {@code buf[off, off+len)} to lots without allocating.
   *
   * @throws NumberFormatException if the text is malformed; {@link OffGridException} if the size is
   *     off the lot grid
   */
  public long sizeToLots(char[] buf, int off, int len) {
    return onLotGrid(FixedPoint.parse(buf, off, len, sizeScale));
  }

  /**
   * Converts a decimal quantity held as ASCII bytes in {@code buf[off, off+len)} to lots.
   *
   * @throws NumberFormatException if the text is malformed; {@link OffGridException} if the size is
   *     off the lot grid
   */
  public long sizeToLots(byte[] buf, int off, int len) {
    return onLotGrid(FixedPoint.parse(buf, off, len, sizeScale));
  }

  /** The decimal price of {@code ticks}. */
  public String ticksToPrice(long ticks) {
    return FixedPoint.format(Math.multiplyExact(ticks, tickUnscaled), priceScale);
  }

  /** The decimal quantity of {@code lots}. */
  public String lotsToSize(long lots) {
    return FixedPoint.format(Math.multiplyExact(lots, lotUnscaled), sizeScale);
  }

  /** The tick size as decimal text. */
  public String tickSize() {
    return FixedPoint.format(tickUnscaled, priceScale);
  }

  /** The lot size as decimal text. */
  public String lotSize() {
    return FixedPoint.format(lotUnscaled, sizeScale);
  }

  /** Price in ticks as a double in quote currency (for reporting, never for the book). */
  public double ticksToDouble(long ticks) {
    return (double) ticks * tickUnscaled / FixedPoint.pow10(priceScale);
  }

  /** Quantity in lots as a double in base units (for reporting). */
  public double lotsToDouble(long lots) {
    return (double) lots * lotUnscaled / FixedPoint.pow10(sizeScale);
  }

  /**
   * The quote-currency notional of {@code ticks × lots} at {@link #CASH_SCALE}: exact when the tick
   * and lot decimals add up to at most {@code CASH_SCALE}, otherwise rounded half-even.
   */
  public long notional(long ticks, long lots) {
    long raw =
        Math.multiplyExact(
            Math.multiplyExact(ticks, lots), Math.multiplyExact(tickUnscaled, lotUnscaled));
    int excess = priceScale + sizeScale - CASH_SCALE;
    if (excess <= 0) {
      return Math.multiplyExact(raw, FixedPoint.pow10(-excess));
    }
    long unit = FixedPoint.pow10(excess);
    long q = Math.floorDiv(raw, unit);
    long r = raw - q * unit;
    long twice = 2 * r;
    if (twice > unit || (twice == unit && (q & 1) != 0)) {
      q++;
    }
    return q;
  }

  /**
   * The quote-currency value of an order of {@code lots} at {@code ticks}, at {@link #CASH_SCALE}:
   * price × quantity for spot and linear instruments, the contracts' face value (quantity) for
   * inverse ones.
   */
  public long orderNotional(long ticks, long lots) {
    if (contractType == ContractType.INVERSE) {
      long faceValue = Math.multiplyExact(lots, lotUnscaled);
      return sizeScale <= CASH_SCALE
          ? Math.multiplyExact(faceValue, FixedPoint.pow10(CASH_SCALE - sizeScale))
          : faceValue / FixedPoint.pow10(sizeScale - CASH_SCALE);
    }
    return notional(ticks, lots);
  }

  /** Whether an order of {@code lots} at {@code ticks} meets the venue's minimum notional. */
  public boolean meetsMinNotional(long ticks, long lots) {
    return orderNotional(ticks, lots) >= minNotionalUnscaled;
  }
}
