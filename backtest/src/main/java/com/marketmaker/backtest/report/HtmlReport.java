package com.marketmaker.backtest.report;

import com.marketmaker.backtest.run.BacktestResult;
import com.marketmaker.core.accounting.Performance;
import com.marketmaker.core.accounting.ReturnStatistics;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * Self-contained HTML reports: one page with inline CSS and inline SVG charts, no scripts and no
 * external resources, so it opens offline in any browser. Amounts are converted from cash units at
 * {@link com.marketmaker.core.instrument.InstrumentSpec#CASH_SCALE} to currency and prices from
 * ticks with each instrument's tick size, exactly; times are UTC. Every piece of text is escaped.
 */
public final class HtmlReport {

  private HtmlReport() {}

  /**
   * The report of one backtest: a summary table per instrument and for the portfolio, the settings,
   * and per instrument its charts (equity and drawdown, mid with our quotes and fills, inventory,
   * spread captured and mark-outs) and its daily P&amp;L.
   *
   * @param result what the backtest measured
   * @param title the page title
   * @param settings the run's settings, shown in their iteration order (may be empty or null)
   * @return the page
   */
  public static String write(BacktestResult result, String title, Map<String, String> settings) {
    StringBuilder out = new StringBuilder(64 * 1024);
    Html.open(out, title);
    List<BacktestResult.Instrument> instruments =
        result.instruments() == null ? List.of() : result.instruments();
    nav(out, instruments);
    overview(out, result, instruments);
    Html.heading(out, 2, "summary", "Summary");
    SummaryTable.write(out, result);
    if (result.portfolio() != null) {
      Html.heading(out, 3, null, "Portfolio daily P&L (UTC days)");
      daily(out, result.portfolio());
    }
    Html.heading(out, 2, "settings", "Settings");
    settings(out, settings);
    for (int i = 0; i < instruments.size(); i++) {
      instrument(out, i, instruments.get(i));
    }
    Html.close(out);
    return out.toString();
  }

  /**
   * The report of a parameter sweep: its rows ranked by {@code metric}, best first, and a heatmap
   * of the metric's mean over two varying parameters (or a chart over the one varying parameter).
   * Lower is better for metrics whose name starts with {@code maxDrawdown}, higher otherwise.
   *
   * @param rows the sweep's points and the metrics each one measured
   * @param metric the metric to rank and colour by
   * @param xField the parameter across the heatmap (null: the first varying parameter)
   * @param yField the parameter down the heatmap (null: the next varying parameter)
   * @param title the page title
   * @return the page
   */
  public static String writeSweep(
      List<SweepRow> rows, String metric, String xField, String yField, String title) {
    return SweepReport.write(rows, metric, xField, yField, title);
  }

  private static void nav(StringBuilder out, List<BacktestResult.Instrument> instruments) {
    out.append("<p class=\"note\"><a href=\"#summary\">Summary</a> &middot; ")
        .append("<a href=\"#settings\">Settings</a>");
    for (int i = 0; i < instruments.size(); i++) {
      out.append(" &middot; <a href=\"#instrument-")
          .append(i)
          .append("\">")
          .append(Html.esc(instruments.get(i).instrument()))
          .append("</a>");
    }
    out.append("</p>\n");
  }

  private static void overview(
      StringBuilder out, BacktestResult result, List<BacktestResult.Instrument> instruments) {
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (BacktestResult.Instrument i : instruments) {
      if (i.curve() != null && !i.curve().isEmpty()) {
        first = Math.min(first, i.curve().get(0)[0]);
        last = Math.max(last, i.curve().get(i.curve().size() - 1)[0]);
      }
    }
    String period = first <= last ? Html.utc(first) + " to " + Html.utc(last) : "no equity samples";
    Html.note(
        out,
        period
            + "; "
            + result.marketEvents()
            + " market events replayed; "
            + instruments.size()
            + (instruments.size() == 1 ? " instrument." : " instruments."));
    if (result.dataTruncated()) {
      out.append("<p class=\"warn\">")
          .append(Html.esc("The data was truncated: the replay stopped before its end."))
          .append("</p>\n");
    }
  }

  private static void settings(StringBuilder out, Map<String, String> settings) {
    if (settings == null || settings.isEmpty()) {
      Html.note(out, "No settings were recorded.");
      return;
    }
    Html.tableOpen(out, "settings", List.of("setting", "value"));
    for (Map.Entry<String, String> e : settings.entrySet()) {
      out.append("<tr><td class=\"k\">")
          .append(Html.esc(e.getKey()))
          .append("</td><td class=\"k\">")
          .append(Html.esc(e.getValue()))
          .append("</td></tr>\n");
    }
    Html.tableClose(out);
  }

  private static void instrument(StringBuilder out, int index, BacktestResult.Instrument i) {
    Html.heading(out, 2, "instrument-" + index, i.instrument());
    facts(out, i);
    Html.heading(out, 3, null, "Charts");
    for (String svg : new InstrumentCharts(i).all()) {
      out.append(svg);
    }
    Html.note(
        out,
        "Equity is cash plus inventory marked to the mid; drawdown is its distance below the"
            + " running peak. Our bid and ask are our best resting quotes; markers are our fills"
            + " (up: buy, down: sell). Bars: spread captured at the fill and the mark-outs.");
    if (i.returns() != null) {
      Html.heading(out, 3, null, "Daily P&L (UTC days)");
      daily(out, i.returns());
    }
  }

  private static void facts(StringBuilder out, BacktestResult.Instrument i) {
    BigDecimal tick = Html.tick(i.tickSize());
    Performance.Report p = i.performance();
    Html.tableOpen(out, "facts", List.of("figure", "value"));
    Html.row(out, null, List.of("tick size", i.tickSize() == null ? Html.NONE : i.tickSize()));
    Html.row(out, null, List.of("market events", Long.toString(i.events())));
    Html.row(out, null, List.of("quote decisions", Long.toString(i.decisions())));
    Html.row(
        out, null, List.of("orders sent / cancels sent", i.placesSent() + " / " + i.cancelsSent()));
    Html.row(out, null, List.of("venue fills", Long.toString(i.venueFills())));
    Html.row(
        out,
        null,
        List.of(
            "orders refused (of which crossing) / for rate",
            i.placesRefused() + " (" + i.placesRefusedCrossing() + ") / " + i.refusedForRate()));
    Html.row(
        out,
        null,
        List.of("halts / books needing a snapshot", i.halts() + " / " + i.booksNeedingSnapshot()));
    if (p != null) {
      Html.row(out, null, List.of("buy fills / sell fills", p.buyFills() + " / " + p.sellFills()));
      Html.row(out, null, List.of("final inventory (lots)", Long.toString(p.inventoryLots())));
      Html.row(
          out,
          null,
          List.of(
              "inventory mean / min / max (lots)",
              Html.fixed(p.meanInventoryLots(), 2)
                  + " / "
                  + p.minInventoryLots()
                  + " / "
                  + p.maxInventoryLots()));
      Html.row(out, null, List.of("time at the position limit", Html.percent(p.fractionAtLimit())));
      Html.row(
          out,
          null,
          List.of(
              "average entry price",
              p.inventoryLots() == 0 || !Double.isFinite(p.averageEntryTicks())
                  ? Html.NONE
                  : averageEntry(p.averageEntryTicks(), tick)));
      Html.row(
          out,
          null,
          List.of(
              "spread captured mean / min / max (bps)",
              Html.fixed(p.meanCapturedBps(), 3)
                  + " / "
                  + Html.fixed(p.minCapturedBps(), 3)
                  + " / "
                  + Html.fixed(p.maxCapturedBps(), 3)));
      Html.row(
          out,
          null,
          List.of(
              "making / both sides quoted",
              Html.duration(p.makingSeconds())
                  + " / "
                  + Html.duration(p.bothSidesQuotedSeconds())));
    }
    Html.tableClose(out);
  }

  private static String averageEntry(double ticks, BigDecimal tick) {
    if (tick == null) {
      return Html.fixed(ticks, 2) + " ticks";
    }
    // Two decimals finer than the tick: the mean entry falls between ticks.
    BigDecimal price =
        BigDecimal.valueOf(ticks)
            .multiply(tick)
            .setScale(Math.max(0, tick.scale()) + 2, RoundingMode.HALF_EVEN)
            .stripTrailingZeros();
    return price.setScale(Math.max(price.scale(), Math.max(0, tick.scale()))).toPlainString();
  }

  private static void daily(StringBuilder out, ReturnStatistics.Report r) {
    if (r.days() == null || r.days().isEmpty()) {
      Html.note(out, "No daily figures.");
      return;
    }
    Html.tableOpen(out, "daily", List.of("day", "open equity", "close equity", "P&L"));
    for (ReturnStatistics.Day d : r.days()) {
      Html.row(
          out,
          d.pnl() > 0 ? "up" : d.pnl() < 0 ? "down" : null,
          List.of(
              Html.day(d.dayIndex()),
              Html.money(d.openEquity()),
              Html.money(d.closeEquity()),
              Html.money(d.pnl())));
    }
    Html.tableClose(out);
  }
}
