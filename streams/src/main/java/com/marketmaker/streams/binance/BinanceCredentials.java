package com.marketmaker.streams.binance;

import com.marketmaker.core.instrument.Venue;
import com.typesafe.config.Config;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Binance API key and its secret, read from {@code market-maker.venues.<venue>.api-key} and
 * {@code api-secret} (the node's config lets {@code MM_BINANCE_API_KEY} / {@code
 * MM_BINANCE_API_SECRET} and {@code MM_BINANCE_USDM_API_KEY} / {@code MM_BINANCE_USDM_API_SECRET}
 * override them).
 *
 * <p>Guarantees: the secret never leaves this object. It is used only as the HMAC-SHA256 key of
 * {@link #sign}; {@link #toString()} shows a shortened API key and never the secret; no message of
 * an exception thrown here contains either.
 */
public final class BinanceCredentials {

  private final String apiKey;
  private final byte[] secret;

  /** One initialised HMAC per thread: a Mac is not thread-safe, and looking one up costs µs. */
  private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

  private BinanceCredentials(String apiKey, byte[] secret) {
    this.apiKey = apiKey;
    this.secret = secret;
  }

  /**
   * Credentials from an API key and secret.
   *
   * @throws IllegalArgumentException naming which one is missing or malformed (never its value)
   */
  public static BinanceCredentials of(String apiKey, String secret) {
    requireToken(apiKey, "API key");
    requireToken(secret, "API secret");
    return new BinanceCredentials(apiKey, secret.getBytes(StandardCharsets.US_ASCII));
  }

  private static void requireToken(String value, String what) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(what + " is missing");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c > '~') {
        throw new IllegalArgumentException(
            what + " must be printable ASCII without spaces (character " + i + " is not)");
      }
    }
  }

  /**
   * The venue's credentials from its config block, or empty when neither key nor secret is set.
   *
   * @throws IllegalArgumentException when only one of them is set, or one is malformed
   */
  public static Optional<BinanceCredentials> fromConfig(Venue venue, Config root) {
    String path = BinanceFeedSettings.configPath(venue);
    Config c = root.hasPath(path) ? root.getConfig(path) : null;
    String key = c != null && c.hasPath("api-key") ? c.getString("api-key").trim() : "";
    String secret = c != null && c.hasPath("api-secret") ? c.getString("api-secret").trim() : "";
    if (key.isEmpty() && secret.isEmpty()) {
      return Optional.empty();
    }
    if (key.isEmpty() || secret.isEmpty()) {
      throw new IllegalArgumentException(
          path
              + (key.isEmpty() ? ".api-key" : ".api-secret")
              + " is missing while "
              + path
              + (key.isEmpty() ? ".api-secret" : ".api-key")
              + " is set; "
              + missingHint(venue));
    }
    try {
      return Optional.of(of(key, secret));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
    }
  }

  /** Where an operator sets the venue's credentials. */
  public static String missingHint(Venue venue) {
    String path = BinanceFeedSettings.configPath(venue);
    String env = "MM_" + venue.name().toUpperCase(Locale.ROOT);
    return "set "
        + path
        + ".api-key and .api-secret, or the environment variables "
        + env
        + "_API_KEY and "
        + env
        + "_API_SECRET";
  }

  /** The API key, sent in the {@code X-MBX-APIKEY} header. */
  public String apiKey() {
    return apiKey;
  }

  /**
   * The lower-case hex HMAC-SHA256 of {@code totalParams} (the query string followed directly by
   * the request body) under the secret: Binance's {@code signature} parameter.
   */
  public String sign(String totalParams) {
    // doFinal leaves the Mac reset for the next message.
    byte[] digest = macs.get().doFinal(totalParams.getBytes(StandardCharsets.UTF_8));
    char[] hex = new char[digest.length * 2];
    for (int i = 0; i < digest.length; i++) {
      hex[2 * i] = Character.forDigit((digest[i] >> 4) & 0xf, 16);
      hex[2 * i + 1] = Character.forDigit(digest[i] & 0xf, 16);
    }
    return new String(hex);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      // Every Java platform ships HmacSHA256; the message names the algorithm only.
      throw new IllegalStateException("HmacSHA256 unavailable: " + e.getClass().getName());
    }
  }

  /** The API key shortened to its first and last four characters, for logs. */
  public String redactedApiKey() {
    return apiKey.length() <= 8
        ? "****"
        : apiKey.substring(0, 4) + "…" + apiKey.substring(apiKey.length() - 4);
  }

  @Override
  public String toString() {
    return "BinanceCredentials[apiKey=" + redactedApiKey() + ", secret=<redacted>]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BinanceCredentials other
        && apiKey.equals(other.apiKey)
        && Arrays.equals(secret, other.secret);
  }

  @Override
  public int hashCode() {
    return apiKey.hashCode();
  }
}
