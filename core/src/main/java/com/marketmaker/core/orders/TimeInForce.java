package com.marketmaker.core.orders;

/** How long an order stays working. */
public enum TimeInForce {
  /** Good till cancelled. */
  GTC,
  /** Immediate or cancel: the unfilled rest expires. */
  IOC,
  /** Fill or kill: all at once or nothing. */
  FOK
}
