package com.marketmaker.core.pricing;

import java.util.Arrays;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;

/**
 * Optimal quotes of the Guéant–Lehalle–Fernandez-Tapia model with inventory bounds ±Q, in the
 * general form (ξ, Δ, terminal penalty α·q²) of Guéant (2017), "Optimal market making".
 *
 * <p><b>Exact solution</b> (GLFT 2013 §3; Guéant 2017). With θ(t, q) = (Δ/k)·ln v_q(t), the
 * Hamilton–Jacobi–Bellman system for exponential intensities becomes linear: v'(t) = M·v(t), where
 * M is tridiagonal with M_qq = (k/Δ)·½γσ²q² and M_q,q±Δ = −η, η = A(1 + ξΔ/k)^(−(1 + k/(ξΔ))).
 * Hence v(t) = exp(−M(T − t))·v(T), v_q(T) = e^(−(k/Δ)αq²), and the optimal depths are (GLFT 2013
 * §3)
 *
 * <pre>
 *   δ^b(t, q) = (1/k)·ln(v_q(t) / v_{q+Δ}(t)) + (1/(ξΔ))·ln(1 + ξΔ/k),   q &lt; Q
 *   δ^a(t, q) = (1/k)·ln(v_q(t) / v_{q−Δ}(t)) + (1/(ξΔ))·ln(1 + ξΔ/k),   q &gt; −Q
 * </pre>
 *
 * <p><b>Stationary limit</b> T − t → ∞ (GLFT 2013 §4): v(t) is dominated by e^(−λ₀(T−t))·f⁰ where
 * λ₀ is the smallest eigenvalue of M and f⁰ its positive eigenvector, so the quotes tend to the
 * same formulas with f⁰ in place of v.
 *
 * <p><b>Closed-form approximation</b> (GLFT 2013 §4; Guéant 2017, the asymptotic quotes): replacing
 * the second difference by a second derivative turns the eigenproblem into a harmonic oscillator
 * whose ground state is Gaussian, giving
 *
 * <pre>
 *   δ^b(q) ≈ (1/(ξΔ))·ln(1 + ξΔ/k) + ((2q + Δ)/2)·ω
 *   δ^a(q) ≈ (1/(ξΔ))·ln(1 + ξΔ/k) − ((2q − Δ)/2)·ω,    ω = √(γσ²/(2AkΔ)·(1 + ξΔ/k)^(1 + k/(ξΔ)))
 * </pre>
 *
 * <p>This approximation is exact in the limit where the Gaussian is wide compared with one order
 * (ω·k → 0) and far from the bounds.
 */
public final class GlftQuotes {

  private final GlftParameters p;
  private final int n;
  private final double[] diagonal;
  private final double eta;
  private final double offset;
  private final double smallestEigenvalue;

  public GlftQuotes(GlftParameters parameters) {
    if (parameters == null) {
      throw new IllegalArgumentException("GLFT parameters are missing");
    }
    this.p = parameters;
    this.n = 2 * parameters.levels() + 1;
    this.eta = parameters.eta();
    this.offset = parameters.depthOffset();
    double c = parameters.k() / parameters.orderSize() * 0.5 * parameters.gamma();
    double s2 = parameters.sigma() * parameters.sigma();
    this.diagonal = new double[n];
    for (int i = 0; i < n; i++) {
      double q = inventoryAt(i);
      diagonal[i] = c * s2 * q * q;
    }
    double[] off = new double[n - 1];
    Arrays.fill(off, -eta);
    double[] eigen = new EigenDecompositionSymmetric(diagonal.clone(), off).getEigenvalues();
    double min = Double.POSITIVE_INFINITY;
    for (double e : eigen) {
      min = Math.min(min, e);
    }
    this.smallestEigenvalue = min;
  }

  public GlftParameters parameters() {
    return p;
  }

  /** λ₀, the smallest eigenvalue of M; the value function decays like e^(−λ₀(T−t)). */
  public double smallestEigenvalue() {
    return smallestEigenvalue;
  }

  private double inventoryAt(int i) {
    return (double) (i - p.levels()) * p.orderSize();
  }

