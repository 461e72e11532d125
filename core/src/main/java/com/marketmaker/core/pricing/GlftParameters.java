package com.marketmaker.core.pricing;

/**
 * Parameters of the Guéant–Lehalle–Fernandez-Tapia model in the general form of Guéant (2017),
 * "Optimal market making", Applied Mathematical Finance 24(2): the agent penalises inventory risk
 * at rate ½γσ²q², values fills with the risk parameter ξ (ξ = γ is the CARA model of Guéant,
 * Lehalle &amp; Fernandez-Tapia (2013); ξ = 0 the risk-neutral variant), trades in orders of Δ
 * lots, keeps |q| ≤ Q, and pays ℓ(q) = α·q² on the inventory left at T.
 *
 * <p>Fill intensities are exponential and the same on both sides: Λ(δ) = A·e^(−kδ) orders per
 * second at distance δ from the mid. Units: σ in price per √second, k in 1/price, γ and ξ in
 * 1/(price·lot), A per second, α in price per lot².
 *
 * @param gamma risk aversion γ &gt; 0 of the running inventory penalty
 * @param sigma mid-price volatility σ &gt; 0
 * @param intensityA fill intensity A &gt; 0 at zero distance
 * @param k intensity decay k &gt; 0
 * @param xi risk parameter ξ ≥ 0 of the Hamiltonian (ξ = γ: GLFT 2013)
 * @param orderSize Δ, lots per order, ≥ 1
 * @param maxInventory Q, the inventory bound in lots, a positive multiple of Δ
 * @param terminalPenalty α ≥ 0 of the terminal penalty α·q²
 */
public record GlftParameters(
    double gamma,
    double sigma,
    double intensityA,
    double k,
    double xi,
    int orderSize,
    int maxInventory,
    double terminalPenalty) {

  public GlftParameters {
    Checks.positive(gamma, "risk aversion gamma");
    Checks.positive(sigma, "volatility sigma");
    Checks.positive(intensityA, "intensity A");
    Checks.positive(k, "intensity decay k");
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
  }

  /** The 2013 model: ξ = γ, unit orders, no terminal penalty. */
  public static GlftParameters glft2013(
      double gamma, double sigma, double intensityA, double k, int maxInventory) {
    return new GlftParameters(gamma, sigma, intensityA, k, gamma, 1, maxInventory, 0.0);
  }

  /** Number of inventory steps between 0 and Q. */
  public int levels() {
    return maxInventory / orderSize;
  }

  /**
   * The depth offset (1/(ξΔ))·ln(1 + ξΔ/k) that the optimal quote adds to the inventory term
   * (Guéant 2017, optimal quotes for exponential intensities); 1/k when ξ = 0.
   */
  public double depthOffset() {
    double x = xi * orderSize;
    return x == 0 ? 1.0 / k : Math.log1p(x / k) / x;
  }

  /**
   * η = A·(1 + ξΔ/k)^(−(1 + k/(ξΔ))), the coupling of neighbouring inventories in the linear system
   * (GLFT 2013 §3 for ξ = γ, Δ = 1); A/e when ξ = 0.
   */
  public double eta() {
    double x = xi * orderSize;
    if (x == 0) {
      return intensityA * Math.exp(-1.0);
    }
    return intensityA * Math.exp(-(1.0 + k / x) * Math.log1p(x / k));
  }
}
