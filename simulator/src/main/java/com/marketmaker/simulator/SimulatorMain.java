package com.marketmaker.simulator;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the Binance venue simulator on its own until interrupted. */
@Command(
    name = "binance-simulator",
    mixinStandardHelpOptions = true,
    description = "Replays recorded Binance spot and USD-M captures over Binance's REST/WebSocket.")
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

  @Override
  public Integer call() throws Exception {
    double replaySpeed = VenueServer.parseSpeed(speed);
    Settings settings =
        Settings.defaults(dataDir)
            .withSymbols(clean(spotSymbols), clean(usdmSymbols))
            .withPorts(spotPort, usdmPort)
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
    Config config =
        ConfigFactory.parseString(
                "pekko.loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]\n"
                    + "pekko.logging-filter = \"org.apache.pekko.event.slf4j.Slf4jLoggingFilter\"")
            .withFallback(ConfigFactory.load());
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "binance-simulator", config);
    BinanceVenueSimulator sim = BinanceVenueSimulator.start(system, settings);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  sim.stop();
                  system.terminate();
                }));
    System.out.printf(
        "Binance simulator: spot port %d, USD-M port %d (POST /admin/replay/start?speed=..)%n",
        sim.spotPort(), sim.usdmPort());
    if (autostart) {
      sim.startReplay(replaySpeed);
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
