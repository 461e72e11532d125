package com.marketmaker.core.book;

import java.util.Arrays;

/**
 * The fast book: per side, a window of {@code capacity} consecutive tick prices held in a primitive
 * {@code int[]} (see below), with a bitmap of occupied slots so the next best level is found a
 * 64-slot word at a time. The window is placed around the touch, with a quarter of it on the
 * improving side; levels outside it (deep in the book) live in a primitive open-addressing hash map
 * ({@code DeepLevels}), so deep updates are a hash probe, and are sorted only when a depth query or
 * re-centring needs them. When the touch leaves the window, or drifts to its deep edge, the window
 * is re-centred on the touch and levels move between the array and the deep part.
 *
 * <p>Both sides share one implementation in "key" space: a bid's key is its price and an ask's key
 * is minus its price, so on either side the best level is the highest key and no update branches on
 * the side. Invariant per side: every deep key is below the window, so the best level, when the
 * side is not empty, is always in the window. An update in the window is a few array writes; no
 * allocation.
 *
 * <p>A window slot holds its size as an {@code int}: half the memory of a {@code long} per tick, so
 * a wide window touches half the cache lines (its updates are mostly memory traffic). A size above
 * {@link Integer#MAX_VALUE} lots is marked in its slot and kept exactly in a small map beside the
 * window; while any slot of a side holds one, that side's updates take a slower path that reads the
 * slot first. On a venue's own lot sizes such levels are rare (2^31 lots of BTCUSDT's 0.00001 BTC
 * are 21,474 BTC), but a grid of 10^-8 reaches them at 21.5 units. An update does not maintain
 * {@link #stateHash} either (three multiplications per update for a value no hot path reads): it is
 * summed over the levels when asked.
 *
 * <p>Longer than 500 lines: each side's window, bitmap, deep part, large sizes and the queries over
 * them are one private class, whose fields the update loop writes directly.
 */
public final class PriceLadderOrderBook implements OrderBook {

  /** Default window width in ticks per side. */
  public static final int DEFAULT_CAPACITY = 4096;

  private final Ladder[] ladders = new Ladder[2];

  public PriceLadderOrderBook() {
    this(DEFAULT_CAPACITY);
  }

  /**
   * @param capacity window width in ticks per side; a power of two, at least 256. Size it to the
   *     instrument: updates outside the window take the slower deep path, and on a fine grid
   *     (Binance BTCUSDT spot, 0.01 USD tick) half the feed's updates land more than 3072 ticks
   *     from the mid; 65536 keeps ~97% of them in the array at 256 KiB per side.
   */
  public PriceLadderOrderBook(int capacity) {
    this(capacity, false);
  }

  private PriceLadderOrderBook(int capacity, boolean sizedByFirstPrice) {
    if (capacity < 256 || Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException("capacity must be a power of two >= 256: " + capacity);
    }
    ladders[Side.BID.ordinal()] = new Ladder(Side.BID, capacity, sizedByFirstPrice);
    ladders[Side.ASK.ordinal()] = new Ladder(Side.ASK, capacity, sizedByFirstPrice);
  }

  /**
   * A book whose window spans about 1% of {@code referencePriceTicks} (a recent mid), as a power of
   * two between {@link #DEFAULT_CAPACITY} and 131072 ticks: wide enough that nearly all of a feed's
   * updates stay in the array on fine grids (BTCUSDT spot at 0.01: 65536), and no wider than needed
   * on coarse ones.
   */
  public static PriceLadderOrderBook forPrice(long referencePriceTicks) {
    return new PriceLadderOrderBook(capacityFor(referencePriceTicks));
  }

  /**
   * A book for an instrument whose price is not known yet: each side starts {@link
   * #DEFAULT_CAPACITY} wide and, when its first level arrives, takes the width {@link #forPrice}
   * gives for that level's price (once; the side is empty then, so nothing moves). The contents and
   * every read-out are the same as with any fixed width; only the speed differs.
   */
  public static PriceLadderOrderBook sizedByFirstPrice() {
    return new PriceLadderOrderBook(DEFAULT_CAPACITY, true);
  }

  private static int capacityFor(long priceTicks) {
    long span = Math.max(DEFAULT_CAPACITY, Math.min(1 << 17, priceTicks / 100));
    return Integer.highestOneBit((int) (span * 2 - 1));
  }

  /** Window width in ticks per side (the bid side's, when the sides were sized apart). */
  public int capacity() {
    return ladders[0].capacity;
  }

  private Ladder ladder(Side side) {
    return ladders[side.ordinal()];
  }

  @Override
  public void apply(Side side, long price, long size) {
    if (size < 0) {
      throw negativeSize(price, size);
    }
    Ladder l = ladders[side.ordinal()];
    l.apply(price * l.sign, size);
  }

