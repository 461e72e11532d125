package com.marketmaker.core.portfolio.transport;

import java.util.Arrays;

/**
 * Entropically regularised optimal transport solved by Sinkhorn&ndash;Knopp matrix scaling.
 *
 * <p>Given source weights a &isin; R<sub>+</sub><sup>n</sup>, target weights b &isin;
 * R<sub>+</sub><sup>m</sup> with &Sigma;a = &Sigma;b, a cost matrix C &isin; R<sup>n&times;m</sup>
 * and &epsilon; &gt; 0, the solver finds the unique minimiser of
 *
 * <pre>
 *   min_{P &ge; 0, P 1 = a, P^T 1 = b}  &lang;P, C&rang; - &epsilon; H(P),   H(P) = -&Sigma; P_ij (log P_ij - 1),
 * </pre>
 *
 * whose form is P = diag(u) K diag(v) with the Gibbs kernel K = exp(&minus;C/&epsilon;) (Cuturi,
 * 2013, "Sinkhorn Distances: Lightspeed Computation of Optimal Transport", NeurIPS; Peyr&eacute;
 * &amp; Cuturi, 2019, "Computational Optimal Transport", Foundations and Trends in ML, &sect;4.2).
 *
 * <p>Two iteration schemes are offered, both alternating a column then a row projection, starting
 * from u = 1:
 *
 * <ul>
 *   <li>{@link #solve}: plain scaling, v &larr; b / (K<sup>T</sup>u), u &larr; a / (K v). Fast, but
 *       K underflows to zero once C/&epsilon; exceeds about 745, after which the scalings are
 *       undefined; this is reported as an {@link ArithmeticException}.
 *   <li>{@link #solveLog}: the same iterations on the dual potentials f = &epsilon; log u, g =
 *       &epsilon; log v with stabilised log-sum-exp updates (Peyr&eacute; &amp; Cuturi &sect;4.4):
 *       <pre>
 *   g_j &larr; &epsilon; log b_j - &epsilon; LSE_i((f_i - C_ij) / &epsilon;)
 *   f_i &larr; &epsilon; log a_i - &epsilon; LSE_j((g_j - C_ij) / &epsilon;)
 *   LSE(x) = max x + log &Sigma; exp(x - max x)
 * </pre>
 *       which stays finite for arbitrarily small &epsilon; (at the price of more iterations).
 * </ul>
 *
 * <p>Both stop as soon as the L1 marginal error &Sigma;<sub>i</sub> |(P1)_i &minus; a_i| +
 * &Sigma;<sub>j</sub> |(P<sup>T</sup>1)_j &minus; b_j| of the current plan drops below the
 * tolerance (an absolute quantity, in the units of the weights), or after {@code maxIterations}
 * sweeps; {@link SinkhornResult#converged()} tells which. Zero weights are allowed and give zero
 * rows/columns in the plan. Instances are immutable and thread-safe.
 */
public final class Sinkhorn {

  /** Default L1 marginal-error tolerance. */
  public static final double DEFAULT_TOLERANCE = 1e-9;

  /** Default maximum number of sweeps. */
  public static final int DEFAULT_MAX_ITERATIONS = 100_000;

  private final double epsilon;
  private final double tolerance;
  private final int maxIterations;

  /**
   * @param epsilon entropic regularisation &epsilon; (cost units), finite and &gt; 0
   * @param tolerance L1 marginal-error threshold, finite and &gt; 0
   * @param maxIterations maximum number of sweeps, &ge; 1
   * @throws IllegalArgumentException if any argument is out of range
   */
  public Sinkhorn(double epsilon, double tolerance, int maxIterations) {
    if (!(epsilon > 0.0) || !Double.isFinite(epsilon)) {
      throw new IllegalArgumentException("epsilon must be finite and > 0, got " + epsilon);
    }
    if (!(tolerance > 0.0) || !Double.isFinite(tolerance)) {
      throw new IllegalArgumentException("tolerance must be finite and > 0, got " + tolerance);
    }
    if (maxIterations < 1) {
      throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
    }
    this.epsilon = epsilon;
    this.tolerance = tolerance;
    this.maxIterations = maxIterations;
  }

  /**
   * Solver with {@link #DEFAULT_TOLERANCE} and {@link #DEFAULT_MAX_ITERATIONS}.
   *
   * @param epsilon entropic regularisation, finite and &gt; 0
   */
  public Sinkhorn(double epsilon) {
    this(epsilon, DEFAULT_TOLERANCE, DEFAULT_MAX_ITERATIONS);
  }

  /** Returns the regularisation &epsilon;. */
  public double epsilon() {
    return epsilon;
  }

  /** Returns the L1 marginal-error tolerance. */
  public double tolerance() {
    return tolerance;
  }

  /** Returns the maximum number of sweeps. */
  public int maxIterations() {
    return maxIterations;
  }

