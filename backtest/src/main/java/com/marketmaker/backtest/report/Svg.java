package com.marketmaker.backtest.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * An inline SVG chart: one {@code <svg>} element with one or more plot panels, each with a linear
 * value scale on both axes (or a category axis), grid lines, axis labels and data drawn as paths,
 * areas, markers and bars. Time axes take seconds since the epoch and are labelled in UTC.
 */
final class Svg {

  static final int WIDTH = 960;
  private static final int LEFT = 86;
  private static final int RIGHT = 16;

  /** Steps of a time axis in seconds: 1 s to 30 days. */
  private static final long[] TIME_STEPS = {
    1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400,
    172_800, 604_800, 2_592_000
  };

  private final StringBuilder out = new StringBuilder();
  private final int width;
  private final int height;
  private double top;
  private double plotHeight;
  private double x0;
  private double x1;
  private double y0;
  private double y1;

  /** Opens the element with a title read by assistive technology and shown as a caption. */
  Svg(int height, String title) {
    this(WIDTH, height, title);
  }

  /** Opens an element {@code width} pixels wide. */
  Svg(int width, int height, String title) {
    this.width = width;
    this.height = height;
    out.append("<svg viewBox=\"0 0 ")
        .append(width)
        .append(' ')
        .append(height)
        .append("\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" role=\"img\" aria-label=\"")
        .append(Html.esc(title))
        .append("\"><title>")
        .append(Html.esc(title))
        .append("</title>\n");
    text(LEFT, 16, "start", "ttl", title);
  }

  /** Selects the panel drawn into next: its pixel top and height, and its data ranges. */
  Svg panel(double top, double plotHeight, double xMin, double xMax, double yMin, double yMax) {
    this.top = top;
    this.plotHeight = plotHeight;
    double[] x = widen(xMin, xMax, 0, 1);
    double[] y = widen(yMin, yMax, 0.05, Math.max(1e-9, Math.abs(yMin) * 0.01));
    x0 = x[0];
    x1 = x[1];
    y0 = y[0];
    y1 = y[1];
    return this;
  }

  /**
   * A non-empty range around the data, padded by {@code pad} of its span, or by {@code half} on
   * each side when the data is a single value.
   */
  private static double[] widen(double min, double max, double pad, double half) {
    if (!Double.isFinite(min) || !Double.isFinite(max)) {
      return new double[] {0, 1};
    }
    if (max <= min) {
      double d = min == 0 ? 1 : half;
      return new double[] {min - d, max + d};
    }
    double p = (max - min) * pad;
    return new double[] {min - p, max + p};
  }

  double plotWidth() {
    return width - LEFT - RIGHT;
  }

  double px(double x) {
    return LEFT + (x - x0) / (x1 - x0) * plotWidth();
  }

  double py(double y) {
    return top + plotHeight - (y - y0) / (y1 - y0) * plotHeight;
  }

  /** The frame, horizontal grid lines and the left value axis with its title. */
  Svg yAxis(String title) {
    double step = niceStep(y1 - y0, Math.max(2, (int) (plotHeight / 40)));
    int decimals = decimals(step);
    for (double v = Math.ceil(y0 / step) * step; v <= y1 + step * 1e-9; v += step) {
      double y = py(v);
      line(LEFT, y, LEFT + plotWidth(), y, Math.abs(v) < step * 1e-9 ? "zero" : "grid");
      text(LEFT - 6, y + 4, "end", "lbl", label(v, decimals));
    }
    out.append(
            String.format(
                Locale.ROOT,
                "<rect class=\"frame\" x=\"%d\" y=\"%s\" width=\"%s\"",
                LEFT,
                f(top),
                f(plotWidth())))
        .append(" height=\"")
        .append(f(plotHeight))
        .append("\"/>\n");
    double mid = top + plotHeight / 2;
    out.append("<text class=\"lbl\" text-anchor=\"middle\" transform=\"translate(14,")
        .append(f(mid))
        .append(") rotate(-90)\">")
        .append(Html.esc(title))
        .append("</text>\n");
    return this;
  }

