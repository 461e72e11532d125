package com.marketmaker.core.portfolio.book;

import com.marketmaker.core.accounting.Side;
import java.util.Locale;

/**
 * One execution of our order, as the portfolio books it: prices and quantities as plain decimals
 * (the per-instrument tick and lot grids are the instrument actors' concern).
 *
 * <p>Validation: the instrument is written {@code VENUE:SYMBOL} with exactly one colon and its
 * venue prefix equal to {@code venue}; base and quote assets are non-blank, different, and are
 * upper-cased; the trade id is not negative; price and quantity are finite and positive; the fee is
 * finite (negative for a rebate); the timestamp is not negative.
 *
 * @param instrument the instrument id {@code VENUE:SYMBOL}, e.g. {@code BINANCE:BTCUSDT}
 * @param venue the venue, equal to the instrument's prefix
 * @param baseAsset the asset bought or sold, e.g. {@code BTC}
 * @param quoteAsset the asset prices are in, e.g. {@code USDT}
 * @param tradeId the venue's trade id, unique per instrument: the key of exactly-once booking
 * @param side our side: BUY adds to the position, SELL reduces it
 * @param price the execution price, quote currency per base unit
 * @param quantity the executed quantity, base units, positive
 * @param fee the fee paid, quote currency; negative for a rebate
 * @param timestampMillis the execution time, epoch milliseconds
 */
public record PortfolioFill(
    String instrument,
    String venue,
    String baseAsset,
    String quoteAsset,
    long tradeId,
    Side side,
    double price,
    double quantity,
    double fee,
    long timestampMillis) {

  /** Validates the fill and upper-cases the asset codes. */
  public PortfolioFill {
    if (venue == null || venue.isBlank()) {
      throw new IllegalArgumentException("venue is missing");
    }
    requireInstrument(instrument, venue);
    baseAsset = asset(baseAsset, "base asset");
    quoteAsset = asset(quoteAsset, "quote asset");
    if (baseAsset.equals(quoteAsset)) {
      throw new IllegalArgumentException("base and quote asset are both " + baseAsset);
    }
    if (tradeId < 0) {
      throw new IllegalArgumentException("trade id must not be negative: " + tradeId);
    }
    if (side == null) {
      throw new IllegalArgumentException("side is missing");
    }
    if (!(price > 0) || !Double.isFinite(price)) {
      throw new IllegalArgumentException("price must be finite and positive: " + price);
    }
    if (!(quantity > 0) || !Double.isFinite(quantity)) {
      throw new IllegalArgumentException("quantity must be finite and positive: " + quantity);
    }
    if (!Double.isFinite(fee)) {
      throw new IllegalArgumentException("fee must be finite: " + fee);
    }
    if (timestampMillis < 0) {
      throw new IllegalArgumentException("timestamp must not be negative: " + timestampMillis);
    }
  }

  /** The signed quantity in base units: +quantity for a buy, −quantity for a sell. */
  public double signedQuantity() {
    return side.sign() * quantity;
  }

  /** The traded notional price × quantity, quote currency. */
  public double notionalQuote() {
    return price * quantity;
  }

  /**
   * Checks an instrument id has the form {@code VENUE:SYMBOL} with one colon and, when {@code
   * venue} is not null, that prefix.
   */
  static void requireInstrument(String instrument, String venue) {
    if (instrument == null || instrument.isBlank()) {
      throw new IllegalArgumentException("instrument is missing; expected VENUE:SYMBOL");
    }
    int colon = instrument.indexOf(':');
    if (colon <= 0 || colon == instrument.length() - 1 || instrument.indexOf(':', colon + 1) >= 0) {
      throw new IllegalArgumentException(
          "invalid instrument '" + instrument + "'; expected VENUE:SYMBOL, e.g. BINANCE:BTCUSDT");
    }
    if (venue != null && !instrument.substring(0, colon).equals(venue)) {
      throw new IllegalArgumentException(
          "instrument '" + instrument + "' is not on venue '" + venue + "'");
    }
  }

  /** The venue prefix of {@code VENUE:SYMBOL}. */
  static String venueOf(String instrument) {
    requireInstrument(instrument, null);
    return instrument.substring(0, instrument.indexOf(':'));
  }

  /** The symbol part of {@code VENUE:SYMBOL}. */
  static String symbolOf(String instrument) {
    requireInstrument(instrument, null);
    return instrument.substring(instrument.indexOf(':') + 1);
  }

  static String asset(String code, String what) {
    if (code == null || code.isBlank()) {
      throw new IllegalArgumentException(what + " is missing");
    }
    return code.trim().toUpperCase(Locale.ROOT);
  }
}
