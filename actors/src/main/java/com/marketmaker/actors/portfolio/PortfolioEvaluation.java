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
 * One evaluation of the portfolio, computed off the actor's thread on copies of its book and bars:
 * the cointegration scan (when due), the risk, the limit breaches and the basket skews. And the
 * advice each instrument's quotes get from it, computed on the actor.
 *
 * @param scan the scan, or null when none was due (the previous one stands)
 * @param risk VaR, CVaR and the drawdown probability
 * @param breaches the limits breached now
 * @param skewBps the basket skew per instrument
 */
record PortfolioEvaluation(
    ScanResult scan,
    RiskResult risk,
    List<Breach> breaches,
    Map<String, Double> skewBps,
    long atMillis,
    String error) {

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
      List<Breach> breaches = LimitCheck.check(book, risk, limits);
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
      return new PortfolioEvaluation(scan, risk, breaches, skews, nowMillis, null);
    } catch (RuntimeException e) {
      return new PortfolioEvaluation(
          null,
          null,
          List.of(),
          Map.of(),
          nowMillis,
          e.getClass().getSimpleName() + ": " + e.getMessage());
    }
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
}
