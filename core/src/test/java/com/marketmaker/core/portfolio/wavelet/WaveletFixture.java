package com.marketmaker.core.portfolio.wavelet;

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

/**
 * PyWavelets {@code swt(x, wavelet, level, norm=True, trim_approx=True)} output read from {@code
 * fixtures/wavelet/NAME.json} (written by {@code core/src/test/fixtures/wavelet/generate.py}).
 *
 * @param swt pywt order: {@code swt[0]} = cA_J, {@code swt[k]} = cD_{J+1-k} for k = 1..J
 */
record WaveletFixture(
    String name, String wavelet, int levels, double[] decLo, double[] x, double[][] swt) {

  static WaveletFixture load(String name) {
    String resource = "/fixtures/wavelet/" + name + ".json";
    try (InputStream in = WaveletFixture.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      try (JsonParser p = new JsonFactory().createParser(in)) {
        p.nextToken();
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) read(p);
        List<?> swt = (List<?>) root.get("swt");
        double[][] coeffs = new double[swt.size()][];
        for (int i = 0; i < coeffs.length; i++) {
          coeffs[i] = vector(swt.get(i));
        }
        return new WaveletFixture(
            (String) root.get("name"),
            (String) root.get("wavelet"),
            ((Number) root.get("levels")).intValue(),
            vector(root.get("decLo")),
            vector(root.get("x")),
            coeffs);
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
}
