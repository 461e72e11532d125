package com.marketmaker.backtest.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where a run or sweep reads its market (event files or a synthetic one) and writes its results.
 */
final class InputOutputOptions {

  @Option(
      names = "--events",
      description = "Event file written by convert (repeatable: files are merged on one clock).")
  List<Path> events;

  @Mixin SyntheticOptions synthetic;

  @Option(names = "--out", description = "Results as JSON (default: standard output).")
  Path out;

  @Option(names = "--report", description = "Self-contained HTML report to write.")
  Path report;

  @Option(names = "--quiet", description = "No progress bar.")
  boolean quiet;

  Runs.Data data() throws IOException {
    return Runs.Data.of(events, synthetic);
  }

  /** Writes the JSON results to {@code --out}, or prints them. */
  void writeJson(String json) throws IOException {
    if (out == null) {
      System.out.println(json);
    } else {
      Files.writeString(out, json);
    }
  }

  /** Writes the HTML report when {@code --report} asks for one. */
  void writeReport(String html) throws IOException {
    if (report != null) {
      Files.writeString(report, html);
    }
  }
}
