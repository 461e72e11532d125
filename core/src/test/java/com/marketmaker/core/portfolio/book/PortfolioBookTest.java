package com.marketmaker.core.portfolio.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.accounting.Side;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PortfolioBookTest {

  static final String BTC = "BINANCE:BTCUSDT";
  static final String ETHBTC = "KRAKEN:ETHBTC";
  static final String CB_BTC = "COINBASE:BTCUSD";

  static PortfolioFill btc(long id, Side side, double price, double qty, double fee) {
    return new PortfolioFill(BTC, "BINANCE", "BTC", "USDT", id, side, price, qty, fee, 1000 + id);
  }

  /**
   * Hand calculation (average cost): buy 2 @ 100 (fee 0.2), buy 1 @ 130 (fee 0.1) → 3 @ 110; sell
   * 2 @ 120 (rebate 0.05) realizes 2 × 10 = 20 → 1 @ 110; sell 3 @ 90 closes 1 at −20 (realized 0)
   * and opens −2 @ 90. Fees 0.25. Mark 100: unrealized −2 × (100 − 90) = −20, notional −200, net 0
   * − 20 − 0.25 = −20.25.
   */
  static PortfolioBook handBook() {
    PortfolioBook book = new PortfolioBook(100);
    assertTrue(book.apply(btc(1, Side.BUY, 100, 2, 0.2)));
    assertTrue(book.apply(btc(2, Side.BUY, 130, 1, 0.1)));
    assertTrue(book.apply(btc(3, Side.SELL, 120, 2, -0.05)));
    assertTrue(book.apply(btc(4, Side.SELL, 90, 3, 0)));
    book.mark(BTC, 100, 5000);
    return book;
  }

  @Test
  void averageCostRealizedAndUnrealizedByHand() {
    PortfolioBook book = handBook();
    PositionView p = book.position(BTC).orElseThrow();
    assertEquals(-2, p.quantityBase(), 1e-12);
    assertEquals(90, p.averagePrice(), 1e-12);
    assertEquals(0, p.realizedQuote(), 1e-12);
    assertEquals(0.25, p.feesQuote(), 1e-12);
    assertEquals(-200, p.notionalUsd(), 1e-12);
    assertEquals(-20, p.unrealizedUsd(), 1e-12);
    assertEquals(-20.25, p.netPnlUsd(), 1e-12);
    assertTrue(p.marked());
    assertEquals(5000, p.markTimestampMillis());
    assertEquals(1.0, p.usdPerQuote());
    assertEquals(4, p.fillsBooked());
  }

  @Test
  void partialCloseRealizesAgainstTheAverage() {
    PortfolioBook book = new PortfolioBook(100);
    book.apply(btc(1, Side.BUY, 100, 2, 0));
    book.apply(btc(2, Side.BUY, 130, 1, 0));
    book.apply(btc(3, Side.SELL, 120, 2, 0));
    PositionView p = book.position(BTC).orElseThrow();
    assertEquals(20, p.realizedQuote(), 1e-12);
    assertEquals(1, p.quantityBase(), 1e-12);
    assertEquals(110, p.averagePrice(), 1e-12);
    // not marked yet: valued at the last fill price 120, unrealized 1 * (120 - 110)
    assertFalse(p.marked());
    assertEquals(120, p.markPrice());
    assertEquals(10, p.unrealizedQuote(), 1e-12);
  }

  @Test
  void decimalDustIsSnappedToFlat() {
    PortfolioBook book = new PortfolioBook(100);
    book.apply(btc(1, Side.BUY, 100, 0.1, 0));
    book.apply(btc(2, Side.BUY, 100, 0.2, 0));
    book.apply(btc(3, Side.SELL, 101, 0.3, 0));
    PositionView p = book.position(BTC).orElseThrow();
    assertEquals(0.0, p.quantityBase());
    assertEquals(0.0, p.averagePrice());
    assertEquals(0.3, p.realizedQuote(), 1e-12);
    assertTrue(book.notionalUsdByInstrument().isEmpty());
  }

  @Test
  void duplicatesAreBookedOnce() {
    PortfolioBook book = handBook();
    assertFalse(book.apply(btc(2, Side.BUY, 130, 1, 0.1)));
    assertFalse(book.apply(btc(4, Side.SELL, 90, 3, 0)));
    BookTotals t = book.totals();
    assertEquals(4, t.fillsBooked());
    assertEquals(2, t.duplicatesRefused());
    assertEquals(-2, book.position(BTC).orElseThrow().quantityBase(), 1e-12);
    assertEquals(-2, book.positionBase(BTC), 1e-12);
    assertEquals(0, book.positionBase("KRAKEN:NEWUSD"));
    // admits() asks the same question without booking or counting anything
    assertFalse(book.admits(BTC, 2));
    assertTrue(book.admits(BTC, 99));
    assertTrue(book.admits("KRAKEN:NEWUSD", 1));
    assertEquals(2, book.totals().duplicatesRefused());
    assertTrue(book.apply(btc(99, Side.BUY, 100, 1, 0)));
  }

  @Test
  void idsOlderThanTheWindowAreRefused() {
    PortfolioBook book = new PortfolioBook(3);
    for (long id = 1; id <= 5; id++) {
      assertTrue(book.apply(btc(id, Side.BUY, 100, 1, 0)));
    }
    assertFalse(book.apply(btc(2, Side.BUY, 100, 1, 0)), "evicted from the window {3,4,5}");
    assertFalse(book.apply(btc(3, Side.BUY, 100, 1, 0)), "smallest in the window");
    assertTrue(book.apply(btc(6, Side.BUY, 100, 1, 0)));
    assertEquals(6, book.position(BTC).orElseThrow().quantityBase(), 1e-12);
  }

  /**
   * Three instruments. BTCUSDT as in {@link #handBook()}: −2 BTC marked 100 USDT. ETHBTC on Kraken:
   * buy 10 @ 0.05 BTC, fee 0.0001 BTC, marked 0.055 BTC, converted through BINANCE:BTCUSDT at 100:
   * notional 10 × 0.055 × 100 = 55, unrealized 10 × 0.005 × 100 = 5, fees 0.01. BTCUSD on Coinbase:
   * buy 1 @ 101, marked 102: notional 102, unrealized 1.
   */
  @Test
  void exposuresAndTotalsAcrossVenuesAndQuotes() {
    PortfolioBook book = handBook();
    book.apply(
        new PortfolioFill(ETHBTC, "KRAKEN", "ETH", "BTC", 7, Side.BUY, 0.05, 10, 0.0001, 2000));
    // no BTCUSDT mark yet in a fresh book: unconverted
    PortfolioBook fresh = new PortfolioBook(10);
    fresh.apply(
        new PortfolioFill(ETHBTC, "KRAKEN", "ETH", "BTC", 7, Side.BUY, 0.05, 10, 0.0001, 2000));
    PositionView unconverted = fresh.position(ETHBTC).orElseThrow();
    assertFalse(unconverted.converted());
    assertTrue(Double.isNaN(unconverted.notionalUsd()));
    assertEquals(0.5, unconverted.notionalQuote(), 1e-12);
    assertEquals(List.of(ETHBTC), fresh.exposures().unconvertedInstruments());
    assertEquals(List.of(ETHBTC), fresh.totals().unconvertedInstruments());
    assertEquals(0, fresh.exposures().grossNotionalUsd());

    book.mark(ETHBTC, 0.055, 6000);
    book.apply(new PortfolioFill(CB_BTC, "COINBASE", "BTC", "USD", 1, Side.BUY, 101, 1, 0, 3000));
    book.mark(CB_BTC, 102, 6000);

    PositionView eth = book.position(ETHBTC).orElseThrow();
    assertTrue(eth.converted());
    assertEquals(100, eth.usdPerQuote());
    assertEquals(55, eth.notionalUsd(), 1e-9);
    assertEquals(5, eth.unrealizedUsd(), 1e-9);
    assertEquals(0.01, eth.feesUsd(), 1e-12);

    Exposures ex = book.exposures();
    assertEquals(2, ex.byAsset().size());
    Exposures.AssetExposure btcAsset = ex.byAsset().get(0);
    assertEquals("BTC", btcAsset.asset());
    assertEquals(-200 + 102, btcAsset.netNotionalUsd(), 1e-9);
    assertEquals(302, btcAsset.grossNotionalUsd(), 1e-9);
    assertEquals(List.of(BTC, CB_BTC), btcAsset.instruments());
    Exposures.AssetExposure ethAsset = ex.byAsset().get(1);
    assertEquals(55, ethAsset.netNotionalUsd(), 1e-9);
    assertEquals(
        List.of("BINANCE", "COINBASE", "KRAKEN"),
        ex.byVenue().stream().map(Exposures.VenueExposure::venue).toList());
    assertEquals(200, ex.byVenue().get(0).grossNotionalUsd(), 1e-9);
    assertEquals(-200, ex.byVenue().get(0).netNotionalUsd(), 1e-9);
    assertEquals(102, ex.byVenue().get(1).grossNotionalUsd(), 1e-9);
    assertEquals(55, ex.byVenue().get(2).netNotionalUsd(), 1e-9);
    assertEquals(357, ex.grossNotionalUsd(), 1e-9);
    assertEquals(-43, ex.netNotionalUsd(), 1e-9);
    assertTrue(ex.unconvertedInstruments().isEmpty());

    BookTotals t = book.totals();
    assertEquals(0, t.realizedUsd(), 1e-9);
    assertEquals(-20 + 5 + 1, t.unrealizedUsd(), 1e-9);
    assertEquals(0.26, t.feesUsd(), 1e-9);
    assertEquals(-14.26, t.netPnlUsd(), 1e-9);
    assertEquals(6, t.fillsBooked());
    assertEquals(
        Map.of(BTC, -200.0, CB_BTC, 102.0, ETHBTC, 55.0).keySet(),
        book.notionalUsdByInstrument().keySet());
  }

  @Test
  void conversionMarkChoiceIsLatestThenLexicographic() {
    PortfolioBook book = new PortfolioBook(10);
    book.mark("KRAKEN:BTCUSDT", 110, 7000);
    book.mark("BINANCE:BTCUSDT", 100, 7000);
    assertEquals(100, book.usdPerUnit("BTC"), "equal times: BINANCE sorts first");
    book.mark("KRAKEN:BTCUSDT", 111, 7001);
    assertEquals(111, book.usdPerUnit("BTC"), "latest mark wins");
    assertEquals(1.0, book.usdPerUnit("FDUSD"));
    assertTrue(Double.isNaN(book.usdPerUnit("EUR")));
  }

  @Test
  void staleMarksAreIgnored() {
    PortfolioBook book = handBook();
    assertFalse(book.mark(BTC, 50, 4999));
    assertTrue(book.mark(BTC, 101, 5000));
    assertEquals(101, book.lastMark(BTC).orElseThrow().mid());
  }

  @Test
  void snapshotRestoreAndCopyAreEqualAndIndependent() {
    PortfolioBook book = handBook();
    book.register("KRAKEN:SOLUSD", "KRAKEN", "SOL", "USD");
    PortfolioBook restored = PortfolioBook.restore(book.snapshot());
    PortfolioBook copy = book.copy();
    assertEquals(book.positions(), restored.positions());
    assertEquals(book.totals(), restored.totals());
    assertEquals(book.exposures(), copy.exposures());
    assertFalse(restored.apply(btc(3, Side.SELL, 120, 2, 0)), "window restored");
    assertTrue(book.apply(btc(9, Side.BUY, 100, 1, 0)));
    assertEquals(-2, copy.position(BTC).orElseThrow().quantityBase(), 1e-12);
    assertEquals(-1, book.position(BTC).orElseThrow().quantityBase(), 1e-12);
    assertEquals(List.of(BTC, "KRAKEN:SOLUSD"), restored.instruments());
  }

  @Test
  void validation() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new PortfolioFill("BTCUSDT", "BINANCE", "BTC", "USDT", 1, Side.BUY, 1, 1, 0, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> new PortfolioFill(BTC, "KRAKEN", "BTC", "USDT", 1, Side.BUY, 1, 1, 0, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> new PortfolioFill(BTC, "BINANCE", "BTC", "BTC", 1, Side.BUY, 1, 1, 0, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> new PortfolioFill(BTC, "BINANCE", "BTC", "USDT", -1, Side.BUY, 1, 1, 0, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> new PortfolioFill(BTC, "BINANCE", "BTC", "USDT", 1, Side.BUY, 0, 1, 0, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> new PortfolioFill(BTC, "BINANCE", "BTC", "USDT", 1, Side.BUY, 1, Double.NaN, 0, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> new PortfolioFill(BTC, "BINANCE", "BTC", "USDT", 1, null, 1, 1, 0, 0));
    assertEquals(
        "BTC",
        new PortfolioFill(BTC, "BINANCE", "btc", "usdt", 1, Side.BUY, 1, 1, 0, 0).baseAsset());
    PortfolioBook book = handBook();
    assertThrows(
        IllegalArgumentException.class,
        () ->
            book.apply(new PortfolioFill(BTC, "BINANCE", "BTC", "USDC", 99, Side.BUY, 1, 1, 0, 0)));
    assertThrows(IllegalArgumentException.class, () -> book.mark(BTC, -1, 1));
  }
}
