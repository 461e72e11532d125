package com.marketmaker.core.portfolio.cointegration;

/**
 * Finds the jumps of a series of closes, so that the tests of a cointegration scan can leave them
 * out.
 *
 * <p>Why. A jump is one bar's move many times the diffusion's. Over a window of a few hundred bars
 * one jump can carry as much variance as the diffusion, and the unit-root tests then answer about
 * the jump rather than the walk: a jump in the first bars of the window makes the first closes
 * outliers that the rest of the series seems to revert from, and a jump of y near a jump of x (in
 * either direction, since the hedge ratio may be negative) leaves a spread whose short-lived
 * excursion reverts at once. Both give Engle–Granger statistics far in the tail for independent
 * walks, and a jump in y does so against many x at once, so the flagged pairs pile onto one
 * instrument and the multiple-testing correction, which assumes no such pile-up, does not hold them
 * back.
 *
 * <p>What. The increments d<sub>t</sub> = c<sub>t</sub> − c<sub>t−1</sub> whose distance from their
 * mean exceeds θ σ̂ are jumps, with σ̂ the standard deviation of the increments that are not jumps:
 * a truncated estimate, iterated from the plain standard deviation until the set of jumps no longer
 * changes (C. Mancini 2009, "Non-parametric threshold estimation for models with stochastic
 * diffusion coefficient and jumps", Scandinavian Journal of Statistics 36, 270–296: an increment
 * larger than a threshold of the diffusion's scale is a jump; here the scale is the series' own,
 * over the window). With a Gaussian diffusion and θ = 5 an increment is taken for a jump with
 * probability 5.7·10⁻⁷, about one bar in 900 windows of 2,000 bars.
 *
 * <p>The jumps are not removed from the closes: cutting a bar's increment would also cut the
 * diffusion's move in that bar, which cannot be told apart from the jump, and leave the series
 * offset by it from then on, an offset that differs between two cointegrated legs that jumped
 * together. The tests instead leave out the regression rows that involve a jump ({@link
 * AugmentedDickeyFuller#test(double[], DeterministicTerms, int, boolean, boolean[])}).
 *
 * <p>A price that moves in whole ticks and stays put in most bars has a standard deviation of a
 * fraction of a tick; its one-tick moves stay below θ σ̂ as long as at least one bar in θ² moves.
 * When more than {@value #MAX_JUMP_SHARE} of the increments would be jumps the series is not a
 * diffusion with rare jumps but a step series, and none is reported. Stateless.
 */
public final class JumpFilter {

  /** Above this share of the increments taken for jumps, none is reported. */
  public static final double MAX_JUMP_SHARE = 0.02;

  /** The most rounds of re-estimating σ̂; the set of jumps only grows, so it settles sooner. */
  private static final int MAX_ROUNDS = 50;

  private JumpFilter() {}

  /**
   * The number of jumps {@link #jumps} finds.
   *
   * @param closes the closes, oldest first, finite
   * @param threshold θ (&gt; 0)
   */
  public static int count(double[] closes, double threshold) {
    int k = 0;
    for (boolean j : jumps(closes, threshold)) {
      if (j) {
        k++;
      }
    }
    return k;
  }

  /**
   * The jumps.
   *
   * @param closes the closes, oldest first, finite
   * @param threshold θ, in standard deviations of the increments that are not jumps (&gt; 0)
   * @return {@code jump[t]} for the increment from t − 1 to t ({@code jump[0]} is false), one flag
   *     per close (one for an empty series); all false for a step series
   */
  public static boolean[] jumps(double[] closes, double threshold) {
    boolean[] jump = find(closes, threshold);
    int k = 0;
    for (boolean j : jump) {
      if (j) {
        k++;
      }
    }
    if (k > MAX_JUMP_SHARE * (closes.length - 1)) {
      return new boolean[jump.length];
    }
    return jump;
  }

  private static boolean[] find(double[] closes, double threshold) {
    if (!(threshold > 0) || Double.isInfinite(threshold)) {
      throw new IllegalArgumentException("threshold must be positive and finite: " + threshold);
    }
    int n = closes.length;
    boolean[] jump = new boolean[Math.max(n, 1)];
    if (n < 3) {
      return jump;
    }
    double[] increment = new double[n];
    double sum = 0;
    for (int t = 1; t < n; t++) {
      increment[t] = closes[t] - closes[t - 1];
      sum += increment[t];
    }
    int kept = n - 1;
    double mean = sum / kept;
    double squares = 0;
    for (int t = 1; t < n; t++) {
      double c = increment[t] - mean;
      squares += c * c;
    }
    for (int round = 0; round < MAX_ROUNDS; round++) {
      double bound = threshold * Math.sqrt(squares / (kept - 1));
      if (!(bound > 0)) {
        return jump; // no spread left to judge a move by: keep every increment still kept
      }
      // one pass: mark the increments beyond the bound, and sum the others about the mean
      boolean changed = false;
      double shifted = 0;
      double shiftedSquares = 0;
      int left = 0;
      for (int t = 1; t < n; t++) {
        if (!jump[t]) {
          double c = increment[t] - mean;
          if (Math.abs(c) > bound) {
            jump[t] = true;
            changed = true;
          } else {
            shifted += c;
            shiftedSquares += c * c;
            left++;
          }
        }
      }
      if (!changed || left < 2) {
        return jump;
      }
      double offset = shifted / left;
      kept = left;
      mean += offset;
      squares = shiftedSquares - shifted * offset; // Σ(c − offset)² = Σc² − (Σc)²/k
    }
    return jump;
  }
}
