package com.marketmaker.backtest.cli;

import com.marketmaker.backtest.report.HtmlReport;
import com.marketmaker.backtest.report.SweepRow;
import com.marketmaker.backtest.run.ResultJson;
import com.marketmaker.backtest.run.VenueModel;
import com.marketmaker.backtest.sweep.Metrics;
import com.marketmaker.backtest.sweep.Sweep;
import com.marketmaker.backtest.sweep.SweepSpace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A grid or random search over strategy fields, run in parallel and ranked by a metric. */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description =
        "Runs one backtest per point of a grid (--grid) or random search (--random with"
            + " --range) over any strategy field, on this machine's cores, and ranks the points.")
final class SweepCommand implements Callable<Integer> {

  @Option(
      names = "--grid",
      paramLabel = "FIELD=V1,V2,...",
      description = "A grid axis (repeatable): every combination of the axes is run.")
  List<String> grid = new ArrayList<>();

  @Option(names = "--random", description = "Number of random points drawn from the --range's.")
  int random;

  @Option(
      names = "--range",
      paramLabel = "FIELD=LOW:HIGH[:log][:int]",
      description = "A range for random search (repeatable); log draws log-uniformly.")
  List<String> ranges = new ArrayList<>();

  @Option(
      names = "--rank",
      defaultValue = "sharpe",
      description = "Metric to rank by: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).",
      completionCandidates = MetricNames.class)
  String rank;

  @Option(names = "--threads", description = "Parallel runs (default: the machine's cores).")
  Integer threads;

  @Option(names = "--x", description = "Heatmap x field (default: the first varied field).")
  String x;

  @Option(names = "--y", description = "Heatmap y field (default: the second varied field).")
  String y;

  @Mixin InputOutputOptions io;

  @Mixin StrategyOptions strategy;

  @Mixin VenueOptions venue;

  /** The metric names for the help text. */
  static final class MetricNames extends ArrayList<String> {
    MetricNames() {
      super(Metrics.NAMES);
    }
  }

  @Override
  public Integer call() throws Exception {
    Metrics.higherIsBetter(rank); // refuse an unknown metric before running anything
    List<Map<String, Object>> points = points();
    Runs.Data data = io.data();
    VenueModel model = venue.model();
    // Validate every point before the first run.
    for (Map<String, Object> p : points) {
      Runs.config(data, strategy, venue, model, p);
    }
    Sweep sweep = new Sweep(data.market(), p -> Runs.config(data, strategy, venue, model, p));
    Progress progress = new Progress(System.err, "runs", points.size(), io.quiet);
    int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    List<Sweep.Outcome> ranked = Sweep.ranked(sweep.runAll(points, n, progress::update), rank);
    progress.finish();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("rank", rank);
    doc.put("higherIsBetter", Metrics.higherIsBetter(rank));
    doc.put("points", points.size());
    doc.put("results", ranked);
    String json = ResultJson.write(doc);
    io.writeJson(json);
    if (io.report != null) {
      List<String> varied = new ArrayList<>(points.isEmpty() ? List.of() : points.get(0).keySet());
      String xf = x != null ? x : varied.isEmpty() ? null : varied.get(0);
      String yf = y != null ? y : varied.size() > 1 ? varied.get(1) : null;
      List<SweepRow> rows = new ArrayList<>();
      for (Sweep.Outcome o : ranked) {
        rows.add(new SweepRow(o.index(), o.point(), o.metrics()));
      }
      io.writeReport(HtmlReport.writeSweep(rows, rank, xf, yf, "Sweep by " + rank));
    }
    Sweep.Outcome best = ranked.get(0);
    System.err.printf("best by %s: %s -> %.4f%n", rank, best.point(), best.metrics().get(rank));
    return 0;
  }

  private List<Map<String, Object>> points() {
    if (!grid.isEmpty() && random > 0) {
      throw new IllegalArgumentException("give --grid axes or --random with --range, not both");
    }
    if (random > 0) {
      List<SweepSpace.Range> rs = new ArrayList<>();
      for (String r : ranges) {
        rs.add(parseRange(r));
      }
      if (rs.isEmpty()) {
        throw new IllegalArgumentException("--random needs at least one --range");
      }
      return SweepSpace.random(rs, random, venue.seed);
    }
    if (grid.isEmpty()) {
      throw new IllegalArgumentException("give --grid axes, or --random with --range");
    }
    List<SweepSpace.Axis> axes = new ArrayList<>();
    for (String g : grid) {
      int eq = g.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--grid needs FIELD=V1,V2,..., got '" + g + "'");
      }
      List<Object> values = new ArrayList<>();
      for (String v : g.substring(eq + 1).split(",")) {
        values.add(StrategyOptions.parseValue(v.trim()));
      }
      axes.add(new SweepSpace.Axis(g.substring(0, eq).trim(), values));
    }
    return SweepSpace.grid(axes);
  }

  static SweepSpace.Range parseRange(String text) {
    int eq = text.indexOf('=');
    String[] parts = eq < 0 ? new String[0] : text.substring(eq + 1).split(":");
    if (eq <= 0 || parts.length < 2) {
      throw new IllegalArgumentException(
          "--range needs FIELD=LOW:HIGH[:log][:int], got '" + text + "'");
    }
    List<String> flags = List.of(parts).subList(2, parts.length);
    return new SweepSpace.Range(
        text.substring(0, eq).trim(),
        Double.parseDouble(parts[0]),
        Double.parseDouble(parts[1]),
        flags.contains("log"),
        flags.contains("int"));
  }
}
