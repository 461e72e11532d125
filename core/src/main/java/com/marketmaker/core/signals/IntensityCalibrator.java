package com.marketmaker.core.signals;

import java.util.Arrays;

/**
 * Calibrates the execution intensity {@code λ(δ) = A·e^(−kδ)} of one side of the book (Avellaneda
 * &amp; Stoikov 2008, "High-frequency trading in a limit order book", Quantitative Finance 8(3),
 * §2.3): the rate per second at which a resting order {@code δ} ticks away from the mid would be
 * reached by market orders.
 *
 * <p>Observation: trading time is cut into windows (e.g. between quote refreshes). In each window
 * and for each depth {@code δ_i} of a grid, a hypothetical order posted at {@code δ_i} at the start
 * of the window is filled at the first trade whose distance from the mid is at least {@code δ_i}
 * (the waiting time is then observed) or not at all (the waiting time is censored at the window's
 * end). Under Poisson arrivals the waiting time at depth {@code δ} is exponential with rate {@code
 * λ(δ)}, so the log-likelihood is
 *
 * <pre>ℓ(A, k) = Σ_i [ n_i·(ln A − k·δ_i) − A·e^(−k·δ_i)·E_i ]</pre>
 *
 * with {@code n_i} fills and {@code E_i} total exposure time at depth {@code δ_i}. For fixed {@code
 * k}, {@code A = N / Σ_i E_i e^(−kδ_i)}; {@code k} then solves {@code Σ_i δ_i E_i e^(−kδ_i) / Σ_i
 * E_i e^(−kδ_i) = Σ_i n_i δ_i / N}, whose left side decreases in {@code k} (bisection). Depths
 * share the same trades within a window, so standard errors use the sandwich (robust) covariance
 * {@code H⁻¹ (Σ_w s_w s_wᵀ) H⁻¹} with per-window scores {@code s_w}; windows are assumed
 * independent.
 */
public final class IntensityCalibrator {

  /** A fitted intensity with robust standard errors; {@code A} per second, {@code k} per tick. */
  public record Fit(double a, double k, double standardErrorA, double standardErrorK, long fills) {}

  private final double[] depths;
  private final int maxWindows;
  // Per stored window and depth: exposure seconds, and whether the order was filled.
  private final double[][] exposure;
  private final boolean[][] filled;
  private int stored;
  private int nextSlot;

  private boolean open;
  private long windowStart;
  private final long[] firstHit;

  /**
   * @param depthsTicks the depth grid {@code δ_i} in ticks from the mid, for example 0..20
   * @param maxWindows the most recent windows kept for fitting (older ones are forgotten)
   */
  public IntensityCalibrator(double[] depthsTicks, int maxWindows) {
    if (depthsTicks.length < 2 || maxWindows < 1) {
      throw new IllegalArgumentException("need at least two depths and one window");
    }
    this.depths = depthsTicks.clone();
    this.maxWindows = maxWindows;
    this.exposure = new double[maxWindows][depths.length];
    this.filled = new boolean[maxWindows][depths.length];
    this.firstHit = new long[depths.length];
  }

  /** Starts an observation window: hypothetical orders are posted at every grid depth. */
  public void startWindow(long timeNanos) {
    open = true;
    windowStart = timeNanos;
    Arrays.fill(firstHit, Long.MIN_VALUE);
  }

  /**
   * A trade reaching {@code depthTicks} beyond the mid on this side (for the ask side: trade price
   * − mid; for the bid side: mid − trade price) at {@code timeNanos}.
   */
  public void onTrade(long timeNanos, double depthTicks) {
    if (!open) {
      return;
    }
    for (int i = 0; i < depths.length; i++) {
      if (depthTicks >= depths[i] && firstHit[i] == Long.MIN_VALUE) {
        firstHit[i] = timeNanos;
      }
    }
  }

  /** Ends the window: unfilled depths are censored here. */
  public void endWindow(long timeNanos) {
    if (!open) {
      return;
    }
    open = false;
    double[] e = exposure[nextSlot];
    boolean[] f = filled[nextSlot];
    for (int i = 0; i < depths.length; i++) {
      boolean hit = firstHit[i] != Long.MIN_VALUE;
      long end = hit ? firstHit[i] : timeNanos;
      e[i] = (end - windowStart) / 1e9;
      f[i] = hit;
    }
    nextSlot = (nextSlot + 1) % maxWindows;
    stored = Math.min(stored + 1, maxWindows);
  }

  public int windowCount() {
    return stored;
  }

  /** Maximum-likelihood fit over the stored windows, or null if there are too few fills. */
  public Fit fit() {
    int m = depths.length;
    double[] n = new double[m];
    double[] exp = new double[m];
    long fills = 0;
    for (int w = 0; w < stored; w++) {
      for (int i = 0; i < m; i++) {
        exp[i] += exposure[w][i];
        if (filled[w][i]) {
          n[i]++;
          fills++;
        }
      }
    }
    double total = 0;
    double depthSum = 0;
    for (int i = 0; i < m; i++) {
      total += n[i];
      depthSum += n[i] * depths[i];
    }
    if (total < 10) {
      return null;
    }
    double target = depthSum / total;
    // Weighted mean depth under weights E_i e^(−kδ_i) is decreasing in k; bracket and bisect.
    double lo = -10;
    double hi = 10;
    if (meanDepth(exp, lo) < target || meanDepth(exp, hi) > target) {
      return null;
    }
    // 60 halvings of the bracket of width 20: far below any meaningful precision of k.
    for (int iter = 0; iter < 60; iter++) {
      double mid = (lo + hi) / 2;
      if (meanDepth(exp, mid) > target) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    double k = (lo + hi) / 2;
    double[] decay = new double[m];
    for (int i = 0; i < m; i++) {
      decay[i] = Math.exp(-k * depths[i]);
    }
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    for (int i = 0; i < m; i++) {
      double w = exp[i] * decay[i];
      s0 += w;
      s1 += w * depths[i];
      s2 += w * depths[i] * depths[i];
    }
    double a = total / s0;
    // Observed information −H for (A, k).
    double iaa = total / (a * a);
    double iak = -s1;
    double ikk = a * s2;
    double det = iaa * ikk - iak * iak;
    double haa = ikk / det;
    double hak = -iak / det;
    double hkk = iaa / det;
    // Meat: sum of outer products of per-window scores.
    double maa = 0;
    double mak = 0;
    double mkk = 0;
    for (int w = 0; w < stored; w++) {
      double sa = 0;
      double sk = 0;
      for (int i = 0; i < m; i++) {
        double e = exposure[w][i] * decay[i];
        double ni = filled[w][i] ? 1 : 0;
        sa += ni / a - e;
        sk += -ni * depths[i] + a * depths[i] * e;
      }
      maa += sa * sa;
      mak += sa * sk;
      mkk += sk * sk;
    }
    // Sandwich: (−H)⁻¹ M (−H)⁻¹.
    double vaa = haa * (haa * maa + hak * mak) + hak * (haa * mak + hak * mkk);
    double vkk = hak * (hak * maa + hkk * mak) + hkk * (hak * mak + hkk * mkk);
    return new Fit(a, k, Math.sqrt(vaa), Math.sqrt(vkk), fills);
  }

  private double meanDepth(double[] exp, double k) {
    double num = 0;
    double den = 0;
    for (int i = 0; i < depths.length; i++) {
      double w = exp[i] * Math.exp(-k * depths[i]);
      num += w * depths[i];
      den += w;
    }
    return num / den;
  }
}
