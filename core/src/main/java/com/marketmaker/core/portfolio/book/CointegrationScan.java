package com.marketmaker.core.portfolio.book;

import com.marketmaker.core.portfolio.ModelPacing;
import com.marketmaker.core.portfolio.cointegration.AugmentedDickeyFuller;
import com.marketmaker.core.portfolio.cointegration.DeterministicTerms;
import com.marketmaker.core.portfolio.cointegration.EngleGranger;
import com.marketmaker.core.portfolio.cointegration.Johansen;
import com.marketmaker.core.portfolio.cointegration.JohansenResult;
import com.marketmaker.core.portfolio.cointegration.JumpFilter;
import com.marketmaker.core.portfolio.cointegration.MacKinnon;
import com.marketmaker.core.portfolio.cointegration.Ols;
import com.marketmaker.core.portfolio.wavelet.MultiScaleHedge;
import com.marketmaker.core.portfolio.wavelet.MultiScaleHedgeResult;
import com.marketmaker.core.portfolio.wavelet.WaveletFilter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import org.hipparchus.exception.MathRuntimeException;

/**
 * Scans every pair of a set of instruments' close bars for cointegration.
 *
 * <p>Per pair (i &lt; j in the given order) the later-listed y = instrument j is regressed on the
 * earlier-listed x = instrument i: y<sub>t</sub> = c + β x<sub>t</sub> + s<sub>t</sub>, and the
 * Engle–Granger test (R. F. Engle and C. W. J. Granger 1987, "Co-integration and Error Correction",
 * Econometrica 55, 251–276) runs the no-constant ADF regression on s with the lag chosen by AIC,
 * judging τ by MacKinnon's (1994) p-value and (2010) critical values for two series with a constant
 * (J. G. MacKinnon 2010, "Critical Values for Cointegration Tests", Queen's Economics WP 1227) —
 * exactly {@link EngleGranger#test(double[], double[])} when the lag cap is the Schwert default,
 * and the same steps with a lower cap otherwise. One fixed ordering is used, rather than the better
 * of the two, so that each p-value keeps its nominal size: taking the more negative of two
 * statistics would make the test liberal. The half-life is that of {@link EngleGranger#halfLife},
 * in bars and in seconds, and the z-score that of {@link EngleGranger#zScore}.
 *
 * <p>Jumps. With a positive {@link ScanConfig#jumpThreshold()} jumps are found ({@link JumpFilter})
 * in each leg, for the leg's own unit-root test, and in each pair's spread, for the pair's: one
 * bar's move far beyond the rest in a window of a few hundred bars makes independent walks test as
 * cointegrated, the more so against many partners at once. The closes are left as they are, and so
 * are the hedge ratio, intercept and spread; the ADF regressions and the half-life's AR(1)
 * regression leave out the rows that involve a jump. A jump of one leg, or jumps of the two legs in
 * different bars, are jumps of the spread; two legs that jump together in the hedge ratio's
 * proportion leave the spread without a jump, and their test keeps every row.
 *
 * <p>Legs. Engle and Granger's procedure asks both series to be integrated of order one before
 * their spread is tested. A walk that by chance looks stationary over the window (its own ADF
 * statistic far in the tail) makes every regression on it look stationary too, whatever the
 * partner: its pairs are flagged against many instruments at once, and the correction, made for
 * p-values that do not all hang on one series, lets them through. So each instrument's closes are
 * tested for a unit root (ADF with a constant, lag by AIC), and a pair whose leg rejects it at the
 * significance divided by the number of instruments — the Bonferroni level over the legs, so that
 * the chance of dropping any integrated leg from a scan is at most the significance — is not
 * cointegrated, and its p-value is left out of the correction's family (its adjusted p-value is 1):
 * a stationary leg's pairs have p-values near zero against every partner, and in the family they
 * would loosen Benjamini–Hochberg's cutoff for every other pair.
 *
 * <p>Multiple testing. The p-values of the pairs whose legs are both integrated (all k(k − 1)/2
 * when no leg is stationary by itself) are adjusted together ({@link MultipleTesting}): by default
 * Benjamini–Hochberg (1995) at q = significance, which keeps the expected share of false pairs
 * among those flagged at most q and, when no pair is truly cointegrated, the chance of flagging any
 * at most q. A pair is cointegrated when its adjusted p-value is at most the significance, its
 * half-life lies within the configured bounds and neither leg is stationary by itself.
 *
 * <p>For every cointegrated pair the multi-scale hedge of y on x over the configured wavelet band
 * is reported ({@link MultiScaleHedge}). Instruments linked by cointegrated pairs into groups of
 * three or more are tested together by Johansen's trace test (S. Johansen 1991, "Estimation and
 * Hypothesis Testing of Cointegration Vectors in Gaussian Vector Autoregressive Models",
 * Econometrica 59, 1551–1580) with a constant (det_order 0) and the configured lags; the rank at
 * 95% is reported. Stateless and deterministic.
 */
