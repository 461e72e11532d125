package com.marketmaker.backtest.report;

import java.util.Map;

/**
 * One point of a parameter sweep and what its backtest measured, as shown by {@link
 * HtmlReport#writeSweep}.
 *
 * @param index the point's position in the sweep (shown as its run number)
 * @param point the parameter values of the point by parameter name (numbers, text or booleans)
 * @param metrics the figures the point's backtest measured by metric name
 */
public record SweepRow(int index, Map<String, Object> point, Map<String, Double> metrics) {

  /** Null maps are taken as empty. */
  public SweepRow {
    point = point == null ? Map.of() : point;
    metrics = metrics == null ? Map.of() : metrics;
  }

  /** The value of {@code metric}, or NaN when the point has none. */
  public double metric(String metric) {
    Double v = metric == null ? null : metrics.get(metric);
    return v == null ? Double.NaN : v;
  }
}
