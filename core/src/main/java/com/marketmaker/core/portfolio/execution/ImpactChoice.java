package com.marketmaker.core.portfolio.execution;

import java.util.Locale;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;

/**
 * The cross-impact matrix a rebalance is costed with. Where the instruments' own bars support it,
 * &Lambda; is estimated from their history: bar log returns regressed on the bars' signed public
 * order flow in US dollars ({@link CrossImpactModel#estimate}, Hasbrouck &amp; Seppi 2001;
 * Benzaquen et al. 2017). The estimate is used only if every instrument had public flow, the
 * regression has at least {@code minBars} bars and twice as many bars as regressors, and every
 * instrument's own impact &Lambda;<sub>ii</sub> is positive and significant (t &gt; {@value
 * #MIN_OWN_T}); its symmetric part, the only part a cost q<sup>T</sup>&Lambda;q sees, is then
 * projected onto the positive semi-definite matrices (negative eigenvalues set to zero) so that no
 * trade is costed as a gain. Otherwise the caller's proxy is used, and the choice says why.
 */
public final class ImpactChoice {

  /** The smallest t-statistic of an instrument's own impact for the estimate to be used. */
  public static final double MIN_OWN_T = 2.0;

  /**
   * The matrix chosen.
   *
   * @param model the cross-impact model to cost the plan with
   * @param estimated whether it was estimated from the flows (else the proxy)
   * @param bars the bars the estimate used (0 for the proxy)
   * @param source how it was obtained, or why the proxy was used
   */
  public record Choice(CrossImpactModel model, boolean estimated, int bars, String source) {}

  private ImpactChoice() {}

  /**
   * Chooses between the flow estimate and {@code proxy}.
   *
   * @param closes {@code [i][t]}: bar closes, all rows of one length, positive
   * @param flowsQuote {@code [i][t]}: the signed public flow in each bar, quote currency (the flow
   *     of bar t moved the close from t−1 to t)
   * @param usdPerQuote {@code [i]}: US dollars per unit of instrument i's quote currency
   * @param proxy the k&times;k matrix to fall back on, return per US dollar
   * @param minBars the fewest returns the estimate needs
   * @return the choice
   */
  public static Choice choose(
      double[][] closes,
      double[][] flowsQuote,
      double[] usdPerQuote,
      double[][] proxy,
      int minBars) {
    int k = proxy.length;
    if (closes.length != k || flowsQuote.length != k || usdPerQuote.length != k) {
      throw new IllegalArgumentException("closes, flows, conversions and proxy must have k rows");
    }
    int bars = k == 0 ? 0 : Math.max(0, closes[0].length - 1);
    int needed = Math.max(minBars, 2 * (k + 1));
    if (k == 0 || bars < needed) {
      return proxy(proxy, "fewer than " + needed + " bars of returns and flows: " + bars);
    }
    double[][] returns = new double[bars][k];
    double[][] flows = new double[bars][k];
    for (int i = 0; i < k; i++) {
      if (closes[i].length != bars + 1 || flowsQuote[i].length != bars + 1) {
        throw new IllegalArgumentException("row " + i + " has another number of bars");
      }
      boolean traded = false;
      for (int t = 0; t < bars; t++) {
        returns[t][i] = Math.log(closes[i][t + 1] / closes[i][t]);
        flows[t][i] = flowsQuote[i][t + 1] * usdPerQuote[i];
        traded |= flows[t][i] != 0;
      }
      if (!traded) {
        return proxy(proxy, "no public flow recorded for instrument " + i);
      }
    }
    CrossImpactModel estimate;
    try {
      estimate = CrossImpactModel.estimate(returns, flows, true);
    } catch (IllegalArgumentException e) {
      return proxy(proxy, "flow regression failed: " + e.getMessage());
    }
    for (int i = 0; i < k; i++) {
      double t = estimate.lambda(i, i) / estimate.standardError(i, i);
      if (!(t > MIN_OWN_T)) {
        return proxy(
            proxy,
            String.format(
                Locale.ROOT,
                "own impact of instrument %d not significant over %d bars (t = %.2f)",
                i,
                bars,
                t));
      }
    }
    return new Choice(
        CrossImpactModel.of(positiveSemiDefinite(estimate.lambda())),
        true,
        bars,
        "estimated from " + bars + " bars of returns and signed public flow");
  }

  private static Choice proxy(double[][] proxy, String why) {
    return new Choice(CrossImpactModel.of(proxy), false, 0, "proxy: " + why);
  }

  /** The symmetric part of {@code m} with its negative eigenvalues set to zero. */
  static double[][] positiveSemiDefinite(double[][] m) {
    int k = m.length;
    double[][] sym = new double[k][k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        sym[i][j] = 0.5 * (m[i][j] + m[j][i]);
      }
    }
    EigenDecompositionSymmetric eig =
        new EigenDecompositionSymmetric(new Array2DRowRealMatrix(sym));
    double[] values = eig.getEigenvalues();
    RealMatrix out = new Array2DRowRealMatrix(k, k);
    for (int r = 0; r < k; r++) {
      if (values[r] > 0) {
        RealVector v = eig.getEigenvector(r);
        out = out.add(v.outerProduct(v).scalarMultiply(values[r]));
      }
    }
    return out.getData();
  }
}
