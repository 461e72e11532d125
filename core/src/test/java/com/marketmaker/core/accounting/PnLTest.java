package com.marketmaker.core.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.marketmaker.core.instrument.ContractType;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import org.junit.jupiter.api.Test;

/** Exact P&amp;L against values worked out by hand in the comments (1 USDT = 10^8 cash units). */
class PnLTest {

  private static final long USDT = 100_000_000L;

  // Tick 0.1, lot 0.001: notional(ticks, lots) = ticks × lots × 10^4 cash units.
  private final InstrumentSpec perp =
      InstrumentSpec.of(
          InstrumentId.parse("BINANCE_USDM:BTCUSDT"), "0.10", "0.001", ContractType.LINEAR, "5");
  private final FeeSchedule fees = FeeSchedule.binanceUsdmRegular();

  private long ticks(String price) {
    return perp.priceToTicks(price);
  }

  private long lots(String size) {
    return perp.sizeToLots(size);
  }

  @Test
  void feesOfTheRegularUsdmTierAreTwoAndFiveBasisPoints() {
    // 0.5 BTC at 30,000 = 15,000 USDT; maker 0.02% = 3 USDT; taker 0.05% = 7.5 USDT
    assertEquals(3 * USDT, fees.fee(perp, ticks("30000"), lots("0.5"), true));
    assertEquals(750_000_000L, fees.fee(perp, ticks("30000"), lots("0.5"), false));
  }

  @Test
  void averageCostRealizesOnReductionsAndFlipsAtTheFillPrice() {
    PnL p = PnL.FLAT;
    // F1 buy 0.5 @ 30,000 maker: notional 15,000, fee 3. Inventory 0.5, cost 15,000.
    long f1 = fees.fee(perp, ticks("30000"), lots("0.5"), true);
    p = p.apply(Side.BUY, ticks("30000"), lots("0.5"), f1, true, perp);
    // F2 buy 0.25 @ 30,300 taker: notional 7,575, fee 0.05% = 3.7875. Cost 22,575 for 0.75,
    // average 30,100.
    long f2 = fees.fee(perp, ticks("30300"), lots("0.25"), false);
    assertEquals(378_750_000L, f2);
    p = p.apply(Side.BUY, ticks("30300"), lots("0.25"), f2, false, perp);
    assertEquals(301_000.0, p.averageEntryTicks(perp), 1e-9);
    // F3 sell 0.3 @ 30,500 maker with a 0.915 rebate: releases 22,575 × 0.3/0.75 = 9,030 of cost,
    // realizes 9,150 - 9,030 = 120. Cost 13,545 for 0.45.
    p = p.apply(Side.SELL, ticks("30500"), lots("0.3"), -91_500_000L, true, perp);
    assertEquals(120 * USDT, p.realized());
    assertEquals(13_545 * USDT, p.openCost());
    // F4 sell 0.6 @ 29,900 taker, fee 0.05% of 17,940 = 8.97: closes 0.45 (notional 13,455
    // against cost 13,545: -90) and opens a 0.15 short at 29,900 (proceeds 4,485).
    long f4 = fees.fee(perp, ticks("29900"), lots("0.6"), false);
    assertEquals(897_000_000L, f4);
    p = p.apply(Side.SELL, ticks("29900"), lots("0.6"), f4, false, perp);
    assertEquals(lots("-0.15"), p.inventoryLots());
    assertEquals(30 * USDT, p.realized());
    assertEquals(-4_485 * USDT, p.openCost());
    assertEquals(299_000.0, p.averageEntryTicks(perp), 1e-9);
    // trading cash: -15,000 - 7,575 + 9,150 + 17,940 = 4,515
    assertEquals(4_515 * USDT, p.tradingCash());
    assertEquals(p.realized(), p.tradingCash() + p.openCost(), "realized = cash + open cost");
    // fees kept apart: maker 3, taker 3.7875 + 8.97 = 12.7575, rebates 0.915; net 14.8425
    assertEquals(3 * USDT, p.makerFees());
    assertEquals(1_275_750_000L, p.takerFees());
    assertEquals(91_500_000L, p.rebates());
    assertEquals(1_484_250_000L, p.totalFees());
    // marked at bid 29,800.0 / ask 29,800.2 (mid 29,800.1): value -0.15 × 29,800.1 = -4,470.015,
    // unrealized -4,470.015 + 4,485 = 14.985; total 30 + 14.985 - 14.8425 = 30.1425
    long bid = ticks("29800.0");
    long ask = ticks("29800.2");
    assertEquals(-447_001_500_000L, p.markValue(perp, bid, ask));
    assertEquals(1_498_500_000L, p.unrealized(perp, bid, ask));
    assertEquals(3_014_250_000L, p.total(perp, bid, ask));
    assertEquals(p.total(perp, bid, ask), p.cash() + p.markValue(perp, bid, ask));
    assertEquals(4, p.fills());
  }

  @Test
  void aPartialCloseRoundsTheReleasedCostHalfEvenAndFlatMeansRealizedEqualsCash() {
    // Tick 0.01, lot 0.001: notional = ticks × lots × 1,000 cash units.
    InstrumentSpec spec = InstrumentSpec.of(InstrumentId.parse("BINANCE:XUSDT"), "0.01", "0.001");
    PnL p = PnL.FLAT;
    p = p.apply(Side.BUY, 1, 1, 0, true, spec); // cost 1,000
    p = p.apply(Side.BUY, 2, 2, 0, true, spec); // cost 4,000: 5,000 for 3 lots
    // sell 1 lot @ 2: releases 5,000 / 3 = 1,666.67 -> 1,667; realizes 2,000 - 1,667 = 333
    p = p.apply(Side.SELL, 2, 1, 0, true, spec);
    assertEquals(333, p.realized());
    assertEquals(3_333, p.openCost());
    // sell the last 2 @ 2: releases all 3,333, realizes 4,000 - 3,333 = 667: 1,000 in all,
    // which is exactly the cash of the round trip (-5,000 + 2,000 + 4,000)
    p = p.apply(Side.SELL, 2, 2, 0, true, spec);
    assertEquals(0, p.inventoryLots());
    assertEquals(0, p.openCost());
    assertEquals(1_000, p.realized());
    assertEquals(p.tradingCash(), p.realized());
  }
}
