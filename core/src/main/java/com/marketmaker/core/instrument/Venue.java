package com.marketmaker.core.instrument;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A trading venue the system connects to. The name is the prefix of every instrument id. */
public enum Venue {
  BINANCE,
  BINANCE_USDM,
  COINBASE,
  KRAKEN;

  /**
   * Parses a venue name case-insensitively.
   *
   * @throws IllegalArgumentException naming the known venues when {@code name} is none of them
   */
  public static Venue parse(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("venue is missing; known venues: " + known());
    }
    try {
      return Venue.valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown venue '" + name + "'; known venues: " + known(), e);
    }
  }

  private static String known() {
    return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
  }
}
