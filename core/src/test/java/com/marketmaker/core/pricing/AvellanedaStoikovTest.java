package com.marketmaker.core.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AvellanedaStoikovTest {

  // Hand-derived from AS (2008): s = 100, q = 2, gamma = 0.1, sigma = 2, k = 1.5, T - t = 0.5.
  //   r      = 100 - 2 * 0.1 * 4 * 0.5                   = 99.6
  //   spread = 0.1 * 4 * 0.5 + (2 / 0.1) * ln(1 + 0.1/1.5) = 0.2 + 20 * ln(16/15)
  //          = 0.2 + 20 * 0.06453852113757118             = 1.4907704227514236
  @Test
  void reservationPriceAndSpreadMatchHandDerivedValues() {
    var as = new AvellanedaStoikov(0.1, 1.5, AvellanedaStoikov.Horizon.finite(1.0));
    assertEquals(99.6, as.reservationPrice(100, 2, 2, 0.5), 1e-12);
    assertEquals(1.4907704227514236, as.spread(2, 0.5), 1e-12);
    ModelQuote quote = as.quote(100, 2, 2, 0.5);
    assertEquals(99.6 - 1.4907704227514236 / 2, quote.bid(), 1e-12);
    assertEquals(99.6 + 1.4907704227514236 / 2, quote.ask(), 1e-12);
  }

  // Short inventory raises the reservation price: q = -3, gamma = 1, sigma = 0.5, T - t = 2:
  //   r = 50 + 3 * 1 * 0.25 * 2 = 51.5 ; spread = 1 * 0.25 * 2 + 2 * ln(1 + 1/2) = 0.5 + 2 ln 1.5
  @Test
  void shortInventoryRaisesReservationPrice() {
    var as = new AvellanedaStoikov(1.0, 2.0, AvellanedaStoikov.Horizon.finite(3.0));
    assertEquals(51.5, as.reservationPrice(50, -3, 0.5, 1.0), 1e-12);
    assertEquals(0.5 + 2 * Math.log(1.5), as.spread(0.5, 1.0), 1e-12);
  }

  @Test
  void finiteHorizonCollapsesToIntensitySpreadAtAndAfterTheEnd() {
    var as = new AvellanedaStoikov(0.1, 1.5, AvellanedaStoikov.Horizon.finite(1.0));
    double intensityOnly = 20 * Math.log(16.0 / 15.0);
    assertEquals(intensityOnly, as.spread(2, 1.0), 1e-12);
    assertEquals(intensityOnly, as.spread(2, 7.0), 1e-12);
    assertEquals(100.0, as.reservationPrice(100, 5, 2, 2.0), 0.0);
  }

  @Test
  void rollingHorizonUsesConstantLookAhead() {
    var as = new AvellanedaStoikov(0.1, 1.5, AvellanedaStoikov.Horizon.rolling(0.5));
    // Same numbers as the finite case with T - t = 0.5, at any clock time.
    for (double t : new double[] {0, 10, 1e6}) {
      assertEquals(99.6, as.reservationPrice(100, 2, 2, t), 1e-12);
      assertEquals(1.4907704227514236, as.spread(2, t), 1e-12);
    }
  }

  @Test
  void rejectsBadParameters() {
    var h = AvellanedaStoikov.Horizon.finite(1);
    assertMessage(() -> new AvellanedaStoikov(0, 1.5, h), "gamma");
    assertMessage(() -> new AvellanedaStoikov(-0.1, 1.5, h), "gamma");
    assertMessage(() -> new AvellanedaStoikov(Double.NaN, 1.5, h), "gamma");
    assertMessage(() -> new AvellanedaStoikov(0.1, 0, h), "k");
    assertMessage(() -> new AvellanedaStoikov(0.1, -1, h), "k");
    assertMessage(() -> AvellanedaStoikov.Horizon.rolling(0), "tau");
    var as = new AvellanedaStoikov(0.1, 1.5, h);
    assertMessage(() -> as.quote(100, 0, Double.NaN, 0), "sigma");
  }

  static void assertMessage(Runnable r, String fragment) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(
        e.getMessage().contains(fragment),
        () -> "message '" + e.getMessage() + "' should mention " + fragment);
  }
}
