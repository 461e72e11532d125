package com.marketmaker.core.portfolio.book;

import com.marketmaker.core.portfolio.ModelPacing;
import com.marketmaker.core.portfolio.risk.CornishFisherRisk;
import com.marketmaker.core.portfolio.risk.DrawdownEstimate;
import com.marketmaker.core.portfolio.risk.DrawdownProbability;
import com.marketmaker.core.portfolio.risk.HistoricalRisk;
import com.marketmaker.core.portfolio.risk.MonteCarloRisk;
import com.marketmaker.core.portfolio.risk.ParametricRisk;
import com.marketmaker.core.portfolio.risk.RiskEstimate;
import com.marketmaker.core.portfolio.risk.SampleMoments;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hipparchus.exception.MathRuntimeException;

/**
 * Value-at-Risk, conditional Value-at-Risk and drawdown probability of the book's current positions
 * over the price bars' history.
 *
 * <p>Model. The positions are held as constant US-dollar notionals w<sub>i</sub>; a bar's P&amp;L
 * is X<sub>t</sub> = Σ<sub>i</sub> w<sub>i</sub> r<sub>i,t</sub> with r the bar log returns — the
 * first-order (delta) revaluation, whose error is of order w r²/2 (half a basis point of notional
 * at a 1% move). From the series X and the returns' sample mean μ and covariance Σ (divisor n − 1):
 *
 * <ul>
 *   <li>{@code HISTORICAL}: {@link HistoricalRisk} on X;
 *   <li>{@code GAUSSIAN}: {@link ParametricRisk#gaussian(double, double, double)} with X's mean and
 *       standard deviation (equal to w·μ and √(wᵀΣw));
 *   <li>{@code CORNISH_FISHER}: {@link CornishFisherRisk} on X;
 *   <li>{@code MONTE_CARLO_NORMAL} and {@code MONTE_CARLO_STUDENT_T}: {@link MonteCarloRisk} with
 *       (w, μ, Σ), seeded.
 * </ul>
 *
 * CVaR is the expected loss beyond VaR, the tail mean of R. T. Rockafellar and S. Uryasev (2000),
 * "Optimization of Conditional Value-at-Risk", Journal of Risk 2(3), 21–41. Each figure is given
 * per bar and over a horizon of H bars as per-bar × √H: the square-root-of-time rule, exact for the
 * Gaussian figures of i.i.d. zero-mean bars and the usual approximation for the others (it ignores
 * the mean's linear growth, autocorrelation and the fattening or thinning of tails under
 * aggregation).
 *
 * <p>Drawdown. With a threshold configured, {@link DrawdownProbability} simulates the cumulative
 * bar P&amp;L over the drawdown horizon from the current drawdown below the P&amp;L peak (see
 * {@link DrawdownTracker}) and estimates P(maximum drawdown &gt; threshold).
 *
 * <p>Numerics. The simulations receive returns in basis points (μ × 10⁴, Σ × 10⁸) and notionals per
 * basis point (w × 10⁻⁴), which leaves every P&amp;L unchanged but keeps the covariance's Cholesky
 * pivots well above Hipparchus' absolute positivity threshold of 10⁻¹⁰ (bar variances of log
 * returns are often 10⁻⁸). If Σ is still not positive definite (an instrument with constant closes,
 * or two with identical returns), a ridge of 10⁻¹², 10⁻¹⁰, …, 10⁻⁶ times the mean diagonal (or
 * 10⁻¹² bp² when the diagonal is zero) is added, the smallest that works; failing that, the Monte
 * Carlo figures and the drawdown are NaN / null. Stateless and deterministic.
 */
public final class PortfolioRisk {

  /** The confidences reported: 95% and 99%. */
  public static final double[] CONFIDENCES = {0.95, 0.99};

  private static final double BP = 1e4;

  private PortfolioRisk() {}

