package com.marketmaker.core.portfolio.wavelet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tests of {@link Modwt} against PyWavelets and against the MODWT identities.
 *
 * <p>Mapping between pywt's {@code swt(x, name, level=J, norm=True, trim_approx=True)} and the
 * Percival &amp; Walden MODWT computed here (derived and checked in the fixture script):
 *
 * <ul>
 *   <li>pywt lists [cA_J, cD_J, ..., cD_1] (coarsest first); {@code norm=True} already applies the
 *       1/&radic;2 per-level filter rescaling, so no extra factor is needed;
 *   <li>the scaling filter is pywt's {@code dec_lo}: 'haar' = {@link WaveletFilter#HAAR}, 'sym4' =
 *       {@link WaveletFilter#LA8}, 'db2' = {@link WaveletFilter#D4}{@code .reversed()};
 *   <li>pywt's {@code dec_hi} is minus the quadrature mirror used here, and its output is rotated
 *       by s_j = (2^j &minus; 1) L/2: cD_j[t] = &minus;W&#771;_{j,(t+s_j) mod N} and cA_J[t] =
 *       V&#771;_{J,(t+s_J) mod N}.
 * </ul>
 */
class ModwtTest {

  private static final double TOL = 1e-9;

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
      strings = {"btcusd_haar", "btcusd_db2", "btcusd_sym4", "ar1_haar", "ar1_db2", "ar1_sym4"})
  void matchesPywtAfterMapping(String name) {
    WaveletFixture f = WaveletFixture.load(name);
    WaveletFilter filter = filterFor(f.wavelet());
    double[] g = filter.scaling();
    assertEquals(f.decLo().length, g.length);
    for (int l = 0; l < g.length; l++) {
      assertEquals(f.decLo()[l], g[l], 1e-11, "scaling filter tap " + l);
    }
    int levels = f.levels();
    int n = f.x().length;
    int width = filter.width();
    ModwtResult r = Modwt.transform(f.x(), filter, levels);
    double worst = 0;
    for (int j = 1; j <= levels; j++) {
      int shift = (int) ((((1L << j) - 1) * width / 2) % n);
      double[] pywt = f.swt()[levels + 1 - j];
      double[] w = r.wavelet(j);
      for (int t = 0; t < n; t++) {
        worst = Math.max(worst, Math.abs(pywt[t] + w[(t + shift) % n]));
      }
    }
    int shiftJ = (int) ((((1L << levels) - 1) * width / 2) % n);
    for (int t = 0; t < n; t++) {
      worst = Math.max(worst, Math.abs(f.swt()[0][t] - r.scaling()[(t + shiftJ) % n]));
    }
    assertTrue(worst < TOL, name + ": max deviation " + worst);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"btcusd_haar", "btcusd_db2", "btcusd_sym4", "ar1_haar", "ar1_db2", "ar1_sym4"})
  void reconstructsAndPreservesEnergy(String name) {
    WaveletFixture f = WaveletFixture.load(name);
    for (WaveletFilter filter :
        new WaveletFilter[] {WaveletFilter.HAAR, WaveletFilter.D4, WaveletFilter.LA8}) {
      ModwtResult r = Modwt.transform(f.x(), filter, f.levels());
      double[] back = Modwt.inverse(r);
      double scale = 0;
      for (double v : f.x()) {
        scale = Math.max(scale, Math.abs(v));
      }
      for (int t = 0; t < back.length; t++) {
        assertEquals(f.x()[t], back[t], TOL * Math.max(1.0, scale));
      }
      double energy = ModwtResult.sumOfSquares(f.x());
      assertEquals(1.0, r.energy() / energy, TOL, filter.name());
    }
  }

  @Test
  void reconstructsOddLengthAndDeepLevels() {
    Random rnd = new Random(7);
    double[] x = new double[37];
    for (int i = 0; i < x.length; i++) {
      x[i] = rnd.nextGaussian();
    }
    ModwtResult r = Modwt.transform(x, WaveletFilter.LA8, 7);
    double[] back = Modwt.inverse(r);
    for (int t = 0; t < x.length; t++) {
      assertEquals(x[t], back[t], TOL);
    }
    assertEquals(ModwtResult.sumOfSquares(x), r.energy(), TOL * ModwtResult.sumOfSquares(x));
    double[] nu = Modwt.waveletVariance(r);
    assertTrue(Double.isNaN(nu[6]), "no boundary-free coefficient at level 7");
  }

  @Test
  void filtersAreOrthonormalQuadratureMirrors() {
    for (WaveletFilter f :
        new WaveletFilter[] {
          WaveletFilter.HAAR, WaveletFilter.D4, WaveletFilter.LA8, WaveletFilter.D4.reversed()
        }) {
      double[] g = f.scaling();
      double[] h = f.wavelet();
      int width = f.width();
      double sumH = 0;
      for (double v : h) {
        sumH += v;
      }
      assertEquals(0.0, sumH, 1e-12, f.name());
      for (int shift = 0; shift < width; shift += 2) {
        double gg = 0;
        double hh = 0;
        double gh = 0;
        double hg = 0;
        for (int l = 0; l + shift < width; l++) {
          gg += g[l] * g[l + shift];
          hh += h[l] * h[l + shift];
        }
        for (int l = 0; l < width; l++) {
          if (l + shift < width) {
            gh += g[l] * h[l + shift];
          }
          if (l - shift >= 0) {
            hg += g[l] * h[l - shift];
          }
        }
        double expected = shift == 0 ? 1.0 : 0.0;
        assertEquals(expected, gg, 1e-12, f.name() + " g shift " + shift);
        assertEquals(expected, hh, 1e-12, f.name() + " h shift " + shift);
        assertEquals(0.0, gh, 1e-12, f.name() + " g/h shift " + shift);
        assertEquals(0.0, hg, 1e-12, f.name() + " h/g shift " + shift);
      }
      double[] gt = f.modwtScaling();
      assertEquals(g[0] / Math.sqrt(2.0), gt[0], 1e-15);
    }
    assertThrows(
        IllegalArgumentException.class, () -> WaveletFilter.ofScaling("bad", new double[] {1, 1}));
  }

  @Test
  void whiteNoiseWaveletVarianceIsSigmaSquaredOverTwoToTheJ() {
    int n = 1 << 15;
    double sigma = 1.7;
    Random rnd = new Random(20260903L);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = sigma * rnd.nextGaussian();
    }
    for (WaveletFilter filter :
        new WaveletFilter[] {WaveletFilter.HAAR, WaveletFilter.D4, WaveletFilter.LA8}) {
      double[] nu = Modwt.waveletVariance(Modwt.transform(x, filter, 6));
      for (int j = 1; j <= 6; j++) {
        double expected = sigma * sigma / (1 << j);
        // Coefficients are correlated over about 2^j lags, so the estimator's relative standard
        // error is roughly sqrt(2 * 2^j / N); allow five of those.
        double relErr = 5 * Math.sqrt(2.0 * (1 << j) / n);
        assertEquals(expected, nu[j - 1], relErr * expected, filter.name() + " level " + j);
      }
    }
  }
}
