package com.marketmaker.streams.binance;

/**
 * The node's share of a Binance REQUEST_WEIGHT limit, which the venue counts per IP per clock
 * minute. Requests take their documented weight up front; the venue's {@code X-MBX-USED-WEIGHT-1M}
 * answer header, which also counts other clients on the IP, raises the count to what the venue
 * sees. A request that would exceed the budget is refused locally.
 */
final class RequestWeightBudget {

  private final int budget;
  private long minute = Long.MIN_VALUE;
  private int used;

  RequestWeightBudget(int budget) {
    this.budget = budget;
  }

  /** Takes {@code weight} if it fits in this minute's budget. */
  synchronized boolean tryAcquire(int weight, long nowMillis) {
    roll(nowMillis);
    if (used + weight > budget) {
      return false;
    }
    used += weight;
    return true;
  }

  /** The venue's count for this minute, from the answer header. */
  synchronized void observeUsed(int venueUsed, long nowMillis) {
    roll(nowMillis);
    used = Math.max(used, venueUsed);
  }

  synchronized int used(long nowMillis) {
    roll(nowMillis);
    return used;
  }

  int budget() {
    return budget;
  }

  /** Milliseconds until the next minute starts. */
  static long millisToNextMinute(long nowMillis) {
    return 60_000 - Math.floorMod(nowMillis, 60_000L);
  }

  private void roll(long nowMillis) {
    long m = Math.floorDiv(nowMillis, 60_000L);
    if (m != minute) {
      minute = m;
      used = 0;
    }
  }
}
