package com.marketmaker.core.feed;

import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.OffGridException;
import java.nio.charset.StandardCharsets;

/**
 * The fast path of {@link BinanceDecoder}: reads a Binance market-data message straight from its
 * bytes into the decoder's reusable objects, with no tokenizer, no character decoding and no
 * allocation. A Jackson-based decoder spends most of its time turning bytes into tokens and
 * characters; on depth diffs of 36–68 levels that alone caps it well below a million messages a
 * second, while the decimals here can be checked and converted eight digits at a time.
 *
 * <p>The scanner accepts only a strict subset of JSON: an object with no whitespace anywhere, keys
 * and strings of printable ASCII without escapes, integers of at most 16 digits without sign,
 * leading zero, fraction or exponent, {@code true}/{@code false}/{@code null}, and - in fields the
 * decoder does not read - no nested objects or arrays. That is exactly the shape Binance sends. Key
 * order is not relied upon: every key is dispatched on its own, in whatever order and however often
 * it comes, with the same effect on the decoder's objects as the Jackson path. A message that
 * leaves the subset anywhere returns {@link #FALLBACK} and is decoded again from the start by
 * Jackson, which is also what decides every malformed-JSON rejection; the scanner never needs to
 * guess what Jackson would say about broken input.
 *
 * <p>Within the subset, the scanner applies the decoder's rules itself and throws the same {@link
 * DecodeException} at the same field as the Jackson path would: a wrong symbol, a nested {@code
 * data}, and every decimal that does not convert (off-grid, malformed, out of range, non-positive
 * price, negative size) - the latter through the instrument's own byte converter, so the values,
 * reasons and details are those of the Jackson path, whose converter has the same rules. Everything
 * that decides a message's kind afterwards (missing fields, {@code U > u}, zero-size trades) is the
 * decoder's shared classification.
 *
 * <p>Size: a little over 500 lines because every field rule the Jackson path applies has its twin
 * here, and keeping them in one class next to each other is what keeps the two paths alike.
 */
final class BinanceDepthScanner {

  /** Returned by {@link #scan} when the message must be decoded by Jackson instead. */
  static final int FALLBACK = -1;

  private static final byte[] DATA = ascii("data");
  private static final byte[] BIDS = ascii("bids");
  private static final byte[] ASKS = ascii("asks");
  private static final byte[] PU = ascii("pu");
  private static final byte[] LAST_UPDATE_ID = ascii("lastUpdateId");

  private final InstrumentSpec spec;
  private final String symbol;
  private final byte[] symbolBytes;
  private final long tick;
  private final long lot;
  private final int priceScale;
  private final int sizeScale;

  /**
   * When the tick is 10^k units of the price scale (0.01 at scale 2, 0.10 at scale 2), the scale
   * less k: a price read at that scale is already in ticks, with the digits beyond it required to
   * be zeros, instead of read at the full scale and divided by the tick. -1 otherwise.
   */
  private final int tickDigits;

  /** The same for the lot and the size scale. */
  private final int lotDigits;

  /** The {@link AsciiNumbers#shape} of the last price and the last size read. */
  private int priceShape;

  private int sizeShape;

  private final DepthUpdate depth;
  private final BookTicker bookTicker;
  private final Trade trade;

  /** The {@code u} of the last message scanned (the bookTicker's update id). */
  long tickerUpdateId;

  /** Reads the digits; holds the value of the last number read. */
  private final AsciiNumbers digits = new AsciiNumbers();

  // The F_* bits of the fields seen so far in the message.
  private int fields;

  BinanceDepthScanner(InstrumentSpec spec, DepthUpdate depth, BookTicker bookTicker, Trade trade) {
    this.spec = spec;
    this.symbol = spec.id().symbol();
    this.symbolBytes = ascii(symbol);
    this.tick = spec.tickUnscaled();
    this.lot = spec.lotUnscaled();
    this.priceScale = spec.priceScale();
    this.sizeScale = spec.sizeScale();
    this.tickDigits = gridDigits(tick, priceScale);
    this.lotDigits = gridDigits(lot, sizeScale);
    this.depth = depth;
    this.bookTicker = bookTicker;
    this.trade = trade;
  }

