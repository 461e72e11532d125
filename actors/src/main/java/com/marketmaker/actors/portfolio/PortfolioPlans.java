package com.marketmaker.actors.portfolio;

import com.marketmaker.actors.portfolio.PortfolioProtocol.PlanView;
import com.marketmaker.core.portfolio.book.PairResult;
import com.marketmaker.core.portfolio.book.PositionView;
import com.marketmaker.core.portfolio.book.ScanResult;
import com.marketmaker.core.portfolio.execution.ExecutionPlan;
import com.marketmaker.core.portfolio.execution.ExecutionPlanner;
import com.marketmaker.core.portfolio.execution.ImpactChoice;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Rebalance plans: proposed by entropic optimal transport over the instruments' inventories ({@link
 * ExecutionPlanner}), executed by leaning each leg's quotes toward its target, followed by the
 * booked positions.
 *
 * <p>The cross-impact matrix is estimated from the instruments' bars, their returns regressed on
 * the signed public flow the entities report ({@link ImpactChoice}). Until the bars support that
 * estimate it is the proxy &lambda;&middot;C, C the correlation matrix of the instruments' bar
 * returns and &lambda; the configured impact of one dollar: instruments that move together impact
 * each other in proportion (Benzaquen, Mastromatteo, Eisler &amp; Bouchaud 2017 find cross-impact
 * aligned with return correlations); without enough bars C is the identity. The plan says which.
 */
final class PortfolioPlans {

  /** The notional of one child order, US dollars: the scale the linear impact is taken at. */
  static final double CLIP_NOTIONAL_USD = 1_000;

  /** The fewest bars of returns and flows a flow estimate of the cross-impact needs. */
  static final int MIN_FLOW_BARS = 60;

  /** The bars the cross-impact is estimated over, at most. */
  static final int IMPACT_BARS = 1000;

  /** A leg is done when its remaining trade is below this share of the planned one. */
  static final double DONE_SHARE = 0.1;

  private PortfolioPlans() {}

