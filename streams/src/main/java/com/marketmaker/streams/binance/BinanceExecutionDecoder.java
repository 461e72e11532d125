package com.marketmaker.streams.binance;

import com.fasterxml.jackson.databind.JsonNode;
import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.orders.ExecutionEvent;
import com.marketmaker.core.orders.ExecutionType;
import com.marketmaker.core.orders.OwnTrade;
import com.marketmaker.core.orders.VenueOrder;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decodes one frame of a Binance user-data stream: spot {@code executionReport} or USD-M {@code
 * ORDER_TRADE_UPDATE} into an {@link ExecutionEvent} (with an {@link OwnTrade} for {@code TRADE}
 * executions: trade id {@code t}, last quantity {@code l}, last price {@code L}, commission {@code
 * n} in {@code N} converted to the quote currency, maker flag {@code m}); {@code listenKeyExpired}
 * is recognised; other account events are ignored. Never throws: every frame gets an {@link
 * Outcome}.
 */
final class BinanceExecutionDecoder {

  /** What one frame was. */
  enum Kind {
    EXECUTION,
    LISTEN_KEY_EXPIRED,
    /** An account event this system does not use (balances, positions, order lists). */
    IGNORED,
    /** An order event for a symbol the registry does not know. */
    UNKNOWN_SYMBOL,
    /** An order event of a kind this system does not handle (amendment, liquidation). */
    UNSUPPORTED,
    MALFORMED
  }

  /**
   * @param event present for {@link Kind#EXECUTION}
   * @param detail the reason for the other kinds
   * @param feeInOtherAsset whether the trade's commission was in a third asset and booked as 0
   */
  record Outcome(Kind kind, ExecutionEvent event, String detail, boolean feeInOtherAsset) {
    static Outcome of(Kind kind, String detail) {
      return new Outcome(kind, null, detail, false);
    }
  }

  private final Venue venue;
  private final Function<String, Optional<InstrumentSpec>> instruments;

  /**
   * @param instruments the instruments events may be for, by Binance symbol ({@code BTCUSDT})
   */
  BinanceExecutionDecoder(Venue venue, Function<String, Optional<InstrumentSpec>> instruments) {
    this.venue = venue;
    this.instruments = instruments;
  }

  Outcome decode(String text) {
    JsonNode root;
    try {
      root = BinanceRestClient.JSON.readTree(text);
    } catch (IOException e) {
      return Outcome.of(Kind.MALFORMED, "not JSON: " + BinanceAnswers.abbreviate(text));
    }
    if (root == null || !root.isObject()) {
      return Outcome.of(Kind.MALFORMED, "not a JSON object: " + BinanceAnswers.abbreviate(text));
    }
    // Combined-stream envelope ({"stream":..,"data":{..}}) or WebSocket-API event wrapper.
    if (root.get("data") != null && root.get("data").isObject()) {
      root = root.get("data");
    } else if (root.get("event") != null && root.get("event").isObject()) {
      root = root.get("event");
    }
    JsonNode e = root.get("e");
    if (e == null || !e.isTextual()) {
      return Outcome.of(Kind.MALFORMED, "no event type 'e': " + BinanceAnswers.abbreviate(text));
    }
    try {
      return switch (e.textValue()) {
        case "executionReport" -> spot(root);
        case "ORDER_TRADE_UPDATE" -> futures(root);
        case "listenKeyExpired", "eventStreamTerminated" ->
            Outcome.of(Kind.LISTEN_KEY_EXPIRED, e.textValue());
        default -> Outcome.of(Kind.IGNORED, e.textValue());
      };
    } catch (BinanceAnswers.Malformed m) {
      return Outcome.of(
          Kind.MALFORMED, e.textValue() + ": " + m.getMessage() + " in " + abbreviate(text));
    } catch (RuntimeException r) {
      return Outcome.of(Kind.MALFORMED, e.textValue() + ": " + r + " in " + abbreviate(text));
    }
  }

  private static String abbreviate(String text) {
    return BinanceAnswers.abbreviate(text);
  }

  private Outcome spot(JsonNode n) {
    if (venue != Venue.BINANCE) {
      return Outcome.of(Kind.UNSUPPORTED, "executionReport on a USD-M stream");
    }
    // For a cancel, 'c' is the cancel request's own id and 'C' the id of the order cancelled.
    String original = BinanceAnswers.optText(n, "C", "");
    String clientId = original.isEmpty() ? BinanceAnswers.text(n, "c") : original;
    JsonNode r = n.get("r");
    String reject =
        r != null && r.isTextual() && !r.textValue().equals("NONE") ? r.textValue() : "";
    return order(n, clientId, BinanceAnswers.integer(n, "E"), reject);
  }

