package com.marketmaker.core.accounting;

import java.util.Locale;

/** The side of our order that traded: BUY adds to inventory, SELL reduces it. */
public enum Side {
  BUY,
  SELL;

  /** +1 for BUY, -1 for SELL. */
  public int sign() {
    return this == BUY ? 1 : -1;
  }

  /**
   * Parses {@code buy}/{@code sell} case-insensitively.
   *
   * @throws IllegalArgumentException for anything else
   */
  public static Side parse(String text) {
    if (text != null) {
      switch (text.trim().toUpperCase(Locale.ROOT)) {
        case "BUY":
          return BUY;
        case "SELL":
          return SELL;
        default:
          break;
      }
    }
    throw new IllegalArgumentException("side must be BUY or SELL, got '" + text + "'");
  }
}
