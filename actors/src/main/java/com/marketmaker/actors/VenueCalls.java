package com.marketmaker.actors;

import com.marketmaker.actors.SymbolProtocol.Command;
import com.marketmaker.actors.SymbolProtocol.OrderResults;
import com.marketmaker.actors.SymbolProtocol.ReconcileResult;
import com.marketmaker.actors.venue.OrderGateway;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.orders.OrderEvent;
import com.marketmaker.core.orders.OrderPlanner;
import com.marketmaker.core.orders.VenueException;
import com.marketmaker.core.orders.VenueException.Kind;
import com.marketmaker.core.orders.VenueOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * The instrument's calls to its venue's order gateway. Every answer comes back to the entity as a
 * local message ({@link OrderResults}, {@link ReconcileResult}) carrying ledger events; a refusal
 * becomes a refusal event whose meaning is the gateway's venue-neutral {@link Kind}, never a venue
 * code.
 */
final class VenueCalls {

  /** Trades fetched per reconciliation; fewer back means the venue's history was complete. */
  static final int RECONCILE_TRADES = 1000;

  private final ActorContext<Command> context;
  private final String instrument;
  private final LongSupplier nanos;
  private OrderGateway gateway;

  VenueCalls(ActorContext<Command> context, String instrument, LongSupplier nanos) {
    this.context = context;
    this.instrument = instrument;
    this.nanos = nanos;
  }

  /** Order entry for the instrument on this node, while it makes here. */
  void attach(OrderGateway gateway) {
    this.gateway = gateway;
  }

  void detach() {
    this.gateway = null;
  }

  boolean attached() {
    return gateway != null;
  }

  /** Sends a plan's places, cancels and cancel-alls. */
  void send(InstrumentSpec spec, List<OrderPlanner.Action> actions) {
    for (OrderPlanner.Action a : actions) {
      if (a instanceof OrderPlanner.Place p) {
        String id = p.request().clientOrderId();
        context.pipeToSelf(
            gateway.place(spec, p.request()),
            (order, failure) ->
                failure == null
                    ? new OrderResults(
                        List.of(new OrderEvent.VenueAnswer(order, nanos.getAsLong())))
                    : new OrderResults(List.of(placeRefused(id, failure)), rateLimited(failure)));
      } else if (a instanceof OrderPlanner.Cancel c) {
        cancel(spec, c.clientOrderId());
      } else if (a instanceof OrderPlanner.CancelAll) {
        cancelAll(spec);
      }
    }
  }

  void cancel(InstrumentSpec spec, String clientOrderId) {
    context.pipeToSelf(
        gateway.cancel(spec, clientOrderId),
        (order, failure) ->
            failure == null
                ? new OrderResults(List.of(new OrderEvent.VenueAnswer(order, nanos.getAsLong())))
                : new OrderResults(List.of(cancelRefused(clientOrderId, failure))));
  }

  /** Cancels every order of the instrument through the attached gateway, if any. */
  void cancelAll(InstrumentSpec spec) {
    if (gateway != null) {
      cancelAll(gateway, spec);
    }
  }

  /**
   * Cancels every order of the instrument through {@code through} (also for a stopped instrument,
   * which has no gateway attached). A failure leaves the orders pending cancel: the planner, or the
   * stopped instrument's leftover sweep, sends the cancels again.
   */
  void cancelAll(OrderGateway through, InstrumentSpec spec) {
    context.pipeToSelf(
        through.cancelAll(spec),
        (orders, failure) -> {
          if (failure != null) {
            context
                .getLog()
                .warn("{}: cancel-all failed: {}", instrument, cause(failure).getMessage());
            return new OrderResults(List.of());
          }
          List<OrderEvent> events = new ArrayList<>(orders.size());
          long now = nanos.getAsLong();
          for (VenueOrder o : orders) {
            events.add(new OrderEvent.VenueAnswer(o, now));
          }
          return new OrderResults(events);
        });
  }

  /**
   * Asks for the venue's open orders and our trades from {@code fromTradeId}; the answer is a
   * {@link ReconcileResult} stamped with {@code askedNanos}.
   */
  void fetchForReconciliation(InstrumentSpec spec, long fromTradeId, long askedNanos) {
    var open = gateway.openOrders(spec).toCompletableFuture();
    var trades = gateway.tradesSince(spec, fromTradeId, RECONCILE_TRADES).toCompletableFuture();
    context.pipeToSelf(
        open.thenCombine(
            trades,
            (o, t) ->
                new ReconcileResult(o, t, t.size() < RECONCILE_TRADES, null, false, askedNanos)),
        (r, failure) -> {
          if (failure == null) {
            return r;
          }
          Throwable t = cause(failure);
          // A clock skew is the request's fault, not the instrument's: the gateway measures its
          // clock again and the next try may pass. A definitive refusal means no order entry.
          boolean refused = t instanceof VenueException v && v.kind() == Kind.REFUSED;
          return new ReconcileResult(
              List.of(), List.of(), false, t.getMessage(), refused, askedNanos);
        });
  }

  /** The refusal event of a place that failed. */
  OrderEvent placeRefused(String clientOrderId, Throwable failure) {
    Throwable t = cause(failure);
    if (t instanceof VenueException v) {
      // Not placed for sure, unless the outcome is unknown, a first attempt with the same id
      // arrived (duplicate), or the refusal is the account's rate limit (sent again later).
      boolean definitive =
          v.kind() != Kind.UNAVAILABLE
              && v.kind() != Kind.DUPLICATE_ORDER
              && v.kind() != Kind.RATE_LIMITED;
      return new OrderEvent.PlaceRefused(
          clientOrderId, v.code(), v.venueMessage(), definitive, nanos.getAsLong());
    }
    return new OrderEvent.PlaceRefused(
        clientOrderId, 0, String.valueOf(t), false, nanos.getAsLong());
  }

  /** Whether a request failed for the account's rate limits (our count was behind the venue's). */
  private static boolean rateLimited(Throwable failure) {
    return cause(failure) instanceof VenueException v && v.kind() == Kind.RATE_LIMITED;
  }

  private OrderEvent cancelRefused(String clientOrderId, Throwable failure) {
    Throwable t = cause(failure);
    if (t instanceof VenueException v) {
      return new OrderEvent.CancelRefused(
          clientOrderId,
          v.code(),
          v.venueMessage(),
          v.kind() == Kind.UNKNOWN_ORDER,
          nanos.getAsLong());
    }
    return new OrderEvent.CancelRefused(
        clientOrderId, 0, String.valueOf(t), false, nanos.getAsLong());
  }

  static Throwable cause(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
