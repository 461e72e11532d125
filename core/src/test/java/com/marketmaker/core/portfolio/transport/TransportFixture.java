package com.marketmaker.core.portfolio.transport;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reference problem and POT plans read from {@code fixtures/transport/NAME.json}. */
record TransportFixture(
    String name,
    double epsilon,
    double[] a,
    double[] b,
    double[][] cost,
    double[][] planSinkhorn,
    double[][] planSinkhornLog) {

  static TransportFixture load(String name) {
    String resource = "/fixtures/transport/" + name + ".json";
    try (InputStream in = TransportFixture.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      try (JsonParser p = new JsonFactory().createParser(in)) {
        p.nextToken();
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) read(p);
        return new TransportFixture(
            (String) root.get("name"),
            ((Number) root.get("epsilon")).doubleValue(),
            vector(root.get("a")),
            vector(root.get("b")),
            matrix(root.get("cost")),
            matrix(root.get("planSinkhorn")),
            matrix(root.get("planSinkhornLog")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Object read(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
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

  private static double[] vector(Object o) {
    List<?> list = (List<?>) o;
    double[] out = new double[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) list.get(i)).doubleValue();
    }
    return out;
  }

  private static double[][] matrix(Object o) {
    if (o == null) {
      return null;
    }
    List<?> rows = (List<?>) o;
    double[][] out = new double[rows.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = vector(rows.get(i));
    }
    return out;
  }

  double totalMass() {
    double s = 0.0;
    for (double x : a) {
      s += x;
    }
    return s;
  }
}
