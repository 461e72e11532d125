package com.marketmaker.backtest.cli;

import com.marketmaker.backtest.data.MarketEventSource;
import com.marketmaker.backtest.report.HtmlReport;
import com.marketmaker.backtest.run.Backtest;
import com.marketmaker.backtest.run.BacktestConfig;
import com.marketmaker.backtest.run.BacktestResult;
import com.marketmaker.backtest.run.ResultJson;
import com.marketmaker.backtest.sweep.Metrics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** One backtest over event files, written as JSON and an HTML report. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Replays event files (several are merged on one clock) through the live quoting engine"
            + " and writes the results as JSON and a self-contained HTML report.")
final class RunCommand implements Callable<Integer> {

  @Mixin InputOutputOptions io;

  @Mixin StrategyOptions strategy;

  @Mixin VenueOptions venue;

  @Override
  public Integer call() throws Exception {
    Runs.Data data = io.data();
    BacktestConfig config = Runs.config(data, strategy, venue, venue.model(), Map.of());
    Progress progress = new Progress(System.err, "events", data.events(), io.quiet);
    BacktestResult result;
    try (MarketEventSource source = data.market().open()) {
      result = new Backtest(source, config).onProgress(progress::update).run();
    }
    progress.finish();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("config", config);
    doc.put("metrics", Metrics.of(result));
    doc.put("result", result);
    String json = ResultJson.write(doc);
    io.writeJson(json);
    if (io.report != null) {
      io.writeReport(HtmlReport.write(result, "Backtest " + data.instruments(), settings(config)));
    }
    var m = Metrics.of(result);
    System.err.printf(
        "P&L %.2f, Sharpe %.2f, max drawdown %.2f, fills %.0f, quote uptime %.1f%%%n",
        m.get("total"),
        m.get("sharpe"),
        m.get("maxDrawdown"),
        m.get("fills"),
        100 * m.get("quoteUptime"));
    return 0;
  }

  static Map<String, String> settings(BacktestConfig c) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("parameters", String.valueOf(c.parametersByInstrument()));
    s.put("strategy", String.valueOf(c.strategy()));
    s.put("venue", String.valueOf(c.venue()));
    s.put(
        "feed latency", c.feedLatencyNanos() < 0 ? "recorded" : c.feedLatencyNanos() / 1e6 + " ms");
    s.put("sample interval", c.sampleIntervalNanos() / 1e6 + " ms");
    return s;
  }
}
