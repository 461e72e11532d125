package com.marketmaker.simulator;

import com.marketmaker.simulator.coinbase.CoinbaseVenueSimulator;
import com.marketmaker.simulator.exchange.ExchangeAccount;
import com.marketmaker.simulator.kraken.KrakenVenueSimulator;
import com.marketmaker.simulator.replay.ReplaySpeed;
import com.marketmaker.simulator.socket.StreamVenueSettings;
import com.marketmaker.simulator.socket.StreamVenueSimulator;
import com.marketmaker.simulator.synthetic.SyntheticInstrument;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the venue simulators (Binance spot and USD-M, Kraken, Coinbase) until interrupted. */
@Command(
    name = "venue-simulator",
    mixinStandardHelpOptions = true,
    description =
        "Replays recorded Binance spot and USD-M captures and runs synthetic instruments with order"
            + " entry over Binance's REST/WebSocket, and replays the recorded Kraken and Coinbase"
            + " captures over their WebSocket feeds.")
public final class SimulatorMain implements Callable<Integer> {

  @Option(names = "--data-dir", description = "shared data folder (default: ${DEFAULT-VALUE})")
  Path dataDir = Path.of("../shared/data");

  @Option(names = "--host", description = "interface to bind (default: ${DEFAULT-VALUE})")
  String host = "127.0.0.1";

  @Option(names = "--spot-port", description = "spot port, 0 = any (default: ${DEFAULT-VALUE})")
  int spotPort = 9443;

  @Option(names = "--usdm-port", description = "USD-M port, 0 = any (default: ${DEFAULT-VALUE})")
  int usdmPort = 9444;

  @Option(
      names = "--spot-symbols",
      split = ",",
      description = "spot symbols, empty for none (default: ${DEFAULT-VALUE})")
  List<String> spotSymbols = List.of("BTCUSDT", "ETHUSDT");

  @Option(
      names = "--usdm-symbols",
      split = ",",
      description = "USD-M symbols, empty for none (default: ${DEFAULT-VALUE})")
  List<String> usdmSymbols = List.of("BTCUSDT", "ETHUSDT");

  @Option(
      names = "--kraken-port",
      description = "Kraken WebSocket port, 0 = any, -1 = no Kraken (default: ${DEFAULT-VALUE})")
  int krakenPort = 9445;

  @Option(
      names = "--coinbase-port",
      description =
          "Coinbase WebSocket port, 0 = any, -1 = no Coinbase (default: ${DEFAULT-VALUE})")
  int coinbasePort = 9446;

  @Option(names = "--speed", description = "'max' or a factor over the recorded pace")
  String speed = "1";

  @Option(names = "--autostart", description = "start the replay at once")
  boolean autostart;

  @Option(names = "--ping-seconds", description = "ping idle connections after (default: 20)")
  int pingSeconds = 20;

  @Option(names = "--lifetime-minutes", description = "close connections after (default: 1440)")
  long lifetimeMinutes = 24 * 60;

  @Option(names = "--buffer", description = "frames buffered per connection (default: 4096)")
  int buffer = 4096;

  @Option(
      names = "--synthetic-spot",
      description = "synthetic spot instruments SYN001USDT.. with default flow (default: 0)")
  int syntheticSpot;

  @Option(
      names = "--synthetic-usdm",
      description = "synthetic USD-M instruments SYN001USDT.. with default flow (default: 0)")
  int syntheticUsdm;

  @Option(names = "--seed", description = "seed of the synthetic flow (default: 1)")
  long seed = 1;

  @Option(names = "--tick-millis", description = "market-data beat in ms (default: 100)")
  long tickMillis = 100;

  @Option(
      names = "--synthetic-autostart",
      description = "start the crowd at once (else POST /admin/synthetic/start)")
  boolean syntheticAutostart;

  @Option(
      names = "--account",
      description =
          "trading account NAME:APIKEY:SECRETENV, the secret read from environment variable"
              + " SECRETENV (repeatable)")
  List<String> accounts = List.of();

  @Option(names = "--spot-orders-per-10s", description = "spot order limit (default: 50)")
  int spotOrders = 50;

  @Option(names = "--usdm-orders-per-10s", description = "USD-M order limit (default: 300)")
  int usdmOrders = 300;

  @Option(names = "--listen-key-minutes", description = "listen key validity (default: 60)")
  long listenKeyMinutes = 60;

  @Option(
      names = "--state-dir",
      description =
          "keep the trading accounts (orders, fills, ids) in this folder across restarts"
              + " (default: none, every start is a fresh venue)")
  Path stateDir;

  @Option(
      names = "--unfilled-order-retention-minutes",
      description =
          "forget a trading account's order that ended without a fill this many minutes after"
              + " (default: ${DEFAULT-VALUE})")
  long unfilledRetentionMinutes = ExchangeSettings.DEFAULT_UNFILLED_ORDER_RETENTION.toMinutes();

