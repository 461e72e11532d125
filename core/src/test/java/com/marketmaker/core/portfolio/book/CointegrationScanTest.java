package com.marketmaker.core.portfolio.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.portfolio.book.MultipleTesting.Correction;
import com.marketmaker.core.portfolio.cointegration.EngleGranger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The scan on generated series with known structure.
 *
 * <p>Design: m = 10 independent Gaussian random walks W0..W9 (unit steps, start 1000) and k = 3
 * series cointegrated by construction, Yj = c + β Wj + u with u an AR(1)/discrete OU process u_t =
 * φ u_{t−1} + ε_t, ε ~ N(0, 1), φ = 2^(−1/h) for the half-life h: (Y0; β 1.5, h 5), (Y3; β 0.8, h
 * 10), (Y6; β 2.0, h 20). n = 2,000 one-second bars, 13 instruments, 78 pairs, seed 20240611.
 */
class CointegrationScanTest {

  static final int N = 2000;
  static final long SEED = 20240611L;
  static final int[] CONSTRUCTED_ON = {0, 3, 6};
  static final double[] BETA = {1.5, 0.8, 2.0};
  static final double[] INTERCEPT = {2, -5, 10};
  static final double[] HALF_LIFE = {5, 10, 20};

  static double gaussian(SplittableRandom rng) {
    double u = 1.0 - rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
  }

  static double[] walk(SplittableRandom rng, int n, double start) {
    double[] w = new double[n];
    double level = start;
    for (int t = 0; t < n; t++) {
      level += gaussian(rng);
      w[t] = level;
    }
    return w;
  }

  static double[] cointegrated(SplittableRandom rng, double[] x, double c, double beta, double h) {
    double phi = Math.pow(2, -1 / h);
    double[] y = new double[x.length];
    double u = 0;
    for (int t = 0; t < x.length; t++) {
      u = phi * u + gaussian(rng);
      y[t] = c + beta * x[t] + u;
    }
    return y;
  }

  record Universe(List<String> names, double[][] closes) {}

