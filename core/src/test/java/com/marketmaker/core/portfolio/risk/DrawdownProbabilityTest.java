package com.marketmaker.core.portfolio.risk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hipparchus.distribution.continuous.NormalDistribution;
import org.junit.jupiter.api.Test;

/** Closed-form and structural checks of {@link DrawdownProbability}. */
class DrawdownProbabilityTest {

  /**
   * Broadie, Glasserman &amp; Kou (1997), "A continuity correction for discrete barrier options",
   * Mathematical Finance 7(4), Theorem 1: monitoring a Brownian motion at m points of spacing
   * &Delta;t hits a barrier about as often as continuous monitoring hits the barrier shifted away
   * by &beta;&sigma;&radic;&Delta;t, &beta; = &minus;&zeta;(1/2)/&radic;(2&pi;) with &zeta;(1/2) =
   * &minus;1.4603545088095868.
   */
  private static final double BETA = 1.4603545088095868 / Math.sqrt(2.0 * Math.PI);

  private static final NormalDistribution PHI = new NormalDistribution(0.0, 1.0);

  /** One asset, unit position: a driftless walk of n steps with sigma = 1 over T = 1. */
  private static DrawdownProbability unitWalk(int steps, double sigma) {
    return new DrawdownProbability(
        new double[] {1.0}, new double[] {0.0}, new double[][] {{sigma * sigma / steps}});
  }

  /** Shared by the two closed-form tests: n = 500 steps of a unit walk over T = 1, D = 1. */
  private static final int WALK_STEPS = 500;

  private static final int WALK_PATHS = 20_000;

  private static DrawdownEstimate walk;

  private static synchronized DrawdownEstimate walkEstimate() {
    if (walk == null) {
      walk = unitWalk(WALK_STEPS, 1.0).normal(WALK_STEPS, 1.0, 0.0, WALK_PATHS, 1L);
    }
    return walk;
  }

  @Test
  void firstPassageOfTheRunningMinimumFollowsTheReflectionLaw() {
    double sigma = 1.0;
    double d = 1.0;
    DrawdownEstimate e = walkEstimate();
    double continuous = DrawdownProbability.driftlessFirstPassageProbability(d, sigma, 1.0);
    assertEquals(2.0 * PHI.cumulativeProbability(-1.0), continuous, 1e-15);
    double corrected = 2.0 * PHI.cumulativeProbability(-(d + BETA * sigma / Math.sqrt(WALK_STEPS)));
    double se = Math.sqrt(corrected * (1 - corrected) / WALK_PATHS);
    // the correction (0.013) is four standard errors: the walk must follow the corrected law
    assertTrue(continuous - corrected > 3.5 * se);
    assertEquals(corrected, e.runningMinimumProbability(), 4 * se);
    assertTrue(e.runningMinimumProbability() <= continuous + 4 * se);
    // the maximum drawdown dominates the fall from the start on every path
    assertTrue(e.probability() >= e.runningMinimumProbability());
    assertTrue(e.probability() >= corrected - 4 * se, "reflection lower bound");
  }

  /**
   * Magdon-Ismail, Atiya, Pratap &amp; Abu-Mostafa (2004), J. Appl. Prob. 41(1): for zero drift
   * E[MDD] = sqrt(pi/2) sigma sqrt(T). The walk samples the Brownian path at n points, so its MDD
   * is at most the continuous one; its peak and trough each lag the continuous extremes by about
   * beta sigma sqrt(dt) (the expected-maximum correction of Asmussen, Glynn &amp; Pitman 1995, Ann.
   * Appl. Prob. 5(4), with the same beta as above), so allow a shortfall of 2 beta sigma sqrt(dt)
   * (0.052 here) plus four standard errors.
   */
  @Test
  void expectedMaxDrawdownApproachesTheBrownianValue() {
    double sigma = 1.0;
    DrawdownEstimate e = walkEstimate();
    double exact = DrawdownProbability.driftlessExpectedMaxDrawdown(sigma, 1.0);
    assertEquals(1.2533141373155003, exact, 1e-15);
    double bias = 2 * BETA * sigma / Math.sqrt(WALK_STEPS);
    double se = e.meanStandardError();
    assertTrue(se > 0 && se < 0.01, "standard error " + se);
    assertTrue(e.meanMaxDrawdown() <= exact + 4 * se, "mean " + e.meanMaxDrawdown());
    assertTrue(e.meanMaxDrawdown() >= exact - bias - 4 * se, "mean " + e.meanMaxDrawdown());
    // scaling: sigma and horizon enter as sigma sqrt(T)
    assertEquals(2.0 * exact, DrawdownProbability.driftlessExpectedMaxDrawdown(1.0, 4.0), 1e-15);
  }

  @Test
  void probabilityFallsWithTheLimitAndRisesWithVolatilityAndStartingDrawdown() {
    DrawdownProbability base = unitWalk(100, 1.0);
    double previous = 1.0;
    for (double d : new double[] {0.5, 1.0, 1.5, 2.0, 2.5}) {
      double p = base.normal(100, d, 0.0, 2000, 9L).probability();
      assertTrue(p < previous, "limit " + d + ": " + p + " vs " + previous);
      previous = p;
    }
    // doubling sigma with zero drift doubles every path's maximum drawdown (same random numbers)
    double[] mdd = base.maxDrawdownsNormal(100, 0.0, 2000, 9L);
    double[] doubled = unitWalk(100, 2.0).maxDrawdownsNormal(100, 0.0, 2000, 9L);
    for (int p = 0; p < mdd.length; p++) {
      assertEquals(2.0 * mdd[p], doubled[p], 1e-12 * doubled[p]);
    }
    assertTrue(
        unitWalk(100, 2.0).normal(100, 1.5, 0.0, 2000, 9L).probability()
            > base.normal(100, 1.5, 0.0, 2000, 9L).probability());
    // a starting drawdown raises the running peak, hence every path's maximum drawdown
    double[] fromDrawdown = base.maxDrawdownsNormal(100, 0.5, 2000, 9L);
    for (int p = 0; p < mdd.length; p++) {
      assertTrue(fromDrawdown[p] >= mdd[p] && fromDrawdown[p] >= 0.5);
    }
    assertTrue(
        base.normal(100, 1.5, 0.5, 2000, 9L).probability()
            > base.normal(100, 1.5, 0.0, 2000, 9L).probability());
    // already beyond the limit: certain breach
    DrawdownEstimate beyond = base.normal(10, 1.0, 1.2, 100, 9L);
    assertEquals(1.0, beyond.probability());
    assertEquals(0.0, beyond.standardError());
    assertFalse(beyond.satisfies(0.05));
  }

