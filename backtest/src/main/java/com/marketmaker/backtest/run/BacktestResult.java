package com.marketmaker.backtest.run;

import com.marketmaker.core.accounting.Markouts;
import com.marketmaker.core.accounting.Performance;
import com.marketmaker.core.accounting.ReturnStatistics;
import com.marketmaker.core.instrument.InstrumentSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * What a backtest measured: per instrument the live scorecard ({@link Performance.Report}, the same
 * read-out as the live entity's), the equity statistics, the mark-outs and the engine's and venue's
 * counts; and the portfolio's equity statistics over all instruments. Amounts are cash units at
 * {@link InstrumentSpec#CASH_SCALE}.
 */
public record BacktestResult(
    long marketEvents,
    boolean dataTruncated,
    List<Instrument> instruments,
    ReturnStatistics.Report portfolio) {

  /**
   * One instrument's figures.
   *
   * @param placesRefusedCrossing post-only orders refused because they would have crossed when they
   *     reached the venue (the book moved during the order-entry latency)
   * @param curve samples {@code [nanos, equity cash, inventory lots, best bid, best ask, our best
   *     bid, our best ask]} (prices in ticks, 0 when absent), thinned to at most {@link
   *     #CURVE_POINTS}
   * @param fills our fills {@code [nanos, +1 buy or -1 sell, price ticks, lots]}, thinned likewise
   * @param tickSize the instrument's tick, to turn ticks into prices
   * @param pnlToMeanAbsolutePosition total P&amp;L over the mean absolute inventory's notional
   * @param meanFillLatencySeconds mean time from sending an order to learning of its fill
   * @param turnover notional traded over the capital the drawdown percent uses
   */
  public record Instrument(
      String instrument,
      long events,
      long decisions,
      long placesSent,
      long cancelsSent,
      long venueFills,
      long placesRefused,
      long placesRefusedCrossing,
      long refusedForRate,
      long halts,
      long booksNeedingSnapshot,
      Performance.Report performance,
      ReturnStatistics.Report returns,
      Markouts.Horizon[] markouts,
      double pnlToMeanAbsolutePosition,
      double meanFillLatencySeconds,
      double turnover,
      String tickSize,
      List<long[]> curve,
      List<long[]> fills) {}

  /** Points of an instrument's equity curve kept for reports. */
  public static final int CURVE_POINTS = 2_000;

  static BacktestResult of(
      BacktestConfig config, List<InstrumentRun> runs, long events, boolean truncated) {
    List<Instrument> out = new ArrayList<>();
    ReturnStatistics portfolio =
        new ReturnStatistics(
            config.sampleIntervalNanos(),
            Math.max(1, runs.stream().mapToLong(InstrumentRun::capitalCash).sum()));
    int samples = runs.stream().mapToInt(r -> r.curve.size()).min().orElse(0);
    for (int i = 0; i < samples; i++) {
      long sum = 0;
      long t = 0;
      for (InstrumentRun r : runs) {
        long[] p = r.curve.get(r.curve.size() - samples + i); // align on the latest samples
        sum += p[1];
        t = p[0];
      }
      portfolio.onEquity(t, sum);
    }
    for (InstrumentRun r : runs) {
      r.realizedSteps.forEach(portfolio::onRealized);
    }
    for (InstrumentRun r : runs) {
      long bid = r.engine.inSync() ? r.engine.bidTicks() : 0;
      long ask = r.engine.inSync() ? r.engine.askTicks() : 0;
      long last = r.curve.isEmpty() ? 0 : r.curve.get(r.curve.size() - 1)[0];
      Performance.Report perf = r.booking.performance().report(bid, ask, last);
      double mid = (bid + ask) / 2.0;
      double mapNotional =
          Math.abs(perf.meanInventoryLots()) * (mid > 0 ? r.spec.notional(Math.round(mid), 1) : 0);
      out.add(
          new Instrument(
              r.spec.id().toString(),
              r.events,
              r.decisions,
              r.placesSent,
              r.cancelsSent,
              r.exchange.fills(),
              r.placesRefused,
              r.placesRefusedCrossing,
              r.exchange.refusedForRate(),
              r.halts,
              r.booksNeedingSnapshot,
              perf,
              r.returns.report(),
              r.markouts.report(),
              mapNotional > 0 ? perf.total() / mapNotional : 0,
              r.fillsTimed == 0 ? 0 : r.fillLatencyNanos / 1e9 / r.fillsTimed,
              r.capitalCash() == 0 ? 0 : (double) r.tradedNotional / r.capitalCash(),
              r.spec.tickSize(),
              thin(r.curve),
              thin(r.fills)));
    }
    return new BacktestResult(events, truncated, List.copyOf(out), portfolio.report());
  }

  private static List<long[]> thin(List<long[]> curve) {
    if (curve.size() <= CURVE_POINTS) {
      return List.copyOf(curve);
    }
    List<long[]> out = new ArrayList<>(CURVE_POINTS);
    double step = (curve.size() - 1) / (double) (CURVE_POINTS - 1);
    for (int i = 0; i < CURVE_POINTS; i++) {
      out.add(curve.get((int) Math.round(i * step)));
    }
    return out;
  }
}
