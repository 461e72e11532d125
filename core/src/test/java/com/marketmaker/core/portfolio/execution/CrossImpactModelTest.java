package com.marketmaker.core.portfolio.execution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.testdata.JsonFixtures;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Estimation and cost arithmetic of {@link CrossImpactModel}. */
class CrossImpactModelTest {

  private static final double REL = 1e-9;

  @SuppressWarnings("unchecked")
  private static Map<String, Object> fixture(String name) throws IOException {
    return (Map<String, Object>)
        JsonFixtures.resource("/fixtures/execution/cross_impact.json").get(name);
  }

  @SuppressWarnings("unchecked")
  private static void checkFits(String name) throws IOException {
    Map<String, Object> f = fixture(name);
    double[][] returns = JsonFixtures.matrix(f.get("returns"));
    double[][] flows = JsonFixtures.matrix(f.get("flows"));
    for (Map<String, Object> fit : (List<Map<String, Object>>) f.get("fits")) {
      boolean intercept = (Boolean) fit.get("intercept");
      CrossImpactModel model = CrossImpactModel.estimate(returns, flows, intercept);
      double[][] lambda = JsonFixtures.matrix(fit.get("lambda"));
      double[][] se = JsonFixtures.matrix(fit.get("standardErrors"));
      double[] consts = JsonFixtures.doubles(fit.get("intercepts"));
      String at = name + (intercept ? " with constant" : " without constant");
      assertEquals(returns.length, model.observations());
      for (int i = 0; i < lambda.length; i++) {
        for (int j = 0; j < lambda.length; j++) {
          assertRel(lambda[i][j], model.lambda(i, j), at + " lambda " + i + j);
          assertRel(se[i][j], model.standardError(i, j), at + " se " + i + j);
        }
        // constants are of the order of the noise / sqrt(T); compare against the return scale
        assertEquals(consts[i], model.intercepts()[i], 1e-12, at + " constant " + i);
      }
    }
  }

  private static void assertRel(double expected, double actual, String what) {
    assertEquals(expected, actual, REL * Math.abs(expected), what);
  }

  @Test
  void generatedBarsAgreeWithNumpyLeastSquares() throws IOException {
    checkFits("generated");
  }

  /** 5-second bars of Binance BTCUSDT and ETHUSDT spot trades and quotes (see the script). */
  @Test
  void binanceBarsAgreeWithNumpyLeastSquares() throws IOException {
    checkFits("binance");
  }

  /**
   * Synthetic bars from a known Lambda with cross terms: every entry is recovered within four of
   * its classical standard errors (exact Gaussian regression, so a 4-sigma miss has probability
   * 6e-5 per entry), and those standard errors are small against the entries.
   */
  @Test
  void recoversAKnownMatrix() {
    double[][] truth = {{3e-8, 1e-8, 0.0}, {1.2e-8, 4e-8, -5e-9}, {2e-9, 6e-9, 6e-8}};
    double[] scale = {20_000, 10_000, 5_000};
    Random rnd = new Random(20260921L);
    int bars = 4000;
    double[][] q = new double[bars][3];
    double[][] r = new double[bars][3];
    for (int t = 0; t < bars; t++) {
      double common = rnd.nextGaussian();
      for (int j = 0; j < 3; j++) {
        q[t][j] = scale[j] * (0.6 * common + 0.8 * rnd.nextGaussian());
      }
      for (int i = 0; i < 3; i++) {
        double s = 1e-5 * i;
        for (int j = 0; j < 3; j++) {
          s += truth[i][j] * q[t][j];
        }
        r[t][i] = s + 2e-4 * rnd.nextGaussian();
      }
    }
    CrossImpactModel model = CrossImpactModel.estimate(r, q, true);
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        double se = model.standardError(i, j);
        assertTrue(se < 1.5e-9, "se " + i + j + " = " + se);
        assertEquals(truth[i][j], model.lambda(i, j), 4 * se, "lambda " + i + j);
      }
      assertTrue(model.rSquared(i) > 0.5);
    }
  }

  @Test
  void impactAndCostByHand() {
    CrossImpactModel m = CrossImpactModel.of(new double[][] {{2e-8, 1e-8}, {0.5e-8, 3e-8}});
    double[] q = {1e4, -2e4};
    // Lambda q = (2e-4 - 2e-4, 0.5e-4 - 6e-4) = (0, -5.5e-4)
    double[] impact = m.priceImpact(q);
    assertEquals(0.0, impact[0], 1e-18);
    assertEquals(-5.5e-4, impact[1], 1e-18);
    // (1/2) q' Lambda q = (1/2) (1e4 * 0 + (-2e4)(-5.5e-4)) = 5.5
    assertEquals(5.5, m.executionCost(q), 1e-12);
    assertEquals(2, m.instruments());
    assertEquals(0, m.observations());
    assertTrue(Double.isNaN(m.standardError(0, 1)));
    assertArrayEquals(new double[2], m.intercepts());
    double[][] copy = m.lambda();
    copy[0][0] = 1.0;
    assertEquals(2e-8, m.lambda(0, 0), "immutable");
  }

  @Test
  void rejectsInvalidInput() {
    assertThrows(
        IllegalArgumentException.class, () -> CrossImpactModel.of(new double[][] {{1, 2}}));
    assertThrows(
        IllegalArgumentException.class, () -> CrossImpactModel.of(new double[][] {{Double.NaN}}));
    double[][] r = {{0.1, 0.2}, {0.3, 0.1}, {0.0, 0.2}};
    double[][] q = {{1, 2}, {3, 1}, {2, 2}};
    assertThrows(IllegalArgumentException.class, () -> CrossImpactModel.estimate(r, q, true));
    assertThrows(
        IllegalArgumentException.class,
        () -> CrossImpactModel.estimate(r, new double[2][2], false));
    double[][] ten = new double[10][2];
    double[][] collinear = new double[10][2];
    for (int t = 0; t < 10; t++) {
      ten[t][0] = t % 3;
      ten[t][1] = t % 2;
      collinear[t][0] = t;
      collinear[t][1] = 2.0 * t;
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> CrossImpactModel.estimate(ten, collinear, false));
    assertTrue(e.getMessage().contains("collinear"), e.getMessage());
    CrossImpactModel m = CrossImpactModel.of(new double[][] {{1e-8}});
    assertThrows(IllegalArgumentException.class, () -> m.priceImpact(new double[2]));
  }
}
