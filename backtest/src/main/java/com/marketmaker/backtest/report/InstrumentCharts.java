package com.marketmaker.backtest.report;

import com.marketmaker.backtest.run.BacktestResult;
import com.marketmaker.core.accounting.Markouts;
import com.marketmaker.core.instrument.InstrumentSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The charts of one instrument, each one {@code <svg>} element: equity with its drawdown beneath,
 * mid price with our quotes and fills, inventory, and spread captured with the mark-outs.
 */
final class InstrumentCharts {

  private static final int EQUITY = 1;
  private static final int INVENTORY = 2;
  private static final int BID = 3;
  private static final int ASK = 4;
  private static final int OUR_BID = 5;
  private static final int OUR_ASK = 6;

  private static final double CASH_UNIT = Math.pow(10, InstrumentSpec.CASH_SCALE);

  private final BacktestResult.Instrument instrument;
  private final List<long[]> curve;
  private final List<long[]> fills;
  private final BigDecimal tick;
  private final double tickValue;
  private final double[] times;

  InstrumentCharts(BacktestResult.Instrument instrument) {
    this.instrument = instrument;
    this.curve = instrument.curve() == null ? List.of() : instrument.curve();
    this.fills = instrument.fills() == null ? List.of() : instrument.fills();
    this.tick = Html.tick(instrument.tickSize());
    this.tickValue = tick == null ? 1 : tick.doubleValue();
    this.times = new double[curve.size()];
    for (int i = 0; i < times.length; i++) {
      times[i] = seconds(curve.get(i)[0]);
    }
  }

  /** All charts of the instrument, in page order. */
  List<String> all() {
    List<String> out = new ArrayList<>();
    out.add(equity());
    out.add(prices());
    out.add(inventory());
    out.add(markouts());
    return out;
  }

  private static double seconds(long nanos) {
    return Math.floorDiv(nanos, Html.NANOS_PER_SECOND)
        + Math.floorMod(nanos, Html.NANOS_PER_SECOND) / 1e9;
  }

  private static long at(long[] sample, int index) {
    return index < sample.length ? sample[index] : 0;
  }

  private double xMin() {
    double min = times.length == 0 ? Double.NaN : times[0];
    for (long[] f : fills) {
      min = Double.isNaN(min) ? seconds(f[0]) : Math.min(min, seconds(f[0]));
    }
    return min;
  }

  private double xMax() {
    double max = times.length == 0 ? Double.NaN : times[times.length - 1];
    for (long[] f : fills) {
      max = Double.isNaN(max) ? seconds(f[0]) : Math.max(max, seconds(f[0]));
    }
    return max;
  }

  /** Equity in currency above, and its drawdown from the running peak shaded below. */
  String equity() {
    int n = curve.size();
    double[] equity = new double[n];
    double[] drawdown = new double[n];
    long peak = Long.MIN_VALUE;
    double eMin = Double.POSITIVE_INFINITY;
    double eMax = Double.NEGATIVE_INFINITY;
    double ddMin = 0;
    for (int i = 0; i < n; i++) {
      long e = curve.get(i)[EQUITY];
      peak = Math.max(peak, e);
      equity[i] = e / CASH_UNIT;
      drawdown[i] = -(peak - e) / CASH_UNIT;
      eMin = Math.min(eMin, equity[i]);
      eMax = Math.max(eMax, equity[i]);
      ddMin = Math.min(ddMin, drawdown[i]);
    }
    Svg svg = new Svg(372, instrument.instrument() + ": equity and drawdown (currency)");
    if (n == 0) {
      return empty(svg);
    }
    svg.panel(28, 200, times[0], times[n - 1], eMin, eMax)
        .yAxis("equity")
        .path(times, equity, "eq");
    svg.panel(250, 80, times[0], times[n - 1], ddMin, 0)
        .yAxis("drawdown")
        .area(times, drawdown, 0, "dd")
        .timeAxis();
    svg.legend(List.of("equity", "drawdown"), List.of("sw-eq", "dd"));
    return svg.finish();
  }

