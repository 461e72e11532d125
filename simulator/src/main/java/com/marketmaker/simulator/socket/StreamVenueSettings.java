package com.marketmaker.simulator.socket;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a Kraken or Coinbase simulator runs.
 *
 * @param dataDir folder holding {@code cryptofeed/} captures (the project's {@code ../shared/data})
 * @param host interface to bind (loopback by default)
 * @param port port of the binding, 0 for any free port
 * @param symbols pairs or products to replay in the venue's spelling ({@code XBT/CHF}, {@code
 *     BAND-GBP}); empty for every one in the capture
 * @param connectionBuffer frames buffered per WebSocket connection; a connection whose buffer
 *     overflows is closed
 * @param maxStall at {@code max} speed the replay waits this long for a full connection buffer to
 *     drain before closing that connection
 * @param pingInterval the server pings a connection idle for this long
 */
public record StreamVenueSettings(
    Path dataDir,
    String host,
    int port,
    List<String> symbols,
    int connectionBuffer,
    Duration maxStall,
    Duration pingInterval) {

  public StreamVenueSettings {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(host, "host");
    symbols = List.copyOf(symbols);
    if (connectionBuffer < 1) {
      throw new IllegalArgumentException("connectionBuffer must be at least 1");
    }
  }

  /** Every recorded symbol, any free port on loopback. */
  public static StreamVenueSettings defaults(Path dataDir) {
    return new StreamVenueSettings(
        dataDir, "127.0.0.1", 0, List.of(), 8192, Duration.ofSeconds(5), Duration.ofSeconds(20));
  }

  public StreamVenueSettings withPort(int p) {
    return new StreamVenueSettings(
        dataDir, host, p, symbols, connectionBuffer, maxStall, pingInterval);
  }

  public StreamVenueSettings withSymbols(List<String> s) {
    return new StreamVenueSettings(
        dataDir, host, port, s, connectionBuffer, maxStall, pingInterval);
  }

  public StreamVenueSettings withHost(String h) {
    return new StreamVenueSettings(
        dataDir, h, port, symbols, connectionBuffer, maxStall, pingInterval);
  }

  public StreamVenueSettings withConnection(int buffer, Duration stall, Duration ping) {
    return new StreamVenueSettings(dataDir, host, port, symbols, buffer, stall, ping);
  }
}
