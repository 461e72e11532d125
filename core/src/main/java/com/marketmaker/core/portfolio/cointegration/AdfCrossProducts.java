package com.marketmaker.core.portfolio.cointegration;

/**
 * The cross products of the augmented Dickey–Fuller regressions of one series over one set of rows,
 * from which the fit with any number of lagged differences up to the largest follows without
 * building its design matrix.
 *
 * <p>The regression of Δy<sub>t+1</sub> on the deterministic terms, the level y<sub>t</sub> and the
 * lagged differences Δy<sub>t</sub> … Δy<sub>t+1−p</sub> over the rows R is determined by X'X, X'Δy
 * and Δy'Δy (the normal equations; W. H. Greene, "Econometric Analysis", 7th ed., 2012, ch. 3). In
 * the order [terms, level, lag 1, …, lag P] the fit with lags 1..p uses the leading q = terms + 1 +
 * p columns. With the Cholesky factor X'X = LL' and z = L⁻¹X'Δy, the leading q entries of z are
 * that block's own (L is lower triangular), so the residual sum of squares of every nested fit is
 * SSR<sub>q</sub> = Δy'Δy − Σ<sub>i&lt;q</sub> z<sub>i</sub>²: one factorisation serves the whole
 * lag search, as the partial sums of Q'y do in the QR form of the same regressions. With the level
 * put last instead, its coefficient's t-statistic is z<sub>K</sub>/s with s² = SSR/(n − K), since
 * β<sub>K</sub> = z<sub>K</sub>/L<sub>KK</sub> and Var β<sub>K</sub> = s²/L<sub>KK</sub>².
 *
 * <p>The lagged differences are shifts of one series: Σ<sub>R</sub> Δy<sub>t−i</sub>
 * Δy<sub>t−j</sub> differs from Σ<sub>R</sub> Δy<sub>t+1−i</sub> Δy<sub>t+1−j</sub> only by the
 * rows where R starts or stops (Σ<sub>s</sub> (w<sub>s+1</sub> − w<sub>s</sub>) Δy<sub>s+1−i</sub>
 * Δy<sub>s+1−j</sub>, w the indicator of R), so their (P+1)² block costs P + 1 sums over the rows
 * and a few terms per entry; by v<sub>t</sub> = v<sub>t−1</sub> + Δy<sub>t</sub> and τ<sub>t</sub>
 * = τ<sub>t−1</sub> + 1 so do the level's, the constant's and the trend's products with the lagged
 * differences. Conditioning: with a constant, the level and the trend are centred on their means
 * over R, which changes neither the residuals nor the level's coefficient but keeps the level's
 * squares (prices far from zero) from cancelling digits in the factorisation; the differences are
 * left as they are, so that their shift structure holds.
 */
final class AdfCrossProducts {

  /** A pivot below this share of its column's square means the regressors are collinear. */
  private static final double COLLINEAR = 1e-13;

  private final int det;
  private final int lags;
  private final int nobs;
  private final double[][] gram;
  private final double[] xty;
  private final double yty;

  private AdfCrossProducts(int det, int lags, int nobs, double[][] gram, double[] xty, double yty) {
    this.det = det;
    this.lags = lags;
    this.nobs = nobs;
    this.gram = gram;
    this.xty = xty;
    this.yty = yty;
  }

