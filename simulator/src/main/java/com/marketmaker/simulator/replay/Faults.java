package com.marketmaker.simulator.replay;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pending faults of one venue, armed over the admin endpoint and consumed by the replay and the
 * REST depth endpoint. Thread-safe.
 */
public final class Faults {

  private final ConcurrentHashMap<String, AtomicInteger> dropDiffs = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, AtomicInteger> staleSnapshots = new ConcurrentHashMap<>();
  private final AtomicInteger delayedFrames = new AtomicInteger();
  private volatile long delayMillis;
  private final AtomicLong droppedDiffs = new AtomicLong();
  private final AtomicLong staleServed = new AtomicLong();
  private final AtomicLong framesDelayed = new AtomicLong();
  private final AtomicInteger rejectOrders = new AtomicInteger();
  private final AtomicLong ordersRejected = new AtomicLong();
  private volatile int rejectCode;
  private volatile String rejectMessage;

  /** The venue error a rejectOrders fault answers with. */
  public record Rejection(int code, String message) {}

  /** Refuses each of the next {@code n} new orders with {@code code} and {@code message}. */
  public void rejectNextOrders(int n, int code, String message) {
    rejectCode = code;
    rejectMessage = message;
    rejectOrders.set(n);
  }

  /** The rejection of the next new order, or null to let it through (consumes one). */
  public Rejection consumeOrderRejection() {
    if (rejectOrders.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0) {
      ordersRejected.incrementAndGet();
      return new Rejection(rejectCode, rejectMessage);
    }
    return null;
  }

  public long ordersRejected() {
    return ordersRejected.get();
  }

  public void dropNextDiffs(String symbol, int n) {
    dropDiffs.computeIfAbsent(symbol, s -> new AtomicInteger()).addAndGet(n);
  }

  /** Whether the next diff of {@code symbol} is to be withheld from clients (consumes one). */
  public boolean consumeDrop(String symbol) {
    AtomicInteger n = dropDiffs.get(symbol);
    if (n != null && n.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0) {
      droppedDiffs.incrementAndGet();
      return true;
    }
    return false;
  }

  public void staleNextSnapshots(String symbol, int n) {
    staleSnapshots.computeIfAbsent(symbol, s -> new AtomicInteger()).addAndGet(n);
  }

  /** Whether the next snapshot of {@code symbol} is to be stale (consumes one). */
  public boolean consumeStale(String symbol) {
    AtomicInteger n = staleSnapshots.get(symbol);
    return n != null && n.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0;
  }

  /** Counts a stale snapshot actually served. */
  public void staleServed() {
    staleServed.incrementAndGet();
  }

  /** Holds each of the next {@code frames} frames {@code millis} before sending it. */
  public void delay(long millis, int frames) {
    delayMillis = millis;
    delayedFrames.set(frames);
  }

  /** The delay to apply before the next frame, 0 for none (consumes one). */
  public long consumeDelay() {
    if (delayedFrames.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0) {
      framesDelayed.incrementAndGet();
      return delayMillis;
    }
    return 0;
  }

  public long droppedDiffs() {
    return droppedDiffs.get();
  }

  public long staleSnapshotsServed() {
    return staleServed.get();
  }

  public long framesDelayed() {
    return framesDelayed.get();
  }
}
