package com.marketmaker.backtest.service;

import com.marketmaker.backtest.run.StrategySpec;
import com.marketmaker.backtest.sweep.Metrics;
import com.marketmaker.backtest.sweep.StrategyPoint;
import com.marketmaker.backtest.sweep.SweepSpace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sweep asked for over the API: the backtest every point shares (event files, base strategy,
 * venue model) and the points — a grid over strategy fields, random draws from ranges, or both (the
 * grid's points first). Checked by {@link #validate()} before anything runs.
 *
 * @param grid field name to the values it takes
 * @param ranges field name to the range random points are drawn from
 * @param samples number of random points (with {@code ranges})
 * @param seed seed of the random points (default 1)
 * @param rank the metric the results are ranked by (default {@code total})
 */
public record SweepRequest(
    List<String> events,
    StrategySpec strategy,
    BacktestRequest.Venue venue,
    Double feedLatencyMillis,
    Long sampleIntervalMillis,
    Map<String, List<Object>> grid,
    Map<String, Range> ranges,
    Integer samples,
    Long seed,
    String rank) {

  /** The most points one sweep may have. */
  public static final int MAX_POINTS = 10_000;

  /**
   * A range of random search.
   *
   * @param log draw the logarithm uniformly (scale parameters such as γ)
   * @param integer whole numbers
   */
  public record Range(double low, double high, Boolean log, Boolean integer) {}

  /** The backtest every point shares. */
  public BacktestRequest backtest() {
    return new BacktestRequest(events, strategy, venue, feedLatencyMillis, sampleIntervalMillis);
  }

  public String rankMetric() {
    return rank == null ? "total" : rank;
  }

  /**
   * Refuses what cannot run: the shared backtest's checks, known fields and metric, 1 to {@link
   * #MAX_POINTS} points, each a strategy the records accept.
   *
   * @throws IllegalArgumentException with a message for the operator
   */
  public void validate() {
    backtest().validate();
    if (!Metrics.NAMES.contains(rankMetric())) {
      throw new IllegalArgumentException(
          "rank: unknown metric '" + rank + "'; known: " + String.join(", ", Metrics.NAMES));
    }
    Map<String, String> known = StrategyPoint.fields();
    List<String> fields = new ArrayList<>();
    if (grid != null) {
      fields.addAll(grid.keySet());
    }
    if (ranges != null) {
      fields.addAll(ranges.keySet());
    }
    for (String f : fields) {
      if (f == null || !(known.containsKey(f) || known.containsValue(f))) {
        throw new IllegalArgumentException(
            "unknown strategy field '" + f + "'; known: " + String.join(", ", known.keySet()));
      }
    }
    if ((ranges == null || ranges.isEmpty()) != (samples == null)) {
      throw new IllegalArgumentException("ranges and samples go together");
    }
    if (samples != null && (samples < 1 || samples > MAX_POINTS)) {
      throw new IllegalArgumentException("samples must be in [1, " + MAX_POINTS + "]");
    }
    long gridPoints = 1;
    if (grid != null) {
      for (Map.Entry<String, List<Object>> axis : grid.entrySet()) {
        if (axis.getValue() == null || axis.getValue().isEmpty()) {
          throw new IllegalArgumentException("grid." + axis.getKey() + " has no values");
        }
        gridPoints *= axis.getValue().size();
        if (gridPoints > MAX_POINTS) {
          break;
        }
      }
    }
    long total =
        (grid == null || grid.isEmpty() ? 0 : gridPoints) + (samples == null ? 0 : samples);
    if (total < 1 || total > MAX_POINTS) {
      throw new IllegalArgumentException(
          "a sweep needs 1 to " + MAX_POINTS + " points (grid and/or ranges), got " + total);
    }
    if (ranges != null) {
      ranges.forEach(
          (f, r) -> {
            if (r == null || !Double.isFinite(r.low()) || !Double.isFinite(r.high())) {
              throw new IllegalArgumentException("ranges." + f + " needs finite low and high");
            }
            range(f, r);
          });
    }
  }

  /** Every point, grid first, then the random draws; each a map of field to value. */
  public List<Map<String, Object>> points() {
    List<Map<String, Object>> out = new ArrayList<>();
    if (grid != null && !grid.isEmpty()) {
      List<SweepSpace.Axis> axes = new ArrayList<>();
      grid.forEach((f, values) -> axes.add(new SweepSpace.Axis(f, values)));
      out.addAll(SweepSpace.grid(axes));
    }
    if (ranges != null && !ranges.isEmpty()) {
      List<SweepSpace.Range> rs = new ArrayList<>();
      ranges.forEach((f, r) -> rs.add(range(f, r)));
      out.addAll(SweepSpace.random(rs, samples, seed == null ? 1 : seed));
    }
    List<Map<String, Object>> copies = new ArrayList<>(out.size());
    for (Map<String, Object> p : out) {
      copies.add(new LinkedHashMap<>(p));
    }
    return copies;
  }

  private static SweepSpace.Range range(String field, Range r) {
    return new SweepSpace.Range(
        field, r.low(), r.high(), Boolean.TRUE.equals(r.log()), Boolean.TRUE.equals(r.integer()));
  }
}
