package com.marketmaker.core.portfolio.risk;

/**
 * The first four moments of a sample as used by the parametric risk measures.
 *
 * <ul>
 *   <li>{@code mean = (1/n) sum x_i};
 *   <li>{@code sd = sqrt(sum (x_i - mean)^2 / (n - 1))} (the unbiased variance, numpy {@code
 *       ddof=1});
 *   <li>{@code skewness = m3 / m2^(3/2)} and {@code excessKurtosis = m4 / m2^2 - 3} with the
 *       central moments {@code m_k = (1/n) sum (x_i - mean)^k} (the moment, i.e. biased,
 *       estimators: scipy {@code skew(bias=True)}, {@code kurtosis(fisher=True, bias=True)}; the
 *       choice of PerformanceAnalytics' modified VaR, Boudt, Peterson &amp; Croux 2008).
 * </ul>
 *
 * @param n the sample size
 * @param mean the sample mean
 * @param sd the sample standard deviation (divisor n - 1)
 * @param skewness the moment skewness
 * @param excessKurtosis the moment excess kurtosis
 */
public record SampleMoments(int n, double mean, double sd, double skewness, double excessKurtosis) {

  /** The moments of {@code x}; needs at least two values. */
  public static SampleMoments of(double[] x) {
    int n = x.length;
    if (n < 2) {
      throw new IllegalArgumentException("need at least two observations: " + n);
    }
    double sum = 0.0;
    for (double v : x) {
      sum += v;
    }
    double mean = sum / n;
    double s2 = 0.0;
    double s3 = 0.0;
    double s4 = 0.0;
    for (double v : x) {
      double d = v - mean;
      double d2 = d * d;
      s2 += d2;
      s3 += d2 * d;
      s4 += d2 * d2;
    }
    double m2 = s2 / n;
    double m3 = s3 / n;
    double m4 = s4 / n;
    double sd = Math.sqrt(s2 / (n - 1));
    double skew = m2 > 0.0 ? m3 / Math.pow(m2, 1.5) : 0.0;
    double kurt = m2 > 0.0 ? m4 / (m2 * m2) - 3.0 : 0.0;
    return new SampleMoments(n, mean, sd, skew, kurt);
  }
}
