package com.marketmaker.core.portfolio.cointegration;

import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.QRDecomposition;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;

/**
 * Johansen's maximum-likelihood test for the cointegrating rank of a vector error-correction model
 * {@code dy_t = Pi y_{t-1} + sum_{i=1..p} Gamma_i dy_{t-i} + e_t}.
 *
 * <p>Method (Johansen 1991, section 2; Johansen 1995, chapter 6): the levels are detrended
 * according to the deterministic case, {@code dy_t} and {@code y_{t-1}} are regressed on the lagged
 * differences, and from the residuals {@code R0}, {@code R1} the product moments {@code S00, S01,
 * S11} are formed. The eigenvalues solve {@code |lambda S11 - S10 S00^{-1} S01| = 0}; here {@code
 * S11 = L L'} (Cholesky) turns the problem into the symmetric one {@code L^{-1} S10 S00^{-1} S01
 * L^{-T} w = lambda w} with {@code v = L^{-T} w}. The statistics are the trace {@code -T sum_{i>r}
 * ln(1 - lambda_i)} and the maximum eigenvalue {@code -T ln(1 - lambda_{r+1})}. The deterministic
 * cases and the data handling follow {@code statsmodels.tsa.vector_ar.vecm.coint_johansen} ({@code
 * det_order} -1, 0, 1; levels detrended by a polynomial of that order, then the regressions
 * demeaned when {@code det_order >= 0}). statsmodels pairs {@code dy_t} with the level {@code
 * y_{t-p}} (Johansen's original form) where this class uses {@code y_{t-1}}; the two differ by
 * lagged differences that are partialled out, so eigenvalues, statistics and vectors coincide.
 *
 * <p>Critical values are the 90/95/99% quantiles for up to 12 series of MacKinnon, Haug and
 * Michelis (1999), as tabulated in J. P. LeSage's Econometrics Toolbox ({@code c_sjt}, {@code
 * c_sja}) and in {@code statsmodels.tsa.coint_tables}; beyond 12 series they are NaN.
 *
 * <p>References: S. Johansen (1991), "Estimation and Hypothesis Testing of Cointegration Vectors in
 * Gaussian Vector Autoregressive Models", Econometrica 59(6), 1551-1580. S. Johansen (1995),
 * Likelihood-Based Inference in Cointegrated Vector Autoregressive Models, Oxford University Press.
 * J. G. MacKinnon, A. A. Haug, L. Michelis (1999), "Numerical Distribution Functions of Likelihood
 * Ratio Tests for Cointegration", Journal of Applied Econometrics 14(5), 563-577.
 */
public final class Johansen {

  /** Maximum number of series with tabulated critical values. */
  public static final int MAX_SERIES = 12;

  // Trace statistic quantiles (90, 95, 99%) for k - r = 1..12, by det_order -1, 0, 1.
  private static final double[][][] TRACE = {
    {
      {2.9762, 4.1296, 6.9406},
      {10.4741, 12.3212, 16.3640},
      {21.7781, 24.2761, 29.5147},
      {37.0339, 40.1749, 46.5716},
      {56.2839, 60.0627, 67.6367},
      {79.5329, 83.9383, 92.7136},
      {106.7351, 111.7797, 121.7375},
      {137.9954, 143.6691, 154.7977},
      {173.2292, 179.5199, 191.8122},
      {212.4721, 219.4051, 232.8291},
      {255.6732, 263.2603, 277.9962},
      {302.9054, 311.1288, 326.9716}
    },
    {
      {2.7055, 3.8415, 6.6349},
      {13.4294, 15.4943, 19.9349},
      {27.0669, 29.7961, 35.4628},
      {44.4929, 47.8545, 54.6815},
      {65.8202, 69.8189, 77.8202},
      {91.1090, 95.7542, 104.9637},
      {120.3673, 125.6185, 135.9825},
      {153.6341, 159.5290, 171.0905},
      {190.8714, 197.3772, 210.0366},
      {232.1030, 239.2468, 253.2526},
      {277.3740, 285.1402, 300.2821},
      {326.5354, 334.9795, 351.2150}
    },
    {
      {2.7055, 3.8415, 6.6349},
      {16.1619, 18.3985, 23.1485},
      {32.0645, 35.0116, 41.0815},
      {51.6492, 55.2459, 62.5202},
      {75.1027, 79.3422, 87.7748},
      {102.4674, 107.3429, 116.9829},
      {133.7852, 139.2780, 150.0778},
      {169.0618, 175.1584, 187.1891},
      {208.3582, 215.1268, 228.2226},
      {251.6293, 259.0267, 273.3838},
      {298.8836, 306.8988, 322.4264},
      {350.1125, 358.7190, 375.3203}
    }
  };

