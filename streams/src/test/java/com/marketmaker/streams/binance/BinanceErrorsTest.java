package com.marketmaker.streams.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.marketmaker.core.orders.VenueException.Kind;
import org.junit.jupiter.api.Test;

/** Binance's documented error codes map onto the venue-neutral kinds the entity acts on. */
class BinanceErrorsTest {

  @Test
  void documentedCodesHaveTheirKinds() {
    assertEquals(Kind.RATE_LIMITED, BinanceErrors.kind(429, -1015, "Too many new orders"));
    assertEquals(Kind.RATE_LIMITED, BinanceErrors.kind(429, -1003, "Too much request weight"));
    assertEquals(Kind.RATE_LIMITED, BinanceErrors.kind(418, 0, "IP banned"));
    assertEquals(
        Kind.CLOCK_SKEW,
        BinanceErrors.kind(400, -1021, "Timestamp for this request is outside of the recvWindow."));
    assertEquals(Kind.UNKNOWN_ORDER, BinanceErrors.kind(400, -2011, "Unknown order sent."));
    assertEquals(Kind.DUPLICATE_ORDER, BinanceErrors.kind(400, -2010, "Duplicate order sent."));
    assertEquals(Kind.REFUSED, BinanceErrors.kind(400, -1121, "Invalid symbol."));
    assertEquals(Kind.REFUSED, BinanceErrors.kind(400, -2010, "Account has insufficient balance"));
    assertEquals(Kind.UNAVAILABLE, BinanceErrors.kind(503, 0, "Service Unavailable"));
    assertEquals(Kind.UNAVAILABLE, BinanceErrors.kind(0, 0, "cannot reach"));
  }

  @Test
  void theExceptionCarriesCodeMessageAndKind() {
    var e = BinanceErrors.of(400, -2011, "Unknown order sent.");
    assertEquals(-2011, e.code());
    assertEquals(400, e.httpStatus());
    assertEquals(Kind.UNKNOWN_ORDER, e.kind());
  }
}
