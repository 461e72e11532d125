package com.marketmaker.simulator.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One trade printed on a Kraken pair's {@code trade} channel, in websocket v1's own terms: the
 * array {@code [price, volume, time, side, orderType, misc]} of the trade message, with decimals as
 * strings, {@code time} in seconds since the epoch with a fraction ({@code "1534614057.321597"}),
 * {@code side} the taker's ({@code b} buy, {@code s} sell) and {@code orderType} the taker's
 * ({@code l} limit, {@code m} market). {@code misc} is always empty.
 *
 * <p>A trade is valid once constructed: price, volume and time are plain positive decimals, side
 * and order type one of their letters; anything else is refused with an {@link
 * IllegalArgumentException} naming the field.
 *
 * @param price decimal price, sent as given
 * @param volume decimal volume, sent as given
 * @param time seconds since the epoch, sent as given
 * @param side {@code b} or {@code s}
 * @param orderType {@code l} or {@code m}
 */
public record KrakenTrade(String price, String volume, String time, String side, String orderType) {

  /** Digits with an optional fraction: no sign, no exponent, as Kraken prints its decimals. */
  private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,20}(\\.[0-9]{1,20})?");

  private static final Set<String> FIELDS = Set.of("price", "volume", "time", "side", "orderType");

  public KrakenTrade {
    positiveDecimal("price", price);
    positiveDecimal("volume", volume);
    positiveDecimal("time", time);
    if (!"b".equals(side) && !"s".equals(side)) {
      throw new IllegalArgumentException("'side' must be \"b\" (buy) or \"s\" (sell), got " + side);
    }
    if (!"l".equals(orderType) && !"m".equals(orderType)) {
      throw new IllegalArgumentException(
          "'orderType' must be \"l\" (limit) or \"m\" (market), got " + orderType);
    }
  }

  /** The current time as Kraken prints it: seconds with six decimals. */
  public static String timeNow() {
    Instant now = Instant.now();
    long micros =
        Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1000);
    return BigDecimal.valueOf(micros, 6).toPlainString();
  }

  /**
   * A trade of an admin request: an object with {@code price}, {@code volume} and {@code side}
   * required, {@code time} (default now) and {@code orderType} (default {@code l}) optional, and no
   * other field.
   *
   * @param where how the message names the trade ("trades[0]")
   * @throws IllegalArgumentException saying what is wrong with it
   */
  static KrakenTrade fromJson(JsonNode n, String where) {
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException(where + " must be an object with " + FIELDS);
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        throw new IllegalArgumentException(
            where + ": unknown field '" + f + "'; allowed: " + FIELDS);
      }
    }
    try {
      return new KrakenTrade(
          text(n, "price", null),
          text(n, "volume", null),
          text(n, "time", timeNow()),
          text(n, "side", null),
          text(n, "orderType", "l"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage());
    }
  }

  /** {@code [price, volume, time, side, orderType, ""]}. */
  ArrayNode toJson() {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    return a.add(price).add(volume).add(time).add(side).add(orderType).add("");
  }

  private static String text(JsonNode n, String field, String dflt) {
    JsonNode v = n.get(field);
    if (v == null) {
      if (dflt == null) {
        throw new IllegalArgumentException("'" + field + "' is required");
      }
      return dflt;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException("'" + field + "' must be a string, got " + v);
    }
    return v.asText();
  }

  private static void positiveDecimal(String field, String value) {
    if (value == null || !DECIMAL.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "'" + field + "' must be a decimal string such as \"5541.20000\", got " + value);
    }
    if (new BigDecimal(value).signum() <= 0) {
      throw new IllegalArgumentException("'" + field + "' must be positive, got " + value);
    }
  }
}
