package com.marketmaker.backtest.report;

import com.marketmaker.backtest.run.BacktestResult;
import com.marketmaker.core.accounting.Markouts;
import com.marketmaker.core.accounting.Performance;
import com.marketmaker.core.accounting.ReturnStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The summary table: one row per figure, one column per instrument and a portfolio column. Amounts
 * the instruments share a currency for are summed; ratios the portfolio has its own equity curve
 * for come from it; figures that cannot be aggregated are shown as a dash.
 */
final class SummaryTable {

  private final List<BacktestResult.Instrument> instruments;
  private final ReturnStatistics.Report portfolio;
  private final StringBuilder out;

  private SummaryTable(StringBuilder out, BacktestResult result) {
    this.out = out;
    this.instruments = result.instruments() == null ? List.of() : result.instruments();
    this.portfolio = result.portfolio();
  }

  /** Appends the table for {@code result}. */
  static void write(StringBuilder out, BacktestResult result) {
    new SummaryTable(out, result).write();
  }

  private void write() {
    List<String> header = new ArrayList<>();
    header.add("figure");
    for (BacktestResult.Instrument i : instruments) {
      header.add(i.instrument());
    }
    header.add("portfolio");
    Html.tableOpen(out, "summary", header);
    sum("total P&L", p -> p.total());
    sum("realized P&L (before fees)", p -> p.realized());
    sum("unrealized P&L", p -> p.unrealized());
    sum("fees paid", p -> p.makerFees() + p.takerFees());
    sum("rebates received", p -> p.rebates());
    perf(
        "fills maker / taker",
        p -> p.makerFills() + " / " + p.takerFills(),
        instruments.stream().mapToLong(i -> i.performance().makerFills()).sum()
            + " / "
            + instruments.stream().mapToLong(i -> i.performance().takerFills()).sum());
    perf("fill rate (lots filled / placed)", p -> Html.percent(p.lotFillRate()), Html.NONE);
    perf("fill rate (orders filled / placed)", p -> Html.percent(p.orderFillRate()), Html.NONE);
    perf("quote uptime (both sides)", p -> Html.percent(p.quoteUptime()), Html.NONE);
    sum("spread captured", p -> p.capturedCash());
    returns("Sharpe (annualized)", r -> Html.ratio(r.sharpeAnnualized()));
    returns("Sortino (annualized)", r -> Html.ratio(r.sortinoAnnualized()));
    returns("Calmar", r -> Html.ratio(r.calmar()));
    returns("max drawdown", r -> Html.money(r.maxDrawdownCash()));
    returns("max drawdown %", r -> Html.fixed(r.maxDrawdownPercent(), 2) + "%");
    returns("longest drawdown", r -> Html.duration(r.longestDrawdownSeconds()));
    returns("closing fills", r -> Long.toString(r.closingFills()));
    returns("win rate", r -> Html.percent(r.winRate()));
    returns("profit factor", r -> Html.ratio(r.profitFactor()));
    returns("expectancy per closing fill", r -> Html.money(r.expectancyCash()));
    List<String> map = new ArrayList<>(List.of("P&L to mean absolute position"));
    for (BacktestResult.Instrument i : instruments) {
      map.add(Html.fixed(i.pnlToMeanAbsolutePosition(), 4));
    }
    map.add(Html.NONE);
    Html.row(out, null, map);
    List<String> latency = new ArrayList<>(List.of("mean fill latency (order sent to fill known)"));
    List<String> turnover = new ArrayList<>(List.of("turnover (notional traded / capital)"));
    for (BacktestResult.Instrument i : instruments) {
      latency.add(Html.fixed(i.meanFillLatencySeconds(), 3) + " s");
      turnover.add(Html.fixed(i.turnover(), 2));
    }
    latency.add(Html.NONE);
    turnover.add(Html.NONE);
    Html.row(out, null, latency);
    Html.row(out, null, turnover);
    for (double h : horizons()) {
      markout(h);
    }
    Html.tableClose(out);
    Html.note(
        out,
        "Amounts in quote currency; the portfolio column sums them across instruments. Realized P&L is before fees; total P&L is after fees and"
            + " rebates. Mark-outs are the mid that long after each fill against its price, per"
            + " lot, positive in our favour; the portfolio's are weighted by fills, in bps only.");
  }

  private void sum(String label, ToLongFunction<Performance.Report> figure) {
    List<String> cells = new ArrayList<>(List.of(label));
    long total = 0;
    for (BacktestResult.Instrument i : instruments) {
      long v = figure.applyAsLong(i.performance());
      total += v;
      cells.add(Html.money(v));
    }
    cells.add(Html.money(total));
    Html.row(out, null, cells);
  }

  private void perf(String label, Function<Performance.Report, String> figure, String total) {
    List<String> cells = new ArrayList<>(List.of(label));
    for (BacktestResult.Instrument i : instruments) {
      cells.add(figure.apply(i.performance()));
    }
    cells.add(total);
    Html.row(out, null, cells);
  }

  private void returns(String label, Function<ReturnStatistics.Report, String> figure) {
    List<String> cells = new ArrayList<>(List.of(label));
    for (BacktestResult.Instrument i : instruments) {
      cells.add(i.returns() == null ? Html.NONE : figure.apply(i.returns()));
    }
    cells.add(portfolio == null ? Html.NONE : figure.apply(portfolio));
    Html.row(out, null, cells);
  }

  /** The horizons any instrument measured, or the usual 1, 10 and 60 seconds. */
  private TreeSet<Double> horizons() {
    TreeSet<Double> out = new TreeSet<>();
    for (BacktestResult.Instrument i : instruments) {
      if (i.markouts() != null) {
        for (Markouts.Horizon h : i.markouts()) {
          out.add(h.seconds());
        }
      }
    }
    if (out.isEmpty()) {
      out.addAll(List.of(1.0, 10.0, 60.0));
    }
    return out;
  }

  private static Markouts.Horizon find(BacktestResult.Instrument i, double seconds) {
    if (i.markouts() != null) {
      for (Markouts.Horizon h : i.markouts()) {
        if (h.seconds() == seconds) {
          return h;
        }
      }
    }
    return null;
  }

  private void markout(double seconds) {
    String name = "mark-out " + Html.number(seconds) + " s";
    List<String> ticks = new ArrayList<>(List.of(name + " (ticks)"));
    List<String> bps = new ArrayList<>(List.of(name + " (bps)"));
    double weighted = 0;
    long fills = 0;
    for (BacktestResult.Instrument i : instruments) {
      Markouts.Horizon h = find(i, seconds);
      boolean none = h == null || h.fills() == 0;
      ticks.add(none ? Html.NONE : Html.fixed(h.meanTicks(), 3));
      bps.add(none ? Html.NONE : Html.fixed(h.meanBps(), 3));
      if (!none) {
        weighted += h.meanBps() * h.fills();
        fills += h.fills();
      }
    }
    ticks.add(Html.NONE);
    bps.add(fills == 0 ? Html.NONE : Html.fixed(weighted / fills, 3));
    Html.row(out, null, ticks);
    Html.row(out, null, bps);
  }
}
