package com.marketmaker.backtest.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.backtest.run.BacktestResult;
import com.marketmaker.core.accounting.Markouts;
import com.marketmaker.core.accounting.Performance;
import com.marketmaker.core.accounting.ReturnStatistics;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The backtest page: its sections, its charts, exact amounts and prices, escaping, no links. */
class HtmlReportTest {

  static final long T0 = 1_700_000_000_000_000_000L; // 2023-11-14 22:13:20 UTC
  static final long SECOND = 1_000_000_000L;
  static final String WEIRD = "BTC<USD>&\"co\"";

  static Performance.Report performance(long total) {
    return new Performance.Report(
        3, // inventory lots
        -1_000_000_000L, // cash
        100_000_000_000L, // realized 1000.00
        23_450_000_000L, // unrealized 234.50
        total,
        1_250_000L, // maker fees 0.0125
        0,
        2_500_000L, // rebates 0.025
        6_543_210.0,
        7,
        2,
        5,
        4,
        0.25,
        0.5,
        300_000_000L,
        1.5,
        -0.5,
        4.0,
        1.2,
        -2,
        5,
        0.1,
        0.875,
        120.0,
        105.0);
  }

  static ReturnStatistics.Report returns(long finalEquity) {
    ReturnStatistics.Moments m = new ReturnStatistics.Moments(1, 10, 1.0, 2.0);
    return new ReturnStatistics.Report(
        10,
        10.0,
        finalEquity,
        m,
        m,
        m,
        3.21,
        4.56,
        7.89,
        50_000_000_000L, // 500.00
        12.5,
        3725.0, // 1h 02m 05s
        6,
        2.0 / 3,
        Double.POSITIVE_INFINITY,
        1_234_567.0,
        List.of(
            new ReturnStatistics.Day(19_675, 0, 100_000_000_000L),
            new ReturnStatistics.Day(19_676, 100_000_000_000L, finalEquity)));
  }

