package com.marketmaker.core.portfolio.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.marketmaker.core.testdata.JsonFixtures;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Reads the committed JSON fixtures of {@code fixtures/risk} into maps, lists and numbers. */
final class RiskFixtures {

  private RiskFixtures() {}

  /** The fixture {@code fixtures/risk/<name>} as a map. */
  static Map<String, Object> load(String name) throws IOException {
    return JsonFixtures.resource("/fixtures/risk/" + name);
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
