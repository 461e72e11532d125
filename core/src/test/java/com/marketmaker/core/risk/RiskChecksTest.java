package com.marketmaker.core.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class RiskChecksTest {

  private static final RiskChecks CHECKS =
      new RiskChecks(new RiskLimits(100, 5_000, 8_000, 3.0, 2_000_000, 500_000_000));

  /** A healthy book: every value inside its limit. */
  private static final RiskSnapshot OK =
      new RiskSnapshot(
          100, -5_000, 92_000, 100_000, 300_000, 100_000, 2_000_000, 0, 500_000_000, false);

  private static List<RiskCheck> failed(UnaryOperator<RiskSnapshot> change) {
    return CHECKS.evaluate(change.apply(OK)).breaches().stream().map(RiskBreach::check).toList();
  }

  @Test
  void valuesAtTheirLimitsAreClear() {
    RiskVerdict v = CHECKS.evaluate(OK);
    assertTrue(v.isClear(), v.reason());
    assertEquals("", v.reason());
  }

  @Test
  void eachCheckTripsJustBeyondItsLimit() {
    assertEquals(List.of(RiskCheck.KILL_SWITCH), failed(s -> with(s, 9, 1)));
    assertEquals(List.of(RiskCheck.POSITION_LIMIT), failed(s -> with(s, 0, 101)));
    assertEquals(List.of(RiskCheck.POSITION_LIMIT), failed(s -> with(s, 0, -101)));
    assertEquals(List.of(RiskCheck.DAILY_LOSS), failed(s -> with(s, 1, -5_001)));
    assertEquals(List.of(RiskCheck.DRAWDOWN), failed(s -> with(s, 2, 91_999)));
    assertEquals(List.of(RiskCheck.EXPOSURE), failed(s -> with(s, 4, 300_001)));
    assertEquals(List.of(RiskCheck.EXPOSURE), failed(s -> with(s, 5, 0)));
    assertEquals(List.of(RiskCheck.QUOTE_LATENCY), failed(s -> with(s, 6, 2_000_001)));
    assertEquals(List.of(RiskCheck.STALE_MARKET_DATA), failed(s -> with(s, 8, 500_000_001)));
    // Market data stamped in the future: clocks disagree, not fresh.
    assertEquals(List.of(RiskCheck.STALE_MARKET_DATA), failed(s -> with(s, 7, 600_000_000)));
  }

  @Test
  void everyBreachIsReportedTogether() {
    RiskVerdict v = CHECKS.evaluate(with(with(OK, 9, 1), 0, 500));
    assertEquals(
        List.of(RiskCheck.KILL_SWITCH, RiskCheck.POSITION_LIMIT),
        v.breaches().stream().map(RiskBreach::check).toList());
    assertTrue(v.reason().contains("KILL_SWITCH") && v.reason().contains("position 500"));
  }

  @Test
  void rejectsBadLimits() {
    assertThrows(IllegalArgumentException.class, () -> new RiskLimits(0, 1, 1, 1, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new RiskLimits(1, 0, 1, 1, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new RiskLimits(1, 1, 1, Double.NaN, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new RiskLimits(1, 1, 1, 1, 0, 1));
  }

  /** Copy of {@code s} with field {@code i} (record order) set to {@code v}; 9 = kill switch. */
  private static RiskSnapshot with(RiskSnapshot s, int i, long v) {
    long[] f = {
      s.positionLots(),
      s.dailyPnl(),
      s.equity(),
      s.peakEquity(),
      s.grossExposure(),
      s.capital(),
      s.quoteLatencyNanos(),
      s.lastMarketDataNanos(),
      s.nowNanos()
    };
    boolean kill = s.killSwitch();
    if (i == 9) {
      kill = v != 0;
    } else {
      f[i] = v;
    }
    return new RiskSnapshot(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], kill);
  }
}
