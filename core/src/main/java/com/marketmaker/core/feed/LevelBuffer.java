package com.marketmaker.core.feed;

import com.marketmaker.core.book.OrderBook;
import com.marketmaker.core.book.Side;
import java.util.Arrays;

/**
 * A reusable, growable list of (price ticks, size lots) pairs decoded from one side of a message.
 */
public final class LevelBuffer {

  private long[] prices;
  private long[] sizes;
  private int count;

  public LevelBuffer() {
    this(64);
  }

  public LevelBuffer(int initialCapacity) {
    prices = new long[Math.max(4, initialCapacity)];
    sizes = new long[prices.length];
  }

  public void clear() {
    count = 0;
  }

  /**
   * Empties the buffer with room for {@code expected} levels, for a decoder that knows the count
   * before it adds them (one allocation of the right size instead of doubling up to it).
   */
  public void clear(int expected) {
    count = 0;
    if (prices.length < expected) {
      prices = new long[expected];
      sizes = new long[expected];
    }
  }

  public void add(long price, long size) {
    if (count == prices.length) {
      prices = Arrays.copyOf(prices, count * 2);
      sizes = Arrays.copyOf(sizes, count * 2);
    }
    prices[count] = price;
    sizes[count] = size;
    count++;
  }

  public int count() {
    return count;
  }

  public long price(int i) {
    return prices[i];
  }

  public long size(int i) {
    return sizes[i];
  }

  /** Applies every level, in order, to {@code side} of {@code book}. */
  public void applyTo(OrderBook book, Side side) {
    book.applyAll(side, prices, sizes, count);
  }

  /** Replaces this buffer's content with a copy of {@code other}'s. */
  public void copyFrom(LevelBuffer other) {
    if (prices.length < other.count) {
      prices = new long[other.count];
      sizes = new long[other.count];
    }
    System.arraycopy(other.prices, 0, prices, 0, other.count);
    System.arraycopy(other.sizes, 0, sizes, 0, other.count);
    count = other.count;
  }
}
