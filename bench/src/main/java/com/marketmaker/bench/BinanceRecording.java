package com.marketmaker.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads a recorded Binance capture from the shared data directory: {@code -Dshared.data.dir=...},
 * default {@code ../shared/data} relative to the working directory (the repository root).
 */
final class BinanceRecording {

  private BinanceRecording() {}

  /** The raw JSON of every line of {@code binance/<name>.gz}, receive timestamps stripped. */
  static List<byte[]> messages(String name) throws IOException {
    List<byte[]> out = new ArrayList<>();
    for (String line : lines(name)) {
      out.add(line.substring(line.indexOf(' ') + 1).getBytes(StandardCharsets.US_ASCII));
    }
    return out;
  }

  /** Every line of {@code binance/<name>.gz} as recorded: {@code <receive ns> <json>}. */
  static List<String> lines(String name) throws IOException {
    Path dir = Path.of(System.getProperty("shared.data.dir", "../shared/data"));
    Path file = dir.resolve("binance").resolve(name + ".gz");
    List<String> out = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.US_ASCII))) {
      String line;
      while ((line = r.readLine()) != null) {
        out.add(line);
      }
    }
    return out;
  }
}
