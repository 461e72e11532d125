package com.marketmaker.actors.portfolio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ModelDutyCycleTest {

  @Test
  void theFirstEvaluationMayAlwaysStart() {
    assertTrue(new ModelDutyCycle(0.1).mayStart(0));
  }

  @Test
  void anEvaluationIsFollowedByRestInProportionToItsCpuTime() {
    ModelDutyCycle duty = new ModelDutyCycle(0.1);
    // 1.3 s of CPU at a tenth of a core: the next may start 13 s after this one started.
    duty.finished(1_000_000L, 1_300_000_000L);
    assertEquals(1_013_000L, duty.nextStartMillis());
    assertFalse(duty.mayStart(1_012_999L));
    assertTrue(duty.mayStart(1_013_000L));
    // A cheap evaluation (20 ms) leaves the configured period in charge.
    duty.finished(2_000_000L, 20_000_000L);
    assertTrue(duty.mayStart(2_000_200L));
  }

  @Test
  void overTimeTheModelsUseAtMostTheirShare() {
    ModelDutyCycle duty = new ModelDutyCycle(0.25);
    long now = 0;
    long cpu = 0;
    java.util.Random r = new java.util.Random(3);
    for (int i = 0; i < 1_000; i++) {
      while (!duty.mayStart(now)) {
        now += 5_000; // the periodic tick
      }
      long took = (200 + r.nextInt(3_000)) * 1_000_000L;
      duty.finished(now, took);
      cpu += took;
      now += took / 1_000_000L; // it ran for its CPU time
    }
    assertTrue(cpu / 1e6 / now <= 0.25 + 1e-9, "share used " + cpu / 1e6 / now);
  }

  @Test
  void aShareOutsideZeroToOneIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new ModelDutyCycle(0));
    assertThrows(IllegalArgumentException.class, () -> new ModelDutyCycle(1.5));
    assertThrows(IllegalArgumentException.class, () -> new ModelDutyCycle(Double.NaN));
  }
}
