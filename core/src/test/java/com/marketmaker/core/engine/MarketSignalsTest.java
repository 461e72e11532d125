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

  @Test
  void vpinBucketsAreSizedByTheFirstTradesAndAverageTheImbalance() {
    MarketSignals book = signals();
    long now = 0;
    // 50 trades of 10 lots set the bucket volume V = 500 lots; they are not in any bucket.
    for (int i = 0; i < MarketSignals.VPIN_CALIBRATION_TRADES; i++) {
      book.onTrade(trade(10, i % 2 == 0), now += 1_000_000);
    }
    MarketSignals.Readout calibrated = book.readout(EMPTY, now);
    assertTrue(Double.isNaN(calibrated.vpin()), "no bucket yet");
    assertEquals(0, calibrated.vpinBuckets());
    assertEquals(50, calibrated.trades());
    assertTrue(Double.isNaN(calibrated.weightedMid()), "empty book");
    assertEquals(0, calibrated.volatilitySamples(), "no mid yet");

    // VPIN averages the last 50 buckets and shows nothing before there are 50. Buckets 1-25: one
    // bought trade of 500 lots each, |0 − 500| / 500 = 1; buckets 26-49: 250 bought, 250 sold, 0.
    for (int i = 0; i < 25; i++) {
      book.onTrade(trade(500, true), now += 1_000_000);
    }
    for (int i = 0; i < 24; i++) {
      book.onTrade(trade(250, true), now += 1_000_000);
      book.onTrade(trade(250, false), now += 1_000_000);
    }
    assertTrue(Double.isNaN(book.readout(EMPTY, now).vpin()), "49 buckets");
    assertEquals(49, book.readout(EMPTY, now).vpinBuckets());
    // Bucket 50 from one sold trade of 600 lots: 500 fill it (imbalance 500), 100 carry on.
    // VPIN = (25 · 500 + 24 · 0 + 500) / (50 · 500) = 0.52.
    book.onTrade(trade(600, false), now += 1_000_000);
    assertEquals(0.52, book.readout(EMPTY, now).vpin(), 1e-12);
    // Bucket 51 (100 sold carried + 400 bought: |100 − 400| = 300) replaces bucket 1 (500):
    // (24 · 500 + 500 + 300) / 25,000 = 0.512.
    book.onTrade(trade(400, true), now += 1_000_000);
    assertEquals(0.512, book.readout(EMPTY, now).vpin(), 1e-12);
    assertEquals(51, book.readout(EMPTY, now).vpinBuckets());
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
