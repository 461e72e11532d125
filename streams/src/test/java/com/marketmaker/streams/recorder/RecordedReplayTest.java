package com.marketmaker.streams.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.actors.feed.FeedEvent;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.simulator.BinanceVenueSimulator;
import com.marketmaker.simulator.Dialect;
import com.marketmaker.simulator.Settings;
import com.marketmaker.simulator.replay.Capture;
import com.marketmaker.simulator.replay.RecordedFrame;
import com.marketmaker.simulator.replay.ReplayEngine;
import com.marketmaker.streams.binance.BinanceFeedSettings;
import com.marketmaker.streams.binance.BinanceMarketDataFeed;
import com.marketmaker.streams.feed.FeedDelivery;
import com.marketmaker.streams.feed.FeedMetrics;
import com.marketmaker.testsupport.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records what the feed receives from the venue simulator replaying the real captures (spot BTCUSDT
 * and ETHUSDT, USD-M BTCUSDT, over real WebSocket and REST on loopback), loads the recording with
 * the simulator's own capture loader, replays it through a second simulator, and checks that books
 * rebuilt from the second replay agree with exactly as many bookTickers as books rebuilt from the
 * first.
 */
class RecordedReplayTest {

  static final ActorTestKit testKit = ActorTestKit.create();
  static final int FRAMES_PER_SYMBOL = 25_000;
  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path recordings;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  record Instrument(Dialect dialect, String symbol) {
    InstrumentSpec spec() {
      return dialect.bookSpec(symbol);
    }

    List<String> streams() {
      String s = symbol.toLowerCase(java.util.Locale.ROOT);
      return List.of(dialect.depthStream(symbol), s + "@bookTicker", s + "@trade");
    }
  }

  static final List<Instrument> INSTRUMENTS =
      List.of(
          new Instrument(Dialect.SPOT, "BTCUSDT"),
          new Instrument(Dialect.SPOT, "ETHUSDT"),
          new Instrument(Dialect.USDM, "BTCUSDT"));

  static BinanceFeedSettings feedSettings(Dialect d, int port) {
    String host = "127.0.0.1:" + port;
    return new BinanceFeedSettings(
        d.venue,
        "ws://" + host,
        "http://" + host,
        d == Dialect.SPOT ? "depth@100ms" : "depth@0ms",
        Duration.ofMinutes(5),
        1 << 20,
        Duration.ofMillis(200),
        Duration.ofSeconds(2),
        0.2,
        Duration.ofSeconds(10),
        d.defaultWeightPerMinute,
        0.8,
        d == Dialect.SPOT ? 1024 : 200,
        d == Dialect.SPOT ? 5 : 10);
  }

  /**
   * Replays {@code dataDir}'s captures through a simulator to the feeds (recording with {@code
   * recorder} if not null) and returns each instrument's oracle result.
   */
  static Map<Instrument, TickerOracle.Result> replay(
      Path dataDir, int framesPerSymbol, MarketDataRecorder recorder) throws Exception {
    Settings settings =
        Settings.defaults(dataDir)
            .withSymbols(List.of("BTCUSDT", "ETHUSDT"), List.of("BTCUSDT"))
            .withMaxFramesPerSymbol(framesPerSymbol)
            .withConnection(
                1 << 20, Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofHours(1));
    BinanceVenueSimulator sim = BinanceVenueSimulator.start(testKit.system(), settings);
    Map<Dialect, BinanceMarketDataFeed> feeds = new EnumMap<>(Dialect.class);
    try {
      for (Dialect d : Dialect.values()) {
        feeds.put(
            d,
            BinanceMarketDataFeed.start(
                testKit.system(), feedSettings(d, sim.port(d)), FeedDelivery.TELL, recorder));
      }
      Map<Instrument, TestProbe<FeedEvent>> probes = new LinkedHashMap<>();
      Map<Instrument, TickerOracle> oracles = new LinkedHashMap<>();
      for (Instrument i : INSTRUMENTS) {
        TestProbe<FeedEvent> probe = testKit.createTestProbe();
        probes.put(i, probe);
        oracles.put(i, new TickerOracle(i.dialect().syncRule));
        feeds.get(i.dialect()).subscribe(i.spec(), probe.ref());
      }
      // The venue confirmed every subscription: nothing the replay sends can be missed.
      TestProbe<Object> waiter = testKit.createTestProbe();
      waiter.awaitAssert(
          WAIT,
          () -> {
            for (Instrument i : INSTRUMENTS) {
              FeedMetrics m = feeds.get(i.dialect()).metrics();
              assertTrue(m.instruments().get(i.spec().id()).subscribed(), i + " subscribed");
            }
            return null;
          });
      // The snapshot before the replay starts: the capture's own REST snapshot.
      for (Instrument i : INSTRUMENTS) {
        oracles
            .get(i)
            .onSnapshot(
                feeds
                    .get(i.dialect())
                    .depthSnapshot(i.spec(), 1000)
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS));
      }
      sim.startReplay(Double.POSITIVE_INFINITY);
      waiter.awaitAssert(
          WAIT,
          () -> {
            for (Dialect d : Dialect.values()) {
              assertTrue(sim.status(d).done(), d + " replay done");
            }
            return null;
          });
      Map<Instrument, TickerOracle.Result> results = new LinkedHashMap<>();
      for (Instrument i : INSTRUMENTS) {
        ReplayEngine.Status status = sim.status(i.dialect());
        long expected = 0;
        for (String s : i.streams()) {
          expected += status.framesSent().getOrDefault(s, 0L);
        }
        TickerOracle oracle = oracles.get(i);
        TestProbe<FeedEvent> probe = probes.get(i);
        while (oracle.received() < expected) {
          oracle.onEvent(probe.receiveMessage(WAIT));
        }
        assertNull(oracle.mismatch, i + ": " + oracle.mismatch);
        assertEquals(0, oracle.resyncs, i + " resyncs");
        results.put(i, oracle.result());
      }
      for (BinanceMarketDataFeed f : feeds.values()) {
        assertEquals(0, f.metrics().recordDrops(), f.venue() + " recorder drops");
        assertEquals(0, f.metrics().gaps(), f.venue() + " gaps seen by the feed");
      }
      return results;
    } finally {
      for (BinanceMarketDataFeed f : feeds.values()) {
        f.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
      sim.stop();
    }
  }

