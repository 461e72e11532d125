package com.marketmaker.backtest.run;

import com.marketmaker.backtest.exchange.SimulatedExchange;
import com.marketmaker.core.accounting.Markouts;
import com.marketmaker.core.accounting.Performance;
import com.marketmaker.core.accounting.ReturnStatistics;
import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.engine.QuotingEngine;
import com.marketmaker.core.engine.VenueBook;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.orders.ClientOrderIds;
import com.marketmaker.core.orders.OrderEvent;
import com.marketmaker.core.orders.OrderLedger;
import com.marketmaker.core.orders.OrderPlanner;
import com.marketmaker.core.orders.OwnTrade;
import com.marketmaker.core.orders.TrackedOrder;
import com.marketmaker.core.orders.TradeBooking;
import com.marketmaker.core.orders.VenueException.Kind;
import com.marketmaker.core.quote.QuoteDecision;
import com.marketmaker.core.risk.RiskGuard;
import java.util.ArrayList;
import java.util.List;

/**
 * One instrument in a backtest, driven the way the live entity drives it: the same {@link
 * QuotingEngine} gets the market events at their receive time, decides after every book change and
 * after each of our fills, its order plans go to the {@link SimulatedExchange}, and the plans' and
 * the venue's events are booked by {@link TradeBooking}, as the journal books them live.
 */
final class InstrumentRun implements SimulatedExchange.Answers {

  final InstrumentSpec spec;
  final QuotingEngine engine;
  final SimulatedExchange exchange;

  /** The market as the venue has it (venue time), synced like the engine's own book. */
  final VenueBook venueBook;

  final TradeBooking booking;
  final ReturnStatistics returns;
  final Markouts markouts = Markouts.standard();

  /** {nanos, equity, inventory lots, best bid, best ask, our best bid, our best ask} (0: none). */
  final List<long[]> curve = new ArrayList<>();

  /** When each of our orders was sent, by client order id (for the fill latency). */
  private final java.util.Map<String, Long> submittedNanos = new java.util.HashMap<>();

  /** Sum over fills of the time from sending the order to learning of the fill, ns. */
  long fillLatencyNanos;

  long fillsTimed;

  /** Notional of our fills, cash units. */
  long tradedNotional;

  /** Realized P&L of each fill that reduced the position, cash units. */
  final List<Long> realizedSteps = new ArrayList<>();

  /** Our fills: {nanos, +1 buy / -1 sell, price ticks, lots}. */
  final List<long[]> fills = new ArrayList<>();

  private final long maxPositionLots;
  private final boolean capitalFromPosition;
  private long capitalCash;
  long decisions;
  long placesSent;
  long cancelsSent;
  long events;
  long halts;
  long placesRefused;
  long placesRefusedCrossing;
  long booksNeedingSnapshot;
  private long lastRealized;
  private boolean halted;

  /**
   * @param index the instrument's place in the run (its venue models get their own seeds)
   * @param onVenue instruments of the run on this instrument's venue account (they share its
   *     order-rate limits, as live)
   */
  InstrumentRun(
      InstrumentSpec spec, BacktestConfig config, long startNanos, int index, int onVenue) {
    this.spec = spec;
    this.engine =
        new QuotingEngine(
            spec,
            config.parametersFor(spec),
            config.strategy(),
            BacktestDefaults.engine(spec.id().venue(), onVenue),
            RiskGuard.State.CLEAR,
            startNanos);
    this.venueBook = VenueBook.create(spec);
    this.exchange =
        new SimulatedExchange(
            spec, config.venue().create(spec.id().venue(), index), venueBook.book());
    long incarnation = Math.max(1, startNanos / 1_000_000_000L);
    this.booking =
        new TradeBooking(
            new OrderLedger(new ClientOrderIds(spec.id(), incarnation), OrderLedger.State.EMPTY),
            new Performance(spec, config.parametersFor(spec).maxPositionLots()));
    this.maxPositionLots = config.parametersFor(spec).maxPositionLots();
    this.capitalFromPosition = config.capitalCash() == 0;
    this.capitalCash = config.capitalCash();
    this.returns =
        new ReturnStatistics(config.sampleIntervalNanos(), Math.max(1, config.capitalCash()));
  }

  /** The capital for the drawdown percent, once a mid is known. */
  long capitalCash() {
    return capitalCash;
  }

