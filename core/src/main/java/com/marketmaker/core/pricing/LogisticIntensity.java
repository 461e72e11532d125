package com.marketmaker.core.pricing;

/**
 * Λ(δ) = λ / (1 + e^(α + βδ)), the logistic intensity used as a non-exponential example in Guéant
 * (2017): it saturates at λ for deep negative depths instead of growing without bound.
 */
public record LogisticIntensity(double maxRate, double alpha, double beta)
    implements IntensityFunction {

  public LogisticIntensity {
    Checks.positive(maxRate, "logistic maximum rate lambda");
    Checks.finite(alpha, "logistic alpha");
    Checks.positive(beta, "logistic beta");
  }

  @Override
  public double rate(double depth) {
    return maxRate / (1.0 + Math.exp(alpha + beta * depth));
  }

  @Override
  public double slope(double depth) {
    double e = Math.exp(alpha + beta * depth);
    if (Double.isInfinite(e)) {
      return 0.0;
    }
    double d = 1.0 + e;
    return -maxRate * beta * e / (d * d);
  }
}
