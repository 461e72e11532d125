package com.marketmaker.core.portfolio.cointegration;

import static com.marketmaker.core.portfolio.cointegration.Fixtures.doubles;
import static com.marketmaker.core.portfolio.cointegration.Fixtures.list;
import static com.marketmaker.core.portfolio.cointegration.Fixtures.map;
import static com.marketmaker.core.portfolio.cointegration.Fixtures.num;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.testdata.JsonFixtures;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Johansen test results against statsmodels' {@code coint_johansen}, from the fixtures that {@code
 * src/test/fixtures/johansen/generate.py} wrote.
 */
class JohansenTest {

  static final double REL = 1e-6;
  static final double DIRECTION = 1e-6;

  @Test
  void realBtcEthCloses() throws IOException {
    Map<String, Object> fx = json("real.json");
    TreeMap<Long, Double> btc = Fixtures.closes("bars/btcusd_20170903_trade.zip");
    TreeMap<Long, Double> eth = Fixtures.closes("bars/ethusd_20170903_trade.zip");
    List<double[]> rows = new ArrayList<>();
    for (Map.Entry<Long, Double> en : btc.entrySet()) {
      Double other = eth.get(en.getKey());
      if (other != null) {
        rows.add(new double[] {en.getValue(), other});
      }
    }
    assertEquals(num(fx.get("n")), rows.size());
    double[][] y = rows.toArray(new double[0][]);
    for (Object c : list(fx.get("cases"))) {
      check(y, map(c));
    }
  }

  @Test
  void generatedSystemAgreesAndHasRankOne() throws IOException {
    Map<String, Object> fx = json("generated.json");
    List<Object> s = list(fx.get("series"));
    double[][] y = new double[s.size()][];
    for (int i = 0; i < y.length; i++) {
      y[i] = doubles(s.get(i));
    }
    for (Object c : list(fx.get("cases"))) {
      check(y, map(c));
    }
    Map<String, Object> truth = map(fx.get("truth"));
    JohansenResult r = Johansen.test(y, 0, 1);
    int rank = (int) num(truth.get("rank"));
    assertEquals(rank, r.traceRank(1));
    assertEquals(rank, r.maxEigenRank(1));
    // the leading vector recovers the true relation up to scale (sampling error only)
    double[] beta = doubles(truth.get("cointegratingVector"));
    double[] v = r.eigenvectors()[0];
    for (int j = 0; j < beta.length; j++) {
      assertEquals(beta[j], v[j] * beta[2] / v[2], 0.05, "beta " + j);
    }
  }

  @Test
  void independentWalksHaveRankZero() {
    java.util.Random rnd = new java.util.Random(7);
    double[][] y = new double[800][3];
    for (int t = 1; t < y.length; t++) {
      for (int j = 0; j < 3; j++) {
        y[t][j] = y[t - 1][j] + rnd.nextGaussian();
      }
    }
    JohansenResult r = Johansen.test(y, 0, 1);
    assertEquals(0, r.traceRank(1));
    assertEquals(3, r.k());
    assertEquals(y.length - 2, r.nobs());
  }

  @Test
  void criticalValueTablesAndArguments() {
    assertArrayEquals(new double[] {13.4294, 15.4943, 19.9349}, Johansen.traceCritical(0, 2));
    assertArrayEquals(new double[] {76.4081, 79.9878, 87.2395}, Johansen.maxEigenCritical(1, 12));
    assertArrayEquals(new double[] {2.9762, 4.1296, 6.9406}, Johansen.traceCritical(-1, 1));
    assertTrue(Double.isNaN(Johansen.traceCritical(0, 13)[1]));
    double[][] y = new double[50][2];
    assertThrows(IllegalArgumentException.class, () -> Johansen.test(y, 2, 1));
    assertThrows(IllegalArgumentException.class, () -> Johansen.test(y, 0, -1));
  }

  private static void check(double[][] y, Map<String, Object> c) {
    int det = (int) num(c.get("detOrder"));
    int lags = (int) num(c.get("kArDiff"));
    String tag = "det=" + det + " lags=" + lags;
    JohansenResult r = Johansen.test(y, det, lags);
    double[] eig = doubles(c.get("eigenvalues"));
    relative(tag + " eigenvalues", eig, r.eigenvalues());
    relative(tag + " trace", doubles(c.get("traceStatistics")), r.traceStatistics());
    relative(tag + " maxEigen", doubles(c.get("maxEigenStatistics")), r.maxEigenStatistics());
    List<Object> tc = list(c.get("traceCriticalValues"));
    List<Object> mc = list(c.get("maxEigenCriticalValues"));
    List<Object> evec = list(c.get("eigenvectors"));
    int k = eig.length;
    for (int i = 0; i < k; i++) {
      assertArrayEquals(doubles(tc.get(i)), r.traceCriticalValues()[i], tag + " trace cv " + i);
      assertArrayEquals(doubles(mc.get(i)), r.maxEigenCriticalValues()[i], tag + " max cv " + i);
      double[] expected = new double[k];
      for (int j = 0; j < k; j++) {
        expected[j] = doubles(evec.get(j))[i]; // statsmodels stores vectors as columns
      }
      double[] a = unit(expected);
      double[] b = unit(r.eigenvectors()[i]);
      double sign = Math.signum(dot(a, b));
      for (int j = 0; j < k; j++) {
        assertEquals(a[j], sign * b[j], DIRECTION, tag + " vector " + i + "[" + j + "]");
      }
    }
  }

  private static void relative(String what, double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      double tol = REL * Math.abs(expected[i]);
      assertEquals(expected[i], actual[i], tol, what + "[" + i + "]");
    }
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double[] unit(double[] v) {
    double norm = Math.sqrt(dot(v, v));
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] / norm;
    }
    return out;
  }

  private static Map<String, Object> json(String name) throws IOException {
    return JsonFixtures.resource("/fixtures/johansen/" + name);
  }
}
