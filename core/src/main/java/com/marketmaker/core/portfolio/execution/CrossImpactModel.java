package com.marketmaker.core.portfolio.execution;

import com.marketmaker.core.portfolio.cointegration.Ols;
import java.util.Arrays;
import org.hipparchus.exception.MathIllegalArgumentException;

/**
 * Linear cross-impact model: a k&times;k matrix &Lambda; whose entry &Lambda;<sub>ij</sub> is the
 * relative price change (return) of instrument i per unit of signed traded notional (quote
 * currency, buys positive) of instrument j, the multi-asset generalisation of Kyle's lambda.
 *
 * <p>Estimation follows the regression of per-bar returns on per-bar signed order flow of all
 * instruments (Hasbrouck &amp; Seppi 2001, "Common factors in prices, order flows, and liquidity",
 * J. Fin. Econ. 59, 383&ndash;411; Benzaquen, Mastromatteo, Eisler &amp; Bouchaud 2017, "Dissecting
 * cross-impact on stock markets: an empirical analysis", J. Stat. Mech. 023406): for each
 * instrument i, by ordinary least squares over the bars t = 1..T,
 *
 * <pre>
 *   r_{i,t} = c_i + sum_j Lambda_ij q_{j,t} + e_{i,t},
 * </pre>
 *
 * with r the bar return and q the bar's signed notional flow, optionally without the constant
 * c<sub>i</sub>. Standard errors are the classical OLS ones ({@link Ols}); they assume serially
 * uncorrelated, homoscedastic residuals.
 *
 * <p>Cost of a trade. Executing the signed notional vector q (quote currency) at a uniform rate
 * moves prices linearly from 0 to &Lambda;q, so the average fill is displaced by half of the final
 * impact and the expected cost is
 *
 * <pre>
 *   cost(q) = (1/2) q^T Lambda q   (quote currency),
 * </pre>
 *
 * the permanent-impact term of Almgren &amp; Chriss (2000), "Optimal execution of portfolio
 * transactions", J. Risk 3(2), 5&ndash;39, in its multi-asset form. Only the symmetric part of
 * &Lambda; enters. Instances are immutable.
 */
public final class CrossImpactModel {

  private final double[][] lambda;
  private final double[][] standardErrors;
  private final double[] intercepts;
  private final double[] rSquared;
  private final int observations;

  private CrossImpactModel(
      double[][] lambda,
      double[][] standardErrors,
      double[] intercepts,
      double[] rSquared,
      int observations) {
    this.lambda = lambda;
    this.standardErrors = standardErrors;
    this.intercepts = intercepts;
    this.rSquared = rSquared;
    this.observations = observations;
  }

  /**
   * A model with a given impact matrix (no estimation statistics: standard errors and R&sup2; are
   * {@code NaN}, intercepts zero).
   *
   * @param lambda k&times;k matrix, finite, return per unit of signed notional
   * @return the model
   */
  public static CrossImpactModel of(double[][] lambda) {
    int k = checkSquare(lambda);
    double[][] se = new double[k][k];
    double[] r2 = new double[k];
    for (int i = 0; i < k; i++) {
      Arrays.fill(se[i], Double.NaN);
      r2[i] = Double.NaN;
    }
    return new CrossImpactModel(copy(lambda), se, new double[k], r2, 0);
  }

