package com.marketmaker.core.engine;

/**
 * Volatility of the mid in ticks per √second, from the trusted book's mid sampled on a fixed grid
 * of event time (previous-tick sampling: the value at a grid instant is the last mid seen at or
 * before it). Arithmetic increments, not log returns: market makers quote in ticks, and over the
 * horizons of a quote (seconds) the two agree to within the price's relative move.
 *
 * <p>The variance rate follows an exponentially weighted mean of {@code Δm²/Δt} over the grid
 * samples, {@code v ← α·v + (1 − α)·Δm²/Δt} with {@code α = exp(−Δt/τ)}, {@code τ = halfLife/ln 2}
 * (RiskMetrics 1996 EWMA in calendar time). It starts from a prior, so an instrument quotes from
 * its first trusted book; the prior's weight decays as {@code e^(−t/τ)}.
 *
 * <p>Grid sampling keeps the estimate from counting the bid-ask bounce of every book event as
 * volatility; the grid step is the sampling interval a desk would use to measure realized
 * volatility of the same instrument (250 ms by default).
 */
public final class MidVolatility {

  /** More grid steps than this in one gap restart the sampling (the book was silent). */
  private static final int MAX_STEPS_PER_EVENT = 4 * 60 * 10;

  private final long stepNanos;
  private final double alphaPerStep;
  private double variancePerSecond;
  private double lastMid = Double.NaN;
  private double sampledMid = Double.NaN;
  private long nextSampleNanos;
  private long samples;

  /**
   * @param halfLifeSeconds half-life of an observation's weight, &gt; 0
   * @param stepNanos sampling grid step, &gt; 0
   * @param priorTicksPerSqrtSecond the estimate before any sample, ticks per √s, ≥ 0
   */
  public MidVolatility(double halfLifeSeconds, long stepNanos, double priorTicksPerSqrtSecond) {
    if (!(halfLifeSeconds > 0) || stepNanos <= 0 || !(priorTicksPerSqrtSecond >= 0)) {
      throw new IllegalArgumentException("half-life, step and prior must be positive");
    }
    this.stepNanos = stepNanos;
    double tau = halfLifeSeconds / Math.log(2);
    this.alphaPerStep = Math.exp(-(stepNanos / 1e9) / tau);
    this.variancePerSecond = priorTicksPerSqrtSecond * priorTicksPerSqrtSecond;
  }

  /** Resets the prior while no sample has been taken (the first book tells the price level). */
  public void setPriorIfUnsampled(double priorTicksPerSqrtSecond) {
    if (samples == 0 && priorTicksPerSqrtSecond >= 0) {
      variancePerSecond = priorTicksPerSqrtSecond * priorTicksPerSqrtSecond;
    }
  }

  /** The trusted book's mid (ticks) is {@code midTicks} from {@code timeNanos} on. */
  public void onMid(long timeNanos, double midTicks) {
    if (!(midTicks > 0)) {
      return;
    }
    advance(timeNanos);
    if (Double.isNaN(sampledMid)) {
      sampledMid = midTicks;
      nextSampleNanos = timeNanos + stepNanos;
    }
    lastMid = midTicks;
  }

  /** Takes the grid samples due by {@code timeNanos} (also called on a quiet book). */
  public void advance(long timeNanos) {
    if (Double.isNaN(sampledMid) || timeNanos < nextSampleNanos) {
      return;
    }
    long steps = (timeNanos - nextSampleNanos) / stepNanos + 1;
    if (steps > MAX_STEPS_PER_EVENT) {
      // A silent book: its last mid is no observation of the time in between. Start afresh.
      sampledMid = lastMid;
      nextSampleNanos = timeNanos + stepNanos;
      return;
    }
    double dt = stepNanos / 1e9;
    // The first step carries the move since the previous sample; the others are flat.
    double move = lastMid - sampledMid;
    variancePerSecond = alphaPerStep * variancePerSecond + (1 - alphaPerStep) * move * move / dt;
    for (long i = 1; i < steps; i++) {
      variancePerSecond *= alphaPerStep;
    }
    samples += steps;
    sampledMid = lastMid;
    nextSampleNanos += steps * stepNanos;
  }

  /** Forgets the mids (after a gap in the book): sampling restarts at the next trusted mid. */
  public void interrupt() {
    sampledMid = Double.NaN;
    lastMid = Double.NaN;
  }

  /** σ of the mid, ticks per √second. */
  public double ticksPerSqrtSecond() {
    return Math.sqrt(variancePerSecond);
  }

  /** Grid samples taken so far. */
  public long samples() {
    return samples;
  }
}