  /** One call for a whole side of a diff: the loop runs inside the ladder's update. */
  @Override
  public void applyAll(Side side, long[] prices, long[] sizes, int count) {
    Ladder l = ladders[side.ordinal()];
    for (int i = 0; i < count; i++) {
      long price = prices[i];
      long size = sizes[i];
      if (size < 0) {
        throw negativeSize(price, size);
      }
      l.apply(price * l.sign, size);
    }
  }

  private static IllegalArgumentException negativeSize(long price, long size) {
    return new IllegalArgumentException("negative size " + size + " at price " + price);
  }

  @Override
  public void clear() {
    ladders[0].clear();
    ladders[1].clear();
  }

  @Override
  public long bestPrice(Side side) {
    Ladder l = ladder(side);
    return l.best == NO_PRICE ? NO_PRICE : l.best * l.sign;
  }

  @Override
  public long bestSize(Side side) {
    Ladder l = ladder(side);
    return l.best == NO_PRICE ? 0 : l.slotSize((int) (l.best - l.low));
  }

  @Override
  public int levelCount(Side side) {
    Ladder l = ladder(side);
    return l.windowLevels + l.deep.size();
  }

  @Override
  public long priceAt(Side side, int level) {
    Ladder l = ladder(side);
    long key = l.levelAt(level, true);
    return key == NO_PRICE ? NO_PRICE : key * l.sign;
  }

  @Override
  public long sizeAt(Side side, int level) {
    long v = ladder(side).levelAt(level, false);
    return v == NO_PRICE ? 0 : v;
  }

  @Override
  public long sizeAtPrice(Side side, long price) {
    Ladder l = ladder(side);
    return l.sizeAtKey(price * l.sign);
  }

  @Override
  public long depth(Side side, int levels) {
    return ladder(side).depth(levels);
  }

  @Override
  public long depthBetween(Side side, long fromPrice, long toPrice) {
    if (fromPrice > toPrice) {
      return 0;
    }
    Ladder l = ladder(side);
    return side == Side.BID
        ? l.depthBetweenKeys(fromPrice, toPrice)
        : l.depthBetweenKeys(-toPrice, -fromPrice);
  }

  @Override
  public long worstPrice(Side side) {
    Ladder l = ladder(side);
    long key = l.worstKey();
    return key == NO_PRICE ? NO_PRICE : key * l.sign;
  }

  @Override
  public int forEachLevel(Side side, LevelVisitor visitor) {
    return ladder(side).forEachLevel(visitor);
  }

  @Override
  public long stateHash() {
    return ladders[0].hash() + ladders[1].hash();
  }

  /** One side of the book, in key space (higher key = better). */
  private static final class Ladder {
    /** The largest size a slot holds itself, lots. */
    private static final long MAX_SLOT_SIZE = Integer.MAX_VALUE;

    /** A slot's mark for a size above {@link #MAX_SLOT_SIZE}, kept in {@link #largeSizes}. */
    private static final int LARGE = -1;

    private final long salt;
    private final long sign;
    private int capacity;

    /** Sizes of the window's slots in lots, or {@link #LARGE}. */
    private int[] sizes;

    private long[] occupied;

    /** The sizes of the window's slots marked {@link #LARGE}, by key. */
    private final DeepLevels largeSizes = new DeepLevels();

    /** Window slots marked {@link #LARGE}. */
    private int largeSlots;

    /** Whether the window is still to be sized from the first level's price. */
    private boolean sizeOnFirstLevel;

    /** Keys below the window: deep levels. */
    private final DeepLevels deep = new DeepLevels();

    // Re-centring work space, grown on demand (re-centring is rare; most books never need much).
    private long[] scratchKeys;
    private long[] scratchSizes;

    /** Key of slot 0. */
    private long low;

    private int windowLevels;

    /** Best key, or NO_PRICE when the side is empty. */
    private long best = NO_PRICE;

    Ladder(Side side, int capacity, boolean sizeOnFirstLevel) {
      this.salt = LevelHash.salt(side);
      this.sign = side == Side.BID ? 1 : -1;
      this.capacity = capacity;
      this.sizes = new int[capacity];
      this.occupied = new long[capacity >>> 6];
      this.sizeOnFirstLevel = sizeOnFirstLevel;
      this.scratchKeys = new long[64];
      this.scratchSizes = new long[64];
    }

    void clear() {
      // Zero only occupied slots: a wide window is mostly empty, and a resync should be cheap.
      for (int i = nextOccupied(0); i >= 0; i = nextOccupied(i + 1)) {
        sizes[i] = 0;
      }
      Arrays.fill(occupied, 0);
      deep.clear();
      largeSizes.clear();
      largeSlots = 0;
      windowLevels = 0;
      best = NO_PRICE;
    }

