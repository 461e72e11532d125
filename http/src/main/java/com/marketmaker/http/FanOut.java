package com.marketmaker.http;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Runs one asynchronous task per item with at most {@code parallelism} tasks in flight, and
 * completes with every item's result in input order once all have finished. Cluster-wide operator
 * commands (the kill switch, risk sweeps) ask every instrument; bounding them keeps a cluster of
 * thousands of instruments from flooding the ask path and the shard regions at once.
 *
 * <p>A task that fails, or throws before returning its stage, is mapped by {@code onFailure}, so
 * the result fails only if {@code onFailure} itself throws. Tasks that complete synchronously do
 * not grow the stack (the launch loop is trampolined), so any number of items is safe.
 */
final class FanOut<T, R> {

  private final List<T> items;
  private final int parallelism;
  private final Function<T, CompletionStage<R>> task;
  private final BiFunction<T, Throwable, R> onFailure;
  private final AtomicReferenceArray<R> results;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger remaining;
  private final AtomicInteger wip = new AtomicInteger();
  private final CompletableFuture<List<R>> done = new CompletableFuture<>();
  private int next; // touched only inside the drain loop, which one thread runs at a time

  private FanOut(
      List<T> items,
      int parallelism,
      Function<T, CompletionStage<R>> task,
      BiFunction<T, Throwable, R> onFailure) {
    this.items = List.copyOf(items);
    this.parallelism = parallelism;
    this.task = task;
    this.onFailure = onFailure;
    this.results = new AtomicReferenceArray<>(this.items.size());
    this.remaining = new AtomicInteger(this.items.size());
  }

  /**
   * Maps every item through {@code task}, at most {@code parallelism} at a time.
   *
   * @param onFailure the result for an item whose task failed
   */
  static <T, R> CompletionStage<List<R>> map(
      List<T> items,
      int parallelism,
      Function<T, CompletionStage<R>> task,
      BiFunction<T, Throwable, R> onFailure) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
    }
    FanOut<T, R> run = new FanOut<>(items, parallelism, task, onFailure);
    if (run.items.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    run.drain();
    return run.done;
  }

  private void drain() {
    if (wip.getAndIncrement() != 0) {
      return; // the thread already in the loop will see the freed slot
    }
    do {
      while (next < items.size() && inFlight.get() < parallelism) {
        int i = next++;
        inFlight.incrementAndGet();
        launch(i);
      }
    } while (wip.decrementAndGet() != 0);
  }

  private void launch(int i) {
    T item = items.get(i);
    CompletionStage<R> stage;
    try {
      stage = task.apply(item);
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    stage.whenComplete(
        (r, e) -> {
          R result;
          if (e == null) {
            result = r;
          } else {
            try {
              result = onFailure.apply(item, e);
            } catch (RuntimeException mapping) {
              done.completeExceptionally(mapping);
              return;
            }
          }
          results.set(i, result);
          inFlight.decrementAndGet();
          if (remaining.decrementAndGet() == 0) {
            List<R> out = new ArrayList<>(results.length());
            for (int k = 0; k < results.length(); k++) {
              out.add(results.get(k));
            }
            done.complete(out);
          } else {
            drain();
          }
        });
  }
}
