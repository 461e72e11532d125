package com.marketmaker.streams.feed;

import static com.marketmaker.streams.feed.WebSocketFrames.BINARY;
import static com.marketmaker.streams.feed.WebSocketFrames.CLOSE;
import static com.marketmaker.streams.feed.WebSocketFrames.CONTINUATION;
import static com.marketmaker.streams.feed.WebSocketFrames.MAX_CONTROL_PAYLOAD;
import static com.marketmaker.streams.feed.WebSocketFrames.MESSAGE_TOO_BIG;
import static com.marketmaker.streams.feed.WebSocketFrames.PING;
import static com.marketmaker.streams.feed.WebSocketFrames.PONG;
import static com.marketmaker.streams.feed.WebSocketFrames.PROTOCOL_ERROR;
import static com.marketmaker.streams.feed.WebSocketFrames.TEXT;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.pekko.util.ByteString;

/**
 * What a server sends on a WebSocket connection, read from its bytes as they arrive: first the
 * handshake's response head, then frames (RFC 6455 section 5.2). The bytes are kept in one growable
 * array; a message that arrives in one frame is handed out as a slice of it, a fragmented one is
 * put together in a second array. Each call to {@link #next} yields one message or control frame, a
 * fault, or that more bytes are needed; the slice it gives stays valid until the next call to
 * {@link #append} or {@link #next}.
 */
final class WebSocketFrameParser {

  enum Kind {
    NEED_MORE,
    TEXT,
    BINARY,
    PING,
    PONG,
    CLOSE,
    /** A frame the protocol does not allow: {@link #faultCode} and {@link #fault} say why. */
    FAULT
  }

  private final int maxMessageBytes;
  private byte[] buf = new byte[8192];
  private int read;
  private int write;
  // A fragmented message being put together: its opcode (-1 when none) and its bytes so far.
  private int messageOpcode = -1;
  private byte[] message = new byte[0];
  private int messageLength;

  /** The last result's payload: {@code bytes[offset, offset + length)}. */
  byte[] bytes;

  int offset;
  int length;
  int faultCode;
  String fault;

  WebSocketFrameParser(int maxMessageBytes) {
    this.maxMessageBytes = maxMessageBytes;
  }

  void append(ByteString chunk) {
    if (read == write) {
      read = 0;
      write = 0;
    }
    int n = chunk.size();
    if (buf.length - write < n) {
      int unread = write - read;
      if (read > 0) {
        System.arraycopy(buf, read, buf, 0, unread);
        read = 0;
        write = unread;
      }
      if (buf.length - write < n) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, write + n));
      }
    }
    chunk.copyToArray(buf, write, n);
    write += n;
  }

  /** Bytes received and not yet read. */
  int buffered() {
    return write - read;
  }

  /**
   * The response's head up to its blank line (ISO-8859-1, without the blank line), consuming it;
   * null while it is incomplete.
   */
  String head() {
    for (int i = read; i + 3 < write; i++) {
      if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
        String head = new String(buf, read, i - read, StandardCharsets.ISO_8859_1);
        read = i + 4;
        return head;
      }
    }
    return null;
  }

  /** Reads the next frame; a fragment that does not end its message is taken in silently. */
  Kind next() {
    while (true) {
      int available = write - read;
      if (available < 2) {
        return Kind.NEED_MORE;
      }
      int b0 = buf[read] & 0xFF;
      int b1 = buf[read + 1] & 0xFF;
      boolean fin = (b0 & 0x80) != 0;
      int opcode = b0 & 0x0F;
      int length7 = b1 & 0x7F;
      int headerLength = length7 == 126 ? 4 : length7 == 127 ? 10 : 2;
      if (available < headerLength) {
        return Kind.NEED_MORE;
      }
      long size = length7;
      if (length7 == 126) {
        size = ((buf[read + 2] & 0xFF) << 8) | (buf[read + 3] & 0xFF);
      } else if (length7 == 127) {
        size = 0;
        for (int i = 0; i < 8; i++) {
          size = (size << 8) | (buf[read + 2 + i] & 0xFF);
        }
      }
      String wrong = frameFault(b0, b1, fin, opcode, size);
      if (wrong != null) {
        return fault(PROTOCOL_ERROR, wrong);
      }
      long sofar = opcode == CONTINUATION ? messageLength : 0;
      if (opcode < CLOSE && sofar + size > maxMessageBytes) {
        return fault(MESSAGE_TOO_BIG, "a message over " + maxMessageBytes + " bytes");
      }
      if (available < headerLength + size) {
        return Kind.NEED_MORE;
      }
      int at = read + headerLength;
      int n = (int) size;
      read = at + n;
      if (opcode >= CLOSE || (opcode != CONTINUATION && fin)) {
        return result(kindOf(opcode), buf, at, n);
      }
      if (opcode != CONTINUATION) {
        messageOpcode = opcode;
        messageLength = 0;
      }
      if (message.length < messageLength + n) {
        message = Arrays.copyOf(message, Math.max(message.length * 2, messageLength + n));
      }
      System.arraycopy(buf, at, message, messageLength, n);
      messageLength += n;
      if (fin) {
        int whole = messageOpcode;
        messageOpcode = -1;
        return result(kindOf(whole), message, 0, messageLength);
      }
    }
  }

  private static Kind kindOf(int opcode) {
    return switch (opcode) {
      case TEXT -> Kind.TEXT;
      case BINARY -> Kind.BINARY;
      case PING -> Kind.PING;
      case PONG -> Kind.PONG;
      default -> Kind.CLOSE;
    };
  }

  private Kind result(Kind kind, byte[] from, int at, int n) {
    bytes = from;
    offset = at;
    length = n;
    return kind;
  }

  private Kind fault(int code, String why) {
    faultCode = code;
    fault = why;
    return Kind.FAULT;
  }

  /** What is wrong with a frame's header, or null. */
  private String frameFault(int b0, int b1, boolean fin, int opcode, long size) {
    if ((b0 & 0x70) != 0) {
      return "reserved bits set without an extension";
    }
    if ((b1 & 0x80) != 0) {
      return "a masked frame from the server";
    }
    if (size < 0) {
      return "a negative payload length";
    }
    if (opcode >= CLOSE) {
      if (opcode != CLOSE && opcode != PING && opcode != PONG) {
        return "unknown control opcode " + opcode;
      }
      if (!fin) {
        return "a fragmented control frame";
      }
      return size > MAX_CONTROL_PAYLOAD ? "a control frame of " + size + " bytes" : null;
    }
    if (opcode != CONTINUATION && opcode != TEXT && opcode != BINARY) {
      return "unknown data opcode " + opcode;
    }
    if (opcode == CONTINUATION && messageOpcode < 0) {
      return "a continuation frame outside a message";
    }
    if (opcode != CONTINUATION && messageOpcode >= 0) {
      return "a new message before the last one ended";
    }
    return null;
  }
}
