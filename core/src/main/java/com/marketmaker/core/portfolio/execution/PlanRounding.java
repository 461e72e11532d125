package com.marketmaker.core.portfolio.execution;

/**
 * Rounding of an approximate transport plan onto exact marginals: Algorithm 2 of Altschuler, Weed
 * &amp; Rigollet (2017), "Near-linear time approximation algorithms for optimal transport via
 * Sinkhorn iteration", NeurIPS. Rows are scaled down to at most r, then columns down to at most c,
 * and the remaining deficits are filled by the rank-one correction err_r err_c^T / |err_r|_1, which
 * moves the plan by at most twice the initial marginal error in L1.
 */
final class PlanRounding {

  private PlanRounding() {}

  /**
   * Rounds {@code p} onto the marginals r, c (equal totals).
   *
   * @param p approximate plan, n&times;m, non-negative
   * @param r row sums wanted
   * @param c column sums wanted
   * @param dust entries of {@code p} below this are set to zero first
   * @return a new plan with row sums r and column sums c up to rounding
   */
  static double[][] roundToMarginals(double[][] p, double[] r, double[] c, double dust) {
    int n = r.length;
    int m = c.length;
    double[][] x = new double[n][m];
    for (int i = 0; i < n; i++) {
      double rowSum = 0.0;
      for (int j = 0; j < m; j++) {
        x[i][j] = p[i][j] < dust ? 0.0 : p[i][j];
        rowSum += x[i][j];
      }
      if (rowSum > r[i]) {
        double f = r[i] / rowSum;
        for (int j = 0; j < m; j++) {
          x[i][j] *= f;
        }
      }
    }
    for (int j = 0; j < m; j++) {
      double colSum = 0.0;
      for (int i = 0; i < n; i++) {
        colSum += x[i][j];
      }
      if (colSum > c[j]) {
        double f = c[j] / colSum;
        for (int i = 0; i < n; i++) {
          x[i][j] *= f;
        }
      }
    }
    double[] errR = new double[n];
    double[] errC = new double[m];
    double norm = 0.0;
    for (int i = 0; i < n; i++) {
      double s = 0.0;
      for (int j = 0; j < m; j++) {
        s += x[i][j];
      }
      errR[i] = Math.max(r[i] - s, 0.0);
      norm += errR[i];
    }
    for (int j = 0; j < m; j++) {
      double s = 0.0;
      for (int i = 0; i < n; i++) {
        s += x[i][j];
      }
      errC[j] = Math.max(c[j] - s, 0.0);
    }
    if (norm > 0.0) {
      for (int i = 0; i < n; i++) {
        if (errR[i] > 0.0) {
          for (int j = 0; j < m; j++) {
            x[i][j] += errR[i] * errC[j] / norm;
          }
        }
      }
    }
    return x;
  }
}
