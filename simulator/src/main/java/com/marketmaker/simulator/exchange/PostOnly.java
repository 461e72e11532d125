package com.marketmaker.simulator.exchange;

/** What a post-only order does when it would take liquidity on arrival. */
public enum PostOnly {
  /** Not post-only. */
  NONE,
  /** Refused with {@code -2010 "Order would immediately match and take."} (spot LIMIT_MAKER). */
  REJECT,
  /** Accepted and expired at once without trading (USD-M {@code timeInForce=GTX}). */
  EXPIRE
}
