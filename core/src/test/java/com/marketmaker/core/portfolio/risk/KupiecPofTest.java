package com.marketmaker.core.portfolio.risk;

import static com.marketmaker.core.portfolio.risk.RiskFixtures.assertRel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.hipparchus.random.RandomGenerator;
import org.hipparchus.random.Well19937c;
import org.junit.jupiter.api.Test;

class KupiecPofTest {

  private static final int SERIES = 100_000;
  private static final double MU = 0.0002;
  private static final double SIGMA = 0.01;

  @Test
  void matchesScipyReference() throws IOException {
    List<Map<String, Object>> cases = RiskFixtures.list(RiskFixtures.load("kupiec.json"), "cases");
    assertFalse(cases.isEmpty());
    for (Map<String, Object> c : cases) {
      long t = (long) RiskFixtures.num(c, "observations");
      long x = (long) RiskFixtures.num(c, "breaches");
      double conf = RiskFixtures.num(c, "confidence");
      KupiecPof.Result r = KupiecPof.test(t, x, conf);
      String what = x + "/" + t + "@" + conf;
      assertRel(RiskFixtures.num(c, "lr"), r.lr(), 1e-9, what + " LR");
      double p = RiskFixtures.num(c, "p_value");
      assertEquals(p, r.pValue(), Math.max(1e-9 * p, 1e-14), what + " p");
    }
  }

  @Test
  void exactNominalCountIsNotRejected() {
    KupiecPof.Result r = KupiecPof.test(100_000, 1_000, 0.99);
    // 1 - 0.99 is not exactly 0.01 in binary, so LR is a rounding residue, not exactly 0
    assertEquals(0.0, r.lr(), 1e-9);
    assertTrue(r.pValue() > 0.999, r.toString());
  }

  private static double[] normalSeries(long seed) {
    RandomGenerator rng = new Well19937c(seed);
    double[] x = new double[SERIES];
    for (int i = 0; i < SERIES; i++) {
      x[i] = MU + SIGMA * rng.nextGaussian();
    }
    return x;
  }

  /** One-step-ahead 99% Gaussian VaR from a rolling window, tested with Kupiec. */
  @Test
  void rollingParametricVarBreachesAtNominalRate() {
    double[] x = normalSeries(2024L);
    int window = 1000;
    double[] pnl = Arrays.copyOfRange(x, window, SERIES);
    double[] var99 = new double[pnl.length];
    double[] var95 = new double[pnl.length];
    for (int t = window; t < SERIES; t++) {
      double[] w = Arrays.copyOfRange(x, t - window, t);
      SampleMoments m = SampleMoments.of(w);
      var99[t - window] = ParametricRisk.gaussian(m.mean(), m.sd(), 0.99).var();
      var95[t - window] = ParametricRisk.gaussian(m.mean(), m.sd(), 0.95).var();
    }
    KupiecPof.Result ok = KupiecPof.test(pnl, var99, 0.99);
    assertTrue(ok.pValue() > 0.01, "nominal 99% VaR rejected: " + ok);

    // a 95% VaR passed off as 99% is breached about five times too often
    KupiecPof.Result wrong = KupiecPof.test(pnl, var95, 0.99);
    assertTrue(wrong.rejects(1e-6), "mislabelled VaR accepted: " + wrong);
  }

  /**
   * One-step-ahead 99% historical VaR from a rolling window kept sorted. A finite window biases the
   * breach rate upwards (the type-7 quantile sits near order statistic {@code h + 1} of {@code n},
   * covering about {@code (h + 1) / (n + 1)}, here 1.04%), hence the long window.
   */
  @Test
  void rollingHistoricalVarBreachesAtNominalRate() {
    double[] x = normalSeries(77L);
    int window = 2500;
    double[] sorted = Arrays.copyOf(x, window);
    Arrays.sort(sorted);
    double[] pnl = Arrays.copyOfRange(x, window, SERIES);
    double[] var = new double[pnl.length];
    double[] tooLow = new double[pnl.length];
    for (int t = window; t < SERIES; t++) {
      var[t - window] = -HistoricalRisk.quantileSorted(sorted, 0.01);
      tooLow[t - window] = 0.7 * var[t - window];
      slide(sorted, x[t - window], x[t]);
    }
    KupiecPof.Result ok = KupiecPof.test(pnl, var, 0.99);
    assertTrue(ok.pValue() > 0.01, "nominal 99% VaR rejected: " + ok);
    double rate = (double) ok.breaches() / ok.observations();
    assertEquals(0.01, rate, 0.002);

    KupiecPof.Result wrong = KupiecPof.test(pnl, tooLow, 0.99);
    assertTrue(wrong.rejects(1e-6), "understated VaR accepted: " + wrong);
  }

  /** Replaces {@code out} by {@code in} in the ascending array {@code sorted}. */
  private static void slide(double[] sorted, double out, double in) {
    int n = sorted.length;
    int i = Arrays.binarySearch(sorted, out);
    System.arraycopy(sorted, i + 1, sorted, i, n - 1 - i);
    int j = Arrays.binarySearch(sorted, 0, n - 1, in);
    if (j < 0) {
      j = -j - 1;
    }
    System.arraycopy(sorted, j, sorted, j + 1, n - 1 - j);
    sorted[j] = in;
  }
}
