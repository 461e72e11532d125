package com.marketmaker.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The one-minute Coinbase bars of 2017-09-03 (shared market data, read in place from their zip
 * archives, which have no header row) through the command line, against the statsmodels and scipy
 * figures that core's fixtures hold for the same closes.
 */
class SharedBarsTest {

  static final String[] TRADE_HEADER = {"--header", "ms,open,high,low,close,volume"};
  static String btc;
  static String eth;

  @BeforeAll
  static void files() {
    btc = Fixtures.shared("bars/btcusd_20170903_trade.zip").toString();
    eth = Fixtures.shared("bars/ethusd_20170903_trade.zip").toString();
  }

  static String[] args(String... more) {
    String[] out = new String[more.length + 2];
    System.arraycopy(more, 0, out, 0, 1);
    System.arraycopy(TRADE_HEADER, 0, out, 1, 2);
    System.arraycopy(more, 1, out, 3, more.length - 1);
    return out;
  }

  static void assertRel(double want, JsonNode got, double rel, String label) {
    assertEquals(want, got.asDouble(), rel * Math.abs(want), label);
  }

  static void assertCritical(JsonNode want, JsonNode got, String label) {
    String[] keys = {"1%", "5%", "10%"};
    for (int i = 0; i < 3; i++) {
      assertEquals(want.get(i).asDouble(), got.get(keys[i]).asDouble(), 1e-4, label + keys[i]);
    }
  }

  @Test
  void ethOnBtcCointegrationAsStatsmodels() {
    JsonNode want = Fixtures.core("cointegration/real.json").get("ethOnBtc");
    JsonNode got =
        Cli.run(args("coint", "--join", "ms", "--columns", "eth=1:close,btc=2:close", eth, btc))
            .json();
    assertEquals(1440, got.get("nobs").asInt());
    assertRel(want.get("statistic").asDouble(), got.get("coint_t"), 1e-6, "coint_t");
    assertEquals(want.get("pValue").asDouble(), got.get("pvalue").asDouble(), 1e-4, "pvalue");
    assertCritical(want.get("criticalValues"), got.get("crit_value"), "crit_value ");
    assertRel(want.get("hedgeRatios").get(0).asDouble(), got.at("/hedge_ratios/btc"), 1e-6, "b");
    assertRel(want.get("intercept").asDouble(), got.get("intercept"), 1e-6, "intercept");
    assertRel(want.get("reversionBeta").asDouble(), got.get("reversion_beta"), 1e-6, "beta");
    assertRel(want.get("halfLife").asDouble(), got.get("half_life"), 1e-6, "half-life");
  }

  @Test
  void btcUnitRootTestsAsStatsmodels() {
    for (JsonNode want : Fixtures.core("cointegration/real.json").get("btcAdf")) {
      String terms = want.get("terms").asText();
      boolean auto = want.has("icBest");
      JsonNode got =
          auto
              ? Cli.run(args("adf", "--columns", "close", "--regression", terms, btc)).json()
              : Cli.run(
                      args(
                          "adf",
                          "--columns",
                          "close",
                          "--regression",
                          terms,
                          "--autolag",
                          "none",
                          "--maxlag",
                          want.get("usedLag").asText(),
                          btc))
                  .json();
      String label = terms + (auto ? " AIC " : " fixed ");
      assertRel(want.get("statistic").asDouble(), got.get("statistic"), 1e-6, label + "statistic");
      assertEquals(want.get("pValue").asDouble(), got.get("pvalue").asDouble(), 1e-4, label);
      assertEquals(want.get("usedLag").asInt(), got.get("usedlag").asInt(), label + "usedlag");
      assertEquals(want.get("nobs").asInt(), got.get("nobs").asInt(), label + "nobs");
      assertCritical(want.get("criticalValues"), got.get("critical_values"), label);
      if (auto) {
        assertRel(want.get("icBest").asDouble(), got.get("icbest"), 1e-6, label + "icbest");
      }
    }
  }

  @Test
  void btcEthJohansenAsStatsmodels() {
    for (JsonNode want : Fixtures.core("johansen/real.json").get("cases")) {
      JsonNode got =
          Cli.run(
                  args(
                      "johansen",
                      "--join",
                      "ms",
                      "--columns",
                      "btc=1:close,eth=2:close",
                      "--det-order",
                      want.get("detOrder").asText(),
                      "--k-ar-diff",
                      want.get("kArDiff").asText(),
                      btc,
                      eth))
              .json();
      String label = "k_ar_diff " + want.get("kArDiff").asText() + " ";
      for (int r = 0; r < 2; r++) {
        assertRel(want.get("eigenvalues").get(r).asDouble(), got.get("eig").get(r), 1e-6, label);
        assertRel(
            want.get("traceStatistics").get(r).asDouble(),
            got.get("trace_stat").get(r),
            1e-6,
            label);
        assertRel(
            want.get("maxEigenStatistics").get(r).asDouble(),
            got.get("max_eig_stat").get(r),
            1e-6,
            label);
        for (int i = 0; i < 2; i++) {
          assertRel(
              want.get("eigenvectors").get(i).get(r).asDouble(),
              got.get("evec").get(i).get(r),
              1e-5,
              label + "evec");
        }
      }
    }
  }

  @Test
  void btcReturnRiskAsScipy() {
    JsonNode want = Fixtures.core("risk/btcusd_20170903.json");
    JsonNode got =
        Cli.run(
                args(
                    "cvar",
                    "--columns",
                    "close",
                    "--kind",
                    "prices",
                    "--methods",
                    "historical,gaussian,cornish-fisher",
                    btc))
            .json();
    assertEquals(want.get("n").asInt(), got.get("nobs").asInt());
    assertRel(want.at("/moments/sd").asDouble(), got.at("/moments/sd"), 1e-9, "sd");
    assertRel(want.at("/moments/skewness").asDouble(), got.at("/moments/skewness"), 1e-9, "skew");
    Iterator<JsonNode> rows = got.get("estimates").iterator();
    for (JsonNode measure : want.get("measures")) {
      JsonNode row = rows.next();
      String label = measure.get("method").asText() + " " + measure.get("confidence").asText();
      assertEquals(measure.get("method").asText().replace('_', '-'), row.get("method").asText());
      assertEquals(measure.get("confidence").asDouble(), row.get("confidence").asDouble());
      assertRel(measure.get("var").asDouble(), row.get("var"), 1e-9, label + " var");
      assertRel(measure.get("cvar").asDouble(), row.get("cvar"), 1e-9, label + " cvar");
    }
  }
}
