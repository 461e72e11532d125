package com.marketmaker.core.orders;

/**
 * A token bucket on an explicit clock: up to {@code capacity} tokens, one token added every {@code
 * refillIntervalNanos}. It never reads a clock; every call passes the time, which must not go
 * backwards (an earlier time adds nothing).
 *
 * <p>Guarantee: over any half-open time window of length {@code W} it grants at most {@code
 * capacity + ceil(W / refillIntervalNanos)} tokens: at most {@code capacity} are stored when the
 * window opens, and refills are credited on whole intervals only (a partial interval carries over,
 * less than one interval of it, and a full bucket drops it). {@link VenueRateLimits} picks capacity
 * and interval so that this bound never exceeds a venue's "N per window" limit.
 *
 * <p>Not thread-safe: owned by one actor. Allocation-free.
 */
public final class TokenBucket {

  private final long capacity;
  private final long refillIntervalNanos;
  private long tokens;

  /** The time up to which refills have been counted; a multiple of the interval behind now. */
  private long refilledUpTo;

  /** A full bucket at {@code nowNanos}. */
  public TokenBucket(long capacity, long refillIntervalNanos, long nowNanos) {
    if (capacity < 1) {
      throw new IllegalArgumentException("bucket capacity must be at least 1, got " + capacity);
    }
    if (refillIntervalNanos < 1) {
      throw new IllegalArgumentException(
          "refill interval must be positive, got " + refillIntervalNanos);
    }
    this.capacity = capacity;
    this.refillIntervalNanos = refillIntervalNanos;
    this.tokens = capacity;
    this.refilledUpTo = nowNanos;
  }

  public long capacity() {
    return capacity;
  }

  public long refillIntervalNanos() {
    return refillIntervalNanos;
  }

  /** Tokens available at {@code nowNanos}. */
  public long available(long nowNanos) {
    refill(nowNanos);
    return tokens;
  }

  /** Takes one token if there is one. */
  public boolean tryAcquire(long nowNanos) {
    refill(nowNanos);
    if (tokens > 0) {
      tokens--;
      return true;
    }
    return false;
  }

  /**
   * Takes one token without checking: for a layered limiter that already checked with {@link
   * #available}.
   */
  void take() {
    tokens--;
  }

  /**
   * Empties the bucket down to {@code remaining} tokens (for example after the venue reported that
   * more of its window is used than this bucket knows, or answered HTTP 429).
   */
  public void drainTo(long remaining, long nowNanos) {
    refill(nowNanos);
    tokens = Math.max(0, Math.min(tokens, remaining));
  }

  /** Nanoseconds until a token is available; 0 when one is. */
  public long nanosUntilAvailable(long nowNanos) {
    refill(nowNanos);
    if (tokens > 0) {
      return 0;
    }
    return refilledUpTo + refillIntervalNanos - nowNanos;
  }

  private void refill(long nowNanos) {
    long elapsed = nowNanos - refilledUpTo;
    if (elapsed < refillIntervalNanos) {
      return; // includes a clock that went backwards
    }
    long added = elapsed / refillIntervalNanos;
    if (added >= capacity - tokens) {
      tokens = capacity;
      refilledUpTo = nowNanos;
    } else {
      tokens += added;
      refilledUpTo += added * refillIntervalNanos;
    }
  }
}
