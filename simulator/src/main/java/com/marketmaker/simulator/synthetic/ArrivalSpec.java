package com.marketmaker.simulator.synthetic;

/**
 * How one kind of synthetic event arrives in time: a homogeneous Poisson process of {@code rate}
 * per second, or a Hawkes process with exponential kernel, intensity {@code λ(t) = μ + Σ α e^{-β(t
 * - t_i)}} over past events {@code t_i} (Hawkes 1971), stationary only when the branching ratio
 * {@code α/β < 1}; its mean rate is then {@code μ / (1 - α/β)}.
 *
 * @param hawkes false for Poisson
 * @param mu Poisson rate, or Hawkes baseline intensity, per second
 * @param alpha Hawkes jump of the intensity per event, per second (0 for Poisson)
 * @param beta Hawkes decay rate per second (0 for Poisson)
 */
public record ArrivalSpec(boolean hawkes, double mu, double alpha, double beta) {

  public ArrivalSpec {
    if (!(mu > 0) || !Double.isFinite(mu)) {
      throw new IllegalArgumentException("arrival rate must be positive and finite, got " + mu);
    }
    if (hawkes) {
      if (!(alpha >= 0) || !(beta > 0) || !Double.isFinite(alpha) || !Double.isFinite(beta)) {
        throw new IllegalArgumentException(
            "Hawkes excitation must be >= 0 and decay > 0, got alpha " + alpha + ", beta " + beta);
      }
      if (!(alpha / beta < 1)) {
        throw new IllegalArgumentException(
            "Hawkes branching ratio alpha/beta must be below 1 (stationary), got "
                + alpha
                + "/"
                + beta
                + " = "
                + alpha / beta);
      }
    } else if (alpha != 0 || beta != 0) {
      throw new IllegalArgumentException("a Poisson arrival has no alpha or beta");
    }
  }

  public static ArrivalSpec poisson(double ratePerSecond) {
    return new ArrivalSpec(false, ratePerSecond, 0, 0);
  }

  public static ArrivalSpec hawkes(double mu, double alpha, double beta) {
    return new ArrivalSpec(true, mu, alpha, beta);
  }

  /** The long-run mean number of events per second. */
  public double meanRate() {
    return hawkes ? mu / (1 - alpha / beta) : mu;
  }
}
