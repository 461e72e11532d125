package com.marketmaker.testsupport;

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
 * The recorded market data shared beside the repository ({@code shared/data}), read in place: the
 * folder named by the {@code shared.data.dir} system property, which the build sets for every test
 * JVM, else {@code ../../shared/data} relative to the module directory.
 */
public final class SharedData {

  /** The system property naming the data folder. */
  public static final String PROPERTY = "shared.data.dir";

  private static final Path FALLBACK = Path.of("../../shared/data");

  private SharedData() {}

  /** The data folder; fails the test when there is none. */
  public static Path dir() {
    String prop = System.getProperty(PROPERTY);
    Path dir = prop != null ? Path.of(prop) : FALLBACK;
    if (!Files.isDirectory(dir)) {
      dir = FALLBACK;
    }
    assertTrue(Files.isDirectory(dir), "shared market data not found at " + dir.toAbsolutePath());
    return dir;
  }

  /** A data file, {@code relative} to the data folder; fails the test when it is missing. */
  public static Path file(String relative) {
    Path f = dir().resolve(relative);
    assertTrue(Files.isRegularFile(f), "missing data file " + relative);
    return f;
  }

  /** A reader of a data file's text (UTF-8), gunzipped when its name ends in .gz. */
  public static BufferedReader reader(String relative) throws IOException {
    InputStream raw = Files.newInputStream(file(relative));
    try {
      InputStream in = relative.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
      return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  /** All lines of a data file, gunzipped when its name ends in .gz. */
  public static List<String> lines(String relative) throws IOException {
    List<String> out = new ArrayList<>();
    try (BufferedReader r = reader(relative)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        out.add(line);
      }
    }
    return out;
  }

  /**
   * The messages a cryptofeed capture ({@code cryptofeed/<VENUE>.ws.*}) recorded as received, in
   * file order: the JSON of each {@code <receive time>: <json>} line. Blank lines and the lines
   * naming the connection ({@code wss://...}) are skipped.
   */
  public static List<String> received(String relative) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : lines(relative)) {
      int colon = line.indexOf(": ");
      if (line.isBlank() || line.startsWith("wss://") || colon < 0) {
        continue;
      }
      out.add(line.substring(colon + 2));
    }
    return out;
  }

  /** The {@link #received} messages of a cryptofeed capture as UTF-8 bytes. */
  public static List<byte[]> receivedMessages(String relative) throws IOException {
    List<byte[]> out = new ArrayList<>();
    for (String json : received(relative)) {
      out.add(json.getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }
}
