package com.marketmaker.core.feed;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.marketmaker.core.instrument.InstrumentSpec;
import java.io.IOException;

/**
 * Decodes Binance spot and USD-M market-data JSON for one instrument, straight from bytes to ticks
 * and lots: {@code depthUpdate} diffs ({@code U}, {@code u}, futures {@code pu}), the REST depth
 * snapshot ({@code lastUpdateId}), {@code bookTicker} and {@code trade}, bare or wrapped in the
 * combined-stream envelope {@code {"stream":..,"data":{..}}}.
 *
 * <p>Each {@link #decode} call returns what the message was and fills the matching reusable object
 * ({@link #depth()}, {@link #bookTicker()}, {@link #trade()}); nothing is allocated for a valid
 * message beyond Jackson's parser. Invalid messages return {@link Kind#REJECTED} and are counted in
 * {@link #rejections()}; no exception escapes. Well-formed messages of other streams (aggTrade,
 * kline...) return {@link Kind#IGNORED} and are counted.
 */
public final class BinanceDecoder {

  /** What a decoded message was. */
  public enum Kind {
    DEPTH_UPDATE,
    SNAPSHOT,
    BOOK_TICKER,
    TRADE,
    IGNORED,
    REJECTED
  }

  private static final JsonFactory JSON = new JsonFactory();

  private final InstrumentSpec spec;
  private final String symbol;
  private final DepthUpdate depth = new DepthUpdate();
  private final BookTicker bookTicker = new BookTicker();
  private final Trade trade = new Trade();
  private final Rejections rejections = new Rejections();
  private long ignored;

  // Which fields the current message carried.
  private boolean hasU;
  private boolean hasLowerU;
  private boolean hasLastUpdateId;
  private boolean bidsArray;
  private boolean asksArray;
  private boolean bidString;
  private boolean askString;
  private boolean hasBidSize;
  private boolean hasAskSize;
  private boolean hasTradeId;
  private boolean hasPrice;
  private boolean hasQty;
  private boolean hasMaker;
  private long tickerUpdateId;

  /**
   * @param spec the instrument; the message's {@code s} symbol must equal its symbol
   */
  public BinanceDecoder(InstrumentSpec spec) {
    this.spec = spec;
    this.symbol = spec.id().symbol();
  }

  public DepthUpdate depth() {
    return depth;
  }

  public BookTicker bookTicker() {
    return bookTicker;
  }

  public Trade trade() {
    return trade;
  }

  public Rejections rejections() {
    return rejections;
  }

  /** Well-formed messages of streams this decoder does not handle. */
  public long ignored() {
    return ignored;
  }

  public Kind decode(byte[] message) {
    return decode(message, 0, message.length);
  }

  /** Decodes one message held in {@code buf[off, off+len)}. */
  public Kind decode(byte[] buf, int off, int len) {
    try (JsonParser p = JSON.createParser(buf, off, len)) {
      return decode(p);
    } catch (DecodeException e) {
      rejections.record(e.reason, e.getMessage());
    } catch (IOException e) {
      rejections.record(RejectReason.MALFORMED_JSON, String.valueOf(e.getMessage()));
    } catch (RuntimeException e) {
      // Last line of defence: a decoder bug or an input shape not foreseen must not kill the feed.
      rejections.record(RejectReason.MALFORMED_JSON, e.toString());
    }
    return Kind.REJECTED;
  }

