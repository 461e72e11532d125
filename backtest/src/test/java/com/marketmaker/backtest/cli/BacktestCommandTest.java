package com.marketmaker.backtest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.marketmaker.backtest.run.ResultJson;
import com.marketmaker.testsupport.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/backtest} as a user runs it: convert the recorded spot BTC capture, run a backtest
 * with a report, and sweep a grid in parallel; bad input is refused with a clear message.
 */
class BacktestCommandTest {

  @TempDir static Path dir;
  static Path events;

  static final String[] SIZES = {"--order-size", "0.001", "--max-position", "0.01", "--quiet"};

  @BeforeAll
  static void convert() {
    events = dir.resolve("btc.events");
    int code =
        BacktestCommand.execute(
            "convert",
            "--format",
            "binance",
            "--instrument",
            "BINANCE:BTCUSDT=0.01/0.00000001",
            "--out",
            events.toString(),
            SharedData.file("binance/spot_btcusdt_20240808.gz").toString(),
            SharedData.file("binance/spot_btcusdt_20240809.gz").toString());
    assertEquals(0, code);
  }

  private static String[] args(String... first) {
    String[] out = new String[first.length + SIZES.length];
    System.arraycopy(first, 0, out, 0, first.length);
    System.arraycopy(SIZES, 0, out, first.length, SIZES.length);
    return out;
  }

  @Test
  void aRunWritesItsResultsAndAReport() throws Exception {
    Path json = dir.resolve("run.json");
    Path html = dir.resolve("run.html");
    int code =
        BacktestCommand.execute(
            args(
                "run",
                "--events",
                events.toString(),
                "--seed",
                "3",
                "--set",
                "inventoryLeanTicks=2",
                "--out",
                json.toString(),
                "--report",
                html.toString()));
    assertEquals(0, code);
    JsonNode doc = ResultJson.mapper().readTree(json.toFile());
    assertEquals(99_574, doc.at("/result/marketEvents").asLong());
    assertEquals(
        2.0, doc.at("/config/strategy/quoting/inventoryLeanTicks").asDouble(), "--set applied");
    assertTrue(doc.at("/result/instruments/0/performance/makerFills").asLong() > 0);
    assertTrue(doc.at("/metrics/quoteUptime").asDouble() > 0.5);
    String page = Files.readString(html);
    assertTrue(page.contains("<svg") && page.contains("BINANCE:BTCUSDT"));
  }

  @Test
  void aGridSweepRanksEveryPointTheSameWhateverTheThreads() throws Exception {
    Path one = dir.resolve("sweep1.json");
    Path two = dir.resolve("sweep2.json");
    Path html = dir.resolve("sweep.html");
    String[] grid = {
      "sweep",
      "--events",
      events.toString(),
      "--grid",
      "riskAversion=0.05,0.5",
      "--grid",
      "minSpreadBps=1,4",
      "--rank",
      "total"
    };
    assertEquals(
        0, BacktestCommand.execute(concat(args(grid), "--threads", "1", "--out", one.toString())));
    assertEquals(
        0,
        BacktestCommand.execute(
            concat(
                args(grid),
                "--threads",
                "2",
                "--out",
                two.toString(),
                "--report",
                html.toString())));
    assertEquals(Files.readString(one), Files.readString(two));
    JsonNode doc = ResultJson.mapper().readTree(one.toFile());
    assertEquals(4, doc.at("/results").size());
    double previous = Double.POSITIVE_INFINITY;
    for (JsonNode r : doc.at("/results")) {
      double total = r.at("/metrics/total").asDouble();
      assertTrue(total <= previous, "ranked best first by total P&L");
      previous = total;
    }
    assertTrue(Files.readString(html).contains("<svg"));
  }

  @Test
  void aSyntheticMarketIsGeneratedOnTheFlyInsteadOfEventFiles() throws Exception {
    Path json = dir.resolve("synthetic.json");
    String[] run = {
      "run",
      "--synthetic",
      "2",
      "--synthetic-seconds",
      "300",
      "--order-size",
      "1",
      "--max-position",
      "10",
      "--quiet",
      "--out",
      json.toString()
    };
    assertEquals(0, BacktestCommand.execute(run));
    JsonNode doc = ResultJson.mapper().readTree(json.toFile());
    assertEquals(2, doc.at("/result/instruments").size());
    assertEquals("BINANCE:SYN002USDT", doc.at("/result/instruments/1/instrument").asText());
    assertTrue(doc.at("/metrics/fills").asDouble() > 0, doc.at("/metrics").toString());
  }

  @Test
  void unknownFieldsAndMetricsAreRefusedWithTheirNames() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    int field;
    int metric;
    try {
      System.setErr(new PrintStream(err, true));
      field =
          BacktestCommand.execute(
              args("sweep", "--events", events.toString(), "--grid", "gammma=0.1,0.2"));
      metric =
          BacktestCommand.execute(
              args(
                  "sweep",
                  "--events",
                  events.toString(),
                  "--grid",
                  "riskAversion=0.1",
                  "--rank",
                  "luck"));
    } finally {
      System.setErr(old);
    }
    assertEquals(1, field);
    assertEquals(1, metric);
    assertTrue(err.toString().contains("unknown strategy field 'gammma'"), err.toString());
    assertTrue(err.toString().contains("unknown metric 'luck'"), err.toString());
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
