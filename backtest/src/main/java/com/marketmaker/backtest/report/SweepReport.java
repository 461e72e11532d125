package com.marketmaker.backtest.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The page of a parameter sweep: a heatmap of the metric's mean over two varying parameters (or a
 * bar chart over the only varying one) and the points ranked by the metric, best first.
 */
final class SweepReport {

  private static final int[][] PALETTE = {{215, 48, 39}, {254, 224, 139}, {26, 152, 80}};

  private final List<SweepRow> rows;
  private final String metric;
  private final boolean higherIsBetter;
  private final StringBuilder out = new StringBuilder(32 * 1024);

  private SweepReport(List<SweepRow> rows, String metric) {
    this.rows = rows == null ? List.of() : rows;
    this.metric = metric == null ? "" : metric;
    this.higherIsBetter = higherIsBetter(this.metric);
  }

  /** Whether a larger value of {@code metric} is better: all but the drawdown figures. */
  static boolean higherIsBetter(String metric) {
    return metric == null || !metric.startsWith("maxDrawdown");
  }

  static String write(
      List<SweepRow> rows, String metric, String xField, String yField, String title) {
    return new SweepReport(rows, metric).page(xField, yField, title);
  }

  private String page(String xField, String yField, String title) {
    Html.open(out, title == null || title.isBlank() ? "Parameter sweep" : title);
    Html.note(
        out,
        rows.size()
            + " points ranked by "
            + metric
            + ": "
            + (higherIsBetter ? "higher is better." : "lower is better."));
    List<String> varying = new ArrayList<>();
    for (String field : fields()) {
      if (distinct(field).size() > 1) {
        varying.add(field);
      }
    }
    String x = pick(xField, varying, null);
    String y = pick(yField, varying, x);
    if (x != null && y != null) {
      Html.heading(out, 2, "heatmap", "Mean " + metric + " by " + x + " and " + y);
      heatmap(x, y);
    } else if (x != null) {
      Html.heading(out, 2, "chart", "Mean " + metric + " by " + x);
      chart(x);
    } else {
      Html.note(out, "No parameter varies: there is nothing to chart.");
    }
    Html.heading(out, 2, "ranking", "Ranking by " + metric);
    ranking();
    Html.close(out);
    return out.toString();
  }

  /**
   * The requested field when it varies, otherwise the first varying field other than {@code not}.
   */
  private static String pick(String wanted, List<String> varying, String not) {
    if (wanted != null && varying.contains(wanted) && !wanted.equals(not)) {
      return wanted;
    }
    return varying.stream().filter(f -> !f.equals(not)).findFirst().orElse(null);
  }

  /** Parameter names in order of first appearance. */
  private Set<String> fields() {
    Set<String> out = new LinkedHashSet<>();
    rows.forEach(r -> out.addAll(r.point().keySet()));
    return out;
  }

  /** The distinct values of {@code field}, numerically ordered when they are all numbers. */
  List<String> distinct(String field) {
    Set<String> keys = new LinkedHashSet<>();
    for (SweepRow r : rows) {
      if (r.point().containsKey(field)) {
        keys.add(key(r.point().get(field)));
      }
    }
    List<String> out = new ArrayList<>(keys);
    boolean numeric = out.stream().allMatch(k -> decimal(k) != null);
    out.sort(numeric ? Comparator.comparing(SweepReport::decimal) : Comparator.naturalOrder());
    return out;
  }

  /**
   * A value as text; equal numbers of any type give the same text (1, 1L and 1.0 give "1"), and
   * floating-point values are taken to 12 significant digits (0.1 + 0.2 gives "0.3").
   */
  static String key(Object value) {
    if (value instanceof Number n) {
      BigDecimal d = decimal(n.toString());
      if (d == null) {
        return n.toString(); // NaN or an infinity
      }
      if (value instanceof Double || value instanceof Float) {
        d = d.round(new MathContext(12, RoundingMode.HALF_EVEN));
      }
      return d.stripTrailingZeros().toPlainString();
    }
    return String.valueOf(value);
  }

