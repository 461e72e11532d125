package com.marketmaker.streams.binance;

import com.marketmaker.core.instrument.Venue;
import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Locale;

/**
 * Settings of one Binance venue's market-data feed, read from {@code market-maker.venues.binance}
 * (spot) or {@code market-maker.venues.binance-usdm} (USD-M futures).
 *
 * @param wsUrl WebSocket base; the combined-stream endpoint is {@code <wsUrl>/stream}
 * @param restUrl REST base; depth is {@code /api/v3/depth} (spot) or {@code /fapi/v1/depth}
 * @param depthStream the depth diff stream suffix, {@code <symbol>@<depthStream>}
 * @param staleAfter silence per instrument after which subscribers get {@code Stale}
 * @param laneCapacity events a bounded subscriber may hold unconsumed before drop-and-resync
 * @param requestWeightLimit the venue's REQUEST_WEIGHT limit per minute
 * @param requestWeightShare the share of that limit this node allows itself
 * @param maxStreamsPerConnection the venue's limit of streams on one connection (spot 1024; USD-M
 *     200 by default, see reference.conf); beyond it the feed opens further connections
 * @param maxControlMessagesPerSecond the venue's limit of messages a client sends per second on one
 *     connection (spot 5, USD-M 10); the feed sends SUBSCRIBE / UNSUBSCRIBE at one less per second,
 *     evenly spaced, leaving room for the keep-alive pong frames that count too
 */
public record BinanceFeedSettings(
    Venue venue,
    String wsUrl,
    String restUrl,
    String depthStream,
    Duration staleAfter,
    int laneCapacity,
    Duration minBackoff,
    Duration maxBackoff,
    double randomFactor,
    Duration restTimeout,
    int requestWeightLimit,
    double requestWeightShare,
    int maxStreamsPerConnection,
    int maxControlMessagesPerSecond) {

  /** Streams per instrument: depth diffs, bookTicker, trades. */
  public static final int STREAMS_PER_INSTRUMENT = 3;

  public BinanceFeedSettings {
    if (venue != Venue.BINANCE && venue != Venue.BINANCE_USDM) {
      throw new IllegalArgumentException("not a Binance venue: " + venue);
    }
    wsUrl = stripSlash(wsUrl);
    restUrl = stripSlash(restUrl);
    if (laneCapacity < 2) {
      throw new IllegalArgumentException("lane-capacity must be at least 2, got " + laneCapacity);
    }
    if (requestWeightShare <= 0 || requestWeightShare > 1) {
      throw new IllegalArgumentException("request-weight-share must be in (0, 1]");
    }
    if (maxStreamsPerConnection < STREAMS_PER_INSTRUMENT) {
      throw new IllegalArgumentException(
          "max-streams-per-connection must hold one instrument's "
              + STREAMS_PER_INSTRUMENT
              + " streams, got "
              + maxStreamsPerConnection);
    }
    if (maxControlMessagesPerSecond < 2) {
      throw new IllegalArgumentException(
          "max-control-messages-per-second must be at least 2 (one is kept for pongs), got "
              + maxControlMessagesPerSecond);
    }
  }

  /** The config path of a venue's block. */
  public static String configPath(Venue venue) {
    return "market-maker.venues." + venue.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Reads the venue's block from the node's config (defaults from reference.conf). */
  public static BinanceFeedSettings fromConfig(Venue venue, Config root) {
    Config c = root.getConfig(configPath(venue));
    return new BinanceFeedSettings(
        venue,
        c.getString("ws-url"),
        c.getString("rest-url"),
        c.getString("depth-stream"),
        c.getDuration("stale-after"),
        c.getInt("lane-capacity"),
        c.getDuration("reconnect.min-backoff"),
        c.getDuration("reconnect.max-backoff"),
        c.getDouble("reconnect.random-factor"),
        c.getDuration("rest-timeout"),
        c.getInt("request-weight-limit"),
        c.getDouble("request-weight-share"),
        c.getInt("max-streams-per-connection"),
        c.getInt("max-control-messages-per-second"));
  }

  /** Instruments that fit on one connection. */
  public int instrumentsPerConnection() {
    return maxStreamsPerConnection / STREAMS_PER_INSTRUMENT;
  }

  /** The same settings with other connection limits (tests use small ones). */
  public BinanceFeedSettings withConnectionLimits(int maxStreams, int maxControlPerSecond) {
    return new BinanceFeedSettings(
        venue,
        wsUrl,
        restUrl,
        depthStream,
        staleAfter,
        laneCapacity,
        minBackoff,
        maxBackoff,
        randomFactor,
        restTimeout,
        requestWeightLimit,
        requestWeightShare,
        maxStreams,
        maxControlPerSecond);
  }

  /** The combined-stream WebSocket endpoint. */
  public String streamUrl() {
    return wsUrl + "/stream";
  }

  /** The REST depth endpoint (without query). */
  public String depthUrl() {
    return restUrl + (venue == Venue.BINANCE ? "/api/v3/depth" : "/fapi/v1/depth");
  }

  private static String stripSlash(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("URL is missing");
    }
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