  /**
   * The risk of the book's converted positions over the bars.
   *
   * <p>Instruments with a position but an unconverted quote currency, or never marked in {@code
   * bars}, are left out and listed in {@link RiskResult#excludedInstruments()}.
   *
   * @param book the positions
   * @param bars the close bars
   * @param config the settings
   * @param currentDrawdownUsd the current drawdown below the P&amp;L peak, ≥ 0
   */
  public static RiskResult compute(
      PortfolioBook book, PriceBars bars, RiskConfig config, double currentDrawdownUsd) {
    List<String> names = new ArrayList<>();
    List<Double> notionals = new ArrayList<>();
    List<String> excluded = new ArrayList<>(book.exposures().unconvertedInstruments());
    for (Map.Entry<String, Double> e : book.notionalUsdByInstrument().entrySet()) {
      if (bars.barCount(e.getKey()) == 0) {
        excluded.add(e.getKey());
      } else {
        names.add(e.getKey());
        notionals.add(e.getValue());
      }
    }
    double[] w = new double[names.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = notionals.get(i);
    }
    double[][] r = names.isEmpty() ? new double[0][0] : bars.logReturns(names, config.maxBars());
    return compute(names, w, r, excluded, config, currentDrawdownUsd);
  }

  /**
   * The risk of given notionals over given returns.
   *
   * @param instruments the instruments, in the order of {@code notionalsUsd} and the return rows
   * @param notionalsUsd the signed notionals w, US dollars, finite
   * @param logReturns {@code [i][t]}: instrument i's log return in bar t, rows of equal length
   * @param excluded instruments left out upstream, reported as such
   * @param config the settings
   * @param currentDrawdownUsd the current drawdown below the P&amp;L peak, ≥ 0
   */
  public static RiskResult compute(
      List<String> instruments,
      double[] notionalsUsd,
      double[][] logReturns,
      List<String> excluded,
      RiskConfig config,
      double currentDrawdownUsd) {
    int d = instruments.size();
    if (notionalsUsd.length != d || logReturns.length != d) {
      throw new IllegalArgumentException("need one notional and one return row per instrument");
    }
    if (!(currentDrawdownUsd >= 0) || !Double.isFinite(currentDrawdownUsd)) {
      throw new IllegalArgumentException("current drawdown must be finite and >= 0");
    }
    int n = d == 0 ? 0 : logReturns[0].length;
    for (int i = 0; i < d; i++) {
      if (logReturns[i].length != n || !Double.isFinite(notionalsUsd[i])) {
        throw new IllegalArgumentException("return rows differ in length or notional not finite");
      }
    }
    if (d == 0) {
      List<RiskResult.MethodRisk> zero = new ArrayList<>();
      for (RiskResult.Method m : RiskResult.Method.values()) {
        for (double c : CONFIDENCES) {
          zero.add(new RiskResult.MethodRisk(m, c, 0, 0, 0, 0));
        }
      }
      return new RiskResult(
          instruments, notionalsUsd, excluded, 0, config.horizonBars(), true, 0, 0, zero, null);
    }
    if (n < config.minReturns()) {
      return new RiskResult(
          instruments,
          notionalsUsd,
          excluded,
          n,
          config.horizonBars(),
          false,
          Double.NaN,
          Double.NaN,
          List.of(),
          null);
    }
    double[] pnl = new double[n];
    for (int t = 0; t < n; t++) {
      for (int i = 0; i < d; i++) {
        pnl[t] += notionalsUsd[i] * logReturns[i][t];
      }
    }
    double[] muBp = new double[d];
    double[] wPerBp = new double[d];
    for (int i = 0; i < d; i++) {
      muBp[i] = mean(logReturns[i]) * BP;
      wPerBp[i] = notionalsUsd[i] / BP;
    }
    double[][] covBp = covarianceBp(logReturns, muBp);
    MonteCarloRisk mc = null;
    DrawdownProbability ddModel = null;
    double[][] ridged = positiveDefinite(covBp);
    if (ridged != null) {
      mc = new MonteCarloRisk(wPerBp, muBp, ridged);
      ddModel = new DrawdownProbability(wPerBp, muBp, ridged);
    }
    SampleMoments moments = SampleMoments.of(pnl);
    double root = Math.sqrt(config.horizonBars());
    List<RiskResult.MethodRisk> estimates = new ArrayList<>();
    for (RiskResult.Method method : RiskResult.Method.values()) {
      for (double c : CONFIDENCES) {
        RiskEstimate e = perBar(method, c, pnl, moments, mc, config);
        estimates.add(
            new RiskResult.MethodRisk(
                method, c, e.var(), e.cvar(), e.var() * root, e.cvar() * root));
      }
    }
    DrawdownEstimate drawdown = null;
    if (ddModel != null && !Double.isNaN(config.drawdownThresholdUsd())) {
      drawdown =
          Double.isNaN(config.drawdownStudentTNu())
              ? ddModel.normal(
                  config.drawdownHorizonBars(),
                  config.drawdownThresholdUsd(),
                  currentDrawdownUsd,
                  config.drawdownPaths(),
                  config.seed())
              : ddModel.studentT(
                  config.drawdownHorizonBars(),
                  config.drawdownStudentTNu(),
                  config.drawdownThresholdUsd(),
                  currentDrawdownUsd,
                  config.drawdownPaths(),
                  config.seed());
    }
    return new RiskResult(
        instruments,
        notionalsUsd,
        excluded,
        n,
        config.horizonBars(),
        true,
        moments.mean(),
        moments.sd(),
        estimates,
        drawdown);
  }

