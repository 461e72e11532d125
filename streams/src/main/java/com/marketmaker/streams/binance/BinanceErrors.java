package com.marketmaker.streams.binance;

import com.marketmaker.core.orders.VenueException;
import com.marketmaker.core.orders.VenueException.Kind;

/**
 * Binance's error codes as venue-neutral {@link Kind}s (Binance spot API "Error codes": -1003 too
 * much request weight, -1015 too many new orders, -1021 timestamp outside the recvWindow, -2011
 * cancel of an unknown order; a re-used client order id is refused with "Duplicate order sent.").
 */
final class BinanceErrors {

  static final int TOO_MUCH_REQUEST_WEIGHT = -1003;
  static final int TOO_MANY_ORDERS = -1015;
  static final int TIMESTAMP_OUTSIDE_WINDOW = -1021;
  static final int UNKNOWN_ORDER = -2011;

  private BinanceErrors() {}

  /** The exception for an answer with HTTP {@code status} and Binance {@code code}. */
  static VenueException of(int status, int code, String message) {
    return new VenueException(status, code, message, kind(status, code, message));
  }

  static Kind kind(int status, int code, String message) {
    if (code == TOO_MANY_ORDERS || code == TOO_MUCH_REQUEST_WEIGHT) {
      return Kind.RATE_LIMITED;
    }
    if (code == TIMESTAMP_OUTSIDE_WINDOW) {
      return Kind.CLOCK_SKEW;
    }
    if (code == UNKNOWN_ORDER) {
      return Kind.UNKNOWN_ORDER;
    }
    if (message != null && message.contains("Duplicate order")) {
      return Kind.DUPLICATE_ORDER;
    }
    return Kind.ofStatus(status);
  }
}
