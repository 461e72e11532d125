package com.marketmaker.backtest.live;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.actors.EntitySettings;
import com.marketmaker.actors.SymbolEntity;
import com.marketmaker.actors.SymbolProtocol;
import com.marketmaker.actors.venue.ExecutionRouter;
import com.marketmaker.backtest.data.BinanceCaptureReader;
import com.marketmaker.backtest.run.Backtest;
import com.marketmaker.backtest.run.BacktestConfig;
import com.marketmaker.backtest.run.BacktestResult;
import com.marketmaker.backtest.run.VenueModel;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.strategy.MakerParameters;
import com.marketmaker.core.strategy.StrategyConfig;
import com.marketmaker.simulator.BinanceVenueSimulator;
import com.marketmaker.simulator.Dialect;
import com.marketmaker.simulator.ExchangeSettings;
import com.marketmaker.simulator.Settings;
import com.marketmaker.simulator.exchange.ExchangeAccount;
import com.marketmaker.simulator.synthetic.SyntheticInstrument;
import com.marketmaker.streams.VenueAdapter;
import com.marketmaker.streams.binance.BinanceFeedSettings;
import com.marketmaker.streams.binance.BinanceMarketDataFeed;
import com.marketmaker.streams.feed.FeedDelivery;
import com.marketmaker.streams.recorder.MarketDataRecorder;
import com.marketmaker.streams.recorder.RecorderSettings;
import com.marketmaker.testsupport.SharedData;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Does a backtest predict live trading? A live session on loopback — the instrument entity quoting
 * the simulator's synthetic Binance market through the real WebSocket feed, signed REST order entry
 * and the user-data stream, its market data recorded by the node's recorder — is replayed in the
 * backtester with the same strategy and the order round trips measured from the session's journal.
 * Fills, P&amp;L and the inventory path are compared (the figures are in BENCHMARKS.md).
 */
class LiveVersusBacktestTest {

  private static final String KEY = "mmTestKey0123456789";
  private static final String SECRET = "mmTestSecret0123456789abcdef";
  private static final Duration T = Duration.ofSeconds(30);
  private static final Duration SESSION = Duration.ofSeconds(90);

  private static final ActorTestKit testKit =
      ActorTestKit.create(
          PersistenceTestKitPlugin.getInstance()
              .config()
              .withFallback(PersistenceTestKitSnapshotPlugin.config())
              .withFallback(ConfigFactory.load()));

  @TempDir static Path recordings;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void aRecordedLiveSessionReplayedInTheBacktesterGivesComparableFillsAndInventory()
      throws Exception {
    SyntheticInstrument synthetic = SyntheticInstrument.defaults(1).get(0);
    InstrumentSpec spec = synthetic.spec(Dialect.SPOT);
    Settings settings =
        Settings.defaults(SharedData.dir())
            .withSymbols(List.of(), List.of())
            .withExchange(
                ExchangeSettings.defaults()
                    .withAccounts(List.of(new ExchangeAccount("mm", KEY, SECRET)))
                    .withInstruments(List.of(synthetic), List.of())
                    .withFlow(11, Duration.ofMillis(100), true));
    BinanceVenueSimulator sim = BinanceVenueSimulator.start(testKit.system(), settings);
    MarketDataRecorder recorder =
        MarketDataRecorder.start(
            new RecorderSettings(
                true,
                recordings,
                1L << 30,
                Duration.ofHours(1),
                Set.of(Venue.BINANCE),
                1 << 16,
                Duration.ofMillis(100),
                false));
    VenueAdapter adapter = null;
    MakerParameters params =
        new MakerParameters(0.05, 60, 5, 200, spec.sizeToLots("0.1"), spec.sizeToLots("0.5"));
    Live live;
    try {
      String host = "127.0.0.1:" + sim.spotPort();
      Config node =
          ConfigFactory.parseString(
                  "market-maker.venues.binance { ws-url = \"ws://"
                      + host
                      + "\", rest-url = \"http://"
                      + host
                      + "\", api-key = \""
                      + KEY
                      + "\", api-secret = \""
                      + SECRET
                      + "\" }")
              .withFallback(testKit.system().settings().config())
              .resolve();
      BinanceMarketDataFeed feed =
          BinanceMarketDataFeed.start(
              testKit.system(),
              BinanceFeedSettings.fromConfig(Venue.BINANCE, node),
              FeedDelivery.TELL,
              recorder);
      adapter = VenueAdapter.withFeed(testKit.system(), Venue.BINANCE, node, feed);
      VenueAdapter a = adapter;
      ActorRef<SymbolProtocol.Command> entity =
          testKit.spawn(
              SymbolEntity.create(
                  spec.id().toString(),
                  SymbolEntity.Dependencies.of(
                          EntitySettings.fromConfig(testKit.system().settings().config()),
                          Clock.systemUTC())
                      .withFeeds(venue -> Optional.of(feed))
                      .withGateways(venue -> a.orderGateway()),
                  self -> {}));
      adapter.startUserData(
          symbol -> symbol.equals(spec.id().symbol()) ? Optional.of(spec) : Optional.empty(),
          new ExecutionRouter(
              testKit.system(),
              Venue.BINANCE,
              (id, command) -> ask(entity, command),
              Duration.ofMillis(50),
              Duration.ofSeconds(2)));
      assertInstanceOf(
          SymbolProtocol.Accepted.class,
          ask(
                  entity,
                  r -> new SymbolProtocol.Start(spec, params, StrategyConfig.defaults(), "test", r))
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS));
      Thread.sleep(SESSION.toMillis());
      ask(entity, r -> new SymbolProtocol.Stop("test", r))
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      Thread.sleep(2_000); // the last reports of the stop's cancels
      live =
          Live.of(
              PersistenceTestKit.create(testKit.system()).persistedInStorage("Symbol|" + spec.id()),
              spec);
      feed.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      if (adapter != null) {
        adapter.stop();
      }
      recorder.close();
      sim.stop();
    }

