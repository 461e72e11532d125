package com.marketmaker.core.portfolio.wavelet;

import com.marketmaker.core.testdata.JsonFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * PyWavelets {@code swt(x, wavelet, level, norm=True, trim_approx=True)} output read from {@code
 * fixtures/wavelet/NAME.json} (written by {@code core/src/test/fixtures/wavelet/generate.py}).
 *
 * @param swt pywt order: {@code swt[0]} = cA_J, {@code swt[k]} = cD_{J+1-k} for k = 1..J
 */
record WaveletFixture(
    String name, String wavelet, int levels, double[] decLo, double[] x, double[][] swt) {

  static WaveletFixture load(String name) {
    Map<String, Object> root;
    try {
      root = JsonFixtures.resource("/fixtures/wavelet/" + name + ".json");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new WaveletFixture(
        (String) root.get("name"),
        (String) root.get("wavelet"),
        ((Number) root.get("levels")).intValue(),
        JsonFixtures.doubles(root.get("decLo")),
        JsonFixtures.doubles(root.get("x")),
        JsonFixtures.matrix(root.get("swt")));
  }
}
