package com.marketmaker.core.orders;

/** An order's status at the venue. */
public enum OrderStatus {
  NEW,
  PARTIALLY_FILLED,
  FILLED,
  CANCELED,
  REJECTED,
  EXPIRED;

  /** True while the order can still trade. */
  public boolean working() {
    return this == NEW || this == PARTIALLY_FILLED;
  }
}
