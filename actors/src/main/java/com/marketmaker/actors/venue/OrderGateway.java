package com.marketmaker.actors.venue;

import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.orders.OrderRequest;
import com.marketmaker.core.orders.OwnTrade;
import com.marketmaker.core.orders.VenueOrder;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Order entry at one venue for this node's account. Every stage fails with a {@link
 * com.marketmaker.core.orders.VenueException} carrying the venue's code and message when the venue
 * refuses, or code 0 when it cannot be reached. Implemented per venue in the streams module;
 * credentials stay inside the implementation.
 */
public interface OrderGateway {

  /** Places an order; completes with the venue's view of it once acknowledged. */
  CompletionStage<VenueOrder> place(InstrumentSpec spec, OrderRequest request);

  /** Cancels one order by our client order id; completes with its final state. */
  CompletionStage<VenueOrder> cancel(InstrumentSpec spec, String clientOrderId);

  /** Cancels every working order of the instrument; completes with the orders cancelled. */
  CompletionStage<List<VenueOrder>> cancelAll(InstrumentSpec spec);

  /** The instrument's working orders. */
  CompletionStage<List<VenueOrder>> openOrders(InstrumentSpec spec);

  /**
   * Our executions on the instrument with trade id at or above {@code fromTradeId}, oldest first,
   * at most {@code limit} of them (page with the last id + 1).
   */
  CompletionStage<List<OwnTrade>> tradesSince(InstrumentSpec spec, long fromTradeId, int limit);
}
