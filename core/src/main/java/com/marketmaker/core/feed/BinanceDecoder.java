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
 * ({@link #depth()}, {@link #bookTicker()}, {@link #trade()}). Invalid messages return {@link
 * Kind#REJECTED} and are counted in {@link #rejections()}; no exception escapes. Well-formed
 * messages of other streams (aggTrade, kline...) return {@link Kind#IGNORED} and are counted.
 *
 * <p>Two parsers sit behind one set of rules. A hand-written byte scanner ({@link
 * BinanceDepthScanner}) takes the compact messages Binance actually sends, allocation-free and two
 * to three times faster than Jackson on depth diffs of dozens of levels; whatever it cannot prove
 * well-formed (whitespace, escapes, exponents, nested values in unknown fields, very long numbers,
 * non-ASCII text...) is decoded again from the start by Jackson's streaming parser, which also
 * decides every malformed-JSON rejection. Both fill the same objects and record the same fields
 * present, and the message is then classified by one shared routine, so the result is the same
 * whichever parser read it.
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

  // Bits of the fields a message carried, set by either parser and read by classify().
  static final int F_U = 1;
  static final int F_LOWER_U = 1 << 1;
  static final int F_LAST_UPDATE_ID = 1 << 2;
  static final int F_BIDS_ARRAY = 1 << 3;
  static final int F_ASKS_ARRAY = 1 << 4;
  static final int F_BID_STRING = 1 << 5;
  static final int F_ASK_STRING = 1 << 6;
  static final int F_BID_SIZE = 1 << 7;
  static final int F_ASK_SIZE = 1 << 8;
  static final int F_TRADE_ID = 1 << 9;
  static final int F_PRICE = 1 << 10;
  static final int F_QTY = 1 << 11;
  static final int F_MAKER = 1 << 12;

  private static final int DEPTH_FIELDS = F_U | F_LOWER_U | F_BIDS_ARRAY | F_ASKS_ARRAY;
  private static final int TICKER_FIELDS =
      F_LOWER_U | F_BID_STRING | F_ASK_STRING | F_BID_SIZE | F_ASK_SIZE;
  private static final int TRADE_FIELDS = F_TRADE_ID | F_PRICE | F_QTY | F_MAKER;

  /** The byte scanner tried first, or null when every message goes to Jackson. */
  private final BinanceDepthScanner scanner;

  private long scannerFallbacks;
  private long scannerFaults;

  // The F_* bits of the fields the current message carried.
  private int present;
  private long tickerUpdateId;

  /**
   * @param spec the instrument; the message's {@code s} symbol must equal its symbol
   */
  public BinanceDecoder(InstrumentSpec spec) {
    this(spec, true);
  }

  /**
   * A decoder that reads every message with Jackson's streaming parser alone: the reference the
   * byte scanner is checked against, and the baseline it is measured against. Same results, slower.
   */
  public static BinanceDecoder withoutScanner(InstrumentSpec spec) {
    return new BinanceDecoder(spec, false);
  }

  /**
   * @param useScanner false to decode every message with Jackson alone (the reference the scanner
   *     is checked against)
   */
  BinanceDecoder(InstrumentSpec spec, boolean useScanner) {
    this.spec = spec;
    this.symbol = spec.id().symbol();
    this.scanner =
        useScanner && BinanceDepthScanner.supports(spec)
            ? new BinanceDepthScanner(spec, depth, bookTicker, trade)
            : null;
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

  /** Messages the byte scanner handed to Jackson because it could not prove them well-formed. */
  long scannerFallbacks() {
    return scannerFallbacks;
  }

  /** Unexpected exceptions inside the byte scanner (a bug; Jackson decoded those messages). */
  long scannerFaults() {
    return scannerFaults;
  }

  public Kind decode(byte[] message) {
    return decode(message, 0, message.length);
  }

  /** Decodes one message held in {@code buf[off, off+len)}. */
  public Kind decode(byte[] buf, int off, int len) {
    try {
      if (scanner != null) {
        int fields = scan(buf, off, len);
        if (fields != BinanceDepthScanner.FALLBACK) {
          present = fields;
          tickerUpdateId = scanner.tickerUpdateId;
          return classify();
        }
        scannerFallbacks++;
      }
      return decodeWithJackson(buf, off, len);
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

  /** The scanner's verdict; its own bugs send the message to Jackson instead of failing it. */
  private int scan(byte[] buf, int off, int len) {
    try {
      return scanner.scan(buf, off, len);
    } catch (DecodeException e) {
      throw e;
    } catch (RuntimeException e) {
      scannerFaults++;
      return BinanceDepthScanner.FALLBACK;
    }
  }

  private Kind decodeWithJackson(byte[] buf, int off, int len) throws IOException {
    try (JsonParser p = JSON.createParser(buf, off, len)) {
      return decode(p);
    }
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
    present = 0;
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
          present |= F_U;
        }
        case "u" -> {
          tickerUpdateId = JsonFields.nextLong(p, name);
          depth.finalUpdateId = tickerUpdateId;
          present |= F_LOWER_U;
        }
        case "pu" -> depth.previousFinalUpdateId = JsonFields.nextLong(p, name);
        case "lastUpdateId" -> {
          depth.finalUpdateId = JsonFields.nextLong(p, name);
          present |= F_LAST_UPDATE_ID;
        }
        case "E" -> depth.eventTimeMillis = JsonFields.nextLong(p, name);
        case "T" -> trade.tradeTimeMillis = JsonFields.nextLong(p, name);
        case "b", "bids" -> {
          if (p.nextToken() == JsonToken.VALUE_STRING) {
            bookTicker.bidPrice = JsonFields.priceTicks(p, spec, name);
            present |= F_BID_STRING;
          } else {
            JsonFields.readLevels(p, spec, depth.bids, name);
            present |= F_BIDS_ARRAY;
          }
        }
        case "a", "asks" -> {
          if (p.nextToken() == JsonToken.VALUE_STRING) {
            bookTicker.askPrice = JsonFields.priceTicks(p, spec, name);
            present |= F_ASK_STRING;
          } else {
            JsonFields.readLevels(p, spec, depth.asks, name);
            present |= F_ASKS_ARRAY;
          }
        }
        case "B" -> {
          p.nextToken();
          bookTicker.bidSize = JsonFields.sizeLots(p, spec, name);
          present |= F_BID_SIZE;
        }
        case "A" -> {
          p.nextToken();
          bookTicker.askSize = JsonFields.sizeLots(p, spec, name);
          present |= F_ASK_SIZE;
        }
        case "t" -> {
          trade.tradeId = JsonFields.nextLong(p, name);
          present |= F_TRADE_ID;
        }
        case "p" -> {
          p.nextToken();
          trade.price = JsonFields.priceTicks(p, spec, name);
          present |= F_PRICE;
        }
        case "q" -> {
          p.nextToken();
          trade.size = JsonFields.sizeLots(p, spec, name);
          present |= F_QTY;
        }
        case "m" -> {
          JsonToken v = p.nextToken();
          if (v != JsonToken.VALUE_TRUE && v != JsonToken.VALUE_FALSE) {
            throw new DecodeException(RejectReason.MALFORMED_JSON, "field 'm' is not a boolean");
          }
          trade.buyerAggressor = v == JsonToken.VALUE_FALSE;
          present |= F_MAKER;
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
    int f = present;
    if ((f & F_LAST_UPDATE_ID) != 0) {
      requireAll(f, F_BIDS_ARRAY | F_ASKS_ARRAY, "snapshot needs 'bids' and 'asks'");
      depth.firstUpdateId = depth.finalUpdateId;
      return Kind.SNAPSHOT;
    }
    if ((f & (F_BIDS_ARRAY | F_ASKS_ARRAY | F_U)) != 0) {
      requireAll(f, DEPTH_FIELDS, "depth update needs U, u, b and a");
      if (depth.firstUpdateId > depth.finalUpdateId) {
        throw new DecodeException(RejectReason.MALFORMED_JSON, "depth update has U > u");
      }
      return Kind.DEPTH_UPDATE;
    }
    if ((f & (F_BID_STRING | F_ASK_STRING | F_BID_SIZE | F_ASK_SIZE)) != 0) {
      requireAll(f, TICKER_FIELDS, "bookTicker needs u, b, B, a and A");
      bookTicker.updateId = tickerUpdateId;
      return Kind.BOOK_TICKER;
    }
    if ((f & (F_TRADE_ID | F_PRICE | F_QTY)) != 0) {
      requireAll(f, TRADE_FIELDS, "trade needs t, p, q and m");
      if (trade.size == 0) {
        throw new DecodeException(RejectReason.BAD_NUMBER, "trade of zero size");
      }
      return Kind.TRADE;
    }
    ignored++;
    return Kind.IGNORED;
  }

  private static void requireAll(int present, int needed, String what) {
    if ((present & needed) != needed) {
      throw new DecodeException(RejectReason.MISSING_FIELD, what);
    }
  }
}
