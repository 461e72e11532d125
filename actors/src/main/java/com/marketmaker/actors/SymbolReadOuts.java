package com.marketmaker.actors;

import com.marketmaker.actors.SymbolProtocol.DashboardRow;
import com.marketmaker.actors.SymbolProtocol.FillsReport;
import com.marketmaker.actors.SymbolProtocol.PerformanceReport;
import com.marketmaker.actors.SymbolProtocol.RiskReport;
import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.engine.QuotingEngine;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.orders.OrderState;
import com.marketmaker.core.orders.OwnTrade;
import com.marketmaker.core.orders.TrackedOrder;
import com.marketmaker.persistence.SymbolState;
import com.marketmaker.persistence.TradingState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What operators read of one instrument, built from its journaled state and its live engine. */
final class SymbolReadOuts {

  static final double CASH_UNIT = Math.pow(10, InstrumentSpec.CASH_SCALE);

  private SymbolReadOuts() {}

  /**
   * What the quoting loop does now: STOPPED, HALTED, NO_ORDER_ENTRY (with why when the venue
   * refuses), RECONCILING, QUOTING or PULLED (with why).
   */
  static String quoting(
      SymbolState s,
      boolean orderEntry,
      String orderEntryRefused,
      boolean reconciled,
      String pulled) {
    if (!s.making()) {
      return "STOPPED";
    }
    if (s.trading().halted()) {
      return "HALTED";
    }
    if (!orderEntry) {
      return "NO_ORDER_ENTRY";
    }
    if (!orderEntryRefused.isEmpty()) {
      return "NO_ORDER_ENTRY: " + orderEntryRefused;
    }
    if (!reconciled) {
      return "RECONCILING";
    }
    return pulled.isEmpty() ? "QUOTING" : "PULLED: " + pulled;
  }

  static RiskReport risk(String instrument, SymbolState s, String pulled) {
    TradingState t = s.trading();
    return new RiskReport(
        instrument,
        s.making(),
        t.halted(),
        t.haltCause(),
        t.haltReason(),
        t.haltedBy(),
        t.haltedAtMillis(),
        pulled);
  }

  /** The scorecard, marked to the live book's touch when it is in sync (else to nothing). */
  static PerformanceReport performance(
      String instrument, SymbolState s, QuotingEngine engine, long nowNanos, String hostedOn) {
    long bid = 0;
    long ask = 0;
    if (engine != null && engine.inSync()) {
      bid = engine.bidTicks();
      ask = engine.askTicks();
    }
    var report =
        s.trading()
            .scorecard(s.spec(), s.parameters().maxPositionLots())
            .report(bid, ask, nowNanos);
    return new PerformanceReport(instrument, report, hostedOn);
  }

  /** The newest {@code limit} fills, newest first, and how many were booked in all. */
  static FillsReport fills(String instrument, SymbolState s, int limit) {
    List<OwnTrade> recent = new ArrayList<>(s.trading().recentFills());
    Collections.reverse(recent);
    int n = Math.max(0, Math.min(limit, recent.size()));
    var p = s.trading().performance();
    long total = p.makerBuys() + p.makerSells() + p.takerBuys() + p.takerSells();
    return new FillsReport(instrument, List.copyOf(recent.subList(0, n)), total);
  }

  /**
   * The overview's line for this instrument: state, book top, our quotes, inventory and P&amp;L.
   */
  static DashboardRow dashboardRow(
      String instrument,
      SymbolState s,
      QuotingEngine engine,
      long nowNanos,
      String hostedOn,
      String quoting,
      List<TrackedOrder> working) {
    InstrumentSpec spec = s.spec();
    long ourBid = Long.MIN_VALUE;
    long ourAsk = Long.MAX_VALUE;
    for (TrackedOrder o : working) {
      if (o.state() != OrderState.PENDING_NEW
          && o.state() != OrderState.NEW
          && o.state() != OrderState.PARTIALLY_FILLED) {
        continue;
      }
      if (o.side() == Side.BUY) {
        ourBid = Math.max(ourBid, o.priceTicks());
      } else {
        ourAsk = Math.min(ourAsk, o.priceTicks());
      }
    }
    Double mid = null;
    Double bestBid = null;
    Double bestAsk = null;
    long gaps = 0;
    long resyncs = 0;
    boolean stale = false;
    long bookBid = 0;
    long bookAsk = 0;
    if (engine != null) {
      var book = engine.book().book();
      if (book.hasTwoSides()) {
        bookBid = book.bestBid();
        bookAsk = book.bestAsk();
        bestBid = spec.ticksToDouble(bookBid);
        bestAsk = spec.ticksToDouble(bookAsk);
        mid = (bestBid + bestAsk) / 2;
      }
      var status = engine.book().status(null);
      gaps = status.gaps();
      resyncs = status.resyncs();
      stale = status.stale();
    }
    var r =
        s.trading()
            .scorecard(spec, s.parameters().maxPositionLots())
            .report(bookBid, bookAsk, nowNanos);
    return new DashboardRow(
        instrument,
        hostedOn,
        s.making(),
        s.trading().halted(),
        s.trading().haltReason(),
        quoting,
        ourBid != Long.MIN_VALUE && ourAsk != Long.MAX_VALUE,
        mid,
        bestBid,
        bestAsk,
        ourBid == Long.MIN_VALUE ? null : spec.ticksToDouble(ourBid),
        ourAsk == Long.MAX_VALUE ? null : spec.ticksToDouble(ourAsk),
        spec.lotsToDouble(s.position().inventoryLots()),
        spec.lotsToDouble(s.parameters().maxPositionLots()),
        s.position().realizedPnl(),
        quote(r.unrealized()),
        quote(r.total()),
        quote(s.position().fees()),
        quote(r.capturedCash()),
        Double.isFinite(r.meanCapturedBps()) ? r.meanCapturedBps() : null,
        r.makerFills() + r.takerFills(),
        Double.isFinite(r.quoteUptime()) ? r.quoteUptime() : 0,
        gaps,
        resyncs,
        stale,
        System.currentTimeMillis());
  }

  /** A quote-currency amount at {@link InstrumentSpec#CASH_SCALE} as a display double. */
  private static double quote(long unscaled) {
    return unscaled / CASH_UNIT;
  }
}
