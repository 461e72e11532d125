package com.marketmaker.core.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InstrumentSpecTest {

  private final InstrumentSpec btc =
      InstrumentSpec.of(InstrumentId.parse("BINANCE:BTCUSDT"), "0.01", "0.00001");

  @Test
  void parsesVenueDecimalsOntoTheGridExactly() {
    assertEquals(6_000_001L, btc.priceToTicks("60000.01"));
    assertEquals(6_000_001L, btc.priceToTicks("60000.01000000")); // Binance pads to 8 places
    assertEquals(123L, btc.sizeToLots("0.00123"));
    assertEquals(100_000L, btc.sizeToLots("1"));
    assertEquals("60000.01", btc.ticksToPrice(6_000_001L));
    assertEquals("0.00123", btc.lotsToSize(123));
    assertEquals("-0.00123", btc.lotsToSize(-123));
  }

  @Test
  void rejectsPricesOffTheTickGridAndMalformedNumbers() {
    var tick5 = InstrumentSpec.of(InstrumentId.parse("KRAKEN:XBT/USD"), "0.5", "0.0001");
    assertEquals(3, tick5.priceToTicks("1.5"));
    assertThrows(NumberFormatException.class, () -> tick5.priceToTicks("1.2"));
    assertThrows(NumberFormatException.class, () -> btc.priceToTicks("60000.001"));
    for (String bad : new String[] {"", "-", ".", "1.", ".5x", "1e3", "+1", "1,0", "NaN", " 1"}) {
      assertThrows(NumberFormatException.class, () -> btc.priceToTicks(bad), bad);
    }
    assertThrows(NumberFormatException.class, () -> btc.priceToTicks("99999999999999999999"));
  }

  @Test
  void notionalIsExactAtTheCashScale() {
    // 60000.01 * 0.00123 = 73.8000123 -> 7380001230 at 8 places
    assertEquals(7_380_001_230L, btc.notional(6_000_001L, 123L));
  }

  @Test
  void notionalOnGridsFinerThanTheCashScaleRoundsHalfEven() {
    var id = InstrumentId.parse("BINANCE:SHIBUSDT");
    // price scale 8 + size scale 2 = 10 places: one tick times one lot is 1e-10 of quote currency.
    var shib = InstrumentSpec.of(id, "0.00000001", "0.01");
    assertEquals(0, shib.notional(49, 1)); // 0.49e-8 -> 0
    assertEquals(2, shib.notional(150, 1)); // 1.5e-8 -> 2 (half to even)
    assertEquals(2, shib.notional(250, 1)); // 2.5e-8 -> 2 (half to even)
    assertEquals(3, shib.notional(251, 1)); // 2.51e-8 -> 3
    assertThrows(IllegalArgumentException.class, () -> InstrumentSpec.of(id, "0", "1"));
    assertThrows(IllegalArgumentException.class, () -> InstrumentSpec.of(id, "abc", "1"));
  }

  @Test
  void instrumentIdsNameAKnownVenueAndASymbol() {
    assertEquals(
        new InstrumentId(Venue.COINBASE, "BTC-USD"), InstrumentId.parse("coinbase:btc-usd"));
    assertEquals("KRAKEN:XBT/USD", InstrumentId.parse("KRAKEN:XBT/USD").toString());
    var unknown =
        assertThrows(IllegalArgumentException.class, () -> InstrumentId.parse("FTX:BTCUSD"));
    assertTrue(unknown.getMessage().contains("unknown venue 'FTX'"), unknown.getMessage());
    for (String bad : new String[] {"", "BINANCE", "BINANCE:", ":BTC", "A:B:C", "BINANCE:B TC"}) {
      assertThrows(IllegalArgumentException.class, () -> InstrumentId.parse(bad), bad);
    }
  }
}
