package com.marketmaker.backtest.sweep;

import com.marketmaker.backtest.run.BacktestResult;
import com.marketmaker.core.instrument.InstrumentSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures a sweep ranks by, from one backtest's result, over all its instruments: P&amp;L in
 * quote currency, the portfolio's Sharpe, Sortino and Calmar ratios and drawdown, fills, mean quote
 * uptime, P&amp;L to mean absolute position, win rate, profit factor and lot-weighted mark-outs.
 */
public final class Metrics {

  /** Metrics where lower is better; higher is better for every other. */
  public static final List<String> LOWER_IS_BETTER = List.of("maxDrawdown", "maxDrawdownPercent");

  /** The metric names, in report order. */
  public static final List<String> NAMES =
      List.of(
          "total",
          "sharpe",
          "sortino",
          "calmar",
          "maxDrawdown",
          "maxDrawdownPercent",
          "fills",
          "quoteUptime",
          "pnlToMap",
          "winRate",
          "profitFactor",
          "markout1sBps",
          "markout10sBps",
          "markout60sBps");

  private Metrics() {}

  public static Map<String, Double> of(BacktestResult r) {
    double scale = Math.pow(10, InstrumentSpec.CASH_SCALE);
    double total = 0;
    double fills = 0;
    double uptime = 0;
    double map = 0;
    double[] markoutBpsLots = new double[3];
    double[] markoutFills = new double[3];
    for (BacktestResult.Instrument i : r.instruments()) {
      total += i.performance().total() / scale;
      fills += i.performance().makerFills() + i.performance().takerFills();
      uptime += i.performance().quoteUptime();
      map += i.pnlToMeanAbsolutePosition();
      for (int h = 0; h < Math.min(3, i.markouts().length); h++) {
        markoutBpsLots[h] += i.markouts()[h].meanBps() * i.markouts()[h].fills();
        markoutFills[h] += i.markouts()[h].fills();
      }
    }
    int n = Math.max(1, r.instruments().size());
    var p = r.portfolio();
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("total", total);
    m.put("sharpe", p.sharpeAnnualized());
    m.put("sortino", p.sortinoAnnualized());
    m.put("calmar", p.calmar());
    m.put("maxDrawdown", p.maxDrawdownCash() / scale);
    m.put("maxDrawdownPercent", p.maxDrawdownPercent());
    m.put("fills", fills);
    m.put("quoteUptime", uptime / n);
    m.put("pnlToMap", map / n);
    m.put("winRate", p.winRate());
    m.put("profitFactor", p.profitFactor());
    for (int h = 0; h < 3; h++) {
      m.put(NAMES.get(11 + h), markoutFills[h] == 0 ? 0 : markoutBpsLots[h] / markoutFills[h]);
    }
    return m;
  }

  /** Whether a larger value of {@code metric} ranks first. */
  public static boolean higherIsBetter(String metric) {
    if (!NAMES.contains(metric)) {
      throw new IllegalArgumentException(
          "unknown metric '" + metric + "'; known: " + String.join(", ", NAMES));
    }
    return !LOWER_IS_BETTER.contains(metric);
  }
}
