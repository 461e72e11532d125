package com.marketmaker.core.portfolio.book;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** One-second bars, five kept; every expected close is written out bar by bar. */
class PriceBarsTest {

  static final String A = "BINANCE:AUSDT";
  static final String B = "BINANCE:BUSDT";

  static PriceBars bars() {
    PriceBars bars = new PriceBars(1000, 5);
    bars.mark(A, 100, 500); // bar 0
    bars.mark(A, 101, 900); // bar 0 close 101
    bars.mark(B, 50, 1500); // bar 1; A carries 101
    return bars;
  }

  @Test
  void closesCarryForwardAndStartAtTheFirstMark() {
    PriceBars bars = bars();
    assertArrayEquals(new double[][] {{101, 101}}, bars.aligned(List.of(A), 10));
    // B has no bar 0, so the common bars are bar 1 only
    assertArrayEquals(new double[][] {{101}, {50}}, bars.aligned(List.of(A, B), 10));
    assertEquals(2, bars.barCount(A));
    assertEquals(1, bars.barCount(B));
    assertTrue(bars.mark(A, 103, 3200)); // bar 3; bar 2 carries 101
    assertArrayEquals(
        new double[][] {{101, 101, 103}, {50, 50, 50}}, bars.aligned(List.of(A, B), 10));
    assertArrayEquals(new double[][] {{101, 103}, {50, 50}}, bars.aligned(List.of(A, B), 2));
  }

  @Test
  void flowsAreTheRunningTotalsIncreasesPerBarAndANewEpochOnlySetsItsBaseline() {
    PriceBars bars = new PriceBars(1000, 5);
    bars.mark(A, 100, 500, 7, 1_000); // bar 0: the baseline of epoch 7, no flow of its own
    bars.mark(A, 101, 900, 7, 1_250); // bar 0: +250
    bars.mark(A, 102, 1100, 7, 1_150); // bar 1: -100
    bars.mark(A, 104, 3100, 7, 1_450); // bar 3: +300; bar 2 carried, no flow
    assertArrayEquals(new double[][] {{250, -100, 0, 300}}, bars.alignedFlows(List.of(A), 10));
    // The instrument moved: a new engine counts from zero in a new epoch.
    bars.mark(A, 105, 4200, 9, 40); // bar 4: baseline only
    bars.mark(A, 106, 4700, 9, 100); // bar 4: +60
    assertArrayEquals(new double[][] {{-100, 0, 300, 60}}, bars.alignedFlows(List.of(A), 4));
    // A mark without flow (no live feed) leaves the flows alone.
    bars.mark(A, 107, 4800);
    assertArrayEquals(new double[][] {{60}}, bars.alignedFlows(List.of(A), 1));
    // Flows survive a snapshot, and the epoch's running total continues after it.
    PriceBars again = PriceBars.restore(bars.snapshot());
    again.mark(A, 108, 5100, 9, 130); // bar 5: +30
    assertArrayEquals(
        new double[][] {{300, 60, 30}}, again.alignedFlows(List.of(A), 3), "restored");
    // Slots the ring reuses (bars 6-9 take those of bars 1-4) start without their old flows.
    again.mark(A, 109, 9100, 9, 130); // bar 9, nothing traded since bar 5
    assertArrayEquals(new double[][] {{30, 0, 0, 0, 0}}, again.alignedFlows(List.of(A), 5));
  }

  @Test
  void olderMarksAreIgnoredAndEqualTimesReplace() {
    PriceBars bars = bars();
    bars.mark(A, 103, 3200);
    assertFalse(bars.mark(A, 99, 3100));
    assertTrue(bars.mark(A, 104, 3200));
    assertArrayEquals(new double[][] {{101, 101, 101, 104}}, bars.aligned(List.of(A), 10));
  }

  @Test
  void onlyTheLastCapacityBarsAreKept() {
    PriceBars bars = bars();
    bars.mark(A, 104, 3200);
    bars.mark(B, 55, 9000); // clock at bar 9: bars 5..9 kept
    assertEquals(9000, bars.latestBarStartMillis());
    assertArrayEquals(
        new double[][] {{104, 104, 104, 104, 104}, {50, 50, 50, 50, 55}},
        bars.aligned(List.of(A, B), 10));
    double[][] r = bars.logReturns(List.of(A, B), 10);
    assertArrayEquals(new double[] {0, 0, 0, 0}, r[0], 0);
    assertArrayEquals(new double[] {0, 0, 0, Math.log(55.0 / 50.0)}, r[1], 1e-15);
    // a jump of more than the capacity: A's bars 16..19 carry 104, bar 20 is 110
    bars.mark(A, 110, 20_500);
    assertArrayEquals(new double[][] {{104, 104, 104, 104, 110}}, bars.aligned(List.of(A), 10));
    assertArrayEquals(new double[][] {{55, 55, 55, 55, 55}}, bars.aligned(List.of(B), 10));
  }

  @Test
  void unknownInstrumentsGiveEmptyRows() {
    PriceBars bars = bars();
    double[][] out = bars.aligned(List.of(A, "KRAKEN:XUSD"), 10);
    assertEquals(2, out.length);
    assertEquals(0, out[0].length);
    assertEquals(0, bars.logReturns(List.of("KRAKEN:XUSD"), 10)[0].length);
    assertEquals(0, new PriceBars(1000, 5).aligned(List.of(), 3).length);
  }

  @Test
  void snapshotRestoreAndCopyAreEqualAndIndependent() {
    PriceBars bars = bars();
    bars.mark(A, 104, 3200);
    bars.mark(B, 55, 9000);
    PriceBars restored = PriceBars.restore(bars.snapshot());
    PriceBars copy = bars.copy();
    List<String> ab = List.of(A, B);
    assertArrayEquals(bars.aligned(ab, 10), restored.aligned(ab, 10));
    bars.mark(A, 120, 10_100);
    copy.mark(A, 120, 10_100);
    restored.mark(A, 120, 10_100);
    assertArrayEquals(bars.aligned(ab, 10), copy.aligned(ab, 10));
    assertArrayEquals(bars.aligned(ab, 10), restored.aligned(ab, 10));
    assertFalse(restored.mark(A, 1, 10_000), "last mark time restored");
    PriceBars other = PriceBars.restore(bars.snapshot());
    bars.mark(B, 60, 11_000);
    assertEquals(5, other.aligned(ab, 10)[0].length);
    assertEquals(120, other.aligned(ab, 10)[0][4]);
    assertEquals(55, other.aligned(ab, 10)[1][4]);
  }
}