    void apply(long key, long size) {
      long offset = key - low;
      if (Long.compareUnsigned(offset, capacity) < 0 && best != NO_PRICE) {
        setInWindow((int) offset, key, size);
        return;
      }
      applyOutsideWindow(key, size);
    }

    /** The rarer updates: an empty side, a deep level, or a new touch beyond the window. */
    private void applyOutsideWindow(long key, long size) {
      if (best == NO_PRICE) {
        // Empty side: the first level defines where the window sits.
        if (size != 0) {
          if (sizeOnFirstLevel) {
            resizeEmpty(capacityFor(key * sign));
          }
          recentre(key);
          setInWindow((int) (key - low), key, size);
        }
        return;
      }
      if (key < low) {
        deep.set(key, size);
      } else if (size != 0) {
        // Better than anything in the window: a new touch outside it.
        recentre(key);
        setInWindow((int) (key - low), key, size);
      }
    }

    /** Sets the window's width while the side is empty (no level to move). */
    private void resizeEmpty(int newCapacity) {
      sizeOnFirstLevel = false;
      if (newCapacity != capacity) {
        capacity = newCapacity;
        sizes = new int[newCapacity];
        occupied = new long[newCapacity >>> 6];
      }
    }

    /**
     * Writes one slot. Written without data-dependent branches (bit tricks and a {@code max}
     * intrinsic) because whether an update adds, resizes or removes a level is unpredictable, and
     * mispredicted branches would dominate the cost of an update. Whether the level was there comes
     * from the bitmap, so the slot itself is only written, not read: its cache line, far from the
     * touch and rarely in cache, is not waited for (unless a slot of the window holds a large size,
     * when the old one is read to know whether it was large).
     */
    private void setInWindow(int i, long key, long size) {
      if (((MAX_SLOT_SIZE - size) | -(long) largeSlots) < 0) {
        setLarge(i, key, size);
      } else {
        sizes[i] = (int) size;
      }
      long nowSet = (size | -size) >>> 63; // 1 when size != 0 (sizes are never negative)
      int w = i >>> 6;
      long word = occupied[w];
      long wasSet = (word >>> i) & 1;
      long bit = 1L << i;
      occupied[w] = (word & ~bit) | (-nowSet & bit);
      windowLevels += (int) (nowSet - wasSet);
      // Only a present level can be the touch: a removal offers NO_PRICE to the max.
      best = Math.max(best, (key & -nowSet) | (NO_PRICE & (nowSet - 1)));
      if (key == best && nowSet == 0) {
        onTouchRemoved(i);
      }
    }

    /** Writes a slot when its new size, or that of some slot of the window, is large. */
    private void setLarge(int i, long key, long size) {
      if (sizes[i] == LARGE) {
        largeSizes.set(key, 0);
        largeSlots--;
      }
      writeSlot(i, key, size);
    }

    /** Writes a size into slot {@code i} that holds no large size: itself, or marked and beside. */
    private void writeSlot(int i, long key, long size) {
      if (size > MAX_SLOT_SIZE) {
        sizes[i] = LARGE;
        largeSizes.set(key, size);
        largeSlots++;
      } else {
        sizes[i] = (int) size;
      }
    }

    /** This side's part of {@link #stateHash}, summed over its levels. */
    long hash() {
      long sum = deep.hash(salt, sign);
      for (int i = nextOccupied(0); i >= 0; i = nextOccupied(i + 1)) {
        sum += slotSize(i) * LevelHash.of(salt, (low + i) * sign);
      }
      return sum;
    }

    /** The size of window slot {@code i}, lots. */
    private long slotSize(int i) {
      int slot = sizes[i];
      return slot == LARGE ? largeSizes.get(low + i) : slot;
    }

    private void onTouchRemoved(int i) {
      int next = prevOccupied(i - 1);
      if (next >= 0) {
        best = low + next;
        // Keep depth inside the array: re-centre when the touch drifts to the deep edge.
        if (next < capacity >>> 3 && !deep.isEmpty()) {
          recentre(best);
        }
      } else if (!deep.isEmpty()) {
        best = deep.maxKey();
        recentre(best);
      } else {
        best = NO_PRICE;
      }
    }

    /** Highest occupied slot at or below {@code i}, or -1. */
    private int prevOccupied(int i) {
      if (i < 0) {
        return -1;
      }
      int w = i >>> 6;
      long word = occupied[w] & (-1L >>> (63 - (i & 63)));
      while (true) {
        if (word != 0) {
          return (w << 6) + 63 - Long.numberOfLeadingZeros(word);
        }
        if (--w < 0) {
          return -1;
        }
        word = occupied[w];
      }
    }

    /** Lowest occupied slot at or above {@code i}, or -1. */
    private int nextOccupied(int i) {
      if (i >= capacity) {
        return -1;
      }
      int w = i >>> 6;
      long word = occupied[w] & (-1L << (i & 63));
      while (true) {
        if (word != 0) {
          return (w << 6) + Long.numberOfTrailingZeros(word);
        }
        if (++w >= occupied.length) {
          return -1;
        }
        word = occupied[w];
      }
    }

