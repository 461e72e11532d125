package com.marketmaker.core.portfolio.wavelet;

import java.util.Arrays;

/**
 * An orthonormal Daubechies-type wavelet/scaling filter pair for the discrete wavelet transforms.
 *
 * <p>Conventions follow Percival &amp; Walden (2000), "Wavelet Methods for Time Series Analysis",
 * Cambridge University Press, ch. 4&ndash;5: the scaling (low-pass) filter {g<sub>l</sub>} of even
 * width L satisfies &Sigma; g<sub>l</sub> = &radic;2, &Sigma; g<sub>l</sub><sup>2</sup> = 1 and is
 * orthogonal to its even shifts; the wavelet (high-pass) filter is its quadrature mirror
 *
 * <pre>
 *   h_l = (-1)^l g_{L-1-l},   l = 0, ..., L-1.
 * </pre>
 *
 * The maximal-overlap transform uses the rescaled filters h&#771;<sub>l</sub> =
 * h<sub>l</sub>/&radic;2 and g&#771;<sub>l</sub> = g<sub>l</sub>/&radic;2 (P&amp;W ch. 5).
 *
 * <p>The coefficients of {@link #D4} and {@link #LA8} are those tabulated by Daubechies (1992),
 * "Ten Lectures on Wavelets", SIAM, Tables 6.1 and 6.3, in the orderings used by Percival &amp;
 * Walden (D(4) in Daubechies' extremal-phase order, LA(8) in their least-asymmetric order).
 * Instances are immutable.
 */
public final class WaveletFilter {

  private static final double SQRT2 = Math.sqrt(2.0);
  private static final double SQRT3 = Math.sqrt(3.0);

  /** Haar filter, L = 2: g = (1, 1)/&radic;2. */
  public static final WaveletFilter HAAR =
      ofScaling("Haar", new double[] {1.0 / SQRT2, 1.0 / SQRT2});

  /**
   * Daubechies extremal-phase filter D(4) (db2), L = 4: g = (1+&radic;3, 3+&radic;3,
   * 3&minus;&radic;3, 1&minus;&radic;3)/(4&radic;2).
   */
  public static final WaveletFilter D4 =
      ofScaling(
          "D4",
          new double[] {
            (1 + SQRT3) / (4 * SQRT2),
            (3 + SQRT3) / (4 * SQRT2),
            (3 - SQRT3) / (4 * SQRT2),
            (1 - SQRT3) / (4 * SQRT2)
          });

  /** Daubechies least-asymmetric filter LA(8) (sym4), L = 8, in Percival &amp; Walden's order. */
  public static final WaveletFilter LA8 =
      ofScaling(
          "LA8",
          new double[] {
            -0.0757657147893407,
            -0.0296355276459541,
            0.4976186676324578,
            0.8037387518052163,
            0.2978577956055422,
            -0.0992195435769354,
            -0.0126039672622612,
            0.0322231006040713
          });

  private final String name;
  private final double[] scaling;
  private final double[] wavelet;

  private WaveletFilter(String name, double[] scaling) {
    this.name = name;
    this.scaling = scaling;
    int width = scaling.length;
    this.wavelet = new double[width];
    for (int l = 0; l < width; l++) {
      double sign = (l % 2 == 0) ? 1.0 : -1.0;
      wavelet[l] = sign * scaling[width - 1 - l];
    }
  }

  /**
   * Builds a filter pair from a scaling filter; the wavelet filter is its quadrature mirror.
   *
   * @param name label
   * @param scaling scaling filter g of positive even width with unit energy and sum &radic;2
   *     (checked to 1e-10)
   * @return the filter pair
   */
  public static WaveletFilter ofScaling(String name, double[] scaling) {
    if (scaling.length == 0 || scaling.length % 2 != 0) {
      throw new IllegalArgumentException("filter width must be positive and even");
    }
    double sum = 0;
    double energy = 0;
    for (double v : scaling) {
      sum += v;
      energy += v * v;
    }
    if (Math.abs(sum - SQRT2) > 1e-10 || Math.abs(energy - 1.0) > 1e-10) {
      throw new IllegalArgumentException("scaling filter must have sum sqrt(2) and unit energy");
    }
    return new WaveletFilter(name, scaling.clone());
  }

  /**
   * The time-reversed filter pair, built from g<sub>L&minus;1&minus;l</sub>; it is again
   * orthonormal. For instance PyWavelets' decomposition filter {@code db2} is the reversed {@link
   * #D4}.
   *
   * @return the reversed pair
   */
  public WaveletFilter reversed() {
    int width = scaling.length;
    double[] r = new double[width];
    for (int l = 0; l < width; l++) {
      r[l] = scaling[width - 1 - l];
    }
    return new WaveletFilter(name + " reversed", r);
  }

  /** Label of the filter. */
  public String name() {
    return name;
  }

  /** Filter width L. */
  public int width() {
    return scaling.length;
  }

  /** Scaling filter g (DWT normalisation); a copy. */
  public double[] scaling() {
    return scaling.clone();
  }

  /** Wavelet filter h (DWT normalisation); a copy. */
  public double[] wavelet() {
    return wavelet.clone();
  }

  /** MODWT scaling filter g&#771; = g/&radic;2; a copy. */
  public double[] modwtScaling() {
    return scaled(scaling);
  }

  /** MODWT wavelet filter h&#771; = h/&radic;2; a copy. */
  public double[] modwtWavelet() {
    return scaled(wavelet);
  }

  /**
   * Width of the level-j equivalent filter, L<sub>j</sub> = (2<sup>j</sup> &minus; 1)(L &minus; 1)
   * + 1 (P&amp;W ch. 4).
   *
   * @param level j &ge; 1
   * @return L<sub>j</sub>
   */
  public long equivalentWidth(int level) {
    if (level < 1 || level > 62) {
      throw new IllegalArgumentException("level must be in 1..62");
    }
    return ((1L << level) - 1) * (scaling.length - 1) + 1;
  }

  private static double[] scaled(double[] f) {
    double[] out = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      out[i] = f[i] / SQRT2;
    }
    return out;
  }

  @Override
  public String toString() {
    return "WaveletFilter[" + name + ", g=" + Arrays.toString(scaling) + "]";
  }
}
