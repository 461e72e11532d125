package com.marketmaker.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketmaker.actors.EntitySettings;
import com.marketmaker.actors.SymbolEntity;
import com.marketmaker.actors.SymbolProtocol;
import com.marketmaker.actors.feed.MarketDataFeed;
import com.marketmaker.core.book.PriceLadderOrderBook;
import com.marketmaker.core.engine.VenueBook;
import com.marketmaker.core.feed.CoinbaseDecoder;
import com.marketmaker.core.feed.CoinbaseMessage;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.strategy.MakerParameters;
import com.marketmaker.core.sync.CoinbaseBookSync;
import com.marketmaker.simulator.coinbase.CoinbaseVenueSimulator;
import com.marketmaker.simulator.kraken.KrakenVenueSimulator;
import com.marketmaker.simulator.replay.ReplayEngine;
import com.marketmaker.simulator.socket.StreamVenueSettings;
import com.marketmaker.streams.coinbase.CoinbaseMarketDataFeed;
import com.marketmaker.streams.feed.StreamFeedSettings;
import com.marketmaker.streams.feed.StreamSnapshotFeed;
import com.marketmaker.streams.kraken.KrakenMarketDataFeed;
import com.marketmaker.testsupport.Eventually;
import com.marketmaker.testsupport.RecordedInstruments;
import com.marketmaker.testsupport.SharedData;
import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Kraken and Coinbase end to end on one node: the venue simulators replay the recorded captures
 * over the venues' WebSocket protocols, the node's feed clients follow them, and real {@link
 * SymbolEntity} instances (in-memory journal) keep the books. The oracles are the venues' own:
 * every Kraken checksum in the capture must verify in the entities' books, and Coinbase books must
 * never cross and must agree with every comparable ticker.
 */
class StreamVenuesEndToEndTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ActorTestKit testKit =
      ActorTestKit.create(
          "stream-venues",
          PersistenceTestKitPlugin.getInstance()
              .config()
              .withFallback(PersistenceTestKitSnapshotPlugin.config())
              .withFallback(ConfigFactory.load()));
  private static final Duration T = Duration.ofSeconds(30);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  static InstrumentSpec krakenSpec(String pair) {
    RecordedInstruments.TickLot t = RecordedInstruments.kraken(pair);
    return InstrumentSpec.of(
        new InstrumentId(Venue.KRAKEN, pair.replace('/', '-')), t.tick(), t.lot());
  }

  static InstrumentSpec coinbaseSpec(String product) {
    RecordedInstruments.TickLot t = RecordedInstruments.coinbase(product);
    return t == null
        ? null
        : InstrumentSpec.of(new InstrumentId(Venue.COINBASE, product), t.tick(), t.lot());
  }

  /** The JSON messages a cryptofeed capture recorded as received. */
  static List<String> received(String capture) throws Exception {
    return SharedData.received("cryptofeed/" + capture);
  }

  /** Kraken updates carrying a checksum, per pair, counted in the capture's text. */
  static Map<String, Long> krakenChecksummed() throws Exception {
    Map<String, Long> out = new HashMap<>();
    for (String json : received(KrakenVenueSimulator.CAPTURE)) {
      if (json.startsWith("[") && json.contains("\"c\":\"")) {
        JsonNode n = JSON.readTree(json);
        out.merge(n.get(n.size() - 1).asText(), 1L, Long::sum);
      }
    }
    return out;
  }

  private ActorRef<SymbolProtocol.Command> entity(InstrumentSpec spec, MarketDataFeed feed) {
    ActorRef<SymbolProtocol.Command> e =
        testKit.spawn(
            SymbolEntity.create(
                spec.id().toString(),
                SymbolEntity.Dependencies.of(
                        EntitySettings.fromConfig(testKit.system().settings().config()),
                        Clock.systemUTC())
                    .withFeeds(
                        venue -> venue == spec.id().venue() ? Optional.of(feed) : Optional.empty()),
                self -> {}));
    TestProbe<SymbolProtocol.Confirmation> probe = testKit.createTestProbe();
    e.tell(
        new SymbolProtocol.Start(
            spec, new MakerParameters(0.1, 60, 1, 50, 100_000, 5_000_000), "t", probe.getRef()));
    probe.expectMessageClass(SymbolProtocol.Accepted.class, T);
    return e;
  }

  private VenueBook.Status market(ActorRef<SymbolProtocol.Command> e) {
    TestProbe<SymbolProtocol.Confirmation> probe = testKit.createTestProbe();
    e.tell(new SymbolProtocol.GetStatus(probe.getRef()));
    return assertInstanceOf(SymbolProtocol.Accepted.class, probe.receiveMessage(T))
        .summary()
        .market();
  }

  private static void await(String what, BooleanSupplier condition) throws Exception {
    Eventually.await(Duration.ofSeconds(90), Duration.ofMillis(50), condition::getAsBoolean, what);
  }

  private static StreamFeedSettings settings(Venue venue, String url) {
    return StreamFeedSettings.fromConfig(venue, testKit.system().settings().config())
        .withWsUrl(url)
        .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));
  }

  @Test
  void everyRecordedKrakenChecksumVerifiesInTheEntityBooks() throws Exception {
    Map<String, Long> expected = krakenChecksummed();
    try (KrakenVenueSimulator sim =
            KrakenVenueSimulator.start(
                testKit.system(), StreamVenueSettings.defaults(SharedData.dir()));
        StreamSnapshotFeed feed =
            KrakenMarketDataFeed.start(
                testKit.system(), settings(Venue.KRAKEN, sim.wsUrl()).withBookDepth(1000))) {
      Map<String, ActorRef<SymbolProtocol.Command>> entities = new LinkedHashMap<>();
      for (String pair : sim.symbols()) {
        entities.put(pair, entity(krakenSpec(pair), feed));
      }
      await("every book live", () -> entities.values().stream().allMatch(e -> market(e).trusted()));
      assertTrue(sim.startReplay(Double.POSITIVE_INFINITY));
      long total = expected.values().stream().mapToLong(Long::longValue).sum();
      await(
          "every checksum verified",
          () ->
              entities.values().stream().mapToLong(e -> market(e).checksumsVerified()).sum()
                  >= total);
      for (Map.Entry<String, ActorRef<SymbolProtocol.Command>> e : entities.entrySet()) {
        VenueBook.Status m = market(e.getValue());
        assertEquals(expected.get(e.getKey()), m.checksumsVerified(), e.getKey());
        assertEquals(0, m.checksumsFailed(), e.getKey() + " " + m.lastGap());
        assertEquals(0, m.gaps(), e.getKey());
        assertEquals("LIVE", m.sync());
      }
      System.out.printf(
          "kraken end to end: %d checksums verified in %d entity books%n", total, entities.size());
      assertEquals(0, feed.metrics().malformedFrames());
    }
  }

  @Test
  void krakenBooksResyncAfterADisconnectAndALostUpdateAndVerifyAgain() throws Exception {
    try (KrakenVenueSimulator sim =
            KrakenVenueSimulator.start(
                testKit.system(),
                StreamVenueSettings.defaults(SharedData.dir())
                    .withSymbols(List.of("XBT/CHF", "ETH/CHF")));
        StreamSnapshotFeed feed =
            KrakenMarketDataFeed.start(testKit.system(), settings(Venue.KRAKEN, sim.wsUrl()))) {
      ActorRef<SymbolProtocol.Command> xbt = entity(krakenSpec("XBT/CHF"), feed);
      ActorRef<SymbolProtocol.Command> eth = entity(krakenSpec("ETH/CHF"), feed);
      await("books live", () -> market(xbt).trusted() && market(eth).trusted());
      assertTrue(sim.startReplay(2.0));
      await("checksums verify", () -> market(xbt).checksumsVerified() > 20);

      // The venue drops the connection: both books are resynced from the new subscription's
      // snapshots and their checksums verify again.
      assertEquals(1, sim.disconnectAll());
      await("resynced", () -> market(xbt).resyncs() == 1 && market(eth).resyncs() == 1);
      long xbtBefore = market(xbt).checksumsVerified();
      long ethBefore = market(eth).checksumsVerified();
      await(
          "verifying after the reconnect",
          () ->
              market(xbt).checksumsVerified() > xbtBefore + 10
                  && market(eth).checksumsVerified() > ethBefore + 10);
      assertEquals(2, feed.metrics().connects());

      // Updates withheld by the venue: a checksum fails, the entity asks for a new book (a
      // resubscription), and verifies again.
      sim.faults().dropNextDiffs("XBT/CHF", 30);
      await("a checksum failure", () -> market(xbt).checksumsFailed() > 0);
      await("live again", () -> market(xbt).sync().equals("LIVE"));
      long afterGap = market(xbt).checksumsVerified();
      await(
          "verifying after the gap",
          () ->
              market(xbt).checksumsVerified() > afterGap
                  || sim.status().state() == ReplayEngine.State.DONE);
      await("replay done", () -> sim.status().state() == ReplayEngine.State.DONE);
      await("live at the end", () -> market(xbt).sync().equals("LIVE"));
      VenueBook.Status x = market(xbt);
      VenueBook.Status e = market(eth);
      System.out.printf(
          "kraken faults: XBT/CHF %d verified, %d failed, %d snapshots; ETH/CHF %d verified%n",
          x.checksumsVerified(), x.checksumsFailed(), x.snapshots(), e.checksumsVerified());
      assertEquals(0, e.checksumsFailed(), "no update of ETH/CHF was lost");
      assertTrue(x.snapshots() >= 3, "first, after the reconnect, after the gap");
      assertTrue(feed.metrics().restRequests() >= 1, "the entity asked for a new book");
    }
  }

  @Test
  void coinbaseBooksNeverCrossAndAgreeWithEveryComparableTicker() throws Exception {
    // The reference, straight from the capture: updates per product and the tickers comparable
    // as of their venue time (the rule of core's CoinbaseReplayTest).
    CoinbaseDecoder decoder = new CoinbaseDecoder(StreamVenuesEndToEndTest::coinbaseSpec);
    Map<String, CoinbaseBookSync> books = new HashMap<>();
    Map<String, ArrayDeque<long[]>> tops = new HashMap<>();
    Map<String, Long> updates = new HashMap<>();
    Map<String, Long> comparable = new HashMap<>();
    for (String json : received(CoinbaseVenueSimulator.CAPTURE)) {
      CoinbaseDecoder.Kind kind = decoder.decode(json.getBytes(StandardCharsets.UTF_8));
      CoinbaseMessage m = decoder.message();
      switch (kind) {
        case SNAPSHOT -> {
          CoinbaseBookSync s = new CoinbaseBookSync(new PriceLadderOrderBook());
          s.onSnapshot(m);
          books.put(m.spec.id().symbol(), s);
        }
        case L2UPDATE -> {
          String p = m.spec.id().symbol();
          books.get(p).onUpdate(m);
          updates.merge(p, 1L, Long::sum);
          ArrayDeque<long[]> t = tops.computeIfAbsent(p, k -> new ArrayDeque<>());
          t.addLast(new long[] {m.timeMicros});
          if (t.size() > 256) {
            t.pollFirst();
          }
        }
        case TICKER -> {
          String p = m.spec.id().symbol();
          boolean asOf =
              tops.getOrDefault(p, new ArrayDeque<>()).stream().anyMatch(t -> t[0] <= m.timeMicros);
          if (asOf) {
            comparable.merge(p, 1L, Long::sum);
          }
        }
        default -> {}
      }
    }

    try (CoinbaseVenueSimulator sim =
            CoinbaseVenueSimulator.start(
                testKit.system(), StreamVenueSettings.defaults(SharedData.dir()));
        StreamSnapshotFeed feed =
            CoinbaseMarketDataFeed.start(testKit.system(), settings(Venue.COINBASE, sim.wsUrl()))) {
      Map<String, ActorRef<SymbolProtocol.Command>> entities = new LinkedHashMap<>();
      for (String product : sim.symbols()) {
        entities.put(product, entity(coinbaseSpec(product), feed));
      }
      await("every book live", () -> entities.values().stream().allMatch(e -> market(e).trusted()));
      assertTrue(sim.startReplay(Double.POSITIVE_INFINITY));
      await(
          "every update applied",
          () ->
              entities.entrySet().stream()
                  .allMatch(
                      e ->
                          market(e.getValue()).diffsApplied() + market(e.getValue()).gaps()
                              >= 1 + updates.get(e.getKey())));
      long matched = 0;
      for (Map.Entry<String, ActorRef<SymbolProtocol.Command>> e : entities.entrySet()) {
        String p = e.getKey();
        await(
            "tickers of " + p,
            () -> {
              VenueBook.Status m = market(e.getValue());
              return m.tickersMatched() + m.tickersMismatched() >= comparable.getOrDefault(p, 0L);
            });
        VenueBook.Status m = market(e.getValue());
        assertEquals(0, m.gaps(), p + " crossed: " + m.lastGap());
        assertEquals("LIVE", m.sync());
        assertEquals(1 + updates.get(p), m.diffsApplied(), p + ": snapshot and every update");
        assertEquals(0, m.tickersMismatched(), p + " " + m.lastMismatch());
        assertEquals((long) comparable.getOrDefault(p, 0L), m.tickersMatched(), p);
        matched += m.tickersMatched();
      }
      System.out.printf(
          "coinbase end to end: %d l2updates, %d tickers matched, none crossed%n",
          updates.values().stream().mapToLong(Long::longValue).sum(), matched);
    }
  }
}