  @Test
  void hedgedExposureReducesTheDrawdownProbability() {
    double[][] cov = {{1e-4, 0.9e-4}, {0.9e-4, 1e-4}};
    double[] zero = {0.0, 0.0};
    DrawdownProbability outright = new DrawdownProbability(new double[] {1000.0, 0.0}, zero, cov);
    DrawdownProbability hedged = new DrawdownProbability(new double[] {1000.0, -900.0}, zero, cov);
    // w' Sigma w: 1000^2 1e-4 = 100; hedged 100 + 81 - 2 * 900 * 1000 * 0.9e-4 = 19
    assertEquals(10.0, outright.sdPnlPerStep(), 1e-12);
    assertEquals(Math.sqrt(19.0), hedged.sdPnlPerStep(), 1e-12);
    assertTrue(
        hedged.normal(100, 150.0, 0.0, 4000, 3L).probability()
            < outright.normal(100, 150.0, 0.0, 4000, 3L).probability());
  }

  @Test
  void seededAndReproducible() {
    DrawdownProbability dp =
        new DrawdownProbability(
            new double[] {2.0, -1.0},
            new double[] {1e-3, 0.0},
            new double[][] {{1e-2, 2e-3}, {2e-3, 4e-3}});
    assertEquals(dp.normal(50, 0.5, 0.1, 500, 5L), dp.normal(50, 0.5, 0.1, 500, 5L));
    assertEquals(dp.studentT(50, 4.0, 0.5, 0.1, 500, 5L), dp.studentT(50, 4.0, 0.5, 0.1, 500, 5L));
    assertNotEquals(dp.normal(50, 0.5, 0.1, 500, 5L), dp.normal(50, 0.5, 0.1, 500, 6L));
    assertArrayEquals(
        dp.maxDrawdownsStudentT(50, 4.0, 0.1, 500, 5L),
        dp.maxDrawdownsStudentT(50, 4.0, 0.1, 500, 5L));
    DrawdownEstimate e = dp.normal(50, 0.5, 0.1, 500, 5L);
    double[] sorted = dp.maxDrawdownsNormal(50, 0.1, 500, 5L);
    java.util.Arrays.sort(sorted);
    assertEquals(HistoricalRisk.quantileSorted(sorted, 0.95), e.quantile95());
    assertEquals(HistoricalRisk.quantileSorted(sorted, 0.99), e.quantile99());
    assertEquals(
        Math.sqrt(e.probability() * (1 - e.probability()) / 500), e.standardError(), 1e-15);
  }

  @Test
  void constraintCheck() {
    DrawdownEstimate e =
        new DrawdownEstimate(1.0, 0.0, 10, 10_000, 0.04, 0.002, 0.03, 0.5, 0.01, 0.9, 1.2);
    assertTrue(e.satisfies(0.05));
    assertTrue(e.satisfies(0.05, 4.0));
    assertFalse(e.satisfies(0.05, 6.0));
    assertFalse(e.satisfies(0.03));
    assertThrows(IllegalArgumentException.class, () -> e.satisfies(1.0));
    assertThrows(IllegalArgumentException.class, () -> e.satisfies(0.05, -1.0));
  }

  @Test
  void rejectsInvalidArguments() {
    double[] w = {1.0};
    double[] mu = {0.0};
    double[][] cov = {{1.0}};
    assertThrows(
        IllegalArgumentException.class, () -> new DrawdownProbability(w, new double[2], cov));
    assertThrows(
        IllegalArgumentException.class, () -> new DrawdownProbability(new double[0], mu, cov));
    assertThrows(
        IllegalArgumentException.class,
        () -> new DrawdownProbability(w, mu, new double[][] {{Double.NaN}}));
    DrawdownProbability dp = new DrawdownProbability(w, mu, cov);
    assertThrows(IllegalArgumentException.class, () -> dp.normal(0, 1.0, 0.0, 10, 1L));
    assertThrows(IllegalArgumentException.class, () -> dp.normal(10, 0.0, 0.0, 10, 1L));
    assertThrows(IllegalArgumentException.class, () -> dp.normal(10, 1.0, -0.1, 10, 1L));
    assertThrows(IllegalArgumentException.class, () -> dp.normal(10, 1.0, 0.0, 1, 1L));
    assertThrows(IllegalArgumentException.class, () -> dp.studentT(10, 2.0, 1.0, 0.0, 10, 1L));
    assertThrows(
        IllegalArgumentException.class,
        () -> DrawdownProbability.driftlessExpectedMaxDrawdown(0.0, 1.0));
    assertThrows(
        IllegalArgumentException.class,
        () -> DrawdownProbability.driftlessFirstPassageProbability(-1.0, 1.0, 1.0));
    assertEquals(1.0, DrawdownProbability.driftlessFirstPassageProbability(0.0, 1.0, 1.0), 1e-15);
  }
}
