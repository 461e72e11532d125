package com.marketmaker.simulator.rest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Binance's request signature: lower-case hex of HMAC-SHA256(secret, payload). */
public final class Hmac {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Hmac() {}

  /** The hex HMAC-SHA256 of {@code payload} (UTF-8) under {@code secret} (UTF-8). */
  public static String sign(String secret, String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] d = mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
      char[] out = new char[d.length * 2];
      for (int i = 0; i < d.length; i++) {
        out[2 * i] = HEX[(d[i] >> 4) & 0xf];
        out[2 * i + 1] = HEX[d[i] & 0xf];
      }
      return new String(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /**
   * Whether {@code signature} (hex, any case) is the signature of {@code payload}; constant time.
   */
  public static boolean verify(String secret, String payload, String signature) {
    String expected = sign(secret, payload);
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII),
        signature.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
  }
}