  // Maximum-eigenvalue statistic quantiles (90, 95, 99%) for k - r = 1..12, by det_order -1, 0, 1.
  private static final double[][][] MAX_EIGEN = {
    {
      {2.9762, 4.1296, 6.9406}, {9.4748, 11.2246, 15.0923}, {15.7175, 17.7961, 22.2519},
      {21.8370, 24.1592, 29.0609}, {27.9160, 30.4428, 35.7359}, {33.9271, 36.6301, 42.2333},
      {39.9085, 42.7679, 48.6606}, {45.8930, 48.8795, 55.0335}, {51.8528, 54.9629, 61.3449},
      {57.7954, 61.0404, 67.6415}, {63.7248, 67.0756, 73.8856}, {69.6513, 73.0946, 80.0937}
    },
    {
      {2.7055, 3.8415, 6.6349}, {12.2971, 14.2639, 18.5200}, {18.8928, 21.1314, 25.8650},
      {25.1236, 27.5858, 32.7172}, {31.2379, 33.8777, 39.3693}, {37.2786, 40.0763, 45.8662},
      {43.2947, 46.2299, 52.3069}, {49.2855, 52.3622, 58.6634}, {55.2412, 58.4332, 64.9960},
      {61.2041, 64.5040, 71.2525}, {67.1307, 70.5392, 77.4877}, {73.0563, 76.5734, 83.7105}
    },
    {
      {2.7055, 3.8415, 6.6349}, {15.0006, 17.1481, 21.7465}, {21.8731, 24.2522, 29.2631},
      {28.2398, 30.8151, 36.1930}, {34.4202, 37.1646, 42.8612}, {40.5244, 43.4183, 49.4095},
      {46.5583, 49.5875, 55.8171}, {52.5858, 55.7302, 62.1741}, {58.5316, 61.8051, 68.5030},
      {64.5292, 67.9040, 74.7434}, {70.4630, 73.9355, 81.0678}, {76.4081, 79.9878, 87.2395}
    }
  };

  private Johansen() {}