  private static RiskEstimate perBar(
      RiskResult.Method method,
      double confidence,
      double[] pnl,
      SampleMoments moments,
      MonteCarloRisk mc,
      RiskConfig config) {
    switch (method) {
      case HISTORICAL:
        return HistoricalRisk.estimate(pnl, confidence);
      case GAUSSIAN:
        return ParametricRisk.gaussian(moments.mean(), moments.sd(), confidence);
      case CORNISH_FISHER:
        return CornishFisherRisk.estimate(
            moments.mean(), moments.sd(), moments.skewness(), moments.excessKurtosis(), confidence);
      case MONTE_CARLO_NORMAL:
        return mc == null
            ? new RiskEstimate(confidence, Double.NaN, Double.NaN)
            : mc.normal(config.monteCarloScenarios(), config.seed(), confidence);
      case MONTE_CARLO_STUDENT_T:
        return mc == null
            ? new RiskEstimate(confidence, Double.NaN, Double.NaN)
            : mc.studentT(
                config.monteCarloScenarios(), config.studentTNu(), config.seed(), confidence);
      default:
        throw new IllegalArgumentException("unknown method " + method);
    }
  }

  /** The sample covariance (divisor n − 1) of the returns, in basis points squared. */
  static double[][] covarianceBp(double[][] returns, double[] meanBp) {
    int d = returns.length;
    int n = returns[0].length;
    double[][] cov = new double[d][d];
    for (int i = 0; i < d; i++) {
      ModelPacing.checkpoint();
      for (int j = 0; j <= i; j++) {
        double s = 0;
        for (int t = 0; t < n; t++) {
          s += (returns[i][t] * BP - meanBp[i]) * (returns[j][t] * BP - meanBp[j]);
        }
        cov[i][j] = s / (n - 1);
        cov[j][i] = cov[i][j];
      }
    }
    return cov;
  }

  /** The covariance, or with the smallest working ridge; null when none works. */
  private static double[][] positiveDefinite(double[][] cov) {
    int d = cov.length;
    double meanDiag = 0;
    for (int i = 0; i < d; i++) {
      meanDiag += cov[i][i] / d;
    }
    double unit = meanDiag > 0 ? meanDiag : 1.0;
    double[] ridges = {0, 1e-12, 1e-10, 1e-8, 1e-6};
    for (double ridge : ridges) {
      double[][] c = new double[d][];
      for (int i = 0; i < d; i++) {
        c[i] = cov[i].clone();
        c[i][i] += ridge * unit;
      }
      try {
        new MonteCarloRisk(new double[d], new double[d], c);
        return c;
      } catch (MathRuntimeException | IllegalArgumentException e) {
        // not positive definite at this ridge; try the next
      }
    }
    return null;
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }
}
