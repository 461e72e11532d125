package com.marketmaker.core.orders;

import com.marketmaker.core.instrument.InstrumentId;
import java.util.Objects;

/**
 * One change of one of our orders pushed by the venue's user-data stream (Binance {@code
 * executionReport} / {@code ORDER_TRADE_UPDATE}).
 *
 * @param order the order after the change
 * @param trade the execution, present exactly when {@code type} is {@link ExecutionType#TRADE}
 * @param rejectReason the venue's reason when rejected, otherwise empty
 * @param eventTimeMillis venue time of the event
 */
public record ExecutionEvent(
    InstrumentId instrument,
    ExecutionType type,
    VenueOrder order,
    OwnTrade trade,
    String rejectReason,
    long eventTimeMillis) {

  public ExecutionEvent {
    Objects.requireNonNull(instrument, "instrument");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(order, "order");
    if ((type == ExecutionType.TRADE) != (trade != null)) {
      throw new IllegalArgumentException("a trade is present exactly for TRADE events");
    }
    rejectReason = rejectReason == null ? "" : rejectReason;
  }
}