  /** Each symbol's frames in file order, per capture. */
  static Map<String, List<String>> framesBySymbol(Capture c) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Capture.SymbolCapture s : c.symbols()) {
      out.put(s.symbol(), new ArrayList<>());
    }
    for (int n = 0; n < c.size(); n++) {
      RecordedFrame f = c.frame(n);
      out.get(c.symbols().get(f.symbol()).symbol()).add(f.raw());
    }
    return out;
  }

  static Capture load(Path dataDir, Dialect d, List<String> symbols, int framesPerSymbol) {
    return Capture.load(
        dataDir.resolve("binance"),
        d.filePrefix,
        symbols.stream().map(d::bookSpec).toList(),
        d.syncRule,
        framesPerSymbol);
  }

  @Test
  void aRecordingOfTheSimulatorReplaysToBooksThatMatchAsManyBookTickersAsTheOriginal()
      throws Exception {
    RecorderSettings rs =
        new RecorderSettings(
            true,
            recordings,
            4L * 1024 * 1024,
            Duration.ofHours(1),
            Set.of(Venue.BINANCE, Venue.BINANCE_USDM),
            1 << 18,
            Duration.ofMillis(200),
            true);
    MarketDataRecorder recorder = MarketDataRecorder.start(rs);
    Map<Instrument, TickerOracle.Result> original;
    try {
      original = replay(SharedData.dir(), FRAMES_PER_SYMBOL, recorder);
    } finally {
      recorder.close();
    }
    RecorderMetrics rm = recorder.metrics();
    assertEquals(0, rm.droppedTotal());
    assertEquals(0, rm.writeErrors());
    try (Stream<Path> s = Files.list(recordings.resolve("binance"))) {
      List<String> names = s.map(p -> p.getFileName().toString()).sorted().toList();
      assertTrue(names.stream().noneMatch(n -> n.endsWith(".part")), names.toString());
      for (Instrument i : INSTRUMENTS) {
        String prefix = i.dialect().filePrefix + i.symbol().toLowerCase(java.util.Locale.ROOT);
        assertTrue(
            names.stream().anyMatch(n -> n.startsWith(prefix + "_")), prefix + " in " + names);
      }
    }

    // The simulator's loader reads the recording: same snapshot, same frames per symbol in order.
    for (Dialect d : Dialect.values()) {
      List<String> symbols =
          INSTRUMENTS.stream().filter(i -> i.dialect() == d).map(Instrument::symbol).toList();
      Capture recorded = load(recordings, d, symbols, 0);
      Capture source = load(SharedData.dir(), d, symbols, FRAMES_PER_SYMBOL);
      for (int s = 0; s < symbols.size(); s++) {
        assertEquals(
            source.symbols().get(s).snapshotId(),
            recorded.symbols().get(s).snapshotId(),
            d + " " + symbols.get(s) + " snapshot");
      }
      assertEquals(framesBySymbol(source), framesBySymbol(recorded), d + " frames");
    }

    Map<Instrument, TickerOracle.Result> again = replay(recordings, 0, null);
    for (Instrument i : INSTRUMENTS) {
      TickerOracle.Result a = original.get(i);
      System.out.printf(
          "%s %s: %d diffs, %d tickers, %d trades, %d tickers matched the rebuilt book%n",
          i.dialect(), i.symbol(), a.diffs(), a.tickers(), a.trades(), a.matched());
      assertTrue(a.live() && a.gaps() == 0, i + " original replay: " + a);
      assertTrue(a.matched() > 20, i + " too few matched tickers to mean anything: " + a);
      assertEquals(a, again.get(i), i + " replay of the recording");
    }
  }
}