  /** Whether the scanner can serve {@code spec}: its symbol must be plain ASCII text. */
  static boolean supports(InstrumentSpec spec) {
    for (char c : spec.id().symbol().toCharArray()) {
      if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  /**
   * Scans one message held in {@code b[off, off+len)} into the decoder's objects.
   *
   * @return the {@code BinanceDecoder.F_*} bits of the fields present, or {@link #FALLBACK}
   * @throws DecodeException when the message is refused, exactly as the Jackson path refuses it
   */
  int scan(byte[] b, int off, int len) {
    int end = off + len;
    // A closing brace last means every run of digits or string characters below stops inside the
    // message, so bytes read past the message in eight-byte words never decide anything.
    if (len < 2 || b[off] != '{' || b[end - 1] != '}') {
      return FALLBACK;
    }
    depth.clear();
    fields = 0;
    int p = object(b, off, end, true);
    return p == end ? fields : FALLBACK;
  }

  /** Reads the object whose '{' is at {@code p}; returns the position after its '}'. */
  private int object(byte[] b, int p, int end, boolean envelope) {
    p++;
    if (p >= end) {
      return FALLBACK;
    }
    if (b[p] == '}') {
      return p + 1;
    }
    while (true) {
      if (b[p] != '"') {
        return FALLBACK;
      }
      int k = p + 1;
      int q = stringEnd(b, k, end);
      if (q < 0 || q + 2 >= end || b[q + 1] != ':') {
        return FALLBACK;
      }
      p = field(b, k, q - k, q + 2, end, envelope);
      if (p < 0 || p >= end) {
        return FALLBACK;
      }
      byte c = b[p];
      if (c == '}') {
        return p + 1;
      }
      if (c != ',' || ++p >= end) {
        return FALLBACK;
      }
    }
  }

  /** Reads the value at {@code v} of the key {@code b[k, k+klen)}; returns the next position. */
  private int field(byte[] b, int k, int klen, int v, int end, boolean envelope) {
    if (klen == 1) {
      switch (b[k]) {
        case 's':
          return symbol(b, v, end);
        case 'U':
          v = digits.integer(b, v, end);
          if (v >= 0) {
            depth.firstUpdateId = digits.value;
            fields |= BinanceDecoder.F_U;
          }
          return v;
        case 'u':
          v = digits.integer(b, v, end);
          if (v >= 0) {
            tickerUpdateId = digits.value;
            depth.finalUpdateId = digits.value;
            fields |= BinanceDecoder.F_LOWER_U;
          }
          return v;
        case 'E':
          v = digits.integer(b, v, end);
          if (v >= 0) {
            depth.eventTimeMillis = digits.value;
          }
          return v;
        case 'T':
          v = digits.integer(b, v, end);
          if (v >= 0) {
            trade.tradeTimeMillis = digits.value;
          }
          return v;
        case 't':
          v = digits.integer(b, v, end);
          if (v >= 0) {
            trade.tradeId = digits.value;
            fields |= BinanceDecoder.F_TRADE_ID;
          }
          return v;
        case 'b':
          return bidSide(b, v, end, "b");
        case 'a':
          return askSide(b, v, end, "a");
        case 'B':
          v = decimal(b, v, end, false, "B");
          if (v >= 0) {
            bookTicker.bidSize = digits.value;
            fields |= BinanceDecoder.F_BID_SIZE;
          }
          return v;
        case 'A':
          v = decimal(b, v, end, false, "A");
          if (v >= 0) {
            bookTicker.askSize = digits.value;
            fields |= BinanceDecoder.F_ASK_SIZE;
          }
          return v;
        case 'p':
          v = decimal(b, v, end, true, "p");
          if (v >= 0) {
            trade.price = digits.value;
            fields |= BinanceDecoder.F_PRICE;
          }
          return v;
        case 'q':
          v = decimal(b, v, end, false, "q");
          if (v >= 0) {
            trade.size = digits.value;
            fields |= BinanceDecoder.F_QTY;
          }
          return v;
        case 'm':
          return maker(b, v, end);
        default:
          return skipValue(b, v, end);
      }
    }
    if (is(b, k, klen, BIDS)) {
      return bidSide(b, v, end, "bids");
    }
    if (is(b, k, klen, ASKS)) {
      return askSide(b, v, end, "asks");
    }
    if (is(b, k, klen, PU)) {
      v = digits.integer(b, v, end);
      if (v >= 0) {
        depth.previousFinalUpdateId = digits.value;
      }
      return v;
    }
    if (is(b, k, klen, LAST_UPDATE_ID)) {
      v = digits.integer(b, v, end);
      if (v >= 0) {
        depth.finalUpdateId = digits.value;
        fields |= BinanceDecoder.F_LAST_UPDATE_ID;
      }
      return v;
    }
    if (is(b, k, klen, DATA)) {
      if (b[v] != '{') {
        return FALLBACK;
      }
      if (!envelope) {
        // Jackson refuses the key only once it has seen a valid start of its value.
        throw new DecodeException(RejectReason.MALFORMED_JSON, "nested 'data'");
      }
      return object(b, v, end, false);
    }
    return skipValue(b, v, end);
  }

  private int bidSide(byte[] b, int v, int end, String name) {
    byte c = b[v];
    if (c == '"') {
      v = decimal(b, v, end, true, name);
      if (v >= 0) {
        bookTicker.bidPrice = digits.value;
        fields |= BinanceDecoder.F_BID_STRING;
      }
      return v;
    }
    if (c == '[') {
      v = levels(b, v, end, depth.bids, name);
      if (v >= 0) {
        fields |= BinanceDecoder.F_BIDS_ARRAY;
      }
      return v;
    }
    return FALLBACK;
  }

  private int askSide(byte[] b, int v, int end, String name) {
    byte c = b[v];
    if (c == '"') {
      v = decimal(b, v, end, true, name);
      if (v >= 0) {
        bookTicker.askPrice = digits.value;
        fields |= BinanceDecoder.F_ASK_STRING;
      }
      return v;
    }
    if (c == '[') {
      v = levels(b, v, end, depth.asks, name);
      if (v >= 0) {
        fields |= BinanceDecoder.F_ASKS_ARRAY;
      }
      return v;
    }
    return FALLBACK;
  }

  /**
   * Reads {@code [["price","size"],...]} from the '[' at {@code p} into {@code out}; a level with
   * more than two entries is left to Jackson.
   */
  private int levels(byte[] b, int p, int end, LevelBuffer out, String name) {
    out.clear();
    p++;
    if (p >= end) {
      return FALLBACK;
    }
    if (b[p] == ']') {
      return p + 1;
    }
    while (true) {
      if (b[p] != '[' || b[p + 1] != '"') {
        return FALLBACK;
      }
      p = decimal(b, p + 1, end, true, name);
      if (p < 0 || b[p] != ',') {
        return FALLBACK;
      }
      long price = digits.value;
      p = decimal(b, p + 1, end, false, name);
      if (p < 0 || b[p] != ']') {
        return FALLBACK;
      }
      out.add(price, digits.value);
      byte c = b[p + 1];
      p += 2;
      if (c == ']') {
        return p;
      }
      if (c != ',') {
        return FALLBACK;
      }
    }
  }

  /**
   * Converts the decimal string whose opening quote is at {@code p} to ticks (a price) or lots;
   * sets the value read and returns the position after the closing quote.
   */
  private int decimal(byte[] b, int p, int end, boolean price, String name) {
    if (p < 0 || b[p] != '"') {
      return FALLBACK;
    }
    int grid = price ? tickDigits : lotDigits;
    if (grid >= 0) {
      int q = digits.unscaled(b, p + 1, grid, price ? priceShape : sizeShape);
      if (price) {
        priceShape = digits.shape;
      } else {
        sizeShape = digits.shape;
      }
      // The fast path never yields a negative value; a zero price is refused by the checked one.
      if (q >= 0 && (!price || digits.value > 0)) {
        return q;
      }
      return checkedDecimal(b, p + 1, end, price, name);
    }
    int q = digits.unscaled(b, p + 1, price ? priceScale : sizeScale);
    if (q >= 0) {
      long v = digits.value;
      long unit = price ? tick : lot;
      if (v % unit == 0) {
        v /= unit;
        if (price ? v > 0 : v >= 0) {
          digits.value = v;
          return q;
        }
      }
    }
    return checkedDecimal(b, p + 1, end, price, name);
  }

  /**
   * The scale at which values on a grid of {@code unit} (unscaled at {@code scale}) are counted in
   * units, when the unit is a power of ten within the scale; -1 otherwise. Only for scales up to
   * 11: with at most seven integer digits the fast path then never takes a value the checked
   * conversion at the full scale would find out of range.
   */
  private static int gridDigits(long unit, int scale) {
    int k = 0;
    long u = unit;
    while (u % 10 == 0) {
      u /= 10;
      k++;
    }
    return u == 1 && k <= scale && scale <= 11 ? scale - k : -1;
  }

  /**
   * The instrument's own checked conversion, for every decimal the fast path did not take: the
   * result, or the refusal with the reason and detail the Jackson path gives.
   */
  private int checkedDecimal(byte[] b, int q, int end, boolean price, String name) {
    int close = stringEnd(b, q, end);
    if (close < 0) {
      return FALLBACK;
    }
    int len = close - q;
    long v;
    try {
      v = price ? spec.priceToTicks(b, q, len) : spec.sizeToLots(b, q, len);
    } catch (OffGridException e) {
      throw new DecodeException(RejectReason.OFF_GRID, name + ": " + e.getMessage());
    } catch (NumberFormatException e) {
      throw new DecodeException(RejectReason.BAD_NUMBER, name + ": " + e.getMessage());
    }
    if (price && v <= 0) {
      throw new DecodeException(
          RejectReason.NON_POSITIVE_PRICE,
          name + ": price " + text(b, q, len) + " is not positive");
    }
    if (!price && v < 0) {
      throw new DecodeException(
          RejectReason.NEGATIVE_SIZE, name + ": size " + text(b, q, len) + " is negative");
    }
    digits.value = v;
    return close + 1;
  }

  private int symbol(byte[] b, int v, int end) {
    if (b[v] != '"') {
      return FALLBACK;
    }
    int q = v + 1;
    int close = stringEnd(b, q, end);
    if (close < 0) {
      return FALLBACK;
    }
    if (!is(b, q, close - q, symbolBytes)) {
      throw new DecodeException(
          RejectReason.UNKNOWN_INSTRUMENT, "symbol " + text(b, q, close - q) + " is not " + symbol);
    }
    return close + 1;
  }

  private int maker(byte[] b, int v, int end) {
    int after = literal(b, v, end);
    if (after < 0 || b[v] == 'n') {
      return FALLBACK;
    }
    trade.buyerAggressor = b[v] == 'f';
    fields |= BinanceDecoder.F_MAKER;
    return after;
  }

  /** Skips a value the decoder does not read: a string, an integer or a literal. */
  private int skipValue(byte[] b, int v, int end) {
    byte c = b[v];
    if (c == '"') {
      int close = stringEnd(b, v + 1, end);
      return close < 0 ? FALLBACK : close + 1;
    }
    if (AsciiNumbers.isDigit(c)) {
      return digits.integer(b, v, end);
    }
    return literal(b, v, end);
  }

  /** {@code true}, {@code false} or {@code null} at {@code v}, followed by ',' or '}'. */
  private static int literal(byte[] b, int v, int end) {
    int after;
    switch (b[v]) {
      case 't' -> after = matches(b, v, end, "true") ? v + 4 : FALLBACK;
      case 'f' -> after = matches(b, v, end, "false") ? v + 5 : FALLBACK;
      case 'n' -> after = matches(b, v, end, "null") ? v + 4 : FALLBACK;
      default -> after = FALLBACK;
    }
    if (after < 0 || after >= end || (b[after] != ',' && b[after] != '}')) {
      return FALLBACK;
    }
    return after;
  }

  private static boolean matches(byte[] b, int v, int end, String word) {
    if (v + word.length() > end) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      if (b[v + i] != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The position of the closing quote of a string whose content starts at {@code q}, or {@link
   * #FALLBACK} if the content is anything but printable ASCII without escapes.
   */
  private static int stringEnd(byte[] b, int q, int end) {
    for (int i = q; i < end; i++) {
      byte c = b[i];
      if (c == '"') {
        return i;
      }
      if (c < 0x20 || c == 0x7F || c == '\\') {
        return FALLBACK; // control characters, escapes; bytes >= 0x80 are negative
      }
    }
    return FALLBACK;
  }

  private static boolean is(byte[] b, int k, int klen, byte[] name) {
    if (klen != name.length) {
      return false;
    }
    for (int i = 0; i < klen; i++) {
      if (b[k + i] != name[i]) {
        return false;
      }
    }
    return true;
  }

  private static String text(byte[] b, int q, int len) {
    return new String(b, q, len, StandardCharsets.ISO_8859_1);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
