package com.marketmaker.actors.portfolio;

import com.marketmaker.core.portfolio.book.BasketSkew;
import com.marketmaker.core.portfolio.book.Breach;
import com.marketmaker.core.portfolio.book.CointegrationScan;
import com.marketmaker.core.portfolio.book.LimitCheck;
import com.marketmaker.core.portfolio.book.PairResult;
import com.marketmaker.core.portfolio.book.PortfolioBook;
import com.marketmaker.core.portfolio.book.PortfolioLimits;
import com.marketmaker.core.portfolio.book.PositionView;
import com.marketmaker.core.portfolio.book.PriceBars;
import com.marketmaker.core.portfolio.book.RiskResult;
import com.marketmaker.core.portfolio.book.ScanResult;
import com.marketmaker.core.quote.PortfolioAdvice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One evaluation of the portfolio's models, computed off the actor's thread on copies of its book
 * and bars: the cointegration scan (when due), the risk and the basket skews. And, on the actor,
 * the limits checked against the book as it stands ({@link #breachesNow}) and the advice each
 * instrument's quotes get.
 *
 * @param scan the scan, or null when none was due (the previous one stands)
 * @param risk VaR, CVaR and the drawdown probability
 * @param skewBps the basket skew per instrument
 */
record PortfolioEvaluation(
    ScanResult scan, RiskResult risk, Map<String, Double> skewBps, long atMillis, String error) {

  /**
   * Evaluates copies of the book and bars.
   *
   * @param lastScan the scan in force, used for the skews when no new one is due
   */
  static PortfolioEvaluation of(
      PortfolioBook book,
      PriceBars bars,
      PortfolioLimits limits,
      double drawdownUsd,
      PortfolioSettings settings,
      boolean scanDue,
      ScanResult lastScan,
      long nowMillis) {
    try {
      ScanResult scan = null;
      List<String> marked = new ArrayList<>();
      for (String i : bars.instruments()) {
        if (bars.barCount(i) >= CointegrationScan.MIN_BARS) {
          marked.add(i);
        }
      }
      if (scanDue && marked.size() >= 2) {
        scan = CointegrationScan.scan(bars, marked, settings.scan());
      }
      RiskResult risk =
          com.marketmaker.core.portfolio.book.PortfolioRisk.compute(
              book, bars, settings.risk().forLimits(limits), Math.max(0, drawdownUsd));
      ScanResult pairs = scan != null ? scan : lastScan;
      Map<String, Double> skews = new TreeMap<>();
      if (pairs != null && pairs.bars() >= settings.basketMinBars()) {
        List<BasketSkew.PairSignal> signals = new ArrayList<>();
        for (PairResult p : pairs.cointegratedPairs()) {
          Optional<PositionView> y = book.position(p.y());
          Optional<PositionView> x = book.position(p.x());
          double py = book.lastMark(p.y()).map(m -> m.mid()).orElse(Double.NaN);
          double px = book.lastMark(p.x()).map(m -> m.mid()).orElse(Double.NaN);
          if (py > 0 && px > 0 && Double.isFinite(p.hedgeRatio())) {
            signals.add(BasketSkew.PairSignal.of(p, py, px));
          }
        }
        skews.putAll(
            BasketSkew.skewBps(signals, book.notionalUsdByInstrument(), settings.basket()));
      }
      return new PortfolioEvaluation(scan, risk, skews, nowMillis, null);
    } catch (RuntimeException e) {
      return new PortfolioEvaluation(
          null, null, Map.of(), nowMillis, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /**
   * The limits breached by the book as it stands. Exposures are measured on {@code book} now. The
   * risk limits (CVaR, drawdown probability) are checked against {@code risk}, the models' last
   * estimate computed for these same limits; without one (none since the portfolio started, or the
   * limits changed since), the risk breaches in force stay as they are while their limit is on:
   * only an estimate of the risk raises or lifts them, never the lack of one.
   *
   * @param risk the models' last risk estimate for {@code limits}, or null
   * @param inForce the breaches in force now
   */
  static List<Breach> breachesNow(
      PortfolioBook book, RiskResult risk, PortfolioLimits limits, List<Breach> inForce) {
    List<Breach> found = LimitCheck.check(book, risk, limits);
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
