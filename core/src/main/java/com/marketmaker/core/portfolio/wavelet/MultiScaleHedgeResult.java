package com.marketmaker.core.portfolio.wavelet;

/**
 * Output of {@link MultiScaleHedge#fit}: the band hedge weights and, for every MODWT level j =
 * 1..J, the single-level weights and the wavelet variances before and after hedging.
 *
 * <p>Level j corresponds to the scale &tau;<sub>j</sub> = 2<sup>j&minus;1</sup> sampling intervals.
 * Wavelet variances are the unbiased MODWT estimates of Percival &amp; Walden (2000), eq. (306b)
 * ({@link Modwt#waveletVariance}), in squared price units of the target; they are {@code NaN} where
 * the level has no boundary-free coefficient. The record copies its arrays on construction and on
 * access, so it is immutable.
 *
 * @param filter the wavelet filter used
 * @param lowLevel lowest level of the band, 1-based
 * @param highLevel highest level of the band
 * @param bandWeights the band weights &beta;<sub>1..k</sub>: units of target price per unit of
 *     hedge price
 * @param levelWeights {@code levelWeights[j-1][i]}: weight of hedge i fitted on level j alone;
 *     {@code NaN} where level j has no more boundary-free coefficients than hedges or they are
 *     collinear
 * @param spreadWaveletVariance {@code [j-1]}: &nu;<sup>2</sup>(&tau;<sub>j</sub>) of the spread y
 *     &minus; &Sigma; &beta;<sub>i</sub> x<sub>i</sub> hedged with the band weights
 * @param targetWaveletVariance {@code [j-1]}: &nu;<sup>2</sup>(&tau;<sub>j</sub>) of the unhedged
 *     target y
 * @param boundaryFreeCoefficients {@code [j-1]}: M<sub>j</sub> = max(0, N &minus; L<sub>j</sub> +
 *     1), the number of coefficients used at level j
 */
public record MultiScaleHedgeResult(
    WaveletFilter filter,
    int lowLevel,
    int highLevel,
    double[] bandWeights,
    double[][] levelWeights,
    double[] spreadWaveletVariance,
    double[] targetWaveletVariance,
    int[] boundaryFreeCoefficients) {

  /** Copies the arrays and checks their shapes agree. */
  public MultiScaleHedgeResult {
    int levels = levelWeights.length;
    if (spreadWaveletVariance.length != levels
        || targetWaveletVariance.length != levels
        || boundaryFreeCoefficients.length != levels) {
      throw new IllegalArgumentException("per-level arrays must all have length " + levels);
    }
    if (lowLevel < 1 || highLevel > levels || lowLevel > highLevel) {
      throw new IllegalArgumentException(
          "band [" + lowLevel + ", " + highLevel + "] outside 1.." + levels);
    }
    bandWeights = bandWeights.clone();
    levelWeights = deepCopy(levelWeights);
    spreadWaveletVariance = spreadWaveletVariance.clone();
    targetWaveletVariance = targetWaveletVariance.clone();
    boundaryFreeCoefficients = boundaryFreeCoefficients.clone();
  }

  /** Number of MODWT levels J. */
  public int levels() {
    return levelWeights.length;
  }

  /** Number of hedge series k. */
  public int hedges() {
    return bandWeights.length;
  }

  /** The band weights &beta;; a copy. */
  @Override
  public double[] bandWeights() {
    return bandWeights.clone();
  }

  /** All single-level weights, {@code [j-1][i]}; a copy. */
  @Override
  public double[][] levelWeights() {
    return deepCopy(levelWeights);
  }

  /**
   * Weights fitted on one level alone.
   *
   * @param level j in 1..J
   * @return a copy of the k weights
   */
  public double[] levelWeights(int level) {
    checkLevel(level);
    return levelWeights[level - 1].clone();
  }

  /** Spread wavelet variances by level; a copy. */
  @Override
  public double[] spreadWaveletVariance() {
    return spreadWaveletVariance.clone();
  }

  /** Target wavelet variances by level; a copy. */
  @Override
  public double[] targetWaveletVariance() {
    return targetWaveletVariance.clone();
  }

  /** Boundary-free coefficient counts M<sub>j</sub> by level; a copy. */
  @Override
  public int[] boundaryFreeCoefficients() {
    return boundaryFreeCoefficients.clone();
  }

  /**
   * Share of the unhedged target's boundary-free wavelet energy at level j that the band hedge
   * removes, 1 &minus; &nu;<sup>2</sup><sub>spread</sub>(&tau;<sub>j</sub>) /
   * &nu;<sup>2</sup><sub>y</sub>(&tau;<sub>j</sub>). It is at most 1 and negative when hedging adds
   * energy at that scale; {@code NaN} when the level has no boundary-free coefficient or the target
   * has no energy there.
   *
   * @param level j in 1..J
   * @return the share removed
   */
  public double energyRemovedShare(int level) {
    checkLevel(level);
    double target = targetWaveletVariance[level - 1];
    if (!(target > 0.0)) {
      return Double.NaN;
    }
    return 1.0 - spreadWaveletVariance[level - 1] / target;
  }

  /**
   * Share of the target's boundary-free wavelet energy over the whole band that the band hedge
   * removes, 1 &minus; &Sigma;<sub>j</sub> M<sub>j</sub> &nu;<sup>2</sup><sub>spread</sub> /
   * &Sigma;<sub>j</sub> M<sub>j</sub> &nu;<sup>2</sup><sub>y</sub> over j in the band: one minus
   * the minimised objective divided by the target's energy in it.
   *
   * @return the share removed over the band
   */
  public double bandEnergyRemovedShare() {
    double spread = 0.0;
    double target = 0.0;
    for (int j = lowLevel; j <= highLevel; j++) {
      spread += boundaryFreeCoefficients[j - 1] * spreadWaveletVariance[j - 1];
      target += boundaryFreeCoefficients[j - 1] * targetWaveletVariance[j - 1];
    }
    return target > 0.0 ? 1.0 - spread / target : Double.NaN;
  }

  private void checkLevel(int level) {
    if (level < 1 || level > levelWeights.length) {
      throw new IllegalArgumentException(
          "level must be in 1.." + levelWeights.length + ", got " + level);
    }
  }

  private static double[][] deepCopy(double[][] a) {
    double[][] out = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].clone();
    }
    return out;
  }
}
