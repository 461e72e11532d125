package com.marketmaker.core.portfolio.wavelet;

/**
 * Output of {@link Modwt#transform}: the wavelet coefficients W&#771;<sub>1</sub>, ...,
 * W&#771;<sub>J</sub> and the scaling coefficients V&#771;<sub>J</sub>, each of the input length N,
 * together with the filter used.
 *
 * <p>Arrays are returned as given; callers must not modify them if they want the record to stay
 * consistent.
 *
 * @param filter the wavelet/scaling filter pair
 * @param wavelet wavelet coefficients, {@code wavelet[j-1]} = W&#771;<sub>j</sub>, j = 1..J
 * @param scaling scaling coefficients V&#771;<sub>J</sub>
 */
public record ModwtResult(WaveletFilter filter, double[][] wavelet, double[] scaling) {

  /** Number of levels J. */
  public int levels() {
    return wavelet.length;
  }

  /** Series length N. */
  public int length() {
    return scaling.length;
  }

  /**
   * Wavelet coefficients at level j.
   *
   * @param level j in 1..J
   * @return W&#771;<sub>j</sub>
   */
  public double[] wavelet(int level) {
    return wavelet[level - 1];
  }

  /**
   * Energy &Sigma;<sub>j</sub> &Vert;W&#771;<sub>j</sub>&Vert;<sup>2</sup> +
   * &Vert;V&#771;<sub>J</sub>&Vert;<sup>2</sup>, equal to &Vert;X&Vert;<sup>2</sup> for the MODWT
   * (Percival &amp; Walden, 2000, ch. 5).
   *
   * @return the total energy of the coefficients
   */
  public double energy() {
    double e = sumOfSquares(scaling);
    for (double[] w : wavelet) {
      e += sumOfSquares(w);
    }
    return e;
  }

  /**
   * Energy of level j, &Vert;W&#771;<sub>j</sub>&Vert;<sup>2</sup>.
   *
   * @param level j in 1..J
   * @return the level energy
   */
  public double waveletEnergy(int level) {
    return sumOfSquares(wavelet[level - 1]);
  }

  static double sumOfSquares(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v * v;
    }
    return s;
  }
}
