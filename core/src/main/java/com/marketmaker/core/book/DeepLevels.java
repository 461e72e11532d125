package com.marketmaker.core.book;

import java.util.Arrays;

/**
 * The levels of one ladder side that lie below its window: an open-addressing hash map from key to
 * size with primitive arrays (linear probing, backward-shift deletion), so updates deep in the book
 * cost a hash probe and never allocate. Ordered access, needed only by depth queries and
 * re-centring, sorts the keys on demand and caches them until a level is added or removed.
 */
final class DeepLevels {

  private static final long EMPTY = Long.MIN_VALUE;

  private long[] keys;
  private long[] sizes;
  private int mask;
  private int count;
  private long[] sorted = new long[0];
  private boolean sortedValid = true;

  DeepLevels() {
    allocate(64);
  }

  private void allocate(int capacity) {
    keys = new long[capacity];
    Arrays.fill(keys, EMPTY);
    sizes = new long[capacity];
    mask = capacity - 1;
  }

  private int slot(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  int size() {
    return count;
  }

  boolean isEmpty() {
    return count == 0;
  }

  long get(long key) {
    for (int i = slot(key); ; i = (i + 1) & mask) {
      long k = keys[i];
      if (k == key) {
        return sizes[i];
      }
      if (k == EMPTY) {
        return 0;
      }
    }
  }

  /** Sets the size at {@code key} (0 removes); returns the previous size (0 if none). */
  long set(long key, long size) {
    return size == 0 ? remove(key) : put(key, size);
  }

  private long put(long key, long size) {
    int i = slot(key);
    for (; ; i = (i + 1) & mask) {
      long k = keys[i];
      if (k == key) {
        long old = sizes[i];
        sizes[i] = size;
        return old;
      }
      if (k == EMPTY) {
        break;
      }
    }
    keys[i] = key;
    sizes[i] = size;
    count++;
    sortedValid = false;
    if (count * 2 > keys.length) {
      rehash(keys.length * 2);
    }
    return 0;
  }

  private long remove(long key) {
    int i = slot(key);
    for (; ; i = (i + 1) & mask) {
      long k = keys[i];
      if (k == key) {
        break;
      }
      if (k == EMPTY) {
        return 0;
      }
    }
    long old = sizes[i];
    count--;
    sortedValid = false;
    // Backward-shift deletion keeps every probe chain unbroken without tombstones.
    int hole = i;
    for (int j = (i + 1) & mask; keys[j] != EMPTY; j = (j + 1) & mask) {
      int home = slot(keys[j]);
      boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
      if (movable) {
        keys[hole] = keys[j];
        sizes[hole] = sizes[j];
        hole = j;
      }
    }
    keys[hole] = EMPTY;
    sizes[hole] = 0;
    return old;
  }

  private void rehash(int capacity) {
    long[] oldKeys = keys;
    long[] oldSizes = sizes;
    allocate(capacity);
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY) {
        int j = slot(oldKeys[i]);
        while (keys[j] != EMPTY) {
          j = (j + 1) & mask;
        }
        keys[j] = oldKeys[i];
        sizes[j] = oldSizes[i];
      }
    }
  }

  void clear() {
    if (count > 0) {
      Arrays.fill(keys, EMPTY);
      Arrays.fill(sizes, 0);
      count = 0;
      sortedValid = false;
    }
  }

  /** All keys in ascending order; valid until the next add or remove. */
  long[] sortedKeys() {
    if (!sortedValid) {
      if (sorted.length < count) {
        sorted = new long[Math.max(count, sorted.length * 2)];
      }
      int n = 0;
      for (long k : keys) {
        if (k != EMPTY) {
          sorted[n++] = k;
        }
      }
      Arrays.sort(sorted, 0, n);
      sortedValid = true;
    }
    return sorted;
  }

  long maxKey() {
    return sortedKeys()[count - 1];
  }

  long minKey() {
    return sortedKeys()[0];
  }

  /**
   * The sum of {@code size × LevelHash.of(salt, key × sign)} over the levels, the part of {@link
   * OrderBook#stateHash} they make (in any order: the sum wraps around).
   */
  long hash(long salt, long sign) {
    long sum = 0;
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != EMPTY) {
        sum += sizes[i] * LevelHash.of(salt, keys[i] * sign);
      }
    }
    return sum;
  }

  /** Removes every key in {@code [from, to]}, appending keys and sizes to the arrays given. */
  int drainRange(long from, long to, long[] outKeys, long[] outSizes) {
    int n = 0;
    for (int i = 0; i < keys.length; i++) {
      long k = keys[i];
      if (k != EMPTY && k >= from && k <= to) {
        outKeys[n] = k;
        outSizes[n] = sizes[i];
        n++;
      }
    }
    for (int i = 0; i < n; i++) {
      remove(outKeys[i]);
    }
    return n;
  }
}
