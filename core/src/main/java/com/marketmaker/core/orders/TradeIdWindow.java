package com.marketmaker.core.orders;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * Exactly-once booking of trades by venue trade id: the highest booked id plus a bounded window of
 * the most recent booked ids, the same rule the persisted {@code SymbolState} applies (venues
 * number an instrument's trades in increasing order, but a retried delivery can arrive late, so the
 * window remembers the last {@link #CAPACITY} ids, not only the highest).
 *
 * <p>A trade id below every remembered id once the window is full cannot be told apart from a
 * duplicate and is refused ({@link Check#BEYOND_WINDOW}); the caller counts it for operators.
 * Mutable, allocation-free per check; {@link #ids()} gives the persistable view.
 */
public final class TradeIdWindow {

  /** How many recent trade ids are remembered (as {@code SymbolState.DEDUP_WINDOW}). */
  public static final int CAPACITY = 512;

  /** How a trade id relates to what is booked. */
  public enum Check {
    NEW,
    DUPLICATE,
    BEYOND_WINDOW
  }

  private final long[] ids = new long[CAPACITY];
  private int size;
  private long lastTradeId = -1;

  public TradeIdWindow() {}

  /**
   * Restores a window from its persisted ids (any order) and highest id. The ledger is restored
   * from its state after every order event, so the usual case, the window's own ascending view, is
   * copied without sorting or boxing.
   */
  public TradeIdWindow(List<Long> recent, long lastTradeId) {
    long[] sorted;
    if (recent instanceof SortedIds view) {
      sorted = view.values;
    } else {
      sorted = new long[recent.size()];
      int i = 0;
      boolean ascending = true;
      for (Long id : recent) {
        sorted[i] = id;
        ascending &= i == 0 || sorted[i - 1] < sorted[i];
        i++;
      }
      if (!ascending) {
        sorted = Arrays.stream(sorted).sorted().distinct().toArray();
      }
    }
    int from = Math.max(0, sorted.length - CAPACITY);
    size = sorted.length - from;
    System.arraycopy(sorted, from, ids, 0, size);
    this.lastTradeId = Math.max(lastTradeId, size == 0 ? -1 : ids[size - 1]);
  }

  /** Highest booked trade id, -1 before the first. */
  public long lastTradeId() {
    return lastTradeId;
  }

  /** The oldest remembered trade id, -1 when none is. */
  public long oldest() {
    return size == 0 ? -1 : ids[0];
  }

  public Check check(long tradeId) {
    if (Arrays.binarySearch(ids, 0, size, tradeId) >= 0) {
      return Check.DUPLICATE;
    }
    if (size == CAPACITY && tradeId < ids[0]) {
      return Check.BEYOND_WINDOW;
    }
    return Check.NEW;
  }

  /**
   * Books {@code tradeId} if it is new.
   *
   * @return the check before booking; the id is remembered only when it was NEW
   */
  public Check book(long tradeId) {
    int at = Arrays.binarySearch(ids, 0, size, tradeId);
    if (at >= 0) {
      return Check.DUPLICATE;
    }
    if (size == CAPACITY && tradeId < ids[0]) {
      return Check.BEYOND_WINDOW;
    }
    int insert = -at - 1;
    if (size == CAPACITY) {
      // drop the oldest: shift [1, insert) left by one and put the new id at insert - 1
      System.arraycopy(ids, 1, ids, 0, insert - 1);
      ids[insert - 1] = tradeId;
    } else {
      System.arraycopy(ids, insert, ids, insert + 1, size - insert);
      ids[insert] = tradeId;
      size++;
    }
    lastTradeId = Math.max(lastTradeId, tradeId);
    return Check.NEW;
  }

  /**
   * The remembered ids, ascending, for a snapshot: an immutable list over a copy of the window,
   * boxing an id only when it is read.
   */
  public List<Long> ids() {
    return new SortedIds(Arrays.copyOf(ids, size));
  }

  /**
   * An immutable ascending list of distinct trade ids over its own array. Equal to any list of the
   * same ids, as the {@link List} contract has it.
   */
  public static final class SortedIds extends AbstractList<Long> implements RandomAccess {
    private final long[] values;

    private SortedIds(long[] values) {
      this.values = values;
    }

    @Override
    public Long get(int index) {
      return values[index];
    }

    @Override
    public int size() {
      return values.length;
    }
  }
}
