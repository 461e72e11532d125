package com.marketmaker.core.portfolio.wavelet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.testdata.JsonFixtures;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link MultiScaleHedge} against numpy least squares on PyWavelets MODWT coefficients, from the
 * fixtures written by {@code core/src/test/fixtures/multiscale_hedge/generate.py} (two seeded
 * cointegrated systems and the ETHUSD/BTCUSD one-minute closes of 2017-09-03).
 */
class MultiScaleHedgeFixtureTest {

  private static final double REL = 1e-6;

  /** pywt wavelet name to filter; the mapping is derived in {@link ModwtTest}. */
  private static WaveletFilter filterFor(String pywtName) {
    return switch (pywtName) {
      case "haar" -> WaveletFilter.HAAR;
      case "db2" -> WaveletFilter.D4.reversed();
      case "sym4" -> WaveletFilter.LA8;
      default -> throw new IllegalArgumentException(pywtName);
    };
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"gen_pair_haar", "gen_triple_sym4", "real_eth_btc_db2", "real_eth_btc_sym4"})
  void agreesWithNumpyLeastSquares(String name) throws IOException {
    Map<String, Object> f = JsonFixtures.resource("/fixtures/multiscale_hedge/" + name + ".json");
    WaveletFilter filter = filterFor((String) f.get("wavelet"));
    assertArrayEquals(JsonFixtures.doubles(f.get("decLo")), filter.scaling(), 1e-11);
    int levels = num(f, "levels");
    int low = num(f, "low");
    int high = num(f, "high");
    double[] y = JsonFixtures.doubles(f.get("y"));
    double[][] xs = JsonFixtures.matrix(f.get("xs"));

    MultiScaleHedgeResult r = MultiScaleHedge.fit(y, xs, filter, levels, low, high);

    assertEquals(low, r.lowLevel());
    assertEquals(high, r.highLevel());
    assertRel(JsonFixtures.doubles(f.get("bandWeights")), r.bandWeights(), name + " band");
    double[] free = JsonFixtures.doubles(f.get("boundaryFreeCoefficients"));
    List<?> levelWeights = (List<?>) f.get("levelWeights");
    List<?> removed = (List<?>) f.get("energyRemovedShare");
    double[] spread = JsonFixtures.doubles(f.get("spreadWaveletVariance"));
    double[] target = JsonFixtures.doubles(f.get("targetWaveletVariance"));
    for (int j = 1; j <= levels; j++) {
      String at = name + " level " + j;
      assertEquals((int) free[j - 1], r.boundaryFreeCoefficients()[j - 1], at + " M_j");
      assertRel(JsonFixtures.doubles(levelWeights.get(j - 1)), r.levelWeights(j), at + " weights");
      assertRel(spread[j - 1], r.spreadWaveletVariance()[j - 1], at + " spread variance");
      assertRel(target[j - 1], r.targetWaveletVariance()[j - 1], at + " target variance");
      double share = ((Number) removed.get(j - 1)).doubleValue();
      // the share is a difference of two numbers of similar size: compare it absolutely
      assertEquals(share, r.energyRemovedShare(j), REL, at + " energy removed");
    }
    assertTrue(r.bandEnergyRemovedShare() <= 1.0);
  }

  private static int num(Map<String, Object> f, String key) {
    return ((Number) f.get(key)).intValue();
  }

  private static void assertRel(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what + " length");
    for (int i = 0; i < expected.length; i++) {
      assertRel(expected[i], actual[i], what + "[" + i + "]");
    }
  }

  private static void assertRel(double expected, double actual, String what) {
    assertEquals(expected, actual, REL * Math.abs(expected), what);
  }
}
