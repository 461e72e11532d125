package com.marketmaker.core.feed;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.OffGridException;
import java.io.IOException;

/** Allocation-free helpers shared by the venue decoders, on top of Jackson's streaming parser. */
final class JsonFields {

  private JsonFields() {}

  /** Whether the current string token equals {@code expected}, compared without allocating. */
  static boolean textEquals(JsonParser p, String expected) throws IOException {
    int len = p.getTextLength();
    if (len != expected.length()) {
      return false;
    }
    char[] buf = p.getTextCharacters();
    int off = p.getTextOffset();
    for (int i = 0; i < len; i++) {
      if (buf[off + i] != expected.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the current string token starts with {@code prefix}, compared without allocating. */
  static boolean textStartsWith(JsonParser p, String prefix) throws IOException {
    int len = p.getTextLength();
    if (len < prefix.length()) {
      return false;
    }
    char[] buf = p.getTextCharacters();
    int off = p.getTextOffset();
    for (int i = 0; i < prefix.length(); i++) {
      if (buf[off + i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  static void expect(JsonParser p, JsonToken token, String field) throws IOException {
    JsonToken t = p.nextToken();
    if (t != token) {
      throw new DecodeException(
          RejectReason.MALFORMED_JSON, "field '" + field + "': expected " + token + ", got " + t);
    }
  }

  /** Reads the next token as an integer (JSON number). */
  static long nextLong(JsonParser p, String field) throws IOException {
    JsonToken t = p.nextToken();
    if (t != JsonToken.VALUE_NUMBER_INT) {
      throw new DecodeException(
          RejectReason.BAD_NUMBER, "field '" + field + "' is not an integer: " + t);
    }
    return p.getLongValue();
  }

  /** Converts the current string token, a decimal price, to ticks; must be positive. */
  static long priceTicks(JsonParser p, InstrumentSpec spec, String field) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw new DecodeException(
          RejectReason.BAD_NUMBER, "field '" + field + "': price must be a decimal string");
    }
    long ticks;
    try {
      ticks = spec.priceToTicks(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    } catch (OffGridException e) {
      throw new DecodeException(RejectReason.OFF_GRID, field + ": " + e.getMessage());
    } catch (NumberFormatException e) {
      throw new DecodeException(RejectReason.BAD_NUMBER, field + ": " + e.getMessage());
    }
    if (ticks <= 0) {
      throw new DecodeException(
          RejectReason.NON_POSITIVE_PRICE, field + ": price " + p.getText() + " is not positive");
    }
    return ticks;
  }

  /** Converts the current string token, a decimal quantity, to lots; must not be negative. */
  static long sizeLots(JsonParser p, InstrumentSpec spec, String field) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw new DecodeException(
          RejectReason.BAD_NUMBER, "field '" + field + "': size must be a decimal string");
    }
    long lots;
    try {
      lots = spec.sizeToLots(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    } catch (OffGridException e) {
      throw new DecodeException(RejectReason.OFF_GRID, field + ": " + e.getMessage());
    } catch (NumberFormatException e) {
      throw new DecodeException(RejectReason.BAD_NUMBER, field + ": " + e.getMessage());
    }
    if (lots < 0) {
      throw new DecodeException(
          RejectReason.NEGATIVE_SIZE, field + ": size " + p.getText() + " is negative");
    }
    return lots;
  }

  /**
   * Reads an array of {@code [price, size, ...]} arrays (extra elements ignored) into {@code out}.
   * The current token must be START_ARRAY.
   */
  static void readLevels(JsonParser p, InstrumentSpec spec, LevelBuffer out, String field)
      throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new DecodeException(RejectReason.MALFORMED_JSON, "field '" + field + "' not an array");
    }
    out.clear();
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.START_ARRAY) {
      p.nextToken();
      long price = priceTicks(p, spec, field);
      p.nextToken();
      long size = sizeLots(p, spec, field);
      out.add(price, size);
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (t == null || t.isStructStart()) {
          throw new DecodeException(
              RejectReason.MALFORMED_JSON, "field '" + field + "': bad level entry");
        }
      }
    }
    if (t != JsonToken.END_ARRAY) {
      throw new DecodeException(RejectReason.MALFORMED_JSON, "field '" + field + "': bad level");
    }
  }
}
