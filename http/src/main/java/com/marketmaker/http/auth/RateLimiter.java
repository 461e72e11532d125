package com.marketmaker.http.auth;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per key (a token's id): {@code burst} requests at once, refilled at {@code
 * perSecond}. Each node limits on its own, so a client spreading its requests over n nodes gets n
 * times the rate.
 */
public final class RateLimiter {

  private static final int MAX_KEYS = 100_000;

  private final double perSecond;
  private final double burst;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  /**
   * @param perSecond refill rate; 0 or less turns limiting off
   * @param burst bucket size (at least 1)
   */
  public RateLimiter(double perSecond, int burst, LongSupplier nanoClock) {
    this.perSecond = perSecond;
    this.burst = Math.max(1, burst);
    this.nanoClock = nanoClock;
  }

  private static final class Bucket {
    double tokens;
    long lastNanos;

    Bucket(double tokens, long lastNanos) {
      this.tokens = tokens;
      this.lastNanos = lastNanos;
    }
  }

  /** 0 when {@code key} may make a request now (taking a token), else the nanoseconds to wait. */
  public long acquire(String key) {
    if (perSecond <= 0) {
      return 0;
    }
    if (buckets.size() > MAX_KEYS) {
      buckets.clear(); // a full bucket each: generous, and bounds the memory
    }
    long now = nanoClock.getAsLong();
    Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
    synchronized (b) {
      double elapsed = Math.max(0, now - b.lastNanos) / 1e9;
      b.tokens = Math.min(burst, b.tokens + elapsed * perSecond);
      b.lastNanos = now;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return (long) Math.ceil((1 - b.tokens) / perSecond * 1e9);
    }
  }
}
