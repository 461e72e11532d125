package com.marketmaker.streams.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The admission of a REST client's requests to its connections, driven by hand. */
class RequestAdmissionTest {

  @Test
  void startsNoMoreRequestsThanItHasSlotsAndTheNextWhenOneEnds() {
    RequestAdmission a = new RequestAdmission(2);
    List<String> started = new ArrayList<>();
    for (String name : List.of("r1", "r2", "r3", "r4")) {
      a.submit(RequestAdmission.Lane.NORMAL, () -> started.add(name));
    }
    assertEquals(List.of("r1", "r2"), started);
    assertEquals(2, a.busy());
    assertEquals(2, a.waiting());
    a.release();
    assertEquals(List.of("r1", "r2", "r3"), started);
    a.release();
    a.release();
    assertEquals(List.of("r1", "r2", "r3", "r4"), started);
    assertEquals(1, a.busy());
    assertEquals(0, a.waiting());
    assertEquals(4, a.admitted());
  }

  @Test
  void urgentRequestsOvertakeTheWaitingNormalOnes() {
    RequestAdmission a = new RequestAdmission(1);
    List<String> started = new ArrayList<>();
    a.submit(RequestAdmission.Lane.NORMAL, () -> started.add("place-1"));
    a.submit(RequestAdmission.Lane.NORMAL, () -> started.add("place-2"));
    a.submit(RequestAdmission.Lane.NORMAL, () -> started.add("place-3"));
    a.submit(RequestAdmission.Lane.URGENT, () -> started.add("cancel-1"));
    a.submit(RequestAdmission.Lane.URGENT, () -> started.add("time"));
    for (int i = 0; i < 4; i++) {
      a.release();
    }
    assertEquals(List.of("place-1", "cancel-1", "time", "place-2", "place-3"), started);
  }

  @Test
  void aWithdrawnRequestNeverStartsAndOneStartedCannotBeWithdrawn() {
    RequestAdmission a = new RequestAdmission(1);
    List<String> started = new ArrayList<>();
    RequestAdmission.Ticket first = a.submit(RequestAdmission.Lane.NORMAL, () -> started.add("a"));
    RequestAdmission.Ticket second = a.submit(RequestAdmission.Lane.NORMAL, () -> started.add("b"));
    a.submit(RequestAdmission.Lane.NORMAL, () -> started.add("c"));
    assertFalse(first.withdraw(), "already out");
    assertTrue(second.withdraw());
    assertFalse(second.withdraw(), "withdrawn once");
    a.release();
    assertEquals(List.of("a", "c"), started);
    assertEquals(1, a.withdrawn());
  }

  @Test
  void aRequestThatDecidesNotToGoOutGivesItsSlotBackAtOnce() {
    RequestAdmission a = new RequestAdmission(1);
    List<String> started = new ArrayList<>();
    a.submit(
        RequestAdmission.Lane.NORMAL,
        () -> {
          started.add("late placement, refused");
          return false;
        });
    a.submit(
        RequestAdmission.Lane.NORMAL,
        () -> {
          throw new IllegalStateException("a start that throws anyway");
        });
    a.submit(RequestAdmission.Lane.NORMAL, () -> started.add("read"));
    assertEquals(List.of("late placement, refused", "read"), started);
    assertEquals(1, a.busy());
  }

  @Test
  void requestsThatCompleteWhileBeingStartedDoNotRecurse() {
    // An exchange can end on the thread that starts it (a pool refusing at once): its release then
    // runs inside the admission. A recursive admission would overflow the stack long before this.
    RequestAdmission a = new RequestAdmission(1);
    AtomicInteger done = new AtomicInteger();
    a.submit(RequestAdmission.Lane.NORMAL, () -> true); // holds the only slot meanwhile
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      a.submit(
          RequestAdmission.Lane.NORMAL,
          () -> {
            done.incrementAndGet();
            a.release();
            return true;
          });
    }
    assertEquals(0, done.get());
    a.release();
    assertEquals(n, done.get());
    assertEquals(0, a.busy());
  }

  @Test
  void manyThreadsSubmittingAndReleasingNeverExceedTheSlots() throws Exception {
    int slots = 3;
    RequestAdmission a = new RequestAdmission(slots);
    AtomicInteger out = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    int perThread = 20_000;
    int threads = 4;
    ExecutorService exchanges = Executors.newFixedThreadPool(2);
    ExecutorService callers = Executors.newFixedThreadPool(threads);
    CountDownLatch all = new CountDownLatch(threads * perThread);
    try {
      for (int t = 0; t < threads; t++) {
        int lane = t;
        callers.execute(
            () -> {
              for (int i = 0; i < perThread; i++) {
                a.submit(
                    lane % 2 == 0 ? RequestAdmission.Lane.URGENT : RequestAdmission.Lane.NORMAL,
                    () -> {
                      most.accumulateAndGet(out.incrementAndGet(), Math::max);
                      exchanges.execute(
                          () -> {
                            out.decrementAndGet();
                            finished.incrementAndGet();
                            a.release();
                            all.countDown();
                          });
                      return true;
                    });
              }
            });
      }
      assertTrue(all.await(60, TimeUnit.SECONDS), "finished " + finished.get());
    } finally {
      callers.shutdownNow();
      exchanges.shutdownNow();
    }
    assertTrue(most.get() <= slots, "at most " + slots + " out at once, saw " + most.get());
    assertEquals(threads * perThread, a.admitted());
    assertEquals(0, a.waiting());
  }

  @Test
  void refusesAReleaseWithoutARequestOut() {
    RequestAdmission a = new RequestAdmission(1);
    assertThrows(IllegalStateException.class, a::release);
    assertThrows(IllegalArgumentException.class, () -> new RequestAdmission(0));
  }
}
