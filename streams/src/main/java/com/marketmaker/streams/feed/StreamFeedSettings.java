package com.marketmaker.streams.feed;

import com.marketmaker.core.instrument.Venue;
import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Settings of a venue feed whose snapshots come on the WebSocket, read from {@code
 * market-maker.venues.kraken} or {@code market-maker.venues.coinbase}.
 *
 * @param wsUrl the venue's WebSocket endpoint
 * @param staleAfter silence per instrument after which subscribers get {@code Stale}
 * @param laneCapacity events a bounded subscriber may hold unconsumed before drop-and-resync
 * @param snapshotTimeout how long a requested snapshot (a resubscription) may take
 * @param controlMessagesPerSecond subscribe / unsubscribe messages sent per second at most
 * @param bookDepth Kraken: the {@code book} subscription depth (10, 25, 100, 500, 1000); else 0
 * @param bookChannel Coinbase: the order-book channel ({@code level2} or {@code level2_batch});
 *     Kraken: {@code book}
 */
public record StreamFeedSettings(
    Venue venue,
    String wsUrl,
    Duration staleAfter,
    int laneCapacity,
    Duration minBackoff,
    Duration maxBackoff,
    double randomFactor,
    Duration snapshotTimeout,
    int controlMessagesPerSecond,
    int bookDepth,
    String bookChannel) {

  private static final Set<Integer> KRAKEN_DEPTHS = Set.of(10, 25, 100, 500, 1000);

  public StreamFeedSettings {
    if (venue != Venue.KRAKEN && venue != Venue.COINBASE) {
      throw new IllegalArgumentException("not a venue with snapshots on the stream: " + venue);
    }
    if (wsUrl == null || wsUrl.isBlank()) {
      throw new IllegalArgumentException(configPath(venue) + ".ws-url is missing");
    }
    if (laneCapacity < 2) {
      throw new IllegalArgumentException("lane-capacity must be at least 2, got " + laneCapacity);
    }
    if (controlMessagesPerSecond < 1) {
      throw new IllegalArgumentException("control-messages-per-second must be positive");
    }
    if (venue == Venue.KRAKEN && !KRAKEN_DEPTHS.contains(bookDepth)) {
      throw new IllegalArgumentException(
          "market-maker.venues.kraken.book-depth must be one of "
              + KRAKEN_DEPTHS
              + ", got "
              + bookDepth);
    }
    if (venue == Venue.COINBASE
        && !bookChannel.equals("level2")
        && !bookChannel.equals("level2_batch")) {
      throw new IllegalArgumentException(
          "market-maker.venues.coinbase.book-channel must be level2 or level2_batch, got "
              + bookChannel);
    }
  }

  /** The config path of a venue's block. */
  public static String configPath(Venue venue) {
    return "market-maker.venues." + venue.name().toLowerCase(Locale.ROOT);
  }

  /** Reads the venue's block from the node's config (defaults from reference.conf). */
  public static StreamFeedSettings fromConfig(Venue venue, Config root) {
    Config c = root.getConfig(configPath(venue));
    return new StreamFeedSettings(
        venue,
        c.getString("ws-url"),
        c.getDuration("stale-after"),
        c.getInt("lane-capacity"),
        c.getDuration("reconnect.min-backoff"),
        c.getDuration("reconnect.max-backoff"),
        c.getDouble("reconnect.random-factor"),
        c.getDuration("snapshot-timeout"),
        c.getInt("control-messages-per-second"),
        venue == Venue.KRAKEN ? c.getInt("book-depth") : 0,
        venue == Venue.COINBASE ? c.getString("book-channel") : "book");
  }

  /** The same settings pointing at another endpoint (a simulator on loopback in tests). */
  public StreamFeedSettings withWsUrl(String url) {
    return new StreamFeedSettings(
        venue,
        url,
        staleAfter,
        laneCapacity,
        minBackoff,
        maxBackoff,
        randomFactor,
        snapshotTimeout,
        controlMessagesPerSecond,
        bookDepth,
        bookChannel);
  }

  /** The same settings with another reconnect backoff. */
  public StreamFeedSettings withBackoff(Duration min, Duration max) {
    return new StreamFeedSettings(
        venue,
        wsUrl,
        staleAfter,
        laneCapacity,
        min,
        max,
        randomFactor,
        snapshotTimeout,
        controlMessagesPerSecond,
        bookDepth,
        bookChannel);
  }

  /** The same settings with another Kraken book depth. */
  public StreamFeedSettings withBookDepth(int depth) {
    return new StreamFeedSettings(
        venue,
        wsUrl,
        staleAfter,
        laneCapacity,
        minBackoff,
        maxBackoff,
        randomFactor,
        snapshotTimeout,
        controlMessagesPerSecond,
        depth,
        bookChannel);
  }
}