  /** Risk, decision and order plan at {@code nowNanos}: the live entity's quoting loop. */
  void quote(long nowNanos) {
    QuotingEngine.Turn turn = engine.turn(booking.performance().pnl(), booking.ledger(), nowNanos);
    RiskGuard.Decision risk = turn.risk();
    halted = engine.guard().state().halted();
    if (risk.halted()) {
      // Live: the halt is journaled and every order cancelled.
      halts++;
      book(new OrderEvent.CancelAllRequested("risk: " + risk.reason(), nowNanos));
      exchange.cancelAll(nowNanos);
      return;
    }
    if (turn.step() == null) {
      return; // a halt cleared: quoting resumes on the next turn, as live
    }
    QuotingEngine.Step step = turn.step();
    decisions++;
    OrderPlanner.Plan plan = step.plan();
    List<OrderPlanner.Action> actions = plan.actions();
    if (actions.isEmpty()) {
      return; // nothing to send, nothing to book
    }
    for (int i = 0; i < actions.size(); i++) {
      OrderPlanner.Action a = actions.get(i);
      if (a instanceof OrderPlanner.Place p) {
        exchange.place(p.request(), nowNanos);
        placesSent++;
      } else if (a instanceof OrderPlanner.Cancel c) {
        exchange.cancel(c.clientOrderId(), nowNanos);
        cancelsSent++;
      } else if (a instanceof OrderPlanner.CancelAll) {
        exchange.cancelAll(nowNanos);
        cancelsSent++;
      }
    }
    List<OrderEvent> events = plan.events(nowNanos);
    for (int i = 0; i < events.size(); i++) {
      book(events.get(i));
    }
  }

  /** An answer of the venue reaching us: booked, and a fill makes the engine quote again. */
  @Override
  public void onAnswer(OrderEvent e, Kind refusal) {
    long now = e.timeNanos();
    if (refusal == Kind.RATE_LIMITED) {
      engine.limits().onVenueThrottled(now);
    }
    if (e instanceof OrderEvent.PlaceRefused) {
      placesRefused++;
      if (refusal == Kind.REFUSED) {
        placesRefusedCrossing++;
      }
    }
    List<OwnTrade> booked = book(e);
    for (OwnTrade t : booked) {
      Long sent = submittedNanos.get(t.clientOrderId());
      if (sent != null) {
        fillLatencyNanos += now - sent;
        fillsTimed++;
      }
      tradedNotional += spec.notional(t.priceTicks(), t.sizeLots());
      fills.add(new long[] {now, t.side() == Side.BUY ? 1 : -1, t.priceTicks(), t.sizeLots()});
      engine.onOwnFill(t.side() == Side.BUY, t.priceTicks(), now);
      markouts.onFill(now, t.side() == Side.BUY, t.priceTicks(), t.sizeLots());
      long realized = booking.performance().pnl().realized();
      if (realized != lastRealized) {
        returns.onRealized(realized - lastRealized);
        realizedSteps.add(realized - lastRealized);
        lastRealized = realized;
      }
    }
    if (!booked.isEmpty()) {
      quote(now);
    }
  }

  private List<OwnTrade> book(OrderEvent e) {
    if (e instanceof OrderEvent.Submitted sub) {
      submittedNanos.put(sub.request().clientOrderId(), sub.timeNanos());
    }
    boolean inSync = engine.inSync();
    return booking.apply(
        e, inSync ? engine.bidTicks() : 0, inSync ? engine.askTicks() : 0, !halted);
  }

  /** Samples equity (marked to the mid), inventory and the touch at the end of an interval. */
  void sample(long nowNanos) {
    if (!engine.inSync()) {
      return;
    }
    long bid = engine.bidTicks();
    long ask = engine.askTicks();
    if (capitalFromPosition && capitalCash == 0) {
      capitalCash = Math.max(1, spec.notional((bid + ask) / 2, maxPositionLots));
      returns.capital(capitalCash);
    }
    long equity = booking.performance().pnl().total(spec, bid, ask);
    returns.onEquity(nowNanos, equity);
    curve.add(
        new long[] {
          nowNanos,
          equity,
          booking.performance().pnl().inventoryLots(),
          bid,
          ask,
          ourBest(Side.BUY),
          ourBest(Side.SELL)
        });
  }

  /** The best price of our live orders on {@code side}, 0 when none is live. */
  private long ourBest(Side side) {
    long best = 0;
    for (TrackedOrder o : booking.ledger().workingOrders()) {
      if (o.side() == side && o.acknowledged() && o.state().holdsSlot()) {
        if (best == 0 || (side == Side.BUY ? o.priceTicks() > best : o.priceTicks() < best)) {
          best = o.priceTicks();
        }
      }
    }
    return best;
  }

  /** After a book change: settles the mark-outs whose horizon has passed. */
  void onBook(long nowNanos) {
    if (engine.inSync()) {
      markouts.onMid(nowNanos, (engine.bidTicks() + engine.askTicks()) / 2.0);
    }
  }

  QuoteDecision lastDecision() {
    return engine.lastQuoteDecision();
  }
}
