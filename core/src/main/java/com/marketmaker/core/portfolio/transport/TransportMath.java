package com.marketmaker.core.portfolio.transport;

import java.util.Arrays;

/** Input validation and result assembly shared by the {@link Sinkhorn} solvers. */
final class TransportMath {

  /** Relative tolerance on the equality of the source and target total masses. */
  static final double MASS_TOLERANCE = 1e-9;

  private TransportMath() {}

  /** Checks weights and costs; throws {@link IllegalArgumentException} describing the problem. */
  static void validate(double[] a, double[] b, double[][] cost) {
    double massA = checkWeights(a, "source weights a");
    double massB = checkWeights(b, "target weights b");
    if (Math.abs(massA - massB) > MASS_TOLERANCE * Math.max(massA, massB)) {
      throw new IllegalArgumentException(
          "source and target total masses differ: sum(a) = "
              + massA
              + ", sum(b) = "
              + massB
              + " (relative tolerance "
              + MASS_TOLERANCE
              + ")");
    }
    if (cost == null) {
      throw new IllegalArgumentException("cost matrix must not be null");
    }
    if (cost.length != a.length) {
      throw new IllegalArgumentException(
          "cost matrix has " + cost.length + " rows but a has " + a.length + " entries");
    }
    for (int i = 0; i < cost.length; i++) {
      double[] row = cost[i];
      if (row == null || row.length != b.length) {
        throw new IllegalArgumentException(
            "cost row "
                + i
                + " has "
                + (row == null ? "no" : String.valueOf(row.length))
                + " entries but b has "
                + b.length);
      }
      for (int j = 0; j < row.length; j++) {
        if (!Double.isFinite(row[j])) {
          throw new IllegalArgumentException("cost[" + i + "][" + j + "] is not finite: " + row[j]);
        }
      }
    }
  }

  private static double checkWeights(double[] w, String name) {
    if (w == null || w.length == 0) {
      throw new IllegalArgumentException(name + " must be non-empty");
    }
    double total = 0.0;
    for (int i = 0; i < w.length; i++) {
      if (!Double.isFinite(w[i]) || w[i] < 0.0) {
        throw new IllegalArgumentException(
            name + "[" + i + "] must be finite and non-negative, got " + w[i]);
      }
      total += w[i];
    }
    if (!(total > 0.0)) {
      throw new IllegalArgumentException(name + " must have a positive total mass");
    }
    return total;
  }

  /** {@code log(x)}, with {@code log(0) = -Infinity}. */
  static double safeLog(double x) {
    return x > 0.0 ? Math.log(x) : Double.NEGATIVE_INFINITY;
  }

  /** L1 distance between the row/column sums of {@code plan} and {@code a}, {@code b}. */
  static double marginalError(double[][] plan, double[] a, double[] b) {
    double[] col = new double[b.length];
    double err = 0.0;
    for (int i = 0; i < plan.length; i++) {
      double rowSum = 0.0;
      for (int j = 0; j < b.length; j++) {
        rowSum += plan[i][j];
        col[j] += plan[i][j];
      }
      err += Math.abs(rowSum - a[i]);
    }
    for (int j = 0; j < b.length; j++) {
      err += Math.abs(col[j] - b[j]);
    }
    return err;
  }

  /** Computes cost, entropic objective and marginal error of {@code plan} and packs the result. */
  static SinkhornResult result(
      double[][] plan,
      double[] a,
      double[] b,
      double[][] cost,
      double epsilon,
      int iterations,
      boolean converged,
      double[] f,
      double[] g) {
    double transport = 0.0;
    double negEntropy = 0.0;
    for (int i = 0; i < plan.length; i++) {
      for (int j = 0; j < plan[i].length; j++) {
        double p = plan[i][j];
        if (p > 0.0) {
          transport += p * cost[i][j];
          negEntropy += p * (Math.log(p) - 1.0);
        }
      }
    }
    double err = marginalError(plan, a, b);
    return new SinkhornResult(
        plan, transport, transport + epsilon * negEntropy, iterations, err, converged, f, g);
  }

  /** LSE_j(row_j + shift_j); {@code -Infinity} when every term is {@code -Infinity}. */
  static double rowLogSumExp(double[] row, double[] shift) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < row.length; j++) {
      max = Math.max(max, row[j] + shift[j]);
    }
    if (max == Double.NEGATIVE_INFINITY) {
      return max;
    }
    double sum = 0.0;
    for (int j = 0; j < row.length; j++) {
      sum += Math.exp(row[j] + shift[j] - max);
    }
    return max + Math.log(sum);
  }

  /** out_j = LSE_i(s_ij + shift_i), traversing {@code s} row by row. */
  static void columnLogSumExp(double[][] s, double[] shift, double[] out) {
    int m = out.length;
    double[] max = new double[m];
    Arrays.fill(max, Double.NEGATIVE_INFINITY);
    for (int i = 0; i < s.length; i++) {
      if (shift[i] == Double.NEGATIVE_INFINITY) {
        continue;
      }
      for (int j = 0; j < m; j++) {
        max[j] = Math.max(max[j], s[i][j] + shift[i]);
      }
    }
    double[] sum = new double[m];
    for (int i = 0; i < s.length; i++) {
      if (shift[i] == Double.NEGATIVE_INFINITY) {
        continue;
      }
      for (int j = 0; j < m; j++) {
        sum[j] += Math.exp(s[i][j] + shift[i] - max[j]);
      }
    }
    for (int j = 0; j < m; j++) {
      out[j] = max[j] == Double.NEGATIVE_INFINITY ? max[j] : max[j] + Math.log(sum[j]);
    }
  }
}
