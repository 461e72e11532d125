package com.marketmaker.core.orders;

import com.marketmaker.core.accounting.Side;
import java.util.Objects;

/**
 * One of the entity's orders as the ledger knows it: a plain value, persisted in the ledger's
 * snapshot.
 *
 * @param clientOrderId our id
 * @param sequence the entity's sequence number of the order (-1 for an order adopted from the venue
 *     that we did not send)
 * @param side buy or sell
 * @param level ladder level the order quotes, 0 = touch; -1 for an order that quotes no level
 * @param priceTicks limit price
 * @param sizeLots original size
 * @param bookedLots lots filled and booked by trade id (what inventory holds)
 * @param venueExecutedLots cumulative filled lots the venue last reported (may run ahead of
 *     bookedLots until the trades arrive)
 * @param state lifecycle state
 * @param venueOrderId the venue's id, 0 until acknowledged
 * @param acknowledged whether the venue has confirmed it knows the order (REST answer, stream event
 *     or open-orders listing)
 * @param submittedNanos when the order was sent (the age clock)
 * @param updatedNanos when the ledger last changed it
 * @param acknowledgedNanos when the ledger first learnt that the venue has the order (the arrival
 *     of that answer or report on the entity's clock); 0 while unacknowledged, and for orders
 *     acknowledged before this was recorded
 * @param reason the venue's reason for a rejection, or why the ledger closed it; empty otherwise
 * @param closedLocally the ledger closed the order without a venue report saying so (absent at
 *     reconciliation, or a cancel the venue answered with "unknown order"); a later venue report
 *     may still correct it
 * @param cancelAfterAck the last cancel of the order was sent after the venue had acknowledged it,
 *     so an "unknown order" answer to that cancel means the order is gone. A cancel sent before the
 *     acknowledgement may overtake the placement on its way to the venue (separate connections):
 *     its "unknown order" says nothing, the placement can still land and fill.
 */
public record TrackedOrder(
    String clientOrderId,
    long sequence,
    Side side,
    int level,
    long priceTicks,
    long sizeLots,
    long bookedLots,
    long venueExecutedLots,
    OrderState state,
    long venueOrderId,
    boolean acknowledged,
    long submittedNanos,
    long updatedNanos,
    long acknowledgedNanos,
    String reason,
    boolean closedLocally,
    boolean cancelAfterAck) {

  public TrackedOrder {
    Objects.requireNonNull(clientOrderId, "clientOrderId");
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(state, "state");
    reason = reason == null ? "" : reason;
  }

  /** Lots filled as far as anyone knows: the larger of booked and venue-reported. */
  public long executedLots() {
    return Math.max(bookedLots, venueExecutedLots);
  }

  /** Lots still open. */
  public long remainingLots() {
    return Math.max(0, sizeLots - executedLots());
  }

  public long ageNanos(long nowNanos) {
    return nowNanos - submittedNanos;
  }

  TrackedOrder with(OrderState newState, long nowNanos, String newReason) {
    return with(newState, nowNanos, newReason, false);
  }

  TrackedOrder with(OrderState newState, long nowNanos, String newReason, boolean local) {
    return copy(
        bookedLots,
        venueExecutedLots,
        venueOrderId,
        acknowledged,
        newState,
        nowNanos,
        newReason,
        local,
        cancelAfterAck);
  }

  /** This order with a cancel sent at {@code nowNanos}: PENDING_CANCEL, the flag taken now. */
  TrackedOrder cancelSent(long nowNanos) {
    return copy(
        bookedLots,
        venueExecutedLots,
        venueOrderId,
        acknowledged,
        OrderState.PENDING_CANCEL,
        nowNanos,
        reason,
        false,
        acknowledged);
  }

  TrackedOrder withFills(
      long booked,
      long venueExecuted,
      long venueId,
      boolean acked,
      OrderState newState,
      long nowNanos,
      String r,
      boolean local) {
    return copy(
        booked, venueExecuted, venueId, acked, newState, nowNanos, r, local, cancelAfterAck);
  }

  private TrackedOrder copy(
      long booked,
      long venueExecuted,
      long venueId,
      boolean acked,
      OrderState newState,
      long nowNanos,
      String r,
      boolean local,
      boolean afterAck) {
    return new TrackedOrder(
        clientOrderId,
        sequence,
        side,
        level,
        priceTicks,
        sizeLots,
        booked,
        venueExecuted,
        newState,
        venueId,
        acked,
        submittedNanos,
        nowNanos,
        acked && !acknowledged ? nowNanos : acknowledgedNanos,
        r,
        local,
        afterAck);
  }
}
