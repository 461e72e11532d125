package com.marketmaker.core.portfolio.book;

/**
 * Settings of a {@link CointegrationScan}.
 *
 * @param significance the level α (or FDR q) at which adjusted p-values count, in (0, 1)
 * @param correction the multiple-testing adjustment over all pairs tested
 * @param minHalfLifeBars the shortest accepted half-life, bars (≥ 0)
 * @param maxHalfLifeBars the longest accepted half-life, bars (&gt; minHalfLifeBars; may be +∞)
 * @param adfMaxLag the largest ADF lag searched by AIC on each spread; −1 for the Schwert default
 *     ⌈12 (n/100)^{1/4}⌉ of statsmodels' {@code coint} (exact {@code EngleGranger} agreement, cost
 *     growing with n); a value above that default is capped at it
 * @param zScoreWindowBars the window of the current z-score, bars; 0 for the whole sample
 * @param maxBars the largest number of bars taken from {@link PriceBars}
 * @param waveletFilter the multi-scale hedge filter: {@code HAAR}, {@code D4} or {@code LA8}
 * @param waveletLevels the MODWT levels J
 * @param bandLowLevel the lowest level of the hedge band, 1..J
 * @param bandHighLevel the highest level of the hedge band, bandLowLevel..J
 * @param johansenLags the lagged differences of the Johansen test on groups
 * @param jumpThreshold θ of the {@link com.marketmaker.core.portfolio.cointegration.JumpFilter}
 *     whose jumps the scan's regressions leave out, in standard deviations of a series' increments
 *     that are not jumps; 0 to keep every bar
 */
public record ScanConfig(
    double significance,
    MultipleTesting.Correction correction,
    double minHalfLifeBars,
    double maxHalfLifeBars,
    int adfMaxLag,
    int zScoreWindowBars,
    int maxBars,
    String waveletFilter,
    int waveletLevels,
    int bandLowLevel,
    int bandHighLevel,
    int johansenLags,
    double jumpThreshold) {

  /** The default θ of the jump filter, standard deviations. */
  public static final double DEFAULT_JUMP_THRESHOLD = 5.0;

  /** Validates the settings. */
  public ScanConfig {
    if (!(significance > 0 && significance < 1)) {
      throw new IllegalArgumentException("significance must be in (0, 1): " + significance);
    }
    if (correction == null) {
      throw new IllegalArgumentException("correction is missing");
    }
    if (!(minHalfLifeBars >= 0) || !(maxHalfLifeBars > minHalfLifeBars)) {
      throw new IllegalArgumentException(
          "half-life bounds must satisfy 0 <= min < max: "
              + minHalfLifeBars
              + ", "
              + maxHalfLifeBars);
    }
    if (adfMaxLag < -1) {
      throw new IllegalArgumentException("adfMaxLag must be >= -1: " + adfMaxLag);
    }
    if (zScoreWindowBars < 0 || zScoreWindowBars == 1) {
      throw new IllegalArgumentException("zScoreWindowBars must be 0 or >= 2: " + zScoreWindowBars);
    }
    if (maxBars < CointegrationScan.MIN_BARS) {
      throw new IllegalArgumentException("maxBars must be >= " + CointegrationScan.MIN_BARS);
    }
    CointegrationScan.filter(waveletFilter);
    if (waveletLevels < 1
        || bandLowLevel < 1
        || bandHighLevel < bandLowLevel
        || bandHighLevel > waveletLevels) {
      throw new IllegalArgumentException(
          "need 1 <= bandLow <= bandHigh <= levels: "
              + bandLowLevel
              + ", "
              + bandHighLevel
              + ", "
              + waveletLevels);
    }
    if (johansenLags < 0) {
      throw new IllegalArgumentException("johansenLags must be >= 0: " + johansenLags);
    }
    if (!(jumpThreshold >= 0) || Double.isInfinite(jumpThreshold)) {
      throw new IllegalArgumentException(
          "jumpThreshold must be 0 (off) or positive and finite: " + jumpThreshold);
    }
  }

  /**
   * The defaults: 5% with Benjamini–Hochberg, half-life 1 to 500 bars, ADF lag searched up to 12,
   * z-score over the whole sample, up to 2,000 bars, LA8 over levels 1–4, one Johansen lag, bars
   * with a jump beyond {@value #DEFAULT_JUMP_THRESHOLD} standard deviations left out of the tests.
   */
  public static ScanConfig defaults() {
    return new ScanConfig(
        0.05,
        MultipleTesting.Correction.BENJAMINI_HOCHBERG,
        1,
        500,
        12,
        0,
        2000,
        "LA8",
        4,
        1,
        4,
        1,
        DEFAULT_JUMP_THRESHOLD);
  }

  /** A copy with another significance and correction. */
  public ScanConfig withTest(double significance, MultipleTesting.Correction correction) {
    return new ScanConfig(
        significance,
        correction,
        minHalfLifeBars,
        maxHalfLifeBars,
        adfMaxLag,
        zScoreWindowBars,
        maxBars,
        waveletFilter,
        waveletLevels,
        bandLowLevel,
        bandHighLevel,
        johansenLags,
        jumpThreshold);
  }

  /** A copy with other half-life bounds, bars. */
  public ScanConfig withHalfLifeBars(double minBars, double maxBars) {
    return new ScanConfig(
        significance,
        correction,
        minBars,
        maxBars,
        adfMaxLag,
        zScoreWindowBars,
        this.maxBars,
        waveletFilter,
        waveletLevels,
        bandLowLevel,
        bandHighLevel,
        johansenLags,
        jumpThreshold);
  }

  /** A copy with another ADF lag cap (−1 for the Schwert default). */
  public ScanConfig withAdfMaxLag(int lag) {
    return new ScanConfig(
        significance,
        correction,
        minHalfLifeBars,
        maxHalfLifeBars,
        lag,
        zScoreWindowBars,
        maxBars,
        waveletFilter,
        waveletLevels,
        bandLowLevel,
        bandHighLevel,
        johansenLags,
        jumpThreshold);
  }

  /** A copy with another wavelet filter, level count and band. */
  public ScanConfig withWavelet(String filter, int levels, int low, int high) {
    return new ScanConfig(
        significance,
        correction,
        minHalfLifeBars,
        maxHalfLifeBars,
        adfMaxLag,
        zScoreWindowBars,
        maxBars,
        filter,
        levels,
        low,
        high,
        johansenLags,
        jumpThreshold);
  }

  /** A copy with another jump threshold θ (0: no filter). */
  public ScanConfig withJumpThreshold(double threshold) {
    return new ScanConfig(
        significance,
        correction,
        minHalfLifeBars,
        maxHalfLifeBars,
        adfMaxLag,
        zScoreWindowBars,
        maxBars,
        waveletFilter,
        waveletLevels,
        bandLowLevel,
        bandHighLevel,
        johansenLags,
        threshold);
  }
}
