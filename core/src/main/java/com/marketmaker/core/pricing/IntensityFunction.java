package com.marketmaker.core.pricing;

import org.hipparchus.analysis.solvers.BrentSolver;

/**
 * Fill intensity Λ(δ): orders per second that trade against a quote at distance δ from the
 * mid-price. Implementations must be positive, decreasing, and satisfy Guéant (2017) assumption sup
 * Λ·Λ''/(Λ')² &lt; 2, which makes the per-side Hamiltonian below quasi-concave in δ so that the
 * first-order condition has at most one root.
 *
 * <p>The per-side Hamiltonian of Guéant (2017), "Optimal market making":
 *
 * <pre>
 *   H_ξ(p) = sup_δ Λ(δ)/ξ · (1 − e^(−ξΔ(δ − p)))      ξ &gt; 0
 *   H_0(p) = sup_δ Δ·Λ(δ)·(δ − p)                       ξ = 0
 * </pre>
 *
 * where p is the finite difference of the value function per lot. The supremum is restricted to the
 * quoting band [δmin, δmax].
 */
public interface IntensityFunction {

  /** Λ(δ), fills per second at depth δ. */
  double rate(double depth);

  /** dΛ/dδ at depth δ. */
  double slope(double depth);

  /**
   * The maximiser δ* of the Hamiltonian over [lo, hi], from the first-order condition
   *
   * <pre>
   *   Λ'(δ)(1 − e^(−ξΔ(δ−p))) + ξΔ·Λ(δ)·e^(−ξΔ(δ−p)) = 0     (ξ &gt; 0)
   *   Λ'(δ)(δ − p) + Λ(δ) = 0                               (ξ = 0)
   * </pre>
   *
   * solved by Brent's method; a boundary is returned when the derivative does not change sign on
   * the band.
   */
  default double optimalDepth(double p, double xi, int orderSize, double lo, double hi) {
    double glo = hamiltonianSlope(p, xi, orderSize, lo);
    if (glo <= 0) {
      return lo;
    }
    double ghi = hamiltonianSlope(p, xi, orderSize, hi);
    if (ghi >= 0) {
      return hi;
    }
    return new BrentSolver(1e-13, 1e-14)
        .solve(200, d -> hamiltonianSlope(p, xi, orderSize, d), lo, hi);
  }

  /** The maximised value H(p) at the depth δ* returned by {@link #optimalDepth}. */
  default double hamiltonian(double p, double xi, int orderSize, double optimalDepth) {
    double rate = rate(optimalDepth);
    if (xi == 0) {
      return orderSize * rate * (optimalDepth - p);
    }
    return -rate * Math.expm1(-xi * orderSize * (optimalDepth - p)) / xi;
  }

  /**
   * The per-side Hamiltonian with ξ, Δ and the band fixed, for the solver's inner loop.
   * Implementations may precompute whatever does not depend on p.
   */
  default SideHamiltonian prepare(double xi, int orderSize, double lo, double hi) {
    IntensityFunction self = this;
    return new SideHamiltonian() {
      @Override
      public double optimalDepth(double p) {
        return self.optimalDepth(p, xi, orderSize, lo, hi);
      }

      @Override
      public double value(double p, double depth) {
        return self.hamiltonian(p, xi, orderSize, depth);
      }

      @Override
      public double sensitivity(double p, double depth) {
        double rate = self.rate(depth);
        return xi == 0 ? rate : rate * Math.exp(-xi * orderSize * (depth - p));
      }
    };
  }

  /** A per-side Hamiltonian with ξ, Δ and the band fixed. */
  interface SideHamiltonian {
    /** δ*(p). */
    double optimalDepth(double p);

    /** H(p) evaluated at δ = δ*(p). */
    double value(double p, double depth);

    /** |∂H/∂p|/Δ = Λ(δ*)·e^(−ξΔ(δ*−p)) (envelope theorem), the coupling used for stability. */
    double sensitivity(double p, double depth);
  }

  private double hamiltonianSlope(double p, double xi, int orderSize, double depth) {
    double rate = rate(depth);
    double slope = slope(depth);
    if (xi == 0) {
      return slope * (depth - p) + rate;
    }
    double x = xi * orderSize;
    double e = Math.exp(-x * (depth - p));
    return -slope * Math.expm1(-x * (depth - p)) + x * rate * e;
  }
}
