package com.marketmaker.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.marketmaker.core.portfolio.cointegration.AugmentedDickeyFuller;
import com.marketmaker.core.portfolio.cointegration.DeterministicTerms;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code quant adf} against {@link AugmentedDickeyFuller} run directly. */
class AdfCommandTest {

  @TempDir static Path dir;
  static double[] walk;
  static double[] ar;
  static String file;

  @BeforeAll
  static void data() {
    Random random = new Random(11);
    walk = Cli.randomWalk(random, 400);
    ar = Cli.ar1(random, 400, 0.6);
    file = Cli.write(dir, "series.csv", new String[] {"walk", "ar"}, walk, ar);
  }

  static void assertSame(AugmentedDickeyFuller.Result want, JsonNode got) {
    assertEquals(want.statistic(), got.get("statistic").asDouble(), "statistic");
    assertEquals(want.pValue(), got.get("pvalue").asDouble(), "pvalue");
    assertEquals(want.usedLag(), got.get("usedlag").asInt(), "usedlag");
    assertEquals(want.nobs(), got.get("nobs").asInt(), "nobs");
    JsonNode crit = got.get("critical_values");
    assertEquals(3, crit.size());
    assertEquals(want.criticalValues()[0], crit.get("1%").asDouble(), "1%");
    assertEquals(want.criticalValues()[1], crit.get("5%").asDouble(), "5%");
    assertEquals(want.criticalValues()[2], crit.get("10%").asDouble(), "10%");
    if (Double.isNaN(want.icBest())) {
      assertTrue(got.get("icbest").isNull(), "icbest null for a fixed lag");
    } else {
      assertEquals(want.icBest(), got.get("icbest").asDouble(), "icbest");
    }
  }

  @Test
  void defaultsAreAConstantAndTheLagByAic() {
    JsonNode got = Cli.run("adf", "--columns", "walk", file).json();
    assertSame(AugmentedDickeyFuller.test(walk), got);
    assertEquals("walk", got.get("column").asText());
    assertEquals("c", got.get("regression").asText());
    assertEquals("AIC", got.get("autolag").asText());
    assertEquals(
        AugmentedDickeyFuller.defaultMaxLag(400, DeterministicTerms.CONSTANT),
        got.get("maxlag").asInt());
  }

  @Test
  void everyDeterministicCase() {
    for (DeterministicTerms terms : DeterministicTerms.values()) {
      JsonNode got = Cli.run("adf", "--columns", "ar", "--regression", terms.code(), file).json();
      assertSame(AugmentedDickeyFuller.test(ar, terms), got);
      assertEquals(terms.code(), got.get("regression").asText());
    }
  }

  @Test
  void aFixedLag() {
    JsonNode got =
        Cli.run("adf", "--columns", "walk", "--autolag", "none", "--maxlag", "3", file).json();
    assertSame(AugmentedDickeyFuller.test(walk, DeterministicTerms.CONSTANT, 3, false), got);
    assertEquals(3, got.get("usedlag").asInt());
    assertTrue(got.get("autolag").isNull());
  }

  @Test
  void aSmallerMaxlagBoundsTheSearch() {
    JsonNode got =
        Cli.run("adf", "--columns", "ar", "--maxlag", "2", "--regression", "ct", file).json();
    assertSame(AugmentedDickeyFuller.test(ar, DeterministicTerms.CONSTANT_TREND, 2, true), got);
  }

  @Test
  void severalColumnsGiveAnArrayInTheirOrder() {
    JsonNode got = Cli.run("adf", "--columns", "ar,walk", file).json();
    assertTrue(got.isArray());
    assertEquals(2, got.size());
    assertEquals("ar", got.get(0).get("column").asText());
    assertSame(AugmentedDickeyFuller.test(ar), got.get(0));
    assertSame(AugmentedDickeyFuller.test(walk), got.get(1));
    JsonNode all = Cli.run("adf", file).json();
    assertEquals(got.get(1), all.get(0), "every column by default, in file order");
    assertEquals(got.get(0), all.get(1));
  }

  @Test
  void standardInputAndCompactOutput() {
    String text = Cli.csv(new String[] {"walk"}, walk);
    Cli.Run run = Cli.runWithInput(text, "adf", "--compact", "-");
    JsonNode got = run.json();
    assertSame(AugmentedDickeyFuller.test(walk), got);
    assertEquals(1, run.out().strip().lines().count(), "one line");
    assertTrue(Cli.run("adf", "--columns", "walk", file).out().lines().count() > 5, "indented");
  }

  @Test
  void aMaxlagBeyondTheSampleIsRefused() {
    Cli.Run run = Cli.run("adf", "--columns", "walk", "--maxlag", "300", file).refused();
    assertTrue(run.err().contains("--maxlag 300: must be in 0..198"), run.err());
  }
}
