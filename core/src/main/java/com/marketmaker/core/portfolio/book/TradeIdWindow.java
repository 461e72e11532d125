package com.marketmaker.core.portfolio.book;

import java.util.Arrays;

/**
 * The recent trade ids of one instrument, for exactly-once booking of fills that may be delivered
 * more than once.
 *
 * <p>Rule. The window keeps the {@code capacity} largest ids accepted so far, sorted. An id is
 * refused when it is in the window, or when the window has already evicted an id and the new id is
 * at most the smallest id in the window; otherwise it is accepted, inserted, and if the window then
 * holds more than {@code capacity} ids the smallest is evicted. Consequences:
 *
 * <ul>
 *   <li>a duplicate is always refused: it is either still in the window, or it was evicted and is
 *       then below every id in the window;
 *   <li>before the first eviction the rule is exact, so fills arriving out of order are all booked;
 *   <li>after it, a genuinely new id below the window's smallest (a fill arriving more than {@code
 *       capacity} trade ids late) is refused as well: bounded memory cannot tell it from a replay,
 *       and refusing is the side that never double-counts. Venue trade ids increase per instrument,
 *       so with a window of, say, 10,000 this needs 10,000 later fills to overtake one.
 * </ul>
 *
 * <p>Storage is a sorted {@code long[]} slice; ids arriving in increasing order append and evict in
 * amortised O(1), an out-of-order id costs one binary search and an array shift. Mutable and not
 * thread-safe; {@link #copy()} is deep.
 */
public final class TradeIdWindow {

  private final int capacity;
  private long[] buffer;
  private int start;
  private int size;
  private boolean evicted;

  /**
   * An empty window.
   *
   * @param capacity the number of ids kept, &ge; 1
   */
  public TradeIdWindow(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("window capacity must be >= 1: " + capacity);
    }
    this.capacity = capacity;
    this.buffer = new long[Math.min(capacity + 1, 16)];
  }

  /**
   * A window restored from its state.
   *
   * @param capacity the number of ids kept
   * @param ids the ids in the window, strictly increasing, at most {@code capacity}
   * @param evicted whether the window had evicted an id
   */
  public static TradeIdWindow restore(int capacity, long[] ids, boolean evicted) {
    TradeIdWindow w = new TradeIdWindow(capacity);
    if (ids.length > capacity) {
      throw new IllegalArgumentException("more ids than the capacity " + capacity);
    }
    for (int i = 1; i < ids.length; i++) {
      if (ids[i] <= ids[i - 1]) {
        throw new IllegalArgumentException("ids must be strictly increasing");
      }
    }
    w.buffer = Arrays.copyOf(ids, Math.max(ids.length + 1, 16));
    w.size = ids.length;
    w.evicted = evicted;
    return w;
  }

  /**
   * Books {@code id} if it is new under the rule of this class.
   *
   * @return true when the id was new and is now recorded; false when it was refused
   */
  public boolean accept(long id) {
    if (!admits(id)) {
      return false;
    }
    if (start + size == buffer.length) {
      makeRoom();
    }
    int end = start + size;
    int pos =
        size == 0 || id > buffer[end - 1] ? end : -Arrays.binarySearch(buffer, start, end, id) - 1;
    System.arraycopy(buffer, pos, buffer, pos + 1, end - pos);
    buffer[pos] = id;
    size++;
    if (size > capacity) {
      start++;
      size--;
      evicted = true;
    }
    return true;
  }

  /** Whether {@code id} would be booked by {@link #accept} (nothing is recorded). */
  public boolean admits(long id) {
    if (size == 0) {
      return true;
    }
    if (evicted && id <= buffer[start]) {
      return false;
    }
    return Arrays.binarySearch(buffer, start, start + size, id) < 0;
  }

  /** Whether {@code id} is in the window. */
  public boolean contains(long id) {
    return size > 0 && Arrays.binarySearch(buffer, start, start + size, id) >= 0;
  }

  /** The number of ids in the window. */
  public int size() {
    return size;
  }

  /** The number of ids the window keeps. */
  public int capacity() {
    return capacity;
  }

  /** Whether an id has been evicted, so that ids at or below the smallest are refused. */
  public boolean hasEvicted() {
    return evicted;
  }

  /** The smallest id in the window; {@link Long#MIN_VALUE} when empty. */
  public long smallest() {
    return size == 0 ? Long.MIN_VALUE : buffer[start];
  }

  /** The largest id in the window; {@link Long#MIN_VALUE} when empty. */
  public long largest() {
    return size == 0 ? Long.MIN_VALUE : buffer[start + size - 1];
  }

  /** The ids in the window, ascending; a copy. */
  public long[] ids() {
    return Arrays.copyOfRange(buffer, start, start + size);
  }

  /** A deep copy. */
  public TradeIdWindow copy() {
    return restore(capacity, ids(), evicted);
  }

  /** Moves the slice to the front, growing the buffer when it is more than half full. */
  private void makeRoom() {
    long[] target = buffer;
    if (size >= buffer.length / 2) {
      target = new long[Math.min(Math.max(buffer.length * 2, 16), 2 * (capacity + 1))];
    }
    System.arraycopy(buffer, start, target, 0, size);
    buffer = target;
    start = 0;
  }
}
