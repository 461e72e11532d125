package com.marketmaker.simulator.socket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One message received from a venue in a cryptofeed capture ({@code <unix time>: <json>}); lines
 * the recorder sent or wrote about the connection ({@code wss://...}) are not messages.
 *
 * @param receivedNanos the recorder's receive time in nanoseconds since the epoch (sets the pace)
 * @param line the line number in the file, for error messages
 */
public record RecordedMessage(long receivedNanos, int line, String json) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The message's JSON tree.
   *
   * @param file the capture it was read from, for the error message
   * @throws IllegalArgumentException naming the line when the message is not JSON
   */
  public JsonNode parse(Path file) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(file + ":" + line + ": not JSON", e);
    }
  }

  /**
   * Reads every received message of a capture, in file order.
   *
   * @throws IllegalArgumentException naming the line when one is neither a message nor a connection
   *     line
   */
  public static List<RecordedMessage> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read capture " + file, e);
    }
    List<RecordedMessage> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank() || line.startsWith("wss://") || line.startsWith("ws://")) {
        continue;
      }
      int colon = line.indexOf(": ");
      if (colon <= 0) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": not '<time>: <json>'");
      }
      long nanos;
      try {
        nanos = new BigDecimal(line.substring(0, colon)).movePointRight(9).longValueExact();
      } catch (ArithmeticException | NumberFormatException e) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": bad receive time", e);
      }
      out.add(new RecordedMessage(nanos, i + 1, line.substring(colon + 2)));
    }
    return out;
  }
}
