package com.marketmaker.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.book.PriceLadderOrderBook;
import com.marketmaker.core.feed.Trade;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import org.junit.jupiter.api.Test;

/**
 * The trade signals an operator sees. VPIN is checked against its definition (Easley, López de
 * Prado and O'Hara 2012, eq. 7: the mean of |sell − buy| / V over the completed equal-volume
 * buckets), worked by hand for the trades fed here.
 */
class MarketSignalsTest {

  private static final InstrumentSpec SPEC =
      InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "BTCUSDT"), "0.01", "0.001");
  private static final long S = 1_000_000_000L;
  private static final PriceLadderOrderBook EMPTY = new PriceLadderOrderBook();

  private static MarketSignals signals() {
    return new MarketSignals(SPEC, 30, 250_000_000L, 1.0, 60);
  }

  private static Trade trade(long lots, boolean buyer) {
    Trade t = new Trade();
    t.price = 6_000_000;
    t.size = lots;
    t.buyerAggressor = buyer;
    return t;
  }

  private static Trade trade(long price, long lots, boolean buyer) {
    Trade t = trade(lots, buyer);
    t.price = price;
    return t;
  }

  /** A two-sided book at 100.00 / 100.01, mid 10,000.5 ticks. */
  private static PriceLadderOrderBook book() {
    PriceLadderOrderBook b = new PriceLadderOrderBook();
    b.apply(com.marketmaker.core.book.Side.BID, 10_000, 1_000);
    b.apply(com.marketmaker.core.book.Side.ASK, 10_001, 1_000);
    return b;
  }

  /**
   * VPIN classifies volume in bulk over one-second bars (Easley, López de Prado and O'Hara 2012,
   * eq. 7 with bulk volume classification): V·Φ(ΔP/σ_ΔP) of a bar counts as bought. Ten trades of
   * 10 lots a second set the bucket to ten bars' volume, 1,000 lots; VPIN shows after 50 buckets.
   */
  @Test
  void vpinClassifiesOneSecondBarsInBulkAndAveragesFiftyBuckets() {
    MarketSignals rising = signals();
    MarketSignals flat = signals();
    rising.onBook(book(), 0);
    flat.onBook(book(), 0);
    // σ is the prior, 1 bp/√s of the mid: about one tick over a bar; a bar rising 10 ticks is
    // 10σ up, Φ(10) = 1 to double precision: all of it bought.
    long price = 10_000;
    long now = 0;
    for (int bar = 0; bar < 560; bar++) {
      price += 10;
      for (int i = 0; i < 10; i++) {
        now = bar * S + i * (S / 10);
        rising.onTrade(trade(price, 10, i % 2 == 0), now);
        flat.onTrade(trade(10_000, 10, i % 2 == 0), now);
      }
      if (bar == 500) {
        // 5 calibration bars, then 49 buckets of 10 bars are not enough.
        assertTrue(Double.isNaN(rising.readout(EMPTY, now).vpin()), "before 50 buckets");
      }
    }
    rising.onClock(now + S);
    flat.onClock(now + S);
    MarketSignals.Readout r = rising.readout(EMPTY, now + S);
    assertTrue(r.vpinBuckets() >= 50, "buckets: " + r.vpinBuckets());
    assertEquals(1.0, r.vpin(), 1e-9, "every bar moved 10σ up: all buys");
    // A bar without a price move is split evenly: |buy − sell| = 0.
    assertEquals(0.0, flat.readout(EMPTY, now + S).vpin(), 1e-12);
  }

  @Test
  void tradeFlowIsTheSignedTakerVolumeOfTheLastMinute() {
    MarketSignals book = signals();
    book.onTrade(trade(2_000, true), 0); // 2 BTC bought
    book.onTrade(trade(500, false), 10 * S); // 0.5 sold
    assertEquals(1.5, book.readout(EMPTY, 10 * S).tradeFlow(), 1e-12);
    // 65 s later the first trade is out of the 60 s window, the second is not.
    assertEquals(-0.5, book.readout(EMPTY, 65 * S).tradeFlow(), 1e-12);
    assertEquals(0.0, book.readout(EMPTY, 80 * S).tradeFlow(), 1e-12);
    assertEquals(2, book.readout(EMPTY, 80 * S).trades());
  }
}