  /**
   * Exact optimal depths at time-to-horizon {@code timeToHorizon} = T − t ≥ 0.
   *
   * <p>exp is taken of −(M − λ₀I)(T − t): shifting by λ₀ changes v only by the scalar e^(−λ₀(T−t)),
   * which cancels in the log-ratios, and keeps the entries of order one for long horizons.
   *
   * @throws ArithmeticException when v underflows on the grid (the inventory range spans more than
   *     double precision can represent at these parameters); use {@link HjbSolver} then
   */
  public DepthTable exact(double timeToHorizon) {
    if (!(timeToHorizon >= 0) || Double.isInfinite(timeToHorizon)) {
      throw new IllegalArgumentException(
          "time to horizon must be finite and >= 0, got " + timeToHorizon);
    }
    double kOverDelta = p.k() / p.orderSize();
    double[] terminal = new double[n];
    for (int i = 0; i < n; i++) {
      double q = inventoryAt(i);
      terminal[i] = Math.exp(-kOverDelta * p.terminalPenalty() * q * q);
    }
    double[] v;
    if (timeToHorizon == 0) {
      v = terminal;
    } else {
      RealMatrix a = new Array2DRowRealMatrix(n, n);
      for (int i = 0; i < n; i++) {
        a.setEntry(i, i, -(diagonal[i] - smallestEigenvalue) * timeToHorizon);
        if (i + 1 < n) {
          a.setEntry(i, i + 1, eta * timeToHorizon);
          a.setEntry(i + 1, i, eta * timeToHorizon);
        }
      }
      v = MatrixUtils.matrixExponential(a).operate(terminal);
    }
    for (int i = 0; i < n; i++) {
      if (!(v[i] > 0) || Double.isInfinite(v[i])) {
        throw new ArithmeticException(
            "exact GLFT solution out of double range at q = "
                + inventoryAt(i)
                + " (T - t = "
                + timeToHorizon
                + "); the inventory grid is too wide for these parameters");
      }
    }
    double[] bid = new double[n];
    double[] ask = new double[n];
    double invK = 1.0 / p.k();
    for (int i = 0; i < n; i++) {
      bid[i] = i + 1 < n ? invK * Math.log(v[i] / v[i + 1]) + offset : Double.NaN;
      ask[i] = i > 0 ? invK * Math.log(v[i] / v[i - 1]) + offset : Double.NaN;
    }
    return new DepthTable(p.orderSize(), p.maxInventory(), bid, ask);
  }

  /**
   * Stationary optimal depths, the limit T − t → ∞ (GLFT 2013 §4), from the ground state f⁰ of M.
   *
   * <p>The ratios of neighbouring components of f⁰ come from the three-term recurrence of M f⁰ = λ₀
   * f⁰, run from each bound toward q = 0: in that direction the recurrence is a continued fraction
   * of positive terms, so each ratio keeps full relative precision even where f⁰ itself is far
   * below the precision of a normalised eigenvector.
   */
  public DepthTable stationary() {
    int mid = p.levels();
    double lambda = smallestEigenvalue;
    // up[j] = f_j / f_{j-1} for j > mid; down[j] = f_j / f_{j+1} for j < mid.
    double[] up = new double[n];
    double[] down = new double[n];
    up[n - 1] = eta / (diagonal[n - 1] - lambda);
    for (int j = n - 2; j > mid; j--) {
      up[j] = eta / (diagonal[j] - lambda - eta * up[j + 1]);
    }
    down[0] = eta / (diagonal[0] - lambda);
    for (int j = 1; j < mid; j++) {
      down[j] = eta / (diagonal[j] - lambda - eta * down[j - 1]);
    }
    double invK = 1.0 / p.k();
    double[] bid = new double[n];
    double[] ask = new double[n];
    for (int j = 0; j < n; j++) {
      if (j + 1 < n) {
        double logRatio = j >= mid ? -Math.log(up[j + 1]) : Math.log(down[j]);
        bid[j] = invK * logRatio + offset;
      } else {
        bid[j] = Double.NaN;
      }
      if (j > 0) {
        double logRatio = j > mid ? Math.log(up[j]) : -Math.log(down[j - 1]);
        ask[j] = invK * logRatio + offset;
      } else {
        ask[j] = Double.NaN;
      }
    }
    return new DepthTable(p.orderSize(), p.maxInventory(), bid, ask);
  }

  /** ω of the closed-form approximation, the change of depth per lot of inventory. */
  public double closedFormSkewPerLot() {
    return Math.sqrt(p.gamma() * p.sigma() * p.sigma() / (2.0 * p.k() * p.orderSize() * eta));
  }

  /** The closed-form asymptotic depths at inventory q (any real q; bounds not applied). */
  public OptimalDepths closedForm(double inventory) {
    double omega = closedFormSkewPerLot();
    double delta = p.orderSize();
    return new OptimalDepths(
        offset + 0.5 * (2 * inventory + delta) * omega,
        offset - 0.5 * (2 * inventory - delta) * omega);
  }

  /** The closed-form depths tabulated on the inventory grid, sides at the bounds not quoted. */
  public DepthTable closedFormTable() {
    double[] bid = new double[n];
    double[] ask = new double[n];
    for (int i = 0; i < n; i++) {
      OptimalDepths d = closedForm(inventoryAt(i));
      bid[i] = i + 1 < n ? d.bidDepth() : Double.NaN;
      ask[i] = i > 0 ? d.askDepth() : Double.NaN;
    }
    return new DepthTable(p.orderSize(), p.maxInventory(), bid, ask);
  }
}
