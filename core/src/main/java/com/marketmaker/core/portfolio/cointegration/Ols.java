package com.marketmaker.core.portfolio.cointegration;

import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.QRDecomposition;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;

/**
 * Ordinary least squares by Householder QR (Hipparchus {@link QRDecomposition}), with classical
 * standard errors and the Gaussian log-likelihood information criterion.
 *
 * <p>Source: the textbook formulas, e.g. W. H. Greene, "Econometric Analysis" (7th ed., 2012), ch.
 * 4: β̂ = (X'X)⁻¹X'y computed as R⁻¹Q'y, s² = e'e/(n−k), Var β̂ = s²(R'R)⁻¹; the log-likelihood ℓ =
 * −n/2·(ln 2π + ln(e'e/n) + 1) and AIC = −2ℓ + 2k (H. Akaike 1974), k counting every regressor.
 */
public final class Ols {

  /**
   * A fitted regression.
   *
   * @param beta the coefficients, in the order of the design's columns
   * @param standardErrors their classical standard errors
   * @param residuals y − Xβ̂
   * @param ssr the residual sum of squares
   * @param nobs the number of observations
   * @param rSquared the centred R² (uncentred when the design has no constant column)
   */
  public record Fit(
      double[] beta,
      double[] standardErrors,
      double[] residuals,
      double ssr,
      int nobs,
      double rSquared) {

    /** The number of regressors k. */
    public int k() {
      return beta.length;
    }

    /** The t-statistic of coefficient {@code i}. */
    public double tValue(int i) {
      return beta[i] / standardErrors[i];
    }

    /** The Gaussian log-likelihood −n/2·(ln 2π + ln(SSR/n) + 1). */
    public double logLikelihood() {
      return -0.5 * nobs * (Math.log(2 * Math.PI) + Math.log(ssr / nobs) + 1);
    }

    /** Akaike's information criterion −2ℓ + 2k. */
    public double aic() {
      return -2 * logLikelihood() + 2 * k();
    }
  }

  private Ols() {}

  /**
   * Regresses {@code y} on the columns of {@code x} (rows are observations; include a column of
   * ones for a constant).
   */
  public static Fit fit(double[] y, double[][] x) {
    int n = y.length;
    if (x.length != n || n == 0) {
      throw new IllegalArgumentException("design has " + x.length + " rows for " + n + " values");
    }
    int k = x[0].length;
    if (n <= k) {
      throw new IllegalArgumentException("need more observations than regressors: " + n);
    }
    RealMatrix design = new Array2DRowRealMatrix(x, false);
    QRDecomposition qr = new QRDecomposition(design, 1e-14);
    RealVector target = new ArrayRealVector(y, false);
    double[] beta = qr.getSolver().solve(target).toArray();
    double[] fitted = design.operate(beta);
    double[] resid = new double[n];
    double ssr = 0;
    for (int i = 0; i < n; i++) {
      resid[i] = y[i] - fitted[i];
      ssr += resid[i] * resid[i];
    }
    double[][] rInv = invertUpper(qr.getR().getSubMatrix(0, k - 1, 0, k - 1).getData());
    double s2 = ssr / (n - k);
    double[] se = new double[k];
    for (int i = 0; i < k; i++) {
      double sum = 0;
      for (int j = i; j < k; j++) {
        sum += rInv[i][j] * rInv[i][j];
      }
      se[i] = Math.sqrt(s2 * sum);
    }
    return new Fit(beta, se, resid, ssr, n, rSquared(y, x, ssr));
  }

  /**
   * Regresses {@code y} on a constant and one regressor {@code x} in closed form: β =
   * S<sub>xy</sub> / S<sub>xx</sub> and c = ȳ − β x̄ on the centred sums (two passes over the
   * data), s² = e'e/(n − 2), Var β = s²/S<sub>xx</sub> and Var c = s²(1/n + x̄²/S<sub>xx</sub>)
   * (Greene 2012, ch. 3 and 4); the same fit as {@link #fit} with the design [x, 1], without
   * building it.
   *
   * @return the fit with the coefficients in the order {slope, constant}
   * @throws IllegalArgumentException when x is constant or there are fewer than three rows
   */
  public static Fit simple(double[] y, double[] x) {
    int n = y.length;
    if (x.length != n) {
      throw new IllegalArgumentException("x has " + x.length + " rows for " + n + " values");
    }
    if (n < 3) {
      throw new IllegalArgumentException("need more observations than regressors: " + n);
    }
    double xMean = 0;
    double yMean = 0;
    for (int i = 0; i < n; i++) {
      xMean += x[i];
      yMean += y[i];
    }
    xMean /= n;
    yMean /= n;
    double sxx = 0;
    double sxy = 0;
    double syy = 0;
    for (int i = 0; i < n; i++) {
      double dx = x[i] - xMean;
      double dy = y[i] - yMean;
      sxx += dx * dx;
      sxy += dx * dy;
      syy += dy * dy;
    }
    if (!(sxx > 0)) {
      throw new IllegalArgumentException("the regressor is constant");
    }
    double slope = sxy / sxx;
    double constant = yMean - slope * xMean;
    double[] resid = new double[n];
    double ssr = 0;
    for (int i = 0; i < n; i++) {
      double e = (y[i] - yMean) - slope * (x[i] - xMean);
      resid[i] = e;
      ssr += e * e;
    }
    double s2 = ssr / (n - 2);
    double[] se = {Math.sqrt(s2 / sxx), Math.sqrt(s2 * (1.0 / n + xMean * xMean / sxx))};
    return new Fit(new double[] {slope, constant}, se, resid, ssr, n, 1 - ssr / syy);
  }

  private static double rSquared(double[] y, double[][] x, double ssr) {
    boolean constant = false;
    for (int j = 0; j < x[0].length && !constant; j++) {
      constant = true;
      for (double[] row : x) {
        if (row[j] != x[0][j]) {
          constant = false;
          break;
        }
      }
      constant &= x[0][j] != 0;
    }
    double mean = 0;
    if (constant) {
      for (double v : y) {
        mean += v;
      }
      mean /= y.length;
    }
    double tss = 0;
    for (double v : y) {
      tss += (v - mean) * (v - mean);
    }
    return 1 - ssr / tss;
  }

  /** The inverse of an upper-triangular matrix by back substitution. */
  private static double[][] invertUpper(double[][] r) {
    int k = r.length;
    double[][] inv = new double[k][k];
    for (int col = 0; col < k; col++) {
      for (int i = col; i >= 0; i--) {
        double sum = i == col ? 1.0 : 0.0;
        for (int j = i + 1; j <= col; j++) {
          sum -= r[i][j] * inv[j][col];
        }
        inv[i][col] = sum / r[i][i];
      }
    }
    return inv;
  }
}
