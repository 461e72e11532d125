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
 * condition (Guéant 2017). The solver is explicit: the {@code steps} of the parameters are the
 * output grid, and a step is split into equal sub-steps wherever Δt·L &gt; 1, L = 2·max_q
 * (|∂H^b/∂p| + |∂H^a/∂p|) being a Gershgorin bound on the Jacobian of F (by the envelope theorem
 * ∂H/∂p = −Δ·Λ(δ*)·e^(−ξΔ(δ*−p))). A blow-up is reported, never returned.
 */
public final class HjbSolver {

  // h·L ≤ 1 sits well inside the stability intervals of explicit Euler (2) and RK4 (2.78).
  private static final double STABLE = 1.0;
  private static final int MAX_SUBSTEPS = 1 << 20;

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
      double stiffness = f.eval(theta, k1, bid[m], ask[m]);
      if (m == 0) {
        break;
      }
      // Explicit steps are stable only while h·L stays inside the scheme's stability region (L a
      // bound on the Jacobian of F): split the output step where the fill rates demand it.
      int substeps = (int) Math.min(MAX_SUBSTEPS, Math.max(1, Math.ceil(dt * stiffness / STABLE)));
      double h = dt / substeps;
      for (int sub = 0; sub < substeps; sub++) {
        if (sub > 0) {
          f.eval(theta, k1, null, null);
        }
        if (params.scheme() == HjbParameters.TimeScheme.EXPLICIT_EULER) {
          for (int i = 0; i < n; i++) {
            theta[i] += h * k1[i];
          }
        } else {
          for (int i = 0; i < n; i++) {
            tmp[i] = theta[i] + 0.5 * h * k1[i];
          }
          f.eval(tmp, k2, null, null);
          for (int i = 0; i < n; i++) {
            tmp[i] = theta[i] + 0.5 * h * k2[i];
          }
          f.eval(tmp, k3, null, null);
          for (int i = 0; i < n; i++) {
            tmp[i] = theta[i] + h * k3[i];
          }
          f.eval(tmp, k4, null, null);
          for (int i = 0; i < n; i++) {
            theta[i] += h / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
          }
        }
      }
      for (int i = 0; i < n; i++) {
        if (!Double.isFinite(theta[i])) {
          throw new ArithmeticException(
              "HJB time stepping diverged at t = "
                  + (m - 1) * dt
                  + " with "
                  + substeps
                  + " sub-steps of "
                  + h
                  + "; the fill rates in the quoting band are too large");
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
    private final IntensityFunction.SideHamiltonian bidSide;
    private final IntensityFunction.SideHamiltonian askSide;

    Rhs(HjbParameters p, double[] penalty, int n) {
      this.p = p;
      this.penalty = penalty;
      this.n = n;
      this.invDelta = 1.0 / p.orderSize();
      this.bidSide = p.bid().prepare(p.xi(), p.orderSize(), p.minDepth(), p.maxDepth());
      this.askSide = p.ask().prepare(p.xi(), p.orderSize(), p.minDepth(), p.maxDepth());
    }

    /** Writes F(θ) to {@code out}; returns the Jacobian bound L when depths are requested. */
    double eval(double[] theta, double[] out, double[] bidDepth, double[] askDepth) {
      double stiffness = 0;
      for (int i = 0; i < n; i++) {
        double value = -penalty[i];
        double rowBound = 0;
        if (i + 1 < n) {
          double pb = (theta[i] - theta[i + 1]) * invDelta;
          double db = bidSide.optimalDepth(pb);
          value += bidSide.value(pb, db);
          if (bidDepth != null) {
            bidDepth[i] = db;
            rowBound += bidSide.sensitivity(pb, db);
          }
        } else if (bidDepth != null) {
          bidDepth[i] = Double.NaN;
        }
        if (i > 0) {
          double pa = (theta[i] - theta[i - 1]) * invDelta;
          double da = askSide.optimalDepth(pa);
          value += askSide.value(pa, da);
          if (askDepth != null) {
            askDepth[i] = da;
            rowBound += askSide.sensitivity(pa, da);
          }
        } else if (askDepth != null) {
          askDepth[i] = Double.NaN;
        }
        out[i] = value;
        stiffness = Math.max(stiffness, 2 * rowBound);
      }
      return stiffness;
    }
  }
}
