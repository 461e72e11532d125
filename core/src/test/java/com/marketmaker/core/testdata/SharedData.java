package com.marketmaker.core.testdata;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Locates the recorded market data shared beside the repository ({@code shared/data}), read in
 * place: the {@code shared.data.dir} system property set by the build, else {@code
 * ../../shared/data} relative to the module directory.
 */
public final class SharedData {

  private SharedData() {}

  public static Path dir() {
    String prop = System.getProperty("shared.data.dir");
    Path dir = prop != null ? Path.of(prop) : Path.of("../../shared/data");
    if (!Files.isDirectory(dir)) {
      dir = Path.of("../../shared/data");
    }
    assertTrue(Files.isDirectory(dir), "shared market data not found at " + dir.toAbsolutePath());
    return dir;
  }

  public static Path file(String relative) {
    Path f = dir().resolve(relative);
    assertTrue(Files.isRegularFile(f), "missing data file " + relative);
    return f;
  }

  /** All lines of a data file, gunzipped when its name ends in .gz. */
  public static List<String> lines(String relative) throws IOException {
    Path f = file(relative);
    List<String> out = new ArrayList<>();
    try (InputStream raw = Files.newInputStream(f);
        InputStream in = relative.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
        BufferedReader r =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
      String line;
      while ((line = r.readLine()) != null) {
        out.add(line);
      }
    }
    return out;
  }

  /**
   * The messages a cryptofeed capture ({@code cryptofeed/<VENUE>.ws.*}) recorded as received, in
   * file order: the JSON of each {@code <receive time>: <json>} line, as UTF-8 bytes. Blank lines
   * and the lines naming the connection ({@code wss://...}) are skipped.
   */
  public static List<byte[]> receivedMessages(String relative) throws IOException {
    List<byte[]> out = new ArrayList<>();
    for (String line : lines(relative)) {
      int colon = line.indexOf(": ");
      if (line.isBlank() || line.startsWith("wss://") || colon < 0) {
        continue;
      }
      out.add(line.substring(colon + 2).getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }
}