  @Option(
      names = "--fill-retention-minutes",
      description =
          "forget a trading account's fill, and an order that ended with a fill, this many minutes"
              + " after (default: ${DEFAULT-VALUE})")
  long fillRetentionMinutes = ExchangeSettings.DEFAULT_FILL_RETENTION.toMinutes();

  @Option(
      names = "--spot-weight-per-minute",
      description = "spot request-weight budget per minute (default: ${DEFAULT-VALUE})")
  int spotWeight = Dialect.SPOT.defaultWeightPerMinute;

  @Option(
      names = "--usdm-weight-per-minute",
      description = "USD-M request-weight budget per minute (default: ${DEFAULT-VALUE})")
  int usdmWeight = Dialect.USDM.defaultWeightPerMinute;

  @Override
  public Integer call() throws Exception {
    double replaySpeed = ReplaySpeed.parse(speed);
    Settings settings =
        Settings.defaults(dataDir)
            .withSymbols(clean(spotSymbols), clean(usdmSymbols))
            .withPorts(spotPort, usdmPort)
            .withWeightPerMinute(spotWeight, usdmWeight)
            .withConnection(
                buffer,
                Duration.ofSeconds(5),
                Duration.ofSeconds(pingSeconds),
                Duration.ofMinutes(lifetimeMinutes));
    settings =
        new Settings(
            settings.dataDir(),
            host,
            settings.spotPort(),
            settings.usdmPort(),
            settings.spotSymbols(),
            settings.usdmSymbols(),
            0,
            settings.connectionBuffer(),
            settings.maxStall(),
            settings.pingInterval(),
            settings.connectionLifetime(),
            settings.spotWeightPerMinute(),
            settings.usdmWeightPerMinute(),
            settings.exchange());
    List<ExchangeAccount> parsed = new java.util.ArrayList<>();
    for (String a : accounts) {
      String[] parts = a.split(":", -1);
      if (parts.length != 3) {
        throw new CommandLine.ParameterException(
            new CommandLine(this), "--account must be NAME:APIKEY:SECRETENV, got '" + a + "'");
      }
      String secret = System.getenv(parts[2]);
      if (secret == null) {
        throw new CommandLine.ParameterException(
            new CommandLine(this),
            "environment variable " + parts[2] + " (secret of " + parts[0] + ") is not set");
      }
      parsed.add(new ExchangeAccount(parts[0], parts[1], secret));
    }
    settings =
        settings.withExchange(
            settings
                .exchange()
                .withAccounts(parsed)
                .withInstruments(
                    SyntheticInstrument.defaults(syntheticSpot),
                    SyntheticInstrument.defaults(syntheticUsdm))
                .withFlow(seed, Duration.ofMillis(tickMillis), syntheticAutostart)
                .withOrderLimits(spotOrders, usdmOrders)
                .withListenKeyValidity(Duration.ofMinutes(listenKeyMinutes))
                .withStateDir(stateDir)
                .withUnfilledOrderRetention(Duration.ofMinutes(unfilledRetentionMinutes))
                .withFillRetention(Duration.ofMinutes(fillRetentionMinutes)));
    Config config =
        ConfigFactory.parseString(
                "pekko.loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]\n"
                    + "pekko.logging-filter = \"org.apache.pekko.event.slf4j.Slf4jLoggingFilter\"")
            .withFallback(ConfigFactory.load());
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "venue-simulator", config);
    BinanceVenueSimulator sim = BinanceVenueSimulator.start(system, settings);
    StreamVenueSettings stream =
        StreamVenueSettings.defaults(dataDir)
            .withHost(host)
            .withConnection(buffer, Duration.ofSeconds(5), Duration.ofSeconds(pingSeconds));
    List<StreamVenueSimulator> others = new ArrayList<>();
    if (krakenPort >= 0) {
      others.add(KrakenVenueSimulator.start(system, stream.withPort(krakenPort)));
    }
    if (coinbasePort >= 0) {
      others.add(CoinbaseVenueSimulator.start(system, stream.withPort(coinbasePort)));
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  sim.stop();
                  others.forEach(StreamVenueSimulator::stop);
                  system.terminate();
                }));
    System.out.printf(
        "Binance simulator: spot port %d, USD-M port %d (POST /admin/replay/start?speed=..)%n",
        sim.spotPort(), sim.usdmPort());
    for (StreamVenueSimulator o : others) {
      System.out.printf("%s simulator: %s%n", o.getClass().getSimpleName(), o.wsUrl());
    }
    if (autostart) {
      sim.startReplay(replaySpeed);
      others.forEach(o -> o.startReplay(replaySpeed));
    }
    system.getWhenTerminated().toCompletableFuture().join();
    return 0;
  }

  private static List<String> clean(List<String> symbols) {
    return symbols.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new SimulatorMain()).execute(args));
  }
}