  static Universe universe() {
    SplittableRandom rng = new SplittableRandom(SEED);
    List<String> names = new ArrayList<>();
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      names.add("SIM:W" + i);
      rows.add(walk(rng, N, 1000));
    }
    for (int j = 0; j < CONSTRUCTED_ON.length; j++) {
      names.add("SIM:Y" + CONSTRUCTED_ON[j]);
      rows.add(cointegrated(rng, rows.get(CONSTRUCTED_ON[j]), INTERCEPT[j], BETA[j], HALF_LIFE[j]));
    }
    return new Universe(names, rows.toArray(new double[0][]));
  }

  static ScanConfig config() {
    return ScanConfig.defaults().withAdfMaxLag(4).withHalfLifeBars(1, 100);
  }

  private static ScanResult universeScan;

  /** The scan of the universe, computed once for the tests that read it. */
  static synchronized ScanResult universeScan() {
    if (universeScan == null) {
      Universe u = universe();
      universeScan =
          CointegrationScan.scan(u.names(), u.closes(), 1000, config().withWavelet("LA8", 7, 1, 7));
    }
    return universeScan;
  }

  @Test
  void findsExactlyTheConstructedPairsAndRecoversBetaAndHalfLife() {
    ScanResult r = universeScan();
    assertEquals(78, r.pairsTested());
    assertEquals(N, r.bars());
    List<PairResult> found = r.cointegratedPairs();
    for (PairResult p : found) {
      System.out.printf(
          "%s ~ %s beta %.4f p %.2e adj %.2e hl %.3f z %.3f%n",
          p.y(),
          p.x(),
          p.hedgeRatio(),
          p.pValue(),
          p.adjustedPValue(),
          p.halfLifeBars(),
          p.zScore());
    }
    assertEquals(3, found.size(), "found " + found);
    for (int j = 0; j < 3; j++) {
      PairResult p = found.get(j);
      assertEquals("SIM:Y" + CONSTRUCTED_ON[j], p.y());
      assertEquals("SIM:W" + CONSTRUCTED_ON[j], p.x());
      // hedge ratio: OLS on I(1) regressors is super-consistent; with |x - mean| ~ n/sqrt(6) and
      // the spread's long-run sd 1/(1 - phi) the standard error is at most ~0.036 (h = 20)
      assertEquals(BETA[j], p.hedgeRatio(), 0.1, "beta of " + p.y());
      // half-life: delta method, sd(phi^) ~ sqrt((1 - phi^2) / n), dh/dphi = ln2 / (phi ln^2 phi)
      double phi = Math.pow(2, -1 / HALF_LIFE[j]);
      double lnPhi = Math.log(phi);
      double se = Math.log(2) / (phi * lnPhi * lnPhi) * Math.sqrt((1 - phi * phi) / N);
      assertEquals(HALF_LIFE[j], p.halfLifeBars(), 3 * se, "half-life of " + p.y() + ", se " + se);
      assertEquals(p.halfLifeBars(), p.halfLifeSeconds(), 1e-12, "1 s bars");
      assertTrue(p.adjustedPValue() <= 0.05 && p.adjustedPValue() >= p.pValue());
      assertNotNull(p.multiScale());
    }
    for (PairResult p : r.pairs()) {
      if (!p.cointegrated()) {
        assertNull(p.multiScale());
      }
    }
    assertTrue(r.groups().isEmpty(), "no instrument is in two pairs");
  }

  @Test
  void multiScaleHedgeOfAConstructedPair() {
    PairResult p = universeScan().cointegratedPairs().get(1); // Y3 ~ W3, beta 0.8, h 10
    PairResult.MultiScale ms = p.multiScale();
    assertEquals("LA8", ms.filter());
    assertEquals(7, ms.levels().size());
    System.out.printf(
        "band weight %.4f removed %.4f levels %s%n",
        ms.bandWeight(), ms.bandEnergyRemovedShare(), ms.levels());
    assertEquals(0.8, ms.bandWeight(), 0.05);
    for (PairResult.Level l : ms.levels()) {
      assertEquals(1L << (l.level() - 1), l.scaleBars());
    }
    // Energy removed at scale tau: beta^2 nu_x^2 / (beta^2 nu_x^2 + nu_u^2). Below the half-life
    // the OU noise u moves like a walk with unit steps, as x does, so the share is about
    // beta^2 / (beta^2 + 1) = 0.64 / 1.64 = 0.39; far above it u stops growing while nu_x^2 keeps
    // doubling per level, so the share rises.
    double fine = ms.levels().get(0).energyRemovedShare();
    double coarse = ms.levels().get(6).energyRemovedShare();
    assertEquals(0.64 / 1.64, fine, 0.08);
    assertTrue(coarse > fine + 0.25, "tau = 64 bars vs 1 bar: " + coarse + " vs " + fine);
  }

  @Test
  void fiftyIndependentWalksGiveNoFalsePairsAfterTheCorrection() {
    // 50 independent unit-step Gaussian walks of 400 bars, seed 7, ADF lag <= 1, half-life bounds
    // off so that only the correction decides: 1225 pairs, every one a true null.
    SplittableRandom rng = new SplittableRandom(7L);
    int m = 50;
    int n = 400;
    List<String> names = new ArrayList<>();
    double[][] closes = new double[m][];
    for (int i = 0; i < m; i++) {
      names.add("SIM:R" + i);
      closes[i] = walk(rng, n, 1000);
    }
    ScanConfig cfg =
        ScanConfig.defaults().withAdfMaxLag(1).withHalfLifeBars(0, Double.POSITIVE_INFINITY);
    ScanResult bh = CointegrationScan.scan(names, closes, 1000, cfg);
    assertEquals(1225, bh.pairsTested());
    int raw = 0;
    for (PairResult p : bh.pairs()) {
      if (p.pValue() <= 0.05) {
        raw++;
      }
    }
    double[] p = bh.pairs().stream().mapToDouble(PairResult::pValue).toArray();
    int bonferroni = MultipleTesting.rejections(p, Correction.BONFERRONI, 0.05);
    System.out.printf(
        "1225 null pairs: %d raw 5%% rejections, %d after BH, %d after Bonferroni%n",
        raw, bh.cointegratedPairs().size(), bonferroni);
    // Uncorrected, the 5% test rejects about 5% of 1225 = 61 pairs (binomial sd 7.6; the pairs
    // share series, so the count varies more): the correction is what keeps them out.
    assertTrue(raw >= 25 && raw <= 110, "raw rejections " + raw);
    // Every null is true, so BH's FDR equals the family-wise error rate: P(any flag) <= 0.05, and
    // Bonferroni's is <= 0.05 under any dependence. With this seed none is flagged.
    assertEquals(0, bh.cointegratedPairs().size());
    assertEquals(0, bonferroni);
  }

  @Test
  void pairStatisticsEqualEngleGrangerWithTheDefaultLag() {
    Universe u = universe();
    double[] x = Arrays.copyOf(u.closes()[3], 300);
    double[] y = Arrays.copyOf(u.closes()[11], 300);
    ScanConfig cfg = ScanConfig.defaults().withAdfMaxLag(-1);
    ScanResult r =
        CointegrationScan.scan(List.of("SIM:W3", "SIM:Y3"), new double[][] {x, y}, 60_000, cfg);
    PairResult p = r.pairs().get(0);
    EngleGranger.Result eg = EngleGranger.test(y, x);
    assertEquals(eg.statistic(), p.adfStatistic(), 1e-12);
    assertEquals(eg.usedLag(), p.adfLag());
    assertEquals(eg.pValue(), p.pValue(), 1e-15);
    assertEquals(eg.hedgeRatios()[0], p.hedgeRatio(), 1e-12);
    assertEquals(eg.intercept(), p.intercept(), 1e-9);
    assertEquals(eg.criticalValues()[1], p.criticalValue5(), 1e-12);
    assertEquals(EngleGranger.halfLife(eg.spread()), p.halfLifeBars(), 1e-12);
    assertEquals(p.halfLifeBars() * 60, p.halfLifeSeconds(), 1e-9, "one-minute bars");
    assertEquals(EngleGranger.zScore(eg.spread(), 300), p.zScore(), 1e-12);
    assertEquals(p.pValue(), p.adjustedPValue(), 0, "one pair: nothing to adjust");
  }

  @Test
  void aGroupOfThreeGetsAJohansenRank() {
    // W and two noisy copies: every pair cointegrated, two cointegrating vectors among three
    SplittableRandom rng = new SplittableRandom(99L);
    double[] w = walk(rng, 1000, 500);
    double[] a = cointegrated(rng, w, 1, 1.0, 3);
    double[] b = cointegrated(rng, w, -2, 0.5, 3);
    ScanResult r =
        CointegrationScan.scan(
            List.of("SIM:W", "SIM:A", "SIM:B"),
            new double[][] {w, a, b},
            1000,
            ScanConfig.defaults().withAdfMaxLag(2));
    assertEquals(3, r.cointegratedPairs().size());
    assertEquals(1, r.groups().size());
    GroupResult g = r.groups().get(0);
    assertEquals(List.of("SIM:W", "SIM:A", "SIM:B"), g.instruments());
    assertEquals(2, g.traceRank95());
    assertTrue(g.traceStatistics()[1] > g.traceCritical95()[1]);
    assertTrue(g.traceStatistics()[2] < g.traceCritical95()[2]);
  }

  @Test
  void scanOverPriceBarsUsesTheCommonBars() {
    Universe u = universe();
    PriceBars bars = new PriceBars(1000, 500);
    for (int t = 0; t < 600; t++) {
      bars.mark("SIM:W0", u.closes()[0][t], t * 1000L);
      bars.mark("SIM:Y0", u.closes()[10][t], t * 1000L + 500);
    }
    ScanResult r = CointegrationScan.scan(bars, List.of("SIM:W0", "SIM:Y0"), config());
    assertEquals(500, r.bars());
    assertEquals(1, r.cointegratedPairs().size());
    assertEquals(1.5, r.pairs().get(0).hedgeRatio(), 0.1);
    ScanResult tooShort =
        CointegrationScan.scan(
            List.of("SIM:A", "SIM:B"),
            new double[][] {new double[10], new double[10]},
            1000,
            config());
    assertEquals(0, tooShort.pairsTested());
  }

  /** Thirty independent unit-step walks of n bars, seed 11, named SIM:R0..R29, then {@code y}. */
  private static ScanResult thirtyWalksAnd(double[] y, ScanConfig cfg) {
    SplittableRandom rng = new SplittableRandom(11L);
    List<String> names = new ArrayList<>();
    double[][] closes = new double[31][];
    for (int i = 0; i < 30; i++) {
      names.add("SIM:R" + i);
      closes[i] = walk(rng, y.length, 1000);
    }
    names.add("SIM:Y");
    closes[30] = y;
    return CointegrationScan.scan(names, closes, 1000, cfg);
  }

  private static long flaggedWithY(ScanResult r) {
    return r.cointegratedPairs().stream().filter(p -> p.y().equals("SIM:Y")).count();
  }

  @Test
  void aJumpAtTheStartOfTheWindowFlagsAnIndependentWalkAgainstManyUnlessFilteredOut() {
    // y: an independent unit-step walk of 100 bars whose second close is 15 steps below the first
    // (a jump of 15 sigma). Against 30 other independent walks, the first close is an outlier
    // the rest seems to revert from: unfiltered, y pairs with many of them. (With other seeds the
    // jump often makes y's own unit-root test reject, and the leg check drops y's pairs even
    // unfiltered; with this one y alone does not look stationary, p 0.09.)
    double[] y = walk(new SplittableRandom(7L), 100, 1000);
    for (int t = 1; t < y.length; t++) {
      y[t] -= 15;
    }
    ScanConfig base = ScanConfig.defaults().withAdfMaxLag(1).withHalfLifeBars(0, 1000);
    ScanResult unfiltered = thirtyWalksAnd(y, base.withJumpThreshold(0));
    ScanResult filtered = thirtyWalksAnd(y, base);
    System.out.printf(
        "jump at the start: %d pairs with y unfiltered, %d filtered (jumps removed from y: %d)%n",
        flaggedWithY(unfiltered), flaggedWithY(filtered), filtered.jumpsRemoved().get(30));
    assertTrue(flaggedWithY(unfiltered) >= 10, "unfiltered: " + unfiltered.cointegratedPairs());
    assertEquals(0, unfiltered.jumpsRemoved().get(30));
    assertEquals(1, filtered.jumpsRemoved().get(30));
    assertEquals(List.of(), filtered.cointegratedPairs());
  }

  @Test
  void aLegThatIsStationaryByItselfPairsWithNothing() {
    // y: AR(1) with phi = 0.8 around 1000, stationary; regressed on any walk it stays stationary,
    // so every test on it rejects, but the pairs say nothing about cointegration.
    SplittableRandom rng = new SplittableRandom(8L);
    double[] y = new double[300];
    double u = 0;
    for (int t = 0; t < y.length; t++) {
      u = 0.8 * u + gaussian(rng);
      y[t] = 1000 + u;
    }
    ScanResult r =
        thirtyWalksAnd(y, ScanConfig.defaults().withAdfMaxLag(1).withHalfLifeBars(0, 1000));
    // Every one of y's 30 pairs tests far in the tail (Bonferroni over 465 pairs is 1.1e-4).
    long tail = r.pairs().stream().filter(p -> p.y().equals("SIM:Y") && p.pValue() <= 1e-4).count();
    assertEquals(30, tail, "y's pairs with p <= 1e-4");
    assertTrue(
        r.unitRootPValues().get(30) <= r.legLevel(), "y's unit-root p " + r.unitRootPValues());
    assertEquals(0.05 / 31, r.legLevel(), 1e-15);
    for (PairResult p : r.pairs()) {
      boolean withY = p.y().equals("SIM:Y");
      assertEquals(!withY, p.legsIntegrated(), p.y() + " ~ " + p.x());
      if (withY) {
        assertEquals(1.0, p.adjustedPValue(), 0.0);
        assertFalse(p.significant());
      }
    }
    // Left out of the family, y's 30 p-values do not loosen the cutoff for the 435 pairs of
    // walks, none of which is flagged.
    assertEquals(435, r.pairsTested());
    assertEquals(List.of(), r.cointegratedPairs());
  }

  @Test
  void pairsThatJumpTogetherAreFoundWithTheirHedgeRatioInPrices() {
    // x: unit-step walk with a jump of +-20 in about one bar in 100; y = 3 + 1.5 x + AR(1) noise
    // with a half-life of 5 bars, so y jumps with x in the same bar.
    SplittableRandom rng = new SplittableRandom(17L);
    int n = 600;
    double[] x = walk(rng, n, 1000);
    double shift = 0;
    int jumpsInX = 0;
    for (int t = 1; t < n; t++) {
      if (rng.nextDouble() < 0.01) {
        shift += rng.nextBoolean() ? 20 : -20;
        jumpsInX++;
      }
      x[t] += shift;
    }
    double[] y = cointegrated(rng, x, 3, 1.5, 5);
    double[] other = walk(rng, n, 1000);
    ScanResult r =
        CointegrationScan.scan(
            List.of("SIM:X", "SIM:Y", "SIM:W"),
            new double[][] {x, y, other},
            1000,
            ScanConfig.defaults().withAdfMaxLag(4).withHalfLifeBars(1, 100));
    assertTrue(jumpsInX >= 3, "jumps in x: " + jumpsInX);
    assertEquals(jumpsInX, r.jumpsRemoved().get(0));
    assertEquals(jumpsInX, r.jumpsRemoved().get(1));
    assertEquals(0, r.jumpsRemoved().get(2));
    assertEquals(1, r.cointegratedPairs().size(), r.cointegratedPairs().toString());
    PairResult p = r.cointegratedPairs().get(0);
    assertEquals("SIM:Y", p.y());
    assertEquals("SIM:X", p.x());
    // The hedge ratio is that of the prices as they are: the regression of y on x with the jumps.
    assertEquals(EngleGranger.test(y, x).hedgeRatios()[0], p.hedgeRatio(), 1e-12);
    assertEquals(1.5, p.hedgeRatio(), 0.02);
    assertEquals(EngleGranger.zScore(EngleGranger.test(y, x).spread(), n), p.zScore(), 1e-12);
    // Their spread does not jump: its test keeps every row, as with no threshold at all.
    ScanResult kept =
        CointegrationScan.scan(
            List.of("SIM:X", "SIM:Y", "SIM:W"),
            new double[][] {x, y, other},
            1000,
            ScanConfig.defaults().withAdfMaxLag(4).withHalfLifeBars(1, 100).withJumpThreshold(0));
    assertEquals(kept.pairs().get(0).adfStatistic(), p.adfStatistic(), 0.0);
    assertEquals(kept.pairs().get(0).halfLifeBars(), p.halfLifeBars(), 0.0);
  }
}
