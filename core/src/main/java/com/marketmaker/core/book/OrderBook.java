package com.marketmaker.core.book;

/**
 * An aggregated price-level (L2) book for one instrument. Prices are in ticks and sizes in lots of
 * the instrument's spec; there is no floating point in a book.
 *
 * <p>Levels are addressed per side from the best outwards: level 0 is the best bid (highest) or the
 * best ask (lowest). A venue update sets the total size resting at one price; size 0 removes the
 * level. The book does not enforce {@code bestBid < bestAsk}: venues can publish transiently
 * crossed books and the sync layer decides what a crossed book means ({@link #isCrossed()}).
 *
 * <p>{@link #stateHash()} summarises the whole book: it is the wrap-around sum of {@link
 * #levelHash} over all levels, so two books holding the same levels have the same hash whatever
 * order the updates came in. The tree book keeps it up to date in O(1) per update; the ladder book,
 * whose updates are the replay's hot path, sums it over its levels when asked (O(levels)): it is a
 * check for tests and diagnostics, not read per update.
 */
public interface OrderBook {

  /** Returned as a price when a side has no level there. */
  long NO_PRICE = Long.MIN_VALUE;

  /**
   * Sets the size resting at {@code price} on {@code side}; {@code size == 0} removes the level.
   *
   * @throws IllegalArgumentException if {@code size} is negative
   */
  void apply(Side side, long price, long size);

  /**
   * Applies the first {@code count} updates of {@code side} in order, exactly as {@link
   * #apply(Side, long, long)} one by one would (a negative size throws after the updates before it
   * were applied). Books may do it in one call instead of one per level.
   */
  default void applyAll(Side side, long[] prices, long[] sizes, int count) {
    for (int i = 0; i < count; i++) {
      apply(side, prices[i], sizes[i]);
    }
  }

  /** Removes every level from both sides. */
  void clear();

  /** The best price on {@code side}, or {@link #NO_PRICE} when the side is empty. */
  long bestPrice(Side side);

  /** The size at the best price on {@code side}, or 0 when the side is empty. */
  long bestSize(Side side);

  /** Number of price levels on {@code side}. */
  int levelCount(Side side);

  /** Price of level {@code level} (0 = best) on {@code side}, or {@link #NO_PRICE} beyond depth. */
  long priceAt(Side side, int level);

  /** Size of level {@code level} (0 = best) on {@code side}, or 0 beyond depth. */
  long sizeAt(Side side, int level);

  /** Size resting at exactly {@code price} on {@code side} (0 if none). */
  long sizeAtPrice(Side side, long price);

  /** Total size of the best {@code levels} levels on {@code side}. */
  long depth(Side side, int levels);

  /** Total size on {@code side} at prices within {@code [fromPrice, toPrice]} (inclusive). */
  long depthBetween(Side side, long fromPrice, long toPrice);

  /** The worst (farthest from the touch) price on {@code side}, or {@link #NO_PRICE}. */
  long worstPrice(Side side);

  /**
   * Visits the levels of {@code side} from the best outwards until the visitor returns false.
   *
   * @return the number of levels visited
   */
  int forEachLevel(Side side, LevelVisitor visitor);

  /** Receives one price level; returns whether to continue with the next deeper level. */
  @FunctionalInterface
  interface LevelVisitor {
    boolean visit(long price, long size);
  }

  /** Order-independent hash of all levels; equal books have equal hashes. */
  long stateHash();

  /**
   * Total size on {@code side} within {@code bandTicks} of that side's best price (a price band
   * measured from the touch); 0 when the side is empty.
   */
  default long depthWithin(Side side, long bandTicks) {
    long best = bestPrice(side);
    if (best == NO_PRICE) {
      return 0;
    }
    return side == Side.BID
        ? depthBetween(side, best - bandTicks, best)
        : depthBetween(side, best, best + bandTicks);
  }

  default long bestBid() {
    return bestPrice(Side.BID);
  }

  default long bestAsk() {
    return bestPrice(Side.ASK);
  }

  default long bestBidSize() {
    return bestSize(Side.BID);
  }

  default long bestAskSize() {
    return bestSize(Side.ASK);
  }

  /** Whether both sides are present and the best bid is at or above the best ask. */
  default boolean isCrossed() {
    long bid = bestPrice(Side.BID);
    long ask = bestPrice(Side.ASK);
    return bid != NO_PRICE && ask != NO_PRICE && bid >= ask;
  }

  /** Whether both sides hold at least one level. */
  default boolean hasTwoSides() {
    return bestPrice(Side.BID) != NO_PRICE && bestPrice(Side.ASK) != NO_PRICE;
  }

  /**
   * Drops the worst levels of {@code side} until at most {@code maxLevels} remain. Venues that
   * publish a fixed-depth book (Kraken) do not send removals for levels pushed out of that depth.
   */
  default void truncate(Side side, int maxLevels) {
    while (levelCount(side) > maxLevels) {
      apply(side, worstPrice(side), 0);
    }
  }

  /**
   * The contribution of one level to {@link #stateHash()}: {@code size × g(side, price)} with
   * {@code g} a SplitMix64 finaliser of the side-salted price. Linear in the size, so an update
   * changes the hash by {@code (new − old) × g} without branching, and an empty level contributes
   * 0.
   */
  static long levelHash(Side side, long price, long size) {
    return size * priceHash(side, price);
  }

  /** {@code g(side, price)} of {@link #levelHash}. */
  static long priceHash(Side side, long price) {
    return LevelHash.of(LevelHash.salt(side), price);
  }
}
