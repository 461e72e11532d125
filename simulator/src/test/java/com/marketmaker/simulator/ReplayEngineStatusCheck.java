package com.marketmaker.simulator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.simulator.replay.ReplayEngine;

final class ReplayEngineStatusCheck {
  private ReplayEngineStatusCheck() {}

  /** Waits (bounded) for the replay to finish and asserts it did. */
  static ReplayEngine.Status done(BinanceVenueSimulator sim, Dialect d)
      throws InterruptedException {
    ReplayEngine.Status s = sim.status(d);
    for (int i = 0; i < 600 && !s.done(); i++) {
      Thread.sleep(100);
      s = sim.status(d);
    }
    assertTrue(s.done(), s.toString());
    return s;
  }
}