  static RebalancePlan propose(
      String id,
      String target,
      PortfolioModel m,
      ScanResult scan,
      PortfolioSettings settings,
      String requestedBy,
      long nowMillis) {
    if (!"flat".equals(target) && !"hedge".equals(target)) {
      throw new IllegalArgumentException("target must be 'flat' or 'hedge', got '" + target + "'");
    }
    List<PositionView> positions = new ArrayList<>();
    for (PositionView p : m.book.positions()) {
      if (p.converted() && p.marked() && p.markPrice() > 0) {
        positions.add(p);
      }
    }
    if (positions.isEmpty()) {
      throw new IllegalArgumentException("no marked position to rebalance");
    }
    Map<String, Double> targetBase = new LinkedHashMap<>();
    for (PositionView p : positions) {
      targetBase.put(p.instrument(), "flat".equals(target) ? 0.0 : p.quantityBase());
    }
    if ("hedge".equals(target)) {
      if (scan == null || scan.cointegratedPairs().isEmpty()) {
        throw new IllegalArgumentException("no cointegrated pair to hedge with yet");
      }
      for (PairResult pair : scan.cointegratedPairs()) {
        // y = c + beta x + s: one unit of y is hedged by -beta units of x.
        Double y = targetBase.get(pair.y());
        if (y != null && targetBase.containsKey(pair.x())) {
          targetBase.put(pair.x(), -pair.hedgeRatio() * y);
        }
      }
    }
    List<ExecutionPlanner.Cell> cells = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < positions.size(); i++) {
      PositionView p = positions.get(i);
      double usdPerBase = p.markPrice() * p.usdPerQuote();
      names.add(p.instrument());
      cells.add(
          new ExecutionPlanner.Cell(
              i,
              p.venue(),
              settings.takerFeeRate(),
              p.notionalUsd(),
              targetBase.get(p.instrument()) * usdPerBase));
    }
    double[] usdPerQuote = new double[positions.size()];
    for (int i = 0; i < usdPerQuote.length; i++) {
      usdPerQuote[i] = positions.get(i).usdPerQuote();
    }
    ImpactChoice.Choice impact = impact(m, names, usdPerQuote, settings);
    ExecutionPlan plan = new ExecutionPlanner(impact.model(), CLIP_NOTIONAL_USD, 10).plan(cells);
    List<RebalancePlan.Leg> legs = new ArrayList<>();
    for (int i = 0; i < positions.size(); i++) {
      PositionView p = positions.get(i);
      ExecutionPlanner.Cell c = cells.get(i);
      legs.add(
          new RebalancePlan.Leg(
              p.instrument(),
              p.quantityBase(),
              targetBase.get(p.instrument()),
              c.targetNotional() - c.currentNotional()));
    }
    List<RebalancePlan.Move> moves = new ArrayList<>();
    int cash = plan.cashIndex();
    for (int i = 0; i < plan.cells().size(); i++) {
      for (int j = 0; j < plan.cells().size(); j++) {
        double v = plan.plan(i, j);
        if (i != j && v > 1e-9) {
          moves.add(
              new RebalancePlan.Move(
                  i == cash ? "cash" : names.get(i), j == cash ? "cash" : names.get(j), v));
        }
      }
    }
    return new RebalancePlan(
        id,
        target,
        legs,
        plan.expectedCost(),
        plan.legsAloneCost(),
        impact.source(),
        moves,
        settings.planHorizon().toMillis(),
        requestedBy,
        nowMillis);
  }

  /** The cross-impact of {@code names}: from their flows where the bars support it. */
  static ImpactChoice.Choice impact(
      PortfolioModel m, List<String> names, double[] usdPerQuote, PortfolioSettings settings) {
    double[][] closes = m.bars.aligned(names, IMPACT_BARS);
    double[][] flows = m.bars.alignedFlows(names, IMPACT_BARS);
    return ImpactChoice.choose(
        closes, flows, usdPerQuote, proxyImpact(m, names, settings), MIN_FLOW_BARS);
  }

  private static double[][] proxyImpact(
      PortfolioModel m, List<String> names, PortfolioSettings settings) {
    int k = names.size();
    double[][] lambda = new double[k][k];
    double[][] r = null;
    try {
      r = m.bars.logReturns(names, IMPACT_BARS);
    } catch (RuntimeException notEnough) {
      // identity below
    }
    boolean correlated = r != null && r.length == k && k > 0 && r[0].length >= 30;
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        double c = i == j ? 1 : correlated ? correlation(r[i], r[j]) : 0;
        lambda[i][j] = settings.impactPerUsd() * (Double.isFinite(c) ? c : 0);
      }
    }
    return lambda;
  }

  private static double correlation(double[] a, double[] b) {
    int n = a.length;
    double ma = 0;
    double mb = 0;
    for (int t = 0; t < n; t++) {
      ma += a[t] / n;
      mb += b[t] / n;
    }
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int t = 0; t < n; t++) {
      sab += (a[t] - ma) * (b[t] - mb);
      saa += (a[t] - ma) * (a[t] - ma);
      sbb += (b[t] - mb) * (b[t] - mb);
    }
    return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
  }

  /** Share of each leg's trade done, from the booked positions. */
  static Map<String, Double> progress(PortfolioModel m, RebalancePlan plan) {
    return progress(plan, positions(m));
  }

  /** Each instrument's booked position, base units. */
  static ToDoubleFunction<String> positions(PortfolioModel m) {
    return m.book::positionBase;
  }

  /** Share of each leg's trade done, at the positions {@code positionBase} gives (base units). */
  static Map<String, Double> progress(RebalancePlan plan, ToDoubleFunction<String> positionBase) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (RebalancePlan.Leg leg : plan.legs()) {
      double now = positionBase.applyAsDouble(leg.instrument());
      double planned = leg.targetPositionBase() - leg.startPositionBase();
      double done = now - leg.startPositionBase();
      out.put(
          leg.instrument(),
          Math.abs(planned) < 1e-12 ? 1.0 : Math.max(0, Math.min(1, done / planned)));
    }
    return out;
  }

  /**
   * The events the executing plan {@code running} is due at {@code nowMillis} with the positions
   * {@code positionBase} gives: its legs newly done, and its end if every leg is done or its
   * horizon has passed.
   */
  static List<PortfolioEvent> progressEvents(
      PortfolioModel.PlanRecord running, ToDoubleFunction<String> positionBase, long nowMillis) {
    Map<String, Double> progress = progress(running.plan(), positionBase);
    List<PortfolioEvent> events = new ArrayList<>();
    List<String> done = legsNewlyDone(progress, running);
    if (!done.isEmpty()) {
      events.add(new PortfolioEvent.PlanLegsDone(running.plan().id(), done, nowMillis));
      running = running.withLegsDone(done);
    }
    String outcome = outcome(progress, running, nowMillis);
    if (outcome != null) {
      events.add(new PortfolioEvent.PlanEnded(running.plan().id(), outcome, nowMillis));
    }
    return events;
  }

  /**
   * The legs of the executing plan {@code r} that reached their target now and were not done
   * before: to be journaled as done.
   */
  private static List<String> legsNewlyDone(
      Map<String, Double> progress, PortfolioModel.PlanRecord r) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Double> e : progress.entrySet()) {
      if (e.getValue() >= 1 - DONE_SHARE && !r.legsDone().contains(e.getKey())) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  /**
   * Why the executing plan ends now (executed: every leg done, now or before; past its horizon), or
   * null.
   */
  private static String outcome(
      Map<String, Double> progress, PortfolioModel.PlanRecord r, long nowMillis) {
    boolean done = true;
    for (Map.Entry<String, Double> e : progress.entrySet()) {
      done &= e.getValue() >= 1 - DONE_SHARE || r.legsDone().contains(e.getKey());
    }
    if (done) {
      return "executed";
    }
    if (nowMillis - r.confirmedAtMillis() > r.plan().horizonMillis()) {
      return "horizon passed";
    }
    return null;
  }

  /**
   * The executing plan's lean per instrument, bps: toward the target, off once the leg is done (for
   * good once it was).
   */
  static Map<String, Double> lean(PortfolioModel m, PortfolioSettings settings) {
    PortfolioModel.PlanRecord r = m.executing();
    Map<String, Double> out = new HashMap<>();
    if (r == null) {
      return out;
    }
    Map<String, Double> progress = progress(m, r.plan());
    for (RebalancePlan.Leg leg : r.plan().legs()) {
      double planned = leg.targetPositionBase() - leg.startPositionBase();
      if (Math.abs(planned) > 1e-12
          && progress.get(leg.instrument()) < 1 - DONE_SHARE
          && !r.legsDone().contains(leg.instrument())) {
        // To buy, raise the quotes; to sell, lower them.
        out.put(leg.instrument(), Math.signum(planned) * settings.executionSkewBps());
      }
    }
    return out;
  }

  static PlanView view(PortfolioModel m, String id, String error) {
    PortfolioModel.PlanRecord r = m.plans.get(id);
    if (r == null) {
      return new PlanView(
          false, null, null, null, Map.of(), List.of(), error == null ? "no such plan" : error);
    }
    return new PlanView(
        true, r.plan(), r.status(), r.outcome(), progress(m, r.plan()), r.legsDone(), error);
  }
}
