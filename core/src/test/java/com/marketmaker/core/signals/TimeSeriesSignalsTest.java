package com.marketmaker.core.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Volatility, trade flow and VPIN against values computed here from their definitions. */
class TimeSeriesSignalsTest {

  private static final long S = 1_000_000_000L;

  @Test
  void ewmaVolatilityFollowsItsRecursion() {
    double tau = 10;
    EwmaVolatility vol = new EwmaVolatility(tau);
    long[] t = {0, 1 * S, 3 * S, 3 * S + S / 2, 7 * S};
    double[] mid = {100, 101, 100.5, 100.7, 99};
    for (int i = 0; i < t.length; i++) {
      vol.onMid(t[i], mid[i]);
    }
    double v = Double.NaN;
    for (int i = 1; i < t.length; i++) {
      double dt = (t[i] - t[i - 1]) / 1e9;
      double r = Math.log(mid[i] / mid[i - 1]);
      double x = r * r / dt;
      v = i == 1 ? x : Math.exp(-dt / tau) * v + (1 - Math.exp(-dt / tau)) * x;
    }
    assertEquals(Math.sqrt(v), vol.sigmaPerSqrtSecond(), 1e-15);
    assertEquals(4, vol.returnCount());
  }

  @Test
  void ewmaVolatilityRecoversAConstantVolatilityPath() {
    // |r| = σ·√Δt at every step: the variance rate is σ² whatever the spacing.
    double sigma = 0.002;
    EwmaVolatility vol = new EwmaVolatility(5);
    double mid = 100;
    long time = 0;
    vol.onMid(time, mid);
    long[] spacing = {S / 10, 2 * S, S / 3, 5 * S};
    for (int i = 0; i < 200; i++) {
      long dt = spacing[i % spacing.length];
      time += dt;
      double r = sigma * Math.sqrt(dt / 1e9) * (i % 2 == 0 ? 1 : -1);
      mid *= Math.exp(r);
      vol.onMid(time, mid);
    }
    assertEquals(sigma, vol.sigmaPerSqrtSecond(), 1e-12);
  }

  @Test
  void realizedVolatilityOverTrailingWindow() {
    RealizedVolatility rv = new RealizedVolatility(10);
    double[] mids = {100, 101, 99, 99.5, 102};
    long[] t = {0, 2 * S, 5 * S, 9 * S, 14 * S};
    for (int i = 0; i < mids.length; i++) {
      rv.onMid(t[i], mids[i]);
    }
    // At 14 s the window (4 s, 14 s] holds the returns ending at 5, 9 and 14 s.
    double sum = 0;
    for (int i = 2; i < mids.length; i++) {
      double r = Math.log(mids[i] / mids[i - 1]);
      sum += r * r;
    }
    assertEquals(sum, rv.realizedVariance(14 * S), 1e-15);
    assertEquals(Math.sqrt(sum / 10), rv.sigmaPerSqrtSecond(14 * S), 1e-15);
    // Many returns in the window: the ring buffer grows and the sum follows.
    RealizedVolatility many = new RealizedVolatility(1000);
    double m = 100;
    double expected = 0;
    many.onMid(0, m);
    for (int i = 1; i <= 1000; i++) {
      double next = m * (1 + 0.001 * Math.sin(i));
      double r = Math.log(next / m);
      expected += r * r;
      m = next;
      many.onMid(i * S / 10, m);
    }
    assertEquals(expected, many.realizedVariance(100 * S), 1e-15);
    // At 19.5 s only the return ending at 14 s remains.
    double last = Math.log(102 / 99.5);
    assertEquals(last * last, rv.realizedVariance(19 * S + S / 2), 1e-15);
  }

  @Test
  void tradeFlowSumsSignedVolumeInWindow() {
    TradeFlow flow = new TradeFlow(1.0);
    flow.onTrade(0, 5, true);
    flow.onTrade(S / 4, 3, false);
    flow.onTrade(S / 2, 7, true);
    assertEquals(5 - 3 + 7, flow.signedVolume(S / 2));
    assertEquals(9.0 / 15, flow.normalizedFlow(S / 2), 1e-15);
    // At 1.1 s the trade at 0 has left the window.
    assertEquals(-3 + 7, flow.signedVolume(S + S / 10));
    assertEquals(7, flow.signedVolume(S + S / 3));
    assertTrue(Double.isNaN(flow.normalizedFlow(10 * S)));
    // Many trades: the ring buffer grows and keeps order.
    long expected = 0;
    for (int i = 0; i < 1000; i++) {
      boolean buy = i % 3 != 0;
      flow.onTrade(20 * S + i, i + 1, buy);
      expected += buy ? i + 1 : -(i + 1);
    }
    assertEquals(expected, flow.signedVolume(20 * S + 1000));
  }

  @Test
  void vpinOverVolumeBuckets() {
    // V = 10, n = 2. Trades: buy 6, sell 6 (splits 4 | 2), buy 10 (splits 8 | 2), sell 3.
    Vpin vpin = new Vpin(10, 2);
    vpin.onTrade(6, true);
    assertTrue(Double.isNaN(vpin.value()));
    vpin.onTrade(6, false); // bucket 1: buy 6, sell 4 → |6 − 4| = 2
    vpin.onTrade(10, true); // bucket 2: sell 2, buy 8 → 6; carry buy 2
    assertEquals(2, vpin.completedBuckets());
    assertEquals((2.0 + 6.0) / (2 * 10), vpin.value(), 1e-15);
    vpin.onTrade(8, false); // bucket 3: buy 2, sell 8 → 6; buckets 2 and 3 count
    assertEquals((6.0 + 6.0) / 20, vpin.value(), 1e-15);
  }

  @Test
  void vpinBulkClassification() {
    Vpin vpin = new Vpin(100, 1);
    // ΔP = σ: buy share Φ(1) = 0.8413447460685429 (standard normal table).
    vpin.onBar(100, 0.5, 0.5);
    double phi1 = 0.8413447460685429;
    assertEquals(Math.abs(100 * phi1 - 100 * (1 - phi1)) / 100, vpin.value(), 1e-12);
  }
}
