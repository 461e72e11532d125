package com.marketmaker.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.marketmaker.core.portfolio.risk.CornishFisherRisk;
import com.marketmaker.core.portfolio.risk.HistoricalRisk;
import com.marketmaker.core.portfolio.risk.MonteCarloRisk;
import com.marketmaker.core.portfolio.risk.ParametricRisk;
import com.marketmaker.core.portfolio.risk.RiskEstimate;
import com.marketmaker.core.portfolio.risk.SampleMoments;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code quant var} and {@code quant cvar} against the risk classes run directly. */
class RiskCommandTest {

  @TempDir static Path dir;
  static double[] pnl;
  static double[] r1;
  static double[] r2;
  static String pnlFile;
  static String returnsFile;

  @BeforeAll
  static void data() {
    Random random = new Random(17);
    int n = 750;
    pnl = new double[n];
    r1 = new double[n];
    r2 = new double[n];
    for (int t = 0; t < n; t++) {
      double shock = random.nextDouble() < 0.05 ? -4 : 0;
      pnl[t] = 10 * random.nextGaussian() + 2 + 10 * shock;
      r1[t] = 0.01 * random.nextGaussian();
      r2[t] = 0.5 * r1[t] + 0.02 * random.nextGaussian() + 0.01 * shock;
    }
    pnlFile = Cli.write(dir, "pnl.csv", new String[] {"pnl"}, pnl);
    returnsFile = Cli.write(dir, "returns.csv", new String[] {"btc", "eth"}, r1, r2);
  }

