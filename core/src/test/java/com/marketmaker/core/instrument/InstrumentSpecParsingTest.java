package com.marketmaker.core.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Exact decimal parsing from text, chars and bytes; contract types and minimum notional. */
class InstrumentSpecParsingTest {

  private static final InstrumentSpec BTC =
      InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "BTCUSDT"), "0.01", "0.00001");

  private static long ticksFromChars(String s) {
    char[] buf = ("xx" + s + "yy").toCharArray();
    return BTC.priceToTicks(buf, 2, s.length());
  }

  private static long ticksFromBytes(String s) {
    byte[] buf = ("[" + s + "]").getBytes(StandardCharsets.US_ASCII);
    return BTC.priceToTicks(buf, 1, s.length());
  }

  @Test
  void allThreeInputFormsAgree() {
    String[] ok = {
      "61837.63", "61837.63000000", "0.01", "1", "00012.50", ".5", "92233720368547758.07"
    };
    long[] ticks = {6183763, 6183763, 1, 100, 1250, 50, 9223372036854775807L};
    for (int i = 0; i < ok.length; i++) {
      assertEquals(ticks[i], BTC.priceToTicks(ok[i]));
      assertEquals(ticks[i], ticksFromChars(ok[i]));
      assertEquals(ticks[i], ticksFromBytes(ok[i]));
    }
    assertEquals(154698, BTC.sizeToLots("1.54698000"));
    assertEquals(154698, BTC.sizeToLots("1.54698000".toCharArray(), 0, 10));
  }

  @Test
  void malformedAndOffGridAreRejectedWithDistinctTypes() {
    for (String bad :
        new String[] {
          "", "-", ".", "1.", "-.", "1e3", "1,5", "+1", "1.2.3", " 1", "92233720368547758.08"
        }) {
      assertThrows(NumberFormatException.class, () -> BTC.priceToTicks(bad), bad);
      if (!bad.isEmpty()) {
        assertThrows(NumberFormatException.class, () -> ticksFromChars(bad), bad);
        assertThrows(NumberFormatException.class, () -> ticksFromBytes(bad), bad);
      }
    }
    InstrumentSpec tenCents =
        InstrumentSpec.of(new InstrumentId(Venue.BINANCE_USDM, "BTCUSDT"), "0.10", "0.001");
    for (String off : new String[] {"61837.63", "1.001"}) {
      OffGridException e =
          assertThrows(
              OffGridException.class,
              () -> tenCents.priceToTicks(off.toCharArray(), 0, off.length()));
      assertTrue(e.getMessage().contains("tick") || e.getMessage().contains("decimal places"));
    }
    assertThrows(OffGridException.class, () -> BTC.sizeToLots("0.000001"));
    assertEquals(-5, BTC.priceToTicks("-0.05"), "sign is parsed; decoders refuse it");
  }

  @Test
  void contractTypesAndMinimumNotional() {
    InstrumentSpec spot =
        InstrumentSpec.of(
            new InstrumentId(Venue.BINANCE, "BTCUSDT"), "0.01", "0.00001", ContractType.SPOT, "5");
    // 60000.00 × 0.0001 = 6.00 USDT ≥ 5; 60000.00 × 0.00008 = 4.80 < 5.
    assertEquals(600_000_000L, spot.orderNotional(6_000_000, 10));
    assertTrue(spot.meetsMinNotional(6_000_000, 10));
    assertFalse(spot.meetsMinNotional(6_000_000, 8));
    InstrumentSpec inverse =
        InstrumentSpec.of(
            new InstrumentId(Venue.BINANCE_USDM, "BTCUSD_PERP"),
            "0.1",
            "100",
            ContractType.INVERSE,
            "100");
    // Two contracts of 100 USD face value: 200 USD whatever the price.
    assertEquals(200 * 100_000_000L, inverse.orderNotional(600_000, 2));
    assertEquals(200 * 100_000_000L, inverse.orderNotional(300_000, 2));
    assertTrue(inverse.meetsMinNotional(1, 1));
    // The five-component constructor still means a spot instrument without a minimum.
    InstrumentSpec legacy = new InstrumentSpec(BTC.id(), 1, 2, 1, 5);
    assertEquals(ContractType.SPOT, legacy.contractType());
    assertEquals(0, legacy.minNotionalUnscaled());
  }

  @Test
  void notionalOnGridsFinerThanCashScaleRoundsHalfEven() {
    // 9 price decimals + 8 size decimals: 0.000029571 × 1.00000001 = 0.0000295710029571 → 2957 at
    // 1e-8.
    InstrumentSpec ada =
        InstrumentSpec.of(new InstrumentId(Venue.KRAKEN, "ADA-XBT"), "0.000000001", "0.00000001");
    assertEquals(2957, ada.notional(29571, 100_000_001));
    // 0.000000005 × 1 = 0.000000005 → half-even rounds to 0; 0.000000015 → 2.
    assertEquals(0, ada.notional(5, 100_000_000));
    assertEquals(2, ada.notional(15, 100_000_000));
  }

  @Test
  void charAndByteParsersAgreeWithTextParserOnRandomInput() {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
    String alphabet = "0000123456789..-x";
    for (int n = 0; n < 200_000; n++) {
      StringBuilder b = new StringBuilder();
      int len = 1 + rnd.nextInt(24);
      for (int k = 0; k < len; k++) {
        b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
      }
      String text = b.toString();
      int scale = rnd.nextInt(FixedPoint.MAX_SCALE + 1);
      String expected = outcome(() -> FixedPoint.parse(text, scale));
      assertEquals(
          expected, outcome(() -> FixedPoint.parse(text.toCharArray(), 0, len, scale)), text);
      assertEquals(
          expected,
          outcome(() -> FixedPoint.parse(text.getBytes(StandardCharsets.US_ASCII), 0, len, scale)),
          text);
    }
  }

  private static String outcome(java.util.function.LongSupplier parse) {
    try {
      return Long.toString(parse.getAsLong());
    } catch (NumberFormatException e) {
      return e.getClass().getSimpleName();
    }
  }
}