  /**
   * Runs the test.
   *
   * @param y observations in rows, series in columns ({@code n x k}, {@code k >= 1})
   * @param detOrder -1 no deterministic terms, 0 constant, 1 linear trend
   * @param lags number of lagged differences {@code p >= 0}
   */
  public static JohansenResult test(double[][] y, int detOrder, int lags) {
    if (detOrder < -1 || detOrder > 1) {
      throw new IllegalArgumentException("detOrder must be -1, 0 or 1: " + detOrder);
    }
    if (lags < 0) {
      throw new IllegalArgumentException("lags must be >= 0: " + lags);
    }
    int n = y.length;
    int k = y[0].length;
    int m = n - 1 - lags;
    if (k < 1 || m <= k * (lags + 1) + 1) {
      throw new IllegalArgumentException("too few observations: " + n + " for " + k + " series");
    }
    RealMatrix levels = detrend(MatrixUtils.createRealMatrix(y), detOrder);
    double[][] dy = new double[m][k];
    double[][] lagged = new double[m][k];
    double[][] z = new double[m][k * lags];
    for (int row = 0; row < m; row++) {
      int t = row + lags; // dy_t = levels[t+1] - levels[t]; level term levels[t]
      for (int j = 0; j < k; j++) {
        dy[row][j] = levels.getEntry(t + 1, j) - levels.getEntry(t, j);
        lagged[row][j] = levels.getEntry(t, j);
        for (int i = 1; i <= lags; i++) {
          z[row][(i - 1) * k + j] = levels.getEntry(t + 1 - i, j) - levels.getEntry(t - i, j);
        }
      }
    }
    int inner = detOrder >= 0 ? 0 : -1;
    RealMatrix zm = lags == 0 ? null : detrend(new Array2DRowRealMatrix(z, false), inner);
    RealMatrix r0 = residuals(detrend(new Array2DRowRealMatrix(dy, false), inner), zm);
    RealMatrix r1 = residuals(detrend(new Array2DRowRealMatrix(lagged, false), inner), zm);

    RealMatrix s00 = r0.transposeMultiply(r0).scalarMultiply(1.0 / m);
    RealMatrix s01 = r0.transposeMultiply(r1).scalarMultiply(1.0 / m);
    RealMatrix s11 = r1.transposeMultiply(r1).scalarMultiply(1.0 / m);
    RealMatrix lower = new CholeskyDecomposition(s11, 1e-15, 1e-15).getL();
    RealMatrix lowerInv = MatrixUtils.inverse(lower);
    RealMatrix s00InvS01 = new CholeskyDecomposition(s00, 1e-15, 1e-15).getSolver().solve(s01);
    RealMatrix c = lowerInv.multiply(s01.transposeMultiply(s00InvS01)).multiplyTransposed(lowerInv);
    RealMatrix sym = c.add(c.transpose()).scalarMultiply(0.5);
    EigenDecompositionSymmetric eig = new EigenDecompositionSymmetric(sym);

    double[] raw = eig.getEigenvalues();
    Integer[] order = new Integer[k];
    for (int i = 0; i < k; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(raw[b], raw[a]));
    RealMatrix lowerInvT = lowerInv.transpose();
    double[] lambda = new double[k];
    double[][] vectors = new double[k][];
    for (int r = 0; r < k; r++) {
      lambda[r] = raw[order[r]];
      RealVector w = eig.getEigenvector(order[r]);
      double[] v = lowerInvT.operate(w).toArray();
      double sign = 0;
      for (int j = 0; j < k && sign == 0; j++) {
        sign = Math.signum(v[j]);
      }
      for (int j = 0; j < k; j++) {
        v[j] *= sign < 0 ? -1 : 1;
      }
      vectors[r] = v;
    }

    double[] trace = new double[k];
    double[] maxEigen = new double[k];
    double[][] traceCrit = new double[k][];
    double[][] maxCrit = new double[k][];
    double sum = 0;
    for (int r = k - 1; r >= 0; r--) {
      maxEigen[r] = -m * Math.log1p(-lambda[r]);
      sum += maxEigen[r];
      trace[r] = sum;
      traceCrit[r] = critical(TRACE, detOrder, k - r);
      maxCrit[r] = critical(MAX_EIGEN, detOrder, k - r);
    }
    return new JohansenResult(
        detOrder, lags, m, lambda, vectors, trace, maxEigen, traceCrit, maxCrit);
  }

  /** The 90/95/99% critical values tabulated for {@code kMinusR} stochastic trends. */
  static double[] critical(double[][][] table, int detOrder, int kMinusR) {
    if (kMinusR < 1 || kMinusR > MAX_SERIES) {
      return new double[] {Double.NaN, Double.NaN, Double.NaN};
    }
    return table[detOrder + 1][kMinusR - 1].clone();
  }

  /** Trace critical values (90, 95, 99%) for {@code kMinusR} stochastic trends. */
  public static double[] traceCritical(int detOrder, int kMinusR) {
    return critical(TRACE, detOrder, kMinusR);
  }

  /** Maximum-eigenvalue critical values (90, 95, 99%) for {@code kMinusR} stochastic trends. */
  public static double[] maxEigenCritical(int detOrder, int kMinusR) {
    return critical(MAX_EIGEN, detOrder, kMinusR);
  }

  /** Residuals of every column regressed on a polynomial time trend of the given order. */
  private static RealMatrix detrend(RealMatrix x, int order) {
    if (order < 0) {
      return x;
    }
    int rows = x.getRowDimension();
    double[][] design = new double[rows][order + 1];
    for (int t = 0; t < rows; t++) {
      double s = rows == 1 ? 0 : -1 + 2.0 * t / (rows - 1);
      double p = 1;
      for (int j = 0; j <= order; j++) {
        design[t][j] = p;
        p *= s;
      }
    }
    return residuals(x, new Array2DRowRealMatrix(design, false));
  }

  /**
   * {@code y - x b} with {@code b} the least-squares coefficients; {@code y} if {@code x} is null.
   */
  private static RealMatrix residuals(RealMatrix y, RealMatrix x) {
    if (x == null || x.getColumnDimension() == 0) {
      return y;
    }
    RealMatrix b = new QRDecomposition(x).getSolver().solve(y);
    return y.subtract(x.multiply(b));
  }
}
