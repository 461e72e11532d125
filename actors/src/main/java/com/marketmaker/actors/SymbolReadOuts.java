package com.marketmaker.actors;

import com.marketmaker.actors.SymbolProtocol.FillsReport;
import com.marketmaker.actors.SymbolProtocol.PerformanceReport;
import com.marketmaker.actors.SymbolProtocol.RiskReport;
import com.marketmaker.core.engine.QuotingEngine;
import com.marketmaker.core.orders.OwnTrade;
import com.marketmaker.persistence.SymbolState;
import com.marketmaker.persistence.TradingState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What operators read of one instrument, built from its journaled state and its live engine. */
final class SymbolReadOuts {

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
}
