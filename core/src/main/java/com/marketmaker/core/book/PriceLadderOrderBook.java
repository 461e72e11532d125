package com.marketmaker.core.book;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The fast book: per side, a window of {@code capacity} consecutive tick prices held in a primitive
 * {@code long[]} indexed by {@code price - low}, with a bitmap of occupied slots so the next best
 * level is found a 64-slot word at a time. The window is placed around the touch, with a quarter of
 * it on the improving side; levels outside it (deep in the book, rarely touched) live in an
 * overflow sorted map. When the touch leaves the window, or drifts to its deep edge, the window is
 * re-centred on the touch and levels move between the array and the overflow.
 *
 * <p>Invariant per side: every level in the overflow is worse than every slot of the window, so the
 * best level, when the side is not empty, is always in the window. An update in the window is a few
 * array writes; no allocation.
 */
public final class PriceLadderOrderBook implements OrderBook {

  /** Default window width in ticks per side. */
  public static final int DEFAULT_CAPACITY = 4096;

  private final Ladder bids;
  private final Ladder asks;

  public PriceLadderOrderBook() {
    this(DEFAULT_CAPACITY);
  }

  /**
   * @param capacity window width in ticks per side; a power of two, at least 256
   */
  public PriceLadderOrderBook(int capacity) {
    if (capacity < 256 || Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException("capacity must be a power of two >= 256: " + capacity);
    }
    bids = new Ladder(Side.BID, capacity);
    asks = new Ladder(Side.ASK, capacity);
  }

  private Ladder ladder(Side side) {
    return side == Side.BID ? bids : asks;
  }

