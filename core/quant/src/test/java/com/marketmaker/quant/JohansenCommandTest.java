package com.marketmaker.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.marketmaker.core.portfolio.cointegration.Johansen;
import com.marketmaker.core.portfolio.cointegration.JohansenResult;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code quant johansen} against {@link Johansen} run directly. */
class JohansenCommandTest {

  @TempDir static Path dir;
  static double[][] rows;
  static String file;

  @BeforeAll
  static void data() {
    Random random = new Random(23);
    int n = 300;
    double[] a = Cli.randomWalk(random, n);
    double[] c = Cli.randomWalk(random, n);
    double[] noise = Cli.ar1(random, n, 0.5);
    double[] b = new double[n];
    rows = new double[n][];
    for (int t = 0; t < n; t++) {
      b[t] = 2 * a[t] + noise[t];
      rows[t] = new double[] {a[t], b[t], c[t]};
    }
    file = Cli.write(dir, "three.csv", new String[] {"a", "b", "c"}, a, b, c);
  }

  static void assertSame(JohansenResult want, JsonNode got) {
    int k = want.k();
    assertEquals(want.detOrder(), got.get("det_order").asInt());
    assertEquals(want.lags(), got.get("k_ar_diff").asInt());
    assertEquals(want.nobs(), got.get("nobs").asInt());
    assertArrayEquals(want.eigenvalues(), Cli.doubles(got.get("eig")));
    assertArrayEquals(want.traceStatistics(), Cli.doubles(got.get("trace_stat")));
    assertArrayEquals(want.maxEigenStatistics(), Cli.doubles(got.get("max_eig_stat")));
    for (int r = 0; r < k; r++) {
      assertArrayEquals(
          want.traceCriticalValues()[r], Cli.doubles(got.get("trace_stat_crit_vals").get(r)));
      assertArrayEquals(
          want.maxEigenCriticalValues()[r], Cli.doubles(got.get("max_eig_stat_crit_vals").get(r)));
      for (int i = 0; i < k; i++) {
        assertEquals(
            want.eigenvectors()[r][i],
            got.get("evec").get(i).get(r).asDouble(),
            "evec row i (series), column r (vector)");
      }
    }
  }

  @Test
  void everyDeterministicCaseAndLag() {
    for (int detOrder = -1; detOrder <= 1; detOrder++) {
      for (int lags = 0; lags <= 2; lags++) {
        JsonNode got =
            Cli.run(
                    "johansen",
                    "--det-order",
                    String.valueOf(detOrder),
                    "--k-ar-diff",
                    String.valueOf(lags),
                    file)
                .json();
        assertSame(Johansen.test(rows, detOrder, lags), got);
      }
    }
  }

  @Test
  void theRankAtEachLevel() {
    JohansenResult want = Johansen.test(rows, 0, 1);
    assertEquals(1, want.traceRank(1), "one cointegrating relation by construction");
    String[] levels = {"90", "95", "99"};
    for (int i = 0; i < levels.length; i++) {
      JsonNode got = Cli.run("johansen", "--level", levels[i], file).json();
      assertSame(want, got);
      assertEquals(Integer.parseInt(levels[i]), got.at("/rank/level").asInt());
      assertEquals(want.traceRank(i), got.at("/rank/trace").asInt());
      assertEquals(want.maxEigenRank(i), got.at("/rank/max_eig").asInt());
    }
    JsonNode got = Cli.run("johansen", "--columns", "b,a", file).json();
    assertEquals("b", got.get("columns").get(0).asText());
    assertEquals(2, got.get("eig").size());
  }

  @Test
  void badSettingsAreRefused() {
    assertTrue(Cli.run("johansen", "--level", "80", file).refused().err().contains("90, 95 or 99"));
    assertTrue(
        Cli.run("johansen", "--det-order", "2", file).refused().err().contains("-1, 0 or 1"));
    String few = Cli.write(dir, "few.csv", "a,b\n1,2\n2,3\n3,5\n4,4\n");
    assertTrue(Cli.run("johansen", few).refused().err().contains("too few"));
  }
}
