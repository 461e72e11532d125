package com.marketmaker.core.portfolio.cointegration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The jump filter on walks with and without jumps inserted at known bars. */
class JumpFilterTest {

  private static double[] walk(long seed, int n) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] w = new double[n];
    double level = 1000;
    for (int t = 0; t < n; t++) {
      double u = 1.0 - rng.nextDouble();
      level += Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
      w[t] = level;
    }
    return w;
  }

  @Test
  void aGaussianWalkKeepsEveryMove() {
    // P(|Z| > 5) = 5.7e-7 per bar: over 10 walks of 2,000 bars about one chance in a hundred of
    // one flagged bar; with these seeds none is.
    for (long seed = 1; seed <= 10; seed++) {
      double[] w = walk(seed, 2000);
      assertEquals(0, JumpFilter.count(w, 5), "seed " + seed);
    }
  }

  @Test
  void insertedJumpsAreFoundAndNothingElse() {
    double[] w = walk(42, 1000);
    int[] at = {1, 200, 201, 640, 999};
    double[] size = {15, -12, 20, -30, 10};
    double[] jumped = w.clone();
    for (int k = 0; k < at.length; k++) {
      for (int t = at[k]; t < jumped.length; t++) {
        jumped[t] += size[k];
      }
    }
    boolean[] flagged = JumpFilter.jumps(jumped, 5);
    for (int t = 0; t < jumped.length; t++) {
      boolean inserted = false;
      for (int a : at) {
        inserted |= a == t;
      }
      assertEquals(inserted, flagged[t], "bar " + t);
    }
    assertEquals(at.length, JumpFilter.count(jumped, 5));
  }

  @Test
  void aStickyOneTickPriceHasNoJumps() {
    // A price that moves by one tick in one bar of five, at random: standard deviation sqrt(0.2) =
    // 0.45 tick, so a tick is 2.2 deviations, far below 5.
    SplittableRandom rng = new SplittableRandom(3);
    double[] c = new double[1500];
    c[0] = 100;
    for (int t = 1; t < c.length; t++) {
      double u = rng.nextDouble();
      c[t] = c[t - 1] + (u < 0.1 ? 0.01 : u < 0.2 ? -0.01 : 0);
    }
    assertEquals(0, JumpFilter.count(c, 5));
    // One tick in forty bars: deviation 0.16 tick, a tick is 6.3 of them, and every move would be
    // taken for a jump: a step series, not a diffusion with jumps, and none is reported.
    double[] rare = new double[1500];
    rare[0] = 100;
    int moves = 0;
    for (int t = 1; t < rare.length; t++) {
      boolean move = rng.nextDouble() < 0.025;
      rare[t] = rare[t - 1] + (move ? 0.01 : 0);
      moves += move ? 1 : 0;
    }
    assertTrue(moves > JumpFilter.MAX_JUMP_SHARE * rare.length, "moves " + moves);
    assertEquals(0, JumpFilter.count(rare, 5));
  }

  @Test
  void shortAndConstantSeriesAndBadThresholds() {
    assertEquals(1, JumpFilter.jumps(new double[0], 5).length);
    assertFalse(JumpFilter.jumps(new double[] {1, 50}, 5)[1]);
    assertEquals(0, JumpFilter.count(new double[] {7, 7, 7, 7}, 5));
    assertFalse(JumpFilter.jumps(new double[] {7, 7, 7}, 5)[2]);
    assertThrows(IllegalArgumentException.class, () -> JumpFilter.jumps(new double[3], 0));
    assertThrows(IllegalArgumentException.class, () -> JumpFilter.jumps(new double[3], -1));
    assertThrows(IllegalArgumentException.class, () -> JumpFilter.jumps(new double[3], Double.NaN));
    assertThrows(
        IllegalArgumentException.class,
        () -> JumpFilter.jumps(new double[3], Double.POSITIVE_INFINITY));
  }

  @Test
  void theUnitRootTestWithoutAJumpsRowsIsTheTestWithImpulseDummiesThere() {
    int n = 600;
    int p = 2;
    double[] y = walk(9, n);
    for (int t = 250; t < n; t++) {
      y[t] += 40;
    }
    boolean[] skip = JumpFilter.jumps(y, 5);
    assertTrue(skip[250]);
    assertEquals(1, JumpFilter.count(y, 5));
    AugmentedDickeyFuller.Result left =
        AugmentedDickeyFuller.test(y, DeterministicTerms.CONSTANT, p, false, skip);
    // Rows t = p .. n-2 with response y[t+1] - y[t]; the jump's increment (bar 250) is the
    // response of row 249 and a lagged difference of rows 250 and 251: three rows, each with a
    // dummy of its own.
    int rows = n - 1 - p;
    double[] response = new double[rows];
    double[][] design = new double[rows][1 + p + 1 + 3];
    int dummy = 0;
    for (int r = 0; r < rows; r++) {
      int t = p + r;
      response[r] = y[t + 1] - y[t];
      design[r][0] = y[t];
      for (int j = 1; j <= p; j++) {
        design[r][j] = y[t + 1 - j] - y[t - j];
      }
      design[r][1 + p] = 1;
      if (t >= 249 && t <= 251) {
        design[r][2 + p + dummy++] = 1;
      }
    }
    Ols.Fit dummies = Ols.fit(response, design);
    assertEquals(dummies.tValue(0), left.statistic(), 1e-9);
    assertEquals(rows - 3, left.nobs());
    // Without the rows, the jump is the only thing the test sees: far from the walk's statistic.
    AugmentedDickeyFuller.Result kept =
        AugmentedDickeyFuller.test(y, DeterministicTerms.CONSTANT, p, false);
    assertEquals(rows, kept.nobs());
    assertTrue(Math.abs(kept.statistic() - left.statistic()) > 0.01);
    // No flag: the same as the test without a mask.
    assertEquals(
        kept.statistic(),
        AugmentedDickeyFuller.test(y, DeterministicTerms.CONSTANT, p, false, new boolean[n])
            .statistic(),
        0.0);
  }
}
