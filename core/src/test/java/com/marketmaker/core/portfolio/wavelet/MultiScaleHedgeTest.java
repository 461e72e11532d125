package com.marketmaker.core.portfolio.wavelet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Behaviour of {@link MultiScaleHedge} on synthetic series with known hedge relations. */
class MultiScaleHedgeTest {

  private static double[] randomWalk(Random rnd, int n, double start, double sd) {
    double[] x = new double[n];
    double level = start;
    for (int t = 0; t < n; t++) {
      level += sd * rnd.nextGaussian();
      x[t] = level;
    }
    return x;
  }

  private static double[] ar1(Random rnd, int n, double phi, double sd) {
    double[] e = new double[n];
    e[0] = sd * rnd.nextGaussian() / Math.sqrt(1 - phi * phi);
    for (int t = 1; t < n; t++) {
      e[t] = phi * e[t - 1] + sd * rnd.nextGaussian();
    }
    return e;
  }

  @Test
  void bandWeightsRecoverTheCointegratingVector() {
    Random rnd = new Random(20260914L);
    int n = 8192;
    double[] x1 = randomWalk(rnd, n, 100.0, 1.0);
    double[] x2 = randomWalk(rnd, n, 50.0, 1.0);
    double[] noise = ar1(rnd, n, 0.5, 0.5);
    double[] y = new double[n];
    for (int t = 0; t < n; t++) {
      y[t] = 2.0 * x1[t] - 0.5 * x2[t] + noise[t];
    }
    MultiScaleHedgeResult r =
        MultiScaleHedge.fit(y, new double[][] {x1, x2}, WaveletFilter.LA8, 5, 1, 5);
    // Over 30 independent replications of this design the estimates scatter with a standard
    // deviation of about 0.006 per weight; 0.03 is five of those.
    assertEquals(2.0, r.bandWeights()[0], 0.03);
    assertEquals(-0.5, r.bandWeights()[1], 0.03);
    for (int j = 1; j <= 5; j++) {
      // the hedge leaves only the stationary noise, far less energy than the random walks carry
      assertTrue(r.energyRemovedShare(j) > 0.5, "level " + j + ": " + r.energyRemovedShare(j));
    }
    assertTrue(r.bandEnergyRemovedShare() > 0.9);
  }

  /**
   * x = f + s and y = f + 3 s with f white noise (sd 3) and s a random walk (unit steps): the hedge
   * ratio is 1 at scales dominated by f and 3 at scales dominated by s. For one level, the
   * population weight is beta_j = (nu_f^2 + 3 nu_s^2) / (nu_f^2 + nu_s^2) with the Haar MODWT
   * wavelet variances, at scale tau = 2^(j-1):
   *
   * <ul>
   *   <li>white noise: nu_f^2 = sigma_f^2 / 2^j (Percival &amp; Walden 2000, ch. 8; checked in
   *       {@link ModwtTest});
   *   <li>random walk, by hand: the Haar coefficient is 2^-j times (sum of the last tau values
   *       minus the sum of the tau before), i.e. 2^-j sum_i c_i eps_{t-i} with weights c = 1, 2,
   *       ..., tau, tau - 1, ..., 1, so nu_s^2 = sigma_s^2 4^-j (2 sum_{m<tau} m^2 + tau^2) =
   *       sigma_s^2 (2 tau^2 + 1) / (12 tau).
   * </ul>
   *
   * Level 1: 4.5 and 0.25 give beta = 1.10526; level 6: 9/64 and 2049/384 give beta = 2.94864.
   */
  @Test
  void singleLevelWeightsFollowTheScaleOfEachComponent() {
    Random rnd = new Random(7L);
    int n = 8192;
    double[] x = new double[n];
    double[] y = new double[n];
    double s = 0;
    for (int t = 0; t < n; t++) {
      double f = 3.0 * rnd.nextGaussian();
      s += rnd.nextGaussian();
      x[t] = f + s;
      y[t] = f + 3.0 * s;
    }
    MultiScaleHedgeResult r =
        MultiScaleHedge.fit(y, new double[][] {x}, WaveletFilter.HAAR, 6, 6, 6);
    double[] expected = new double[7];
    for (int j = 1; j <= 6; j++) {
      double tau = 1 << (j - 1);
      double nuF = 9.0 / (1 << j);
      double nuS = (2 * tau * tau + 1) / (12 * tau);
      expected[j] = (nuF + 3 * nuS) / (nuF + nuS);
    }
    assertEquals(1.1052631578947, expected[1], 1e-12);
    assertEquals(2.9486447931526, expected[6], 1e-12);
    // 30 replications: standard deviation 0.0044 at level 1 and 0.011 at level 6; allow five
    assertEquals(expected[1], r.levelWeights(1)[0], 0.025);
    assertEquals(expected[6], r.levelWeights(6)[0], 0.06);
    for (int j = 2; j <= 6; j++) {
      assertTrue(r.levelWeights(j)[0] > r.levelWeights(j - 1)[0], "increasing at level " + j);
    }
    assertArrayEquals(r.levelWeights(6), r.bandWeights(), 1e-12, "band of one level");
    // the band [6, 6] hedge suits the coarse scale and leaves the fine scale under- or over-hedged
    assertTrue(r.energyRemovedShare(6) > r.energyRemovedShare(1));
  }