  private static BigDecimal decimal(String text) {
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private boolean matches(SweepRow r, String field, String key) {
    return r.point().containsKey(field) && key(r.point().get(field)).equals(key);
  }

  /** The mean of the metric over rows where it is finite, and how many there were. */
  private double[] mean(List<SweepRow> group) {
    double sum = 0;
    int n = 0;
    for (SweepRow r : group) {
      double v = r.metric(metric);
      if (Double.isFinite(v)) {
        sum += v;
        n++;
      }
    }
    return new double[] {n == 0 ? Double.NaN : sum / n, n};
  }

  private void heatmap(String x, String y) {
    List<String> xs = distinct(x);
    List<String> ys = distinct(y);
    double[][] means = new double[ys.size()][xs.size()];
    int[][] counts = new int[ys.size()][xs.size()];
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < ys.size(); j++) {
      for (int i = 0; i < xs.size(); i++) {
        List<SweepRow> group = new ArrayList<>();
        for (SweepRow r : rows) {
          if (matches(r, x, xs.get(i)) && matches(r, y, ys.get(j))) {
            group.add(r);
          }
        }
        double[] m = mean(group);
        means[j][i] = m[0];
        counts[j][i] = (int) m[1];
        if (Double.isFinite(m[0])) {
          lo = Math.min(lo, m[0]);
          hi = Math.max(hi, m[0]);
        }
      }
    }
    int left = 110;
    int cw = (int) Math.max(48, Math.min(120, (Svg.WIDTH - left - 20.0) / xs.size()));
    int ch = 34;
    int top = 48;
    int gridBottom = top + ch * ys.size();
    int width = Math.max(Svg.WIDTH, left + cw * xs.size() + 20);
    Svg svg = new Svg(width, gridBottom + 110, "Mean " + metric + " by " + x + " and " + y);
    for (int j = 0; j < ys.size(); j++) {
      int cy = gridBottom - (j + 1) * ch; // the smallest y at the bottom
      svg.text(left - 8, cy + ch / 2.0 + 4, "end", "lbl", ys.get(j));
      for (int i = 0; i < xs.size(); i++) {
        cell(
            svg,
            left + i * cw,
            cy,
            cw,
            ch,
            x,
            xs.get(i),
            y,
            ys.get(j),
            means[j][i],
            counts[j][i],
            lo,
            hi);
      }
    }
    for (int i = 0; i < xs.size(); i++) {
      svg.text(left + (i + 0.5) * cw, gridBottom + 15, "middle", "lbl", xs.get(i));
    }
    svg.text(left + cw * xs.size() / 2.0, gridBottom + 32, "middle", "ttl", x);
    svg.text(left - 8, top - 8, "end", "ttl", y);
    legend(svg, left, gridBottom + 50, Math.min(360, width - left - 20), lo, hi);
    out.append(svg.finish());
    Html.note(
        out,
        "Each cell is the mean over the points with those two values; empty cells had no points."
            + (higherIsBetter ? " Green is higher (better)." : " Green is lower (better)."));
  }

  private void cell(
      Svg svg,
      int px,
      int py,
      int w,
      int h,
      String x,
      String xk,
      String y,
      String yk,
      double mean,
      int n,
      double lo,
      double hi) {
    boolean empty = !Double.isFinite(mean);
    String value = empty ? Html.NONE : Html.number(mean);
    String tip = x + " = " + xk + ", " + y + " = " + yk + ": " + value + " (" + n + " points)";
    svg.raw(
        "<g class=\"cell"
            + (empty ? " empty" : "")
            + "\" data-x=\""
            + Html.esc(xk)
            + "\" data-y=\""
            + Html.esc(yk)
            + "\" data-mean=\""
            + Html.esc(value)
            + "\" data-n=\""
            + n
            + "\"><rect x=\""
            + px
            + "\" y=\""
            + py
            + "\" width=\""
            + w
            + "\" height=\""
            + h
            + (empty ? "\" class=\"empty\"" : "\" style=\"fill:" + colour(mean, lo, hi) + "\"")
            + " stroke=\"#ffffff\"><title>"
            + Html.esc(tip)
            + "</title></rect><text x=\""
            + Svg.f(px + w / 2.0)
            + "\" y=\""
            + Svg.f(py + h / 2.0 + 4)
            + "\" text-anchor=\"middle\">"
            + Html.esc(value)
            + "</text></g>\n");
  }

