package com.marketmaker.core.feed;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonParser.NumberType;
import com.fasterxml.jackson.core.JsonToken;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.OffGridException;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Decodes Coinbase Exchange websocket {@code snapshot}, {@code l2update} ({@code level2} channel),
 * {@code ticker}, and {@code match} and {@code last_match} ({@code matches} channel) messages for
 * many products on one connection.
 *
 * <p>JSON objects have no field order, so a price may come before {@code product_id}: decimal texts
 * are first copied into a reusable character arena and converted to ticks and lots once the
 * product's spec is known. Invalid messages are rejected with a reason and counted; no exception
 * escapes. After a rejection {@code message().spec} is the product's spec when the message named a
 * known product (so the caller can charge the refusal to it), else null. Other message types
 * (subscriptions, heartbeat, error...) are counted as ignored.
 *
 * <p>A match becomes a {@link Trade}: every documented field ({@code trade_id}, {@code
 * maker_order_id}, {@code taker_order_id}, {@code side}, {@code size}, {@code price}, {@code
 * product_id}, {@code sequence}, {@code time}) must be present and valid, the size positive.
 * Coinbase's {@code side} is the maker order's side, so a {@code sell} match is a buyer-initiated
 * trade (an up-tick) and {@link Trade#buyerAggressor} is its negation. {@code last_match} is the
 * product's most recent match, which Coinbase sends once when the {@code matches} channel is
 * subscribed.
 */
public final class CoinbaseDecoder {

  /** What a decoded message was. */
  public enum Kind {
    SNAPSHOT,
    L2UPDATE,
    TICKER,
    /** A trade of the {@code matches} channel, in {@link CoinbaseMessage#trade}. */
    MATCH,
    /** The product's latest trade, sent on subscribing {@code matches}; as {@link #MATCH}. */
    LAST_MATCH,
    IGNORED,
    REJECTED
  }

  private static final JsonFactory JSON = new JsonFactory();
  private static final int BID = 0;
  private static final int ASK = 1;

  private final Function<String, InstrumentSpec> specsByProduct;
  private final CoinbaseMessage message = new CoinbaseMessage();
  private final Rejections rejections = new Rejections();
  private long ignored;

  // Arena of decimal texts: per level side, price (offset, length), size (offset, length).
  private char[] arena = new char[4096];
  private int arenaUsed;
  private int[] levels = new int[5 * 256];
  private int levelCount;
  private final int[] tickerBid = new int[2];
  private final int[] tickerAsk = new int[2];
  private final int[] tickerPrice = new int[2];
  private final int[] tickerSize = new int[2];
  private final int[] matchSize = new int[2];
  private final int[] timeText = new int[2];

  // Match fields, validated only when the message is a match (absent: 0, valid: 1, invalid: 2).
  private static final int ABSENT = 0;
  private static final int VALID = 1;
  private static final int INVALID = 2;
  private static final int SIDE_BUY = 1;
  private static final int SIDE_SELL = 2;
  private static final int SIDE_OTHER = 3;
  private int tradeIdState;
  private long tradeId;
  private int makerOrderState;
  private int takerOrderState;
  private int side;
  private boolean sawSequence;

  // A field refused before the product is known, thrown once it is (so the refusal names it).
  private DecodeException deferred;

  /**
   * @param specsByProduct the spec of a product id such as {@code "BTC-USD"}, or null when the
   *     product is not traded here
   */
  public CoinbaseDecoder(Function<String, InstrumentSpec> specsByProduct) {
    this.specsByProduct = specsByProduct;
  }

  public CoinbaseMessage message() {
    return message;
  }

  public Rejections rejections() {
    return rejections;
  }

  public long ignored() {
    return ignored;
  }

  public Kind decode(byte[] msg) {
    return decode(msg, 0, msg.length);
  }

  public Kind decode(byte[] buf, int off, int len) {
    message.clear(); // before anything can fail: a rejection leaves spec null or this product's
    try (JsonParser p = JSON.createParser(buf, off, len)) {
      Kind kind = decode(p);
      if (kind == Kind.IGNORED) {
        ignored++;
      }
      return kind;
    } catch (DecodeException e) {
      rejections.record(e.reason, e.getMessage());
    } catch (IOException e) {
      rejections.record(RejectReason.MALFORMED_JSON, String.valueOf(e.getMessage()));
    } catch (RuntimeException e) {
      rejections.record(RejectReason.MALFORMED_JSON, e.toString());
    }
    return Kind.REJECTED;
  }

  private Kind decode(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new DecodeException(RejectReason.MALFORMED_JSON, "message is not a JSON object");
    }
    arenaUsed = 0;
    levelCount = 0;
    tickerBid[1] = tickerAsk[1] = tickerPrice[1] = tickerSize[1] = matchSize[1] = -1;
    tradeIdState = makerOrderState = takerOrderState = ABSENT;
    side = ABSENT;
    sawSequence = false;
    deferred = null;
    Kind kind = null;
    String product = null;
    boolean sawLevels = false;
    boolean sawTime = false;
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      if (v == null) {
        throw new DecodeException(RejectReason.MALFORMED_JSON, "truncated message");
      }
      switch (name) {
        case "type" -> kind = typeOf(p, v);
        case "product_id" -> {
          requireString(v, name);
          product = p.getText();
        }
        case "bids" -> {
          readLevels(p, BID, name);
          sawLevels = true;
        }
        case "asks" -> {
          readLevels(p, ASK, name);
          sawLevels = true;
        }
        case "changes" -> {
          readChanges(p);
          sawLevels = true;
        }
        case "time" -> {
          if (v != JsonToken.VALUE_STRING) {
            defer(RejectReason.MALFORMED_JSON, "field 'time' not a string");
            p.skipChildren();
          } else {
            timeText[0] = copy(p);
            timeText[1] = p.getTextLength();
            sawTime = true;
          }
        }
        case "best_bid" -> keep(p, v, name, tickerBid);
        case "best_ask" -> keep(p, v, name, tickerAsk);
        case "price" -> keep(p, v, name, tickerPrice);
        case "last_size" -> keep(p, v, name, tickerSize);
        case "sequence" -> {
          if (v != JsonToken.VALUE_NUMBER_INT) {
            defer(RejectReason.BAD_NUMBER, "sequence is not an integer");
            p.skipChildren();
          } else {
            message.sequence = p.getLongValue();
            sawSequence = true;
          }
        }
        case "trade_id" -> {
          boolean integer =
              v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != NumberType.BIG_INTEGER;
          tradeIdState = integer ? VALID : INVALID;
          tradeId = integer ? p.getLongValue() : 0;
          p.skipChildren();
        }
        case "maker_order_id" -> {
          makerOrderState = orderIdState(p, v);
          p.skipChildren();
        }
        case "taker_order_id" -> {
          takerOrderState = orderIdState(p, v);
          p.skipChildren();
        }
        case "side" -> {
          side = sideOf(p, v);
          p.skipChildren();
        }
        case "size" -> {
          if (v == JsonToken.VALUE_STRING) {
            matchSize[0] = copy(p);
            matchSize[1] = p.getTextLength();
          } else {
            matchSize[1] = -2; // present but not a decimal string
            p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }
    if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
      throw new DecodeException(RejectReason.MALFORMED_JSON, "truncated or trailing content");
    }
    if (kind == null) {
      throw new DecodeException(RejectReason.MISSING_FIELD, "message has no type");
    }
    if (sawTime) {
      try {
        message.timeMicros = parseTimeMicros(arena, timeText[0], timeText[1]);
      } catch (DecodeException e) {
        defer(e.reason, e.getMessage());
      }
    }
    if (kind == Kind.IGNORED) {
      if (deferred != null) {
        throw deferred;
      }
      return kind;
    }
    if (product == null) {
      throw new DecodeException(RejectReason.MISSING_FIELD, kind + " needs product_id");
    }
    InstrumentSpec spec = specsByProduct.apply(product);
    if (spec == null) {
      throw new DecodeException(RejectReason.UNKNOWN_INSTRUMENT, "no spec for " + product);
    }
    message.spec = spec;
    if (deferred != null) {
      throw deferred;
    }
    if (kind == Kind.MATCH || kind == Kind.LAST_MATCH) {
      readMatch(spec, kind == Kind.MATCH ? "match" : "last_match", sawTime);
      return kind;
    }
    if (kind == Kind.TICKER) {
      if (tickerBid[1] < 0 || tickerAsk[1] < 0) {
        throw new DecodeException(RejectReason.MISSING_FIELD, "ticker needs best_bid, best_ask");
      }
      message.bestBid = price(spec, tickerBid, "best_bid");
      message.bestAsk = price(spec, tickerAsk, "best_ask");
      if (tickerPrice[1] >= 0) {
        message.lastPrice = price(spec, tickerPrice, "price");
      }
      if (tickerSize[1] >= 0) {
        message.lastSize = size(spec, tickerSize[0], tickerSize[1], "last_size");
      }
      return kind;
    }
    if (!sawLevels) {
      throw new DecodeException(RejectReason.MISSING_FIELD, kind + " without levels");
    }
    if (kind == Kind.L2UPDATE && !sawTime) {
      throw new DecodeException(RejectReason.MISSING_FIELD, "l2update needs time");
    }
    for (int i = 0; i < levelCount; i++) {
      int k = 5 * i;
      long px = price(spec, levels, k + 1, "price");
      long sz = size(spec, levels[k + 3], levels[k + 4], "size");
      (levels[k] == BID ? message.bids : message.asks).add(px, sz);
    }
    return kind;
  }

  private static Kind typeOf(JsonParser p, JsonToken v) throws IOException {
    requireString(v, "type");
    if (JsonFields.textEquals(p, "l2update")) {
      return Kind.L2UPDATE;
    }
    if (JsonFields.textEquals(p, "ticker")) {
      return Kind.TICKER;
    }
    if (JsonFields.textEquals(p, "snapshot")) {
      return Kind.SNAPSHOT;
    }
    if (JsonFields.textEquals(p, "match")) {
      return Kind.MATCH;
    }
    if (JsonFields.textEquals(p, "last_match")) {
      return Kind.LAST_MATCH;
    }
    return Kind.IGNORED;
  }

  private static int orderIdState(JsonParser p, JsonToken v) throws IOException {
    return v == JsonToken.VALUE_STRING && p.getTextLength() > 0 ? VALID : INVALID;
  }

  private static int sideOf(JsonParser p, JsonToken v) throws IOException {
    if (v != JsonToken.VALUE_STRING) {
      return SIDE_OTHER;
    }
    if (JsonFields.textEquals(p, "buy")) {
      return SIDE_BUY;
    }
    return JsonFields.textEquals(p, "sell") ? SIDE_SELL : SIDE_OTHER;
  }

  /** Validates the fields of a {@code match} or {@code last_match} into the message's trade. */
  private void readMatch(InstrumentSpec spec, String type, boolean sawTime) {
    if (tradeIdState == ABSENT) {
      throw new DecodeException(RejectReason.MISSING_FIELD, type + " needs trade_id");
    }
    if (tradeIdState == INVALID) {
      throw new DecodeException(RejectReason.BAD_NUMBER, type + ": trade_id is not an integer");
    }
    if (tradeId <= 0) {
      throw new DecodeException(RejectReason.BAD_NUMBER, type + ": trade_id is not positive");
    }
    orderId(makerOrderState, type, "maker_order_id");
    orderId(takerOrderState, type, "taker_order_id");
    if (side == ABSENT) {
      throw new DecodeException(RejectReason.MISSING_FIELD, type + " needs side");
    }
    if (side == SIDE_OTHER) {
      throw new DecodeException(RejectReason.MALFORMED_JSON, type + ": side is not buy or sell");
    }
    if (matchSize[1] == -1) {
      throw new DecodeException(RejectReason.MISSING_FIELD, type + " needs size");
    }
    if (matchSize[1] == -2) {
      throw new DecodeException(RejectReason.BAD_NUMBER, type + ": size must be a decimal string");
    }
    if (tickerPrice[1] < 0) {
      throw new DecodeException(RejectReason.MISSING_FIELD, type + " needs price");
    }
    if (!sawSequence) {
      throw new DecodeException(RejectReason.MISSING_FIELD, type + " needs sequence");
    }
    if (message.sequence <= 0) {
      throw new DecodeException(RejectReason.BAD_NUMBER, type + ": sequence is not positive");
    }
    if (!sawTime) {
      throw new DecodeException(RejectReason.MISSING_FIELD, type + " needs time");
    }
    Trade t = message.trade;
    t.tradeId = tradeId;
    t.price = price(spec, tickerPrice, "price");
    t.size = size(spec, matchSize[0], matchSize[1], "size");
    if (t.size == 0) {
      throw new DecodeException(RejectReason.BAD_NUMBER, type + " of zero size");
    }
    // The side is the resting (maker) order's: a maker sell was hit by a buying taker.
    t.buyerAggressor = side == SIDE_SELL;
    t.tradeTimeMillis = Math.floorDiv(message.timeMicros, 1000L);
  }

  private static void orderId(int state, String type, String field) {
    if (state == ABSENT) {
      throw new DecodeException(RejectReason.MISSING_FIELD, type + " needs " + field);
    }
    if (state == INVALID) {
      throw new DecodeException(
          RejectReason.MALFORMED_JSON, type + ": " + field + " is not a non-empty string");
    }
  }

  private static void requireString(JsonToken v, String field) {
    if (v != JsonToken.VALUE_STRING) {
      throw new DecodeException(RejectReason.MALFORMED_JSON, "field '" + field + "' not a string");
    }
  }

  private void defer(RejectReason reason, String detail) {
    if (deferred == null) {
      deferred = new DecodeException(reason, detail);
    }
  }

  private void keep(JsonParser p, JsonToken v, String field, int[] slot) throws IOException {
    if (v != JsonToken.VALUE_STRING) {
      defer(RejectReason.BAD_NUMBER, field + " must be a decimal string");
      p.skipChildren();
      return;
    }
    slot[0] = copy(p);
    slot[1] = p.getTextLength();
  }

  private int copy(JsonParser p) throws IOException {
    int len = p.getTextLength();
    if (arenaUsed + len > arena.length) {
      arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + len));
    }
    System.arraycopy(p.getTextCharacters(), p.getTextOffset(), arena, arenaUsed, len);
    int at = arenaUsed;
    arenaUsed += len;
    return at;
  }

  private void addLevel(int side, int priceOff, int priceLen, int sizeOff, int sizeLen) {
    if (5 * (levelCount + 1) > levels.length) {
      levels = Arrays.copyOf(levels, levels.length * 2);
    }
    int k = 5 * levelCount++;
    levels[k] = side;
    levels[k + 1] = priceOff;
    levels[k + 2] = priceLen;
    levels[k + 3] = sizeOff;
    levels[k + 4] = sizeLen;
  }

  /** {@code [[price, size], ...]}. */
  private void readLevels(JsonParser p, int side, String field) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new DecodeException(RejectReason.MALFORMED_JSON, field + " is not an array");
    }
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.START_ARRAY) {
      requireString(p.nextToken(), field);
      int po = copy(p);
      int pl = p.getTextLength();
      requireString(p.nextToken(), field);
      int so = copy(p);
      int sl = p.getTextLength();
      if (p.nextToken() != JsonToken.END_ARRAY) {
        throw new DecodeException(RejectReason.MALFORMED_JSON, field + ": level is not a pair");
      }
      addLevel(side, po, pl, so, sl);
    }
    if (t != JsonToken.END_ARRAY) {
      throw new DecodeException(RejectReason.MALFORMED_JSON, field + ": bad level list");
    }
  }

  /** {@code [["buy"|"sell", price, size], ...]}. */
  private void readChanges(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new DecodeException(RejectReason.MALFORMED_JSON, "changes is not an array");
    }
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.START_ARRAY) {
      requireString(p.nextToken(), "changes");
      int side;
      if (JsonFields.textEquals(p, "buy")) {
        side = BID;
      } else if (JsonFields.textEquals(p, "sell")) {
        side = ASK;
      } else {
        throw new DecodeException(RejectReason.MALFORMED_JSON, "change side " + p.getText());
      }
      requireString(p.nextToken(), "changes");
      int po = copy(p);
      int pl = p.getTextLength();
      requireString(p.nextToken(), "changes");
      int so = copy(p);
      int sl = p.getTextLength();
      if (p.nextToken() != JsonToken.END_ARRAY) {
        throw new DecodeException(RejectReason.MALFORMED_JSON, "change is not a triple");
      }
      addLevel(side, po, pl, so, sl);
    }
    if (t != JsonToken.END_ARRAY) {
      throw new DecodeException(RejectReason.MALFORMED_JSON, "bad changes list");
    }
  }

  private long price(InstrumentSpec spec, int[] slot, String field) {
    return price(spec, slot, 0, field);
  }

  private long price(InstrumentSpec spec, int[] slot, int at, String field) {
    long ticks;
    try {
      ticks = spec.priceToTicks(arena, slot[at], slot[at + 1]);
    } catch (OffGridException e) {
      throw new DecodeException(RejectReason.OFF_GRID, field + ": " + e.getMessage());
    } catch (NumberFormatException e) {
      throw new DecodeException(RejectReason.BAD_NUMBER, field + ": " + e.getMessage());
    }
    if (ticks <= 0) {
      throw new DecodeException(RejectReason.NON_POSITIVE_PRICE, field + " is not positive");
    }
    return ticks;
  }

  private long size(InstrumentSpec spec, int off, int len, String field) {
    long lots;
    try {
      lots = spec.sizeToLots(arena, off, len);
    } catch (OffGridException e) {
      throw new DecodeException(RejectReason.OFF_GRID, field + ": " + e.getMessage());
    } catch (NumberFormatException e) {
      throw new DecodeException(RejectReason.BAD_NUMBER, field + ": " + e.getMessage());
    }
    if (lots < 0) {
      throw new DecodeException(RejectReason.NEGATIVE_SIZE, field + " is negative");
    }
    return lots;
  }

  /**
   * Parses Coinbase's UTC timestamp {@code YYYY-MM-DDTHH:MM:SS[.ffffff]Z} into microseconds since
   * the epoch, without allocating.
   */
  static long parseTimeMicros(char[] b, int off, int len) {
    if (len < 20
        || b[off + 4] != '-'
        || b[off + 7] != '-'
        || b[off + 10] != 'T'
        || b[off + 13] != ':'
        || b[off + 16] != ':'
        || b[off + len - 1] != 'Z') {
      throw new DecodeException(RejectReason.MALFORMED_JSON, "bad time " + new String(b, off, len));
    }
    int year = digits(b, off, 4);
    int month = digits(b, off + 5, 2);
    int day = digits(b, off + 8, 2);
    int hour = digits(b, off + 11, 2);
    int minute = digits(b, off + 14, 2);
    int second = digits(b, off + 17, 2);
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
      throw new DecodeException(RejectReason.MALFORMED_JSON, "bad time " + new String(b, off, len));
    }
    long micros = 0;
    int fracEnd = off + len - 1;
    if (off + 19 < fracEnd) {
      if (b[off + 19] != '.' || fracEnd - (off + 20) > 9 || fracEnd == off + 20) {
        throw new DecodeException(RejectReason.MALFORMED_JSON, "bad time fraction");
      }
      int scale = 0;
      for (int i = off + 20; i < fracEnd; i++) {
        char c = b[i];
        if (c < '0' || c > '9') {
          throw new DecodeException(RejectReason.MALFORMED_JSON, "bad time fraction");
        }
        if (scale < 6) {
          micros = micros * 10 + (c - '0');
          scale++;
        }
      }
      for (; scale < 6; scale++) {
        micros *= 10;
      }
    } else if (off + 19 != fracEnd) {
      throw new DecodeException(RejectReason.MALFORMED_JSON, "bad time " + new String(b, off, len));
    }
    long days = daysFromCivil(year, month, day);
    return ((days * 24 + hour) * 60 + minute) * 60_000_000L + second * 1_000_000L + micros;
  }

  private static int digits(char[] b, int off, int n) {
    int v = 0;
    for (int i = 0; i < n; i++) {
      char c = b[off + i];
      if (c < '0' || c > '9') {
        throw new DecodeException(RejectReason.MALFORMED_JSON, "bad digit in time");
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
  private static long daysFromCivil(int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
  }
}
