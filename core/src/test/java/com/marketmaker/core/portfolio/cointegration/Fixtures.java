package com.marketmaker.core.portfolio.cointegration;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.marketmaker.testsupport.SharedData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipInputStream;

/** Reads the committed statsmodels fixtures and the shared one-minute bars. */
final class Fixtures {

  private Fixtures() {}

  /** A fixture JSON file as nested maps, lists, numbers and strings. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> json(String name) throws IOException {
    String path = "/fixtures/cointegration/" + name;
    try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IOException("missing fixture " + path);
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
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() != JsonToken.END_OBJECT) {
          String key = p.currentName();
          p.nextToken();
          m.put(key, read(p));
        }
        return m;
      }
      case START_ARRAY -> {
        List<Object> l = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          l.add(read(p));
        }
        return l;
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
      default -> {
        return null;
      }
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return (List<Object>) o;
  }

  static double num(Object o) {
    return (Double) o;
  }

  static double[] doubles(Object o) {
    List<Object> l = list(o);
    double[] out = new double[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = num(l.get(i));
    }
    return out;
  }

  /** Close prices by minute (ms since midnight) of a zipped one-minute bar CSV in shared data. */
  static TreeMap<Long, Double> closes(String relative) throws IOException {
    TreeMap<Long, Double> out = new TreeMap<>();
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(SharedData.file(relative)))) {
      if (zip.getNextEntry() == null) {
        throw new IOException("empty zip " + relative);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(zip, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split(",");
        out.put(Long.parseLong(f[0].trim()), Double.parseDouble(f[4].trim()));
      }
    }
    return out;
  }
}