  /** The colour of {@code value} between the worst and the best: red, yellow, green. */
  private String colour(double value, double lo, double hi) {
    double t = hi > lo ? (value - lo) / (hi - lo) : 0.5;
    double g = higherIsBetter ? t : 1 - t;
    double s = Math.max(0, Math.min(1, g)) * 2;
    int k = s >= 1 ? 1 : 0;
    double u = s - k;
    int[] a = PALETTE[k];
    int[] b = PALETTE[k + 1];
    return String.format(
        Locale.ROOT,
        "rgb(%d,%d,%d)",
        Math.round(a[0] + (b[0] - a[0]) * u),
        Math.round(a[1] + (b[1] - a[1]) * u),
        Math.round(a[2] + (b[2] - a[2]) * u));
  }

  private void legend(Svg svg, int x, int y, int width, double lo, double hi) {
    if (!(hi >= lo)) {
      return;
    }
    int steps = 24;
    double w = width / (double) steps;
    for (int s = 0; s < steps; s++) {
      double v = lo + (hi - lo) * (s + 0.5) / steps;
      svg.raw(
          "<rect class=\"legend\" x=\""
              + Svg.f(x + s * w)
              + "\" y=\""
              + y
              + "\" width=\""
              + Svg.f(w + 0.5)
              + "\" height=\"14\" style=\"fill:"
              + colour(v, lo, hi)
              + "\"/>\n");
    }
    svg.text(x, y + 30, "start", "lbl", Html.number(lo));
    svg.text(x + width, y + 30, "end", "lbl", Html.number(hi));
    svg.text(x + width / 2.0, y + 30, "middle", "lbl", metric + " (mean per cell)");
    svg.text(
        x + width + 12,
        y + 11,
        "start",
        "lbl",
        higherIsBetter ? "higher is better" : "lower is better");
  }

  private void chart(String x) {
    List<String> xs = distinct(x);
    double[] index = new double[xs.size()];
    double[] means = new double[xs.size()];
    List<String> labels = new ArrayList<>();
    double lo = 0;
    double hi = 0;
    for (int i = 0; i < xs.size(); i++) {
      List<SweepRow> group = new ArrayList<>();
      for (SweepRow r : rows) {
        if (matches(r, x, xs.get(i))) {
          group.add(r);
        }
      }
      double[] m = mean(group);
      index[i] = i;
      means[i] = m[0];
      labels.add(xs.get(i) + " (" + (int) m[1] + ")");
      if (Double.isFinite(m[0])) {
        lo = Math.min(lo, m[0]);
        hi = Math.max(hi, m[0]);
      }
    }
    Svg svg = new Svg(300, "Mean " + metric + " by " + x);
    double room = (hi - lo) * 0.12; // space for the labels above and below the bars
    svg.panel(30, 215, -0.5, xs.size() - 0.5, lo < 0 ? lo - room : lo, hi > 0 ? hi + room : hi)
        .yAxis(metric)
        .categoryAxis(labels, x + " (points)");
    for (int i = 0; i < xs.size(); i++) {
      if (Double.isFinite(means[i])) {
        svg.bar(i, xs.size(), means[i], "bar", Html.number(means[i]));
      }
    }
    svg.path(index, means, "metric");
    out.append(svg.finish());
    Html.note(out, "Bars are the mean over the points with each value; the count is in brackets.");
  }

  private void ranking() {
    List<SweepRow> ranked = new ArrayList<>(rows);
    Comparator<SweepRow> byValue = Comparator.comparingDouble(r -> r.metric(metric));
    ranked.sort(
        Comparator.comparing((SweepRow r) -> !Double.isFinite(r.metric(metric)))
            .thenComparing(higherIsBetter ? byValue.reversed() : byValue)
            .thenComparingInt(SweepRow::index));
    Set<String> metrics = new LinkedHashSet<>();
    metrics.add(metric);
    rows.forEach(r -> metrics.addAll(new TreeSet<>(r.metrics().keySet())));
    Set<String> fields = fields();
    List<String> header = new ArrayList<>(List.of("rank", "run"));
    header.addAll(fields);
    header.addAll(metrics);
    Html.tableOpen(out, "ranking", header);
    int rank = 0;
    for (SweepRow r : ranked) {
      rank++;
      List<String> row =
          new ArrayList<>(List.of(Integer.toString(rank), Integer.toString(r.index())));
      for (String f : fields) {
        row.add(r.point().containsKey(f) ? key(r.point().get(f)) : Html.NONE);
      }
      for (String m : metrics) {
        row.add(Html.number(r.metric(m)));
      }
      Html.row(out, rank == 1 && Double.isFinite(r.metric(metric)) ? "best" : null, row);
    }
    Html.tableClose(out);
  }
}
