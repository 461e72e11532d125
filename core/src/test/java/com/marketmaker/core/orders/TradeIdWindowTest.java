package com.marketmaker.core.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TradeIdWindowTest {

  private static TradeIdWindow booked(Random r, int n) {
    TradeIdWindow w = new TradeIdWindow();
    for (int i = 0; i < n; i++) {
      w.book(1_000 + r.nextInt(4 * n));
    }
    return w;
  }

  /** A window restored from its own view, or from the same ids in any order, is the same. */
  @Test
  void restoringFromTheViewOrFromAnyListGivesTheSameWindow() {
    Random r = new Random(11);
    for (int n : new int[] {0, 1, 5, 511, 512, 513, 2_000}) {
      TradeIdWindow w = booked(r, n);
      List<Long> view = w.ids();
      List<Long> shuffled = new ArrayList<>(view);
      shuffled.addAll(view.subList(0, view.size() / 3)); // duplicates, as an old snapshot may hold
      Collections.shuffle(shuffled, r);
      TradeIdWindow fromView = new TradeIdWindow(view, w.lastTradeId());
      TradeIdWindow fromList = new TradeIdWindow(shuffled, w.lastTradeId());
      assertEquals(view, fromView.ids());
      assertEquals(view, fromList.ids());
      assertEquals(List.copyOf(view), view, "equal to an ordinary list of the same ids");
      assertEquals(List.copyOf(view).hashCode(), view.hashCode());
      for (long id = 990; id < 1_000 + 4L * n + 10; id += 7) {
        assertEquals(w.check(id), fromView.check(id), "id " + id);
        assertEquals(w.check(id), fromList.check(id), "id " + id);
      }
    }
  }

  @Test
  void theViewIsImmutable() {
    TradeIdWindow w = booked(new Random(5), 40);
    List<Long> view = w.ids();
    assertThrows(UnsupportedOperationException.class, () -> view.add(1L));
    w.book(1_000_000);
    assertEquals(view, new TradeIdWindow(view, -1).ids(), "a later booking does not change it");
    OrderLedger.State state = new OrderLedger.State(3, w.lastTradeId(), view, List.of(), 0);
    assertEquals(new OrderLedger.State(3, w.lastTradeId(), List.copyOf(view), List.of(), 0), state);
  }
}