  @Override
  public void apply(Side side, long price, long size) {
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size + " at price " + price);
    }
    ladder(side).apply(price, size);
  }

  @Override
  public void clear() {
    bids.clear();
    asks.clear();
  }

  @Override
  public long bestPrice(Side side) {
    return ladder(side).best;
  }

  @Override
  public long bestSize(Side side) {
    Ladder l = ladder(side);
    return l.best == NO_PRICE ? 0 : l.sizes[(int) (l.best - l.low)];
  }

  @Override
  public int levelCount(Side side) {
    Ladder l = ladder(side);
    return l.windowLevels + l.overflow.size();
  }

  @Override
  public long priceAt(Side side, int level) {
    return ladder(side).levelAt(level, true);
  }

  @Override
  public long sizeAt(Side side, int level) {
    long v = ladder(side).levelAt(level, false);
    return v == NO_PRICE ? 0 : v;
  }

  @Override
  public long sizeAtPrice(Side side, long price) {
    return ladder(side).sizeAtPrice(price);
  }

  @Override
  public long depth(Side side, int levels) {
    return ladder(side).depth(levels);
  }

  @Override
  public long depthBetween(Side side, long fromPrice, long toPrice) {
    return ladder(side).depthBetween(fromPrice, toPrice);
  }

  @Override
  public long worstPrice(Side side) {
    return ladder(side).worst();
  }

  @Override
  public int forEachLevel(Side side, LevelVisitor visitor) {
    return ladder(side).forEachLevel(visitor);
  }

  @Override
  public long stateHash() {
    return bids.hash + asks.hash;
  }

  /** One side of the book. */
  private static final class Ladder {
    private final Side side;
    private final boolean bid;
    private final int capacity;
    private final long[] sizes;
    private final long[] occupied;

    /** Worse-than-window levels, in natural price order. */
    private final NavigableMap<Long, Long> overflow = new TreeMap<>();

    private final long[] scratchPrices;
    private final long[] scratchSizes;

    /** Price of slot 0. */
    private long low;

    private int windowLevels;
    private long best = NO_PRICE;
    private long hash;

    Ladder(Side side, int capacity) {
      this.side = side;
      this.bid = side == Side.BID;
      this.capacity = capacity;
      this.sizes = new long[capacity];
      this.occupied = new long[capacity >>> 6];
      this.scratchPrices = new long[capacity];
      this.scratchSizes = new long[capacity];
    }

    void clear() {
      java.util.Arrays.fill(sizes, 0);
      java.util.Arrays.fill(occupied, 0);
      overflow.clear();
      windowLevels = 0;
      best = NO_PRICE;
      hash = 0;
    }

    void apply(long price, long size) {
      long offset = price - low;
      if (offset >= 0 && offset < capacity && best != NO_PRICE) {
        setInWindow((int) offset, price, size);
        return;
      }
      if (best == NO_PRICE) {
        // Empty side: the first level defines where the window sits.
        if (size != 0) {
          recentre(price);
          setInWindow((int) (price - low), price, size);
        }
        return;
      }
      boolean worseThanWindow = bid ? price < low : price >= low + capacity;
      if (worseThanWindow) {
        Long old = size == 0 ? overflow.remove(price) : overflow.put(price, size);
        hash += OrderBook.levelHash(side, price, size);
        if (old != null) {
          hash -= OrderBook.levelHash(side, price, old);
        }
      } else if (size != 0) {
        // Better than anything in the window: a new touch outside it.
        recentre(price);
        setInWindow((int) (price - low), price, size);
      }
    }

    private void setInWindow(int i, long price, long size) {
      long old = sizes[i];
      sizes[i] = size;
      hash += OrderBook.levelHash(side, price, size) - OrderBook.levelHash(side, price, old);
      if (old == 0) {
        if (size != 0) {
          occupied[i >>> 6] |= 1L << i;
          windowLevels++;
          if (best == NO_PRICE || (bid ? price > best : price < best)) {
            best = price;
          }
        }
      } else if (size == 0) {
        occupied[i >>> 6] &= ~(1L << i);
        windowLevels--;
        if (price == best) {
          onTouchRemoved(i);
        }
      }
    }

    private void onTouchRemoved(int i) {
      int next = bid ? prevOccupied(i - 1) : nextOccupied(i + 1);
      if (next >= 0) {
        best = low + next;
        // Keep depth inside the array: re-centre when the touch drifts to the deep edge.
        int fromDeepEdge = bid ? next : capacity - 1 - next;
        if (fromDeepEdge < capacity >>> 3 && !overflow.isEmpty()) {
          recentre(best);
        }
      } else if (!overflow.isEmpty()) {
        best = bid ? overflow.lastKey() : overflow.firstKey();
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

    /** Next occupied slot going away from the touch, starting at {@code i} inclusive. */
    private int nextDeeper(int i) {
      return bid ? prevOccupied(i) : nextOccupied(i);
    }

    /**
     * Moves the window so that {@code touch} sits a quarter of the window from the improving edge,
     * moving levels between the array and the overflow as needed. The hash is unchanged.
     */
    private void recentre(long touch) {
      int n = 0;
      for (int i = nextOccupied(0); i >= 0; i = nextOccupied(i + 1)) {
        scratchPrices[n] = low + i;
        scratchSizes[n] = sizes[i];
        sizes[i] = 0;
        n++;
      }
      java.util.Arrays.fill(occupied, 0);
      windowLevels = 0;
      low = bid ? touch + (capacity >>> 2) - capacity + 1 : touch - (capacity >>> 2);
      long high = low + capacity - 1;
      for (int k = 0; k < n; k++) {
        long p = scratchPrices[k];
        if (p >= low && p <= high) {
          place(p, scratchSizes[k]);
        } else {
          overflow.put(p, scratchSizes[k]);
        }
      }
      NavigableMap<Long, Long> moving = overflow.subMap(low, true, high, true);
      for (Map.Entry<Long, Long> e : moving.entrySet()) {
        place(e.getKey(), e.getValue());
      }
      moving.clear();
    }

    private void place(long price, long size) {
      int i = (int) (price - low);
      sizes[i] = size;
      occupied[i >>> 6] |= 1L << i;
      windowLevels++;
    }

    long sizeAtPrice(long price) {
      long offset = price - low;
      if (best != NO_PRICE && offset >= 0 && offset < capacity) {
        return sizes[(int) offset];
      }
      Long size = overflow.get(price);
      return size == null ? 0 : size;
    }

    /** Price (or size) of the level {@code level} from the touch, {@link #NO_PRICE} if none. */
    long levelAt(int level, boolean wantPrice) {
      if (level < 0 || best == NO_PRICE) {
        return NO_PRICE;
      }
      if (level < windowLevels) {
        int i = (int) (best - low);
        for (int k = 0; k < level; k++) {
          i = nextDeeper(bid ? i - 1 : i + 1);
        }
        return wantPrice ? low + i : sizes[i];
      }
      int k = windowLevels;
      for (Map.Entry<Long, Long> e : deepOverflow().entrySet()) {
        if (k++ == level) {
          return wantPrice ? e.getKey() : e.getValue();
        }
      }
      return NO_PRICE;
    }

    /** The overflow in the order of this side: best first. */
    private NavigableMap<Long, Long> deepOverflow() {
      return bid ? overflow.descendingMap() : overflow;
    }

    long depth(int levels) {
      if (best == NO_PRICE || levels <= 0) {
        return 0;
      }
      long sum = 0;
      int count = 0;
      for (int i = (int) (best - low); i >= 0 && count < levels; count++) {
        sum += sizes[i];
        i = nextDeeper(bid ? i - 1 : i + 1);
      }
      if (count < levels) {
        for (long size : deepOverflow().values()) {
          if (count++ >= levels) {
            break;
          }
          sum += size;
        }
      }
      return sum;
    }

    long depthBetween(long from, long to) {
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
          sum += sizes[i];
        }
      }
      for (long size : overflow.subMap(from, true, to, true).values()) {
        sum += size;
      }
      return sum;
    }

    int forEachLevel(LevelVisitor visitor) {
      if (best == NO_PRICE) {
        return 0;
      }
      int n = 0;
      for (int i = (int) (best - low); i >= 0; i = nextDeeper(bid ? i - 1 : i + 1)) {
        n++;
        if (!visitor.visit(low + i, sizes[i])) {
          return n;
        }
      }
      for (Map.Entry<Long, Long> e : deepOverflow().entrySet()) {
        n++;
        if (!visitor.visit(e.getKey(), e.getValue())) {
          return n;
        }
      }
      return n;
    }

    long worst() {
      if (best == NO_PRICE) {
        return NO_PRICE;
      }
      if (!overflow.isEmpty()) {
        return bid ? overflow.firstKey() : overflow.lastKey();
      }
      return low + (bid ? nextOccupied(0) : prevOccupied(capacity - 1));
    }
  }
}
