package com.marketmaker.core.portfolio.cointegration;

import com.marketmaker.core.testdata.JsonFixtures;
import com.marketmaker.testsupport.SharedData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipInputStream;

/** Reads the committed statsmodels fixtures and the shared one-minute bars. */
final class Fixtures {

  private Fixtures() {}

  /** A fixture JSON file as nested maps, lists, numbers and strings. */
  static Map<String, Object> json(String name) throws IOException {
    return JsonFixtures.resource("/fixtures/cointegration/" + name);
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
    return JsonFixtures.doubles(o);
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
