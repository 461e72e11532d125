package com.marketmaker.core.pricing;

/**
 * Λ(δ) = A·e^(−kδ), the intensity of Avellaneda &amp; Stoikov (2008) §2.3 and GLFT (2013). The
 * first-order condition has the closed form δ* = p + (1/(ξΔ))·ln(1 + ξΔ/k) (1/k when ξ = 0; Guéant
 * 2017), clipped to the band because the Hamiltonian is quasi-concave.
 */
public record ExponentialIntensity(double intensityA, double k) implements IntensityFunction {

  public ExponentialIntensity {
    Checks.positive(intensityA, "intensity A");
    Checks.positive(k, "intensity decay k");
  }

  @Override
  public double rate(double depth) {
    return intensityA * Math.exp(-k * depth);
  }

  @Override
  public double slope(double depth) {
    return -k * rate(depth);
  }

  @Override
  public double optimalDepth(double p, double xi, int orderSize, double lo, double hi) {
    double x = xi * orderSize;
    double unconstrained = p + (x == 0 ? 1.0 / k : Math.log1p(x / k) / x);
    return Math.max(lo, Math.min(hi, unconstrained));
  }

  /**
   * Inside the band, e^(−ξΔ(δ*−p)) = k/(k + ξΔ) is a constant, so H(p) = Λ(δ*)·Δ/(k + ξΔ) and the
   * solver's inner loop needs a single exponential per side.
   */
  @Override
  public SideHamiltonian prepare(double xi, int orderSize, double lo, double hi) {
    double x = xi * orderSize;
    double offset = x == 0 ? 1.0 / k : Math.log1p(x / k) / x;
    double interiorValue = orderSize / (k + x);
    double interiorSensitivity = k / (k + x);
    return new SideHamiltonian() {
      @Override
      public double optimalDepth(double p) {
        return Math.max(lo, Math.min(hi, p + offset));
      }

      @Override
      public double value(double p, double depth) {
        double rate = rate(depth);
        if (depth == p + offset) {
          return rate * interiorValue;
        }
        return x == 0 ? orderSize * rate * (depth - p) : -rate * Math.expm1(-x * (depth - p)) / xi;
      }

      @Override
      public double sensitivity(double p, double depth) {
        double rate = rate(depth);
        if (depth == p + offset) {
          return rate * interiorSensitivity;
        }
        return x == 0 ? rate : rate * Math.exp(-x * (depth - p));
      }
    };
  }
}
