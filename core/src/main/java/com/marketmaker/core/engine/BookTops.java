package com.marketmaker.core.engine;

import com.marketmaker.core.feed.BookTicker;

/**
 * A bounded first-in first-out list of book tops {@code {id, bid, bid size, ask, ask size}} held in
 * one primitive array, so remembering the top of every diff and every early ticker allocates
 * nothing. Entries are read by their position from the oldest ({@code 0}) to the newest ({@code
 * size() - 1}).
 */
final class BookTops {

  static final int ID = 0;
  static final int BID = 1;
  static final int BID_SIZE = 2;
  static final int ASK = 3;
  static final int ASK_SIZE = 4;
  static final int FIELDS = 5;

  private final long[] data;
  private final int capacity;
  private int head;
  private int size;

  BookTops(int capacity) {
    this.capacity = capacity;
    this.data = new long[capacity * FIELDS];
  }

  /**
   * A ticker as a top {@code {update id, bid, bid size, ask, ask size}}, written into {@code out}.
   */
  static long[] copy(BookTicker t, long[] out) {
    out[ID] = t.updateId;
    out[BID] = t.bidPrice;
    out[BID_SIZE] = t.bidSize;
    out[ASK] = t.askPrice;
    out[ASK_SIZE] = t.askSize;
    return out;
  }

  int size() {
    return size;
  }

  boolean isFull() {
    return size == capacity;
  }

  void clear() {
    head = 0;
    size = 0;
  }

  /** Appends a top; the list must not be full. */
  void addLast(long id, long bid, long bidSize, long ask, long askSize) {
    int at = slot(size) * FIELDS;
    data[at + ID] = id;
    data[at + BID] = bid;
    data[at + BID_SIZE] = bidSize;
    data[at + ASK] = ask;
    data[at + ASK_SIZE] = askSize;
    size++;
  }

  /** Appends a ticker; the list must not be full. */
  void addLast(BookTicker t) {
    addLast(t.updateId, t.bidPrice, t.bidSize, t.askPrice, t.askSize);
  }

  /** Drops the oldest top. */
  void removeFirst() {
    head = (head + 1) % capacity;
    size--;
  }

  /** Field {@code field} of the top at {@code position} from the oldest. */
  long get(int position, int field) {
    return data[slot(position) * FIELDS + field];
  }

  /** Copies the top at {@code position} into {@code out} ({@link #FIELDS} longs). */
  void copyTo(int position, long[] out) {
    System.arraycopy(data, slot(position) * FIELDS, out, 0, FIELDS);
  }

  /** Copies the top at {@code from} over the one at {@code to}, an earlier position. */
  void move(int from, int to) {
    if (from != to) {
      System.arraycopy(data, slot(from) * FIELDS, data, slot(to) * FIELDS, FIELDS);
    }
  }

  /** Keeps the {@code n} oldest tops only. */
  void truncate(int n) {
    size = n;
  }

  private int slot(int position) {
    int i = head + position;
    return i >= capacity ? i - capacity : i;
  }
}
