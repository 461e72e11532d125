package com.marketmaker.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A request body read field by field, so that every refusal names the field and what is wrong with
 * it. Decimal quantities are accepted as JSON strings or numbers and kept as exact text.
 */
final class JsonBody {

  private static final ObjectMapper READER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /** Digits before or after the point that a decimal number may have at most. */
  static final int MAX_DECIMAL_DIGITS = 100;

  private final JsonNode node;
  private final String path;

  private JsonBody(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  static JsonBody parse(String text) {
    if (text == null || text.isBlank()) {
      throw new BadRequest("request body is empty; expected a JSON object");
    }
    try {
      JsonNode node = READER.readTree(text);
      if (node == null || !node.isObject()) {
        throw new BadRequest("request body must be a JSON object");
      }
      return new JsonBody(node, "");
    } catch (JsonProcessingException e) {
      throw new BadRequest("malformed JSON: " + e.getOriginalMessage());
    }
  }

  private String name(String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  private JsonNode required(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new BadRequest("missing field '" + name(field) + "'");
    }
    return v;
  }

  /**
   * Refuses a field not in {@code allowed}, naming it and the fields that are accepted, so that a
   * misspelt optional setting is not silently replaced by its default.
   */
  void onlyFields(Set<String> allowed) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String field = names.next();
      if (!allowed.contains(field)) {
        List<String> sorted = new ArrayList<>(allowed);
        sorted.sort(null);
        throw new BadRequest(
            "unknown field '" + name(field) + "'; expected " + String.join(", ", sorted));
      }
    }
  }

  boolean bool(String field) {
    JsonNode v = required(field);
    if (!v.isBoolean()) {
      throw new BadRequest("field '" + name(field) + "' must be true or false, got " + v);
    }
    return v.booleanValue();
  }

  boolean has(String field) {
    JsonNode v = node.get(field);
    return v != null && !v.isNull();
  }

  JsonBody object(String field) {
    JsonNode v = required(field);
    if (!v.isObject()) {
      throw new BadRequest("field '" + name(field) + "' must be a JSON object");
    }
    return new JsonBody(v, name(field));
  }

  String text(String field) {
    JsonNode v = required(field);
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new BadRequest("field '" + name(field) + "' must be a non-empty string");
    }
    return v.asText();
  }

  /** A decimal as exact text, from a JSON string or number. */
  String decimal(String field) {
    JsonNode v = required(field);
    String text;
    if (v.isNumber()) {
      BigDecimal d = v.decimalValue();
      // The plain text of 1e999999999 has a billion digits (and of 1e2147483647 cannot be made):
      // refuse a number whose plain text would be longer than any grid can use.
      if (Math.abs((long) d.precision() - d.scale()) > MAX_DECIMAL_DIGITS
          || Math.abs((long) d.scale()) > MAX_DECIMAL_DIGITS) {
        throw new BadRequest("field '" + name(field) + "' is out of range, got " + v);
      }
      text = d.toPlainString();
    } else if (v.isTextual()) {
      text = v.asText().trim();
      try {
        new BigDecimal(text); // boundary check only; the grid conversion is exact and long-based
      } catch (NumberFormatException e) {
        throw new BadRequest(
            "field '" + name(field) + "' must be a decimal number, got '" + text + "'");
      }
    } else {
      throw new BadRequest("field '" + name(field) + "' must be a decimal number");
    }
    return text;
  }

  /** A strictly finite floating-point number. */
  double number(String field) {
    JsonNode v = required(field);
    if (!v.isNumber()) {
      throw new BadRequest("field '" + name(field) + "' must be a number, got " + v);
    }
    double d = v.doubleValue();
    if (!Double.isFinite(d)) {
      throw new BadRequest("field '" + name(field) + "' must be a finite number");
    }
    return d;
  }

  long integer(String field) {
    JsonNode v = required(field);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new BadRequest("field '" + name(field) + "' must be an integer, got " + v);
    }
    return v.longValue();
  }

  /** An array of finite numbers (possibly empty). */
  java.util.List<Double> numbers(String field) {
    JsonNode v = required(field);
    if (!v.isArray()) {
      throw new BadRequest("field '" + name(field) + "' must be an array of numbers, got " + v);
    }
    java.util.List<Double> out = new ArrayList<>(v.size());
    for (JsonNode x : v) {
      if (!x.isNumber() || !Double.isFinite(x.doubleValue())) {
        throw new BadRequest("field '" + name(field) + "' must hold finite numbers, got " + x);
      }
      out.add(x.doubleValue());
    }
    return out;
  }

  /** An array of strings (possibly empty). */
  List<String> texts(String field) {
    JsonNode v = required(field);
    if (!v.isArray()) {
      throw new BadRequest("field '" + name(field) + "' must be an array of strings, got " + v);
    }
    List<String> out = new ArrayList<>(v.size());
    for (JsonNode x : v) {
      if (!x.isTextual()) {
        throw new BadRequest("field '" + name(field) + "' must hold strings, got " + x);
      }
      out.add(x.asText());
    }
    return out;
  }

  /** An integer that fits an {@code int}; range checks beyond that belong to the value's type. */
  int smallInteger(String field) {
    long v = integer(field);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new BadRequest("field '" + name(field) + "' is out of range, got " + v);
    }
    return (int) v;
  }
}
