package com.marketmaker.streams.binance;

import com.fasterxml.jackson.databind.JsonNode;
import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.OffGridException;
import com.marketmaker.core.orders.OrderStatus;
import com.marketmaker.core.orders.OrderType;
import com.marketmaker.core.orders.OwnTrade;
import com.marketmaker.core.orders.VenueOrder;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Reads Binance's order and trade JSON (REST answers of spot {@code /api/v3} and USD-M {@code
 * /fapi/v1}) onto an instrument's grid. Every field is checked: a missing or mistyped field, an
 * unknown enum value, or a price or quantity off the tick or lot grid raises {@link Malformed} with
 * the field and value, which the caller counts and reports.
 */
final class BinanceAnswers {

  private BinanceAnswers() {}

  /** An answer that does not have the documented shape, or is off the instrument's grid. */
  static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message);
    }
  }

  static JsonNode field(JsonNode n, String name) {
    JsonNode v = n == null ? null : n.get(name);
    if (v == null || v.isNull()) {
      throw new Malformed("field '" + name + "' is missing");
    }
    return v;
  }

  static String text(JsonNode n, String name) {
    JsonNode v = field(n, name);
    if (!v.isTextual()) {
      throw new Malformed("field '" + name + "' is not a string: " + abbreviate(v.toString()));
    }
    return v.textValue();
  }

  /** A string field, or {@code fallback} when absent or null. */
  static String optText(JsonNode n, String name, String fallback) {
    JsonNode v = n.get(name);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isTextual()) {
      throw new Malformed("field '" + name + "' is not a string: " + abbreviate(v.toString()));
    }
    return v.textValue();
  }

  static long integer(JsonNode n, String name) {
    JsonNode v = field(n, name);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new Malformed("field '" + name + "' is not an integer: " + abbreviate(v.toString()));
    }
    return v.longValue();
  }

  static boolean bool(JsonNode n, String name) {
    JsonNode v = field(n, name);
    if (!v.isBoolean()) {
      throw new Malformed("field '" + name + "' is not a boolean: " + abbreviate(v.toString()));
    }
    return v.booleanValue();
  }

  /** A price field in ticks; zero is allowed (market orders carry {@code "0.00000000"}). */
  static long price(InstrumentSpec spec, JsonNode n, String name) {
    return price(spec, text(n, name), name);
  }

  static long price(InstrumentSpec spec, String value, String name) {
    try {
      long ticks = spec.priceToTicks(value);
      if (ticks < 0) {
        throw new Malformed("field '" + name + "' is negative: '" + value + "'");
      }
      return ticks;
    } catch (OffGridException e) {
      throw new Malformed(
          "field '"
              + name
              + "' is off the tick grid of "
              + spec.id()
              + " (tick "
              + spec.tickSize()
              + "): '"
              + value
              + "'");
    } catch (NumberFormatException e) {
      throw new Malformed("field '" + name + "' is not a decimal: " + e.getMessage());
    }
  }

  static long size(InstrumentSpec spec, JsonNode n, String name) {
    return size(spec, text(n, name), name);
  }

  static long size(InstrumentSpec spec, String value, String name) {
    try {
      long lots = spec.sizeToLots(value);
      if (lots < 0) {
        throw new Malformed("field '" + name + "' is negative: '" + value + "'");
      }
      return lots;
    } catch (OffGridException e) {
      throw new Malformed(
          "field '"
              + name
              + "' is off the lot grid of "
              + spec.id()
              + " (lot "
              + spec.lotSize()
              + "): '"
              + value
              + "'");
    } catch (NumberFormatException e) {
      throw new Malformed("field '" + name + "' is not a decimal: " + e.getMessage());
    }
  }

  static Side side(String value) {
    return switch (value) {
      case "BUY" -> Side.BUY;
      case "SELL" -> Side.SELL;
      default -> throw new Malformed("unknown side '" + abbreviate(value) + "'");
    };
  }

  /** Binance order status; {@code EXPIRED_IN_MATCH} (self-trade prevention) is an expiry. */
  static OrderStatus status(String value) {
    return switch (value) {
      case "NEW", "PENDING_NEW" -> OrderStatus.NEW;
      case "PARTIALLY_FILLED" -> OrderStatus.PARTIALLY_FILLED;
      case "FILLED" -> OrderStatus.FILLED;
      case "CANCELED" -> OrderStatus.CANCELED;
      case "REJECTED" -> OrderStatus.REJECTED;
      case "EXPIRED", "EXPIRED_IN_MATCH" -> OrderStatus.EXPIRED;
      default -> throw new Malformed("unknown order status '" + abbreviate(value) + "'");
    };
  }

  /**
   * Binance order type to ours: spot {@code LIMIT_MAKER}, or a USD-M {@code LIMIT} with time in
   * force {@code GTX}, is post-only.
   */
  static OrderType orderType(String type, String timeInForce) {
    return switch (type) {
      case "LIMIT" -> "GTX".equals(timeInForce) ? OrderType.LIMIT_MAKER : OrderType.LIMIT;
      case "LIMIT_MAKER" -> OrderType.LIMIT_MAKER;
      case "MARKET" -> OrderType.MARKET;
      default ->
          throw new Malformed(
              "order type '" + abbreviate(type) + "' is not one this system sends or tracks");
    };
  }

  static void requireSymbol(InstrumentSpec spec, JsonNode n) {
    String symbol = text(n, "symbol");
    if (!symbol.equals(spec.id().symbol())) {
      throw new Malformed("answer is for symbol '" + abbreviate(symbol) + "', not " + spec.id());
    }
  }

  /**
   * An order from a place, cancel or open-orders answer. {@code ourIdField} names the field that
   * holds our client order id: {@code origClientOrderId} in a spot cancel answer (whose {@code
   * clientOrderId} is the cancel request's own id), {@code clientOrderId} otherwise.
   */
  static VenueOrder order(InstrumentSpec spec, JsonNode n, String ourIdField) {
    if (n == null || !n.isObject()) {
      throw new Malformed("order is not a JSON object");
    }
    requireSymbol(spec, n);
    String tif = optText(n, "timeInForce", "");
    long time = 0;
    for (String f : new String[] {"updateTime", "transactTime", "time"}) {
      JsonNode v = n.get(f);
      if (v != null && v.isIntegralNumber()) {
        time = v.longValue();
        break;
      }
    }
    try {
      return new VenueOrder(
          spec.id(),
          text(n, ourIdField),
          integer(n, "orderId"),
          side(text(n, "side")),
          orderType(text(n, "type"), tif),
          price(spec, n, "price"),
          size(spec, n, "origQty"),
          size(spec, n, "executedQty"),
          status(text(n, "status")),
          time);
    } catch (IllegalArgumentException e) {
      // VenueOrder's own checks, e.g. more executed than ordered.
      throw new Malformed("inconsistent order: " + e.getMessage());
    }
  }

  /** Fee in the quote currency at {@link InstrumentSpec#CASH_SCALE}, or null if not convertible. */
  static Long feeInQuote(InstrumentSpec spec, String commission, String asset, long priceTicks) {
    BigDecimal amount;
    try {
      amount = new BigDecimal(commission);
    } catch (NumberFormatException e) {
      throw new Malformed("commission is not a decimal: '" + abbreviate(commission) + "'");
    }
    if (amount.signum() == 0) {
      return 0L;
    }
    String symbol = spec.id().symbol();
    if (asset == null || asset.isEmpty()) {
      return null;
    }
    BigDecimal quote;
    if (symbol.endsWith(asset)) {
      quote = amount;
    } else if (symbol.startsWith(asset)) {
      // Spot buys pay their commission in the base asset: value it at the trade price.
      quote = amount.multiply(new BigDecimal(spec.ticksToPrice(priceTicks)));
    } else {
      return null; // a third asset (BNB fee discount): not expressible in the quote currency
    }
    try {
      return quote
          .setScale(InstrumentSpec.CASH_SCALE, RoundingMode.HALF_EVEN)
          .unscaledValue()
          .longValueExact();
    } catch (ArithmeticException e) {
      throw new Malformed("commission out of range: '" + abbreviate(commission) + "'");
    }
  }

  static String abbreviate(String s) {
    return s.length() > 120 ? s.substring(0, 120) + "..." : s;
  }

  /** A trade of ours built from checked fields. */
  static OwnTrade ownTrade(
      InstrumentSpec spec,
      long tradeId,
      long orderId,
      String clientOrderId,
      Side side,
      long priceTicks,
      long lots,
      long fee,
      boolean maker,
      long time) {
    try {
      return new OwnTrade(
          spec.id(), tradeId, orderId, clientOrderId, side, priceTicks, lots, fee, maker, time);
    } catch (IllegalArgumentException e) {
      throw new Malformed("inconsistent trade: " + e.getMessage());
    }
  }
}
