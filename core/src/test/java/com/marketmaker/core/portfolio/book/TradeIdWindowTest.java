package com.marketmaker.core.portfolio.book;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TradeIdWindowTest {

  @Test
  void outOfOrderIdsAreExactBeforeTheFirstEviction() {
    TradeIdWindow w = new TradeIdWindow(5);
    assertTrue(w.accept(10));
    assertTrue(w.accept(5));
    assertTrue(w.accept(7));
    assertFalse(w.accept(7));
    assertFalse(w.accept(10));
    assertArrayEquals(new long[] {5, 7, 10}, w.ids());
    assertFalse(w.hasEvicted());
  }

  @Test
  void evictedIdsAndIdsAtOrBelowTheSmallestAreRefused() {
    TradeIdWindow w = new TradeIdWindow(3);
    for (long id = 1; id <= 4; id++) {
      assertTrue(w.accept(id));
    }
    // 1 was evicted: window {2, 3, 4}
    assertArrayEquals(new long[] {2, 3, 4}, w.ids());
    assertTrue(w.hasEvicted());
    assertFalse(w.accept(1), "evicted id");
    assertFalse(w.accept(2), "smallest id in the window");
    assertFalse(w.accept(0), "older than the window");
    assertTrue(w.accept(5));
    assertArrayEquals(new long[] {3, 4, 5}, w.ids());
  }

  @Test
  void afterEvictionANewIdBelowTheWindowIsRefusedButOneInsideIsBooked() {
    TradeIdWindow w = new TradeIdWindow(3);
    for (long id : new long[] {10, 20, 30, 40}) {
      assertTrue(w.accept(id));
    }
    // window {20, 30, 40}; 15 was never seen but is below the window: refused by the rule
    assertFalse(w.accept(15));
    // 25 is inside the window's range and new: booked, 20 evicted
    assertTrue(w.accept(25));
    assertArrayEquals(new long[] {25, 30, 40}, w.ids());
    assertFalse(w.accept(20));
  }

  @Test
  void aFullWindowThatNeverEvictedStillBooksAnOlderNewId() {
    TradeIdWindow w = new TradeIdWindow(3);
    w.accept(10);
    w.accept(20);
    w.accept(30);
    assertTrue(w.accept(5), "5 is new and nothing has been forgotten yet");
    // 5 was the smallest, so it is the one evicted
    assertArrayEquals(new long[] {10, 20, 30}, w.ids());
    assertFalse(w.accept(5));
  }

  @Test
  void shuffledStreamWithinCapacityBooksEachIdOnce() {
    List<Long> stream = new ArrayList<>();
    for (long id = 0; id < 2000; id++) {
      stream.add(id);
      if (id % 3 == 0) {
        stream.add(id);
      }
    }
    Collections.shuffle(stream, new Random(7));
    TradeIdWindow w = new TradeIdWindow(2000);
    int accepted = 0;
    for (long id : stream) {
      if (w.accept(id)) {
        accepted++;
      }
    }
    assertEquals(2000, accepted);
    assertEquals(2000, w.size());
    long[] ids = w.ids();
    for (int i = 0; i < ids.length; i++) {
      assertEquals(i, ids[i]);
    }
  }

  @Test
  void increasingIdsWithLateDuplicatesInsideTheWindow() {
    Random rng = new Random(11);
    TradeIdWindow w = new TradeIdWindow(1000);
    int accepted = 0;
    int refused = 0;
    for (long id = 1; id <= 100_000; id++) {
      assertTrue(w.accept(id));
      accepted++;
      if (rng.nextInt(4) == 0) {
        long replay = Math.max(1, id - rng.nextInt(1500));
        assertFalse(w.accept(replay), "replay of " + replay + " at " + id);
        refused++;
      }
    }
    assertEquals(100_000, accepted);
    assertTrue(refused > 20_000);
    assertEquals(1000, w.size());
    assertEquals(99_001, w.smallest());
    assertEquals(100_000, w.largest());
  }

  @Test
  void restoreAndCopyAreIndependentAndEqual() {
    TradeIdWindow w = new TradeIdWindow(3);
    for (long id : new long[] {1, 2, 3, 4}) {
      w.accept(id);
    }
    TradeIdWindow r = TradeIdWindow.restore(3, w.ids(), w.hasEvicted());
    TradeIdWindow c = w.copy();
    assertFalse(r.accept(2));
    assertFalse(c.accept(1));
    assertTrue(w.accept(5));
    assertArrayEquals(new long[] {2, 3, 4}, c.ids());
    assertTrue(c.accept(5));
    assertArrayEquals(w.ids(), c.ids());
    assertThrows(
        IllegalArgumentException.class, () -> TradeIdWindow.restore(2, new long[] {3, 2}, false));
    assertThrows(IllegalArgumentException.class, () -> new TradeIdWindow(0));
  }
}
