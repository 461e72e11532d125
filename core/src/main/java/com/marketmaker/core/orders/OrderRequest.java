package com.marketmaker.core.orders;

import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.instrument.InstrumentId;
import java.util.Objects;
import java.util.regex.Pattern;

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

  private static final Pattern CLIENT_ID = Pattern.compile("[.A-Z:/a-z0-9_-]{1,36}");

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

  public static boolean validClientOrderId(String id) {
    return id != null && CLIENT_ID.matcher(id).matches();
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