  /** The mid from the best bid and ask, our best bid and ask, and our fills as markers. */
  String prices() {
    int n = curve.size();
    double[] mid = new double[n];
    double[] ourBid = new double[n];
    double[] ourAsk = new double[n];
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      long[] c = curve.get(i);
      long bid = at(c, BID);
      long ask = at(c, ASK);
      mid[i] = bid > 0 && ask > 0 ? (bid + ask) / 2.0 * tickValue : Double.NaN;
      ourBid[i] = at(c, OUR_BID) > 0 ? at(c, OUR_BID) * tickValue : Double.NaN;
      ourAsk[i] = at(c, OUR_ASK) > 0 ? at(c, OUR_ASK) * tickValue : Double.NaN;
      for (double v : new double[] {mid[i], ourBid[i], ourAsk[i]}) {
        if (!Double.isNaN(v)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    for (long[] f : fills) {
      min = Math.min(min, f[2] * tickValue);
      max = Math.max(max, f[2] * tickValue);
    }
    String unit = tick == null ? "price (ticks)" : "price";
    Svg svg = new Svg(300, instrument.instrument() + ": mid, our quotes and fills");
    if (n == 0 && fills.isEmpty()) {
      return empty(svg);
    }
    svg.panel(28, 225, xMin(), xMax(), min, max).yAxis(unit).timeAxis();
    svg.path(times, mid, "mid").path(times, ourBid, "ourbid").path(times, ourAsk, "ourask");
    for (long[] f : fills) {
      boolean buy = f[1] > 0;
      String tip =
          (buy ? "buy " : "sell ")
              + f[3]
              + " lots at "
              + Html.price(f[2], tick)
              + ", "
              + Html.utc(f[0]);
      svg.marker(seconds(f[0]), f[2] * tickValue, buy, buy ? "buy" : "sell", tip);
    }
    svg.legend(
        List.of("mid", "our bid", "our ask", "buy fill", "sell fill"),
        List.of("sw-mid", "sw-ourbid", "sw-ourask", "buy", "sell"));
    return svg.finish();
  }

  /** Inventory in lots as a step line. */
  String inventory() {
    int n = curve.size();
    double[] xs = new double[Math.max(0, 2 * n - 1)];
    double[] ys = new double[xs.length];
    double min = 0;
    double max = 0;
    for (int i = 0; i < n; i++) {
      double q = curve.get(i)[INVENTORY];
      min = Math.min(min, q);
      max = Math.max(max, q);
      xs[2 * i] = times[i];
      ys[2 * i] = q;
      if (i + 1 < n) {
        xs[2 * i + 1] = times[i + 1];
        ys[2 * i + 1] = q;
      }
    }
    Svg svg = new Svg(250, instrument.instrument() + ": inventory (lots)");
    if (n == 0) {
      return empty(svg);
    }
    svg.panel(28, 175, times[0], times[n - 1], min, max).yAxis("lots").timeAxis();
    return svg.path(xs, ys, "inv").finish();
  }

  /** Spread captured at the fill and the mark-out at each horizon, in bps, as bars. */
  String markouts() {
    Markouts.Horizon[] horizons =
        instrument.markouts() == null ? new Markouts.Horizon[0] : instrument.markouts();
    List<String> labels = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    double captured =
        instrument.performance() == null ? Double.NaN : instrument.performance().meanCapturedBps();
    labels.add("at fill (spread captured)");
    values.add(captured);
    texts.add(Html.fixed(captured, 2) + " bps");
    for (Markouts.Horizon h : horizons) {
      labels.add(Html.number(h.seconds()) + " s (" + h.fills() + " fills)");
      values.add(h.fills() == 0 ? Double.NaN : h.meanBps());
      texts.add(
          h.fills() == 0
              ? "no fills"
              : Html.fixed(h.meanBps(), 2) + " bps / " + Html.fixed(h.meanTicks(), 2) + " ticks");
    }
    double min = 0;
    double max = 0;
    for (double v : values) {
      if (Double.isFinite(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    Svg svg = new Svg(280, instrument.instrument() + ": spread captured and mark-outs (bps)");
    double room = (max - min) * 0.12; // space for the labels above and below the bars
    svg.panel(28, 200, 0, 1, min < 0 ? min - room : min, max + room)
        .yAxis("bps")
        .categoryAxis(labels, "horizon after the fill");
    for (int i = 0; i < values.size(); i++) {
      double v = values.get(i);
      if (Double.isFinite(v)) {
        svg.bar(i, values.size(), v, v >= 0 ? "pos" : "neg", texts.get(i));
      } else {
        svg.text(svg.slot(i, values.size()), svg.py(0) - 5, "middle", "lbl", texts.get(i));
      }
    }
    return svg.finish();
  }

  private static String empty(Svg svg) {
    return svg.text(Svg.WIDTH / 2.0, svg.height() / 2.0, "middle", "lbl", "no samples").finish();
  }
}
