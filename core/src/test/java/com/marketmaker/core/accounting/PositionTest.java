package com.marketmaker.core.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import org.junit.jupiter.api.Test;

/** Average-cost accounting, against values worked out by hand in the comments. */
class PositionTest {

  private final InstrumentSpec spec =
      InstrumentSpec.of(InstrumentId.parse("BINANCE:ETHUSDT"), "0.01", "0.0001");

  private Position book(Position p, long id, Side side, String price, String size, long fee) {
    return p.apply(new Fill(id, side, spec.priceToTicks(price), spec.sizeToLots(size), fee), spec);
  }

  @Test
  void flipFromLongToShortRealizesTheLongAndOpensAtTheFillPrice() {
    // Buy 1 @ 2000, sell 3 @ 2010: realize (2010-2000)*1 = 10, then short 2 @ 2010.
    Position p = book(Position.FLAT, 1, Side.BUY, "2000", "1", 0);
    p = book(p, 2, Side.SELL, "2010", "3", 0);
    assertEquals(-20_000, p.inventoryLots());
    assertEquals(10.0, p.realizedPnl(), 1e-9);
    assertEquals(201_000.0, p.averageEntryTicks(), 0.0);
    // cash: -2000 + 6030 = 4030
    assertEquals(4030_0000_0000L, p.cash());
    // Buy 2 @ 2005 covers the short: realize (2010-2005)*2 = 10 more, flat.
    p = book(p, 3, Side.BUY, "2005", "2", 0);
    assertEquals(0, p.inventoryLots());
    assertEquals(20.0, p.realizedPnl(), 1e-9);
    assertEquals(0.0, p.averageEntryTicks(), 0.0);
    // Flat: cash equals realized P&L when there are no fees.
    assertEquals(20_0000_0000L, p.cash());
  }

  @Test
  void feesAndRebatesGoIntoCashNotRealizedPnl() {
    Position p = book(Position.FLAT, 1, Side.BUY, "2000", "1", 1_0000_0000L); // fee 1
    p = book(p, 2, Side.SELL, "2001", "1", -5000_0000L); // rebate 0.5
    assertEquals(1.0, p.realizedPnl(), 1e-9);
    assertEquals(5000_0000L, p.fees());
    // cash = -2000 - 1 + 2001 + 0.5 = 0.5
    assertEquals(5000_0000L, p.cash());
    assertEquals(2, p.fillCount());
    assertEquals(10_000, p.boughtLots());
    assertEquals(10_000, p.soldLots());
  }
}
