package com.marketmaker.core.portfolio.risk;

/**
 * Value-at-Risk and conditional Value-at-Risk (expected shortfall) at one confidence level, both
 * expressed as losses (positive numbers for a loss).
 *
 * <p>With P&amp;L {@code X} and tail probability {@code alpha = 1 - confidence}: {@code VaR =
 * -q_alpha(X)} and {@code CVaR = E[-X | -X >= VaR]} (Artzner, Delbaen, Eber &amp; Heath 1999,
 * "Coherent measures of risk"; Acerbi &amp; Tasche 2002, "On the coherence of expected shortfall").
 *
 * @param confidence the confidence level, in (0, 1), e.g. 0.99
 * @param var the Value-at-Risk, a loss
 * @param cvar the conditional Value-at-Risk (expected shortfall), a loss
 */
public record RiskEstimate(double confidence, double var, double cvar) {

  /** Checks the confidence lies strictly between 0 and 1. */
  public RiskEstimate {
    checkConfidence(confidence);
  }

  /** The tail probability {@code 1 - confidence}. */
  public double alpha() {
    return 1.0 - confidence;
  }

  static void checkConfidence(double confidence) {
    if (!(confidence > 0.0 && confidence < 1.0)) {
      throw new IllegalArgumentException("confidence must be in (0, 1): " + confidence);
    }
  }
}
