package com.marketmaker.core.orders;

/**
 * The lifecycle of one of our orders as the entity tracks it: the venue's {@link OrderStatus} plus
 * the two states only we know, a placement sent but not yet acknowledged and a cancel sent but not
 * yet confirmed.
 *
 * <pre>
 * PENDING_NEW → NEW → PARTIALLY_FILLED → FILLED
 *      │         │          │
 *      └─────────┴──────────┴→ PENDING_CANCEL → CANCELED (or FILLED, EXPIRED)
 *      └→ REJECTED, EXPIRED, CANCELED
 * </pre>
 */
public enum OrderState {
  /** Sent; the venue has not acknowledged it yet. */
  PENDING_NEW,
  /** Acknowledged, resting, nothing filled. */
  NEW,
  /** Resting with part of it filled. */
  PARTIALLY_FILLED,
  /** A cancel was sent; the order may still trade until the venue confirms. */
  PENDING_CANCEL,
  FILLED,
  CANCELED,
  /** Refused by the venue, with its reason. */
  REJECTED,
  EXPIRED;

  /** True when no further change can come from the venue. */
  public boolean terminal() {
    return ordinal() >= FILLED.ordinal();
  }

  /** True while the order may still trade (including while a cancel is pending). */
  public boolean working() {
    return !terminal();
  }

  /**
   * True when the order holds its ladder slot: working and not being cancelled. At most one order
   * per side and level may hold a slot.
   */
  public boolean holdsSlot() {
    return this == PENDING_NEW || this == NEW || this == PARTIALLY_FILLED;
  }

  /** The state for a terminal venue status. */
  static OrderState ofTerminal(OrderStatus status) {
    return switch (status) {
      case FILLED -> FILLED;
      case CANCELED -> CANCELED;
      case REJECTED -> REJECTED;
      case EXPIRED -> EXPIRED;
      default -> throw new IllegalArgumentException(status + " is not terminal");
    };
  }
}