  private Kind decode(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new DecodeException(RejectReason.MALFORMED_JSON, "message is not a JSON object");
    }
    resetFlags();
    readEventFields(p, true);
    if (p.nextToken() != null) {
      throw new DecodeException(RejectReason.MALFORMED_JSON, "trailing content after message");
    }
    return classify();
  }

  private void resetFlags() {
    depth.clear();
    hasU = hasLowerU = hasLastUpdateId = false;
    bidsArray = asksArray = bidString = askString = false;
    hasBidSize = hasAskSize = hasTradeId = hasPrice = hasQty = hasMaker = false;
  }

  /** Reads the fields of an object whose START_OBJECT has been consumed, up to its END_OBJECT. */
  private void readEventFields(JsonParser p, boolean envelope) throws IOException {
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      switch (name) {
        case "data" -> {
          if (!envelope) {
            throw new DecodeException(RejectReason.MALFORMED_JSON, "nested 'data'");
          }
          JsonFields.expect(p, JsonToken.START_OBJECT, name);
          readEventFields(p, false);
        }
        case "s" -> {
          JsonFields.expect(p, JsonToken.VALUE_STRING, name);
          if (!JsonFields.textEquals(p, symbol)) {
            throw new DecodeException(
                RejectReason.UNKNOWN_INSTRUMENT, "symbol " + p.getText() + " is not " + symbol);
          }
        }
        case "U" -> {
          depth.firstUpdateId = JsonFields.nextLong(p, name);
          hasU = true;
        }
        case "u" -> {
          tickerUpdateId = JsonFields.nextLong(p, name);
          depth.finalUpdateId = tickerUpdateId;
          hasLowerU = true;
        }
        case "pu" -> depth.previousFinalUpdateId = JsonFields.nextLong(p, name);
        case "lastUpdateId" -> {
          depth.finalUpdateId = JsonFields.nextLong(p, name);
          hasLastUpdateId = true;
        }
        case "E" -> depth.eventTimeMillis = JsonFields.nextLong(p, name);
        case "T" -> trade.tradeTimeMillis = JsonFields.nextLong(p, name);
        case "b", "bids" -> {
          if (p.nextToken() == JsonToken.VALUE_STRING) {
            bookTicker.bidPrice = JsonFields.priceTicks(p, spec, name);
            bidString = true;
          } else {
            JsonFields.readLevels(p, spec, depth.bids, name);
            bidsArray = true;
          }
        }
        case "a", "asks" -> {
          if (p.nextToken() == JsonToken.VALUE_STRING) {
            bookTicker.askPrice = JsonFields.priceTicks(p, spec, name);
            askString = true;
          } else {
            JsonFields.readLevels(p, spec, depth.asks, name);
            asksArray = true;
          }
        }
        case "B" -> {
          p.nextToken();
          bookTicker.bidSize = JsonFields.sizeLots(p, spec, name);
          hasBidSize = true;
        }
        case "A" -> {
          p.nextToken();
          bookTicker.askSize = JsonFields.sizeLots(p, spec, name);
          hasAskSize = true;
        }
        case "t" -> {
          trade.tradeId = JsonFields.nextLong(p, name);
          hasTradeId = true;
        }
        case "p" -> {
          p.nextToken();
          trade.price = JsonFields.priceTicks(p, spec, name);
          hasPrice = true;
        }
        case "q" -> {
          p.nextToken();
          trade.size = JsonFields.sizeLots(p, spec, name);
          hasQty = true;
        }
        case "m" -> {
          JsonToken v = p.nextToken();
          if (v != JsonToken.VALUE_TRUE && v != JsonToken.VALUE_FALSE) {
            throw new DecodeException(RejectReason.MALFORMED_JSON, "field 'm' is not a boolean");
          }
          trade.buyerAggressor = v == JsonToken.VALUE_FALSE;
          hasMaker = true;
        }
        default -> {
          // Fields not needed here (e, stream, X, M, ...): skip their value whatever its shape.
          if (p.nextToken() == null) {
            throw new DecodeException(RejectReason.MALFORMED_JSON, "truncated message");
          }
          p.skipChildren();
        }
      }
    }
    if (t != JsonToken.END_OBJECT) {
      throw new DecodeException(RejectReason.MALFORMED_JSON, "truncated message");
    }
  }

  private Kind classify() {
    if (hasLastUpdateId) {
      requireAll(bidsArray && asksArray, "snapshot needs 'bids' and 'asks'");
      depth.firstUpdateId = depth.finalUpdateId;
      return Kind.SNAPSHOT;
    }
    if (bidsArray || asksArray || hasU) {
      requireAll(hasU && hasLowerU && bidsArray && asksArray, "depth update needs U, u, b and a");
      if (depth.firstUpdateId > depth.finalUpdateId) {
        throw new DecodeException(RejectReason.MALFORMED_JSON, "depth update has U > u");
      }
      return Kind.DEPTH_UPDATE;
    }
    if (bidString || askString || hasBidSize || hasAskSize) {
      requireAll(
          hasLowerU && bidString && askString && hasBidSize && hasAskSize,
          "bookTicker needs u, b, B, a and A");
      bookTicker.updateId = tickerUpdateId;
      return Kind.BOOK_TICKER;
    }
    if (hasTradeId || hasPrice || hasQty) {
      requireAll(hasTradeId && hasPrice && hasQty && hasMaker, "trade needs t, p, q and m");
      if (trade.size == 0) {
        throw new DecodeException(RejectReason.BAD_NUMBER, "trade of zero size");
      }
      return Kind.TRADE;
    }
    ignored++;
    return Kind.IGNORED;
  }

  private static void requireAll(boolean present, String what) {
    if (!present) {
      throw new DecodeException(RejectReason.MISSING_FIELD, what);
    }
  }
}
