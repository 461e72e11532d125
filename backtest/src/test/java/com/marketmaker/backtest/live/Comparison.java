package com.marketmaker.backtest.live;

import com.marketmaker.backtest.run.BacktestResult;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.strategy.MakerParameters;
import java.util.Arrays;
import java.util.Locale;

/** Live against backtest: fills, P&amp;L, final inventory and the inventory paths' distance. */
record Comparison(
    long liveFills,
    long backtestFills,
    double livePnl,
    double backtestPnl,
    long liveInventoryLots,
    long backtestInventoryLots,
    double meanAbsInventoryGapLots,
    long maxPositionLots,
    double medianRoundTripMillis,
    int roundTrips) {

  static Comparison of(
      Live live, BacktestResult.Instrument replay, InstrumentSpec spec, MakerParameters params) {
    double scale = Math.pow(10, InstrumentSpec.CASH_SCALE);
    double gap = 0;
    int n = 0;
    for (long[] p : replay.curve()) {
      gap += Math.abs(p[2] - live.inventoryAt(p[0]));
      n++;
    }
    long[] rt = live.roundTripsNanos().clone();
    Arrays.sort(rt);
    return new Comparison(
        live.fillCount(),
        replay.performance().makerFills() + replay.performance().takerFills(),
        live.totalCash() / scale,
        replay.performance().total() / scale,
        live.inventoryLots(),
        replay.performance().inventoryLots(),
        n == 0 ? 0 : gap / n,
        params.maxPositionLots(),
        rt.length == 0 ? Double.NaN : rt[rt.length / 2] / 1e6,
        rt.length);
  }

  double fillRatio() {
    return liveFills == 0 ? Double.NaN : (double) backtestFills / liveFills;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "fills live %d, backtest %d (ratio %.2f); P&L live %.4f, backtest %.4f; final inventory"
            + " live %d lots, backtest %d lots; mean |inventory gap| %.1f lots (max position %d);"
            + " order round trip median %.2f ms over %d orders",
        liveFills,
        backtestFills,
        fillRatio(),
        livePnl,
        backtestPnl,
        liveInventoryLots,
        backtestInventoryLots,
        meanAbsInventoryGapLots,
        maxPositionLots,
        medianRoundTripMillis,
        roundTrips);
  }
}
