package com.marketmaker.simulator.exchange;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * The text form of the venue's state records: one record a line, its tokens separated by single
 * spaces, the line's CRC-32 (eight hex digits, over everything before it) as the last token.
 *
 * <p>Text rather than a binary format so that an operator can read what the venue kept with {@code
 * less}; the checksum because a line can be damaged without becoming unparseable (a flipped digit
 * in a price), and a venue that books a damaged record as its ledger is worse than one that refuses
 * to start.
 */
final class JournalCodec {

  private JournalCodec() {}

  /** One line of a state file as read. */
  record Line(int number, String text, boolean terminated) {}

  /**
   * The line of {@code tokens}, newline included.
   *
   * @throws IllegalArgumentException for an empty token or one with a space or control character
   */
  static String encode(List<String> tokens) {
    StringBuilder sb = new StringBuilder(96);
    for (String t : tokens) {
      if (t.isEmpty() || t.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
        throw new IllegalArgumentException("state token '" + t + "' is empty or not plain ASCII");
      }
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(t);
    }
    String crc = crc(sb);
    return sb.append(' ').append(crc).append('\n').toString();
  }

  /**
   * The tokens of a line, its checksum checked and removed.
   *
   * @throws IllegalArgumentException when the checksum is missing or does not match
   */
  static List<String> decode(String line) {
    int cut = line.lastIndexOf(' ');
    if (cut <= 0 || line.length() - cut != 9) {
      throw new IllegalArgumentException("no checksum at the end of the line");
    }
    String body = line.substring(0, cut);
    if (!crc(body).equals(line.substring(cut + 1))) {
      throw new IllegalArgumentException("checksum mismatch");
    }
    List<String> tokens = new ArrayList<>(16);
    int from = 0;
    while (from <= body.length()) {
      int sp = body.indexOf(' ', from);
      int to = sp < 0 ? body.length() : sp;
      String t = body.substring(from, to);
      if (t.isEmpty()) {
        throw new IllegalArgumentException("empty token");
      }
      tokens.add(t);
      from = to + 1;
    }
    return tokens;
  }

  private static String crc(CharSequence text) {
    CRC32 c = new CRC32();
    c.update(text.toString().getBytes(StandardCharsets.ISO_8859_1));
    return String.format(Locale.ROOT, "%08x", c.getValue());
  }

  /** What reads the lines of a state file, one at a time. */
  interface LineHandler {
    void line(Line line);
  }

  /**
   * Hands every line of {@code file} to {@code handler}, in order; the last one tells whether it
   * ended with a newline (a record whose write did not complete does not). Bytes are read one to
   * one (ISO-8859-1) so that any damage shows as a checksum mismatch rather than a decoding error.
   */
  static void read(Path file, LineHandler handler) throws IOException {
    boolean endsWithNewline;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size == 0) {
        return;
      }
      ByteBuffer last = ByteBuffer.allocate(1);
      ch.read(last, size - 1);
      endsWithNewline = last.get(0) == '\n';
    }
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
      String cur = r.readLine();
      int n = 1;
      while (cur != null) {
        String next = r.readLine();
        handler.line(new Line(n++, cur, next != null || endsWithNewline));
        cur = next;
      }
    }
  }
}
