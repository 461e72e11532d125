package com.marketmaker.actors.portfolio;

import com.marketmaker.core.portfolio.book.BasketSkew;
import com.marketmaker.core.portfolio.book.Breach;
import com.marketmaker.core.portfolio.book.CointegrationScan;
import com.marketmaker.core.portfolio.book.LimitCheck;
import com.marketmaker.core.portfolio.book.PairResult;
import com.marketmaker.core.portfolio.book.PortfolioBook;
import com.marketmaker.core.portfolio.book.PortfolioLimits;
import com.marketmaker.core.portfolio.book.PriceBars;
import com.marketmaker.core.portfolio.book.RiskResult;
import com.marketmaker.core.portfolio.book.ScanResult;
import com.marketmaker.core.quote.PortfolioAdvice;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One evaluation of the portfolio's risk models, computed off the actor's thread on copies of its
 * book and bars: VaR/CVaR, the drawdown probability and the basket skews of the scan in force. The
 * cointegration scan ({@link #scan}) runs on its own thread at its own pace; the limits are checked
 * on the actor against the book as it stands ({@link #breachesNow}), which also computes the advice
 * each instrument's quotes get.
 *
 * @param risk VaR, CVaR and the drawdown probability
 * @param skewBps the basket skew per instrument
 */
record PortfolioEvaluation(
    RiskResult risk, Map<String, Double> skewBps, long atMillis, String error) {

  /**
   * A cointegration scan of every instrument with enough bars, or null with fewer than two.
   *
   * @param bars a copy of the bars
   */
  static ScanResult scan(PriceBars bars, PortfolioSettings settings) {
    List<String> marked = new ArrayList<>();
    for (String i : bars.instruments()) {
      if (bars.barCount(i) >= CointegrationScan.MIN_BARS) {
        marked.add(i);
      }
    }
    return marked.size() >= 2 ? CointegrationScan.scan(bars, marked, settings.scan()) : null;
  }

  /**
   * Evaluates copies of the book and bars.
   *
   * @param scan the scan in force, for the basket skews (null for none)
   */
  static PortfolioEvaluation of(
      PortfolioBook book,
      PriceBars bars,
      PortfolioLimits limits,
      double drawdownUsd,
      PortfolioSettings settings,
      ScanResult scan,
      long nowMillis) {
    try {
      RiskResult risk =
          com.marketmaker.core.portfolio.book.PortfolioRisk.compute(
              book, bars, settings.risk().forLimits(limits), Math.max(0, drawdownUsd));
      Map<String, Double> skews = new TreeMap<>();
      if (scan != null && scan.bars() >= settings.basketMinBars()) {
        List<BasketSkew.PairSignal> signals = new ArrayList<>();
        for (PairResult p : scan.cointegratedPairs()) {
          double py = book.lastMark(p.y()).map(m -> m.mid()).orElse(Double.NaN);
          double px = book.lastMark(p.x()).map(m -> m.mid()).orElse(Double.NaN);
          if (py > 0 && px > 0 && Double.isFinite(p.hedgeRatio())) {
            signals.add(BasketSkew.PairSignal.of(p, py, px));
          }
        }
        skews.putAll(
            BasketSkew.skewBps(signals, book.notionalUsdByInstrument(), settings.basket()));
      }
      return new PortfolioEvaluation(risk, skews, nowMillis, null);
    } catch (RuntimeException e) {
      return new PortfolioEvaluation(
          null, Map.of(), nowMillis, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /**
   * The limits breached by the book as it stands. Exposures are measured on {@code book} now. The
   * risk limits (CVaR, drawdown probability) are checked against {@code risk}, the models' last
   * estimate computed for these same limits; without one (none since the portfolio started, or the
   * limits changed since), the risk breaches in force stay as they are while their limit is on:
   * only an estimate of the risk raises or lifts them, never the lack of one.
   *
   * <p>A breach is raised when its ratio is above {@link LimitCheck}'s threshold, and one in force
   * is lifted (or eased to a milder action) only once its ratio is below {@code release} times that
   * threshold: checked every second, an exposure hovering at its limit would otherwise raise and
   * lift its breach on every check, the quotes shrinking and growing back each time.
   *
   * @param risk the models' last risk estimate for {@code limits}, or null
   * @param inForce the breaches in force now
   * @param release the share of a threshold below which a breach in force is lifted, in (0, 1]
   */
  static List<Breach> breachesNow(
      PortfolioBook book,
      RiskResult risk,
      PortfolioLimits limits,
      List<Breach> inForce,
      double release) {
    LimitCheck.Thresholds raise = LimitCheck.Thresholds.defaults();
    List<Breach> found = LimitCheck.check(book, risk, limits, raise);
    if (release < 1 && !inForce.isEmpty()) {
      LimitCheck.Thresholds hold =
          new LimitCheck.Thresholds(
              raise.shrinkAbove() * release,
              raise.widenAbove() * release,
              raise.pullAbove() * release);
      found = held(found, LimitCheck.check(book, risk, limits, hold), inForce);
    }
    if (risk != null) {
      return found;
    }
    List<Breach> out = new ArrayList<>();
    for (Breach b : inForce) {
      boolean stillOn =
          switch (b.kind()) {
            case CVAR_99 -> PortfolioLimits.on(limits.cvar99MaxUsd());
            case DRAWDOWN_PROBABILITY -> PortfolioLimits.on(limits.drawdownProbabilityMax());
            default -> false;
          };
      if (stillOn) {
        out.add(b);
      }
    }
    out.addAll(found); // the risk kinds sort first, as LimitCheck orders its breaches
    return out;
  }

  /**
   * The breaches raised at the thresholds, with those in force that the lower thresholds still
   * find: each limit and subject at the more severe of its raised action and its action in force as
   * far as the lower thresholds still call for it. Ordered as {@link LimitCheck} orders them.
   */
  private static List<Breach> held(
      List<Breach> raised, List<Breach> holding, List<Breach> inForce) {
    Map<String, Breach> before = new HashMap<>();
    for (Breach b : inForce) {
      before.put(key(b), b);
    }
    Map<String, Breach> out = new HashMap<>();
    for (Breach h : holding) {
      Breach was = before.get(key(h));
      if (was != null) {
        Breach.Action action = was.action().compareTo(h.action()) < 0 ? was.action() : h.action();
        out.put(
            key(h),
            new Breach(h.kind(), h.subject(), h.value(), h.limit(), action, h.instruments()));
      }
    }
    for (Breach r : raised) {
      Breach kept = out.get(key(r));
      if (kept == null || kept.action().compareTo(r.action()) < 0) {
        out.put(key(r), r);
      }
    }
    List<Breach> list = new ArrayList<>(out.values());
    list.sort(LimitCheck.ORDER);
    return list;
  }

  private static String key(Breach b) {
    return b.kind() + "\u0000" + b.subject();
  }

  /**
   * The advice for one instrument: a breach's action (pull, or widen and shrink, or shrink), the
   * basket skew, and a confirmed plan's lean toward the leg's target.
   *
   * @param breaches the breaches in force (cleared ones are not)
   * @param planSkewBps the executing plan's lean for this instrument (0 for none)
   */
  static PortfolioAdvice advice(
      String instrument,
      List<Breach> breaches,
      Map<String, Double> skews,
      double planSkewBps,
      PortfolioSettings settings) {
    Breach.Action action = LimitCheck.actionsByInstrument(breaches).get(instrument);
    List<String> why = new ArrayList<>();
    for (Breach b : breaches) {
      if (b.instruments().contains(instrument)) {
        why.add(b.kind() + " " + b.subject() + " " + b.action());
      }
    }
    if (action == Breach.Action.PULL) {
      return new PortfolioAdvice(0, 0, 1, true, String.join("; ", why));
    }
    double skew = skews.getOrDefault(instrument, 0.0) + planSkewBps;
    skew = Math.max(-100, Math.min(100, skew));
    double widen = action == Breach.Action.WIDEN ? settings.widenBps() : 0;
    double size = action == null ? 1 : settings.shrinkFactor();
    if (skew != 0) {
      why.add(planSkewBps != 0 ? "rebalance lean" : "basket skew");
    }
    PortfolioAdvice a =
        new PortfolioAdvice(
            skew, widen, size, false, why.isEmpty() ? null : String.join("; ", why));
    return a.isNone() ? PortfolioAdvice.NONE : a;
  }

  /** Breaches are the same when their kinds, subjects, actions and instruments are. */
  static boolean sameBreaches(List<Breach> a, List<Breach> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      Breach x = a.get(i);
      Breach y = b.get(i);
      if (x.kind() != y.kind()
          || !x.subject().equals(y.subject())
          || x.action() != y.action()
          || !x.instruments().equals(y.instruments())) {
        return false;
      }
    }
    return true;
  }

  /** Pairs listed beside the cointegrated ones in the read-out: the smallest p-values. */
  static final int LISTED_PAIRS = 100;

  /**
   * The scan as the read-out shows it: every cointegrated pair in full, and of the others the
   * {@link #LISTED_PAIRS} with the smallest p-values without their per-scale detail. Hundreds of
   * instruments make tens of thousands of pairs; the reply must stay a small remote message.
   */
  static ScanResult trim(ScanResult scan) {
    if (scan == null) {
      return null;
    }
    List<com.marketmaker.core.portfolio.book.PairResult> others = new ArrayList<>();
    List<com.marketmaker.core.portfolio.book.PairResult> listed = new ArrayList<>();
    for (var p : scan.pairs()) {
      (p.cointegrated() ? listed : others).add(p);
    }
    others.sort(
        java.util.Comparator.comparingDouble(p -> Double.isNaN(p.pValue()) ? 2 : p.pValue()));
    for (var p : others.subList(0, Math.min(LISTED_PAIRS, others.size()))) {
      listed.add(
          new com.marketmaker.core.portfolio.book.PairResult(
              p.y(),
              p.x(),
              p.hedgeRatio(),
              p.intercept(),
              p.adfStatistic(),
              p.adfLag(),
              p.pValue(),
              p.adjustedPValue(),
              p.criticalValue5(),
              p.halfLifeBars(),
              p.halfLifeSeconds(),
              p.zScore(),
              p.spreadLast(),
              p.spreadStd(),
              p.significant(),
              p.halfLifeInBounds(),
              p.legsIntegrated(),
              p.cointegrated(),
              null));
    }
    return new ScanResult(
        scan.instruments(),
        scan.bars(),
        scan.barIntervalMillis(),
        scan.pairsTested(),
        scan.correction(),
        scan.significance(),
        listed,
        scan.groups(),
        scan.jumpsRemoved(),
        scan.unitRootPValues(),
        scan.legLevel());
  }
}
