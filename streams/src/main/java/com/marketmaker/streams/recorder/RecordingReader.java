package com.marketmaker.streams.recorder;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * Reads a recording ({@code <receive ns> <JSON>} lines in gzip, one or more members) line by line,
 * including a {@code .part} file a crash left behind: where the compressed data ends early (a
 * truncated final member) or turns corrupt, reading stops after the last complete line, and {@link
 * #truncated()} says so. A line is returned only whole, never cut.
 */
public final class RecordingReader implements AutoCloseable {

  /** One recorded line: the receive time and the raw text as received. */
  public record Line(long receivedEpochNanos, String json) {

    /** Parses {@code <ns> <json>}; throws naming the problem if the line is not of that form. */
    public static Line parse(String line) {
      int sp = line.indexOf(' ');
      if (sp <= 0) {
        throw new IllegalArgumentException("not a '<ns> <json>' line: " + abbreviate(line));
      }
      try {
        return new Line(Long.parseLong(line, 0, sp, 10), line.substring(sp + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("receive time is not a number: " + abbreviate(line));
      }
    }
  }

  private final InputStream in;
  private final byte[] chunk = new byte[1 << 16];
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream(1 << 12);
  private int chunkPos;
  private int chunkLen;
  private boolean eof;
  private boolean truncated;
  private String failure;

  private RecordingReader(InputStream in) {
    this.in = in;
  }

  /** Opens a recording; a file that is not gzip at all fails here. */
  public static RecordingReader open(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    try {
      return new RecordingReader(new GZIPInputStream(raw, 1 << 16));
    } catch (EOFException e) {
      // Not even a whole gzip header: a file created and cut before anything was flushed.
      raw.close();
      RecordingReader empty = new RecordingReader(InputStream.nullInputStream());
      empty.eof = true;
      empty.truncated = true;
      empty.failure = "no complete gzip header";
      return empty;
    } catch (IOException e) {
      raw.close();
      throw e;
    }
  }

  /** The next complete line without its newline, or null at the end. */
  public String nextLine() throws IOException {
    while (true) {
      for (int i = chunkPos; i < chunkLen; i++) {
        if (chunk[i] == '\n') {
          pending.write(chunk, chunkPos, i - chunkPos);
          chunkPos = i + 1;
          String line = pending.toString(StandardCharsets.UTF_8);
          pending.reset();
          return line;
        }
      }
      pending.write(chunk, chunkPos, chunkLen - chunkPos);
      chunkPos = chunkLen = 0;
      if (eof) {
        return finalLine();
      }
      try {
        int n = in.read(chunk);
        if (n < 0) {
          eof = true;
        } else {
          chunkLen = n;
        }
      } catch (EOFException e) {
        eof = true;
        truncated = true;
        failure = "compressed data ends early: " + e.getMessage();
      } catch (ZipException e) {
        eof = true;
        truncated = true;
        failure = "corrupt compressed data: " + e.getMessage();
      }
    }
  }

  private String finalLine() {
    if (pending.size() == 0) {
      return null;
    }
    if (truncated) {
      pending.reset(); // cut mid-line by the crash: not a line
      return null;
    }
    // A complete file whose last line lacks its newline: the writer never does this, keep it.
    String line = pending.toString(StandardCharsets.UTF_8);
    pending.reset();
    return line;
  }

  /** After the end: whether the data stopped inside a gzip member (or was corrupt). */
  public boolean truncated() {
    return truncated;
  }

  /** Why reading stopped early, or null. */
  public String failure() {
    return failure;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** Every complete line of a file. */
  public static List<String> readLines(Path file) throws IOException {
    List<String> out = new ArrayList<>();
    try (RecordingReader r = open(file)) {
      String line;
      while ((line = r.nextLine()) != null) {
        out.add(line);
      }
    }
    return out;
  }

  /**
   * Turns a {@code .part} file into a complete file of its complete lines, named without {@code
   * .part}, and deletes the part. Returns the number of lines kept.
   */
  public static long salvage(Path part) throws IOException {
    String name = part.getFileName().toString();
    if (!name.endsWith(MarketDataRecorder.PART_SUFFIX)) {
      throw new IllegalArgumentException("not a .part file: " + part);
    }
    Path target =
        part.resolveSibling(
            name.substring(0, name.length() - MarketDataRecorder.PART_SUFFIX.length()));
    Path tmp = part.resolveSibling(name + ".salvage");
    long lines = 0;
    try (RecordingReader r = open(part);
        OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
      String line;
      while ((line = r.nextLine()) != null) {
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
        lines++;
      }
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    Files.delete(part);
    return lines;
  }

  static String abbreviate(String s) {
    return s.length() > 120 ? s.substring(0, 120) + "..." : s;
  }
}
