package com.marketmaker.http.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API tokens: {@value #PREFIX} followed by 32 random bytes in URL-safe base64 (43 characters), and
 * the hash under which the store keeps them.
 *
 * <p>Only the SHA-256 of a token is stored, journaled and cached. A slow or salted hash (PBKDF2,
 * bcrypt, an HMAC with a server key) protects low-entropy secrets such as passwords against
 * guessing; a token is 256 random bits, so finding one from its hash is a 2^256 search whatever the
 * hash costs, and a plain fast hash lets every node check every request with one digest and one map
 * lookup. Looking a token up by its hash also means no comparison runs over the secret itself.
 */
public final class Tokens {

  /**
   * Every token starts with this, so that a leaked one is recognisable (e.g. by secret scanners).
   */
  public static final String PREFIX = "mm_";

  /** Random characters after the prefix at least (32 bytes in base64 are 43). */
  static final int MIN_SECRET_CHARS = 32;

  private static final int MAX_TOKEN_CHARS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Tokens() {}

  /** A new token. */
  public static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A new public token id: {@code tok-} and 12 hex digits. */
  public static String newId() {
    byte[] bytes = new byte[6];
    RANDOM.nextBytes(bytes);
    return "tok-" + HexFormat.of().formatHex(bytes);
  }

  /** The hex SHA-256 of the token's UTF-8 bytes. */
  public static String hash(String token) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /**
   * Whether {@code text} has a token's shape: the prefix, then at least {@value #MIN_SECRET_CHARS}
   * URL-safe base64 characters. Anything else is refused before it is hashed.
   */
  public static boolean wellFormed(String text) {
    if (text == null
        || !text.startsWith(PREFIX)
        || text.length() < PREFIX.length() + MIN_SECRET_CHARS
        || text.length() > MAX_TOKEN_CHARS) {
      return false;
    }
    for (int i = PREFIX.length(); i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
