package com.marketmaker.core.portfolio.cointegration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The regressions solved from cross products ({@link AdfCrossProducts}) against the same
 * regressions with their design matrices built row by row and solved by Householder QR ({@link
 * Ols#fit}): every lag's residual sum of squares and the level's t-statistic, with and without
 * skipped rows, for each set of deterministic terms, on series near zero and on prices far from it.
 */
class AdfCrossProductsTest {

  private static final double REL = 1e-9;

  @Test
  void everyLagsFitEqualsItsOwnQrRegression() {
    SplittableRandom random = new SplittableRandom(11);
    int cases = 0;
    for (DeterministicTerms terms : DeterministicTerms.values()) {
      for (double offset : new double[] {0, 61_234.5}) {
        for (boolean skips : new boolean[] {false, true}) {
          for (int trial = 0; trial < 4; trial++) {
            int n = 60 + random.nextInt(400);
            double[] y = series(random, n, offset, trial % 2 == 0);
            boolean[] skip = skips ? skips(random, n) : null;
            int maxLag = Math.min(12, n / 2 - terms.columns() - 1);
            int[] rows = rows(n, maxLag, skip);
            double[] ssr = AdfCrossProducts.of(y, terms, maxLag, rows).ssrByLag();
            for (int p = 0; p <= maxLag; p++) {
              Ols.Fit qr = Ols.fit(response(y, rows), design(y, terms, p, rows));
              assertEquals(qr.ssr(), ssr[p], REL * qr.ssr(), terms + " p=" + p + " ssr");
              int[] own = rows(n, p, skip);
              Ols.Fit alone = Ols.fit(response(y, own), design(y, terms, p, own));
              double t = AdfCrossProducts.of(y, terms, p, own).levelTStatistic();
              assertEquals(alone.tValue(0), t, REL * Math.abs(alone.tValue(0)), terms + " t");
              cases++;
            }
          }
        }
      }
    }
    assertEquals(3 * 2 * 2 * 4 * 13, cases);
  }

  @Test
  void theTestWithSkippedRowsEqualsItsQrRegressions() {
    SplittableRandom random = new SplittableRandom(23);
    for (DeterministicTerms terms : DeterministicTerms.values()) {
      for (int trial = 0; trial < 6; trial++) {
        int n = 80 + random.nextInt(300);
        double[] y = series(random, n, trial * 1_000.0, trial % 2 == 0);
        boolean[] skip = trial == 0 ? null : skips(random, n);
        int maxLag = Math.min(8, n / 2 - terms.columns() - 1);
        double best = Double.POSITIVE_INFINITY;
        int bestLag = -1;
        int[] searchRows = rows(n, maxLag, skip);
        for (int p = 0; p <= maxLag; p++) {
          double aic = Ols.fit(response(y, searchRows), design(y, terms, p, searchRows)).aic();
          if (aic < best) {
            best = aic;
            bestLag = p;
          }
        }
        int[] own = rows(n, bestLag, skip);
        Ols.Fit fit = Ols.fit(response(y, own), design(y, terms, bestLag, own));
        AugmentedDickeyFuller.Result got = AugmentedDickeyFuller.test(y, terms, maxLag, true, skip);
        String label = terms + " trial " + trial;
        assertEquals(bestLag, got.usedLag(), label + " lag");
        assertEquals(own.length, got.nobs(), label + " nobs");
        assertEquals(best, got.icBest(), REL * Math.abs(best), label + " aic");
        assertEquals(fit.tValue(0), got.statistic(), REL * Math.abs(fit.tValue(0)), label);
      }
    }
  }

  @Test
  void collinearRegressorsAndTooFewRowsAreRefused() {
    double[] flat = new double[100];
    java.util.Arrays.fill(flat, 5.0);
    int[] rows = rows(100, 2, null);
    assertThrows(
        IllegalArgumentException.class,
        () -> AdfCrossProducts.of(flat, DeterministicTerms.CONSTANT, 2, rows).ssrByLag());
    assertThrows(
        IllegalArgumentException.class,
        () -> AdfCrossProducts.of(new double[10], DeterministicTerms.NONE, 4, rows(10, 4, null)));
  }

  /** A random walk, or an AR(2) in levels, with some bars that do not move. */
  private static double[] series(SplittableRandom random, int n, double offset, boolean walk) {
    double[] y = new double[n];
    double a = 0;
    double b = 0;
    for (int t = 0; t < n; t++) {
      double e = random.nextInt(10) == 0 ? 0 : random.nextGaussian();
      double next = walk ? a + e : 0.6 * a + 0.2 * b + e;
      b = a;
      a = next;
      y[t] = offset + next + 0.01 * t;
    }
    return y;
  }

  private static boolean[] skips(SplittableRandom random, int n) {
    boolean[] skip = new boolean[n];
    for (int i = 0; i < 3; i++) {
      skip[1 + random.nextInt(n - 1)] = true;
    }
    skip[n - 1] = true; // the last increment: a row at the end of the sample left out
    return skip;
  }

  /** The rows t ≥ sampleLag whose increments t+1 … t+1−sampleLag are all kept. */
  private static int[] rows(int n, int sampleLag, boolean[] skip) {
    List<Integer> out = new ArrayList<>();
    for (int t = sampleLag; t < n - 1; t++) {
      boolean keep = true;
      for (int j = 0; j <= sampleLag && skip != null; j++) {
        keep &= !skip[t + 1 - j];
      }
      if (keep) {
        out.add(t);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private static double[] response(double[] y, int[] rows) {
    double[] out = new double[rows.length];
    for (int r = 0; r < rows.length; r++) {
      out[r] = y[rows[r] + 1] - y[rows[r]];
    }
    return out;
  }

  /** [level, lags 1..p, constant, trend counted from the first row of the sample]. */
  private static double[][] design(double[] y, DeterministicTerms terms, int p, int[] rows) {
    double[][] x = new double[rows.length][1 + p + terms.columns()];
    for (int r = 0; r < rows.length; r++) {
      int t = rows[r];
      x[r][0] = y[t];
      for (int j = 1; j <= p; j++) {
        x[r][j] = y[t + 1 - j] - y[t - j];
      }
      if (terms.columns() >= 1) {
        x[r][1 + p] = 1;
      }
      if (terms.columns() >= 2) {
        x[r][2 + p] = t - rows[0] + 1;
      }
    }
    return x;
  }
}
