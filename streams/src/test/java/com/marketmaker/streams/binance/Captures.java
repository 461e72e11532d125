package com.marketmaker.streams.binance;

import com.marketmaker.testsupport.SharedData;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads the recorded Binance captures: gzip lines {@code <receive ns> <JSON>}. */
final class Captures {

  private Captures() {}

  /** The JSON of the first {@code n} lines of {@code name} that start with {@code prefix}. */
  static List<String> messages(String name, String prefix, int n) throws IOException {
    List<String> out = new ArrayList<>();
    try (BufferedReader r = SharedData.reader("binance/" + name)) {
      String line;
      while (out.size() < n && (line = r.readLine()) != null) {
        String json = line.substring(line.indexOf(' ') + 1);
        if (json.startsWith(prefix)) {
          out.add(json);
        }
      }
    }
    return out;
  }
}