  /**
   * Estimates &Lambda; by least squares of bar returns on bar signed notional flows.
   *
   * @param returns {@code returns[t][i]}: return of instrument i over bar t, finite
   * @param signedNotional {@code signedNotional[t][j]}: signed traded notional of instrument j in
   *     bar t (quote currency, buyer-initiated positive), finite
   * @param intercept whether to fit a constant c<sub>i</sub> per instrument
   * @return the fitted model
   * @throws IllegalArgumentException on mismatched shapes, non-finite values, too few bars (need
   *     more than k, or k + 1 with an intercept) or collinear flows
   */
  public static CrossImpactModel estimate(
      double[][] returns, double[][] signedNotional, boolean intercept) {
    if (returns == null || signedNotional == null || returns.length != signedNotional.length) {
      throw new IllegalArgumentException("returns and flows must have the same number of bars");
    }
    int bars = returns.length;
    if (bars == 0 || returns[0] == null) {
      throw new IllegalArgumentException("need at least one bar");
    }
    int k = returns[0].length;
    if (k == 0) {
      throw new IllegalArgumentException("need at least one instrument");
    }
    int p = k + (intercept ? 1 : 0);
    if (bars <= p) {
      throw new IllegalArgumentException(
          "need more bars than regressors: " + bars + " bars, " + p + " regressors");
    }
    double[][] design = new double[bars][p];
    double[][] y = new double[k][bars];
    for (int t = 0; t < bars; t++) {
      if (returns[t] == null || returns[t].length != k) {
        throw new IllegalArgumentException("returns row " + t + " must have " + k + " entries");
      }
      if (signedNotional[t] == null || signedNotional[t].length != k) {
        throw new IllegalArgumentException("flow row " + t + " must have " + k + " entries");
      }
      int c = 0;
      if (intercept) {
        design[t][c++] = 1.0;
      }
      for (int j = 0; j < k; j++) {
        double q = signedNotional[t][j];
        double r = returns[t][j];
        if (!Double.isFinite(q) || !Double.isFinite(r)) {
          throw new IllegalArgumentException("bar " + t + ", instrument " + j + " is not finite");
        }
        design[t][c++] = q;
        y[j][t] = r;
      }
    }
    double[][] lambda = new double[k][k];
    double[][] se = new double[k][k];
    double[] c0 = new double[k];
    double[] r2 = new double[k];
    int offset = intercept ? 1 : 0;
    for (int i = 0; i < k; i++) {
      Ols.Fit fit;
      try {
        fit = Ols.fit(y[i], design);
      } catch (MathIllegalArgumentException e) {
        throw new IllegalArgumentException("signed flows are collinear", e);
      }
      double[] beta = fit.beta();
      double[] s = fit.standardErrors();
      c0[i] = intercept ? beta[0] : 0.0;
      for (int j = 0; j < k; j++) {
        lambda[i][j] = beta[offset + j];
        se[i][j] = s[offset + j];
      }
      r2[i] = fit.rSquared();
    }
    return new CrossImpactModel(lambda, se, c0, r2, bars);
  }

  /** Number of instruments k. */
  public int instruments() {
    return lambda.length;
  }

  /** &Lambda;<sub>ij</sub>: return of i per unit signed notional of j. */
  public double lambda(int i, int j) {
    return lambda[i][j];
  }

  /** The matrix &Lambda;; a copy. */
  public double[][] lambda() {
    return copy(lambda);
  }

  /** Classical OLS standard error of &Lambda;<sub>ij</sub>; {@code NaN} for a given matrix. */
  public double standardError(int i, int j) {
    return standardErrors[i][j];
  }

  /** Fitted constants c<sub>i</sub> (zero without intercept); a copy. */
  public double[] intercepts() {
    return intercepts.clone();
  }

  /** R&sup2; of instrument i's regression; {@code NaN} for a given matrix. */
  public double rSquared(int i) {
    return rSquared[i];
  }

  /** Number of bars used; 0 for a given matrix. */
  public int observations() {
    return observations;
  }

  /**
   * Price impact &Lambda;q of a signed notional vector.
   *
   * @param signedNotional q, quote currency, length k
   * @return relative price changes, length k
   */
  public double[] priceImpact(double[] signedNotional) {
    checkVector(signedNotional);
    int k = lambda.length;
    double[] out = new double[k];
    for (int i = 0; i < k; i++) {
      double s = 0.0;
      for (int j = 0; j < k; j++) {
        s += lambda[i][j] * signedNotional[j];
      }
      out[i] = s;
    }
    return out;
  }

  /**
   * Expected impact cost (1/2) q<sup>T</sup>&Lambda;q of executing q at a uniform rate.
   *
   * @param signedNotional q, quote currency, length k
   * @return cost in quote currency (negative if &Lambda; is not positive semi-definite)
   */
  public double executionCost(double[] signedNotional) {
    double[] impact = priceImpact(signedNotional);
    double s = 0.0;
    for (int i = 0; i < impact.length; i++) {
      s += signedNotional[i] * impact[i];
    }
    return 0.5 * s;
  }

  private void checkVector(double[] q) {
    if (q == null || q.length != lambda.length) {
      throw new IllegalArgumentException("flow vector must have " + lambda.length + " entries");
    }
    for (double v : q) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("flow vector entries must be finite");
      }
    }
  }

  private static int checkSquare(double[][] m) {
    if (m == null || m.length == 0) {
      throw new IllegalArgumentException("impact matrix must be non-empty");
    }
    int k = m.length;
    for (int i = 0; i < k; i++) {
      if (m[i] == null || m[i].length != k) {
        throw new IllegalArgumentException("impact matrix must be " + k + " x " + k);
      }
      for (int j = 0; j < k; j++) {
        if (!Double.isFinite(m[i][j])) {
          throw new IllegalArgumentException("lambda[" + i + "][" + j + "] is not finite");
        }
      }
    }
    return k;
  }

  private static double[][] copy(double[][] m) {
    double[][] out = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      out[i] = m[i].clone();
    }
    return out;
  }
}
