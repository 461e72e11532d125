package com.marketmaker.core.portfolio.risk;

import static com.marketmaker.core.portfolio.risk.RiskFixtures.assertRel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.testsupport.SharedData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * Compares the deterministic risk measures with the numpy/scipy references written by {@code
 * src/test/fixtures/risk/generate.py}.
 */
class RiskFixtureTest {

  private static final double REL = 1e-9;

  @Test
  void btcMinuteReturnsMatchReference() throws IOException {
    Map<String, Object> fx = RiskFixtures.load("btcusd_20170903.json");
    double[] r = closeToCloseReturns("bars/btcusd_20170903_trade.zip");
    assertEquals((int) RiskFixtures.num(fx, "n"), r.length);
    assertEquals(RiskFixtures.num(fx, "first"), r[0], 0.0);
    assertEquals(RiskFixtures.num(fx, "last"), r[r.length - 1], 0.0);
    check(fx, r);
  }

  @Test
  void generatedSampleMatchesReference() throws IOException {
    Map<String, Object> fx = RiskFixtures.load("generated.json");
    double[] x = RiskFixtures.doubles(fx, "sample");
    assertEquals((int) RiskFixtures.num(fx, "n"), x.length);
    check(fx, x);
  }

  private static void check(Map<String, Object> fx, double[] x) {
    Map<String, Object> m = RiskFixtures.obj(fx, "moments");
    SampleMoments sm = SampleMoments.of(x);
    assertRel(RiskFixtures.num(m, "mean"), sm.mean(), REL, "mean");
    assertRel(RiskFixtures.num(m, "sd"), sm.sd(), REL, "sd");
    assertRel(RiskFixtures.num(m, "skewness"), sm.skewness(), REL, "skewness");
    assertRel(RiskFixtures.num(m, "excess_kurtosis"), sm.excessKurtosis(), REL, "kurtosis");
    List<Map<String, Object>> measures = RiskFixtures.list(fx, "measures");
    assertEquals(6, measures.size());
    for (Map<String, Object> e : measures) {
      String method = (String) e.get("method");
      double c = RiskFixtures.num(e, "confidence");
      RiskEstimate est =
          switch (method) {
            case "historical" -> HistoricalRisk.estimate(x, c);
            case "gaussian" -> ParametricRisk.gaussian(x, c);
            case "cornish_fisher" -> CornishFisherRisk.estimate(x, c);
            default -> throw new AssertionError("unknown method " + method);
          };
      String what = method + "@" + c;
      assertRel(RiskFixtures.num(e, "var"), est.var(), REL, what + " VaR");
      assertRel(RiskFixtures.num(e, "cvar"), est.cvar(), REL, what + " CVaR");
      assertTrue(est.var() > 0.0, what);
    }
  }

  /**
   * Close-to-close simple returns of a one-minute bar file (ms, open, high, low, close, volume).
   */
  static double[] closeToCloseReturns(String relative) throws IOException {
    List<Double> closes = new ArrayList<>();
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(SharedData.file(relative)))) {
      ZipEntry entry = zip.getNextEntry();
      assertTrue(entry != null, "empty archive " + relative);
      BufferedReader r = new BufferedReader(new InputStreamReader(zip, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isBlank()) {
          closes.add(Double.parseDouble(line.split(",")[4]));
        }
      }
    }
    double[] out = new double[closes.size() - 1];
    for (int i = 0; i < out.length; i++) {
      out[i] = closes.get(i + 1) / closes.get(i) - 1.0;
    }
    return out;
  }
}
