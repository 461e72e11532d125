package com.marketmaker.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.marketmaker.core.portfolio.cointegration.EngleGranger;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code quant coint} against {@link EngleGranger} run directly. */
class CointCommandTest {

  @TempDir static Path dir;
  static double[] x1;
  static double[] x2;
  static double[] y;
  static String file;

  @BeforeAll
  static void data() {
    Random random = new Random(5);
    int n = 500;
    x1 = Cli.randomWalk(random, n);
    x2 = Cli.randomWalk(random, n);
    double[] noise = Cli.ar1(random, n, 0.7);
    y = new double[n];
    for (int t = 0; t < n; t++) {
      y[t] = 3 + 1.5 * x1[t] - 0.5 * x2[t] + noise[t];
    }
    file = Cli.write(dir, "basket.csv", new String[] {"y", "x1", "x2"}, y, x1, x2);
  }

  static void assertSame(EngleGranger.Result want, JsonNode got) {
    assertEquals(want.statistic(), got.get("coint_t").asDouble(), "coint_t");
    assertEquals(want.pValue(), got.get("pvalue").asDouble(), "pvalue");
    assertEquals(want.criticalValues()[0], got.at("/crit_value/1%").asDouble());
    assertEquals(want.criticalValues()[1], got.at("/crit_value/5%").asDouble());
    assertEquals(want.criticalValues()[2], got.at("/crit_value/10%").asDouble());
    assertEquals(want.usedLag(), got.get("usedlag").asInt());
    assertEquals(want.intercept(), got.get("intercept").asDouble());
    double[] reversion = EngleGranger.meanReversion(want.spread());
    assertEquals(reversion[0], got.get("reversion_beta").asDouble());
    assertEquals(reversion[1], got.get("reversion_beta_se").asDouble());
    assertEquals(EngleGranger.halfLife(want.spread()), got.get("half_life").asDouble());
  }

  @Test
  void aPair() {
    JsonNode got = Cli.run("coint", "--columns", "y,x1", file).json();
    EngleGranger.Result want = EngleGranger.test(y, x1);
    assertSame(want, got);
    assertEquals("y", got.get("y").asText());
    assertEquals("x1", got.get("x").get(0).asText());
    assertEquals(want.hedgeRatios()[0], got.at("/hedge_ratios/x1").asDouble());
    assertEquals(500, got.get("nobs").asInt());
    assertEquals(EngleGranger.zScore(want.spread(), 500), got.get("zscore").asDouble());
    assertTrue(got.get("spread") == null, "no spread unless asked");
  }

  @Test
  void aBasketWithAWindowAndTheSpread() {
    JsonNode got = Cli.run("coint", "--zscore-window", "60", "--spread", file).json();
    EngleGranger.Result want = EngleGranger.test(y, new double[][] {x1, x2});
    assertSame(want, got);
    assertEquals(want.hedgeRatios()[0], got.at("/hedge_ratios/x1").asDouble());
    assertEquals(want.hedgeRatios()[1], got.at("/hedge_ratios/x2").asDouble());
    assertEquals(1.5, want.hedgeRatios()[0], 0.05, "the basket's weight is recovered");
    assertEquals(EngleGranger.zScore(want.spread(), 60), got.get("zscore").asDouble());
    assertEquals(60, got.get("zscore_window").asInt());
    assertArrayEquals(want.spread(), Cli.doubles(got.get("spread")));
    assertTrue(got.get("pvalue").asDouble() < 0.01, "cointegrated by construction");
  }

  @Test
  void aliasesNameTheSeries() {
    JsonNode got = Cli.run("coint", "--columns", "basket=y,first=x1", file).json();
    assertEquals("basket", got.get("y").asText());
    assertEquals(
        EngleGranger.test(y, x1).hedgeRatios()[0], got.at("/hedge_ratios/first").asDouble());
  }

  @Test
  void oneColumnOrABadWindowIsRefused() {
    assertTrue(Cli.run("coint", "--columns", "y", file).refused().err().contains("2 to 6 columns"));
    assertTrue(
        Cli.run("coint", "--columns", "y,x1", "--zscore-window", "1", file)
            .refused()
            .err()
            .contains("--zscore-window 1: must be in 2..500"));
  }
}
