package com.marketmaker.core.orders;

import com.marketmaker.core.accounting.Side;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The entity's own book of orders: the lifecycle of every order it sent, driven by {@link
 * OrderEvent}s (its requests, REST answers, user-data stream events and reconciliation answers).
 *
 * <p>Guarantees, whatever the order and multiplicity in which venue reports arrive:
 *
 * <ul>
 *   <li>every trade is booked exactly once, by trade id ({@link TradeIdWindow}); {@link
 *       Applied#booked()} lists the trades booked by one event, to be put into inventory and
 *       P&amp;L;
 *   <li>a state a venue report made terminal never reopens (a late REST ack after the stream's
 *       CANCELED is ignored), and states only move forward (PENDING_NEW → NEW → PARTIALLY_FILLED →
 *       PENDING_CANCEL); a refused cancel leaves the order PENDING_CANCEL, to be sent again, so an
 *       order once replaced never takes its level back from its replacement;
 *   <li>a fill before the acknowledgement, a duplicate event or an event for an order pruned from
 *       memory are handled; an order the venue reports working that we do not know (or closed
 *       ourselves) is taken in as PENDING_CANCEL and returned in {@link Applied#orphans()}, to be
 *       cancelled;
 *   <li>replaying the same events from an empty ledger (or from a {@link #snapshot()}) rebuilds the
 *       same state.
 * </ul>
 *
 * <p>Closed orders are remembered (last {@link #CLOSED_MEMORY}) to recognise late reports. Not
 * thread-safe: owned by the entity.
 *
 * <p>Longer than most files here: every venue report and request changes one order's state through
 * the same few merge rules, and the guarantees above hold only if those rules are read together.
 * That includes when a venue list is too old to close an order ({@link #newerThanList}), which the
 * {@link Reconciler} uses too: split off, the two halves of one rule would drift apart.
 */
public final class OrderLedger {

  /** How many closed orders are remembered. */
  public static final int CLOSED_MEMORY = 256;

  /** Reason of an order the ledger closed because the venue no longer had it. */
  public static final String ABSENT_AT_VENUE = "absent at venue on reconciliation";

  /** Reason of an order taken in from the venue only to be cancelled. */
  public static final String ADOPTED_FOR_CANCEL = "unknown order at venue, cancelling";

  /** What one event changed that the entity must act on. */
  public record Applied(List<OwnTrade> booked, List<VenueOrder> orphans) {
    public static final Applied NOTHING = new Applied(List.of(), List.of());

    public boolean isEmpty() {
      return booked.isEmpty() && orphans.isEmpty();
    }
  }

  /**
   * The persistable state: plain values only.
   *
   * @param nextSequence sequence of the next order to send
   * @param lastTradeId highest booked trade id, -1 before the first
   * @param recentTradeIds the dedup window, ascending
   * @param orders working orders in submission order, then remembered closed orders, oldest first
   * @param tradesBeyondWindow trades refused because they were older than the dedup window
   */
  public record State(
      long nextSequence,
      long lastTradeId,
      List<Long> recentTradeIds,
      List<TrackedOrder> orders,
      long tradesBeyondWindow) {
    public static final State EMPTY = new State(0, -1, List.of(), List.of(), 0);

    public State {
      // The window's own view is immutable already; copying it would box every id again.
      recentTradeIds =
          recentTradeIds instanceof TradeIdWindow.SortedIds
              ? recentTradeIds
              : List.copyOf(recentTradeIds);
      orders = List.copyOf(orders);
    }
  }

  private final ClientOrderIds ids;
  private final TradeIdWindow trades;
  private final ArrayList<TrackedOrder> working = new ArrayList<>();
  private final ArrayDeque<TrackedOrder> closed = new ArrayDeque<>();
  private final Map<String, TrackedOrder> byId = new HashMap<>();
  private long nextSequence;
  private long tradesBeyondWindow;
  // Sum of unbooked(o) over the remembered closed orders, per side.
  private long unbookedClosedBuy;
  private long unbookedClosedSell;

  /** An empty ledger. */
  public OrderLedger(ClientOrderIds ids) {
    this(ids, State.EMPTY);
  }

  /** A ledger restored from a snapshot. */
  public OrderLedger(ClientOrderIds ids, State state) {
    if (ids == null || state == null) {
      throw new IllegalArgumentException("client order ids and state are required");
    }
    this.ids = ids;
    this.trades = new TradeIdWindow(state.recentTradeIds(), state.lastTradeId());
    this.nextSequence = state.nextSequence();
    this.tradesBeyondWindow = state.tradesBeyondWindow();
    for (TrackedOrder o : state.orders()) {
      byId.put(o.clientOrderId(), o);
      if (o.state().working()) {
        working.add(o);
      } else {
        closed.addLast(o);
        countClosed(o, 1);
      }
    }
  }

  public State snapshot() {
    List<TrackedOrder> all = new ArrayList<>(working.size() + closed.size());
    all.addAll(working);
    all.addAll(closed);
    return new State(nextSequence, trades.lastTradeId(), trades.ids(), all, tradesBeyondWindow);
  }

  public ClientOrderIds ids() {
    return ids;
  }

  /** Sequence of the next order to send; its id is {@code ids().idFor(nextSequence())}. */
  public long nextSequence() {
    return nextSequence;
  }

  public long lastTradeId() {
    return trades.lastTradeId();
  }

  public long tradesBeyondWindow() {
    return tradesBeyondWindow;
  }

  /**
   * The trade id reconciliation should fetch our trades from: the oldest id still in the dedup
   * window (0 before the first trade). Fetching from there rather than from {@code lastTradeId + 1}
   * also recovers a trade that was missed while later ones were booked; the ones already booked are
   * recognised and skipped.
   */
  public long reconcileFromTradeId() {
    return Math.max(0, trades.oldest());
  }

  /** Whether a trade id is already booked. */
  public boolean isBooked(long tradeId) {
    return trades.check(tradeId) != TradeIdWindow.Check.NEW;
  }

  /** Number of working orders (not yet terminal, including pending cancel). */
  public int workingCount() {
    return working.size();
  }

  /** The i-th working order, in submission order (index access: no iterator on the hot path). */
  public TrackedOrder working(int i) {
    return working.get(i);
  }

  /** A working or remembered closed order by client id, or null. */
  public TrackedOrder find(String clientOrderId) {
    return byId.get(clientOrderId);
  }

  /** Working orders, a copy. */
  public List<TrackedOrder> workingOrders() {
    return List.copyOf(working);
  }

  /**
   * Lots on {@code side} that may still reach the inventory: every working order's size less what
   * is booked (its unfilled rest, and any fill the venue reported whose trade is not booked yet),
   * plus the reported but unbooked fills of closed orders. Until a trade is booked into the
   * inventory it stays counted here, so a report of a fill never frees room before the fill itself
   * is in the position.
   */
  public long openExposure(Side side) {
    long sum = side == Side.BUY ? unbookedClosedBuy : unbookedClosedSell;
    for (int i = 0, n = working.size(); i < n; i++) {
      TrackedOrder o = working.get(i);
      if (o.side() == side) {
        sum += Math.max(0, o.sizeLots() - o.bookedLots());
      }
    }
    return sum;
  }

  /** Lots a closed order's venue reports say were filled but whose trades are not booked. */
  private static long unbooked(TrackedOrder o) {
    return Math.max(0, o.venueExecutedLots() - o.bookedLots());
  }

  private void countClosed(TrackedOrder o, int sign) {
    long lots = sign * unbooked(o);
    if (o.side() == Side.BUY) {
      unbookedClosedBuy += lots;
    } else {
      unbookedClosedSell += lots;
    }
  }

  /**
   * Whether an acknowledged order holds a slot on {@code side}: the side is quoted at the venue.
   */
  public boolean isLive(Side side) {
    for (int i = 0, n = working.size(); i < n; i++) {
      TrackedOrder o = working.get(i);
      if (o.side() == side && o.acknowledged() && o.state().holdsSlot()) {
        return true;
      }
    }
    return false;
  }

  /** Applies one event; idempotent. */
  public Applied apply(OrderEvent event) {
    if (event instanceof OrderEvent.Submitted e) {
      onSubmitted(e);
      return Applied.NOTHING;
    } else if (event instanceof OrderEvent.CancelRequested e) {
      onCancelRequested(e.clientOrderId(), e.timeNanos());
      return Applied.NOTHING;
    } else if (event instanceof OrderEvent.CancelAllRequested e) {
      for (int i = working.size() - 1; i >= 0; i--) {
        onCancelRequested(working.get(i).clientOrderId(), e.timeNanos());
      }
      return Applied.NOTHING;
    } else if (event instanceof OrderEvent.VenueAnswer e) {
      return onVenueView(e.order(), null, "", e.timeNanos(), false);
    } else if (event instanceof OrderEvent.Executed e) {
      ExecutionEvent x = e.event();
      return onVenueView(x.order(), x.trade(), x.rejectReason(), e.timeNanos(), false);
    } else if (event instanceof OrderEvent.PlaceRefused e) {
      onPlaceRefused(e);
      return Applied.NOTHING;
    } else if (event instanceof OrderEvent.CancelRefused e) {
      onCancelRefused(e);
      return Applied.NOTHING;
    } else if (event instanceof OrderEvent.Reconciled e) {
      return onReconciled(e);
    }
    throw new IllegalArgumentException("unknown order event " + event);
  }

  private void onSubmitted(OrderEvent.Submitted e) {
    OrderRequest r = e.request();
    nextSequence = Math.max(nextSequence, e.sequence() + 1);
    if (byId.containsKey(r.clientOrderId())) {
      return;
    }
    put(
        new TrackedOrder(
            r.clientOrderId(),
            e.sequence(),
            r.side(),
            e.level(),
            r.priceTicks(),
            r.sizeLots(),
            0,
            0,
            OrderState.PENDING_NEW,
            0,
            false,
            e.timeNanos(),
            e.timeNanos(),
            0,
            "",
            false,
            false),
        null);
  }

  private void onCancelRequested(String clientOrderId, long now) {
    TrackedOrder o = byId.get(clientOrderId);
    if (o == null || o.state().terminal()) {
      return;
    }
    // A repeated request (a retry) refreshes the time the cancel was last sent, and whether the
    // venue had acknowledged the order by then.
    replace(o, o.cancelSent(now));
  }

  private void onPlaceRefused(OrderEvent.PlaceRefused e) {
    TrackedOrder o = byId.get(e.clientOrderId());
    if (o == null || o.state().terminal() || o.acknowledged()) {
      return; // the venue has it (a refused retry of a placed order): its reports rule
    }
    String reason = e.code() + " " + e.reason();
    if (e.definitive()) {
      replace(o, o.with(OrderState.REJECTED, e.timeNanos(), reason));
    } else {
      replace(o, o.with(o.state(), e.timeNanos(), "outcome unknown: " + reason));
    }
  }

  private void onCancelRefused(OrderEvent.CancelRefused e) {
    TrackedOrder o = byId.get(e.clientOrderId());
    if (o == null || o.state() != OrderState.PENDING_CANCEL) {
      return;
    }
    String reason = "cancel refused: " + e.code() + " " + e.reason();
    if (e.unknownOrder() && o.cancelAfterAck()) {
      // The venue had the order before this cancel was sent and no longer does: filled or
      // cancelled, its final report late or lost. (Answered to a cancel sent before the
      // acknowledgement, "unknown" may only mean the cancel overtook the placement, which can
      // still rest and fill: the order keeps its exposure and the cancel is sent again.)
      OrderState s = o.executedLots() >= o.sizeLots() ? OrderState.FILLED : OrderState.CANCELED;
      replace(o, o.with(s, e.timeNanos(), reason, true));
    } else {
      // The decision to cancel stands: the order keeps PENDING_CANCEL (so its level stays free
      // for its replacement) and the planner sends the cancel again after its retry delay.
      replace(o, o.with(OrderState.PENDING_CANCEL, e.timeNanos(), reason));
    }
  }

  private Applied onVenueView(
      VenueOrder vo, OwnTrade trade, String rejectReason, long now, boolean authoritative) {
    List<OwnTrade> booked = List.of();
    OwnTrade bookedTrade = trade == null ? null : book(trade, now);
    if (bookedTrade != null) {
      booked = List.of(bookedTrade);
    }
    VenueOrder orphan = merge(vo, rejectReason, now, authoritative);
    if (orphan == null) {
      return booked.isEmpty() ? Applied.NOTHING : new Applied(booked, List.of());
    }
    return new Applied(booked, List.of(orphan));
  }

  /**
   * Books a trade if new and updates its order's booked lots. A trade listed by the venue's trade
   * history carries only the venue's order id (Binance {@code myTrades} has no client order id): it
   * is matched to our order by that id and booked with our client order id filled in.
   *
   * @return the trade as booked, or null if it was booked before (or is beyond the window)
   */
  private OwnTrade book(OwnTrade t, long now) {
    TradeIdWindow.Check c = trades.book(t.tradeId());
    if (c == TradeIdWindow.Check.BEYOND_WINDOW) {
      tradesBeyondWindow++;
      return null;
    }
    if (c == TradeIdWindow.Check.DUPLICATE) {
      return null;
    }
    TrackedOrder o = byId.get(t.clientOrderId());
    if (o == null && t.clientOrderId().isEmpty() && t.venueOrderId() != 0) {
      o = byVenueOrderId(t.venueOrderId());
      if (o != null) {
        t =
            new OwnTrade(
                t.instrument(),
                t.tradeId(),
                t.venueOrderId(),
                o.clientOrderId(),
                t.side(),
                t.priceTicks(),
                t.sizeLots(),
                t.fee(),
                t.maker(),
                t.timeMillis());
      }
    }
    if (o != null) {
      long booked = o.bookedLots() + t.sizeLots();
      OrderState s = o.state();
      boolean local = o.closedLocally();
      if (booked >= o.sizeLots() && (s.working() || local)) {
        s = OrderState.FILLED;
        local = false;
      } else if (s == OrderState.NEW || s == OrderState.PENDING_NEW) {
        s = OrderState.PARTIALLY_FILLED;
      }
      replace(
          o,
          o.withFills(
              booked,
              o.venueExecutedLots(),
              o.venueOrderId() != 0 ? o.venueOrderId() : t.venueOrderId(),
              true,
              s,
              now,
              o.closedLocally() && !local ? "" : o.reason(),
              local));
    }
    return t;
  }

  /** Our order the venue knows by {@code venueOrderId}, or null (a scan: reconciliation only). */
  private TrackedOrder byVenueOrderId(long venueOrderId) {
    for (TrackedOrder o : byId.values()) {
      if (o.venueOrderId() == venueOrderId) {
        return o;
      }
    }
    return null;
  }

  /**
   * Merges the venue's view of one order.
   *
   * @param authoritative the view is the venue's current state (reconciliation): it overrides a
   *     terminal state we hold
   * @return the venue order when it is an orphan to cancel, else null
   */
  private VenueOrder merge(VenueOrder vo, String rejectReason, long now, boolean authoritative) {
    TrackedOrder o = byId.get(vo.clientOrderId());
    OrderStatus st = vo.status();
    if (o == null) {
      if (!st.working()) {
        return null; // a closed order we no longer remember (or never had): nothing to do
      }
      // An id of this incarnation we have no record of: a request sent before its event could be
      // journaled (the node died in between). Its sequence is spent: the next order must not take
      // the same id, or the venue would take it for this order's twin once it is cancelled.
      nextSequence = Math.max(nextSequence, ids.sequenceOf(vo.clientOrderId()) + 1);
      put(adopted(vo, now), null);
      return vo;
    }
    long venueExec = Math.max(o.venueExecutedLots(), vo.executedLots());
    long venueId = vo.venueOrderId() != 0 ? vo.venueOrderId() : o.venueOrderId();
    OrderState s = o.state();
    String reason = o.reason();
    VenueOrder orphan = null;
    if (s.terminal()) {
      boolean closedByUs = o.closedLocally();
      if (st.working() && authoritative) {
        s = st == OrderStatus.PARTIALLY_FILLED ? OrderState.PARTIALLY_FILLED : OrderState.NEW;
        reason = "";
      } else if (st.working() && closedByUs) {
        s = OrderState.PENDING_CANCEL; // live after all, but we gave up its slot: cancel it
        reason = ADOPTED_FOR_CANCEL;
        orphan = vo;
      } else if (!st.working() && closedByUs) {
        s = OrderState.ofTerminal(st);
        reason = st == OrderStatus.REJECTED ? rejectReason : "";
      }
    } else if (!st.working()) {
      s = OrderState.ofTerminal(st);
      reason = st == OrderStatus.REJECTED ? rejectReason : reason;
    } else if (s != OrderState.PENDING_CANCEL) {
      boolean anyFill = st == OrderStatus.PARTIALLY_FILLED || venueExec > 0 || o.bookedLots() > 0;
      s = anyFill ? OrderState.PARTIALLY_FILLED : OrderState.NEW;
    }
    // A view that tells nothing new leaves the order as it is (its update time included), so a
    // report repeated by the stream after the REST answer changes nothing.
    TrackedOrder same =
        o.withFills(o.bookedLots(), venueExec, venueId, true, s, o.updatedNanos(), reason, false);
    if (!same.equals(o)) {
      replace(o, o.withFills(o.bookedLots(), venueExec, venueId, true, s, now, reason, false));
    }
    return orphan;
  }

  private static TrackedOrder adopted(VenueOrder vo, long now) {
    return new TrackedOrder(
        vo.clientOrderId(),
        -1,
        vo.side(),
        -1,
        vo.priceTicks(),
        vo.sizeLots(),
        0,
        vo.executedLots(),
        OrderState.PENDING_CANCEL,
        vo.venueOrderId(),
        true,
        now,
        now,
        now,
        ADOPTED_FOR_CANCEL,
        false,
        false);
  }

  private Applied onReconciled(OrderEvent.Reconciled e) {
    long now = e.timeNanos();
    List<OwnTrade> booked = new ArrayList<>();
    for (OwnTrade t : e.trades()) {
      OwnTrade b = book(t, now);
      if (b != null) {
        booked.add(b);
      }
    }
    List<VenueOrder> orphans = new ArrayList<>();
    Set<String> atVenue = new HashSet<>();
    for (VenueOrder vo : e.openOrders()) {
      if (!atVenue.add(vo.clientOrderId())) {
        continue;
      }
      // The venue's list rules, except over an order that changed after the list was asked for:
      // a report that it filled or was cancelled since must not be undone by the older list.
      TrackedOrder known = byId.get(vo.clientOrderId());
      VenueOrder orphan = merge(vo, "", now, known == null || !closedSinceList(known, e));
      if (orphan != null) {
        orphans.add(orphan);
      }
    }
    for (int i = working.size() - 1; i >= 0; i--) {
      TrackedOrder o = working.get(i);
      if (!atVenue.contains(o.clientOrderId())
          && !newerThanList(o, e.snapshotNanos(), e.inFlightNanos())) {
        OrderState s = o.bookedLots() >= o.sizeLots() ? OrderState.FILLED : OrderState.CANCELED;
        replace(o, o.with(s, now, s == OrderState.FILLED ? "" : ABSENT_AT_VENUE, true));
      }
    }
    if (booked.isEmpty() && orphans.isEmpty()) {
      return Applied.NOTHING;
    }
    return new Applied(List.copyOf(booked), List.copyOf(orphans));
  }

  /**
   * Whether {@code o}, absent from the venue's list of open orders, may be newer than that list, so
   * that its absence proves nothing and it is not closed:
   *
   * <ul>
   *   <li>sent after the list was asked for, or so shortly before that it may still have been on
   *       its way ({@link #mayStillArrive});
   *   <li>acknowledged by an answer or report that arrived after the list was asked for: the venue
   *       may have taken the order after it listed its open orders. This holds for a pending cancel
   *       too: an order sent, then cancelled before the venue had acknowledged it (the cancel
   *       refused as unknown, having overtaken the placement), then acknowledged while the list was
   *       on its way back, is working at the venue, and closing it would leave it there unmanaged;
   *   <li>changed by a venue report that arrived meanwhile (a fill). A pending cancel's update time
   *       is refreshed by every retry and refusal, so it says nothing about the venue: such an
   *       order is judged by the list and its acknowledgement time only.
   * </ul>
   *
   * Keeping an order that was in fact closed at the venue is the safe error: its exposure stays
   * counted, and the cancel the planner sends it is answered "unknown order", which closes it.
   *
   * @param snapshotNanos when the list was asked for; 0 when unknown (the list is taken as current)
   */
  static boolean newerThanList(TrackedOrder o, long snapshotNanos, long inFlightNanos) {
    if (snapshotNanos <= 0) {
      return false;
    }
    return o.submittedNanos() > snapshotNanos
        || mayStillArrive(o, snapshotNanos, inFlightNanos)
        || (o.acknowledged() && o.acknowledgedNanos() > snapshotNanos)
        || (o.acknowledged()
            && o.state() != OrderState.PENDING_CANCEL
            && o.updatedNanos() > snapshotNanos);
  }

  /**
   * Whether {@code o}, never acknowledged, was sent so shortly before the list was asked for that
   * its placement may still be on its way to the venue (queued in a busy client's connection pool,
   * say) and reach it after the list: closing it would free its exposure while it may yet rest and
   * fill, and the next order could take the position past its limit. After {@code inFlightNanos}
   * the venue refuses the placement for its timestamp, so the list is then final for it.
   */
  static boolean mayStillArrive(TrackedOrder o, long snapshotNanos, long inFlightNanos) {
    return inFlightNanos > 0
        && !o.acknowledged()
        && snapshotNanos - o.submittedNanos() < inFlightNanos;
  }

  /**
   * Whether a venue report closed {@code o} after the list that shows it open was asked for: the
   * older list must not reopen it.
   */
  private static boolean closedSinceList(TrackedOrder o, OrderEvent.Reconciled e) {
    return e.snapshotNanos() > 0 && o.state().terminal() && o.updatedNanos() > e.snapshotNanos();
  }

  private void put(TrackedOrder o, TrackedOrder previous) {
    byId.put(o.clientOrderId(), o);
    if (o.state().working()) {
      int at = previous == null ? -1 : working.indexOf(previous);
      if (at >= 0) {
        working.set(at, o);
      } else {
        if (previous != null && closed.remove(previous)) { // reopened
          countClosed(previous, -1);
        }
        working.add(o);
      }
    } else {
      if (previous != null && previous.state().working()) {
        working.remove(previous);
      } else if (previous != null && closed.remove(previous)) {
        countClosed(previous, -1);
      }
      closed.addLast(o);
      countClosed(o, 1);
      while (closed.size() > CLOSED_MEMORY) {
        TrackedOrder gone = closed.removeFirst();
        countClosed(gone, -1);
        byId.remove(gone.clientOrderId(), gone);
      }
    }
  }

  private void replace(TrackedOrder previous, TrackedOrder updated) {
    put(updated, previous);
  }
}
