package com.marketmaker.simulator.rest;

import java.util.function.LongSupplier;

/**
 * Binance's request-weight budget: every REST request costs a weight, summed per calendar minute
 * ({@code X-MBX-USED-WEIGHT-1M}); a request that would exceed the budget is refused with 429.
 */
public final class RequestWeightLimiter {

  /** The outcome of charging one request. */
  public record Charge(boolean allowed, int usedWeight, long retryAfterSeconds) {}

  private final int limitPerMinute;
  private final LongSupplier clockMillis;
  private long minute = -1;
  private int used;

  public RequestWeightLimiter(int limitPerMinute, LongSupplier clockMillis) {
    this.limitPerMinute = limitPerMinute;
    this.clockMillis = clockMillis;
  }

  public int limitPerMinute() {
    return limitPerMinute;
  }

  /** Charges {@code weight} if the minute's budget allows it. */
  public synchronized Charge charge(int weight) {
    long now = clockMillis.getAsLong();
    long m = now / 60_000;
    if (m != minute) {
      minute = m;
      used = 0;
    }
    if (used + weight > limitPerMinute) {
      long retry = Math.max(1, ((m + 1) * 60_000 - now + 999) / 1000);
      return new Charge(false, used, retry);
    }
    used += weight;
    return new Charge(true, used, 0);
  }
}
