package com.marketmaker.core.orders;

import com.marketmaker.core.instrument.InstrumentId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reconciliation of the entity's ledger with the venue, after recovery or a gap in the user-data
 * stream: given the venue's open orders of the instrument and our trades from {@code
 * ledger.lastTradeId() + 1}, what was missed and what must be done before quoting again.
 *
 * <p>Pure: it reads the ledger and changes nothing. The entity persists {@link
 * Reconciliation#event()}; applying it to the ledger books the missed trades, takes the venue's
 * view of our orders, closes our working orders the venue does not have, and takes in the venue
 * orders we do not know as PENDING_CANCEL. Afterwards the ledger's working orders are exactly the
 * venue's open orders (same ids, sides, prices, sizes and executed lots).
 */
public final class Reconciler {

  private Reconciler() {}

  /**
   * The outcome of one reconciliation.
   *
   * @param missedTrades trades the ledger has not booked, to book (oldest first, as the venue gave)
   * @param adopt our orders the venue has whose state the ledger must take (acknowledgement, fills,
   *     or an order the ledger had closed)
   * @param cancel venue orders we do not know (another system, a lost journal, an earlier life of
   *     the entity): cancel them
   * @param close our working orders the venue does not have: closed (FILLED if fully booked,
   *     otherwise CANCELED as absent)
   * @param ignored venue records refused at the boundary (another instrument), with the reason
   * @param mayQuote true when quoting may start: all trades were fetched and nothing is left to
   *     cancel
   * @param reason why quoting may not start yet; empty when it may
   * @param event the event to persist and apply
   */
  public record Reconciliation(
      List<OwnTrade> missedTrades,
      List<VenueOrder> adopt,
      List<VenueOrder> cancel,
      List<TrackedOrder> close,
      List<String> ignored,
      boolean mayQuote,
      String reason,
      OrderEvent.Reconciled event) {}

  /**
   * @param openOrders the venue's open orders of the instrument
   * @param trades our trades from {@code lastTradeId + 1}, as fetched
   * @param tradesComplete whether every page of trades was fetched
   */
  public static Reconciliation reconcile(
      OrderLedger ledger,
      List<VenueOrder> openOrders,
      List<OwnTrade> trades,
      boolean tradesComplete,
      long nowNanos) {
    return reconcile(ledger, openOrders, trades, tradesComplete, nowNanos, 0);
  }

  /**
   * @param snapshotNanos when the open orders were asked for; orders the ledger changed later are
   *     newer than the venue's list and are not closed for being absent from it (0: the list is
   *     current)
   */
  public static Reconciliation reconcile(
      OrderLedger ledger,
      List<VenueOrder> openOrders,
      List<OwnTrade> trades,
      boolean tradesComplete,
      long nowNanos,
      long snapshotNanos) {
    return reconcile(ledger, openOrders, trades, tradesComplete, nowNanos, snapshotNanos, 0);
  }

  /**
   * @param snapshotNanos when the open orders were asked for (0: the list is current)
   * @param inFlightNanos how long a placement may take to reach the venue: an unacknowledged order
   *     sent less than this before the list was asked for is not closed for being absent from it
   *     (0: none is taken to be on its way)
   */
  public static Reconciliation reconcile(
      OrderLedger ledger,
      List<VenueOrder> openOrders,
      List<OwnTrade> trades,
      boolean tradesComplete,
      long nowNanos,
      long snapshotNanos,
      long inFlightNanos) {
    InstrumentId instrument = ledger.ids().instrument();
    List<String> ignored = new ArrayList<>();
    List<OwnTrade> missed = new ArrayList<>();
    Set<Long> seenTrades = new HashSet<>();
    for (OwnTrade t : trades) {
      if (!t.instrument().equals(instrument)) {
        ignored.add("trade " + t.tradeId() + " is for " + t.instrument() + ", not " + instrument);
      } else if (!ledger.isBooked(t.tradeId()) && seenTrades.add(t.tradeId())) {
        missed.add(t);
      }
    }
    List<VenueOrder> valid = new ArrayList<>();
    List<VenueOrder> adopt = new ArrayList<>();
    List<VenueOrder> cancel = new ArrayList<>();
    Set<String> atVenue = new HashSet<>();
    for (VenueOrder vo : openOrders) {
      if (!vo.instrument().equals(instrument)) {
        ignored.add("order " + vo.clientOrderId() + " is for " + vo.instrument());
        continue;
      }
      if (!vo.status().working()) {
        ignored.add("order " + vo.clientOrderId() + " listed open with status " + vo.status());
        continue;
      }
      if (!atVenue.add(vo.clientOrderId())) {
        continue;
      }
      valid.add(vo);
      TrackedOrder o = ledger.find(vo.clientOrderId());
      if (o == null) {
        cancel.add(vo);
      } else if (o.state() == OrderState.PENDING_CANCEL
          && OrderLedger.ADOPTED_FOR_CANCEL.equals(o.reason())) {
        cancel.add(vo); // taken in earlier; its cancel has not been confirmed yet
      } else if (differs(o, vo)) {
        adopt.add(vo);
      }
    }
    List<TrackedOrder> close = new ArrayList<>();
    for (int i = 0, n = ledger.workingCount(); i < n; i++) {
      TrackedOrder o = ledger.working(i);
      boolean newer = OrderLedger.newerThanList(o, snapshotNanos, inFlightNanos);
      if (!atVenue.contains(o.clientOrderId()) && !newer) {
        close.add(o);
      }
    }
    boolean mayQuote = tradesComplete && cancel.isEmpty();
    String reason =
        mayQuote
            ? ""
            : !tradesComplete
                ? "trade history not fetched to the end"
                : cancel.size() + " unknown order(s) at the venue to cancel first";
    return new Reconciliation(
        List.copyOf(missed),
        List.copyOf(adopt),
        List.copyOf(cancel),
        List.copyOf(close),
        List.copyOf(ignored),
        mayQuote,
        reason,
        new OrderEvent.Reconciled(valid, missed, nowNanos, snapshotNanos, inFlightNanos));
  }

  private static boolean differs(TrackedOrder o, VenueOrder vo) {
    if (o.state().terminal() || !o.acknowledged()) {
      return true;
    }
    return o.venueExecutedLots() != vo.executedLots()
        || (vo.venueOrderId() != 0 && vo.venueOrderId() != o.venueOrderId());
  }
}
