package com.marketmaker.core.portfolio.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hand-worked skews. Config: entry |z| 2 (full at 4), max 10 bps, lean 4 bps per 10,000 USD of
 * offset gap. Pair ETH ~ BTC with β = 0.05 at prices 3,000 and 60,000: hedge weight h = 0.05 ×
 * 60,000 / 3,000 = 1.
 */
class BasketSkewTest {

  static final String ETH = "BINANCE:ETHUSDT";
  static final String BTC = "BINANCE:BTCUSDT";
  static final String SOL = "BINANCE:SOLUSDT";
  static final BasketSkew.Config CONFIG = new BasketSkew.Config(2, 10, 4, 10_000);

  static BasketSkew.PairSignal pair(double beta, double z) {
    return new BasketSkew.PairSignal(ETH, BTC, beta, z, 3000, 60_000);
  }

  static double skew(Map<String, Double> m, String k) {
    return m.get(k);
  }

  @Test
  void richSpreadSellsYAndBuysX() {
    // z = 3: u = (3 - 2) / 2 = 0.5, m = 5 bps; y -5, x +5 * h = +5
    Map<String, Double> s = BasketSkew.skewBps(List.of(pair(0.05, 3)), Map.of(), CONFIG);
    assertEquals(-5, skew(s, ETH), 1e-12);
    assertEquals(5, skew(s, BTC), 1e-12);
    // cheap spread, z = -3: the reverse
    s = BasketSkew.skewBps(List.of(pair(0.05, -3)), Map.of(), CONFIG);
    assertEquals(5, skew(s, ETH), 1e-12);
    assertEquals(-5, skew(s, BTC), 1e-12);
  }

  @Test
  void rampAndCaps() {
    // |z| within the entry: nothing
    Map<String, Double> s = BasketSkew.skewBps(List.of(pair(0.05, 1.9)), Map.of(), CONFIG);
    assertEquals(0.0, skew(s, ETH));
    assertEquals(0.0, skew(s, BTC));
    // z = 5 is beyond 2 * entry: u = 1, m = 10; beta 0.1 gives h = 2, so x would be +20: capped
    s = BasketSkew.skewBps(List.of(pair(0.1, 5)), Map.of(), CONFIG);
    assertEquals(-10, skew(s, ETH), 1e-12);
    assertEquals(10, skew(s, BTC), 1e-12);
    // z = 2.5, h = 0.5: m = 2.5, y -2.5, x +1.25
    s = BasketSkew.skewBps(List.of(pair(0.025, 2.5)), Map.of(), CONFIG);
    assertEquals(-2.5, skew(s, ETH), 1e-12);
    assertEquals(1.25, skew(s, BTC), 1e-12);
    // negative beta: buying x is selling |h| x
    s = BasketSkew.skewBps(List.of(pair(-0.05, 3)), Map.of(), CONFIG);
    assertEquals(-5, skew(s, BTC), 1e-12);
  }

  @Test
  void inventoryLeansTheOtherLegTowardItsOffset() {
    // long 5,000 USD of ETH, no BTC: BTC's offset is -h * 5,000 = -5,000, all of it missing:
    // lean 4 * (-5,000 / 10,000) = -2 bps. ETH's offset -N_btc / h = 0: no lean.
    Map<String, Double> s = BasketSkew.skewBps(List.of(pair(0.05, 0)), Map.of(ETH, 5000.0), CONFIG);
    assertEquals(0.0, skew(s, ETH));
    assertEquals(-2, skew(s, BTC), 1e-12);
    // with the rich-spread skew on top: BTC +5 - 2 = +3, ETH -5
    s = BasketSkew.skewBps(List.of(pair(0.05, 3)), Map.of(ETH, 5000.0), CONFIG);
    assertEquals(-5, skew(s, ETH), 1e-12);
    assertEquals(3, skew(s, BTC), 1e-12);
    // hedged (-5,000 BTC): no lean on either leg
    s = BasketSkew.skewBps(List.of(pair(0.05, 0)), Map.of(ETH, 5000.0, BTC, -5000.0), CONFIG);
    assertEquals(0.0, skew(s, ETH));
    assertEquals(0.0, skew(s, BTC));
    // half hedged (-2,500 BTC): BTC leans for the missing 2,500, -1 bp; ETH's offset of the BTC
    // short is +2,500 and ETH already holds more: no lean
    s = BasketSkew.skewBps(List.of(pair(0.05, 0)), Map.of(ETH, 5000.0, BTC, -2500.0), CONFIG);
    assertEquals(0.0, skew(s, ETH));
    assertEquals(-1, skew(s, BTC), 1e-12);
    // both long (ETH 5,000, BTC 3,000): BTC's gap -8,000 is capped at its offset -5,000 (-2 bps);
    // ETH's offset of the BTC long is -3,000, gap -8,000 capped at -3,000: -1.2 bps
    s = BasketSkew.skewBps(List.of(pair(0.05, 0)), Map.of(ETH, 5000.0, BTC, 3000.0), CONFIG);
    assertEquals(-1.2, skew(s, ETH), 1e-12);
    assertEquals(-2, skew(s, BTC), 1e-12);
  }

  @Test
  void contributionsAddAcrossPairsAndAreCapped() {
    // ETH ~ BTC rich (z 3): ETH -5, BTC +5. SOL ~ BTC rich (z 4, beta 0.0025 at 150 / 60,000,
    // h = 0.0025 * 60,000 / 150 = 1): SOL -10, BTC +10. BTC total +15, capped at +10.
    BasketSkew.PairSignal sol = new BasketSkew.PairSignal(SOL, BTC, 0.0025, 4, 150, 60_000);
    Map<String, Double> s = BasketSkew.skewBps(List.of(pair(0.05, 3), sol), Map.of(), CONFIG);
    assertEquals(List.of(BTC, ETH, SOL), List.copyOf(s.keySet()));
    assertEquals(10, skew(s, BTC), 1e-12);
    assertEquals(-5, skew(s, ETH), 1e-12);
    assertEquals(-10, skew(s, SOL), 1e-12);
  }

  @Test
  void fromScanResultAndValidation() {
    PairResult p =
        new PairResult(
            ETH, BTC, 0.05, 0, -5, 0, 1e-6, 1e-5, -3.3, 10, 10, 3, 1, 1, true, true, true, true,
            null);
    BasketSkew.PairSignal signal = BasketSkew.PairSignal.of(p, 3000, 60_000);
    assertEquals(1.0, signal.hedgeWeight(), 1e-12);
    assertEquals(-5, BasketSkew.skewBps(List.of(signal), Map.of(), CONFIG).get(ETH), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> new BasketSkew.Config(0, 10, 0, 1));
    assertThrows(
        IllegalArgumentException.class, () -> new BasketSkew.PairSignal(ETH, ETH, 1, 0, 1, 1));
    assertEquals(
        0.0, BasketSkew.skewBps(List.of(pair(0.05, Double.NaN)), Map.of(), CONFIG).get(ETH));
  }
}
