package com.marketmaker.actors.venue;

import com.marketmaker.core.instrument.Venue;
import java.util.Optional;

/** The order gateways of this node, by venue (empty for a venue without order entry). */
@FunctionalInterface
public interface OrderGateways {

  /** No order entry anywhere: entities keep books and status but send no orders. */
  OrderGateways NONE = venue -> Optional.empty();

  Optional<OrderGateway> forVenue(Venue venue);
}