  static BacktestResult.Instrument instrument(String name, String tick, long total) {
    List<long[]> curve = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      long bid = 6_543_200 + i;
      curve.add(
          new long[] {
            T0 + i * SECOND,
            i * 1_000_000_000L - (i == 5 ? 3_000_000_000L : 0),
            i % 4 - 1,
            bid,
            bid + 2,
            i == 3 ? 0 : bid - 1,
            bid + 3
          });
    }
    List<long[]> fills =
        List.of(
            new long[] {T0 + 2 * SECOND, 1, 6_543_210, 2},
            new long[] {T0 + 6 * SECOND, -1, 6_543_215, 1});
    Markouts.Horizon[] horizons = {
      new Markouts.Horizon(1, 9, 0.5, 0.0764),
      new Markouts.Horizon(10, 9, -1.25, -0.191),
      new Markouts.Horizon(60, 0, 0, 0)
    };
    return new BacktestResult.Instrument(
        name,
        1000,
        200,
        50,
        40,
        9,
        3,
        1,
        0,
        0,
        0,
        performance(total),
        returns(total),
        horizons,
        0.4321,
        2.5,
        1.75,
        tick,
        curve,
        fills);
  }

  static BacktestResult result() {
    return new BacktestResult(
        12_345,
        true,
        List.of(instrument(WEIRD, "0.01", 123_450_000_000L), instrument("ETH-USD", "0.5", -5L)),
        returns(123_449_999_995L));
  }

  static Map<String, String> settings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("gamma", "0.1");
    s.put("note<script>", "a & 'b' > \"c\"");
    return s;
  }

  @Test
  void pageHasEverySectionAndOneSvgPerChart() {
    String html = HtmlReport.write(result(), "Run <1>", settings());
    assertTrue(html.startsWith("<!DOCTYPE html>"));
    assertTrue(html.endsWith("</html>\n"));
    for (String s :
        List.of(
            "id=\"summary\"",
            "id=\"settings\"",
            "id=\"instrument-0\"",
            "id=\"instrument-1\"",
            "Portfolio daily P&amp;L",
            "Daily P&amp;L (UTC days)",
            "equity and drawdown",
            "mid, our quotes and fills",
            "inventory (lots)",
            "spread captured and mark-outs",
            "Sharpe (annualized)",
            "Sortino (annualized)",
            "Calmar",
            "max drawdown %",
            "longest drawdown",
            "win rate",
            "profit factor",
            "expectancy per closing fill",
            "P&amp;L to mean absolute position",
            "mark-out 1 s (ticks)",
            "mark-out 10 s (bps)",
            "mark-out 60 s (bps)",
            "quote uptime",
            "The data was truncated")) {
      assertTrue(html.contains(s), s);
    }
    assertEquals(8, count(html, "<svg"), "4 charts per instrument");
    assertEquals(count(html, "<svg"), count(html, "</svg>"));
    assertEquals(1, count(html, "<style>"));
  }

  @Test
  void amountsAndPricesAreExact() {
    String html = HtmlReport.write(result(), "r", settings());
    assertTrue(html.contains("<td>1234.50</td>"), "total P&L of 123_450_000_000 cash units");
    assertTrue(html.contains("<td>1234.49999995</td>"), "portfolio total, all eight decimals");
    assertTrue(html.contains("<td>-0.00000005</td>"), "a negative amount of five cash units");
    assertTrue(html.contains("<td>1000.00</td>"), "realized");
    assertTrue(html.contains("<td>0.0125</td>"), "maker fees");
    assertTrue(html.contains("<td>0.025</td>"), "rebates");
    assertTrue(html.contains("<td>500.00</td>"), "max drawdown");
    assertTrue(html.contains("<td>12.50%</td>"), "max drawdown percent");
    assertTrue(html.contains("<td>1h 02m 05s</td>"), "drawdown duration");
    assertTrue(html.contains("<td>66.67%</td>"), "win rate");
    assertTrue(html.contains("<td>&#8734;</td>"), "infinite profit factor");
    assertTrue(html.contains("<td>0.01234567</td>"), "expectancy 1_234_567 cash units");
    assertTrue(html.contains("<td>7 / 2</td>") && html.contains("<td>14 / 4</td>"), "fills");
    assertTrue(html.contains("<td>25.00%</td>") && html.contains("<td>87.50%</td>"), "rates");
    assertTrue(html.contains("<td>0.500</td>") && html.contains("<td>-1.250</td>"), "ticks");
    assertTrue(html.contains("<td>0.076</td>") && html.contains("<td>-0.191</td>"), "bps");
    assertTrue(html.contains("buy 2 lots at 65432.10, 2023-11-14 22:13:22 UTC"), "fill price");
    assertTrue(html.contains("sell 1 lots at 3271607.5, "), "a tick of 0.5");
    assertTrue(
        html.contains(
            "<td class=\"k\">2023-11-14</td><td>0.00</td><td>1000.00</td><td>1000.00</td>"));
    assertTrue(html.contains("22:13:20 UTC to 2023-11-14 22:13:29 UTC"), "period");
    assertTrue(html.contains(">22:13:20</text>"), "time axis labelled in UTC");
    assertTrue(html.contains("time (UTC, 2023-11-14)"));
    assertTrue(html.contains("<td>65432.10</td>"), "average entry price at the tick's scale");
  }

  @Test
  void formattersConvertFromUnitsAndTicks() {
    assertEquals("1234.50", Html.money(123_450_000_000L));
    assertEquals("-1234.50", Html.money(-123_450_000_000L));
    assertEquals("0.00", Html.money(0L));
    assertEquals("0.00000001", Html.money(1L));
    assertEquals("0.01234567", Html.money(1_234_567.0));
    assertEquals("0.01", Html.money(1_000_000.4));
    assertEquals("65432.10", Html.price(6_543_210, new BigDecimal("0.01")));
    assertEquals("1.5", Html.price(3, new BigDecimal("0.5")));
    assertEquals("0.00012", Html.price(12, new BigDecimal("0.00001")));
    assertEquals("0.00", Html.fixed(-0.001, 2));
    assertEquals("42.5 s", Html.duration(42.5));
    assertEquals("1d 01h 00m", Html.duration(90_000));
  }

  @Test
  void noExternalResourcesAndEverythingEscaped() {
    String html = HtmlReport.write(result(), "Title <b>&", settings());
    for (String bad : List.of("http://", "https://", "<script", "src=", "href=\"//", "@import")) {
      assertFalse(html.toLowerCase().contains(bad), bad);
    }
    assertFalse(html.contains(WEIRD));
    assertTrue(html.contains("BTC&lt;USD&gt;&amp;&quot;co&quot;"));
    assertTrue(html.contains("<title>Title &lt;b&gt;&amp;</title>"));
    assertTrue(html.contains("note&lt;script&gt;"));
    assertTrue(html.contains("a &amp; &#39;b&#39; &gt; &quot;c&quot;"));
    assertFalse(html.contains("<b>"));
    for (int i = 0; i < html.length(); i++) {
      assertTrue(html.charAt(i) < 0x7f, "ASCII only, at " + i);
    }
  }

  @Test
  void emptyInstrumentAndNoSettingsStillGiveAPage() {
    BacktestResult.Instrument i =
        new BacktestResult.Instrument(
            "X",
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            performance(0),
            returns(0),
            new Markouts.Horizon[0],
            0,
            0,
            0,
            "1",
            List.of(),
            List.of());
    String html = HtmlReport.write(new BacktestResult(0, false, List.of(i), null), null, null);
    assertEquals(4, count(html, "<svg"));
    assertTrue(html.contains("No settings were recorded."));
    assertTrue(html.contains("no samples"));
    assertFalse(html.contains("NaN"));
  }

  static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
      n++;
    }
    return n;
  }
}
