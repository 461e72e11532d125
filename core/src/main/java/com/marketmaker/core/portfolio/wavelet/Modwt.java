package com.marketmaker.core.portfolio.wavelet;

/**
 * Maximal-overlap discrete wavelet transform (MODWT) with circular boundary conditions.
 *
 * <p>Implements the pyramid algorithm of Percival &amp; Walden (2000), "Wavelet Methods for Time
 * Series Analysis", Cambridge University Press, ch. 5. With V&#771;<sub>0</sub> = X and the MODWT
 * filters h&#771; = h/&radic;2, g&#771; = g/&radic;2 of width L (see {@link WaveletFilter}), level
 * j = 1, ..., J computes, for t = 0, ..., N&minus;1,
 *
 * <pre>
 *   W~_{j,t} = sum_{l=0}^{L-1} h~_l V~_{j-1, (t - 2^{j-1} l) mod N}
 *   V~_{j,t} = sum_{l=0}^{L-1} g~_l V~_{j-1, (t - 2^{j-1} l) mod N}
 * </pre>
 *
 * and the inverse pyramid step is
 *
 * <pre>
 *   V~_{j-1,t} = sum_l h~_l W~_{j, (t + 2^{j-1} l) mod N} + sum_l g~_l V~_{j, (t + 2^{j-1} l) mod N}.
 * </pre>
 *
 * Any length N &ge; 1 is accepted (no power-of-two restriction). The transform preserves energy,
 * &Vert;X&Vert;<sup>2</sup> = &Sigma;<sub>j</sub> &Vert;W&#771;<sub>j</sub>&Vert;<sup>2</sup> +
 * &Vert;V&#771;<sub>J</sub>&Vert;<sup>2</sup>, and the inverse reconstructs X exactly (up to
 * rounding). Filter coefficients are those of Daubechies (1992), "Ten Lectures on Wavelets". The
 * class is stateless.
 */
public final class Modwt {

  private Modwt() {}

  /**
   * Forward MODWT to J levels.
   *
   * @param x series of length N &ge; 1
   * @param filter wavelet/scaling filter pair
   * @param levels J &ge; 1 (at most 30)
   * @return W&#771;<sub>1..J</sub> and V&#771;<sub>J</sub>
   */
  public static ModwtResult transform(double[] x, WaveletFilter filter, int levels) {
    if (x.length == 0) {
      throw new IllegalArgumentException("series must be non-empty");
    }
    if (levels < 1 || levels > 30) {
      throw new IllegalArgumentException("levels must be in 1..30");
    }
    double[] h = filter.modwtWavelet();
    double[] g = filter.modwtScaling();
    int n = x.length;
    double[][] w = new double[levels][];
    double[] v = x.clone();
    for (int j = 1; j <= levels; j++) {
      int step = (int) (((1L << (j - 1))) % n);
      double[] wj = new double[n];
      double[] vj = new double[n];
      for (int t = 0; t < n; t++) {
        double sw = 0;
        double sv = 0;
        int k = t;
        for (int l = 0; l < h.length; l++) {
          sw += h[l] * v[k];
          sv += g[l] * v[k];
          k -= step;
          if (k < 0) {
            k += n;
          }
        }
        wj[t] = sw;
        vj[t] = sv;
      }
      w[j - 1] = wj;
      v = vj;
    }
    return new ModwtResult(filter, w, v);
  }

  /**
   * Inverse MODWT: reconstructs the series from W&#771;<sub>1..J</sub> and V&#771;<sub>J</sub>.
   *
   * @param coefficients output of {@link #transform}
   * @return the series X
   */
  public static double[] inverse(ModwtResult coefficients) {
    WaveletFilter filter = coefficients.filter();
    double[] h = filter.modwtWavelet();
    double[] g = filter.modwtScaling();
    int n = coefficients.length();
    double[] v = coefficients.scaling().clone();
    for (int j = coefficients.levels(); j >= 1; j--) {
      double[] wj = coefficients.wavelet(j);
      if (wj.length != n) {
        throw new IllegalArgumentException("coefficient arrays differ in length");
      }
      int step = (int) (((1L << (j - 1))) % n);
      double[] prev = new double[n];
      for (int t = 0; t < n; t++) {
        double s = 0;
        int k = t;
        for (int l = 0; l < h.length; l++) {
          s += h[l] * wj[k] + g[l] * v[k];
          k += step;
          if (k >= n) {
            k -= n;
          }
        }
        prev[t] = s;
      }
      v = prev;
    }
    return v;
  }

  /**
   * Unbiased MODWT estimator of the wavelet variance at each level (Percival &amp; Walden, 2000,
   * &sect;8.3, eq. (306b)): only coefficients unaffected by the circular boundary are used,
   *
   * <pre>
   *   nu^2(tau_j) = (1 / M_j) sum_{t = L_j - 1}^{N - 1} W~_{j,t}^2,
   *   L_j = (2^j - 1)(L - 1) + 1,   M_j = N - L_j + 1,
   * </pre>
   *
   * where &tau;<sub>j</sub> = 2<sup>j&minus;1</sup> is the scale of level j. For white noise of
   * variance &sigma;<sup>2</sup> the estimand is &sigma;<sup>2</sup>/2<sup>j</sup>.
   *
   * @param coefficients output of {@link #transform}
   * @return array of length J, entry j&minus;1 is the estimate for level j; {@code NaN} where
   *     M<sub>j</sub> &le; 0 (no boundary-free coefficient)
   */
  public static double[] waveletVariance(ModwtResult coefficients) {
    int n = coefficients.length();
    double[] out = new double[coefficients.levels()];
    for (int j = 1; j <= out.length; j++) {
      long lj = coefficients.filter().equivalentWidth(j);
      long mj = n - lj + 1;
      if (mj <= 0) {
        out[j - 1] = Double.NaN;
        continue;
      }
      double[] wj = coefficients.wavelet(j);
      double s = 0;
      for (int t = (int) (lj - 1); t < n; t++) {
        s += wj[t] * wj[t];
      }
      out[j - 1] = s / mj;
    }
    return out;
  }
}
