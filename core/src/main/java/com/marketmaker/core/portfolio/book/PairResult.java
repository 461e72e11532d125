package com.marketmaker.core.portfolio.book;

import java.util.List;

/**
 * One pair of a {@link CointegrationScan}: the Engle–Granger regression y = intercept +
 * hedgeRatio·x + spread of the later-listed instrument y on the earlier-listed x, its test and the
 * spread's mean reversion. Prices are closes in quote currency; the spread is in y's quote
 * currency.
 *
 * @param y the dependent instrument (later in the scan's list)
 * @param x the hedge instrument (earlier in the scan's list)
 * @param hedgeRatio β, units of y price per unit of x price
 * @param intercept the regression constant
 * @param adfStatistic the ADF τ of the spread (−∞ when y and x are collinear, NaN when degenerate)
 * @param adfLag the ADF lag chosen by AIC (−1 when not run)
 * @param pValue MacKinnon's (1994) p-value for two series with a constant (1 when degenerate)
 * @param adjustedPValue the p-value after the scan's multiple-testing adjustment
 * @param criticalValue5 the 5% critical value (MacKinnon 2010) at T − 1
 * @param halfLifeBars the spread's AR(1) half-life, bars (+∞ without reversion, NaN when undefined)
 * @param halfLifeSeconds the half-life in seconds, halfLifeBars × bar interval
 * @param zScore the latest spread's z-score over the scan's window
 * @param spreadLast the latest spread value
 * @param spreadStd the spread's sample standard deviation over the same window
 * @param significant whether adjustedPValue ≤ the significance
 * @param halfLifeInBounds whether the half-life lies within the configured bounds
 * @param legsIntegrated whether neither leg is stationary by itself: neither one's own unit-root
 *     test rejects at the scan's leg level ({@link ScanResult#legLevel()})
 * @param cointegrated significant, halfLifeInBounds and legsIntegrated
 * @param multiScale the multi-scale hedge of a cointegrated pair; null otherwise or when the sample
 *     is too short for the band
 */
public record PairResult(
    String y,
    String x,
    double hedgeRatio,
    double intercept,
    double adfStatistic,
    int adfLag,
    double pValue,
    double adjustedPValue,
    double criticalValue5,
    double halfLifeBars,
    double halfLifeSeconds,
    double zScore,
    double spreadLast,
    double spreadStd,
    boolean significant,
    boolean halfLifeInBounds,
    boolean legsIntegrated,
    boolean cointegrated,
    MultiScale multiScale) {

  /**
   * The wavelet-band hedge of y on x ({@link
   * com.marketmaker.core.portfolio.wavelet.MultiScaleHedge}).
   *
   * @param filter the wavelet filter's name
   * @param bandLowLevel the band's lowest level
   * @param bandHighLevel the band's highest level
   * @param bandWeight the band hedge weight, units of y price per unit of x price
   * @param bandEnergyRemovedShare the share of y's wavelet energy over the band the hedge removes
   * @param levels per level 1..J
   */
  public record MultiScale(
      String filter,
      int bandLowLevel,
      int bandHighLevel,
      double bandWeight,
      double bandEnergyRemovedShare,
      List<Level> levels) {
    /** Copies the list. */
    public MultiScale {
      levels = List.copyOf(levels);
    }
  }

  /**
   * One MODWT level.
   *
   * @param level j
   * @param scaleBars the scale τ<sub>j</sub> = 2<sup>j−1</sup>, bars
   * @param scaleSeconds the scale in seconds
   * @param weight the weight fitted on this level alone (NaN without enough coefficients)
   * @param energyRemovedShare the share of y's energy at this level the band hedge removes
   */
  public record Level(
      int level, long scaleBars, double scaleSeconds, double weight, double energyRemovedShare) {}
}
