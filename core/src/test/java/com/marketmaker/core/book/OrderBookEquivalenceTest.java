package com.marketmaker.core.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Drives the fast ladder book and the TreeMap reference with the same generated updates and
 * compares them after every step: the touch every step, the state hash (which the ladder sums over
 * its levels when asked) every 64 steps, full level-by-level content, depth queries and a
 * from-scratch hash periodically.
 */
class OrderBookEquivalenceTest {

  private static final int STEPS = 400_000;

  @Test
  void ladderMatchesReferenceOnGeneratedUpdates() {
    for (long seed : new long[] {1, 7, 42}) {
      runScenario(seed, 256, false);
    }
    runScenario(2024, PriceLadderOrderBook.DEFAULT_CAPACITY, false);
  }

  @Test
  void ladderMatchesReferenceWithSizesBeyondAnInt() {
    // A ladder slot holds an int; larger sizes are kept beside the window and must stay exact
    // through updates, removals and re-centring.
    runScenario(5, 256, true);
    runScenario(2025, PriceLadderOrderBook.DEFAULT_CAPACITY, true);
  }

  private static void runScenario(long seed, int capacity, boolean largeSizes) {
    SplittableRandom rnd = new SplittableRandom(seed);
    OrderBook ref = new TreeMapOrderBook();
    OrderBook fast = new PriceLadderOrderBook(capacity);
    long mid = 1_000_000;
    int recentreJumps = 0;
    for (int step = 0; step < STEPS; step++) {
      double u = rnd.nextDouble();
      if (u < 0.002) {
        // A gap move much wider than the window forces re-centring on both sides.
        mid += rnd.nextBoolean() ? 3 * capacity : -3 * capacity;
        recentreJumps++;
      } else if (u < 0.3) {
        mid += rnd.nextInt(-3, 4);
      }
      Side side = rnd.nextBoolean() ? Side.BID : Side.ASK;
      long price;
      double v = rnd.nextDouble();
      if (v < 0.1 && ref.levelCount(side) > 0) {
        price = ref.bestPrice(side); // hit the touch, often removing it
      } else if (v < 0.15) {
        price = mid + rnd.nextLong(-20L * capacity, 20L * capacity); // deep and far levels
      } else {
        long distance = (long) (-Math.log(1 - rnd.nextDouble()) * 30); // most activity near touch
        price = side == Side.BID ? mid - 1 - distance : mid + 1 + distance;
      }
      long size = rnd.nextDouble() < 0.4 ? 0 : 1 + rnd.nextLong(1_000_000);
      if (largeSizes && size != 0 && rnd.nextDouble() < 0.3) {
        size =
            rnd.nextBoolean()
                ? Integer.MAX_VALUE + rnd.nextLong(-2, 3) // either side of an int's limit
                : rnd.nextLong(1L << 31, 1L << 50);
      }
      ref.apply(side, price, size);
      fast.apply(side, price, size);
      if (step % 64 == 0) {
        assertEquals(ref.stateHash(), fast.stateHash(), () -> "hash differs, seed " + seed);
      }
      assertEquals(ref.bestBid(), fast.bestBid());
      assertEquals(ref.bestAsk(), fast.bestAsk());
      assertEquals(ref.bestBidSize(), fast.bestBidSize());
      assertEquals(ref.bestAskSize(), fast.bestAskSize());
      assertEquals(ref.isCrossed(), fast.isCrossed());
      if (step % 4999 == 0) {
        assertSameContent(ref, fast, rnd);
      }
    }
    assertSameContent(ref, fast, rnd);
    assertTrue(recentreJumps > 100, "scenario must exercise re-centring");
    assertTrue(ref.levelCount(Side.BID) > 100 && ref.levelCount(Side.ASK) > 100);
  }

  private static void assertSameContent(OrderBook ref, OrderBook fast, SplittableRandom rnd) {
    long fullHash = 0;
    for (Side side : Side.values()) {
      int n = ref.levelCount(side);
      assertEquals(n, fast.levelCount(side));
      long[] refPrices = new long[n];
      long[] refSizes = new long[n];
      int[] k = {0};
      ref.forEachLevel(
          side,
          (p, s) -> {
            refPrices[k[0]] = p;
            refSizes[k[0]++] = s;
            return true;
          });
      long[] sideHash = {0};
      long[] previous = {OrderBook.NO_PRICE};
      int[] j = {0};
      int visited =
          fast.forEachLevel(
              side,
              (p, s) -> {
                assertEquals(refPrices[j[0]], p);
                assertEquals(refSizes[j[0]++], s);
                assertTrue(s > 0);
                if (previous[0] != OrderBook.NO_PRICE) {
                  assertTrue(side.isBetter(previous[0], p), "levels out of order");
                }
                previous[0] = p;
                sideHash[0] += OrderBook.levelHash(side, p, s);
                return true;
              });
      assertEquals(n, visited);
      fullHash += sideHash[0];
      for (int t = 0; t < 5 && n > 0; t++) {
        int i = t < 2 ? Math.min(t, n - 1) : rnd.nextInt(n);
        assertEquals(refPrices[i], fast.priceAt(side, i));
        assertEquals(refSizes[i], fast.sizeAt(side, i));
        assertEquals(refSizes[i], fast.sizeAtPrice(side, refPrices[i]));
      }
      assertEquals(OrderBook.NO_PRICE, fast.priceAt(side, n));
      assertEquals(ref.worstPrice(side), fast.worstPrice(side));
      for (int levels : new int[] {1, 5, 20, n + 3}) {
        assertEquals(ref.depth(side, levels), fast.depth(side, levels));
      }
      for (long band : new long[] {0, 10, 100, 5000, 1_000_000}) {
        assertEquals(ref.depthWithin(side, band), fast.depthWithin(side, band));
      }
      long a = 1_000_000 + rnd.nextLong(-50_000, 50_000);
      long b = a + rnd.nextLong(0, 20_000);
      assertEquals(ref.depthBetween(side, a, b), fast.depthBetween(side, a, b));
    }
    // The state hash equals one recomputed from the enumerated levels.
    assertEquals(fullHash, fast.stateHash());
  }