  /**
   * Plain scaling iterations on u, v.
   *
   * @param a source weights (n), finite, non-negative
   * @param b target weights (m), finite, non-negative, same total as {@code a} within 1e-9 relative
   * @param cost n&times;m finite cost matrix
   * @return plan and diagnostics
   * @throws IllegalArgumentException on invalid inputs
   * @throws ArithmeticException if the kernel underflows so that a scaling becomes undefined; use
   *     {@link #solveLog} instead
   */
  public SinkhornResult solve(double[] a, double[] b, double[][] cost) {
    TransportMath.validate(a, b, cost);
    int n = a.length;
    int m = b.length;
    double[][] k = new double[n][m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        k[i][j] = Math.exp(-cost[i][j] / epsilon);
      }
    }
    double[] u = new double[n];
    double[] v = new double[m];
    double[] ktu = new double[m];
    double[] kv = new double[n];
    Arrays.fill(u, 1.0);
    multiplyTransposed(k, u, ktu);
    int iter = 0;
    boolean converged = false;
    while (iter < maxIterations && !converged) {
      iter++;
      for (int j = 0; j < m; j++) {
        v[j] = scale(b[j], ktu[j], "column", j);
      }
      for (int i = 0; i < n; i++) {
        double s = 0.0;
        for (int j = 0; j < m; j++) {
          s += k[i][j] * v[j];
        }
        kv[i] = s;
        u[i] = scale(a[i], s, "row", i);
      }
      multiplyTransposed(k, u, ktu);
      double err = 0.0;
      for (int i = 0; i < n; i++) {
        err += Math.abs(u[i] * kv[i] - a[i]);
      }
      for (int j = 0; j < m; j++) {
        err += Math.abs(v[j] * ktu[j] - b[j]);
      }
      converged = err < tolerance;
    }
    double[][] plan = new double[n][m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        plan[i][j] = u[i] * k[i][j] * v[j];
      }
    }
    double[] f = new double[n];
    double[] g = new double[m];
    for (int i = 0; i < n; i++) {
      f[i] = epsilon * TransportMath.safeLog(u[i]);
    }
    for (int j = 0; j < m; j++) {
      g[j] = epsilon * TransportMath.safeLog(v[j]);
    }
    return TransportMath.result(plan, a, b, cost, epsilon, iter, converged, f, g);
  }

  private double scale(double weight, double denominator, String side, int index) {
    if (weight == 0.0) {
      return 0.0;
    }
    double s = weight / denominator;
    if (!Double.isFinite(s)) {
      throw new ArithmeticException(
          "Sinkhorn scaling of "
              + side
              + " "
              + index
              + " is not finite (kernel exp(-C/epsilon) underflows for epsilon = "
              + epsilon
              + "); use the log-domain solver");
    }
    return s;
  }

  private static void multiplyTransposed(double[][] k, double[] u, double[] out) {
    Arrays.fill(out, 0.0);
    for (int i = 0; i < k.length; i++) {
      double ui = u[i];
      double[] row = k[i];
      for (int j = 0; j < out.length; j++) {
        out[j] += row[j] * ui;
      }
    }
  }

  /**
   * Log-domain stabilised iterations on the dual potentials f, g (Peyr&eacute; &amp; Cuturi 2019,
   * &sect;4.4); numerically safe for small &epsilon;.
   *
   * @param a source weights (n), finite, non-negative
   * @param b target weights (m), finite, non-negative, same total as {@code a} within 1e-9 relative
   * @param cost n&times;m finite cost matrix
   * @return plan and diagnostics
   * @throws IllegalArgumentException on invalid inputs
   */
  public SinkhornResult solveLog(double[] a, double[] b, double[][] cost) {
    TransportMath.validate(a, b, cost);
    int n = a.length;
    int m = b.length;
    // Work with alpha = f / epsilon, beta = g / epsilon and s = -C / epsilon.
    double[][] s = new double[n][m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        s[i][j] = -cost[i][j] / epsilon;
      }
    }
    double[] logA = new double[n];
    double[] logB = new double[m];
    for (int i = 0; i < n; i++) {
      logA[i] = TransportMath.safeLog(a[i]);
    }
    for (int j = 0; j < m; j++) {
      logB[j] = TransportMath.safeLog(b[j]);
    }
    double[] alpha = new double[n];
    double[] beta = new double[m];
    double[] rowLse = new double[n];
    double[] colLse = new double[m];
    TransportMath.columnLogSumExp(s, alpha, colLse);
    int iter = 0;
    boolean converged = false;
    while (iter < maxIterations && !converged) {
      iter++;
      for (int j = 0; j < m; j++) {
        beta[j] = b[j] == 0.0 ? Double.NEGATIVE_INFINITY : logB[j] - colLse[j];
      }
      for (int i = 0; i < n; i++) {
        rowLse[i] = TransportMath.rowLogSumExp(s[i], beta);
        alpha[i] = a[i] == 0.0 ? Double.NEGATIVE_INFINITY : logA[i] - rowLse[i];
      }
      TransportMath.columnLogSumExp(s, alpha, colLse);
      double err = 0.0;
      for (int i = 0; i < n; i++) {
        err += Math.abs(Math.exp(alpha[i] + rowLse[i]) - a[i]);
      }
      for (int j = 0; j < m; j++) {
        err += Math.abs(Math.exp(beta[j] + colLse[j]) - b[j]);
      }
      converged = err < tolerance;
    }
    double[][] plan = new double[n][m];
    double[] f = new double[n];
    double[] g = new double[m];
    for (int i = 0; i < n; i++) {
      f[i] = epsilon * alpha[i];
      for (int j = 0; j < m; j++) {
        plan[i][j] = Math.exp(s[i][j] + alpha[i] + beta[j]);
      }
    }
    for (int j = 0; j < m; j++) {
      g[j] = epsilon * beta[j];
    }
    return TransportMath.result(plan, a, b, cost, epsilon, iter, converged, f, g);
  }
}
