package com.marketmaker.quant;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketmaker.testsupport.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reference data read in place: core's committed statsmodels, scipy and POT fixtures, and the
 * recorded market data shared beside the repository.
 */
final class Fixtures {

  private Fixtures() {}

  /** A fixture of core's tests, {@code relative} to its {@code fixtures} folder. */
  static JsonNode core(String relative) {
    Path file = up(Path.of("core", "src", "test", "resources", "fixtures")).resolve(relative);
    assertTrue(Files.isRegularFile(file), "missing fixture " + file);
    try {
      return new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A file of the shared market data: the first {@code shared/data} found walking up from the
   * working directory, else where {@link SharedData} looks.
   */
  static Path shared(String relative) {
    Path dir = up(Path.of("shared", "data"));
    if (dir == null) {
      return SharedData.file(relative);
    }
    Path file = dir.resolve(relative);
    assertTrue(Files.isRegularFile(file), "missing data file " + file);
    return file;
  }

  /** {@code ancestor/relative} for the nearest ancestor of the working directory holding it. */
  private static Path up(Path relative) {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve(relative))) {
        return d.resolve(relative);
      }
    }
    return null;
  }
}
