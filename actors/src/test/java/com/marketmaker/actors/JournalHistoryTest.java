package com.marketmaker.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.actors.SymbolEntityTradingTest.Feed;
import com.marketmaker.actors.SymbolEntityTradingTest.Venue0;
import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.strategy.MakerParameters;
import com.marketmaker.core.strategy.StrategyConfig;
import com.marketmaker.testsupport.Eventually;
import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.query.javadsl.PersistenceTestKitReadJournal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's older history, read back from a real entity's journal: an entity quotes around
 * 100.00 and an operator books a buy of 0.005; the series folded from its journal holds that mid,
 * our quotes on either side of it and the inventory the fill left.
 */
class JournalHistoryTest {

  private static final ActorTestKit testKit =
      ActorTestKit.create(
          PersistenceTestKitPlugin.getInstance()
              .config()
              .withFallback(PersistenceTestKitSnapshotPlugin.config())
              .withFallback(ConfigFactory.parseString("market-maker.orders.min-order-age = 0ms"))
              .withFallback(ConfigFactory.load()));

  private static final Duration T = Duration.ofSeconds(30);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void theSeriesFoldedFromTheJournalHoldTheMidOurQuotesAndTheInventory() throws Exception {
    InstrumentSpec spec =
        InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "SYN011USDT"), "0.01", "0.001");
    Feed feed = new Feed();
    Venue0 venue = new Venue0();
    long started = System.currentTimeMillis();
    ActorRef<SymbolProtocol.Command> entity =
        testKit.spawn(
            SymbolEntity.create(
                spec.id().toString(),
                SymbolEntity.Dependencies.of(
                        EntitySettings.fromConfig(testKit.system().settings().config()),
                        Clock.systemUTC())
                    .withFeeds(v -> Optional.of(feed))
                    .withGateways(v -> Optional.of(venue)),
                self -> {}));
    TestProbe<SymbolProtocol.Confirmation> probe = testKit.createTestProbe();
    entity.tell(
        new SymbolProtocol.Start(
            spec,
            new MakerParameters(0.05, 60, 5, 200, 100, 1000),
            StrategyConfig.defaults(),
            "t",
            probe.getRef()));
    assertInstanceOf(SymbolProtocol.Accepted.class, probe.receiveMessage(T));
    Eventually.await(T, Duration.ofMillis(20), () -> feed.subscriber.get() != null, "subscribed");
    Eventually.await(
        T,
        Duration.ofMillis(20),
        () -> {
          feed.tick(1_000 + venue.log.size());
          return venue.open.size() >= 2;
        },
        "quotes resting at the venue");
    // The fill lands in a later second than the quotes: a point of its own.
    long quotedSecond = System.currentTimeMillis() / 1000;
    Eventually.await(
        T,
        Duration.ofMillis(20),
        () -> System.currentTimeMillis() / 1000 > quotedSecond,
        "the next second");
    entity.tell(
        new SymbolProtocol.RecordFill(
            new SymbolProtocol.FillReport(7, Side.BUY, "99.99", "0.005", "0"), probe.getRef()));
    assertInstanceOf(SymbolProtocol.Accepted.class, probe.receiveMessage(T));

    PersistenceTestKitReadJournal journal =
        PersistenceQuery.get(testKit.system())
            .getReadJournalFor(
                PersistenceTestKitReadJournal.class, PersistenceTestKitReadJournal.Identifier());
    // The sequence numbers each read starts from: a page load reads only what is new.
    List<Long> readsFrom = new CopyOnWriteArrayList<>();
    JournalHistory history =
        JournalHistory.of(
            testKit.system(),
            (pid, from, to) -> {
              readsFrom.add(from);
              return journal.currentEventsByPersistenceId(pid, from, to);
            });
    Map<String, Object> c =
        history
            .before(spec.id().toString(), System.currentTimeMillis() + 1000, 100)
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    assertNotNull(c, "points from the journal");
    long[] at = (long[]) c.get("atMillis");
    Double[] mid = (Double[]) c.get("midPrice");
    Double[] bid = (Double[]) c.get("ourBidPrice");
    Double[] ask = (Double[]) c.get("ourAskPrice");
    double[] inventory = (double[]) c.get("inventoryBase");
    int n = at.length;
    assertTrue(n >= 2, "a point per second of events: " + n);
    for (int i = 1; i < n; i++) {
      assertTrue(at[i] / 1000 > at[i - 1] / 1000, "one point per second, in order");
    }
    assertTrue(at[0] >= started, "stamped by the entity");
    // The book the feed gives: 99.99 / 100.01.
    assertEquals(100.00, mid[n - 1], 1e-9);
    assertTrue(bid[n - 1] != null && bid[n - 1] < 100.00, "our bid below the mid: " + bid[n - 1]);
    assertTrue(ask[n - 1] != null && ask[n - 1] > 100.00, "our ask above the mid: " + ask[n - 1]);
    assertEquals(0.0, inventory[0], 1e-12, "flat before the fill");
    assertEquals(0.005, inventory[n - 1], 1e-12, "the fill's inventory");

    // Nothing before the entity's first event.
    assertNull(
        history
            .before(spec.id().toString(), started - 1, 100)
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS));

    // Another fill in a later second: the next read continues the fold where the last one ended
    // and finds it, reading only the events journaled since.
    long filledSecond = System.currentTimeMillis() / 1000;
    Eventually.await(
        T,
        Duration.ofMillis(20),
        () -> System.currentTimeMillis() / 1000 > filledSecond,
        "the next second");
    entity.tell(
        new SymbolProtocol.RecordFill(
            new SymbolProtocol.FillReport(8, Side.BUY, "99.99", "0.005", "0"), probe.getRef()));
    assertInstanceOf(SymbolProtocol.Accepted.class, probe.receiveMessage(T));
    Map<String, Object> later =
        history
            .before(spec.id().toString(), System.currentTimeMillis() + 1000, 100)
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    double[] laterInventory = (double[]) later.get("inventoryBase");
    assertEquals(0.010, laterInventory[laterInventory.length - 1], 1e-12, "both fills");
    assertEquals(0L, readsFrom.get(0), "the first read starts at the beginning");
    long lastFrom = readsFrom.get(readsFrom.size() - 1);
    assertTrue(lastFrom > 2, "the last read starts after the events already folded: " + readsFrom);
    // The same points as a fold from the beginning gives.
    Map<String, Object> afresh =
        JournalHistory.of(testKit.system(), journal)
            .before(spec.id().toString(), System.currentTimeMillis() + 1000, 100)
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    for (String column : List.of("atMillis", "inventoryBase", "totalPnlQuote", "fills")) {
      assertEquals(
          java.util.Arrays.deepToString(new Object[] {afresh.get(column)}),
          java.util.Arrays.deepToString(new Object[] {later.get(column)}),
          column);
    }
  }
}
