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

  /** The bisection's starting bracket for {@code k}. */
  private static final double K_LOW = -10;

  private static final double K_HIGH = 10;

  /** Halvings of the bracket of width 20: far below any meaningful precision of k. */
  private static final int HALVINGS = 60;

  /** Newton steps at most when locating the root before the bisection. */
  private static final int NEWTON_STEPS = 8;

  /** Unit roundoff of a double, 2^−53. */
  private static final double UNIT_ROUNDOFF = 0x1p-53;

  private final double[] depths;
  private final int m;
  private final int maxWindows;
  // Per stored window, slot after slot (m values each): exposure seconds, and whether filled.
  private final double[] exposure;
  private final boolean[] filled;
  private int stored;
  private int nextSlot;

  // Totals over the stored windows in slot order (the order the fit sums them in). Until the ring
  // first overwrites a window each new window is the last slot, so they are kept as windows end,
  // with the same additions in the same order; afterwards each fit sums the slots again.
  private final double[] exposureTotal;
  private final double[] fillTotal;
  private long fillCount;
  private boolean wrapped;

  // The fit's work space, and the weights e^(−kδ_i) at the bracket's ends (k does not vary there).
  private final double[] sumExposure;
  private final double[] sumFills;
  private final double[] decay;
  private final double[] decayAtLow;
  private final double[] decayAtHigh;

  // The midpoints the last fit's bisection tried, one per halving, and their weights e^(−kδ_i) (m
  // values each). The weights depend on the midpoint alone, and the first halvings of a fit often
  // try the same midpoints as the last fit's (k moves little between fits): those are reused.
  private final double[] triedK;
  private final double[] triedDecay;

  // Bisection midpoints whose comparison is known beforehand (see locateRoot): every midpoint at or
  // below skipBelow compares above the target, every one at or above skipAbove below it. Only on
  // grids where the error bound holds (non-negative depths, weights in range).
  private final boolean nonNegativeDepths;
  private final double margin;
  private double skipBelow;
  private double skipAbove;
  private double lastK = Double.NaN;

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
    this.m = depths.length;
    this.maxWindows = maxWindows;
    this.exposure = new double[maxWindows * m];
    this.filled = new boolean[maxWindows * m];
    this.exposureTotal = new double[m];
    this.fillTotal = new double[m];
    this.sumExposure = new double[m];
    this.sumFills = new double[m];
    this.decay = new double[m];
    this.decayAtLow = new double[m];
    this.decayAtHigh = new double[m];
    for (int i = 0; i < m; i++) {
      decayAtLow[i] = Math.exp(-K_LOW * depths[i]);
      decayAtHigh[i] = Math.exp(-K_HIGH * depths[i]);
    }
    this.triedK = new double[HALVINGS];
    Arrays.fill(triedK, Double.NaN);
    this.triedDecay = new double[HALVINGS * m];
    this.firstHit = new long[m];
    double deepest = 0;
    boolean nonNegative = true;
    for (double d : depths) {
      nonNegative &= d >= 0 && Double.isFinite(d);
      deepest = Math.max(deepest, d);
    }
    double kMax = Math.max(Math.abs(K_LOW), Math.abs(K_HIGH));
    // The error bound holds while no weight over- or underflows: e^(±kδ) within e^(±500).
    this.nonNegativeDepths = nonNegative && kMax * deepest <= 500;
    // Four times the bound on the rounding error of a computed mean depth (see locateRoot).
    this.margin = 4 * 1.01 * deepest * UNIT_ROUNDOFF * (2 * kMax * deepest + 2 * m + 9);
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
    for (int i = 0; i < m; i++) {
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
    int base = nextSlot * m;
    boolean appended = !wrapped && stored < maxWindows;
    for (int i = 0; i < m; i++) {
      boolean hit = firstHit[i] != Long.MIN_VALUE;
      long end = hit ? firstHit[i] : timeNanos;
      double e = (end - windowStart) / 1e9;
      exposure[base + i] = e;
      filled[base + i] = hit;
      if (appended) {
        exposureTotal[i] += e;
        if (hit) {
          fillTotal[i]++;
          fillCount++;
        }
      }
    }
    wrapped |= !appended;
    nextSlot = (nextSlot + 1) % maxWindows;
    stored = Math.min(stored + 1, maxWindows);
  }

  public int windowCount() {
    return stored;
  }

  /** Maximum-likelihood fit over the stored windows, or null if there are too few fills. */
  public Fit fit() {
    double[] n = fillTotal;
    double[] exp = exposureTotal;
    long fills = fillCount;
    if (wrapped) {
      n = sumFills;
      exp = sumExposure;
      fills = sumStored(n, exp);
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
    double lo = K_LOW;
    double hi = K_HIGH;
    if (meanDepth(exp, decayAtLow, 0) < target || meanDepth(exp, decayAtHigh, 0) > target) {
      return null;
    }
    locateRoot(exp, target);
    for (int iter = 0; iter < HALVINGS; iter++) {
      double mid = (lo + hi) / 2;
      if (mid <= skipBelow) {
        lo = mid;
        continue;
      }
      if (mid >= skipAbove) {
        hi = mid;
        continue;
      }
      int base = iter * m;
      if (triedK[iter] != mid) {
        triedK[iter] = mid;
        for (int i = 0; i < m; i++) {
          triedDecay[base + i] = Math.exp(-mid * depths[i]);
        }
      }
      if (meanDepth(exp, triedDecay, base) > target) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    double k = (lo + hi) / 2;
    lastK = k;
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
    double[] meat = scores(a);
    double maa = meat[0];
    double mak = meat[1];
    double mkk = meat[2];
    // Sandwich: (−H)⁻¹ M (−H)⁻¹.
    double vaa = haa * (haa * maa + hak * mak) + hak * (haa * mak + hak * mkk);
    double vkk = hak * (hak * maa + hkk * mak) + hkk * (hak * mak + hkk * mkk);
    return new Fit(a, k, Math.sqrt(vaa), Math.sqrt(vkk), fills);
  }

  /**
   * Finds a narrow interval {@code [skipBelow, skipAbove]} around the root of {@code meanDepth(k) =
   * target} outside which the bisection's comparisons are known without computing them, so that the
   * bisection only works out the weights of the midpoints inside it: the same midpoints, the same
   * comparisons and the same k as evaluating every one, and a fit takes about a fifth less time.
   * Leaves the interval as the whole line (nothing skipped) when it cannot prove one.
   *
   * <p>Why the known comparisons are the computed ones. The exact mean depth under the weights
   * {@code E_i e^(−kδ_i)} is non-increasing in k (its derivative is minus the weighted variance of
   * δ). The computed one differs from it by at most {@code err = 1.01·δ_max·u·(2|k|δ_max + 2m + 9)}
   * (u the unit roundoff, δ ≥ 0, m depths, no weight over- or underflowing, which the grids this is
   * used on ensure: {@code |k|·δ ≤ 500}): the product {@code −kδ_i} is off by {@code |k|δ_i·u},
   * which the exponential turns into a relative error of the weight of that size; {@code Math.exp}
   * adds at most one ulp (2u) and the products with {@code E_i} and {@code δ_i} u each; the two
   * sums of m non-negative terms add {@code (m − 1)u} relative each, and the division u. With
   * {@code margin} at least four times that error for any k in the starting bracket, a point {@code
   * b} whose computed mean depth exceeds {@code target + margin} bounds every midpoint {@code x ≤
   * b}: computed(x) ≥ exact(x) − err ≥ exact(b) − err ≥ computed(b) − 2·err &gt; target, so the
   * bisection would have moved its lower end to x; symmetrically above. The two points are found by
   * Newton's method on the mean depth from the last fit's k (any start gives the same interval's
   * guarantee; a start only decides how narrow it is), and both checked as written.
   */
  private void locateRoot(double[] exp, double target) {
    skipBelow = Double.NEGATIVE_INFINITY;
    skipAbove = Double.POSITIVE_INFINITY;
    if (!nonNegativeDepths) {
      return;
    }
    double lo = K_LOW;
    double hi = K_HIGH;
    double k = lastK > K_LOW && lastK < K_HIGH ? lastK : 0;
    double step = Double.POSITIVE_INFINITY;
    double variance = Double.NaN;
    for (int s = 0; s < NEWTON_STEPS && Math.abs(step) > 1e-13; s++) {
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      for (int i = 0; i < m; i++) {
        double w = exp[i] * Math.exp(-k * depths[i]);
        double wd = w * depths[i];
        s0 += w;
        s1 += wd;
        s2 += wd * depths[i];
      }
      double mean = s1 / s0;
      variance = s2 / s0 - mean * mean;
      if (!Double.isFinite(mean)) {
        return;
      }
      if (mean > target) {
        lo = k;
      } else {
        hi = k;
      }
      // d(mean)/dk = −variance: Newton's step toward the target, kept inside the known bracket.
      double next = k + (mean - target) / variance;
      if (!(next > lo && next < hi)) {
        next = 0.5 * (lo + hi);
      }
      step = next - k;
      k = next;
    }
    if (!(variance > 0)) {
      return;
    }
    double half = 2 * margin / variance + 4 * Math.abs(step);
    for (int attempt = 0; attempt < 2; attempt++, half *= 64) {
      double below = k - half;
      double above = k + half;
      if (meanDepthAt(exp, below) > target + margin && meanDepthAt(exp, above) < target - margin) {
        skipBelow = below;
        skipAbove = above;
        return;
      }
    }
  }

  /** The mean depth under the weights {@code E_i e^(−kδ_i)}, computed as the bisection does. */
  private double meanDepthAt(double[] exp, double k) {
    double num = 0;
    double den = 0;
    for (int i = 0; i < m; i++) {
      double w = exp[i] * Math.exp(-k * depths[i]);
      num += w * depths[i];
      den += w;
    }
    return num / den;
  }

  /** Sums fills and exposure per depth over the stored windows in slot order; returns the fills. */
  private long sumStored(double[] n, double[] exp) {
    Arrays.fill(n, 0);
    Arrays.fill(exp, 0);
    long fills = 0;
    for (int w = 0; w < stored; w++) {
      int base = w * m;
      for (int i = 0; i < m; i++) {
        exp[i] += exposure[base + i];
        if (filled[base + i]) {
          n[i]++;
          fills++;
        }
      }
    }
    return fills;
  }

  /**
   * The meat of the sandwich: the sums over windows of the outer products of the per-window scores
   * {@code s_A = Σ_i (n_i/A − E_i e^(−kδ_i))} and {@code s_k = Σ_i (−n_i δ_i + A δ_i E_i
   * e^(−kδ_i))}, as {maa, mak, mkk}. With {@code n_i} 0 or 1, {@code n_i/A} and {@code −n_i δ_i}
   * take one of two values each, worked out once per fit instead of per window and depth.
   *
   * <p>Windows go two at a time: each window's scores are summed over the depths in order, as one
   * at a time would, but the two windows' sums are independent chains of additions that the
   * processor runs side by side; the outer products are added in window order.
   */
  private double[] scores(double a) {
    double hitOverA = 1.0 / a;
    double missOverA = 0.0 / a;
    double maa = 0;
    double mak = 0;
    double mkk = 0;
    int w = 0;
    for (; w + 1 < stored; w += 2) {
      int base = w * m;
      int next = base + m;
      double sa = 0;
      double sk = 0;
      double saNext = 0;
      double skNext = 0;
      for (int i = 0; i < m; i++) {
        double d = depths[i];
        double e = exposure[base + i] * decay[i];
        boolean hit = filled[base + i];
        sa += (hit ? hitOverA : missOverA) - e;
        sk += (hit ? -1.0 * d : -0.0 * d) + a * d * e;
        double eNext = exposure[next + i] * decay[i];
        boolean hitNext = filled[next + i];
        saNext += (hitNext ? hitOverA : missOverA) - eNext;
        skNext += (hitNext ? -1.0 * d : -0.0 * d) + a * d * eNext;
      }
      maa += sa * sa;
      mak += sa * sk;
      mkk += sk * sk;
      maa += saNext * saNext;
      mak += saNext * skNext;
      mkk += skNext * skNext;
    }
    if (w < stored) {
      int base = w * m;
      double sa = 0;
      double sk = 0;
      for (int i = 0; i < m; i++) {
        double e = exposure[base + i] * decay[i];
        boolean hit = filled[base + i];
        double d = depths[i];
        sa += (hit ? hitOverA : missOverA) - e;
        sk += (hit ? -1.0 * d : -0.0 * d) + a * d * e;
      }
      maa += sa * sa;
      mak += sa * sk;
      mkk += sk * sk;
    }
    return new double[] {maa, mak, mkk};
  }

  /**
   * The mean depth under the weights {@code E_i e^(−kδ_i)}, with {@code e^(−kδ_i)} given from
   * {@code weights[from]} on.
   */
  private double meanDepth(double[] exp, double[] weights, int from) {
    double num = 0;
    double den = 0;
    for (int i = 0; i < m; i++) {
      double w = exp[i] * weights[from + i];
      num += w * depths[i];
      den += w;
    }
    return num / den;
  }
}
