package com.marketmaker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FanOutTest {

  @Test
  void neverHasMoreThanTheBoundInFlightAndKeepsInputOrder() throws Exception {
    List<Integer> items = IntStream.range(0, 50).boxed().toList();
    ConcurrentLinkedQueue<CompletableFuture<String>> pending = new ConcurrentLinkedQueue<>();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger max = new AtomicInteger();
    List<Integer> started = new ArrayList<>();
    CompletionStage<List<String>> result =
        FanOut.map(
            items,
            8,
            i -> {
              synchronized (started) {
                started.add(i);
              }
              max.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
              CompletableFuture<String> f = new CompletableFuture<>();
              pending.add(f);
              return f.thenApply(
                  v -> {
                    return v + i;
                  });
            },
            (i, e) -> "failed " + i);
    // Nothing answered yet: exactly the bound was started.
    assertEquals(8, started.size());
    int answered = 0;
    // Answer the oldest pending ask, newest-started last, until all are done.
    while (answered < items.size()) {
      CompletableFuture<String> f = pending.poll();
      inFlight.decrementAndGet();
      if (answered % 7 == 3) {
        f.completeExceptionally(new IllegalStateException("boom"));
      } else {
        f.complete("ok ");
      }
      answered++;
    }
    List<String> out = result.toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(8, max.get());
    assertEquals(items.size(), out.size());
    for (int i = 0; i < items.size(); i++) {
      assertEquals(i % 7 == 3 ? "failed " + i : "ok " + i, out.get(i));
    }
  }

  @Test
  void synchronousTasksDoNotGrowTheStack() throws Exception {
    int n = 200_000;
    List<Integer> items = IntStream.range(0, n).boxed().toList();
    List<Integer> out =
        FanOut.map(items, 32, i -> CompletableFuture.completedFuture(i * 2), (i, e) -> -1)
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    assertEquals(n, out.size());
    assertEquals(2 * (n - 1), out.get(n - 1));
  }

  @Test
  void aTaskThatThrowsIsMappedLikeAFailure() throws Exception {
    List<String> out =
        FanOut.map(
                List.of("a", "b", "c"),
                2,
                s -> {
                  if (s.equals("b")) {
                    throw new IllegalArgumentException("bad id");
                  }
                  return CompletableFuture.completedFuture(s.toUpperCase());
                },
                (s, e) -> s + ": " + e.getMessage())
            .toCompletableFuture()
            .get(5, TimeUnit.SECONDS);
    assertEquals(List.of("A", "b: bad id", "C"), out);
  }

  @Test
  void nothingToDoCompletesAtOnceAndTheBoundMustBePositive() {
    CompletionStage<List<String>> none =
        FanOut.map(List.<String>of(), 4, CompletableFuture::completedFuture, (s, e) -> s);
    assertTrue(none.toCompletableFuture().isDone());
    assertFalse(none.toCompletableFuture().join().iterator().hasNext());
    assertThrows(
        IllegalArgumentException.class,
        () -> FanOut.map(List.of("a"), 0, CompletableFuture::completedFuture, (s, e) -> s));
  }
}
