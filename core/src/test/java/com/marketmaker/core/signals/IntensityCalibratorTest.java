package com.marketmaker.core.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Recovers known {@code A} and {@code k} from simulated Poisson order flow: market orders arrive at
 * rate {@code A} per second and each walks {@code δ ~ Exp(k)} ticks into the book, so the orders
 * reaching depth {@code ≥ δ} form a Poisson process of rate {@code A·e^(−kδ)}.
 */
class IntensityCalibratorTest {

  private static IntensityCalibrator.Fit simulate(double a, double k, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] grid = new double[16];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = i;
    }
    IntensityCalibrator cal = new IntensityCalibrator(grid, 5000);
    // A gap of a second between windows: not observed.
    feed(cal, rnd, a, k, 3000, 0, 1_000_000_000L);
    return cal.fit();
  }

  @Test
  void recoversKnownParametersForSeveralSeeds() {
    double a = 2.0;
    double k = 0.35;
    int coveredA = 0;
    int coveredK = 0;
    long[] seeds = {1, 2, 3, 4, 5, 6};
    for (long seed : seeds) {
      IntensityCalibrator.Fit fit = simulate(a, k, seed);
      assertNotNull(fit);
      // Estimates within 4 robust standard errors of the truth, and the errors are small.
      assertEquals(a, fit.a(), 4 * fit.standardErrorA(), "A, seed " + seed);
      assertEquals(k, fit.k(), 4 * fit.standardErrorK(), "k, seed " + seed);
      assertTrue(fit.standardErrorA() < 0.05 * a, "SE(A) " + fit.standardErrorA());
      assertTrue(fit.standardErrorK() < 0.05 * k, "SE(k) " + fit.standardErrorK());
      // And within an absolute tolerance independent of the estimator's own error bars.
      assertEquals(a, fit.a(), 0.1 * a);
      assertEquals(k, fit.k(), 0.1 * k);
      coveredA += Math.abs(fit.a() - a) <= 1.96 * fit.standardErrorA() ? 1 : 0;
      coveredK += Math.abs(fit.k() - k) <= 1.96 * fit.standardErrorK() ? 1 : 0;
    }
    // 95% intervals: with 6 seeds, at least 4 should cover (fails with probability < 0.3%).
    assertTrue(coveredA >= 4, "A covered " + coveredA);
    assertTrue(coveredK >= 4, "k covered " + coveredK);
  }

  /**
   * Windows of 5 s of Poisson flow at rate {@code a}, depths Exp({@code k}), from {@code t0}, with
   * {@code gapNanos} unobserved between them; returns the time after the last.
   */
  private static long feed(
      IntensityCalibrator cal,
      SplittableRandom rnd,
      double a,
      double k,
      int windows,
      long t0,
      long gapNanos) {
    long windowNanos = 5_000_000_000L;
    for (int w = 0; w < windows; w++) {
      cal.startWindow(t0);
      double t = 0;
      while (true) {
        t += -Math.log(1 - rnd.nextDouble()) / a;
        if (t * 1e9 >= windowNanos) {
          break;
        }
        cal.onTrade(t0 + (long) (t * 1e9), -Math.log(1 - rnd.nextDouble()) / k);
      }
      cal.endWindow(t0 + windowNanos);
      t0 += windowNanos + gapNanos;
    }
    return t0;
  }

  @Test
  void forgetsTheWindowsItNoLongerKeeps() {
    double[] grid = new double[16];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = i;
    }
    SplittableRandom rnd = new SplittableRandom(7);
    IntensityCalibrator cal = new IntensityCalibrator(grid, 1000);
    // 1500 windows of a busy market, then 1000 (all the calibrator keeps) of a quiet one: the fit
    // is the quiet market's alone, whichever slots the quiet windows overwrote.
    long t = feed(cal, rnd, 10.0, 0.1, 1500, 0, 0);
    feed(cal, rnd, 1.0, 0.5, 1000, t, 0);
    IntensityCalibrator.Fit fit = cal.fit();
    assertNotNull(fit);
    assertEquals(1000, cal.windowCount());
    assertEquals(1.0, fit.a(), 0.15);
    assertEquals(0.5, fit.k(), 0.1);
  }

  @Test
  void aFitDoesNotDependOnTheFitsBeforeIt() {
    // The bisection reuses the weights of the midpoints the last fit tried: a calibrator fitted
    // after every window and one fitted every 25 windows (or only once) agree exactly, also when
    // the market changes and k with it.
    double[] grid = new double[21];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = i;
    }
    SplittableRandom rndOften = new SplittableRandom(3);
    SplittableRandom rndSeldom = new SplittableRandom(3);
    IntensityCalibrator often = new IntensityCalibrator(grid, 120);
    IntensityCalibrator seldom = new IntensityCalibrator(grid, 120);
    long t = 0;
    int compared = 0;
    for (int w = 1; w <= 300; w++) {
      double a = w <= 150 ? 2.0 : 6.0;
      double k = w <= 150 ? 0.35 : 0.08;
      feed(often, rndOften, a, k, 1, t, 0);
      t = feed(seldom, rndSeldom, a, k, 1, t, 0);
      IntensityCalibrator.Fit fit = often.fit();
      if (w % 25 == 0) {
        assertNotNull(fit);
        assertEquals(fit, seldom.fit(), "after window " + w);
        compared++;
      }
    }
    assertEquals(12, compared);
  }

  @Test
  void theBisectionSkipsOnlyMidpointsWhoseComparisonItKnows() {
    // A plain bisection, every midpoint's weights worked out (the method as the class doc states
    // it), against the calibrator, which proves most comparisons from a bracket around the root:
    // k equal bit for bit, hence A and both standard errors, on random grids (integer, uneven,
    // with and without a zero depth), intensities and window counts, fitted after every window.
    SplittableRandom rnd = new SplittableRandom(17);
    int fits = 0;
    for (int trial = 0; trial < 150; trial++) {
      int m = 2 + rnd.nextInt(25);
      double[] grid = new double[m];
      boolean uneven = rnd.nextBoolean();
      double start = rnd.nextBoolean() ? 0 : rnd.nextDouble(2);
      for (int i = 0; i < m; i++) {
        grid[i] = uneven ? start + i * (0.25 + rnd.nextDouble(1.5)) : start + i;
        if (uneven && i > 0) {
          grid[i] = Math.max(grid[i], grid[i - 1]);
        }
      }
      double a = 0.5 + rnd.nextDouble(8);
      double k = 0.02 + rnd.nextDouble(1.5);
      IntensityCalibrator cal = new IntensityCalibrator(grid, 1_000);
      double[] exposure = new double[m];
      double[] fills = new double[m];
      long t0 = 0;
      int windows = 20 + rnd.nextInt(150);
      for (int w = 0; w < windows; w++) {
        long windowNanos = 1_000_000_000L + rnd.nextInt(5) * 1_000_000_000L;
        long[] firstHit = new long[m];
        java.util.Arrays.fill(firstHit, Long.MIN_VALUE);
        cal.startWindow(t0);
        double t = 0;
        while (true) {
          t += -Math.log(1 - rnd.nextDouble()) / a;
          long at = t0 + (long) (t * 1e9);
          if (at >= t0 + windowNanos) {
            break;
          }
          double depth = -Math.log(1 - rnd.nextDouble()) / k;
          cal.onTrade(at, depth);
          for (int i = 0; i < m; i++) {
            if (depth >= grid[i] && firstHit[i] == Long.MIN_VALUE) {
              firstHit[i] = at;
            }
          }
        }
        cal.endWindow(t0 + windowNanos);
        for (int i = 0; i < m; i++) {
          boolean hit = firstHit[i] != Long.MIN_VALUE;
          exposure[i] += ((hit ? firstHit[i] : t0 + windowNanos) - t0) / 1e9;
          fills[i] += hit ? 1 : 0;
        }
        t0 += windowNanos;
        IntensityCalibrator.Fit fit = cal.fit();
        double expected = plainBisection(grid, exposure, fills);
        if (Double.isNaN(expected)) {
          assertEquals(null, fit, "trial " + trial + ", window " + w);
        } else {
          assertNotNull(fit, "trial " + trial + ", window " + w);
          assertEquals(expected, fit.k(), "trial " + trial + ", window " + w);
          fits++;
        }
      }
    }
    assertTrue(fits > 5_000, "fits compared " + fits);
  }

  /** k by 60 halvings of [−10, 10], each midpoint's weights computed; NaN where there is no fit. */
  private static double plainBisection(double[] depths, double[] exposure, double[] fills) {
    double total = 0;
    double depthSum = 0;
    for (int i = 0; i < depths.length; i++) {
      total += fills[i];
      depthSum += fills[i] * depths[i];
    }
    if (total < 10) {
      return Double.NaN;
    }
    double target = depthSum / total;
    double lo = -10;
    double hi = 10;
    if (meanDepth(depths, exposure, lo) < target || meanDepth(depths, exposure, hi) > target) {
      return Double.NaN;
    }
    for (int iter = 0; iter < 60; iter++) {
      double mid = (lo + hi) / 2;
      if (meanDepth(depths, exposure, mid) > target) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return (lo + hi) / 2;
  }

  private static double meanDepth(double[] depths, double[] exposure, double k) {
    double num = 0;
    double den = 0;
    for (int i = 0; i < depths.length; i++) {
      double w = exposure[i] * Math.exp(-k * depths[i]);
      num += w * depths[i];
      den += w;
    }
    return num / den;
  }

  @Test
  void tooFewFillsGiveNoFit() {
    IntensityCalibrator cal = new IntensityCalibrator(new double[] {0, 1, 2}, 10);
    cal.startWindow(0);
    cal.onTrade(1, 0.5);
    cal.endWindow(1_000_000_000L);
    assertEquals(null, cal.fit());
  }
}
