package com.marketmaker.streams.binance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Reads the recorded Binance captures: gzip lines {@code <receive ns> <JSON>}. */
final class Captures {

  private Captures() {}

  static Path file(String name) {
    String dir = System.getProperty("shared.data.dir");
    if (dir == null) {
      throw new IllegalStateException("system property shared.data.dir is not set by the build");
    }
    return Path.of(dir, "binance", name);
  }

  /** The JSON of the first {@code n} lines of {@code name} that start with {@code prefix}. */
  static List<String> messages(String name, String prefix, int n) throws IOException {
    List<String> out = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file(name))), StandardCharsets.UTF_8))) {
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
