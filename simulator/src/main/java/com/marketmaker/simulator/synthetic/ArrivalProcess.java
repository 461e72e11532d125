package com.marketmaker.simulator.synthetic;

import java.util.random.RandomGenerator;

/**
 * Successive event times of an {@link ArrivalSpec}, in seconds, drawn from a caller's generator so
 * that a seed fixes the whole sequence.
 *
 * <p>Poisson: exponential gaps of mean {@code 1/μ}. Hawkes with exponential kernel: simulated
 * exactly, without thinning or discretisation, by Dassios &amp; Zhao (2013), "Exact simulation of
 * Hawkes process with exponentially decaying intensity", Electron. Commun. Probab. 18(62),
 * Algorithm 2.1: with {@code λ⁺} the intensity just after the last event, draw {@code D = 1 + β
 * ln(U₁) / (λ⁺ − μ)}, {@code S₁ = −ln(D)/β} (∞ when {@code D <= 0}), {@code S₂ = −ln(U₂)/μ}; the
 * gap is {@code min(S₁, S₂)}, after which the intensity is {@code (λ⁺ − μ)e^{−β·gap} + μ + α}.
 */
public final class ArrivalProcess {

  private final ArrivalSpec spec;
  private double time;
  private double intensityAfterLast;

  public ArrivalProcess(ArrivalSpec spec, double startSeconds) {
    this.spec = spec;
    this.time = startSeconds;
    this.intensityAfterLast = spec.mu();
  }

  /** Draws and returns the time of the next event. */
  public double next(RandomGenerator rng) {
    double mu = spec.mu();
    if (!spec.hawkes()) {
      time += -Math.log(uniformOpenAtZero(rng)) / mu;
      return time;
    }
    double beta = spec.beta();
    double excess = intensityAfterLast - mu;
    double s1 = Double.POSITIVE_INFINITY;
    double u1 = uniformOpenAtZero(rng);
    if (excess > 0) {
      double d = 1 + beta * Math.log(u1) / excess;
      if (d > 0) {
        s1 = -Math.log(d) / beta;
      }
    }
    double s2 = -Math.log(uniformOpenAtZero(rng)) / mu;
    double gap = Math.min(s1, s2);
    time += gap;
    intensityAfterLast = excess * Math.exp(-beta * gap) + mu + spec.alpha();
    return time;
  }

  /** The time of the last event drawn (the start time before the first). */
  public double time() {
    return time;
  }

  private static double uniformOpenAtZero(RandomGenerator rng) {
    return 1.0 - rng.nextDouble(); // (0, 1]
  }
}
