package com.marketmaker.backtest.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The sweep page: ranking in the metric's direction, and a heatmap cell per pair of values. */
class SweepReportTest {

  private static final Pattern RANK_ROW =
      Pattern.compile("<tr(?: class=\"best\")?><td class=\"k\">(\\d+)</td><td>(\\d+)</td>");

  private static final Pattern CELL =
      Pattern.compile(
          "<g class=\"cell( empty)?\" data-x=\"([^\"]*)\" data-y=\"([^\"]*)\""
              + " data-mean=\"([^\"]*)\" data-n=\"(\\d+)\">");

  static SweepRow row(int index, Object gamma, Object spread, double sharpe, double drawdown) {
    Map<String, Object> point = new LinkedHashMap<>();
    point.put("gamma", gamma);
    point.put("minSpreadBps", spread);
    point.put("seed", 7);
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("sharpe", sharpe);
    metrics.put("maxDrawdownPercent", drawdown);
    return new SweepRow(index, point, metrics);
  }

  /**
   * Two values of gamma by two of the minimum spread, the first cell twice (once with the spread as
   * a long).
   */
  static List<SweepRow> rows() {
    return List.of(
        row(0, 0.1, 1, 1.0, 5.0),
        row(1, 0.2, 1, 3.0, 1.0),
        row(2, 0.1, 2, 2.0, 4.0),
        row(3, 0.2, 2, -1.0, 9.0),
        row(4, 0.1 * 3 - 0.2, 1L, 2.0, 2.0));
  }

  /** The run indices in ranking order. */
  static List<Integer> ranking(String html) {
    String table = html.substring(html.indexOf("id=\"ranking\""));
    List<Integer> runs = new ArrayList<>();
    Matcher m = RANK_ROW.matcher(table);
    int rank = 0;
    while (m.find()) {
      assertEquals(++rank, Integer.parseInt(m.group(1)));
      runs.add(Integer.parseInt(m.group(2)));
    }
    return runs;
  }

  @Test
  void higherIsBetterRanksTheLargestFirst() {
    String html = HtmlReport.writeSweep(rows(), "sharpe", "gamma", "minSpreadBps", "S");
    assertTrue(html.contains("ranked by sharpe: higher is better."));
    assertEquals(List.of(1, 2, 4, 0, 3), ranking(html)); // ties by run
    assertTrue(html.contains("<tr class=\"best\"><td class=\"k\">1</td><td>1</td>"));
  }

  @Test
  void drawdownRanksTheSmallestFirst() {
    String html = HtmlReport.writeSweep(rows(), "maxDrawdownPercent", "gamma", "minSpreadBps", "S");
    assertTrue(html.contains("ranked by maxDrawdownPercent: lower is better."));
    assertEquals(List.of(1, 4, 2, 0, 3), ranking(html));
  }

  @Test
  void pointsWithoutTheMetricRankLast() {
    List<SweepRow> rows = new ArrayList<>(rows());
    rows.add(new SweepRow(5, Map.of("gamma", 0.3, "minSpreadBps", 1), Map.of()));
    rows.add(row(6, 0.3, 2, Double.NaN, Double.NaN));
    String html = HtmlReport.writeSweep(rows, "sharpe", null, null, "S");
    assertEquals(List.of(1, 2, 4, 0, 3, 5, 6), ranking(html));
  }

  @Test
  void heatmapHasOneCellPerPairWithItsMean() {
    String html = HtmlReport.writeSweep(rows(), "sharpe", "gamma", "minSpreadBps", "S");
    Map<String, String> means = new TreeMap<>();
    Map<String, String> counts = new TreeMap<>();
    Matcher m = CELL.matcher(html);
    while (m.find()) {
      String pair = m.group(2) + "," + m.group(3);
      assertEquals(null, means.put(pair, m.group(4)), "one cell for " + pair);
      counts.put(pair, m.group(5));
    }
    assertEquals(Map.of("0.1,1", "1.5", "0.1,2", "2", "0.2,1", "3", "0.2,2", "-1"), means);
    assertEquals(Map.of("0.1,1", "2", "0.1,2", "1", "0.2,1", "1", "0.2,2", "1"), counts);
    assertTrue(html.contains("Mean sharpe by gamma and minSpreadBps"));
    assertTrue(html.contains(">1.5</text>"), "the mean printed in its cell");
    assertTrue(html.contains("higher is better</text>"), "the legend says the direction");
    assertEquals(1, HtmlReportTest.count(html, "<svg"));
    assertFalse(html.contains("http://") || html.contains("https://") || html.contains("<script"));
  }

  @Test
  void emptyCellsAreMarked() {
    List<SweepRow> rows = new ArrayList<>(rows());
    rows.add(row(5, 0.3, 1, 0.5, 1.0));
    String html = HtmlReport.writeSweep(rows, "sharpe", "gamma", "minSpreadBps", "S");
    Matcher m = CELL.matcher(html);
    int cells = 0;
    int empty = 0;
    while (m.find()) {
      cells++;
      if (m.group(1) != null) {
        empty++;
        assertEquals("0.3,2", m.group(2) + "," + m.group(3));
        assertEquals("0", m.group(5));
      }
    }
    assertEquals(6, cells);
    assertEquals(1, empty);
  }

  @Test
  void oneVaryingFieldGivesAChartOverIt() {
    List<SweepRow> rows =
        List.of(row(0, 0.1, 1, 1.0, 5.0), row(1, 0.2, 1, 3.0, 1.0), row(2, 0.3, 1, 2.0, 2.0));
    String html = HtmlReport.writeSweep(rows, "sharpe", "gamma", "minSpreadBps", "S");
    assertFalse(CELL.matcher(html).find());
    assertTrue(html.contains("Mean sharpe by gamma"));
    assertFalse(html.contains("by gamma and"));
    assertTrue(html.contains(">0.2 (1)</text>"), "category labelled with its value and count");
    assertEquals(1, HtmlReportTest.count(html, "<svg"));
  }

  @Test
  void namesAndValuesAreEscaped() {
    List<SweepRow> rows =
        List.of(
            new SweepRow(0, Map.of("a<b", "x&y"), Map.of("m\"", 1.0)),
            new SweepRow(1, Map.of("a<b", "<z>"), Map.of("m\"", 2.0)));
    String html = HtmlReport.writeSweep(rows, "m\"", null, null, "<T>");
    assertTrue(html.contains("a&lt;b") && html.contains("x&amp;y") && html.contains("&lt;z&gt;"));
    assertTrue(html.contains("m&quot;") && html.contains("<title>&lt;T&gt;</title>"));
    assertFalse(html.contains("<z>") || html.contains("<T>"));
  }
}
