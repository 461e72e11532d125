package com.marketmaker.core.portfolio.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the committed JSON fixtures of {@code fixtures/risk} into maps, lists and numbers. */
final class RiskFixtures {

  private RiskFixtures() {}

  /** The fixture {@code fixtures/risk/<name>} as a map. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> load(String name) throws IOException {
    try (InputStream in = RiskFixtures.class.getResourceAsStream("/fixtures/risk/" + name)) {
      assertNotNull(in, "missing fixture " + name);
      try (JsonParser p = new JsonFactory().createParser(in)) {
        p.nextToken();
        return (Map<String, Object>) value(p);
      }
    }
  }

  private static Object value(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() != JsonToken.END_OBJECT) {
          String key = p.currentName();
          p.nextToken();
          m.put(key, value(p));
        }
        return m;
      }
      case START_ARRAY -> {
        List<Object> l = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          l.add(value(p));
        }
        return l;
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return Double.parseDouble(p.getText());
      }
      case VALUE_STRING -> {
        return p.getText();
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return p.getBooleanValue();
      }
      default -> {
        return null;
      }
    }
  }

  static double num(Map<String, Object> m, String key) {
    Object v = m.get(key);
    assertNotNull(v, "missing " + key);
    return (Double) v;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> obj(Map<String, Object> m, String key) {
    return (Map<String, Object>) m.get(key);
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Map<String, Object> m, String key) {
    return (List<Map<String, Object>>) m.get(key);
  }

  @SuppressWarnings("unchecked")
  static double[] doubles(Map<String, Object> m, String key) {
    List<Object> l = (List<Object>) m.get(key);
    double[] out = new double[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (Double) l.get(i);
    }
    return out;
  }

  /** Asserts {@code actual} is within {@code rel} of {@code expected}, relative to its size. */
  static void assertRel(double expected, double actual, double rel, String what) {
    double tol = rel * Math.max(Math.abs(expected), Double.MIN_NORMAL);
    assertEquals(expected, actual, tol, what);
  }
}