    List<Path> files;
    try (Stream<Path> s = Files.walk(recordings)) {
      // The instrument's files (the recorder keeps control answers in spot-other_*).
      String prefix = "spot_" + spec.id().symbol().toLowerCase(java.util.Locale.ROOT) + "_";
      files =
          s.filter(
                  p ->
                      p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".gz"))
              .sorted()
              .toList();
    }
    assertFalse(files.isEmpty(), "the recorder wrote the session");
    BacktestConfig config =
        new BacktestConfig(
            params,
            null,
            StrategyConfig.defaults(),
            new VenueModel(0, 0, 0, 0, live.oneWayLatenciesNanos(), "log", 10, 10, true, 1),
            -1,
            1_000_000_000L,
            0);
    BacktestResult.Instrument replay;
    try (var source = new BinanceCaptureReader(spec, files)) {
      replay = new Backtest(source, config).run().instruments().get(0);
    }
    Comparison c = Comparison.of(live, replay, spec, params);
    System.out.println("[live-vs-backtest] " + c);
    Files.writeString(recordings.resolve("comparison.txt"), c.toString());

    assertTrue(live.fillCount() >= 10, "the live session traded: " + c);
    assertTrue(replay.performance().makerFills() > 0, "the backtest traded");
    // The bound, and why. The recorded book already holds our live orders, so a backtest order
    // joins behind its live twin; the replay's latencies are draws from the few round trips the
    // session measured (20 to 200 ms on a loaded machine), so its orders reach the venue at other
    // moments than the live ones; and a 90 s session fills 15 to 25 times, a count whose Poisson
    // noise alone is about 25% (one standard deviation). Measured over runs (BENCHMARKS.md), the
    // replay fills 0.8 to 1.9 times what live filled. Asserted: within a factor of three either
    // way (an empty, a runaway or a wrongly clocked replay fails it), and the two inventory paths
    // within half the position limit of each other on average (two unrelated strategies would
    // wander over the whole range of plus or minus the limit).
    assertTrue(c.fillRatio() >= 1 / 3.0 && c.fillRatio() <= 3.0, "fills, backtest / live: " + c);
    assertTrue(c.meanAbsInventoryGapLots() <= params.maxPositionLots() / 2.0, c.toString());
  }

  private static CompletionStage<SymbolProtocol.Confirmation> ask(
      ActorRef<SymbolProtocol.Command> entity,
      Function<ActorRef<SymbolProtocol.Confirmation>, SymbolProtocol.Command> command) {
    return AskPattern.ask(entity, command::apply, T, testKit.system().scheduler());
  }
}
