package com.marketmaker.actors.portfolio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.portfolio.ModelPacing;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The node's models thread: the models' checkpoints rest on it as its gate says, and the wait
 * between two evaluations is not taken for work.
 */
class PortfoliosPacingTest {

  private static final long MS = 1_000_000L;

  @Test
  void checkpointsOnTheModelsThreadRestAndEachTaskEndsItsSlice() throws Exception {
    AtomicLong now = new AtomicLong();
    List<Long> rests = Collections.synchronizedList(new ArrayList<>());
    ModelPacing.SliceGate gate =
        new ModelPacing.SliceGate(
            0.1,
            2 * MS,
            now::get,
            n -> {
              rests.add(n);
              now.addAndGet(n);
            });
    ExecutorService thread =
        Executors.newSingleThreadExecutor(
            r -> new Portfolios.PacedThread(r, "portfolio-models", gate));
    try {
      var models = Portfolios.paced(thread);
      // An evaluation of five 1 ms units of work: rests after the second and the fourth.
      Runnable evaluation =
          () -> {
            for (int i = 0; i < 5; i++) {
              ModelPacing.checkpoint();
              now.addAndGet(MS);
            }
          };
      models.execute(evaluation);
      models.execute(() -> now.addAndGet(10_000 * MS)); // a long wait between evaluations
      models.execute(evaluation);
      thread.shutdown();
      assertTrue(thread.awaitTermination(10, TimeUnit.SECONDS));
      // Each evaluation: 2 ms of work then 18 ms of rest, twice; the 10 s wait is not work.
      assertEquals(List.of(18 * MS, 18 * MS, 18 * MS, 18 * MS), rests);
      assertEquals(72 * MS, gate.restedNanos());
    } finally {
      thread.shutdownNow();
    }
  }
}
