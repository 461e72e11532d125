package com.marketmaker.core.portfolio.risk;

import static com.marketmaker.core.portfolio.risk.RiskFixtures.doubles;
import static com.marketmaker.core.portfolio.risk.RiskFixtures.num;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.marketmaker.core.testdata.JsonFixtures;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link DrawdownProbability} against an independent numpy Monte Carlo (a different generator and
 * the full multivariate simulation) written by {@code core/src/test/fixtures/drawdown/generate.py}:
 * agreement within four combined standard errors.
 */
class DrawdownProbabilityFixtureTest {

  private static final int PATHS = 10_000;
  private static final double Z = 4.0;

  @Test
  @SuppressWarnings("unchecked")
  void agreesWithTheNumpyMonteCarlo() throws IOException {
    Map<String, Object> doc = JsonFixtures.resource("/fixtures/drawdown/reference.json");
    List<Map<String, Object>> cases = (List<Map<String, Object>>) doc.get("cases");
    assertEquals(3, cases.size());
    for (Map<String, Object> c : cases) {
      check(c);
    }
  }

  private static void check(Map<String, Object> c) {
    String name = (String) c.get("name");
    DrawdownProbability dp =
        new DrawdownProbability(
            doubles(c, "positions"), doubles(c, "mean"), JsonFixtures.matrix(c.get("covariance")));
    int steps = (int) num(c, "steps");
    double threshold = num(c, "threshold");
    double d0 = num(c, "currentDrawdown");
    int refPaths = (int) num(c, "paths");
    Object nu = c.get("nu");
    long seed = 20260919L;
    DrawdownEstimate e =
        nu == null
            ? dp.normal(steps, threshold, d0, PATHS, seed)
            : dp.studentT(steps, (Double) nu, threshold, d0, PATHS, seed);
    double[] mdd =
        nu == null
            ? dp.maxDrawdownsNormal(steps, d0, PATHS, seed)
            : dp.maxDrawdownsStudentT(steps, (Double) nu, d0, PATHS, seed);

    double p = num(c, "probability");
    assertEquals(
        p, e.probability(), Z * Math.hypot(e.standardError(), num(c, "standardError")), name);
    double q = num(c, "runningMinimumProbability");
    double seQ = Math.sqrt(q * (1 - q) * (1.0 / PATHS + 1.0 / refPaths));
    assertEquals(q, e.runningMinimumProbability(), Z * seQ, name + " running minimum");
    assertEquals(
        num(c, "meanMaxDrawdown"),
        e.meanMaxDrawdown(),
        Z * Math.hypot(e.meanStandardError(), num(c, "meanStandardError")),
        name + " mean");
    // quantiles through the empirical distribution function: the share of our paths at or below
    // the reference quantile q_p estimates p, with variance about p (1 - p) (1/n1 + 1/n2)
    for (double level : new double[] {0.95, 0.99}) {
      double ref = num(c, level == 0.95 ? "quantile95" : "quantile99");
      int below = 0;
      for (double v : mdd) {
        if (v <= ref) {
          below++;
        }
      }
      double se = Math.sqrt(level * (1 - level) * (1.0 / PATHS + 1.0 / refPaths));
      assertEquals(level, (double) below / PATHS, Z * se, name + " quantile " + level);
    }
  }
}