  /** The bottom axis labelled with UTC times; the axis range is in seconds since the epoch. */
  Svg timeAxis() {
    double span = x1 - x0;
    long step = TIME_STEPS[TIME_STEPS.length - 1];
    for (long s : TIME_STEPS) {
      if (span / s <= 8) {
        step = s;
        break;
      }
    }
    boolean multiDay = Math.floor(x0 / 86_400) != Math.floor(x1 / 86_400);
    String pattern =
        step >= 86_400
            ? "yyyy-MM-dd"
            : multiDay ? "MM-dd HH:mm" : step >= 60 ? "HH:mm" : "HH:mm:ss";
    DateTimeFormatter fmt =
        DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withZone(ZoneOffset.UTC);
    double bottom = top + plotHeight;
    for (long t = (long) Math.ceil(x0 / step) * step; t <= x1; t += step) {
      double x = px(t);
      line(x, top, x, bottom, "grid");
      text(x, bottom + 15, "middle", "lbl", fmt.format(Instant.ofEpochSecond(t)));
    }
    String day =
        DateTimeFormatter.ISO_LOCAL_DATE
            .withZone(ZoneOffset.UTC)
            .format(Instant.ofEpochSecond((long) Math.floor(x0)));
    text(
        LEFT + plotWidth() / 2,
        bottom + 32,
        "middle",
        "lbl",
        multiDay ? "time (UTC)" : "time (UTC, " + day + ")");
    return this;
  }

  /** The bottom axis with one labelled slot per category; {@link #slot} gives their centres. */
  Svg categoryAxis(List<String> labels, String title) {
    double bottom = top + plotHeight;
    for (int i = 0; i < labels.size(); i++) {
      text(slot(i, labels.size()), bottom + 15, "middle", "lbl", labels.get(i));
    }
    text(LEFT + plotWidth() / 2, bottom + 32, "middle", "lbl", title);
    return this;
  }

  /** The pixel centre of category {@code i} of {@code n}. */
  double slot(int i, int n) {
    return LEFT + (i + 0.5) * plotWidth() / n;
  }

  /** A polyline through the points, broken where a value is NaN. */
  Svg path(double[] xs, double[] ys, String cssClass) {
    StringBuilder d = new StringBuilder();
    boolean pen = false;
    for (int i = 0; i < xs.length; i++) {
      if (Double.isNaN(xs[i]) || Double.isNaN(ys[i])) {
        pen = false;
        continue;
      }
      d.append(pen ? 'L' : 'M').append(f(px(xs[i]))).append(',').append(f(py(ys[i])));
      pen = true;
    }
    if (d.length() > 0) {
      out.append("<path class=\"line ")
          .append(cssClass)
          .append("\" d=\"")
          .append(d)
          .append("\"/>\n");
    }
    return this;
  }

  /** The area between the points and the horizontal line at {@code base}. */
  Svg area(double[] xs, double[] ys, double base, String cssClass) {
    if (xs.length == 0) {
      return this;
    }
    StringBuilder p = new StringBuilder();
    p.append(f(px(xs[0]))).append(',').append(f(py(base)));
    for (int i = 0; i < xs.length; i++) {
      p.append(' ').append(f(px(xs[i]))).append(',').append(f(py(ys[i])));
    }
    p.append(' ').append(f(px(xs[xs.length - 1]))).append(',').append(f(py(base)));
    out.append("<polygon class=\"")
        .append(cssClass)
        .append("\" points=\"")
        .append(p)
        .append("\"/>\n");
    return this;
  }

