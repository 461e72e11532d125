package com.marketmaker.core.feed;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.marketmaker.core.instrument.InstrumentSpec;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Decodes Kraken websocket v1 {@code book} channel messages for many pairs on one connection.
 *
 * <p>Book messages are arrays {@code [channelID, {..}, ({..},) "book-N", "PAIR"]}. The channel id
 * comes first, so the pair's spec is known before any price is read: the decoder learns channel ids
 * from {@code subscriptionStatus} events and resolves the pair's {@link InstrumentSpec} through the
 * function given. The trailing pair name must match the channel's. Invalid messages are rejected
 * with a reason and counted; no exception escapes.
 */
public final class KrakenDecoder {

  /** What a decoded message was. */
  public enum Kind {
    BOOK,
    SUBSCRIBED,
    IGNORED,
    REJECTED
  }

  private static final JsonFactory JSON = new JsonFactory();

  private final Function<String, InstrumentSpec> specsByPair;
  private final Map<Long, InstrumentSpec> channels = new HashMap<>();
  private final Map<Long, String> channelPairs = new HashMap<>();
  private final KrakenBookMessage book = new KrakenBookMessage();
  private final Rejections rejections = new Rejections();
  private long ignored;

  /**
   * @param specsByPair the spec of a Kraken pair name such as {@code "XBT/USD"}, or null when the
   *     pair is not traded here
   */
  public KrakenDecoder(Function<String, InstrumentSpec> specsByPair) {
    this.specsByPair = specsByPair;
  }

  public KrakenBookMessage book() {
    return book;
  }

  public Rejections rejections() {
    return rejections;
  }

  public long ignored() {
    return ignored;
  }

  public Kind decode(byte[] message) {
    return decode(message, 0, message.length);
  }

