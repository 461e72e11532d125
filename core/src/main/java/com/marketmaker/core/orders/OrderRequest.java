package com.marketmaker.core.orders;

import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.instrument.InstrumentId;
import java.util.Objects;

/**
 * A new order, on the instrument's grid.
 *
 * @param clientOrderId our id for the order, unique per account and instrument: a request retried
 *     with the same id can never create a second order (Binance: {@code newClientOrderId}, 1 to 36
 *     characters of {@code [.A-Z:/a-z0-9_-]})
 * @param priceTicks limit price in ticks; ignored (0) for market orders
 * @param sizeLots quantity in lots, positive
 */
public record OrderRequest(
    InstrumentId instrument,
    String clientOrderId,
    Side side,
    OrderType type,
    TimeInForce timeInForce,
    long priceTicks,
    long sizeLots) {

  public OrderRequest {
    Objects.requireNonNull(instrument, "instrument");
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(timeInForce, "timeInForce");
    if (!validClientOrderId(clientOrderId)) {
      throw new IllegalArgumentException(
          "client order id must be 1 to 36 characters of [.A-Z:/a-z0-9_-], got '"
              + clientOrderId
              + "'");
    }
    if (type != OrderType.MARKET && priceTicks <= 0) {
      throw new IllegalArgumentException("limit price must be positive, got " + priceTicks);
    }
    if (sizeLots <= 0) {
      throw new IllegalArgumentException("size must be positive, got " + sizeLots);
    }
  }

  /**
   * Whether {@code id} is 1 to 36 characters of {@code [.A-Z:/a-z0-9_-]}. Checked character by
   * character rather than with a regular expression: every placement passes here, on the path from
   * a tick to its quote.
   */
  public static boolean validClientOrderId(String id) {
    if (id == null || id.isEmpty() || id.length() > 36) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      if (!idCharacter(id.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code c} is one of {@code [.A-Z:/a-z0-9_-]}, Binance's alphabet of client order ids:
   * characters that also go into a query string or form body without escaping.
   */
  public static boolean idCharacter(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '.'
        || c == ':'
        || c == '/'
        || c == '_'
        || c == '-';
  }

  /** A good-till-cancelled post-only limit order, the market maker's usual quote. */
  public static OrderRequest postOnly(
      InstrumentId instrument, String clientOrderId, Side side, long priceTicks, long sizeLots) {
    return new OrderRequest(
        instrument,
        clientOrderId,
        side,
        OrderType.LIMIT_MAKER,
        TimeInForce.GTC,
        priceTicks,
        sizeLots);
  }
}
