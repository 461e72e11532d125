package com.marketmaker.core.portfolio.book;

import com.marketmaker.core.portfolio.risk.DrawdownEstimate;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of {@link PortfolioRisk}: VaR and CVaR by method and confidence, and the drawdown
 * probability. All money figures are losses in US dollars, positive for a loss.
 *
 * @param instruments the instruments in the estimate, in the order of {@code notionalsUsd}
 * @param notionalsUsd their signed notionals, US dollars
 * @param excludedInstruments instruments with a position left out: unconverted quote currency or no
 *     bars
 * @param returns the number of bar returns used
 * @param horizonBars the horizon H of the scaled figures
 * @param sufficientData false when there were fewer returns than the configured minimum; then
 *     {@code estimates} is empty and {@code drawdown} null
 * @param meanPnlPerBarUsd the sample mean of the bar P&amp;L
 * @param sdPnlPerBarUsd its sample standard deviation
 * @param estimates one entry per method and confidence (95% then 99%), methods in declaration order
 * @param drawdown the drawdown estimate over the configured horizon, or null when not configured or
 *     without data
 */
public record RiskResult(
    List<String> instruments,
    double[] notionalsUsd,
    List<String> excludedInstruments,
    int returns,
    int horizonBars,
    boolean sufficientData,
    double meanPnlPerBarUsd,
    double sdPnlPerBarUsd,
    List<MethodRisk> estimates,
    DrawdownEstimate drawdown) {

  /** Copies the lists and the array. */
  public RiskResult {
    notionalsUsd = notionalsUsd.clone();
    instruments = List.copyOf(instruments);
    excludedInstruments = List.copyOf(excludedInstruments);
    estimates = List.copyOf(estimates);
  }

  /** The estimation methods. */
  public enum Method {
    /** Empirical quantile and tail mean of the bar P&amp;L series. */
    HISTORICAL,
    /** Normal with the P&amp;L series' mean and standard deviation. */
    GAUSSIAN,
    /** Cornish–Fisher modified quantile from the P&amp;L series' four moments. */
    CORNISH_FISHER,
    /** Simulated multivariate normal returns with the estimated mean and covariance. */
    MONTE_CARLO_NORMAL,
    /** Simulated multivariate Student-t returns with the estimated mean and covariance. */
    MONTE_CARLO_STUDENT_T
  }

  /**
   * VaR and CVaR of one method at one confidence.
   *
   * @param method the method
   * @param confidence 0.95 or 0.99
   * @param varPerBarUsd VaR of one bar's P&amp;L
   * @param cvarPerBarUsd CVaR of one bar's P&amp;L
   * @param varHorizonUsd varPerBarUsd × √H
   * @param cvarHorizonUsd cvarPerBarUsd × √H
   */
  public record MethodRisk(
      Method method,
      double confidence,
      double varPerBarUsd,
      double cvarPerBarUsd,
      double varHorizonUsd,
      double cvarHorizonUsd) {}

  /** The notionals; a copy. */
  @Override
  public double[] notionalsUsd() {
    return notionalsUsd.clone();
  }

  /** The entry of a method and confidence, if estimated. */
  public Optional<MethodRisk> estimate(Method method, double confidence) {
    for (MethodRisk m : estimates) {
      if (m.method() == method && m.confidence() == confidence) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /**
   * The largest horizon CVaR at {@code confidence} over the methods (the most conservative), NaN
   * without estimates.
   */
  public double maxCvarHorizonUsd(double confidence) {
    double max = Double.NaN;
    for (MethodRisk m : estimates) {
      double v = m.cvarHorizonUsd();
      if (m.confidence() == confidence && !Double.isNaN(v) && (Double.isNaN(max) || v > max)) {
        max = v;
      }
    }
    return max;
  }
}
