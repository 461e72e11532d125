package com.marketmaker.core.portfolio.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SinkhornTest {

  /** Agreement with the reference plans, per entry, relative to the total mass. */
  private static final double PLAN_TOLERANCE = 1e-6;

  /** Marginal tolerance per unit of mass used for the fixture solves. */
  private static final double MARGINAL_TOLERANCE = 1e-11;

  private static Sinkhorn solverFor(TransportFixture fx) {
    return new Sinkhorn(fx.epsilon(), MARGINAL_TOLERANCE * fx.totalMass(), 1_000_000);
  }

  private static double maxAbsDiff(double[][] x, double[][] y) {
    assertEquals(x.length, y.length);
    double max = 0.0;
    for (int i = 0; i < x.length; i++) {
      assertEquals(x[i].length, y[i].length);
      for (int j = 0; j < x[i].length; j++) {
        max = Math.max(max, Math.abs(x[i][j] - y[i][j]));
      }
    }
    return max;
  }

  private static void assertSolved(TransportFixture fx, SinkhornResult r, double[][] reference) {
    double mass = fx.totalMass();
    assertTrue(r.converged(), fx.name() + " did not converge");
    assertTrue(r.marginalError() < 1e-9 * mass, fx.name() + " marginals " + r.marginalError());
    double diff = maxAbsDiff(r.plan(), reference) / mass;
    assertTrue(diff < PLAN_TOLERANCE, fx.name() + " plan differs by " + diff);
    double cost = 0.0;
    double refCost = 0.0;
    for (int i = 0; i < fx.a().length; i++) {
      for (int j = 0; j < fx.b().length; j++) {
        cost += r.plan()[i][j] * fx.cost()[i][j];
        refCost += reference[i][j] * fx.cost()[i][j];
      }
    }
    assertEquals(cost, r.transportCost(), 1e-12 * Math.max(1.0, Math.abs(cost)));
    assertEquals(refCost, r.transportCost(), 1e-6 * Math.max(1.0, Math.abs(refCost)));
    // Strong duality: <P,C> - eps H(P) = <f,a> + <g,b> - eps * mass at the optimum.
    double dual = -fx.epsilon() * mass;
    for (int i = 0; i < fx.a().length; i++) {
      dual += fx.a()[i] == 0.0 ? 0.0 : r.f()[i] * fx.a()[i];
    }
    for (int j = 0; j < fx.b().length; j++) {
      dual += fx.b()[j] == 0.0 ? 0.0 : r.g()[j] * fx.b()[j];
    }
    assertEquals(dual, r.entropicObjective(), 1e-8 * Math.max(1.0, Math.abs(dual)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"small_3x4", "random_20x30"})
  void plainScalingMatchesPot(String name) {
    TransportFixture fx = TransportFixture.load(name);
    assertNotNull(fx.planSinkhorn());
    SinkhornResult r = solverFor(fx).solve(fx.a(), fx.b(), fx.cost());
    assertSolved(fx, r, fx.planSinkhorn());
    assertSolved(fx, r, fx.planSinkhornLog());
  }

  @ParameterizedTest
  @ValueSource(strings = {"small_3x4", "random_20x30", "small_eps_8x10"})
  void logDomainMatchesPot(String name) {
    TransportFixture fx = TransportFixture.load(name);
    SinkhornResult r = solverFor(fx).solveLog(fx.a(), fx.b(), fx.cost());
    assertSolved(fx, r, fx.planSinkhornLog());
    for (int i = 0; i < fx.a().length; i++) {
      for (int j = 0; j < fx.b().length; j++) {
        double p = Math.exp((r.f()[i] + r.g()[j] - fx.cost()[i][j]) / fx.epsilon());
        assertEquals(p, r.plan()[i][j], 1e-12 * fx.totalMass());
      }
    }
  }

  @Test
  void smallEpsilonUnderflowsPlainButNotLogDomain() {
    TransportFixture fx = TransportFixture.load("small_eps_8x10");
    assertNull(fx.planSinkhorn(), "reference plain scaling was expected to fail");
    Sinkhorn solver = solverFor(fx);
    ArithmeticException e =
        assertThrows(ArithmeticException.class, () -> solver.solve(fx.a(), fx.b(), fx.cost()));
    assertTrue(e.getMessage().contains("log-domain"));
    SinkhornResult r = solver.solveLog(fx.a(), fx.b(), fx.cost());
    assertTrue(r.converged());
    assertTrue(r.iterations() > 1);
  }

  @Test
  void costApproachesExactOptimalTransportAsEpsilonShrinks() {
    // a = (0.6, 0.4), b = (0.3, 0.7); plans [[t, 0.6-t], [0.3-t, 0.1+t]] have cost 2.2 - 3t,
    // t <= 0.3, so the optimum is t = 0.3: plan [[0.3, 0.3], [0, 0.4]], cost 1.3.
    double[] a = {0.6, 0.4};
    double[] b = {0.3, 0.7};
    double[][] c = {{1.0, 2.0}, {3.0, 1.0}};
    double previousGap = Double.POSITIVE_INFINITY;
    SinkhornResult last = null;
    for (double eps : new double[] {2.0, 1.0, 0.5, 0.3, 0.2, 0.1, 0.01, 0.001}) {
      last = new Sinkhorn(eps, 1e-12, 1_000_000).solveLog(a, b, c);
      assertTrue(last.converged());
      double gap = last.transportCost() - 1.3;
      assertTrue(gap > -1e-12, "entropic plan cannot beat the exact optimum");
      if (previousGap > 1e-10) {
        assertTrue(gap < previousGap, "gap did not shrink at eps " + eps);
      } else {
        assertTrue(gap < 1e-10, "gap grew again at eps " + eps);
      }
      previousGap = gap;
    }
    assertTrue(Math.abs(previousGap) < 1e-10, "gap " + previousGap);
    double[][] exact = {{0.3, 0.3}, {0.0, 0.4}};
    assertTrue(maxAbsDiff(last.plan(), exact) < 1e-6);
    // The plain method agrees where its kernel is representable.
    SinkhornResult plain = new Sinkhorn(0.01, 1e-12, 1_000_000).solve(a, b, c);
    SinkhornResult log = new Sinkhorn(0.01, 1e-12, 1_000_000).solveLog(a, b, c);
    assertTrue(maxAbsDiff(plain.plan(), log.plan()) < 1e-10);
  }

  @Test
  void zeroWeightsGiveEmptyRowsAndColumns() {
    double[] a = {0.5, 0.0, 0.5};
    double[] b = {0.25, 0.75, 0.0};
    double[][] c = {{0.0, 1.0, 2.0}, {1.0, 0.0, 1.0}, {2.0, 1.0, 0.0}};
    Sinkhorn s = new Sinkhorn(0.2, 1e-12, 100_000);
    SinkhornResult plain = s.solve(a, b, c);
    SinkhornResult log = s.solveLog(a, b, c);
    for (SinkhornResult r : new SinkhornResult[] {plain, log}) {
      assertTrue(r.converged());
      for (int k = 0; k < 3; k++) {
        assertEquals(0.0, r.plan()[1][k]);
        assertEquals(0.0, r.plan()[k][2]);
      }
    }
    assertTrue(maxAbsDiff(plain.plan(), log.plan()) < 1e-10);
  }

  @Test
  void iterationBudgetIsReported() {
    TransportFixture fx = TransportFixture.load("random_20x30");
    SinkhornResult r = new Sinkhorn(fx.epsilon(), 1e-14, 1).solve(fx.a(), fx.b(), fx.cost());
    assertEquals(1, r.iterations());
    assertFalse(r.converged());
    assertTrue(r.marginalError() > 1e-14);
  }

  @Test
  void rejectsInvalidParameters() {
    assertThrows(IllegalArgumentException.class, () -> new Sinkhorn(0.0));
    assertThrows(IllegalArgumentException.class, () -> new Sinkhorn(-1.0));
    assertThrows(IllegalArgumentException.class, () -> new Sinkhorn(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new Sinkhorn(Double.POSITIVE_INFINITY));
    assertThrows(IllegalArgumentException.class, () -> new Sinkhorn(1.0, 0.0, 10));
    assertThrows(IllegalArgumentException.class, () -> new Sinkhorn(1.0, 1e-9, 0));
  }

  @Test
  void rejectsInvalidInputs() {
    Sinkhorn s = new Sinkhorn(0.1);
    double[][] c = {{0.0, 1.0}, {1.0, 0.0}};
    double[] w = {0.5, 0.5};
    assertInvalid(s, new double[] {-0.1, 1.1}, w, c, "non-negative");
    assertInvalid(s, new double[] {Double.NaN, 0.5}, w, c, "finite");
    assertInvalid(s, w, new double[] {0.5, 0.6}, c, "masses differ");
    assertInvalid(s, new double[] {0.0, 0.0}, new double[] {0.0, 0.0}, c, "positive total");
    assertInvalid(s, new double[0], w, c, "non-empty");
    assertInvalid(s, w, w, new double[][] {{0.0, Double.NaN}, {1.0, 0.0}}, "not finite");
    assertInvalid(s, w, w, new double[][] {{0.0, 1.0}}, "rows");
    assertInvalid(s, w, w, new double[][] {{0.0, 1.0}, {1.0}}, "cost row 1");
    assertInvalid(s, w, w, null, "null");
    // Totals equal within the relative tolerance are accepted.
    s.solve(w, new double[] {0.5, 0.5 + 1e-12}, c);
  }

  private static void assertInvalid(
      Sinkhorn s, double[] a, double[] b, double[][] c, String messagePart) {
    for (boolean log : new boolean[] {false, true}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> {
                if (log) {
                  s.solveLog(a, b, c);
                } else {
                  s.solve(a, b, c);
                }
              });
      assertTrue(
          e.getMessage().contains(messagePart),
          () -> "message '" + e.getMessage() + "' lacks '" + messagePart + "'");
    }
  }
}
