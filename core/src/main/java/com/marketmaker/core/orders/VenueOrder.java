package com.marketmaker.core.orders;

import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.instrument.InstrumentId;
import java.util.Objects;

/**
 * An order as the venue reports it (an answer to place, cancel or open orders).
 *
 * @param venueOrderId the venue's order id
 * @param executedLots quantity filled so far
 * @param updateTimeMillis venue time of the last change
 */
public record VenueOrder(
    InstrumentId instrument,
    String clientOrderId,
    long venueOrderId,
    Side side,
    OrderType type,
    long priceTicks,
    long sizeLots,
    long executedLots,
    OrderStatus status,
    long updateTimeMillis) {

  public VenueOrder {
    Objects.requireNonNull(instrument, "instrument");
    Objects.requireNonNull(clientOrderId, "clientOrderId");
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(status, "status");
    if (executedLots < 0 || executedLots > sizeLots) {
      throw new IllegalArgumentException(
          "executed " + executedLots + " outside [0, " + sizeLots + "]");
    }
  }

  public long remainingLots() {
    return sizeLots - executedLots;
  }
}
