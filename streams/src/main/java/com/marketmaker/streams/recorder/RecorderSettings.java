package com.marketmaker.streams.recorder;

import com.marketmaker.core.instrument.Venue;
import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Settings of the market-data recorder, read from {@code market-maker.recorder}.
 *
 * @param enabled whether the node records at all (off by default)
 * @param dir root folder; files go to {@code <dir>/<exchange>/}, one recorder per folder
 * @param rotateBytes a file is finished once this many compressed bytes are on disk
 * @param rotateInterval a file is finished when its receive times cross a multiple of this (UTC,
 *     from the epoch), or when the clock does while it is idle
 * @param venues venues recorded when enabled
 * @param queueCapacity lines waiting for the writer; when full, new lines are dropped and counted
 * @param flushInterval how often open files are flushed (gzip sync flush), bounding what a crash
 *     loses
 * @param salvageOnStart whether {@code .part} files left by a crash are turned into complete files
 *     of their complete lines when the recorder starts
 */
public record RecorderSettings(
    boolean enabled,
    Path dir,
    long rotateBytes,
    Duration rotateInterval,
    Set<Venue> venues,
    int queueCapacity,
    Duration flushInterval,
    boolean salvageOnStart) {

  public RecorderSettings {
    if (dir == null || dir.toString().isBlank()) {
      throw new IllegalArgumentException("market-maker.recorder.dir is missing");
    }
    if (rotateBytes < 1024) {
      throw new IllegalArgumentException("rotate-bytes must be at least 1024, got " + rotateBytes);
    }
    if (rotateInterval.toMillis() < 1000) {
      throw new IllegalArgumentException(
          "rotate-interval must be at least 1 s, got " + rotateInterval);
    }
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queue-capacity must be positive, got " + queueCapacity);
    }
    if (flushInterval.toMillis() < 10) {
      throw new IllegalArgumentException(
          "flush-interval must be at least 10 ms, got " + flushInterval);
    }
    venues = venues.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(venues));
  }

  /** Reads {@code market-maker.recorder} (defaults in reference.conf). */
  public static RecorderSettings fromConfig(Config root) {
    Config c = root.getConfig("market-maker.recorder");
    return new RecorderSettings(
        c.getBoolean("enabled"),
        Path.of(c.getString("dir")),
        c.getBytes("rotate-bytes"),
        c.getDuration("rotate-interval"),
        venues(c.getStringList("venues")),
        c.getInt("queue-capacity"),
        c.getDuration("flush-interval"),
        c.getBoolean("salvage-on-start"));
  }

  /** Whether frames of {@code venue} are recorded. */
  public boolean records(Venue venue) {
    return enabled && venues.contains(venue);
  }

  /** Venue names as in config paths: {@code binance}, {@code binance-usdm}. */
  static Set<Venue> venues(List<String> names) {
    Set<Venue> out = EnumSet.noneOf(Venue.class);
    for (String n : names) {
      String constant = n.trim().toUpperCase(Locale.ROOT).replace('-', '_');
      try {
        out.add(Venue.valueOf(constant));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "market-maker.recorder.venues: unknown venue '"
                + n
                + "'; known: binance, binance-usdm, coinbase, kraken");
      }
    }
    return out;
  }
}
