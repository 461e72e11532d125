package com.marketmaker.core.signals;

/**
 * Signed trade flow over a trailing time window: {@code Σ sign·size} of the trades of the last
 * {@code W} seconds, with sign +1 when the buyer was the aggressor and −1 when the seller was.
 * Positive flow means takers are lifting offers. Trades are kept in a growable ring buffer; adding
 * and expiring are O(1) amortised and allocation-free once the buffer has grown.
 */
public final class TradeFlow {

  private final long windowNanos;
  private long[] times = new long[256];
  private long[] signedSizes = new long[256];
  private int head;
  private int count;
  private long buyVolume;
  private long sellVolume;

  public TradeFlow(double windowSeconds) {
    if (!(windowSeconds > 0)) {
      throw new IllegalArgumentException("window must be positive");
    }
    this.windowNanos = (long) (windowSeconds * 1e9);
  }

  /** Records a trade of {@code size} lots at {@code timeNanos} (non-decreasing). */
  public void onTrade(long timeNanos, long size, boolean buyerAggressor) {
    expire(timeNanos);
    if (count == times.length) {
      grow();
    }
    int i = (head + count) & (times.length - 1);
    times[i] = timeNanos;
    signedSizes[i] = buyerAggressor ? size : -size;
    count++;
    if (buyerAggressor) {
      buyVolume += size;
    } else {
      sellVolume += size;
    }
  }

  private void grow() {
    long[] t = new long[times.length * 2];
    long[] s = new long[times.length * 2];
    for (int k = 0; k < count; k++) {
      t[k] = times[(head + k) & (times.length - 1)];
      s[k] = signedSizes[(head + k) & (times.length - 1)];
    }
    times = t;
    signedSizes = s;
    head = 0;
  }

  private void expire(long nowNanos) {
    while (count > 0 && times[head] <= nowNanos - windowNanos) {
      long s = signedSizes[head];
      if (s > 0) {
        buyVolume -= s;
      } else {
        sellVolume += s;
      }
      head = (head + 1) & (times.length - 1);
      count--;
    }
  }

  /** Buy minus sell aggressor volume, in lots, over the window ending at {@code nowNanos}. */
  public long signedVolume(long nowNanos) {
    expire(nowNanos);
    return buyVolume - sellVolume;
  }

  /** {@code (buy − sell) / (buy + sell)} over the window, NaN when no trade. */
  public double normalizedFlow(long nowNanos) {
    expire(nowNanos);
    long total = buyVolume + sellVolume;
    return total == 0 ? Double.NaN : (double) (buyVolume - sellVolume) / total;
  }

  public long buyVolume(long nowNanos) {
    expire(nowNanos);
    return buyVolume;
  }

  public long sellVolume(long nowNanos) {
    expire(nowNanos);
    return sellVolume;
  }

  /** Trades currently in the window (as of the last update). */
  public int tradeCount() {
    return count;
  }
}
