package com.marketmaker.core.pricing;

/**
 * Solves the market-making HJB of {@link HjbParameters} on the inventory grid q = −Q, …, Q (step Δ)
 * by explicit finite differences in time, backward from θ(T, q) = −αq².
 *
 * <p>Writing τ = T − t, the system is the ODE dθ/dτ = F(θ) with
 *
 * <pre>
 *   F(θ)_q = −½γσ²q² + 1{q&lt;Q}·H^b(p^b_q) + 1{q&gt;−Q}·H^a(p^a_q),
 *   p^b_q = (θ_q − θ_{q+Δ})/Δ,   p^a_q = (θ_q − θ_{q−Δ})/Δ,
 * </pre>
 *
 * and the optimal depths at each node are the maximisers δ^b*(p^b), δ^a*(p^a) of the first-order
 * condition (Guéant 2017, section 3). The solver is explicit, so the step must resolve the fastest
 * fill rate: Δt·max Λ well below one. A blow-up is reported, never returned.
 */
public final class HjbSolver {

  private HjbSolver() {}

  /** Solves the HJB and tabulates the optimal depths at every time step. */
  public static HjbSolution solve(HjbParameters params) {
    int levels = params.levels();
    int n = 2 * levels + 1;
    int steps = params.steps();
    double dt = params.horizon() / steps;
    double[] penalty = new double[n];
    double[] theta = new double[n];
    for (int i = 0; i < n; i++) {
      double q = (double) (i - levels) * params.orderSize();
      penalty[i] = 0.5 * params.gamma() * params.sigma() * params.sigma() * q * q;
      theta[i] = -params.terminalPenalty() * q * q;
    }
    double[][] bid = new double[steps + 1][n];
    double[][] ask = new double[steps + 1][n];
    var f = new Rhs(params, penalty, n);
    double[] k1 = new double[n];
    double[] k2 = new double[n];
    double[] k3 = new double[n];
    double[] k4 = new double[n];
    double[] tmp = new double[n];
    // Time index m holds t = m·dt; integration runs from m = steps (t = T) down to 0.
    for (int m = steps; m >= 0; m--) {
      f.eval(theta, k1, bid[m], ask[m]);
      if (m == 0) {
        break;
      }
      if (params.scheme() == HjbParameters.TimeScheme.EXPLICIT_EULER) {
        for (int i = 0; i < n; i++) {
          theta[i] += dt * k1[i];
        }
      } else {
        for (int i = 0; i < n; i++) {
          tmp[i] = theta[i] + 0.5 * dt * k1[i];
        }
        f.eval(tmp, k2, null, null);
        for (int i = 0; i < n; i++) {
          tmp[i] = theta[i] + 0.5 * dt * k2[i];
        }
        f.eval(tmp, k3, null, null);
        for (int i = 0; i < n; i++) {
          tmp[i] = theta[i] + dt * k3[i];
        }
        f.eval(tmp, k4, null, null);
        for (int i = 0; i < n; i++) {
          theta[i] += dt / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }
      }
      for (int i = 0; i < n; i++) {
        if (!Double.isFinite(theta[i])) {
          throw new ArithmeticException(
              "HJB time stepping diverged at t = "
                  + (m - 1) * dt
                  + "; use more steps (dt = "
                  + dt
                  + " is too coarse for the fill rates)");
        }
      }
    }
    return new HjbSolution(params, bid, ask, theta);
  }

  /** F(θ) and, when asked, the optimal depths at θ. */
  private static final class Rhs {
    private final HjbParameters p;
    private final double[] penalty;
    private final int n;
    private final double invDelta;

    Rhs(HjbParameters p, double[] penalty, int n) {
      this.p = p;
      this.penalty = penalty;
      this.n = n;
      this.invDelta = 1.0 / p.orderSize();
    }

    void eval(double[] theta, double[] out, double[] bidDepth, double[] askDepth) {
      double xi = p.xi();
      int size = p.orderSize();
      double lo = p.minDepth();
      double hi = p.maxDepth();
      for (int i = 0; i < n; i++) {
        double value = -penalty[i];
        if (i + 1 < n) {
          double pb = (theta[i] - theta[i + 1]) * invDelta;
          double db = p.bid().optimalDepth(pb, xi, size, lo, hi);
          value += p.bid().hamiltonian(pb, xi, size, db);
          if (bidDepth != null) {
            bidDepth[i] = db;
          }
        } else if (bidDepth != null) {
          bidDepth[i] = Double.NaN;
        }
        if (i > 0) {
          double pa = (theta[i] - theta[i - 1]) * invDelta;
          double da = p.ask().optimalDepth(pa, xi, size, lo, hi);
          value += p.ask().hamiltonian(pa, xi, size, da);
          if (askDepth != null) {
            askDepth[i] = da;
          }
        } else if (askDepth != null) {
          askDepth[i] = Double.NaN;
        }
        out[i] = value;
      }
    }
  }
}
