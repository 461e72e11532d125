package com.marketmaker.core.instrument;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An instrument at one venue, written {@code VENUE:SYMBOL} (for example {@code BINANCE:BTCUSDT}).
 * This string is also the sharding entity id of the instrument's actor.
 */
public record InstrumentId(Venue venue, String symbol) {

  private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9][A-Z0-9._/-]{0,31}");

  public InstrumentId {
    Objects.requireNonNull(venue, "venue");
    Objects.requireNonNull(symbol, "symbol");
    if (!SYMBOL.matcher(symbol).matches()) {
      throw new IllegalArgumentException(
          "invalid symbol '"
              + symbol
              + "': 1 to 32 characters of A-Z, 0-9, '.', '_', '/', '-', starting with a letter or"
              + " digit");
    }
  }

  /** Builds an id from a venue name and a symbol; the symbol is upper-cased. */
  public static InstrumentId of(String venue, String symbol) {
    if (symbol == null || symbol.isBlank()) {
      throw new IllegalArgumentException("symbol is missing");
    }
    return new InstrumentId(Venue.parse(venue), symbol.trim().toUpperCase(Locale.ROOT));
  }

  /**
   * Parses {@code VENUE:SYMBOL}.
   *
   * @throws IllegalArgumentException with the reason when the text is not a valid instrument id
   */
  public static InstrumentId parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("instrument id is missing; expected VENUE:SYMBOL");
    }
    int colon = text.indexOf(':');
    if (colon <= 0 || colon == text.length() - 1 || text.indexOf(':', colon + 1) >= 0) {
      throw new IllegalArgumentException(
          "invalid instrument id '" + text + "'; expected VENUE:SYMBOL, e.g. BINANCE:BTCUSDT");
    }
    return of(text.substring(0, colon), text.substring(colon + 1));
  }

  @Override
  public String toString() {
    return venue.name() + ":" + symbol;
  }
}
