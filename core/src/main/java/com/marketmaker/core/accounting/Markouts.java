package com.marketmaker.core.accounting;

import java.util.ArrayDeque;

/**
 * Mark-outs of our fills (adverse selection): for each fill, the mid {@code h} later against the
 * fill price, signed so that a positive value is in our favour (bought below the later mid, sold
 * above it), per lot, in ticks and in bps of the fill price, at each horizon. A fill whose horizon
 * the data does not reach is not counted. Single-threaded.
 */
public final class Markouts {

  private final long[] horizonsNanos;
  private final ArrayDeque<Pending>[] pending;
  private final double[] sumTicksLots;
  private final double[] sumBpsLots;
  private final long[] lots;
  private final long[] counted;

  private record Pending(long dueNanos, boolean buy, long priceTicks, long lots) {}

  /** The mark-outs at one horizon, averaged over lots. */
  public record Horizon(double seconds, long fills, double meanTicks, double meanBps) {}

  @SuppressWarnings("unchecked")
  public Markouts(long... horizonsNanos) {
    this.horizonsNanos = horizonsNanos.clone();
    int n = horizonsNanos.length;
    pending = new ArrayDeque[n];
    for (int i = 0; i < n; i++) {
      pending[i] = new ArrayDeque<>();
    }
    sumTicksLots = new double[n];
    sumBpsLots = new double[n];
    lots = new long[n];
    counted = new long[n];
  }

  /** The usual horizons: 1 s, 10 s and 60 s. */
  public static Markouts standard() {
    return new Markouts(1_000_000_000L, 10_000_000_000L, 60_000_000_000L);
  }

  public void onFill(long nowNanos, boolean buy, long priceTicks, long sizeLots) {
    for (int i = 0; i < horizonsNanos.length; i++) {
      pending[i].addLast(new Pending(nowNanos + horizonsNanos[i], buy, priceTicks, sizeLots));
    }
  }

  /**
   * The mid (in ticks, fractional) at {@code nowNanos}: settles every fill whose horizon passed.
   */
  public void onMid(long nowNanos, double midTicks) {
    for (int i = 0; i < horizonsNanos.length; i++) {
      ArrayDeque<Pending> q = pending[i];
      while (!q.isEmpty() && q.peekFirst().dueNanos() <= nowNanos) {
        Pending p = q.pollFirst();
        double ticks = (p.buy() ? midTicks - p.priceTicks() : p.priceTicks() - midTicks);
        sumTicksLots[i] += ticks * p.lots();
        sumBpsLots[i] += ticks / p.priceTicks() * 1e4 * p.lots();
        lots[i] += p.lots();
        counted[i]++;
      }
    }
  }

  public Horizon[] report() {
    Horizon[] out = new Horizon[horizonsNanos.length];
    for (int i = 0; i < out.length; i++) {
      out[i] =
          new Horizon(
              horizonsNanos[i] / 1e9,
              counted[i],
              lots[i] == 0 ? 0 : sumTicksLots[i] / lots[i],
              lots[i] == 0 ? 0 : sumBpsLots[i] / lots[i]);
    }
    return out;
  }
}
