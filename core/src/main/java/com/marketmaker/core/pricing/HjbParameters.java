package com.marketmaker.core.pricing;

import java.util.Objects;

/**
 * Inputs of the numerical market-making HJB (Guéant 2017, "Optimal market making"):
 *
 * <pre>
 *   0 = ∂_t θ(t,q) − ½γσ²q² + 1{q&lt;Q}·H^b((θ(t,q) − θ(t,q+Δ))/Δ) + 1{q&gt;−Q}·H^a((θ(t,q) − θ(t,q−Δ))/Δ)
 *   θ(T,q) = −α·q²
 * </pre>
 *
 * with H^b, H^a the per-side Hamiltonians of {@link IntensityFunction} over the band [δmin, δmax].
 * Each side has its own intensity, so asymmetric A±, k± (or any other shape) are allowed.
 *
 * @param gamma risk aversion γ &gt; 0 of the running penalty ½γσ²q²
 * @param sigma volatility σ &gt; 0 (price per √second)
 * @param xi risk parameter ξ ≥ 0 of the Hamiltonians (ξ = γ for the CARA model)
 * @param orderSize Δ ≥ 1 lots per order
 * @param maxInventory Q ≥ 1 lots, a multiple of Δ
 * @param terminalPenalty α ≥ 0
 * @param bid intensity of fills on the bid (the agent buys)
 * @param ask intensity of fills on the ask (the agent sells)
 * @param minDepth δmin, smallest allowed quote distance from mid (may be negative)
 * @param maxDepth δmax ≥ δmin
 * @param horizon T &gt; 0 seconds
 * @param steps number of time steps ≥ 1
 * @param scheme time-stepping scheme
 */
public record HjbParameters(
    double gamma,
    double sigma,
    double xi,
    int orderSize,
    int maxInventory,
    double terminalPenalty,
    IntensityFunction bid,
    IntensityFunction ask,
    double minDepth,
    double maxDepth,
    double horizon,
    int steps,
    TimeScheme scheme) {

  /** Explicit finite differences in time, integrated backward from the terminal condition. */
  public enum TimeScheme {
    /** First order in Δt: θ(t − Δt) = θ(t) + Δt·F(θ(t)). */
    EXPLICIT_EULER,
    /** Classical fourth-order Runge–Kutta; the default, accurate to 1e-6 at modest step counts. */
    RUNGE_KUTTA_4
  }

  public HjbParameters {
    Checks.positive(gamma, "risk aversion gamma");
    Checks.positive(sigma, "volatility sigma");
    Checks.nonNegative(xi, "risk parameter xi");
    Checks.nonNegative(terminalPenalty, "terminal penalty alpha");
    if (orderSize < 1) {
      throw new IllegalArgumentException(
          "order size Delta must be at least 1 lot, got " + orderSize);
    }
    if (maxInventory < 1) {
      throw new IllegalArgumentException(
          "inventory bound Q must be at least 1 lot, got " + maxInventory);
    }
    if (maxInventory % orderSize != 0) {
      throw new IllegalArgumentException(
          "inventory bound Q = " + maxInventory + " must be a multiple of order size " + orderSize);
    }
    Objects.requireNonNull(bid, "bid intensity");
    Objects.requireNonNull(ask, "ask intensity");
    Checks.finite(minDepth, "minimum depth");
    Checks.finite(maxDepth, "maximum depth");
    if (minDepth > maxDepth) {
      throw new IllegalArgumentException(
          "minimum depth " + minDepth + " exceeds maximum depth " + maxDepth);
    }
    Checks.positive(horizon, "horizon T");
    if (steps < 1) {
      throw new IllegalArgumentException("time steps must be at least 1, got " + steps);
    }
    Objects.requireNonNull(scheme, "time scheme");
  }

  /** The HJB matching a GLFT model, with the given quoting band and time grid. */
  public static HjbParameters of(
      GlftParameters glft, double minDepth, double maxDepth, double horizon, int steps) {
    var intensity = new ExponentialIntensity(glft.intensityA(), glft.k());
    return new HjbParameters(
        glft.gamma(),
        glft.sigma(),
        glft.xi(),
        glft.orderSize(),
        glft.maxInventory(),
        glft.terminalPenalty(),
        intensity,
        intensity,
        minDepth,
        maxDepth,
        horizon,
        steps,
        TimeScheme.RUNGE_KUTTA_4);
  }

  public HjbParameters withScheme(TimeScheme s, int n) {
    return new HjbParameters(
        gamma,
        sigma,
        xi,
        orderSize,
        maxInventory,
        terminalPenalty,
        bid,
        ask,
        minDepth,
        maxDepth,
        horizon,
        n,
        s);
  }

  public int levels() {
    return maxInventory / orderSize;
  }
}
