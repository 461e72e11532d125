package com.marketmaker.persistence;

import com.marketmaker.core.accounting.Performance;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.orders.ClientOrderIds;
import com.marketmaker.core.orders.OrderEvent;
import com.marketmaker.core.orders.OrderLedger;
import com.marketmaker.core.orders.OwnTrade;
import com.marketmaker.core.orders.TradeBooking;
import com.marketmaker.core.risk.RiskCheck;
import com.marketmaker.core.strategy.StrategyConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The durable live-trading state of one instrument: the strategy, the order ledger (every order we
 * sent and its lifecycle, fills deduplicated by venue trade id), the exact P&amp;L and performance
 * scorecard, the risk halt, and the most recent fills. Rebuilt from journaled order events; pure.
 *
 * @param strategy the operator's strategy choice; defaults before the first start
 * @param incarnation identifies this instrument's journal in its client order ids (the epoch second
 *     of its first start), 0 before it
 * @param orders the order ledger's persistable state
 * @param performance P&amp;L, fills, fill rates, spread captured, inventory and uptime statistics
 * @param halted halted by a risk breach or the kill switch, until cleared
 * @param haltCause the breached check (or {@code KILL_SWITCH}), empty when not halted
 * @param haltReason why, as the check reported it
 * @param haltedBy who or what halted it ("risk" for a breach)
 * @param haltedAtMillis when
 * @param recentFills the last {@link #RECENT_FILLS} booked fills, oldest first
 */
public record TradingState(
    StrategyConfig strategy,
    long incarnation,
    OrderLedger.State orders,
    Performance.State performance,
    boolean halted,
    String haltCause,
    String haltReason,
    String haltedBy,
    long haltedAtMillis,
    List<OwnTrade> recentFills)
    implements CborSerializable {

  /** How many recent fills the state keeps for the API; the journal keeps them all. */
  public static final int RECENT_FILLS = 200;

  public static final TradingState EMPTY =
      new TradingState(
          StrategyConfig.defaults(),
          0,
          OrderLedger.State.EMPTY,
          Performance.State.start(),
          false,
          "",
          "",
          "",
          0,
          List.of());

  public TradingState {
    strategy = strategy == null ? StrategyConfig.defaults() : strategy;
    orders = orders == null ? OrderLedger.State.EMPTY : orders;
    performance = performance == null ? Performance.State.start() : performance;
    haltCause = haltCause == null ? "" : haltCause;
    haltReason = haltReason == null ? "" : haltReason;
    haltedBy = haltedBy == null ? "" : haltedBy;
    recentFills = recentFills == null ? List.of() : List.copyOf(recentFills);
  }

  /**
   * The outcome of applying one order event.
   *
   * @param ledger the live ledger after the event, whose snapshot is {@code state.orders()}
   */
  public record Applied(TradingState state, List<OwnTrade> booked, OrderLedger ledger) {}

  /** The client order ids of this instrument's journal. */
  public ClientOrderIds ids(InstrumentSpec spec) {
    return new ClientOrderIds(spec.id(), incarnation);
  }

  /** A live ledger restored from this state (mutable; the caller's own copy). */
  public OrderLedger ledger(InstrumentSpec spec) {
    return new OrderLedger(ids(spec), orders);
  }

  /** A live scorecard restored from this state (mutable; the caller's own copy). */
  public Performance scorecard(InstrumentSpec spec, long maxPositionLots) {
    return new Performance(spec, maxPositionLots, performance);
  }

  /** The same state with another strategy (an operator's update while making). */
  TradingState withStrategy(StrategyConfig chosen) {
    return new TradingState(
        chosen,
        incarnation,
        orders,
        performance,
        halted,
        haltCause,
        haltReason,
        haltedBy,
        haltedAtMillis,
        recentFills);
  }

  /**
   * This state with an operator-entered fill among the recent fills (the ledger does not know it:
   * it moved the position directly), so every booked fill is in the recent fills.
   */
  TradingState withManualFill(OwnTrade trade) {
    List<OwnTrade> fills = new ArrayList<>(recentFills);
    fills.add(trade);
    if (fills.size() > RECENT_FILLS) {
      fills = new ArrayList<>(fills.subList(fills.size() - RECENT_FILLS, fills.size()));
    }
    return new TradingState(
        strategy,
        incarnation,
        orders,
        performance,
        halted,
        haltCause,
        haltReason,
        haltedBy,
        haltedAtMillis,
        fills);
  }

  TradingState started(StrategyConfig chosen, long timestampMillis) {
    long inc = incarnation != 0 ? incarnation : Math.max(1, timestampMillis / 1000);
    return new TradingState(
        chosen == null ? strategy : chosen,
        inc,
        orders,
        performance,
        halted,
        haltCause,
        haltReason,
        haltedBy,
        haltedAtMillis,
        recentFills);
  }

  /**
   * Applies one order event journaled with the top of book at that moment.
   *
   * @param making whether the instrument is quoting (for the uptime clock)
   */
  Applied apply(
      OrderEvent event,
      long bidTicks,
      long askTicks,
      InstrumentSpec spec,
      long maxPositionLots,
      boolean making) {
    return apply(event, bidTicks, askTicks, spec, maxPositionLots, making, null);
  }

  /**
   * As {@link #apply(OrderEvent, long, long, InstrumentSpec, long, boolean)}, on {@code live}: a
   * ledger that holds exactly {@link #orders()}, changed in place (restored from the state when
   * null).
   */
  Applied apply(
      OrderEvent event,
      long bidTicks,
      long askTicks,
      InstrumentSpec spec,
      long maxPositionLots,
      boolean making,
      OrderLedger live) {
    OrderLedger ledger = live != null ? live : ledger(spec);
    Performance perf = scorecard(spec, maxPositionLots);
    List<OwnTrade> booked =
        new TradeBooking(ledger, perf).apply(event, bidTicks, askTicks, making && !halted);
    List<OwnTrade> fills = recentFills;
    if (!booked.isEmpty()) {
      fills = new ArrayList<>(recentFills);
      fills.addAll(booked);
      if (fills.size() > RECENT_FILLS) {
        fills = new ArrayList<>(fills.subList(fills.size() - RECENT_FILLS, fills.size()));
      }
    }
    return new Applied(
        new TradingState(
            strategy,
            incarnation,
            ledger.snapshot(),
            perf.state(),
            halted,
            haltCause,
            haltReason,
            haltedBy,
            haltedAtMillis,
            fills),
        booked,
        ledger);
  }

  TradingState halted(String cause, String reason, String by, long timestampMillis) {
    return new TradingState(
        strategy,
        incarnation,
        orders,
        performance,
        true,
        cause,
        reason,
        by,
        timestampMillis,
        recentFills);
  }

  TradingState cleared() {
    return new TradingState(
        strategy, incarnation, orders, performance, false, "", "", "", 0, recentFills);
  }

  /** The cause as a core risk check, or null (kill switch, operator halt, nothing). */
  public RiskCheck haltCheck() {
    for (RiskCheck c : RiskCheck.values()) {
      if (c.name().equals(haltCause)) {
        return c;
      }
    }
    return null;
  }
}