    /**
     * Moves the window so that {@code touch} sits a quarter of the window below its top, moving
     * levels between the array and the deep part as needed.
     */
    private void recentre(long touch) {
      int need = Math.min(capacity, Math.max(windowLevels, deep.size()));
      if (scratchKeys.length < need) {
        scratchKeys = new long[Math.max(need, 2 * scratchKeys.length)];
        scratchSizes = new long[scratchKeys.length];
      }
      int n = 0;
      for (int i = nextOccupied(0); i >= 0; i = nextOccupied(i + 1)) {
        scratchKeys[n] = low + i;
        scratchSizes[n] = sizes[i] == LARGE ? largeSizes.set(low + i, 0) : sizes[i];
        sizes[i] = 0;
        n++;
      }
      largeSlots = 0;
      Arrays.fill(occupied, 0);
      windowLevels = 0;
      low = touch + (capacity >>> 2) - capacity + 1;
      long high = low + capacity - 1;
      for (int k = 0; k < n; k++) {
        long key = scratchKeys[k];
        if (key >= low && key <= high) {
          place(key, scratchSizes[k]);
        } else {
          deep.set(key, scratchSizes[k]);
        }
      }
      int moved = deep.drainRange(low, high, scratchKeys, scratchSizes);
      for (int k = 0; k < moved; k++) {
        place(scratchKeys[k], scratchSizes[k]);
      }
    }

    private void place(long key, long size) {
      int i = (int) (key - low);
      writeSlot(i, key, size);
      occupied[i >>> 6] |= 1L << i;
      windowLevels++;
    }

    long sizeAtKey(long key) {
      long offset = key - low;
      if (best != NO_PRICE && offset >= 0 && offset < capacity) {
        return slotSize((int) offset);
      }
      return deep.get(key);
    }

    /** Key (or size) of the level {@code level} from the touch, {@link #NO_PRICE} if none. */
    long levelAt(int level, boolean wantKey) {
      if (level < 0 || best == NO_PRICE) {
        return NO_PRICE;
      }
      if (level < windowLevels) {
        int i = (int) (best - low);
        for (int k = 0; k < level; k++) {
          i = prevOccupied(i - 1);
        }
        return wantKey ? low + i : slotSize(i);
      }
      int j = deep.size() - 1 - (level - windowLevels);
      if (j < 0) {
        return NO_PRICE;
      }
      long key = deep.sortedKeys()[j];
      return wantKey ? key : deep.get(key);
    }

    long depth(int levels) {
      if (best == NO_PRICE || levels <= 0) {
        return 0;
      }
      long sum = 0;
      int count = 0;
      for (int i = (int) (best - low); i >= 0 && count < levels; count++) {
        sum += slotSize(i);
        i = prevOccupied(i - 1);
      }
      if (count < levels && !deep.isEmpty()) {
        long[] keys = deep.sortedKeys();
        for (int j = deep.size() - 1; j >= 0 && count < levels; j--, count++) {
          sum += deep.get(keys[j]);
        }
      }
      return sum;
    }

    long depthBetweenKeys(long from, long to) {
      if (from > to || best == NO_PRICE) {
        return 0;
      }
      long sum = 0;
      long a = Math.max(from, low);
      long b = Math.min(to, low + capacity - 1);
      if (a <= b) {
        for (int i = nextOccupied((int) (a - low));
            i >= 0 && i <= b - low;
            i = nextOccupied(i + 1)) {
          sum += slotSize(i);
        }
      }
      if (!deep.isEmpty() && from < low) {
        long[] keys = deep.sortedKeys();
        for (int j = deep.size() - 1; j >= 0 && keys[j] >= from; j--) {
          if (keys[j] <= to) {
            sum += deep.get(keys[j]);
          }
        }
      }
      return sum;
    }

    int forEachLevel(LevelVisitor visitor) {
      if (best == NO_PRICE) {
        return 0;
      }
      int n = 0;
      for (int i = (int) (best - low); i >= 0; i = prevOccupied(i - 1)) {
        n++;
        if (!visitor.visit((low + i) * sign, slotSize(i))) {
          return n;
        }
      }
      if (!deep.isEmpty()) {
        long[] keys = deep.sortedKeys();
        for (int j = deep.size() - 1; j >= 0; j--) {
          n++;
          if (!visitor.visit(keys[j] * sign, deep.get(keys[j]))) {
            return n;
          }
        }
      }
      return n;
    }

    long worstKey() {
      if (best == NO_PRICE) {
        return NO_PRICE;
      }
      return deep.isEmpty() ? low + nextOccupied(0) : deep.minKey();
    }
  }
}
