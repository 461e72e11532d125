package com.marketmaker.core.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.risk.RiskGuard.Action;
import com.marketmaker.core.risk.RiskGuard.Decision;
import org.junit.jupiter.api.Test;

class RiskGuardTest {

  private static final long S = 1_000_000_000L;
  private final RiskChecks checks =
      new RiskChecks(new RiskLimits(100, 1_000, 5_000, 10.0, S, 2 * S));

  private static RiskSnapshot snap(long dailyPnl, long lastData, long now, boolean kill) {
    return new RiskSnapshot(
        10, dailyPnl, 10_000, 10_000, 1_000, 10_000, 1_000, lastData, now, kill);
  }

  @Test
  void cleanStateQuotesStaleDataAndOutOfSyncBooksOnlyPull() {
    RiskGuard g = new RiskGuard(checks, 0, RiskGuard.State.CLEAR);
    assertEquals(Action.QUOTE, g.evaluate(snap(0, 0, S, false), true).action());
    Decision stale = g.evaluate(snap(0, 0, 3 * S, false), true);
    assertEquals(Action.PULL, stale.action());
    assertTrue(stale.reason().startsWith("STALE_MARKET_DATA"), stale.reason());
    assertFalse(stale.cancelAll());
    Decision unsynced = g.evaluate(snap(0, 3 * S, 3 * S, false), false);
    assertEquals(Action.PULL, unsynced.action());
    assertEquals("order book out of sync", unsynced.reason());
    assertFalse(g.state().halted());
    assertEquals(Action.QUOTE, g.evaluate(snap(0, 3 * S, 3 * S, false), true).action());
  }

  @Test
  void aBreachHaltsWithOneCancelAllAndTheHaltOutlivesTheBreachUntilTheCoolOff() {
    RiskGuard g = new RiskGuard(checks, 60 * S, RiskGuard.State.CLEAR);
    Decision halt = g.evaluate(snap(-1_500, 10 * S, 10 * S, false), true);
    assertEquals(Action.HALT, halt.action());
    assertTrue(halt.cancelAll());
    assertTrue(halt.halted());
    assertTrue(halt.reason().startsWith("DAILY_LOSS"), halt.reason());
    assertEquals(RiskCheck.DAILY_LOSS, g.state().cause());

    Decision still = g.evaluate(snap(0, 20 * S, 20 * S, false), true);
    assertEquals(Action.HALT, still.action(), "the loss recovered but the cool-off runs");
    assertFalse(still.cancelAll());
    assertFalse(still.halted());
    assertEquals(halt.reason(), still.reason());

    // the restored guard (from the persisted state) continues the same halt
    RiskGuard restored = new RiskGuard(checks, 60 * S, g.state());
    assertEquals(
        Action.HALT, restored.evaluate(snap(-1_500, 70 * S, 70 * S, false), true).action());
    Decision back = restored.evaluate(snap(0, 71 * S, 71 * S, false), true);
    assertEquals(Action.QUOTE, back.action());
    assertTrue(back.cleared());
  }

  @Test
  void withoutCoolOffOnlyAnOperatorClearsAndOnlyOnceTheBreachIsGone() {
    RiskGuard g = new RiskGuard(checks, 0, RiskGuard.State.CLEAR);
    g.evaluate(snap(-1_500, 0, 0, false), true);
    assertEquals(Action.HALT, g.evaluate(snap(0, 1_000 * S, 1_000 * S, false), true).action());
    g.clear();
    Decision again = g.evaluate(snap(-2_000, 1_000 * S, 1_000 * S, false), true);
    assertEquals(Action.HALT, again.action(), "cleared while still breached: halts again");
    assertTrue(again.cancelAll());
    g.clear();
    assertEquals(Action.QUOTE, g.evaluate(snap(0, 1_001 * S, 1_001 * S, false), true).action());
  }

  @Test
  void theKillSwitchHaltsForAsLongAsItIsEngaged() {
    RiskGuard g = new RiskGuard(checks, S, RiskGuard.State.CLEAR);
    Decision kill = g.evaluate(snap(0, 0, 0, true), true);
    assertEquals(Action.HALT, kill.action());
    assertEquals(RiskCheck.KILL_SWITCH, g.state().cause());
    assertEquals(Action.HALT, g.evaluate(snap(0, 10 * S, 10 * S, true), true).action());
    assertEquals(Action.QUOTE, g.evaluate(snap(0, 10 * S, 10 * S, false), true).action());
  }
}
