package com.marketmaker.persistence;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.marketmaker.core.orders.OrderEvent;

/**
 * Jackson type information for core's {@link OrderEvent} (core carries no Jackson annotations):
 * each journaled order event records its kind by a short, stable name. Registered with Pekko's
 * Jackson serializer through {@code pekko.serialization.jackson.jackson-modules}.
 */
public final class OrderEventMixin extends SimpleModule {

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = OrderEvent.Submitted.class, name = "submitted"),
    @JsonSubTypes.Type(value = OrderEvent.CancelRequested.class, name = "cancel-requested"),
    @JsonSubTypes.Type(value = OrderEvent.CancelAllRequested.class, name = "cancel-all-requested"),
    @JsonSubTypes.Type(value = OrderEvent.VenueAnswer.class, name = "venue-answer"),
    @JsonSubTypes.Type(value = OrderEvent.PlaceRefused.class, name = "place-refused"),
    @JsonSubTypes.Type(value = OrderEvent.CancelRefused.class, name = "cancel-refused"),
    @JsonSubTypes.Type(value = OrderEvent.Executed.class, name = "executed"),
    @JsonSubTypes.Type(value = OrderEvent.Reconciled.class, name = "reconciled")
  })
  interface Annotations {}

  public OrderEventMixin() {
    super("market-maker-order-events");
    setMixInAnnotation(OrderEvent.class, Annotations.class);
  }
}