  /** A triangle marker at a data point, pointing up or down, with a tooltip. */
  Svg marker(double x, double y, boolean up, String cssClass, String tooltip) {
    double cx = px(x);
    double cy = py(y);
    double s = 4.5;
    double tip = up ? cy - s : cy + s;
    double base = up ? cy + s * 0.8 : cy - s * 0.8;
    out.append("<polygon class=\"")
        .append(cssClass)
        .append("\" points=\"")
        .append(f(cx))
        .append(',')
        .append(f(tip))
        .append(' ')
        .append(f(cx - s))
        .append(',')
        .append(f(base))
        .append(' ')
        .append(f(cx + s))
        .append(',')
        .append(f(base))
        .append("\"><title>")
        .append(Html.esc(tooltip))
        .append("</title></polygon>\n");
    return this;
  }

  /** A bar in a category slot from 0 to {@code value}, labelled with {@code label}. */
  Svg bar(int i, int n, double value, String cssClass, String label) {
    double w = Math.min(80, plotWidth() / n * 0.6);
    double cx = slot(i, n);
    double a = py(0);
    double b = py(value);
    rect(cx - w / 2, Math.min(a, b), w, Math.abs(a - b), cssClass, label);
    text(cx, value >= 0 ? b - 5 : b + 14, "middle", "lbl", label);
    return this;
  }

  /** A rectangle in pixels with a tooltip. */
  Svg rect(double x, double y, double w, double h, String cssClass, String tooltip) {
    out.append("<rect class=\"")
        .append(cssClass)
        .append("\" x=\"")
        .append(f(x))
        .append("\" y=\"")
        .append(f(y))
        .append("\" width=\"")
        .append(f(w))
        .append("\" height=\"")
        .append(f(h))
        .append("\"><title>")
        .append(Html.esc(tooltip))
        .append("</title></rect>\n");
    return this;
  }

  /** A legend across the top right: one colour swatch and label per series. */
  Svg legend(List<String> labels, List<String> classes) {
    double x = width - RIGHT;
    for (int i = labels.size() - 1; i >= 0; i--) {
      String label = labels.get(i);
      x -= 7 * label.length() + 8;
      text(x, 16, "start", "lbl", label);
      x -= 16;
      out.append("<rect class=\"")
          .append(classes.get(i))
          .append("\" x=\"")
          .append(f(x))
          .append("\" y=\"8\" width=\"11\" height=\"10\"/>\n");
      x -= 10;
    }
    return this;
  }

  /** Text at pixel coordinates. */
  Svg text(double x, double y, String anchor, String cssClass, String text) {
    out.append("<text class=\"")
        .append(cssClass)
        .append("\" x=\"")
        .append(f(x))
        .append("\" y=\"")
        .append(f(y))
        .append("\" text-anchor=\"")
        .append(anchor)
        .append("\">")
        .append(Html.esc(text))
        .append("</text>\n");
    return this;
  }

  /** Raw markup, already escaped, appended as is. */
  Svg raw(String markup) {
    out.append(markup);
    return this;
  }

  private void line(double xa, double ya, double xb, double yb, String cssClass) {
    out.append("<line class=\"")
        .append(cssClass)
        .append("\" x1=\"")
        .append(f(xa))
        .append("\" y1=\"")
        .append(f(ya))
        .append("\" x2=\"")
        .append(f(xb))
        .append("\" y2=\"")
        .append(f(yb))
        .append("\"/>\n");
  }

  /** Closes the element and returns its markup. */
  String finish() {
    return out.append("</svg>\n").toString();
  }

  int height() {
    return height;
  }

  /** A step of 1, 2 or 5 times a power of ten giving about {@code count} intervals over span. */
  static double niceStep(double span, int count) {
    double raw = span / Math.max(1, count);
    if (!(raw > 0) || !Double.isFinite(raw)) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(raw)));
    double m = raw / p;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
  }

  /** Decimal places that show a multiple of {@code step} exactly. */
  static int decimals(double step) {
    return Math.max(0, Math.min(10, (int) -Math.floor(Math.log10(step) + 1e-9)));
  }

  /** An axis value with fixed decimals, never negative zero. */
  static String label(double v, int decimals) {
    BigDecimal b = BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_EVEN);
    return b.signum() == 0 ? b.abs().toPlainString() : b.toPlainString();
  }

  /** A pixel coordinate with one decimal. */
  static String f(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
