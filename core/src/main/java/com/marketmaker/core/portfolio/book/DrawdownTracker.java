package com.marketmaker.core.portfolio.book;

/**
 * The running peak of the portfolio's net P&amp;L and the drawdown below it, as the input of the
 * drawdown probability in {@link PortfolioRisk}. Immutable: {@link #update} returns a new value.
 *
 * @param peakUsd the highest net P&amp;L seen, US dollars (starts at 0, the P&amp;L at inception)
 * @param currentUsd the latest net P&amp;L, US dollars
 */
public record DrawdownTracker(double peakUsd, double currentUsd) {

  /** A tracker at inception: peak and current P&amp;L both 0. */
  public static final DrawdownTracker INITIAL = new DrawdownTracker(0, 0);

  /** Checks the values are finite and the peak is not below the current value. */
  public DrawdownTracker {
    if (!Double.isFinite(peakUsd) || !Double.isFinite(currentUsd) || peakUsd < currentUsd) {
      throw new IllegalArgumentException(
          "need finite values with peak >= current: " + peakUsd + ", " + currentUsd);
    }
  }

  /** The tracker after observing net P&amp;L {@code netPnlUsd} (finite). */
  public DrawdownTracker update(double netPnlUsd) {
    return new DrawdownTracker(Math.max(peakUsd, netPnlUsd), netPnlUsd);
  }

  /** The current drawdown peak − current, US dollars, ≥ 0. */
  public double drawdownUsd() {
    return peakUsd - currentUsd;
  }
}
