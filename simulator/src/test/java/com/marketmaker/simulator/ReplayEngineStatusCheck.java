package com.marketmaker.simulator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.simulator.replay.ReplayEngine;
import com.marketmaker.testsupport.Eventually;
import java.time.Duration;

final class ReplayEngineStatusCheck {
  private ReplayEngineStatusCheck() {}

  /** Waits (bounded) for the replay to finish and asserts it did. */
  static ReplayEngine.Status done(BinanceVenueSimulator sim, Dialect d)
      throws InterruptedException {
    ReplayEngine.Status s =
        Eventually.poll(
            Duration.ofSeconds(60), Duration.ofMillis(100), () -> sim.status(d), x -> x.done());
    assertTrue(s.done(), s.toString());
    return s;
  }
}
