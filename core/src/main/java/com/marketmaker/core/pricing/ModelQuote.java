package com.marketmaker.core.pricing;

/**
 * A model's quote in price units before any adjustment or rounding.
 *
 * @param reference the price the quotes are built around (reservation price or mid)
 * @param bid bid price
 * @param ask ask price
 */
public record ModelQuote(double reference, double bid, double ask) {}
