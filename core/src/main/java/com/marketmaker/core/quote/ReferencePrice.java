package com.marketmaker.core.quote;

/** The fair price a base model quotes around. */
public enum ReferencePrice {
  /** (best bid + best ask) / 2. */
  MID,
  /** Size-weighted micro-price: leans toward the thin side of the book. */
  MICRO_PRICE;

  double of(QuoteContext c) {
    return this == MID ? c.mid() : c.microPrice();
  }
}
