package com.marketmaker.core.portfolio.cointegration;

import static com.marketmaker.core.portfolio.cointegration.Fixtures.doubles;
import static com.marketmaker.core.portfolio.cointegration.Fixtures.map;
import static com.marketmaker.core.portfolio.cointegration.Fixtures.num;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The generated cointegrated pair's known vector and half-life are recovered within their sampling
 * error, and on independent random walks the 5% test rejects about 5% of the time.
 */
class RecoveryAndSizeTest {

  @Test
  void recoversHedgeRatioAndHalfLife() throws IOException {
    Map<String, Object> fx = Fixtures.json("generated.json");
    Map<String, Object> series = map(fx.get("series"));
    Map<String, Object> truth = map(fx.get("truth"));
    double[] x1 = doubles(series.get("x1"));
    double[] y = doubles(series.get("y"));
    EngleGranger.Result r = EngleGranger.test(y, x1);
    assertTrue(r.rejectsAt5Percent(), "cointegrated pair not detected: " + r.statistic());
    assertTrue(r.pValue() < 0.01, "p-value " + r.pValue());

    // Sampling error of the cointegrating slope: the OLS standard error scaled by the AR(1)
    // long-run to short-run variance ratio sqrt((1 + phi) / (1 - phi)) of the spread.
    double[] design1 = x1;
    double mean = 0;
    for (double v : design1) {
      mean += v;
    }
    mean /= design1.length;
    double sxx = 0;
    double ssr = 0;
    for (int t = 0; t < y.length; t++) {
      sxx += (design1[t] - mean) * (design1[t] - mean);
      ssr += r.spread()[t] * r.spread()[t];
    }
    double[] rev = EngleGranger.meanReversion(r.spread());
    double phi = 1 + rev[0];
    double seNaive = Math.sqrt(ssr / (y.length - 2) / sxx);
    double seSlope = seNaive * Math.sqrt((1 + phi) / (1 - phi));
    double trueRatio = num(truth.get("hedgeRatio"));
    System.out.printf(
        "hedge ratio %.5f (true %.2f, se %.5f); half-life follows%n",
        r.hedgeRatios()[0], trueRatio, seSlope);
    assertEquals(trueRatio, r.hedgeRatios()[0], 3 * seSlope, "hedge ratio, se " + seSlope);

    // Half-life by the delta method: dh/dbeta = ln 2 / ((1 + beta) ln^2(1 + beta)).
    double beta = rev[0];
    double lnPhi = Math.log1p(beta);
    double seHalfLife = Math.log(2) / ((1 + beta) * lnPhi * lnPhi) * rev[1];
    double halfLife = EngleGranger.halfLife(r.spread());
    System.out.printf(
        "half-life %.4f (true %.4f, se %.4f)%n", halfLife, num(truth.get("halfLife")), seHalfLife);
    assertEquals(
        num(truth.get("halfLife")), halfLife, 3 * seHalfLife, "half-life, se " + seHalfLife);
    assertEquals(-Math.log(2) / Math.log(num(truth.get("phi"))), num(truth.get("halfLife")), 1e-12);
  }

  @Test
  void recoversBasketVector() throws IOException {
    Map<String, Object> fx = Fixtures.json("generated.json");
    Map<String, Object> series = map(fx.get("series"));
    double[] truth = doubles(map(fx.get("truth")).get("basketRatios"));
    EngleGranger.Result r =
        EngleGranger.test(
            doubles(series.get("basket")),
            new double[][] {doubles(series.get("x1")), doubles(series.get("x2"))});
    assertEquals(3, r.nSeries());
    assertTrue(r.rejectsAt5Percent());
    for (int i = 0; i < truth.length; i++) {
      assertEquals(truth[i], r.hedgeRatios()[i], 0.1, "basket ratio " + i);
    }
  }

  @Test
  void sizeOnIndependentRandomWalks() {
    SplittableRandom rng = new SplittableRandom(20170903L);
    int pairs = 200;
    int n = 500;
    int rejections = 0;
    for (int k = 0; k < pairs; k++) {
      double[] a = walk(rng, n);
      double[] b = walk(rng, n);
      if (EngleGranger.test(a, b).rejectsAt5Percent()) {
        rejections++;
      }
    }
    double expected = 0.05 * pairs;
    double sd = Math.sqrt(pairs * 0.05 * 0.95);
    System.out.printf("5%% test on %d independent walk pairs: %d rejections%n", pairs, rejections);
    assertEquals(expected, rejections, 3 * sd, "rejections of " + pairs);
  }

  @Test
  void zScoreOfLatestValue() {
    double[] s = {9, 1, 2, 3, 4, 5};
    // window of the last 5: mean 3, sample std sqrt(2.5)
    assertEquals(2 / Math.sqrt(2.5), EngleGranger.zScore(s, 5), 1e-12);
    assertEquals(Double.POSITIVE_INFINITY, EngleGranger.halfLifeOf(0.0));
    assertEquals(1.0, EngleGranger.halfLifeOf(-0.5), 1e-12);
  }

  static double[] walk(SplittableRandom rng, int n) {
    double[] w = new double[n];
    double level = 0;
    for (int t = 0; t < n; t++) {
      level += gaussian(rng);
      w[t] = level;
    }
    return w;
  }

  /** A standard normal draw by Box–Muller. */
  static double gaussian(SplittableRandom rng) {
    double u = 1.0 - rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
  }
}
