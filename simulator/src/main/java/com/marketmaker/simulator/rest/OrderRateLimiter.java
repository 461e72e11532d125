package com.marketmaker.simulator.rest;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Binance's ORDERS rate limit: new orders per account per fixed 10-second interval ({@code
 * X-MBX-ORDER-COUNT-10S}); an order beyond the limit is refused with -1015 and 429. Thread-safe.
 */
public final class OrderRateLimiter {

  /** The count after this order, and whether it was allowed. */
  public record Charge(boolean allowed, int count) {}

  private final int limit;
  private final LongSupplier clock;
  private final Map<String, long[]> windows = new HashMap<>();

  public OrderRateLimiter(int limitPer10s, LongSupplier clockMillis) {
    this.limit = limitPer10s;
    this.clock = clockMillis;
  }

  public int limit() {
    return limit;
  }

  /** Counts one new order of {@code account}. */
  public synchronized Charge charge(String account) {
    long interval = clock.getAsLong() / 10_000;
    long[] w = windows.computeIfAbsent(account, a -> new long[] {interval, 0});
    if (w[0] != interval) {
      w[0] = interval;
      w[1] = 0;
    }
    if (w[1] >= limit) {
      return new Charge(false, (int) w[1]);
    }
    w[1]++;
    return new Charge(true, (int) w[1]);
  }
}
