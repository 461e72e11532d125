package com.marketmaker.core.instrument;

/**
 * How a position's value relates to price. It decides how notional is measured when a venue's
 * minimum order value is checked.
 */
public enum ContractType {
  /** Cash instrument: quantity in base units, notional = price × quantity in quote currency. */
  SPOT,
  /**
   * Linear (quote-margined) derivative such as a USD-M perpetual: quantity in base units, notional
   * = price × quantity in quote currency.
   */
  LINEAR,
  /**
   * Inverse (coin-margined) derivative: quantity counts contracts of a fixed quote-currency face
   * value (the lot size is that face value), so notional in quote currency = quantity and does not
   * depend on the price.
   */
  INVERSE
}
