package com.marketmaker.core.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.orders.OwnTrade;
import org.junit.jupiter.api.Test;

/** The scorecard against values worked out by hand in the comments. */
class PerformanceTest {

  private static final long S = 1_000_000_000L;
  private static final InstrumentId BTC = InstrumentId.parse("BINANCE:BTCUSDT");
  // Tick 0.01, lot 0.00001: 0.1 BTC = 10,000 lots; notional = ticks × lots × 10 cash units.
  private final InstrumentSpec spec = InstrumentSpec.of(BTC, "0.01", "0.00001");

  private OwnTrade trade(long id, Side side, String price, long lots, boolean maker) {
    return new OwnTrade(BTC, id, id, "c" + id, side, spec.priceToTicks(price), lots, 0, maker, 0);
  }

  private long t(String price) {
    return spec.priceToTicks(price);
  }

  @Test
  void spreadCapturedInventoryStatisticsFillRateAndUptime() {
    Performance perf = new Performance(spec, 10_000);
    perf.onQuoteState(true, true, true, 0);
    perf.onOrderPlaced(10_000, 0);
    perf.onOrderPlaced(10_000, 0);
    // Buy 0.1 @ 29,999 with mid 30,000 (29,999 / 30,001): 1 USDT per BTC below mid, 0.1 USDT,
    // 1 / 30,000 = 0.333333 bps.
    perf.onFill(trade(1, Side.BUY, "29999", 10_000, true), t("29999"), t("30001"), true, 10 * S);
    // the bid is consumed: only the ask rests until a new bid is acknowledged at 15 s
    perf.onQuoteState(true, false, true, 10 * S);
    perf.onOrderPlaced(10_000, 10 * S);
    perf.onQuoteState(true, true, true, 15 * S);
    // Sell 0.1 @ 30,002 with mid 30,001 (30,000 / 30,002): 0.1 USDT, 1 / 30,001 bps.
    perf.onFill(trade(2, Side.SELL, "30002", 10_000, false), t("30000"), t("30002"), true, 30 * S);
    perf.onQuoteState(false, true, true, 35 * S);

    Performance.Report r = perf.report(t("30000"), t("30002"), 40 * S);
    assertEquals(20_000_000L, r.capturedCash(), "0.1 + 0.1 USDT");
    double bps1 = 10_000.0 / 30_000;
    double bps2 = 10_000.0 / 30_001;
    assertEquals((bps1 + bps2) / 2, r.meanCapturedBps(), 1e-12);
    assertEquals(bps2, r.minCapturedBps(), 1e-12);
    assertEquals(bps1, r.maxCapturedBps(), 1e-12);
    // 0.1 BTC held from 10 s to 30 s out of 40 s: mean 5,000 lots; at the 10,000 limit half the
    // time
    assertEquals(5_000.0, r.meanInventoryLots(), 1e-9);
    assertEquals(0, r.minInventoryLots());
    assertEquals(10_000, r.maxInventoryLots());
    assertEquals(0.5, r.fractionAtLimit(), 1e-12);
    // making 0..35 s; both sides live 0..10 and 15..35: 30 / 35
    assertEquals(30.0 / 35.0, r.quoteUptime(), 1e-12);
    // 20,000 of 30,000 placed lots filled; 2 of 3 orders filled
    assertEquals(2.0 / 3.0, r.lotFillRate(), 1e-12);
    assertEquals(2.0 / 3.0, r.orderFillRate(), 1e-12);
    assertEquals(1, r.makerFills());
    assertEquals(1, r.takerFills());
    assertEquals(1, r.buyFills());
    assertEquals(1, r.sellFills());
    // round trip: bought at 29,999, sold at 30,002: 3 USDT per BTC, 0.3 USDT realized, no fees
    assertEquals(30_000_000L, r.realized());
    assertEquals(30_000_000L, r.total());

    Performance restored = new Performance(spec, 10_000, perf.state());
    assertEquals(r, restored.report(t("30000"), t("30002"), 40 * S));
  }
}
