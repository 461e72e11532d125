package com.marketmaker.streams.feed;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Random;

/**
 * The byte-level parts of RFC 6455 that the client needs: the opening handshake's request and the
 * accept value it must get back (section 4), client frames (masked, section 5.3), close payloads
 * (section 5.5.1) and strict UTF-8 for text (section 8.1).
 */
final class WebSocketFrames {

  static final int CONTINUATION = 0x0;
  static final int TEXT = 0x1;
  static final int BINARY = 0x2;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;
  static final int PONG = 0xA;

  /** Close codes of section 7.4.1. */
  static final int NORMAL_CLOSURE = 1000;

  static final int GOING_AWAY = 1001;
  static final int PROTOCOL_ERROR = 1002;
  static final int NO_STATUS = 1005;
  static final int INVALID_PAYLOAD = 1007;
  static final int MESSAGE_TOO_BIG = 1009;

  /** The largest payload of a control frame (section 5.5). */
  static final int MAX_CONTROL_PAYLOAD = 125;

  private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private WebSocketFrames() {}

  /** A fresh {@code Sec-WebSocket-Key}: 16 random bytes, base64. */
  static String newKey(Random random) {
    byte[] nonce = new byte[16];
    random.nextBytes(nonce);
    return Base64.getEncoder().encodeToString(nonce);
  }

  /** The {@code Sec-WebSocket-Accept} a server must answer {@code key} with. */
  static String acceptFor(String key) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      byte[] digest = sha1.digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every Java platform", e);
    }
  }

  /** The opening handshake's request (section 4.1), no extensions and no subprotocol offered. */
  static byte[] handshakeRequest(String hostHeader, String pathAndQuery, String key) {
    String request =
        "GET "
            + pathAndQuery
            + " HTTP/1.1\r\n"
            + "Host: "
            + hostHeader
            + "\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key: "
            + key
            + "\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "\r\n";
    return request.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * One client frame, final, masked with {@code mask} as section 5.3 requires of every frame a
   * client sends.
   */
  static byte[] clientFrame(int opcode, byte[] payload, int mask) {
    int length = payload.length;
    int header = length <= 125 ? 2 : length <= 0xFFFF ? 4 : 10;
    byte[] frame = new byte[header + 4 + length];
    frame[0] = (byte) (0x80 | opcode);
    if (length <= 125) {
      frame[1] = (byte) (0x80 | length);
    } else if (length <= 0xFFFF) {
      frame[1] = (byte) (0x80 | 126);
      frame[2] = (byte) (length >>> 8);
      frame[3] = (byte) length;
    } else {
      frame[1] = (byte) (0x80 | 127);
      long l = length;
      for (int i = 0; i < 8; i++) {
        frame[2 + i] = (byte) (l >>> (56 - 8 * i));
      }
    }
    byte[] key = {(byte) (mask >>> 24), (byte) (mask >>> 16), (byte) (mask >>> 8), (byte) mask};
    System.arraycopy(key, 0, frame, header, 4);
    int at = header + 4;
    for (int i = 0; i < length; i++) {
      frame[at + i] = (byte) (payload[i] ^ key[i & 3]);
    }
    return frame;
  }

  /** A close frame's payload: the code, then the reason in UTF-8 (cut to fit 125 bytes). */
  static byte[] closePayload(int code, String reason) {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    int n = Math.min(text.length, MAX_CONTROL_PAYLOAD - 2);
    byte[] payload = new byte[2 + n];
    payload[0] = (byte) (code >>> 8);
    payload[1] = (byte) code;
    System.arraycopy(text, 0, payload, 2, n);
    return payload;
  }

  /**
   * Whether a close code may appear in a close frame (section 7.4): the defined codes other than
   * those reserved for local use (1004–1006, 1015), and the ranges for libraries and applications.
   */
  static boolean validCloseCode(int code) {
    return (code >= 1000 && code <= 1003)
        || (code >= 1007 && code <= 1014)
        || (code >= 3000 && code <= 4999);
  }

  /**
   * Text from UTF-8, refusing malformed input (section 8.1 requires the connection to fail). The
   * JDK's decoding has a fast path for ASCII, the venues' JSON; only text that decodes to a
   * replacement character is checked again strictly, as it may come from malformed bytes.
   */
  static String utf8(byte[] bytes, int offset, int length) throws CharacterCodingException {
    String text = new String(bytes, offset, length, StandardCharsets.UTF_8);
    if (text.indexOf('\uFFFD') >= 0) {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, offset, length));
    }
    return text;
  }
}
