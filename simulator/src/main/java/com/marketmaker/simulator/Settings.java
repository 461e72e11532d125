package com.marketmaker.simulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the simulator runs.
 *
 * @param dataDir folder holding {@code binance/} captures (the project's {@code ../shared/data})
 * @param host interface to bind (loopback by default)
 * @param spotPort port of the spot binding, 0 for any free port
 * @param usdmPort port of the USD-M binding, 0 for any free port
 * @param spotSymbols spot symbols to replay; empty means no spot binding
 * @param usdmSymbols USD-M symbols to replay; empty means no USD-M binding
 * @param maxFramesPerSymbol replay at most this many frames per symbol (0 = the whole capture); for
 *     tests that need only part of a file
 * @param connectionBuffer frames buffered per WebSocket connection; a connection whose buffer
 *     overflows is closed
 * @param maxStall at {@code max} speed the replay waits this long for a full connection buffer to
 *     drain before closing that connection (at a recorded pace it never waits)
 * @param pingInterval the server pings a connection idle for this long
 * @param connectionLifetime the server closes every connection after this long (Binance: 24 h)
 * @param spotWeightPerMinute spot request-weight budget per minute
 * @param usdmWeightPerMinute USD-M request-weight budget per minute
 * @param exchange the simulated exchange: accounts, synthetic instruments, fees, order limits
 */
public record Settings(
    Path dataDir,
    String host,
    int spotPort,
    int usdmPort,
    List<String> spotSymbols,
    List<String> usdmSymbols,
    int maxFramesPerSymbol,
    int connectionBuffer,
    Duration maxStall,
    Duration pingInterval,
    Duration connectionLifetime,
    int spotWeightPerMinute,
    int usdmWeightPerMinute,
    ExchangeSettings exchange) {

  public Settings {
    Objects.requireNonNull(exchange, "exchange");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(host, "host");
    spotSymbols = List.copyOf(spotSymbols);
    usdmSymbols = List.copyOf(usdmSymbols);
    if (maxFramesPerSymbol < 0 || connectionBuffer < 1) {
      throw new IllegalArgumentException("maxFramesPerSymbol >= 0 and connectionBuffer >= 1");
    }
    if (spotWeightPerMinute < 1 || usdmWeightPerMinute < 1) {
      throw new IllegalArgumentException("weight budgets must be positive");
    }
  }

  /** BTCUSDT and ETHUSDT on both venues, any free ports, Binance's own limits. */
  public static Settings defaults(Path dataDir) {
    return new Settings(
        dataDir,
        "127.0.0.1",
        0,
        0,
        List.of("BTCUSDT", "ETHUSDT"),
        List.of("BTCUSDT", "ETHUSDT"),
        0,
        4096,
        Duration.ofSeconds(5),
        Duration.ofSeconds(20),
        Duration.ofHours(24),
        Dialect.SPOT.defaultWeightPerMinute,
        Dialect.USDM.defaultWeightPerMinute,
        ExchangeSettings.defaults());
  }

  public Settings withPorts(int spot, int usdm) {
    return new Settings(
        dataDir,
        host,
        spot,
        usdm,
        spotSymbols,
        usdmSymbols,
        maxFramesPerSymbol,
        connectionBuffer,
        maxStall,
        pingInterval,
        connectionLifetime,
        spotWeightPerMinute,
        usdmWeightPerMinute,
        exchange);
  }

  public Settings withSymbols(List<String> spot, List<String> usdm) {
    return new Settings(
        dataDir,
        host,
        spotPort,
        usdmPort,
        spot,
        usdm,
        maxFramesPerSymbol,
        connectionBuffer,
        maxStall,
        pingInterval,
        connectionLifetime,
        spotWeightPerMinute,
        usdmWeightPerMinute,
        exchange);
  }

  public Settings withMaxFramesPerSymbol(int n) {
    return new Settings(
        dataDir,
        host,
        spotPort,
        usdmPort,
        spotSymbols,
        usdmSymbols,
        n,
        connectionBuffer,
        maxStall,
        pingInterval,
        connectionLifetime,
        spotWeightPerMinute,
        usdmWeightPerMinute,
        exchange);
  }

  public Settings withConnection(int buffer, Duration stall, Duration ping, Duration lifetime) {
    return new Settings(
        dataDir,
        host,
        spotPort,
        usdmPort,
        spotSymbols,
        usdmSymbols,
        maxFramesPerSymbol,
        buffer,
        stall,
        ping,
        lifetime,
        spotWeightPerMinute,
        usdmWeightPerMinute,
        exchange);
  }

  public Settings withWeightPerMinute(int spot, int usdm) {
    return new Settings(
        dataDir,
        host,
        spotPort,
        usdmPort,
        spotSymbols,
        usdmSymbols,
        maxFramesPerSymbol,
        connectionBuffer,
        maxStall,
        pingInterval,
        connectionLifetime,
        spot,
        usdm,
        exchange);
  }

  public Settings withExchange(ExchangeSettings e) {
    return new Settings(
        dataDir,
        host,
        spotPort,
        usdmPort,
        spotSymbols,
        usdmSymbols,
        maxFramesPerSymbol,
        connectionBuffer,
        maxStall,
        pingInterval,
        connectionLifetime,
        spotWeightPerMinute,
        usdmWeightPerMinute,
        e);
  }

  List<String> symbols(Dialect d) {
    return d == Dialect.SPOT ? spotSymbols : usdmSymbols;
  }

  int port(Dialect d) {
    return d == Dialect.SPOT ? spotPort : usdmPort;
  }

  int weightPerMinute(Dialect d) {
    return d == Dialect.SPOT ? spotWeightPerMinute : usdmWeightPerMinute;
  }
}
