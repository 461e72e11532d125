package com.marketmaker.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import picocli.CommandLine;

/** Runs {@code quant} in-process with captured output, and writes the CSV inputs of the tests. */
final class Cli {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Cli() {}

  /** The outcome of one run. */
  record Run(int code, String out, String err) {

    /** Standard output as JSON, after checking the run succeeded quietly. */
    JsonNode json() {
      assertEquals(0, code, () -> "exit code; stderr: " + err);
      assertEquals("", err, "nothing on standard error");
      try {
        return MAPPER.readTree(out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Checks a refusal: exit code 2, a one-line message and no stack trace. */
    Run refused() {
      assertEquals(QuantCommand.BAD_INPUT, code, () -> "exit code; stderr: " + err);
      assertEquals("", out, "nothing on standard output");
      assertFalse(err.contains("\tat "), () -> "no stack trace: " + err);
      assertFalse(err.contains("Exception"), () -> "no exception name: " + err);
      return this;
    }
  }

  /** Runs {@code quant args} with an empty standard input. */
  static Run run(String... args) {
    return runWithInput("", args);
  }

  /** Runs {@code quant args} reading {@code stdin} for {@code -}. */
  static Run runWithInput(String stdin, String... args) {
    CommandLine cl =
        QuantCommand.commandLine(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** CSV text: a header row, then the columns side by side. */
  static String csv(String[] header, double[]... columns) {
    StringBuilder s = new StringBuilder(String.join(",", header)).append('\n');
    for (int t = 0; t < columns[0].length; t++) {
      for (int c = 0; c < columns.length; c++) {
        s.append(c == 0 ? "" : ",").append(columns[c][t]);
      }
      s.append('\n');
    }
    return s.toString();
  }

  /** Writes {@link #csv} to {@code dir/name} and returns the path as a string. */
  static String write(Path dir, String name, String[] header, double[]... columns) {
    return write(dir, name, csv(header, columns));
  }

  /** Writes text to {@code dir/name} and returns the path as a string. */
  static String write(Path dir, String name, String text) {
    try {
      Path file = dir.resolve(name);
      Files.writeString(file, text);
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Gaussian random walk from 100. */
  static double[] randomWalk(Random random, int n) {
    double[] x = new double[n];
    x[0] = 100;
    for (int t = 1; t < n; t++) {
      x[t] = x[t - 1] + random.nextGaussian();
    }
    return x;
  }

  /** An AR(1) series x_t = phi x_(t-1) + e_t from 0. */
  static double[] ar1(Random random, int n, double phi) {
    double[] x = new double[n];
    for (int t = 1; t < n; t++) {
      x[t] = phi * x[t - 1] + random.nextGaussian();
    }
    return x;
  }

  /** The doubles of a JSON array. */
  static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }
}
