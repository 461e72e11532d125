package com.marketmaker.backtest.report;

import com.marketmaker.core.instrument.InstrumentSpec;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Escaping, number formatting and the page shell shared by the reports. Every formatter returns
 * plain text; {@link #esc} turns it into HTML, encoding everything outside printable ASCII as a
 * character reference so the page reads the same whatever charset it is saved in.
 */
final class Html {

  /** Shown where a figure does not exist or cannot be aggregated. */
  static final String NONE = "\u2014";

  static final long NANOS_PER_SECOND = 1_000_000_000L;

  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);

  private static final String CSS =
      "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:24px auto;"
          + "max-width:1100px;padding:0 16px;color:#1f2328;background:#fff}"
          + "h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 8px;"
          + "border-bottom:1px solid #d0d7de;padding-bottom:4px}h3{font-size:15px;margin:20px 0 6px}"
          + "p.note{color:#59636e;margin:4px 0 10px}p.warn{color:#9a6700;font-weight:600}"
          + "table{border-collapse:collapse;margin:6px 0 14px;font-variant-numeric:tabular-nums}"
          + "th,td{border:1px solid #d0d7de;padding:3px 8px;text-align:right;white-space:nowrap}"
          + "th{background:#f6f8fa}td.k,th.k{text-align:left}tr.up td:last-child{color:#1a7f37}tr.down td:last-child{color:#cf222e}"
          + "tr.best td{background:#dafbe1}"
          + ".scroll{overflow-x:auto}svg{display:block;margin:6px 0 14px;max-width:100%;height:auto;"
          + "font:11px system-ui,sans-serif}svg .frame{fill:none;stroke:#8c959f}"
          + "svg .grid{stroke:#eaeef2}svg .zero{stroke:#59636e;stroke-dasharray:3 3}"
          + "svg .lbl{fill:#59636e}svg .ttl{fill:#1f2328;font-weight:600}"
          + "svg .line{fill:none;stroke-width:1.4}svg .eq{stroke:#0969da}"
          + "svg .dd{fill:#cf222e;fill-opacity:.35;stroke:#cf222e;stroke-width:.8}"
          + "svg .mid{stroke:#6e7781}svg .ourbid{stroke:#2da44e;stroke-dasharray:4 2}"
          + "svg .ourask{stroke:#e16f24;stroke-dasharray:4 2}svg .inv{stroke:#8250df}"
          + "svg .buy{fill:#116329}svg .sell{fill:#a40e26}svg .pos{fill:#2da44e}"
          + "svg .neg{fill:#cf222e}svg .bar{fill:#0969da}svg .metric{stroke:#0969da}"
          + "svg .dot{fill:#0969da}svg .empty{fill:#f6f8fa;stroke:#d0d7de}"
          + "svg .cell text{fill:#1f2328}svg .sw-eq{fill:#0969da}svg .sw-mid{fill:#6e7781}"
          + "svg .sw-ourbid{fill:#2da44e}svg .sw-ourask{fill:#e16f24}";

  private Html() {}

  /** The text escaped for HTML element content and attribute values. */
  static String esc(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          if (c >= 0x20 && c < 0x7f || c == '\n' || c == '\t') {
            out.append((char) c);
          } else if (c < 0x20 || c >= 0x7f && c < 0xa0 || Character.isSurrogate((char) c)) {
            out.append("&#xfffd;");
          } else {
            out.append("&#").append(c).append(';');
          }
        }
      }
    }
    return out.toString();
  }

  /** A quote-currency amount held in cash units at {@link InstrumentSpec#CASH_SCALE}. */
  static String money(long cash) {
    return atLeastTwoDecimals(BigDecimal.valueOf(cash, InstrumentSpec.CASH_SCALE));
  }

  /** A fractional amount of cash units (a mean), rounded to the cash unit. */
  static String money(double cash) {
    if (!Double.isFinite(cash)) {
      return ratio(cash);
    }
    return atLeastTwoDecimals(
        BigDecimal.valueOf(cash)
            .setScale(0, RoundingMode.HALF_EVEN)
            .movePointLeft(InstrumentSpec.CASH_SCALE));
  }

  private static String atLeastTwoDecimals(BigDecimal value) {
    BigDecimal v = value.stripTrailingZeros();
    return (v.scale() < 2 ? v.setScale(2, RoundingMode.UNNECESSARY) : v).toPlainString();
  }

  /** The tick size as a decimal, or {@code null} when the text is not one. */
  static BigDecimal tick(String tickSize) {
    try {
      return tickSize == null ? null : new BigDecimal(tickSize.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The price of {@code ticks}, exact at the tick size's scale (ticks when it is unknown). */
  static String price(long ticks, BigDecimal tick) {
    if (tick == null) {
      return ticks + " ticks";
    }
    return tick.multiply(BigDecimal.valueOf(ticks)).toPlainString();
  }

  /** A fraction as a percentage with two decimals. */
  static String percent(double fraction) {
    return Double.isFinite(fraction) ? fixed(100 * fraction, 2) + "%" : ratio(fraction);
  }

  /** A ratio with two decimals; infinities as the sign and the infinity symbol. */
  static String ratio(double value) {
    if (Double.isNaN(value)) {
      return NONE;
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "\u221e" : "-\u221e";
    }
    return fixed(value, 2);
  }

  /** The value with {@code decimals} places, half-even, without exponent. */
  static String fixed(double value, int decimals) {
    if (!Double.isFinite(value)) {
      return ratio(value);
    }
    String s = BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    return s.startsWith("-") && BigDecimal.ZERO.compareTo(new BigDecimal(s)) == 0
        ? s.substring(1)
        : s;
  }

  /** A value with six significant digits at most, trailing zeros dropped. */
  static String number(double value) {
    if (!Double.isFinite(value)) {
      return ratio(value);
    }
    if (value == 0) {
      return "0";
    }
    BigDecimal v = new BigDecimal(value).round(new MathContext(6, RoundingMode.HALF_EVEN));
    return v.stripTrailingZeros().toPlainString();
  }

  /** A duration in seconds as {@code 12.3 s}, {@code 4m 05s}, {@code 2h 03m 04s} or with days. */
  static String duration(double seconds) {
    if (!Double.isFinite(seconds)) {
      return NONE;
    }
    if (seconds < 60) {
      return fixed(seconds, 1) + " s";
    }
    long s = Math.round(seconds);
    long d = s / 86_400;
    long h = s / 3600 % 24;
    long m = s / 60 % 60;
    long r = s % 60;
    if (d > 0) {
      return String.format(Locale.ROOT, "%dd %02dh %02dm", d, h, m);
    }
    if (h > 0) {
      return String.format(Locale.ROOT, "%dh %02dm %02ds", h, m, r);
    }
    return String.format(Locale.ROOT, "%dm %02ds", m, r);
  }

  /** The UTC date and time of an epoch-nanosecond timestamp. */
  static String utc(long nanos) {
    return DATE_TIME.format(instant(nanos)) + " UTC";
  }

  /** The UTC date of an epoch-day index. */
  static String day(long dayIndex) {
    return DATE.format(Instant.ofEpochSecond(dayIndex * 86_400));
  }

  static Instant instant(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
  }

  /** Opens the page: doctype, head with the inline style sheet, and the title heading. */
  static void open(StringBuilder out, String title) {
    String t = esc(title == null || title.isBlank() ? "Backtest report" : title);
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>")
        .append(t)
        .append("</title>\n<style>")
        .append(CSS)
        .append("</style>\n</head>\n<body>\n<h1>")
        .append(t)
        .append("</h1>\n");
  }

  /** Closes the page. */
  static void close(StringBuilder out) {
    out.append("</body>\n</html>\n");
  }

  /** A section heading with an anchor id. */
  static void heading(StringBuilder out, int level, String id, String text) {
    out.append("<h").append(level);
    if (id != null) {
      out.append(" id=\"").append(esc(id)).append('"');
    }
    out.append('>').append(esc(text)).append("</h").append(level).append(">\n");
  }

  /** A paragraph of explanatory text. */
  static void note(StringBuilder out, String text) {
    out.append("<p class=\"note\">").append(esc(text)).append("</p>\n");
  }

  /** Opens a table with a header row; the first column is left-aligned. */
  static void tableOpen(StringBuilder out, String cssClass, List<String> header) {
    out.append("<div class=\"scroll\"><table");
    if (cssClass != null) {
      out.append(" class=\"").append(esc(cssClass)).append('"');
    }
    out.append(">\n<thead><tr>");
    for (int i = 0; i < header.size(); i++) {
      out.append(i == 0 ? "<th class=\"k\">" : "<th>").append(esc(header.get(i))).append("</th>");
    }
    out.append("</tr></thead>\n<tbody>\n");
  }

  /** One body row; the first cell is left-aligned. */
  static void row(StringBuilder out, String rowClass, List<String> cells) {
    out.append(rowClass == null ? "<tr>" : "<tr class=\"" + esc(rowClass) + "\">");
    for (int i = 0; i < cells.size(); i++) {
      out.append(i == 0 ? "<td class=\"k\">" : "<td>").append(esc(cells.get(i))).append("</td>");
    }
    out.append("</tr>\n");
  }

  static void tableClose(StringBuilder out) {
    out.append("</tbody>\n</table></div>\n");
  }
}
