package com.marketmaker.core.orders;

import java.util.List;
import java.util.Objects;

/**
 * Everything that changes the entity's {@link OrderLedger}: the requests it decided to send and
 * every answer and report from the venue. The entity persists these (they are plain records for
 * Jackson) and the ledger is rebuilt by applying them again in journal order; applying an event
 * twice, or venue reports in any order, leaves the ledger as applying it once.
 */
public sealed interface OrderEvent {

  /** When the entity recorded the event, on its (wall-clock based) nanosecond clock. */
  long timeNanos();

  /** A new order was decided and is about to be sent, with its sequence and ladder level. */
  record Submitted(OrderRequest request, long sequence, int level, long timeNanos)
      implements OrderEvent {
    public Submitted {
      Objects.requireNonNull(request, "request");
      if (sequence < 0) {
        throw new IllegalArgumentException("sequence must not be negative");
      }
    }
  }

  /** A cancel of one order is about to be sent. */
  record CancelRequested(String clientOrderId, long timeNanos) implements OrderEvent {
    public CancelRequested {
      Objects.requireNonNull(clientOrderId, "clientOrderId");
    }
  }

  /** A cancel of every working order of the instrument is about to be sent. */
  record CancelAllRequested(String reason, long timeNanos) implements OrderEvent {}

  /** The venue's REST answer to a place, cancel or query: its view of one order. */
  record VenueAnswer(VenueOrder order, long timeNanos) implements OrderEvent {
    public VenueAnswer {
      Objects.requireNonNull(order, "order");
    }
  }

  /**
   * The venue refused a placement, or it could not be sent. A refusal because the client order id
   * is already in use (Binance "Duplicate order sent.") means a first attempt arrived: it is not
   * definitive.
   *
   * @param definitive true when the order certainly does not exist (a validation or post-only
   *     refusal); false when its fate is unknown (timeout, unreachable, HTTP 5xx), so the order
   *     stays pending until the venue reports it or reconciliation settles it
   */
  record PlaceRefused(
      String clientOrderId, int code, String reason, boolean definitive, long timeNanos)
      implements OrderEvent {
    public PlaceRefused {
      Objects.requireNonNull(clientOrderId, "clientOrderId");
      reason = reason == null ? "" : reason;
    }
  }

  /**
   * The venue refused a cancel, or it could not be sent.
   *
   * @param unknownOrder the venue has no such open order (Binance -2011 "Unknown order sent"): an
   *     acknowledged order is then closed (its final report may still come); an unacknowledged one
   *     may still be on its way. Otherwise (unreachable, throttled), and for the unacknowledged
   *     one, the order stays PENDING_CANCEL and the cancel is sent again later.
   */
  record CancelRefused(
      String clientOrderId, int code, String reason, boolean unknownOrder, long timeNanos)
      implements OrderEvent {
    public CancelRefused {
      Objects.requireNonNull(clientOrderId, "clientOrderId");
      reason = reason == null ? "" : reason;
    }
  }

  /**
   * One user-data stream event. For a cancel, {@code event.order().clientOrderId()} must be the
   * original order's id (Binance reports it as {@code C} while {@code c} is the cancel's own id).
   */
  record Executed(ExecutionEvent event, long timeNanos) implements OrderEvent {
    public Executed {
      Objects.requireNonNull(event, "event");
    }
  }

  /**
   * The venue's answer to reconciliation: its open orders of the instrument and our trades from
   * {@code lastTradeId + 1}. See {@link Reconciler}.
   *
   * @param snapshotNanos when the open orders were asked for: an order the ledger changed later (a
   *     request, an answer or a stream report that arrived while the question was out) is newer
   *     than the venue's list and is not overruled by it; 0 when unknown (the list is taken as
   *     current)
   * @param inFlightNanos how long a placement may take to reach the venue (its signed timestamp's
   *     validity there, and a margin): an unacknowledged order sent less than this before the list
   *     was asked for may arrive after it, and is not closed for being absent (0: none is taken to
   *     be on its way)
   */
  record Reconciled(
      List<VenueOrder> openOrders,
      List<OwnTrade> trades,
      long timeNanos,
      long snapshotNanos,
      long inFlightNanos)
      implements OrderEvent {
    public Reconciled {
      openOrders = List.copyOf(openOrders);
      trades = List.copyOf(trades);
    }

    /** A reconciliation with no placement taken to be still on its way. */
    public Reconciled(
        List<VenueOrder> openOrders, List<OwnTrade> trades, long timeNanos, long snapshotNanos) {
      this(openOrders, trades, timeNanos, snapshotNanos, 0);
    }

    /** A reconciliation whose list of open orders is taken as current. */
    public Reconciled(List<VenueOrder> openOrders, List<OwnTrade> trades, long timeNanos) {
      this(openOrders, trades, timeNanos, 0, 0);
    }
  }
}
