package com.marketmaker.backtest.data;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The lines of a text capture as bytes, plain or gzip (one or more members, told by the gzip magic
 * rather than the name), without allocating per line: one buffer that holds the longest line seen.
 * Where compressed data ends early or turns corrupt (a recorder's unfinished file), reading stops
 * after the last complete line and {@link #truncated()} says so.
 */
final class CaptureLines implements Closeable {

  private static final int CHUNK = 1 << 16;

  private final Path file;
  private final InputStream in;
  private byte[] buf = new byte[4 * CHUNK];
  private int pos;
  private int limit;
  private boolean eof;
  private boolean truncated;
  private String failure;
  private int lineStart;
  private int lineLength;
  private long lineNumber;

  private CaptureLines(Path file, InputStream in) {
    this.file = file;
    this.in = in;
  }

  /** Opens a capture, gunzipping it when it starts with the gzip magic. */
  static CaptureLines open(Path file) throws IOException {
    BufferedInputStream raw = new BufferedInputStream(Files.newInputStream(file), CHUNK);
    try {
      raw.mark(2);
      int b0 = raw.read();
      int b1 = raw.read();
      raw.reset();
      if (b0 == 0x1f && b1 == 0x8b) {
        try {
          return new CaptureLines(file, new GZIPInputStream(raw, CHUNK));
        } catch (EOFException e) {
          CaptureLines empty = new CaptureLines(file, raw);
          empty.eof = true;
          empty.truncated = true;
          empty.failure = "no complete gzip header";
          return empty;
        }
      }
      return new CaptureLines(file, raw);
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  Path file() {
    return file;
  }

  /** Moves to the next line; false at the end. */
  boolean next() throws IOException {
    while (true) {
      for (int i = pos; i < limit; i++) {
        if (buf[i] == '\n') {
          setLine(pos, i);
          pos = i + 1;
          return true;
        }
      }
      if (eof) {
        if (pos < limit && !truncated) {
          setLine(pos, limit); // a last line without its newline
          pos = limit;
          return true;
        }
        pos = limit; // a line cut by the truncation is not a line
        return false;
      }
      fill();
    }
  }

  private void setLine(int start, int end) {
    if (end > start && buf[end - 1] == '\r') {
      end--;
    }
    lineStart = start;
    lineLength = end - start;
    lineNumber++;
  }

  private void fill() throws IOException {
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      limit -= pos;
      pos = 0;
    }
    if (buf.length - limit < CHUNK) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    try {
      int n = in.read(buf, limit, buf.length - limit);
      if (n < 0) {
        eof = true;
      } else {
        limit += n;
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

  /** The buffer holding the current line. */
  byte[] buffer() {
    return buf;
  }

  /** Where the current line starts in {@link #buffer()}. */
  int start() {
    return lineStart;
  }

  /** The current line's length in bytes, without its line end. */
  int length() {
    return lineLength;
  }

  /** The current line's number, counted from 1. */
  long lineNumber() {
    return lineNumber;
  }

  /** The current line as text (for error messages), cut to 200 characters. */
  String excerpt() {
    int n = Math.min(lineLength, 200);
    String s = new String(buf, lineStart, n, java.nio.charset.StandardCharsets.UTF_8);
    return n < lineLength ? s + "..." : s;
  }

  boolean truncated() {
    return truncated;
  }

  /** Why reading stopped early, or null. */
  String failure() {
    return failure;
  }

  CaptureFormatException error(String reason) {
    return new CaptureFormatException(file, lineNumber, reason);
  }

  /**
   * The leading decimal integer of the current line up to {@code end}: {@code <receive ns>} of a
   * Binance capture.
   */
  long parseNanos(int end) {
    int from = lineStart;
    if (end <= from || end - from > 19) {
      return -1;
    }
    long v = 0;
    for (int i = from; i < end; i++) {
      int d = buf[i] - '0';
      if (d < 0 || d > 9 || v > (Long.MAX_VALUE - d) / 10) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  /**
   * Epoch nanoseconds of {@code <seconds>[.<fraction>]} held in {@code [lineStart, end)} (a
   * cryptofeed receive time): exact to the nanosecond, further digits dropped; -1 if malformed.
   */
  long parseSecondsAsNanos(int end) {
    long seconds = 0;
    int i = lineStart;
    int digits = 0;
    for (; i < end && buf[i] != '.'; i++) {
      int d = buf[i] - '0';
      if (d < 0 || d > 9 || ++digits > 12) {
        return -1;
      }
      seconds = seconds * 10 + d;
    }
    if (digits == 0) {
      return -1;
    }
    long nanos = 0;
    int scale = 0;
    if (i < end) {
      i++; // the point
      if (i == end) {
        return -1;
      }
      for (; i < end; i++) {
        int d = buf[i] - '0';
        if (d < 0 || d > 9) {
          return -1;
        }
        if (scale < 9) {
          nanos = nanos * 10 + d;
          scale++;
        }
      }
    }
    for (; scale < 9; scale++) {
      nanos *= 10;
    }
    if (seconds > (Long.MAX_VALUE - nanos) / 1_000_000_000L) {
      return -1;
    }
    return seconds * 1_000_000_000L + nanos;
  }

  /** Index of the first {@code b} in the current line at or after {@code from}, or -1. */
  int indexOf(byte b, int from) {
    int end = lineStart + lineLength;
    for (int i = from; i < end; i++) {
      if (buf[i] == b) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
