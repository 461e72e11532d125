package com.marketmaker.core.book;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The reference book: one sorted map per side, ordered best first. Obviously correct and slow
 * (boxing, pointer chasing); it is the oracle the fast {@link PriceLadderOrderBook} is checked
 * against and the baseline it is benchmarked against.
 */
public final class TreeMapOrderBook implements OrderBook {

  private final NavigableMap<Long, Long> bids = new TreeMap<>(Collections.reverseOrder());
  private final NavigableMap<Long, Long> asks = new TreeMap<>();
  private long hash;

  private NavigableMap<Long, Long> levels(Side side) {
    return side == Side.BID ? bids : asks;
  }

  @Override
  public void apply(Side side, long price, long size) {
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size + " at price " + price);
    }
    NavigableMap<Long, Long> map = levels(side);
    Long old = size == 0 ? map.remove(price) : map.put(price, size);
    hash += OrderBook.levelHash(side, price, size);
    if (old != null) {
      hash -= OrderBook.levelHash(side, price, old);
    }
  }

  @Override
  public void clear() {
    bids.clear();
    asks.clear();
    hash = 0;
  }

  @Override
  public long bestPrice(Side side) {
    NavigableMap<Long, Long> map = levels(side);
    return map.isEmpty() ? NO_PRICE : map.firstKey();
  }

  @Override
  public long bestSize(Side side) {
    NavigableMap<Long, Long> map = levels(side);
    return map.isEmpty() ? 0 : map.firstEntry().getValue();
  }

  @Override
  public int levelCount(Side side) {
    return levels(side).size();
  }

  @Override
  public long priceAt(Side side, int level) {
    Map.Entry<Long, Long> e = entryAt(side, level);
    return e == null ? NO_PRICE : e.getKey();
  }

  @Override
  public long sizeAt(Side side, int level) {
    Map.Entry<Long, Long> e = entryAt(side, level);
    return e == null ? 0 : e.getValue();
  }

  private Map.Entry<Long, Long> entryAt(Side side, int level) {
    if (level < 0) {
      return null;
    }
    int i = 0;
    for (Map.Entry<Long, Long> e : levels(side).entrySet()) {
      if (i++ == level) {
        return e;
      }
    }
    return null;
  }

  @Override
  public long sizeAtPrice(Side side, long price) {
    Long size = levels(side).get(price);
    return size == null ? 0 : size;
  }

  @Override
  public long depth(Side side, int levels) {
    long sum = 0;
    int i = 0;
    for (long size : levels(side).values()) {
      if (i++ >= levels) {
        break;
      }
      sum += size;
    }
    return sum;
  }

  @Override
  public long depthBetween(Side side, long fromPrice, long toPrice) {
    if (fromPrice > toPrice) {
      return 0;
    }
    NavigableMap<Long, Long> band =
        side == Side.BID
            ? bids.subMap(toPrice, true, fromPrice, true)
            : asks.subMap(fromPrice, true, toPrice, true);
    long sum = 0;
    for (long size : band.values()) {
      sum += size;
    }
    return sum;
  }

  @Override
  public long worstPrice(Side side) {
    NavigableMap<Long, Long> map = levels(side);
    return map.isEmpty() ? NO_PRICE : map.lastKey();
  }

  @Override
  public int forEachLevel(Side side, LevelVisitor visitor) {
    int n = 0;
    for (Map.Entry<Long, Long> e : levels(side).entrySet()) {
      n++;
      if (!visitor.visit(e.getKey(), e.getValue())) {
        break;
      }
    }
    return n;
  }

  @Override
  public long stateHash() {
    return hash;
  }
}