  public Kind decode(byte[] buf, int off, int len) {
    try (JsonParser p = JSON.createParser(buf, off, len)) {
      JsonToken t = p.nextToken();
      Kind kind;
      if (t == JsonToken.START_ARRAY) {
        kind = decodeBook(p);
      } else if (t == JsonToken.START_OBJECT) {
        kind = decodeEvent(p);
      } else {
        throw new DecodeException(RejectReason.MALFORMED_JSON, "not a JSON object or array");
      }
      if (p.nextToken() != null) {
        throw new DecodeException(RejectReason.MALFORMED_JSON, "trailing content after message");
      }
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

  private Kind decodeEvent(JsonParser p) throws IOException {
    String event = null;
    String pair = null;
    String status = null;
    String channelName = null;
    long channelId = -1;
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      if (v == null) {
        throw new DecodeException(RejectReason.MALFORMED_JSON, "truncated message");
      }
      switch (name) {
        case "event" -> event = v == JsonToken.VALUE_STRING ? p.getText() : null;
        case "pair" -> pair = v == JsonToken.VALUE_STRING ? p.getText() : null;
        case "status" -> status = v == JsonToken.VALUE_STRING ? p.getText() : null;
        case "channelName" -> channelName = v == JsonToken.VALUE_STRING ? p.getText() : null;
        case "channelID" -> {
          if (v != JsonToken.VALUE_NUMBER_INT) {
            throw new DecodeException(RejectReason.BAD_NUMBER, "channelID is not an integer");
          }
          channelId = p.getLongValue();
        }
        default -> p.skipChildren();
      }
    }
    if (t != JsonToken.END_OBJECT) {
      throw new DecodeException(RejectReason.MALFORMED_JSON, "truncated message");
    }
    if ("subscriptionStatus".equals(event)
        && "subscribed".equals(status)
        && channelName != null
        && channelName.startsWith("book")) {
      if (channelId < 0 || pair == null) {
        throw new DecodeException(
            RejectReason.MISSING_FIELD, "subscriptionStatus needs channelID and pair");
      }
      InstrumentSpec spec = specsByPair.apply(pair);
      if (spec == null) {
        throw new DecodeException(RejectReason.UNKNOWN_INSTRUMENT, "no spec for pair " + pair);
      }
      channels.put(channelId, spec);
      channelPairs.put(channelId, pair);
      return Kind.SUBSCRIBED;
    }
    return Kind.IGNORED;
  }

  private Kind decodeBook(JsonParser p) throws IOException {
    book.clear();
    long channelId = JsonFields.nextLong(p, "channelID");
    InstrumentSpec spec = channels.get(channelId);
    if (spec == null) {
      throw new DecodeException(
          RejectReason.UNKNOWN_INSTRUMENT, "no subscription for channel " + channelId);
    }
    book.spec = spec;
    boolean sawSnapshot = false;
    boolean sawUpdate = false;
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
      JsonToken f;
      while ((f = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        switch (name) {
          case "as" -> {
            p.nextToken();
            readLevels(p, spec, book.asks, name);
            sawSnapshot = true;
          }
          case "bs" -> {
            p.nextToken();
            readLevels(p, spec, book.bids, name);
            sawSnapshot = true;
          }
          case "a" -> {
            p.nextToken();
            readLevels(p, spec, book.asks, name);
            sawUpdate = true;
          }
          case "b" -> {
            p.nextToken();
            readLevels(p, spec, book.bids, name);
            sawUpdate = true;
          }
          case "c" -> {
            JsonFields.expect(p, JsonToken.VALUE_STRING, name);
            book.checksum = parseChecksum(p);
          }
          default -> {
            if (p.nextToken() == null) {
              throw new DecodeException(RejectReason.MALFORMED_JSON, "truncated message");
            }
            p.skipChildren();
          }
        }
      }
      if (f != JsonToken.END_OBJECT) {
        throw new DecodeException(RejectReason.MALFORMED_JSON, "truncated message");
      }
    }
    // Then "book-N" and the pair name.
    if (t != JsonToken.VALUE_STRING || !JsonFields.textStartsWith(p, "book")) {
      throw new DecodeException(RejectReason.MALFORMED_JSON, "expected the channel name 'book-N'");
    }
    JsonFields.expect(p, JsonToken.VALUE_STRING, "pair");
    if (!JsonFields.textEquals(p, channelPairs.get(channelId))) {
      throw new DecodeException(
          RejectReason.UNKNOWN_INSTRUMENT, "pair " + p.getText() + " does not match its channel");
    }
    if (p.nextToken() != JsonToken.END_ARRAY) {
      throw new DecodeException(RejectReason.MALFORMED_JSON, "unexpected content after pair");
    }
    if (sawSnapshot == sawUpdate) {
      throw new DecodeException(
          RejectReason.MISSING_FIELD,
          sawSnapshot ? "mixes snapshot and update levels" : "book message without levels");
    }
    book.snapshot = sawSnapshot;
    return Kind.BOOK;
  }

  private static long parseChecksum(JsonParser p) throws IOException {
    char[] buf = p.getTextCharacters();
    int off = p.getTextOffset();
    int len = p.getTextLength();
    if (len == 0 || len > 10) {
      throw new DecodeException(RejectReason.BAD_NUMBER, "checksum out of range");
    }
    long v = 0;
    for (int i = 0; i < len; i++) {
      char c = buf[off + i];
      if (c < '0' || c > '9') {
        throw new DecodeException(RejectReason.BAD_NUMBER, "checksum is not a number");
      }
      v = v * 10 + (c - '0');
    }
    if (v > 0xFFFF_FFFFL) {
      throw new DecodeException(RejectReason.BAD_NUMBER, "checksum exceeds 32 bits");
    }
    return v;
  }

  /** Kraken levels are {@code [price, volume, timestamp]} with an optional 4th {@code "r"}. */
  private void readLevels(JsonParser p, InstrumentSpec spec, LevelBuffer out, String field)
      throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new DecodeException(RejectReason.MALFORMED_JSON, "field '" + field + "' not an array");
    }
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.START_ARRAY) {
      p.nextToken();
      long price = JsonFields.priceTicks(p, spec, field);
      p.nextToken();
      long size = JsonFields.sizeLots(p, spec, field);
      out.add(price, size);
      int extra = 0;
      JsonToken e;
      while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
        if (e == null || e.isStructStart()) {
          throw new DecodeException(
              RejectReason.MALFORMED_JSON, "field '" + field + "': bad level entry");
        }
        extra++;
        if (extra == 2 && e == JsonToken.VALUE_STRING && JsonFields.textEquals(p, "r")) {
          book.republished++;
        }
      }
    }
    if (t != JsonToken.END_ARRAY) {
      throw new DecodeException(RejectReason.MALFORMED_JSON, "field '" + field + "': bad level");
    }
  }
}