  /** The Monte Carlo model of the columns as the command builds it: sample mean, covariance. */
  static MonteCarloRisk model(double[] w, double[]... x) {
    int d = x.length;
    int n = x[0].length;
    double[] mean = new double[d];
    for (int i = 0; i < d; i++) {
      for (double v : x[i]) {
        mean[i] += v;
      }
      mean[i] /= n;
    }
    double[][] cov = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        double s = 0;
        for (int t = 0; t < n; t++) {
          s += (x[i][t] - mean[i]) * (x[j][t] - mean[j]);
        }
        cov[i][j] = s / (n - 1);
      }
    }
    return new MonteCarloRisk(w, mean, cov);
  }

  static void assertEstimate(RiskEstimate want, JsonNode got, String label) {
    double scale = Math.max(Math.abs(want.var()), 1e-12);
    assertEquals(want.confidence(), got.get("confidence").asDouble(), label);
    assertEquals(want.var(), got.get("var").asDouble(), 1e-12 * scale, label + " var");
    assertEquals(want.cvar(), got.get("cvar").asDouble(), 1e-12 * scale, label + " cvar");
  }

  /** Checks every method at every confidence of {@code got} against the direct figures. */
  static void assertAll(double[] portfolio, MonteCarloRisk mc, JsonNode got, int scenarios) {
    long seed = got.at("/monte_carlo/seed").asLong();
    double nu = got.at("/monte_carlo/nu").asDouble();
    for (JsonNode row : got.get("estimates")) {
      double c = row.get("confidence").asDouble();
      String method = row.get("method").asText();
      RiskEstimate want =
          switch (method) {
            case "historical" -> HistoricalRisk.estimate(portfolio, c);
            case "gaussian" -> ParametricRisk.gaussian(portfolio, c);
            case "cornish-fisher" -> CornishFisherRisk.estimate(portfolio, c);
            case "monte-carlo-normal" -> mc.normal(scenarios, seed, c);
            case "monte-carlo-t" -> mc.studentT(scenarios, nu, seed, c);
            default -> throw new AssertionError(method);
          };
      assertEstimate(want, row, method + " " + c);
    }
  }

  @Test
  void aPnlColumnByEveryMethod() {
    JsonNode got = Cli.run("var", "--scenarios", "20000", "--seed", "7", pnlFile).json();
    assertEquals(10, got.get("estimates").size(), "5 methods x 2 confidence levels");
    assertEquals(0.95, got.at("/estimates/0/confidence").asDouble());
    assertEquals("historical", got.at("/estimates/0/method").asText());
    assertEquals(0.99, got.at("/estimates/9/confidence").asDouble());
    assertEquals("monte-carlo-t", got.at("/estimates/9/method").asText());
    assertAll(pnl, model(new double[] {1}, pnl), got, 20000);
    SampleMoments m = SampleMoments.of(pnl);
    assertEquals(m.mean(), got.at("/moments/mean").asDouble());
    assertEquals(m.sd(), got.at("/moments/sd").asDouble());
    assertEquals(m.skewness(), got.at("/moments/skewness").asDouble());
    assertEquals(m.excessKurtosis(), got.at("/moments/excess_kurtosis").asDouble());
    assertEquals(750, got.get("nobs").asInt());
    assertEquals("pnl", got.get("kind").asText());
  }

  @Test
  void varAndCvarPrintTheSameFigures() {
    String[] rest = {"--scenarios", "5000", "--confidence", "0.9,0.975", pnlFile};
    String[] var = new String[rest.length + 1];
    String[] cvar = new String[rest.length + 1];
    var[0] = "var";
    cvar[0] = "cvar";
    System.arraycopy(rest, 0, var, 1, rest.length);
    System.arraycopy(rest, 0, cvar, 1, rest.length);
    assertEquals(Cli.run(var).json(), Cli.run(cvar).json());
  }

  @Test
  void positionsInTwoReturnColumns() {
    double[] w = {2.0, -30.0};
    double[] portfolio = new double[r1.length];
    for (int t = 0; t < portfolio.length; t++) {
      portfolio[t] += w[0] * r1[t];
      portfolio[t] += w[1] * r2[t];
    }
    JsonNode got =
        Cli.run(
                "cvar",
                "--kind",
                "returns",
                "--positions",
                "2,-30",
                "--confidence",
                "0.99",
                "--scenarios",
                "10000",
                "--nu",
                "4",
                returnsFile)
            .json();
    assertEquals(5, got.get("estimates").size());
    assertEquals(4.0, got.at("/monte_carlo/nu").asDouble());
    assertAll(portfolio, model(w, r1, r2), got, 10000);
    assertEquals(-30.0, got.get("positions").get(1).asDouble());
  }

  @Test
  void pricesBecomeSimpleReturns() {
    double[] prices = new double[r1.length + 1];
    prices[0] = 100;
    for (int t = 0; t < r1.length; t++) {
      prices[t + 1] = prices[t] * (1 + r1[t]);
    }
    double[] returns = new double[r1.length];
    for (int t = 0; t < returns.length; t++) {
      returns[t] = prices[t + 1] / prices[t] - 1;
    }
    String file = Cli.write(dir, "prices.csv", new String[] {"close"}, prices);
    JsonNode got =
        Cli.run(
                "var",
                "--kind",
                "prices",
                "--positions",
                "1000",
                "--methods",
                "gaussian,historical",
                file)
            .json();
    double[] pnl = new double[returns.length];
    for (int t = 0; t < pnl.length; t++) {
      pnl[t] = 1000 * returns[t];
    }
    assertEquals("gaussian", got.at("/estimates/0/method").asText(), "in the order asked");
    assertTrue(got.get("monte_carlo") == null, "no Monte Carlo settings without the methods");
    assertAll(pnl, null, got, 0);
    assertEquals(r1.length, got.get("nobs").asInt());
  }

  @Test
  void theSeedDrivesTheMonteCarlo() {
    String[] base = {"var", "--methods", "monte-carlo-normal", "--scenarios", "2000", pnlFile};
    JsonNode one = Cli.run(base).json();
    String[] seeded = {
      "var", "--methods", "monte-carlo-normal", "--scenarios", "2000", "--seed", "2", pnlFile
    };
    assertEquals(one, Cli.run(base).json());
    assertNotEquals(one, Cli.run(seeded).json());
  }

  @Test
  void badSettingsAreRefused() {
    assertTrue(
        Cli.run("var", "--kind", "returns", returnsFile)
            .refused()
            .err()
            .contains("--positions: 2 columns of returns need one position each (btc, eth)"));
    assertTrue(
        Cli.run("var", "--positions", "1,2,3", returnsFile)
            .refused()
            .err()
            .contains("3 given for 2 columns"));
    assertTrue(
        Cli.run("var", "--confidence", "0.95,1", pnlFile).refused().err().contains("--confidence"));
    assertTrue(Cli.run("cvar", "--nu", "2", pnlFile).refused().err().contains("--nu"));
    String flat = Cli.write(dir, "flat.csv", "a,b\n1,2\n1,2\n1,2\n");
    assertTrue(Cli.run("var", flat).refused().err().contains("positive definite"));
    String zero = Cli.write(dir, "zero.csv", "p\n10\n0\n5\n");
    assertTrue(
        Cli.run("var", "--kind", "prices", zero).refused().err().contains("must be positive"));
  }
}
