package com.marketmaker.core.quote;

import java.util.Locale;

/** The fair price a base model quotes around. */
public enum ReferencePrice {
  /** (best bid + best ask) / 2. */
  MID,
  /** Stoikov's (2018) micro-price: the expected mid in the long run given imbalance and spread. */
  MICRO_PRICE,
  /** Size-weighted mid of the touch: leans toward the thin side of the book. */
  WEIGHTED_MID;

  double of(QuoteContext c) {
    return switch (this) {
      case MID -> c.mid();
      case MICRO_PRICE -> c.microPrice();
      case WEIGHTED_MID -> c.weightedMid();
    };
  }

  /** Parses {@code mid}, {@code micro-price}, {@code weighted-mid} (any case, - or _). */
  public static ReferencePrice parse(String text) {
    return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
