package com.marketmaker.core.engine;

import com.marketmaker.core.signals.IntensityCalibrator;

/**
 * Online calibration of one side's execution intensity {@code λ(δ) = A·e^(−kδ)} (A per second, k
 * per tick, δ ticks from the mid): censored maximum likelihood by {@link IntensityCalibrator} over
 * consecutive windows of event time, fed by public trades and our own fills, with the operator's
 * prior until the fit is trustworthy.
 *
 * <p>Each window posts hypothetical orders at the depths {@code 0, 1, …} ticks from the mid at the
 * window's start; a trade reaching a depth fills it. Our own fills are the same observation as the
 * venue's public print of them: the calibrator keeps the first hit per depth and window, so seeing
 * both changes nothing, and a venue whose public trades we lack still calibrates from our fills.
 *
 * <p>The fit replaces the prior once it rests on at least {@code minFills} hits and both standard
 * errors are below half their estimates; it is refreshed at the end of every window.
 */
public final class IntensityEstimate {

  /** Depths of the hypothetical orders, ticks from the mid. */
  private static final int DEPTHS = 21;

  /** The estimate in force: where it came from, and its standard errors (NaN for the prior). */
  public record Value(
      double aPerSecond,
      double kPerTick,
      double standardErrorA,
      double standardErrorK,
      long fills,
      int windows,
      boolean calibrated) {}

  private final IntensityCalibrator calibrator;
  private final long windowNanos;
  private final long minFills;
  private final double priorA;
  private final double priorK;
  private long windowEnd = Long.MIN_VALUE;
  private double windowMid = Double.NaN;
  private Value value;

  /**
   * @param priorA A before calibration, per second
   * @param priorK k before calibration, per tick
   * @param windowSeconds length of one observation window
   * @param windows windows kept (older ones are forgotten)
   * @param minFills hits needed before the fit replaces the prior
   */
  public IntensityEstimate(
      double priorA, double priorK, double windowSeconds, int windows, long minFills) {
    double[] depths = new double[DEPTHS];
    for (int i = 0; i < DEPTHS; i++) {
      depths[i] = i;
    }
    this.calibrator = new IntensityCalibrator(depths, windows);
    this.windowNanos = (long) (windowSeconds * 1e9);
    this.minFills = minFills;
    this.priorA = priorA;
    this.priorK = priorK;
    this.value = new Value(priorA, priorK, Double.NaN, Double.NaN, 0, 0, false);
  }

  /** Empty windows recorded at most for one quiet spell (a longer one restarts the grid). */
  private static final int MAX_QUIET_WINDOWS = 120;

  /**
   * Time is {@code nowNanos} and the mid (ticks) has been {@code midTicks} since the last call:
   * closes the windows that ended by now and opens the next ones on the window grid (contiguous
   * windows, so a window never starts at a trade it would then count at zero exposure). A NaN mid
   * (no trusted book) opens nothing; the first window starts at the first trusted mid.
   */
  public void onClock(long nowNanos, double midTicks) {
    int quiet = 0;
    while (windowEnd != Long.MIN_VALUE && nowNanos >= windowEnd) {
      calibrator.endWindow(windowEnd);
      long next = windowEnd;
      windowEnd = Long.MIN_VALUE;
      if (Double.isFinite(midTicks) && ++quiet <= MAX_QUIET_WINDOWS) {
        calibrator.startWindow(next);
        windowEnd = next + windowNanos;
        windowMid = midTicks;
      }
    }
    if (quiet > 0) {
      refit();
    }
    if (windowEnd == Long.MIN_VALUE && Double.isFinite(midTicks)) {
      calibrator.startWindow(nowNanos);
      windowEnd = nowNanos + windowNanos;
      windowMid = midTicks;
    }
  }

  /** The book is no longer trusted: the open window is dropped (its exposure is unknown). */
  public void interrupt() {
    windowEnd = Long.MIN_VALUE;
    windowMid = Double.NaN;
  }

  /**
   * A trade hit this side at {@code priceTicks} at {@code nowNanos}. {@code sign} is +1 for the ask
   * side (a buyer lifted: depth = price − mid) and −1 for the bid side (depth = mid − price).
   */
  public void onHit(long nowNanos, long priceTicks, int sign) {
    if (windowEnd == Long.MIN_VALUE) {
      return;
    }
    double depth = sign * (priceTicks - windowMid);
    calibrator.onTrade(nowNanos, depth);
  }

  private void refit() {
    IntensityCalibrator.Fit fit = calibrator.fit();
    int windows = calibrator.windowCount();
    if (fit != null
        && fit.fills() >= minFills
        && fit.a() > 0
        && fit.k() > 0
        && fit.standardErrorA() < 0.5 * fit.a()
        && fit.standardErrorK() < 0.5 * fit.k()) {
      value =
          new Value(
              fit.a(),
              fit.k(),
              fit.standardErrorA(),
              fit.standardErrorK(),
              fit.fills(),
              windows,
              true);
    } else {
      long fills = fit == null ? value.fills() : fit.fills();
      value = new Value(priorA, priorK, Double.NaN, Double.NaN, fills, windows, false);
    }
  }

  public Value value() {
    return value;
  }
}