  /**
   * The cross products of the regressions with up to {@code lags} lagged differences.
   *
   * @param y the series in levels
   * @param terms the deterministic terms
   * @param lags P, the largest number of lagged differences
   * @param rows the rows t (response Δy<sub>t+1</sub>), ascending, each at least {@code lags} and
   *     at most y.length − 2
   * @throws IllegalArgumentException when there are no more rows than regressors
   */
  static AdfCrossProducts of(double[] y, DeterministicTerms terms, int lags, int[] rows) {
    int det = terms.columns();
    int k = det + 1 + lags;
    int nobs = rows.length;
    if (nobs <= k) {
      throw new IllegalArgumentException("too few rows left for the test: " + nobs);
    }
    int a = rows[0];
    int b = rows[nobs - 1];
    if (a < lags || b > y.length - 2) {
      throw new IllegalArgumentException("rows out of range for " + lags + " lags");
    }
    int span = b - a + 1;
    double[] d = new double[b + 2];
    for (int i = Math.max(a + 1 - lags, 1); i <= b + 1; i++) {
      d[i] = y[i] - y[i - 1];
    }
    // w is the indicator of the rows over a..b, left out (all ones) when they are contiguous
    boolean contiguous = nobs == span;
    double[] w = contiguous ? null : new double[span];
    if (!contiguous) {
      for (int t : rows) {
        w[t - a] = 1.0;
      }
    }
    double levelMean = 0;
    double trendMean = 0;
    if (det >= 1) {
      for (int t : rows) {
        levelMean += y[t];
        trendMean += t - a + 1;
      }
      levelMean /= nobs;
      trendMean /= nobs;
    }
    // the products of the level v, the trend τ and the response r over the rows
    double[] responseW = contiguous ? d : new double[span];
    int responseOffset = contiguous ? a + 1 : 0;
    double sv = 0;
    double svv = 0;
    double svr = 0;
    double sr = 0;
    for (int u = 0; u < span; u++) {
      double wu = contiguous ? 1.0 : w[u];
      double v = y[a + u] - levelMean;
      double r = d[a + u + 1];
      double wv = wu * v;
      if (!contiguous) {
        responseW[u] = wu * r;
      }
      sv += wv;
      svv += wv * v;
      svr += wv * r;
      sr += wu * r;
    }
    double st = 0;
    double stt = 0;
    double stv = 0;
    double str = 0;
    if (det >= 2) {
      for (int u = 0; u < span; u++) {
        double tau = u + 1 - trendMean;
        double wt = (contiguous ? 1.0 : w[u]) * tau;
        st += wt;
        stt += wt * tau;
        stv += wt * (y[a + u] - levelMean);
        str += wt * d[a + u + 1];
      }
    }
    // shift j is the column Δy_{t+1−j}: 0 the response, 1..P the lagged differences
    double[][] shifts = new double[lags + 1][lags + 1];
    lagProducts(responseW, responseOffset, d, a + 1, span, lags, shifts[0]);
    // where R starts or stops: s + 1 where w_{s+1} − w_s = +1, −(s + 1) where it is −1
    int gaps = 0;
    for (int r = 1; r < nobs; r++) {
      gaps += rows[r] != rows[r - 1] + 1 ? 1 : 0;
    }
    int[] edges = new int[2 * gaps + 2];
    int edgeCount = 0;
    edges[edgeCount++] = a;
    for (int r = 1; r < nobs; r++) {
      if (rows[r] != rows[r - 1] + 1) {
        edges[edgeCount++] = -(rows[r - 1] + 1);
        edges[edgeCount++] = rows[r];
      }
    }
    edges[edgeCount++] = -(b + 1);
    for (int i = 1; i <= lags; i++) {
      for (int j = i; j <= lags; j++) {
        double sum = shifts[i - 1][j - 1];
        for (int e = 0; e < edgeCount; e++) {
          int s1 = Math.abs(edges[e]);
          double term = d[s1 + 1 - i] * d[s1 + 1 - j];
          sum += edges[e] > 0 ? term : -term;
        }
        shifts[i][j] = sum;
      }
    }
    // the level's, the constant's and the trend's products with lag j from lag j − 1's, by
    // v_t = v_{t−1} + Δy_t and τ_t = τ_{t−1} + 1
    double[] levelShift = new double[lags + 1];
    double[] constShift = new double[lags + 1];
    double[] trendShift = new double[lags + 1];
    levelShift[0] = svr;
    constShift[0] = sr;
    trendShift[0] = str;
    for (int j = 1; j <= lags; j++) {
      double level = levelShift[j - 1] + shifts[1][j];
      double constant = constShift[j - 1];
      double trend = trendShift[j - 1];
      for (int e = 0; e < edgeCount; e++) {
        int s = Math.abs(edges[e]) - 1;
        double sign = edges[e] > 0 ? 1 : -1;
        double dj = sign * d[s + 2 - j];
        level += (y[s] - levelMean) * dj;
        constant += dj;
        trend += (s - a + 1 - trendMean) * dj;
      }
      levelShift[j] = level;
      constShift[j] = constant;
      trendShift[j] = trend + constant;
    }
    double[][] gram = new double[k][k];
    double[] xty = new double[k];
    int lv = det;
    if (det >= 1) {
      gram[0][0] = nobs;
      gram[0][lv] = sv;
      xty[0] = constShift[0];
    }
    if (det >= 2) {
      gram[0][1] = st;
      gram[1][1] = stt;
      gram[1][lv] = stv;
      xty[1] = trendShift[0];
    }
    gram[lv][lv] = svv;
    xty[lv] = levelShift[0];
    for (int j = 1; j <= lags; j++) {
      int c = lv + j;
      if (det >= 1) {
        gram[0][c] = constShift[j];
      }
      if (det >= 2) {
        gram[1][c] = trendShift[j];
      }
      gram[lv][c] = levelShift[j];
      for (int i = 1; i <= j; i++) {
        gram[lv + i][c] = shifts[i][j];
      }
      xty[c] = shifts[0][j];
    }
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < i; j++) {
        gram[i][j] = gram[j][i];
      }
    }
    return new AdfCrossProducts(det, lags, nobs, gram, xty, shifts[0][0]);
  }

  /** The number of rows. */
  int nobs() {
    return nobs;
  }

  /**
   * The residual sum of squares of the fit with p lagged differences, for p = 0..P, all on these
   * rows.
   *
   * @throws IllegalArgumentException when the regressors are collinear
   */
  double[] ssrByLag() {
    int k = det + 1 + lags;
    int[] order = new int[k];
    for (int i = 0; i < k; i++) {
      order[i] = i;
    }
    double[] z = forward(order);
    double[] ssr = new double[lags + 1];
    double explained = 0;
    for (int i = 0; i < k; i++) {
      explained += z[i] * z[i];
      if (i >= det) {
        ssr[i - det] = Math.max(yty - explained, 0);
      }
    }
    return ssr;
  }

  /**
   * The t-statistic of the level's coefficient in the fit with all P lagged differences.
   *
   * @throws IllegalArgumentException when the regressors are collinear
   */
  double levelTStatistic() {
    int k = det + 1 + lags;
    int[] order = new int[k];
    for (int i = 0; i < det; i++) {
      order[i] = i;
    }
    for (int j = 1; j <= lags; j++) {
      order[det + j - 1] = det + j;
    }
    order[k - 1] = det;
    double[] z = forward(order);
    double explained = 0;
    for (double v : z) {
      explained += v * v;
    }
    double s = Math.sqrt(Math.max(yty - explained, 0) / (nobs - k));
    return z[k - 1] / s;
  }

  /** z = L⁻¹ X'Δy for the columns in the given order, with LL' the Cholesky factors of X'X. */
  private double[] forward(int[] order) {
    int k = order.length;
    double[][] l = new double[k][k];
    double[] z = new double[k];
    for (int i = 0; i < k; i++) {
      double[] li = l[i];
      for (int j = 0; j <= i; j++) {
        double[] lj = l[j];
        double sum = gram[order[i]][order[j]];
        for (int m = 0; m < j; m++) {
          sum -= li[m] * lj[m];
        }
        if (i == j) {
          double diagonal = gram[order[i]][order[i]];
          if (!(sum > COLLINEAR * diagonal)) {
            throw new IllegalArgumentException("the regressors are collinear");
          }
          li[i] = Math.sqrt(sum);
        } else {
          li[j] = sum / lj[j];
        }
      }
      double sum = xty[order[i]];
      for (int m = 0; m < i; m++) {
        sum -= li[m] * z[m];
      }
      z[i] = sum / li[i];
    }
    return z;
  }

  /**
   * out[j] = Σ<sub>u</sub> a[from + u]·d[base − j + u] over u &lt; len for j = 0..lags: four lags
   * at a time over pairs of rows, eight independent partial sums sharing their loads.
   */
  private static void lagProducts(
      double[] a, int from, double[] d, int base, int len, int lags, double[] out) {
    int j = 0;
    for (; j + 3 <= lags; j += 4) {
      int o = base - j;
      double e0 = 0;
      double e1 = 0;
      double e2 = 0;
      double e3 = 0;
      double f0 = 0;
      double f1 = 0;
      double f2 = 0;
      double f3 = 0;
      int u = 0;
      for (; u + 1 < len; u += 2) {
        double r = a[from + u];
        double q = a[from + u + 1];
        double d1 = d[o + u + 1];
        double d0 = d[o + u];
        double dm1 = d[o + u - 1];
        double dm2 = d[o + u - 2];
        double dm3 = d[o + u - 3];
        e0 += r * d0;
        e1 += r * dm1;
        e2 += r * dm2;
        e3 += r * dm3;
        f0 += q * d1;
        f1 += q * d0;
        f2 += q * dm1;
        f3 += q * dm2;
      }
      if (u < len) {
        double r = a[from + u];
        e0 += r * d[o + u];
        e1 += r * d[o + u - 1];
        e2 += r * d[o + u - 2];
        e3 += r * d[o + u - 3];
      }
      out[j] = e0 + f0;
      out[j + 1] = e1 + f1;
      out[j + 2] = e2 + f2;
      out[j + 3] = e3 + f3;
    }
    for (; j <= lags; j++) {
      out[j] = dot(a, from, d, base - j, len);
    }
  }

  /** Σ<sub>u</sub> a[from + u]·b[offset + u] over u &lt; len, in four independent partial sums. */
  private static double dot(double[] a, int from, double[] b, int offset, int len) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int u = 0;
    for (; u + 3 < len; u += 4) {
      s0 += a[from + u] * b[offset + u];
      s1 += a[from + u + 1] * b[offset + u + 1];
      s2 += a[from + u + 2] * b[offset + u + 2];
      s3 += a[from + u + 3] * b[offset + u + 3];
    }
    for (; u < len; u++) {
      s0 += a[from + u] * b[offset + u];
    }
    return (s0 + s1) + (s2 + s3);
  }
}