public final class CointegrationScan {

  /** The fewest common bars a scan tests; with fewer the result has no pairs. */
  public static final int MIN_BARS = 30;

  private static final double COLLINEAR_R2 = 1 - 100 * Math.sqrt(Math.ulp(1.0));

  private CointegrationScan() {}

  /** Scans the instruments over their latest common bars (at most {@code config.maxBars()}). */
  public static ScanResult scan(PriceBars bars, List<String> instruments, ScanConfig config) {
    return scan(
        instruments, bars.aligned(instruments, config.maxBars()), bars.intervalMillis(), config);
  }

  /**
   * Scans given close series.
   *
   * @param instruments the names, distinct, in the order of {@code closes}' rows
   * @param closes {@code [i][t]}: instrument i's close in bar t, all rows of one length, finite
   * @param barIntervalMillis the bar interval, for the half-life in seconds
   * @param config the settings
   */
  public static ScanResult scan(
      List<String> instruments, double[][] closes, long barIntervalMillis, ScanConfig config) {
    int k = instruments.size();
    if (closes.length != k || new HashSet<>(instruments).size() != k) {
      throw new IllegalArgumentException("need one close series per distinct instrument");
    }
    int n = k == 0 ? 0 : closes[0].length;
    for (double[] row : closes) {
      if (row.length != n) {
        throw new IllegalArgumentException("close series differ in length");
      }
      for (double v : row) {
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("close series must be finite");
        }
      }
    }
    if (k < 2 || n < MIN_BARS) {
      return new ScanResult(
          instruments,
          n,
          barIntervalMillis,
          0,
          config.correction(),
          config.significance(),
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          config.significance() / Math.max(k, 1));
    }
    boolean[][] jumpBars = new boolean[k][];
    List<Integer> jumps = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      jumpBars[i] =
          config.jumpThreshold() > 0
              ? JumpFilter.jumps(closes[i], config.jumpThreshold())
              : new boolean[n];
      int count = 0;
      for (boolean b : jumpBars[i]) {
        count += b ? 1 : 0;
      }
      jumps.add(count);
    }
    double legLevel = config.significance() / k;
    double critical5 = MacKinnon.criticalValues(DeterministicTerms.CONSTANT, 2, n - 1)[1];
    List<Double> unitRoot = new ArrayList<>(k);
    boolean[] stationary = new boolean[k];
    for (int i = 0; i < k; i++) {
      ModelPacing.checkpoint();
      double pi = unitRootPValue(closes[i], jumps.get(i) > 0 ? jumpBars[i] : null, config);
      unitRoot.add(pi);
      stationary[i] = pi <= legLevel;
    }
    boolean[] flat = new boolean[k];
    for (int i = 0; i < k; i++) {
      flat[i] = variance(closes[i]) == 0;
    }
    int m = k * (k - 1) / 2;
    Raw[] raws = new Raw[m];
    double[] p = new double[m];
    int family = 0;
    int idx = 0;
    for (int i = 0; i < k; i++) {
      for (int j = i + 1; j < k; j++) {
        ModelPacing.checkpoint();
        raws[idx] = test(closes[j], closes[i], flat[j] || flat[i], critical5, config);
        if (!stationary[i] && !stationary[j]) {
          p[family++] = raws[idx].pValue;
        }
        idx++;
      }
    }
    double[] familyAdjusted = MultipleTesting.adjust(Arrays.copyOf(p, family), config.correction());
    double[] adjusted = new double[m];
    idx = 0;
    family = 0;
    for (int i = 0; i < k; i++) {
      for (int j = i + 1; j < k; j++) {
        adjusted[idx++] = !stationary[i] && !stationary[j] ? familyAdjusted[family++] : 1.0;
      }
    }
    List<PairResult> pairs = new ArrayList<>(m);
    int[] parent = new int[k];
    for (int i = 0; i < k; i++) {
      parent[i] = i;
    }
    idx = 0;
    for (int i = 0; i < k; i++) {
      for (int j = i + 1; j < k; j++) {
        Raw r = raws[idx];
        boolean significant = adjusted[idx] <= config.significance();
        boolean inBounds =
            r.halfLife >= config.minHalfLifeBars() && r.halfLife <= config.maxHalfLifeBars();
        boolean legs = !stationary[i] && !stationary[j];
        boolean coint = significant && inBounds && legs;
        if (coint) {
          ModelPacing.checkpoint();
        }
        PairResult.MultiScale ms =
            coint ? multiScale(closes[j], closes[i], barIntervalMillis, config) : null;
        if (coint) {
          parent[find(parent, j)] = find(parent, i);
        }
        pairs.add(
            new PairResult(
                instruments.get(j),
                instruments.get(i),
                r.hedgeRatio,
                r.intercept,
                r.statistic,
                r.lag,
                r.pValue,
                adjusted[idx],
                r.critical5,
                r.halfLife,
                r.halfLife * barIntervalMillis / 1000.0,
                r.zScore,
                r.spreadLast,
                r.spreadStd,
                significant,
                inBounds,
                legs,
                coint,
                ms));
        idx++;
      }
    }
    return new ScanResult(
        instruments,
        n,
        barIntervalMillis,
        family,
        config.correction(),
        config.significance(),
        pairs,
        groups(instruments, closes, parent, config),
        jumps,
        unitRoot,
        legLevel);
  }

  /** The filter named HAAR, D4 or LA8 (case-insensitive). */
  static WaveletFilter filter(String name) {
    if (name != null) {
      switch (name.trim().toUpperCase(Locale.ROOT)) {
        case "HAAR":
          return WaveletFilter.HAAR;
        case "D4":
          return WaveletFilter.D4;
        case "LA8":
          return WaveletFilter.LA8;
        default:
          break;
      }
    }
    throw new IllegalArgumentException("wavelet filter must be HAAR, D4 or LA8: " + name);
  }

  /** The per-pair statistics before the adjustment. */
  private record Raw(
      double hedgeRatio,
      double intercept,
      double statistic,
      int lag,
      double pValue,
      double critical5,
      double halfLife,
      double zScore,
      double spreadLast,
      double spreadStd) {}

  /**
   * The p-value of the ADF test with a constant and the lag chosen by AIC (capped as the pairs'
   * are) on one series, without the rows of its jumps (null: none); 1 for a constant series, which
   * has no unit root to test but cannot anchor a spread either (its pairs are degenerate), and when
   * its jumps leave too few rows.
   */
  private static double unitRootPValue(double[] closes, boolean[] jumps, ScanConfig config) {
    if (variance(closes) == 0) {
      return 1.0;
    }
    int cap = AugmentedDickeyFuller.defaultMaxLag(closes.length, DeterministicTerms.CONSTANT);
    int maxLag = config.adfMaxLag() < 0 ? cap : Math.min(cap, config.adfMaxLag());
    try {
      return AugmentedDickeyFuller.test(closes, DeterministicTerms.CONSTANT, maxLag, true, jumps)
          .pValue();
    } catch (IllegalArgumentException | MathRuntimeException e) {
      return 1.0;
    }
  }

  /**
   * The Engle–Granger steps of {@link EngleGranger#test} with a configurable ADF lag cap; with a
   * jump threshold, the ADF and half-life regressions leave out the rows of the spread's own jumps.
   *
   * @param flatLeg whether either series is constant (no pair to test)
   * @param critical5 the 5% critical value for the scan's length
   */
  private static Raw test(
      double[] y, double[] x, boolean flatLeg, double critical5, ScanConfig config) {
    int n = y.length;
    if (flatLeg) {
      return new Raw(
          Double.NaN,
          Double.NaN,
          Double.NaN,
          -1,
          1.0,
          critical5,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN);
    }
    Ols.Fit fit = Ols.simple(y, x);
    double[] spread = fit.residuals();
    boolean[] skip = spreadJumps(spread, config);
    double stat = Double.NEGATIVE_INFINITY;
    int lag = -1;
    if (fit.rSquared() < COLLINEAR_R2) {
      int cap = AugmentedDickeyFuller.defaultMaxLag(n, DeterministicTerms.NONE);
      int maxLag = config.adfMaxLag() < 0 ? cap : Math.min(cap, config.adfMaxLag());
      try {
        AugmentedDickeyFuller.Result adf =
            AugmentedDickeyFuller.test(spread, DeterministicTerms.NONE, maxLag, true, skip);
        stat = adf.statistic();
        lag = adf.usedLag();
      } catch (IllegalArgumentException | MathRuntimeException e) {
        stat = Double.NaN; // the jumps leave too few rows to test: no evidence either way
      }
    }
    double pValue =
        Double.isNaN(stat) ? 1.0 : MacKinnon.pValue(stat, DeterministicTerms.CONSTANT, 2);
    double halfLife;
    try {
      halfLife = EngleGranger.halfLife(spread, skip);
    } catch (RuntimeException e) {
      halfLife = Double.NaN; // a spread of exact zeros: no reversion to estimate
    }
    int window = config.zScoreWindowBars() == 0 ? n : Math.min(n, config.zScoreWindowBars());
    double z = EngleGranger.zScore(spread, window);
    return new Raw(
        fit.beta()[0],
        fit.beta()[1],
        stat,
        lag,
        pValue,
        critical5,
        halfLife,
        z,
        spread[n - 1],
        Math.sqrt(windowVariance(spread, window)));
  }

  /** The spread's jumps; null when there is no threshold or none is found. */
  private static boolean[] spreadJumps(double[] spread, ScanConfig config) {
    if (config.jumpThreshold() <= 0) {
      return null;
    }
    boolean[] jumps = JumpFilter.jumps(spread, config.jumpThreshold());
    for (boolean j : jumps) {
      if (j) {
        return jumps;
      }
    }
    return null;
  }

  private static PairResult.MultiScale multiScale(
      double[] y, double[] x, long barIntervalMillis, ScanConfig config) {
    WaveletFilter filter = filter(config.waveletFilter());
    MultiScaleHedgeResult r;
    try {
      r =
          MultiScaleHedge.fit(
              y,
              new double[][] {x},
              filter,
              config.waveletLevels(),
              config.bandLowLevel(),
              config.bandHighLevel());
    } catch (IllegalArgumentException e) {
      return null; // too few bars for the band's boundary-free coefficients
    }
    List<PairResult.Level> levels = new ArrayList<>();
    for (int j = 1; j <= r.levels(); j++) {
      long scale = 1L << (j - 1);
      levels.add(
          new PairResult.Level(
              j,
              scale,
              scale * barIntervalMillis / 1000.0,
              r.levelWeights(j)[0],
              r.energyRemovedShare(j)));
    }
    return new PairResult.MultiScale(
        filter.name(),
        r.lowLevel(),
        r.highLevel(),
        r.bandWeights()[0],
        r.bandEnergyRemovedShare(),
        levels);
  }

  private static List<GroupResult> groups(
      List<String> instruments, double[][] closes, int[] parent, ScanConfig config) {
    int k = instruments.size();
    List<GroupResult> out = new ArrayList<>();
    boolean[] done = new boolean[k];
    for (int i = 0; i < k; i++) {
      int root = find(parent, i);
      if (done[root]) {
        continue;
      }
      done[root] = true;
      List<Integer> members = new ArrayList<>();
      for (int j = 0; j < k; j++) {
        if (find(parent, j) == root) {
          members.add(j);
        }
      }
      if (members.size() < 3) {
        continue;
      }
      List<String> names = new ArrayList<>();
      for (int j : members) {
        names.add(instruments.get(j));
      }
      ModelPacing.checkpoint();
      out.add(johansen(names, members, closes, config.johansenLags()));
    }
    return out;
  }

  private static GroupResult johansen(
      List<String> names, List<Integer> members, double[][] closes, int lags) {
    int n = closes[0].length;
    int g = members.size();
    double[][] y = new double[n][g];
    for (int c = 0; c < g; c++) {
      for (int t = 0; t < n; t++) {
        y[t][c] = closes[members.get(c)][t];
      }
    }
    if (g > Johansen.MAX_SERIES) {
      return new GroupResult(names, -1, new double[0], new double[0], new double[0]);
    }
    try {
      JohansenResult r = Johansen.test(y, 0, lags);
      double[] crit = new double[g];
      for (int r0 = 0; r0 < g; r0++) {
        crit[r0] = r.traceCriticalValues()[r0][1];
      }
      return new GroupResult(names, r.traceRank(1), r.traceStatistics(), crit, r.eigenvalues());
    } catch (IllegalArgumentException | MathRuntimeException e) {
      return new GroupResult(names, -1, new double[0], new double[0], new double[0]);
    }
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  private static double variance(double[] v) {
    return windowVariance(v, v.length);
  }

  /** The sample (n − 1) variance of the last {@code window} values. */
  private static double windowVariance(double[] v, int window) {
    int from = v.length - window;
    double mean = 0;
    for (int t = from; t < v.length; t++) {
      mean += v[t];
    }
    mean /= window;
    double ss = 0;
    for (int t = from; t < v.length; t++) {
      ss += (v[t] - mean) * (v[t] - mean);
    }
    return ss / (window - 1);
  }
}