  @Test
  void emptyBookAndRemovalOfLastLevel() {
    for (OrderBook book : new OrderBook[] {new TreeMapOrderBook(), new PriceLadderOrderBook()}) {
      assertEquals(OrderBook.NO_PRICE, book.bestBid());
      assertEquals(0, book.bestAskSize());
      assertFalse(book.isCrossed());
      book.apply(Side.BID, 100, 5);
      book.apply(Side.ASK, 100, 7);
      assertTrue(book.isCrossed());
      book.apply(Side.ASK, 100, 0);
      book.apply(Side.ASK, 101, 0); // removing an absent level is a no-op
      assertEquals(OrderBook.NO_PRICE, book.bestAsk());
      assertEquals(OrderBook.levelHash(Side.BID, 100, 5), book.stateHash());
      book.apply(Side.BID, 100, 0);
      assertEquals(0, book.stateHash());
      assertEquals(0, book.levelCount(Side.BID));
      assertThrows(IllegalArgumentException.class, () -> book.apply(Side.BID, 1, -1));
    }
  }

  @Test
  void truncateKeepsTheBestLevels() {
    for (OrderBook book : new OrderBook[] {new TreeMapOrderBook(), new PriceLadderOrderBook()}) {
      for (int i = 0; i < 10; i++) {
        book.apply(Side.BID, 1000 - i * 700, 1 + i);
        book.apply(Side.ASK, 1001 + i * 700, 1 + i);
      }
      book.truncate(Side.BID, 3);
      book.truncate(Side.ASK, 4);
      assertEquals(3, book.levelCount(Side.BID));
      assertEquals(-400, book.worstPrice(Side.BID));
      assertEquals(4, book.levelCount(Side.ASK));
      assertEquals(1001 + 3 * 700, book.worstPrice(Side.ASK));
    }
  }

  @Test
  void bulkUpdatesOnABookSizedByItsFirstPriceMatchTheReference() {
    SplittableRandom rnd = new SplittableRandom(11);
    OrderBook ref = new TreeMapOrderBook();
    PriceLadderOrderBook fast = PriceLadderOrderBook.sizedByFirstPrice();
    assertEquals(PriceLadderOrderBook.DEFAULT_CAPACITY, fast.capacity());
    long mid = 1_000_000;
    long[] prices = new long[80];
    long[] sizes = new long[80];
    for (int batch = 0; batch < 20_000; batch++) {
      if (rnd.nextDouble() < 0.01) {
        // Jumps wider than the window force re-centring.
        mid = 1_000_000 + (rnd.nextBoolean() ? 40_000 : -40_000);
      } else if (rnd.nextDouble() < 0.3) {
        mid += rnd.nextInt(-3, 4);
      }
      Side side = rnd.nextBoolean() ? Side.BID : Side.ASK;
      int n = rnd.nextInt(prices.length + 1);
      for (int i = 0; i < n; i++) {
        long distance =
            rnd.nextDouble() < 0.1
                ? rnd.nextLong(200_000) // deep levels, outside the window
                : (long) (-Math.log(1 - rnd.nextDouble()) * 30);
        prices[i] = side == Side.BID ? mid - 1 - distance : mid + 1 + distance;
        sizes[i] = rnd.nextDouble() < 0.4 ? 0 : 1 + rnd.nextLong(1_000_000);
        ref.apply(side, prices[i], sizes[i]);
      }
      fast.applyAll(side, prices, sizes, n);
      if (batch % 16 == 0) {
        assertEquals(ref.stateHash(), fast.stateHash());
      }
      assertEquals(ref.bestBid(), fast.bestBid());
      assertEquals(ref.bestAsk(), fast.bestAsk());
      assertEquals(ref.bestBidSize(), fast.bestBidSize());
      assertEquals(ref.bestAskSize(), fast.bestAskSize());
      if (batch % 997 == 0) {
        assertSameContent(ref, fast, rnd);
      }
    }
    assertSameContent(ref, fast, rnd);
    // 1% of the first price, 1,000,000 ticks, as forPrice sizes it.
    assertEquals(16384, fast.capacity());
  }

  @Test
  void bulkUpdateStopsAtANegativeSize() {
    for (OrderBook book : new OrderBook[] {new TreeMapOrderBook(), new PriceLadderOrderBook()}) {
      assertThrows(
          IllegalArgumentException.class,
          () -> book.applyAll(Side.BID, new long[] {100, 99, 98}, new long[] {5, -1, 7}, 3));
      assertEquals(1, book.levelCount(Side.BID));
      assertEquals(5, book.bestBidSize());
    }
  }

  @Test
  void windowSizedToPrice() {
    // BTCUSDT at 61837.63 with a 0.01 tick: 1% is 61837 ticks, rounded up to 65536.
    assertEquals(65536, PriceLadderOrderBook.forPrice(6_183_763).capacity());
    // ETHUSDT at 2682.39: 1% is 2682 ticks; the default 4096 is the floor.
    assertEquals(4096, PriceLadderOrderBook.forPrice(268_239).capacity());
    assertEquals(131072, PriceLadderOrderBook.forPrice(1_000_000_000).capacity());
    assertEquals(8192, PriceLadderOrderBook.forPrice(500_000).capacity());
  }
}
