package com.marketmaker.core.portfolio.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.junit.jupiter.api.Test;

/**
 * The cross-impact a plan is costed with: bars generated from a known &Lambda; (returns = &Lambda;
 * · signed flow + noise) give that &Lambda; back within its standard errors; bars without flow,
 * without enough history, or whose flow does not move prices fall back on the proxy and say why.
 */
class ImpactChoiceTest {

  /** Return per US dollar of signed flow: own impact 2e-8 and 3e-8, cross-impact 0↔1 of 1e-8. */
  static final double[][] TRUE_LAMBDA = {
    {2e-8, 1e-8, 0},
    {1e-8, 3e-8, 0},
    {0, 0, 2e-8},
  };

  static final double[][] PROXY = {
    {5e-9, 0, 0},
    {0, 5e-9, 0},
    {0, 0, 5e-9},
  };

  /** Closes [i][t] and flows [i][t] (quote currency, usdPerQuote applied by the caller). */
  record Bars(double[][] closes, double[][] flows) {}

  static Bars generate(int bars, double[][] lambda, double noise, long seed) {
    Random rnd = new Random(seed);
    int k = lambda.length;
    double[][] closes = new double[k][bars + 1];
    double[][] flows = new double[k][bars + 1];
    double[] log = {Math.log(100), Math.log(2000), Math.log(50)};
    for (int i = 0; i < k; i++) {
      closes[i][0] = Math.exp(log[i]);
    }
    for (int t = 1; t <= bars; t++) {
      double[] q = new double[k];
      for (int j = 0; j < k; j++) {
        q[j] = 50_000 * rnd.nextGaussian();
        flows[j][t] = q[j];
      }
      for (int i = 0; i < k; i++) {
        double r = noise * rnd.nextGaussian();
        for (int j = 0; j < k; j++) {
          r += lambda[i][j] * q[j];
        }
        log[i] += r;
        closes[i][t] = Math.exp(log[i]);
      }
    }
    return new Bars(closes, flows);
  }

  static final double[] DOLLARS = {1, 1, 1};

  @Test
  void barsGeneratedFromAKnownImpactGiveItBack() {
    Bars b = generate(600, TRUE_LAMBDA, 1e-4, 11);
    ImpactChoice.Choice c = ImpactChoice.choose(b.closes(), b.flows(), DOLLARS, PROXY, 60);
    assertTrue(c.estimated(), c.source());
    assertEquals(600, c.bars());
    // The true matrix is symmetric and positive definite: the projection leaves the estimate's
    // symmetric part, which is within a few standard errors of it (SE = noise / (sqrt(T) sd(q))).
    double se = 1e-4 / (Math.sqrt(600) * 50_000);
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        assertEquals(TRUE_LAMBDA[i][j], c.model().lambda(i, j), 5 * se, "lambda " + i + j);
      }
    }
    // The same flows in another quote currency worth half a dollar a unit: the flows in US dollars
    // are half, so the impact per US dollar doubles.
    ImpactChoice.Choice halved =
        ImpactChoice.choose(b.closes(), b.flows(), new double[] {0.5, 0.5, 0.5}, PROXY, 60);
    assertEquals(2 * c.model().lambda(0, 1), halved.model().lambda(0, 1), 1e-6 * se);
  }

  @Test
  void theEstimateIsMadeSymmetricAndPositiveSemiDefinite() {
    // An estimate whose symmetric part has a negative eigenvalue (cross larger than own impacts).
    double[][] m = {{1e-8, 3e-8}, {2e-8, 1e-8}};
    double[][] p = ImpactChoice.positiveSemiDefinite(m);
    assertEquals(p[0][1], p[1][0], 1e-24);
    double[] values = new EigenDecompositionSymmetric(new Array2DRowRealMatrix(p)).getEigenvalues();
    for (double v : values) {
      assertTrue(v > -1e-20, "eigenvalue " + v);
    }
    // Symmetric part [[1, 2.5], [2.5, 1]]e-8 has eigenvalues 3.5e-8 (along (1,1)) and -1.5e-8:
    // only the first is kept, 3.5e-8 * (1,1)(1,1)^T / 2.
    assertEquals(1.75e-8, p[0][0], 1e-20);
    assertEquals(1.75e-8, p[0][1], 1e-20);
    // No trade is costed as a gain.
    CrossImpactModel model = CrossImpactModel.of(p);
    assertTrue(model.executionCost(new double[] {1_000, -1_000}) >= -1e-15);
  }

  @Test
  void withoutEnoughBarsOrFlowOrImpactTheProxyIsUsedAndTheChoiceSaysWhy() {
    Bars few = generate(40, TRUE_LAMBDA, 1e-4, 12);
    ImpactChoice.Choice a = ImpactChoice.choose(few.closes(), few.flows(), DOLLARS, PROXY, 60);
    assertFalse(a.estimated());
    assertTrue(a.source().contains("fewer than 60 bars"), a.source());
    assertEquals(PROXY[1][1], a.model().lambda(1, 1));

    Bars idle = generate(600, TRUE_LAMBDA, 1e-4, 13);
    java.util.Arrays.fill(idle.flows()[2], 0); // no public trade of instrument 2 was seen
    ImpactChoice.Choice b = ImpactChoice.choose(idle.closes(), idle.flows(), DOLLARS, PROXY, 60);
    assertFalse(b.estimated());
    assertTrue(b.source().contains("no public flow recorded for instrument 2"), b.source());

    // Prices that do not respond to the flow: the own impact is not significant.
    Bars deaf = generate(600, new double[3][3], 1e-4, 14);
    ImpactChoice.Choice c = ImpactChoice.choose(deaf.closes(), deaf.flows(), DOLLARS, PROXY, 60);
    assertFalse(c.estimated(), c.source());
    assertTrue(c.source().contains("not significant"), c.source());
  }
}
