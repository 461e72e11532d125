package com.marketmaker.streams.binance;

import com.marketmaker.core.instrument.Venue;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Settings of one Binance venue's account side: order entry, the user-data stream and the
 * exchange-info catalog, read from the venue's block {@code market-maker.venues.binance} (spot) or
 * {@code market-maker.venues.binance-usdm} (USD-M futures).
 *
 * @param restUrl REST base, e.g. {@code https://api.binance.com}
 * @param wsUrl WebSocket base; the user-data stream is {@code <wsUrl>/ws/<listenKey>}
 * @param recvWindow how long after its {@code timestamp} a signed request stays valid at the venue
 *     (Binance: at most 60 s, default 5 s)
 * @param requestTimeout bound of one REST request, connection to parsed answer
 * @param orderSendDeadline how long a placement may wait on our side (for the venue's clock to be
 *     measured) before it is signed and sent; past it the placement is refused locally and never
 *     sent, so every placement reaches the venue within this plus {@code recvWindow} of being asked
 *     for, or not at all
 * @param clockSyncInterval how often the offset to the venue's clock is measured again
 * @param orderRateLimits the account's order-count limits per interval, matching the venue's {@code
 *     X-MBX-ORDER-COUNT-<interval>} answer headers (e.g. {@code 10s -> 100})
 * @param listenKeyKeepAlive interval of the listen key keep-alive (Binance recommends 30 min)
 * @param restMaxConnections connections of the account's REST pool to the venue
 * @param restMaxOpenRequests requests the pool holds (sent or waiting for a connection) before it
 *     refuses more; a power of two
 */
public record BinanceAccountSettings(
    Venue venue,
    String restUrl,
    String wsUrl,
    Duration recvWindow,
    Duration requestTimeout,
    Duration orderSendDeadline,
    Duration clockSyncInterval,
    Map<Duration, Integer> orderRateLimits,
    Duration listenKeyKeepAlive,
    Duration minBackoff,
    Duration maxBackoff,
    double randomFactor,
    int restMaxConnections,
    int restMaxOpenRequests) {

  private static final Pattern INTERVAL = Pattern.compile("(\\d{1,4})([smhd])");

  public BinanceAccountSettings {
    if (venue != Venue.BINANCE && venue != Venue.BINANCE_USDM) {
      throw new IllegalArgumentException("not a Binance venue: " + venue);
    }
    restUrl = stripSlash(restUrl, "rest-url");
    wsUrl = stripSlash(wsUrl, "ws-url");
    if (recvWindow.toMillis() < 1 || recvWindow.toMillis() > 60_000) {
      throw new IllegalArgumentException(
          "recv-window must be between 1 ms and 60 s (Binance's maximum), got " + recvWindow);
    }
    requirePositive(requestTimeout, "request-timeout");
    requirePositive(orderSendDeadline, "order-send-deadline");
    requirePositive(clockSyncInterval, "clock-sync-interval");
    requirePositive(listenKeyKeepAlive, "user-data.keep-alive");
    if (listenKeyKeepAlive.compareTo(Duration.ofMinutes(60)) >= 0) {
      throw new IllegalArgumentException(
          "user-data.keep-alive must be under 60 min: a listen key expires 60 min after its last"
              + " keep-alive, got "
              + listenKeyKeepAlive);
    }
    requirePositive(minBackoff, "user-data.reconnect.min-backoff");
    if (maxBackoff.compareTo(minBackoff) < 0) {
      throw new IllegalArgumentException("user-data.reconnect.max-backoff is below min-backoff");
    }
    if (randomFactor < 0 || randomFactor > 1) {
      throw new IllegalArgumentException("user-data.reconnect.random-factor must be in [0, 1]");
    }
    if (restMaxConnections < 1) {
      throw new IllegalArgumentException(
          "rest-pool.max-connections must be positive, got " + restMaxConnections);
    }
    if (restMaxOpenRequests < 1 || Integer.bitCount(restMaxOpenRequests) != 1) {
      throw new IllegalArgumentException(
          "rest-pool.max-open-requests must be a power of two, got " + restMaxOpenRequests);
    }
    orderRateLimits = Map.copyOf(orderRateLimits);
    for (Map.Entry<Duration, Integer> e : orderRateLimits.entrySet()) {
      if (e.getKey().isZero() || e.getKey().isNegative() || e.getValue() <= 0) {
        throw new IllegalArgumentException("order rate limit must be positive: " + e);
      }
    }
  }

  private static void requirePositive(Duration d, String what) {
    if (d == null || d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(what + " must be positive, got " + d);
    }
  }

  private static String stripSlash(String url, String what) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException(what + " is missing");
    }
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** Reads the venue's block from the node's config (defaults from reference.conf). */
  public static BinanceAccountSettings fromConfig(Venue venue, Config root) {
    String path = BinanceFeedSettings.configPath(venue);
    Config c = root.getConfig(path);
    Map<Duration, Integer> limits = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : c.getConfig("order-rate-limits").root().entrySet()) {
      Duration interval = interval(e.getKey());
      if (interval == null) {
        throw new IllegalArgumentException(
            path
                + ".order-rate-limits: interval '"
                + e.getKey()
                + "' is not <number><s|m|h|d> as in Binance's X-MBX-ORDER-COUNT-10S header");
      }
      limits.put(interval, c.getInt("order-rate-limits.\"" + e.getKey() + "\""));
    }
    return new BinanceAccountSettings(
        venue,
        c.getString("rest-url"),
        c.getString("ws-url"),
        c.getDuration("recv-window"),
        c.getDuration("request-timeout"),
        c.getDuration("order-send-deadline"),
        c.getDuration("clock-sync-interval"),
        limits,
        c.getDuration("user-data.keep-alive"),
        c.getDuration("user-data.reconnect.min-backoff"),
        c.getDuration("user-data.reconnect.max-backoff"),
        c.getDouble("user-data.reconnect.random-factor"),
        c.getInt("rest-pool.max-connections"),
        c.getInt("rest-pool.max-open-requests"));
  }

  /**
   * Parses an interval as Binance writes it in rate-limit headers ({@code 10S}, {@code 1M}, {@code
   * 1D}: number and letter S, M, H or D), case-insensitively; null when it is not one.
   */
  static Duration interval(String text) {
    Matcher m = INTERVAL.matcher(text.trim().toLowerCase(java.util.Locale.ROOT));
    if (!m.matches()) {
      return null;
    }
    long n = Long.parseLong(m.group(1));
    if (n == 0) {
      return null;
    }
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /** Spot or USD-M REST path prefix: {@code /api/v3} or {@code /fapi/v1}. */
  String apiPrefix() {
    return venue == Venue.BINANCE ? "/api/v3" : "/fapi/v1";
  }

  /** The listen-key endpoint: {@code /api/v3/userDataStream} or {@code /fapi/v1/listenKey}. */
  String listenKeyPath() {
    return venue == Venue.BINANCE ? "/api/v3/userDataStream" : "/fapi/v1/listenKey";
  }

  /** The user-data stream URL of a listen key. */
  String userStreamUrl(String listenKey) {
    return wsUrl + "/ws/" + listenKey;
  }
}
