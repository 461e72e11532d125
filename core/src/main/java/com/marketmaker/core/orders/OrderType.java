package com.marketmaker.core.orders;

/** Order types the system sends. */
public enum OrderType {
  /** A limit order that may take liquidity if it crosses. */
  LIMIT,
  /** A post-only limit order: the venue rejects it if it would take liquidity. */
  LIMIT_MAKER,
  /** A market order; price ignored. */
  MARKET
}