  private Outcome futures(JsonNode root) {
    if (venue != Venue.BINANCE_USDM) {
      return Outcome.of(Kind.UNSUPPORTED, "ORDER_TRADE_UPDATE on a spot stream");
    }
    JsonNode o = BinanceAnswers.field(root, "o");
    if (!o.isObject()) {
      throw new BinanceAnswers.Malformed("field 'o' is not an object");
    }
    return order(o, BinanceAnswers.text(o, "c"), BinanceAnswers.integer(root, "E"), "");
  }

  /** The order fields spot and USD-M share (s, S, o, f, q, p, x, X, i, l, z, L, n, N, T, t, m). */
  private Outcome order(JsonNode n, String clientId, long eventTime, String reject) {
    String symbol = BinanceAnswers.text(n, "s");
    Optional<InstrumentSpec> found = instruments.apply(symbol);
    if (found.isEmpty()) {
      return Outcome.of(Kind.UNKNOWN_SYMBOL, symbol);
    }
    InstrumentSpec spec = found.get();
    if (spec.id().venue() != venue) {
      return Outcome.of(Kind.UNKNOWN_SYMBOL, symbol + " resolves to " + spec.id());
    }
    String x = BinanceAnswers.text(n, "x");
    ExecutionType type;
    switch (x) {
      case "NEW" -> type = ExecutionType.NEW;
      case "CANCELED" -> type = ExecutionType.CANCELED;
      case "REJECTED" -> type = ExecutionType.REJECTED;
      case "TRADE" -> type = ExecutionType.TRADE;
      case "EXPIRED", "TRADE_PREVENTION" -> type = ExecutionType.EXPIRED;
      default -> {
        return Outcome.of(Kind.UNSUPPORTED, "execution type " + x + " of " + symbol);
      }
    }
    String orderType = BinanceAnswers.text(n, "o");
    if (!orderType.equals("LIMIT")
        && !orderType.equals("LIMIT_MAKER")
        && !orderType.equals("MARKET")) {
      return Outcome.of(Kind.UNSUPPORTED, "order type " + orderType + " of " + symbol);
    }
    Side side = BinanceAnswers.side(BinanceAnswers.text(n, "S"));
    long orderId = BinanceAnswers.integer(n, "i");
    long time = BinanceAnswers.integer(n, "T");
    VenueOrder order;
    try {
      order =
          new VenueOrder(
              spec.id(),
              clientId,
              orderId,
              side,
              BinanceAnswers.orderType(orderType, BinanceAnswers.optText(n, "f", "")),
              BinanceAnswers.price(spec, n, "p"),
              BinanceAnswers.size(spec, n, "q"),
              BinanceAnswers.size(spec, n, "z"),
              BinanceAnswers.status(BinanceAnswers.text(n, "X")),
              time);
    } catch (IllegalArgumentException e) {
      throw new BinanceAnswers.Malformed("inconsistent order: " + e.getMessage());
    }
    OwnTrade trade = null;
    boolean otherAsset = false;
    if (type == ExecutionType.TRADE) {
      long price = BinanceAnswers.price(spec, n, "L");
      // USD-M leaves out n and N when there is no commission.
      Long fee =
          BinanceAnswers.feeInQuote(
              spec, BinanceAnswers.optText(n, "n", "0"), BinanceAnswers.optText(n, "N", ""), price);
      if (fee == null) {
        otherAsset = true;
        fee = 0L;
      }
      trade =
          BinanceAnswers.ownTrade(
              spec,
              BinanceAnswers.integer(n, "t"),
              orderId,
              clientId,
              side,
              price,
              BinanceAnswers.size(spec, n, "l"),
              fee,
              BinanceAnswers.bool(n, "m"),
              time);
    }
    try {
      return new Outcome(
          Kind.EXECUTION,
          new ExecutionEvent(spec.id(), type, order, trade, reject, eventTime),
          null,
          otherAsset);
    } catch (IllegalArgumentException e) {
      throw new BinanceAnswers.Malformed("inconsistent event: " + e.getMessage());
    }
  }
}