  @Test
  void constantOffsetsDropOutAndWeightsScaleWithTheTarget() {
    Random rnd = new Random(11L);
    int n = 512;
    double[] x1 = randomWalk(rnd, n, 10.0, 1.0);
    double[] x2 = randomWalk(rnd, n, 20.0, 1.0);
    double[] y = new double[n];
    double[] shifted = new double[n];
    double[] tripled = new double[n];
    for (int t = 0; t < n; t++) {
      y[t] = 0.7 * x1[t] + 1.3 * x2[t] + rnd.nextGaussian();
      shifted[t] = y[t] + 1000.0;
      tripled[t] = 3.0 * y[t];
    }
    double[][] xs = {x1, x2};
    double[] base = MultiScaleHedge.fit(y, xs, WaveletFilter.D4, 4, 2, 4).bandWeights();
    double[] fromShifted =
        MultiScaleHedge.fit(shifted, xs, WaveletFilter.D4, 4, 2, 4).bandWeights();
    double[] fromTripled =
        MultiScaleHedge.fit(tripled, xs, WaveletFilter.D4, 4, 2, 4).bandWeights();
    for (int i = 0; i < 2; i++) {
      // the wavelet filter sums to zero, so W[y + c] = W[y] up to rounding of the level 1000
      assertEquals(base[i], fromShifted[i], 1e-9);
      assertEquals(3.0 * base[i], fromTripled[i], 1e-12);
    }
  }

  @Test
  void exactHedgeRemovesAllEnergy() {
    Random rnd = new Random(3L);
    double[] x = randomWalk(rnd, 256, 100.0, 1.0);
    double[] y = new double[x.length];
    for (int t = 0; t < y.length; t++) {
      y[t] = 5.0 - 2.5 * x[t];
    }
    MultiScaleHedgeResult r =
        MultiScaleHedge.fit(y, new double[][] {x}, WaveletFilter.LA8, 3, 1, 3);
    assertEquals(-2.5, r.bandWeights()[0], 1e-12);
    for (int j = 1; j <= 3; j++) {
      assertEquals(-2.5, r.levelWeights(j)[0], 1e-12);
      assertEquals(1.0, r.energyRemovedShare(j), 1e-12);
      int expectedFree = 256 - (((1 << j) - 1) * 7 + 1) + 1;
      assertEquals(expectedFree, r.boundaryFreeCoefficients()[j - 1], "M_j = N - L_j + 1");
    }
  }

  @Test
  void levelsWithoutEnoughCoefficientsGiveNaNWeightsOutsideTheBand() {
    Random rnd = new Random(5L);
    double[] x = randomWalk(rnd, 64, 0.0, 1.0);
    double[] y = x.clone();
    // LA8: L_3 = 50 and L_4 = 106 > 64, so level 4 has no boundary-free coefficient
    MultiScaleHedgeResult r =
        MultiScaleHedge.fit(y, new double[][] {x}, WaveletFilter.LA8, 4, 1, 3);
    assertEquals(0, r.boundaryFreeCoefficients()[3]);
    assertTrue(Double.isNaN(r.levelWeights(4)[0]));
    assertTrue(Double.isNaN(r.energyRemovedShare(4)));
    assertThrows(
        IllegalArgumentException.class,
        () -> MultiScaleHedge.fit(y, new double[][] {x}, WaveletFilter.LA8, 4, 1, 4));
  }

  @Test
  void rejectsInvalidArguments() {
    double[] y = new double[64];
    double[] x = new double[64];
    Random rnd = new Random(1L);
    for (int t = 0; t < 64; t++) {
      y[t] = rnd.nextGaussian();
      x[t] = rnd.nextGaussian();
    }
    double[][] xs = {x};
    WaveletFilter h = WaveletFilter.HAAR;
    assertThrows(
        IllegalArgumentException.class,
        () -> MultiScaleHedge.fit(y, new double[][] {new double[63]}, h, 3, 1, 2));
    assertThrows(
        IllegalArgumentException.class, () -> MultiScaleHedge.fit(y, new double[0][], h, 3, 1, 2));
    assertThrows(IllegalArgumentException.class, () -> MultiScaleHedge.fit(y, xs, h, 3, 0, 2));
    assertThrows(IllegalArgumentException.class, () -> MultiScaleHedge.fit(y, xs, h, 3, 2, 4));
    assertThrows(IllegalArgumentException.class, () -> MultiScaleHedge.fit(y, xs, h, 3, 3, 2));
    assertThrows(IllegalArgumentException.class, () -> MultiScaleHedge.fit(y, xs, h, 0, 1, 1));
    double[] bad = y.clone();
    bad[10] = Double.NaN;
    assertThrows(IllegalArgumentException.class, () -> MultiScaleHedge.fit(bad, xs, h, 3, 1, 2));
    double[] twice = new double[64];
    for (int t = 0; t < 64; t++) {
      twice[t] = 2.0 * x[t];
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> MultiScaleHedge.fit(y, new double[][] {x, twice}, h, 3, 1, 2));
    assertTrue(e.getMessage().contains("collinear"), e.getMessage());
  }
}
