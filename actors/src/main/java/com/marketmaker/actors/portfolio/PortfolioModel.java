package com.marketmaker.actors.portfolio;

import com.marketmaker.actors.portfolio.PortfolioEvent.BreachesChanged;
import com.marketmaker.actors.portfolio.PortfolioEvent.BreachesCleared;
import com.marketmaker.actors.portfolio.PortfolioEvent.Checkpoint;
import com.marketmaker.actors.portfolio.PortfolioEvent.FillsBooked;
import com.marketmaker.actors.portfolio.PortfolioEvent.LimitsSet;
import com.marketmaker.actors.portfolio.PortfolioEvent.PlanConfirmed;
import com.marketmaker.actors.portfolio.PortfolioEvent.PlanCreated;
import com.marketmaker.actors.portfolio.PortfolioEvent.PlanEnded;
import com.marketmaker.actors.portfolio.PortfolioEvent.PlanLegsDone;
import com.marketmaker.core.portfolio.book.BookSnapshot;
import com.marketmaker.core.portfolio.book.Breach;
import com.marketmaker.core.portfolio.book.DrawdownTracker;
import com.marketmaker.core.portfolio.book.PortfolioBook;
import com.marketmaker.core.portfolio.book.PortfolioFill;
import com.marketmaker.core.portfolio.book.PortfolioLimits;
import com.marketmaker.core.portfolio.book.PriceBars;
import com.marketmaker.persistence.CborSerializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The portfolio actor's state: the book (positions from fills, marks), the price bars, the P&amp;L
 * peak, the limits, the breaches in force and the rebalance plans. Mutable and owned by the actor:
 * events change it in the event handler, marks change it on the command side (they are not
 * journaled), and {@link #snapshot()} copies it into plain records for the snapshot store, on the
 * actor's thread.
 */
final class PortfolioModel {

  /** How many plans are remembered. */
  static final int PLANS_KEPT = 20;

  /**
   * A plan and where it is.
   *
   * @param legsDone the instruments whose leg reached its target while the plan executed
   */
  record PlanRecord(
      RebalancePlan plan,
      String status,
      String confirmedBy,
      long confirmedAtMillis,
      String outcome,
      long endedAtMillis,
      List<String> legsDone)
      implements CborSerializable {
    PlanRecord {
      // Snapshots taken before legs were latched have none.
      legsDone = legsDone == null ? List.of() : List.copyOf(legsDone);
    }

    PlanRecord withLegsDone(List<String> more) {
      List<String> all = new ArrayList<>(legsDone);
      for (String i : more) {
        if (!all.contains(i)) {
          all.add(i);
        }
      }
      return new PlanRecord(
          plan, status, confirmedBy, confirmedAtMillis, outcome, endedAtMillis, all);
    }
  }

  /** The state as plain data. */
  record Snapshot(
      BookSnapshot book,
      PriceBars.Snapshot bars,
      DrawdownTracker drawdown,
      PortfolioLimits limits,
      String limitsSetBy,
      List<Breach> breaches,
      long breachesSinceMillis,
      String clearedBy,
      long clearedAtMillis,
      List<PlanRecord> plans)
      implements CborSerializable {}

  PortfolioBook book;
  PriceBars bars;
  DrawdownTracker drawdown = DrawdownTracker.INITIAL;
  PortfolioLimits limits;
  String limitsSetBy = "configuration";
  List<Breach> breaches = List.of();
  long breachesSinceMillis;
  String clearedBy;
  long clearedAtMillis;
  final LinkedHashMap<String, PlanRecord> plans = new LinkedHashMap<>();

  PortfolioModel(PortfolioLimits limits, long barIntervalMillis, int barCapacity) {
    this.book = new PortfolioBook();
    this.bars = new PriceBars(barIntervalMillis, barCapacity);
    this.limits = limits;
  }

  /**
   * The fills of a report not booked yet: each trade id once, and only those the book's trade-id
   * window admits (a report repeats the fills until they are acknowledged).
   */
  List<PortfolioFill> freshFills(PortfolioProtocol.InstrumentReport r) {
    List<PortfolioFill> fresh = new ArrayList<>();
    java.util.Set<Long> seen = new java.util.HashSet<>();
    for (PortfolioProtocol.ReportedFill f : r.fills()) {
      if (seen.add(f.tradeId()) && book.admits(r.instrument(), f.tradeId())) {
        fresh.add(
            new PortfolioFill(
                r.instrument(),
                r.venue(),
                r.baseAsset(),
                r.quoteAsset(),
                f.tradeId(),
                f.side(),
                f.price(),
                f.quantity(),
                f.fee(),
                f.timeMillis()));
      }
    }
    return fresh;
  }

  PortfolioModel apply(PortfolioEvent event) {
    if (event instanceof FillsBooked f) {
      for (PortfolioFill fill : f.fills()) {
        book.apply(fill);
      }
    } else if (event instanceof LimitsSet l) {
      limits = l.limits();
      limitsSetBy = l.requestedBy();
    } else if (event instanceof BreachesChanged b) {
      if (breaches.isEmpty() && !b.breaches().isEmpty()) {
        breachesSinceMillis = b.timestampMillis();
      }
      breaches = b.breaches();
    } else if (event instanceof BreachesCleared c) {
      breaches = List.of();
      clearedBy = c.requestedBy();
      clearedAtMillis = c.timestampMillis();
    } else if (event instanceof PlanCreated p) {
      plans.put(p.plan().id(), new PlanRecord(p.plan(), "PROPOSED", null, 0, null, 0, List.of()));
      while (plans.size() > PLANS_KEPT) {
        plans.remove(plans.keySet().iterator().next());
      }
    } else if (event instanceof PlanConfirmed c) {
      PlanRecord r = plans.get(c.planId());
      if (r != null) {
        // One plan executes at a time: a newer confirmation replaces an executing one.
        for (Map.Entry<String, PlanRecord> e : plans.entrySet()) {
          PlanRecord o = e.getValue();
          if (o.status().equals("EXECUTING")) {
            e.setValue(
                new PlanRecord(
                    o.plan(),
                    "ENDED",
                    o.confirmedBy(),
                    o.confirmedAtMillis(),
                    "replaced",
                    c.timestampMillis(),
                    o.legsDone()));
          }
        }
        plans.put(
            c.planId(),
            new PlanRecord(
                r.plan(), "EXECUTING", c.requestedBy(), c.timestampMillis(), null, 0, List.of()));
      }
    } else if (event instanceof PlanEnded e) {
      PlanRecord r = plans.get(e.planId());
      if (r != null) {
        plans.put(
            e.planId(),
            new PlanRecord(
                r.plan(),
                "ENDED",
                r.confirmedBy(),
                r.confirmedAtMillis(),
                e.outcome(),
                e.timestampMillis(),
                r.legsDone()));
      }
    } else if (event instanceof PlanLegsDone d) {
      PlanRecord r = plans.get(d.planId());
      if (r != null) {
        plans.put(d.planId(), r.withLegsDone(d.instruments()));
      }
    } else if (event instanceof Checkpoint) {
      // Nothing changes: the checkpoint is there to be snapshotted.
    }
    return this;
  }

  /** The plan being executed, if any. */
  PlanRecord executing() {
    for (PlanRecord r : plans.values()) {
      if (r.status().equals("EXECUTING")) {
        return r;
      }
    }
    return null;
  }

  Snapshot snapshot() {
    return new Snapshot(
        book.snapshot(),
        bars.snapshot(),
        drawdown,
        limits,
        limitsSetBy,
        breaches,
        breachesSinceMillis,
        clearedBy,
        clearedAtMillis,
        new ArrayList<>(plans.values()));
  }

  static PortfolioModel restore(Snapshot s, PortfolioLimits fallback) {
    PortfolioModel m =
        new PortfolioModel(
            s.limits() == null ? fallback : s.limits(),
            s.bars().intervalMillis(),
            s.bars().capacity());
    m.book = PortfolioBook.restore(s.book());
    m.bars = PriceBars.restore(s.bars());
    m.drawdown = s.drawdown() == null ? DrawdownTracker.INITIAL : s.drawdown();
    m.limitsSetBy = s.limitsSetBy();
    m.breaches = s.breaches() == null ? List.of() : List.copyOf(s.breaches());
    m.breachesSinceMillis = s.breachesSinceMillis();
    m.clearedBy = s.clearedBy();
    m.clearedAtMillis = s.clearedAtMillis();
    for (PlanRecord r : s.plans()) {
      m.plans.put(r.plan().id(), r);
    }
    return m;
  }
}
