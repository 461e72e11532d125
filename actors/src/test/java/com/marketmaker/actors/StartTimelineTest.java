package com.marketmaker.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StartTimelineTest {

  private static final long START = 5_000_000_000L;

  @Test
  void thePhasesAreGivenFromTheStartOnceAtTheFirstQuotes() {
    StartTimeline t = new StartTimeline(START);
    t.recovered(START + 120_000_000L);
    t.firstDiff(START + 300_000_000L);
    t.snapshot(START + 650_000_000L);
    t.bookLive(START + 690_000_000L);
    t.firstDiff(START + 400_000_000L);
    t.snapshot(START + 900_000_000L);
    t.bookLive(START + 900_000_000L);
    // The book syncs while the reconciliation is still out.
    t.bookInSync(START + 700_500_000L);
    t.reconciled(START + 910_000_000L);
    // Later notes of a phase keep the first.
    t.recovered(START + 2_000_000_000L);
    t.reconciled(START + 2_000_000_000L);
    t.bookInSync(START + 2_000_000_000L);
    assertEquals(
        "first quotes sent 950.0 ms after the entity started (journal recovered at 120.0 ms,"
            + " reconciled at 910.0 ms, book in sync at 700.5 ms; first diff at 300.0 ms,"
            + " snapshot at 650.0 ms, book live at 690.0 ms)",
        t.firstQuotes(START + 950_000_000L));
    assertTrue(t.told());
    assertNull(t.firstQuotes(START + 3_000_000_000L), "told once");
  }

  @Test
  void aPhaseNotSeenIsShownAsADash() {
    StartTimeline t = new StartTimeline(-1_000_000L);
    t.recovered(1_000_000L);
    assertEquals(
        "first quotes sent 3.0 ms after the entity started (journal recovered at 2.0 ms,"
            + " reconciled at -, book in sync at -; first diff at -, snapshot at -, book live at -)",
        t.firstQuotes(2_000_000L));
  }

  @Test
  void keptQuotesAreToldOnceInsteadOfSentOnes() {
    StartTimeline t = new StartTimeline(START);
    t.recovered(START + 100_000_000L);
    t.reconciled(START + 1_200_000_000L);
    t.bookInSync(START + 800_000_000L);
    assertEquals(
        "first quotes kept 1250.0 ms after the entity started: the 2 working orders left before it"
            + " are within tolerance (journal recovered at 100.0 ms, reconciled at 1200.0 ms, book"
            + " in sync at 800.0 ms; first diff at -, snapshot at -, book live at -)",
        t.firstQuotesKept(START + 1_250_000_000L, 2));
    assertTrue(t.told());
    assertNull(t.firstQuotes(START + 2_000_000_000L), "quotes sent later are not told again");
    assertNull(t.firstQuotesKept(START + 2_000_000_000L, 2), "told once");
  }
}
