package com.marketmaker.core.testdata;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reference values written by the fixture scripts ({@code core/src/test/fixtures/<topic>/}), read
 * from the test resources as plain maps and lists: objects as {@link Map}, arrays as {@link List},
 * every number as a {@link Double}, text as {@link String}, {@code null} as null.
 */
public final class JsonFixtures {

  private JsonFixtures() {}

  /** The JSON object of the test resource {@code path} (e.g. {@code /fixtures/risk/x.json}). */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> resource(String path) throws IOException {
    try (InputStream in = JsonFixtures.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IOException("missing test resource " + path);
      }
      try (JsonParser p = new JsonFactory().createParser(in)) {
        p.nextToken();
        return (Map<String, Object>) read(p);
      }
    }
  }

  private static Object read(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() != JsonToken.END_OBJECT) {
          String key = p.currentName();
          p.nextToken();
          map.put(key, read(p));
        }
        return map;
      }
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          list.add(read(p));
        }
        return list;
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return p.getDoubleValue();
      }
      case VALUE_STRING -> {
        return p.getText();
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return p.getBooleanValue();
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw new IOException("unexpected JSON token " + t);
    }
  }

  /** A JSON array of numbers. */
  public static double[] doubles(Object array) {
    List<?> list = (List<?>) array;
    double[] out = new double[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) list.get(i)).doubleValue();
    }
    return out;
  }

  /** A JSON array of arrays of numbers, or null. */
  public static double[][] matrix(Object array) {
    if (array == null) {
      return null;
    }
    List<?> rows = (List<?>) array;
    double[][] out = new double[rows.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = doubles(rows.get(i));
    }
    return out;
  }
}
