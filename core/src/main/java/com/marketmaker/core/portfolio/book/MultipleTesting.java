package com.marketmaker.core.portfolio.book;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Multiple-testing adjustments of a family of p-values, so that a scan over many pairs does not
 * report the ≈5% of pairs a 5% test rejects by chance.
 *
 * <ul>
 *   <li>{@link Correction#BONFERRONI}: p̃<sub>i</sub> = min(1, m p<sub>i</sub>); rejecting p̃ ≤ α
 *       bounds the family-wise error rate by α under any dependence (O. J. Dunn 1961, "Multiple
 *       Comparisons among Means", JASA 56, 52–64).
 *   <li>{@link Correction#BENJAMINI_HOCHBERG}: with the p-values sorted ascending, p̃<sub>(i)</sub>
 *       = min<sub>j≥i</sub> min(1, m p<sub>(j)</sub> / j); rejecting p̃ ≤ q is the step-up
 *       procedure of Y. Benjamini and Y. Hochberg (1995), "Controlling the False Discovery Rate: a
 *       Practical and Powerful Approach to Multiple Testing", JRSS B 57(1), 289–300, which bounds
 *       the expected share of false discoveries by q for independent tests (Theorem 1) and for
 *       positively regression-dependent ones (Benjamini &amp; Yekutieli 2001, Ann. Statist. 29,
 *       1165–1188). When every null is true the false discovery rate is the family-wise error rate,
 *       so then P(any false discovery) ≤ q as well. The adjusted values are those of R's {@code
 *       p.adjust(method = "BH")}.
 *   <li>{@link Correction#NONE}: the p-values unchanged.
 * </ul>
 *
 * NaN p-values count as 1.
 */
public final class MultipleTesting {

  /** The adjustment applied over the family. */
  public enum Correction {
    /** No adjustment. */
    NONE,
    /** Bonferroni: family-wise error rate. */
    BONFERRONI,
    /** Benjamini–Hochberg step-up: false discovery rate. */
    BENJAMINI_HOCHBERG
  }

  private MultipleTesting() {}

  /**
   * The adjusted p-values, in the order of {@code pValues}; compare them with the level.
   *
   * @param pValues the raw p-values, in [0, 1] or NaN
   * @param correction the adjustment
   * @return the adjusted p-values, each in [0, 1]
   */
  public static double[] adjust(double[] pValues, Correction correction) {
    int m = pValues.length;
    double[] p = new double[m];
    for (int i = 0; i < m; i++) {
      p[i] = Double.isNaN(pValues[i]) ? 1.0 : Math.min(1.0, Math.max(0.0, pValues[i]));
    }
    switch (correction) {
      case NONE:
        return p;
      case BONFERRONI:
        for (int i = 0; i < m; i++) {
          p[i] = Math.min(1.0, m * p[i]);
        }
        return p;
      case BENJAMINI_HOCHBERG:
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
          order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> p[i]).thenComparing(i -> i));
        double[] out = new double[m];
        double running = 1.0;
        for (int r = m - 1; r >= 0; r--) {
          int i = order[r];
          running = Math.min(running, m * p[i] / (r + 1));
          out[i] = running;
        }
        return out;
      default:
        throw new IllegalArgumentException("unknown correction " + correction);
    }
  }

  /** The number of adjusted p-values at or below {@code level}. */
  public static int rejections(double[] pValues, Correction correction, double level) {
    int count = 0;
    for (double p : adjust(pValues, correction)) {
      if (p <= level) {
        count++;
      }
    }
    return count;
  }
}
