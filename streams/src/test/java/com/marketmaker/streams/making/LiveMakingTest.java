package com.marketmaker.streams.making;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.actors.EntitySettings;
import com.marketmaker.actors.SymbolEntity;
import com.marketmaker.actors.SymbolProtocol;
import com.marketmaker.actors.venue.ExecutionRouter;
import com.marketmaker.actors.venue.TradingRegistry;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.orders.OwnTrade;
import com.marketmaker.core.strategy.MakerParameters;
import com.marketmaker.core.strategy.StrategyConfig;
import com.marketmaker.simulator.BinanceVenueSimulator;
import com.marketmaker.simulator.Dialect;
import com.marketmaker.simulator.ExchangeSettings;
import com.marketmaker.simulator.Settings;
import com.marketmaker.simulator.exchange.ExchangeAccount;
import com.marketmaker.simulator.exchange.LedgerEntry;
import com.marketmaker.simulator.synthetic.SyntheticInstrument;
import com.marketmaker.streams.VenueAdapter;
import com.marketmaker.testsupport.Eventually;
import com.marketmaker.testsupport.SharedData;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The whole loop on loopback: instrument entities follow the simulator's synthetic Binance spot
 * market through the real WebSocket client, quote through the signed REST gateway, receive their
 * fills from the user-data stream, and book them. Afterwards every instrument's fills, inventory
 * and cash in the entity equal the simulator's ledger of the account, exactly.
 */
class LiveMakingTest {

  private static final String KEY = "mmTestKey0123456789";
  private static final String SECRET = "mmTestSecret0123456789abcdef";
  private static final int INSTRUMENTS = 8;
  private static final Duration T = Duration.ofSeconds(30);

  private static final ActorTestKit testKit =
      ActorTestKit.create(
          PersistenceTestKitPlugin.getInstance()
              .config()
              .withFallback(PersistenceTestKitSnapshotPlugin.config())
              .withFallback(
                  ConfigFactory.parseString(
                      // At most 8 × 9 requests a second: under the venue's request weight of
                      // 6,000 a minute, which would otherwise refuse even the final cancels.
                      "market-maker.orders { orders-per-window = 30, cancels-per-window = 60,"
                          + " min-order-age = 300ms }"))
              .withFallback(ConfigFactory.load()));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void entitiesQuoteGetFilledAndBookExactlyTheVenueLedger() throws Exception {
    List<SyntheticInstrument> synthetic = SyntheticInstrument.defaults(INSTRUMENTS);
    Settings settings =
        Settings.defaults(SharedData.dir())
            .withSymbols(List.of(), List.of())
            // The request-weight budget is per IP at Binance; this test's one "IP" runs 8 makers.
            .withWeightPerMinute(60_000, 60_000)
            .withExchange(
                ExchangeSettings.defaults()
                    .withAccounts(List.of(new ExchangeAccount("mm", KEY, SECRET)))
                    .withInstruments(synthetic, List.of())
                    .withFlow(11, Duration.ofMillis(100), true)
                    .withOrderLimits(100_000, 100_000));
    BinanceVenueSimulator sim = BinanceVenueSimulator.start(testKit.system(), settings);
    VenueAdapter adapter = null;
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
      adapter = VenueAdapter.start(testKit.system(), Venue.BINANCE, node);
      VenueAdapter a = adapter;

      Map<String, InstrumentSpec> specs = new HashMap<>();
      Map<String, ActorRef<SymbolProtocol.Command>> entities = new HashMap<>();
      EntitySettings entitySettings =
          EntitySettings.fromConfig(testKit.system().settings().config());
      for (SyntheticInstrument s : synthetic) {
        InstrumentSpec spec = s.spec(Dialect.SPOT);
        specs.put(spec.id().symbol(), spec);
        entities.put(
            spec.id().symbol(),
            testKit.spawn(
                SymbolEntity.create(
                    spec.id().toString(),
                    SymbolEntity.Dependencies.of(entitySettings, Clock.systemUTC())
                        .withFeeds(venue -> Optional.of(a.marketData()))
                        .withGateways(venue -> a.orderGateway()),
                    self -> {})));
      }
      ExecutionRouter router =
          new ExecutionRouter(
              testKit.system(),
              Venue.BINANCE,
              (id, command) -> ask(entities.get(id.symbol()), command),
              Duration.ofMillis(50),
              Duration.ofSeconds(2));
      adapter.startUserData(symbol -> Optional.ofNullable(specs.get(symbol)), router);

      // 0.1 per quote, at most 0.5 long or short: GLFT on the synthetic book.
      MakerParameters params = new MakerParameters(0.05, 60, 5, 200, 100, 500);
      for (InstrumentSpec spec : specs.values()) {
        SymbolProtocol.Confirmation c =
            ask(
                    entities.get(spec.id().symbol()),
                    r ->
                        new SymbolProtocol.Start(
                            spec, params, StrategyConfig.defaults(), "test", r))
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        assertInstanceOf(SymbolProtocol.Accepted.class, c, c.toString());
      }

      // Let the market trade against the quotes until every instrument has fills.
      int withFills =
          Eventually.poll(
              Duration.ofSeconds(120),
              Duration.ofMillis(500),
              () -> {
                int n = 0;
                for (InstrumentSpec spec : specs.values()) {
                  if (!sim.exchange(Dialect.SPOT)
                      .ledger()
                      .entries("mm", spec.id().symbol())
                      .isEmpty()) {
                    n++;
                  }
                }
                return n;
              },
              n -> n == INSTRUMENTS);
      assertEquals(INSTRUMENTS, withFills, "instruments with fills at the venue");

      // Stop: every entity cancels its orders; then nothing of ours rests at the venue.
      for (InstrumentSpec spec : specs.values()) {
        ask(entities.get(spec.id().symbol()), r -> new SymbolProtocol.Stop("test", r))
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
      }

      // A stopped instrument stays known to the node's user-data streams: the reports of its last
      // cancels, and of fills that raced them, still reach its books.
      for (InstrumentSpec spec : specs.values()) {
        assertTrue(
            TradingRegistry.get(testKit.system())
                .find(Venue.BINANCE, spec.id().symbol())
                .isPresent(),
            spec.id() + " left the user-data stream on stop");
      }

      long totalFills = 0;
      record Booked(List<LedgerEntry> ledger, SymbolProtocol.FillsReport fills) {}
      // The venue's ledger and the entities' books agree, instrument by instrument, once the
      // user-data stream has delivered every fill.
      for (InstrumentSpec spec : specs.values()) {
        String symbol = spec.id().symbol();
        ActorRef<SymbolProtocol.Command> entity = entities.get(symbol);
        Booked sampled =
            Eventually.poll(
                Duration.ofSeconds(60),
                Duration.ofMillis(200),
                () ->
                    new Booked(
                        sim.exchange(Dialect.SPOT).ledger().entries("mm", symbol),
                        (SymbolProtocol.FillsReport)
                            ask(entity, r -> new SymbolProtocol.GetFills(1000, r))
                                .toCompletableFuture()
                                .get(30, TimeUnit.SECONDS)),
                b -> b.fills().totalFills() == b.ledger().size());
        List<LedgerEntry> ledger = sampled.ledger();
        SymbolProtocol.FillsReport fills = sampled.fills();
        assertEquals(ledger.size(), fills.totalFills(), symbol + ": fills booked");
        totalFills += ledger.size();
        long inventory = 0;
        long cash = 0;
        Map<Long, LedgerEntry> byTrade = new HashMap<>();
        for (LedgerEntry e : ledger) {
          int sign = e.side().sign();
          inventory += sign * e.lots();
          cash += -sign * e.quote() - e.fee();
          byTrade.put(e.tradeId(), e);
        }
        List<OwnTrade> booked = new ArrayList<>(fills.fills());
        for (OwnTrade t : booked) {
          LedgerEntry e = byTrade.get(t.tradeId());
          assertTrue(e != null, symbol + ": trade " + t.tradeId() + " is not in the venue ledger");
          assertEquals(e.priceTicks(), t.priceTicks(), symbol + " trade " + t.tradeId());
          assertEquals(e.lots(), t.sizeLots(), symbol + " trade " + t.tradeId());
          assertEquals(e.fee(), t.fee(), symbol + " trade " + t.tradeId());
          assertEquals(e.side(), t.side(), symbol + " trade " + t.tradeId());
        }
        SymbolProtocol.PerformanceReport perf =
            (SymbolProtocol.PerformanceReport)
                ask(entity, r -> new SymbolProtocol.GetPerformance(r))
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        assertEquals(inventory, perf.report().inventoryLots(), symbol + ": inventory");
        assertEquals(cash, perf.report().cash(), symbol + ": cash");
        SymbolProtocol.Accepted status =
            (SymbolProtocol.Accepted)
                ask(entity, r -> new SymbolProtocol.GetStatus(r))
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        assertEquals(inventory, status.summary().inventoryLots(), symbol + ": position");
      }
      System.out.printf(
          "live making: %d instruments, %d fills booked, equal to the venue ledger%n",
          INSTRUMENTS, totalFills);
      // No orders of ours left at the venue after the stops.
      int open =
          Eventually.poll(
              Duration.ofSeconds(30),
              Duration.ofMillis(200),
              () -> {
                int n = 0;
                for (InstrumentSpec spec : specs.values()) {
                  n +=
                      a.orderGateway()
                          .orElseThrow()
                          .openOrders(spec)
                          .toCompletableFuture()
                          .get(30, TimeUnit.SECONDS)
                          .size();
                }
                return n;
              },
              n -> n == 0);
      assertEquals(0, open, "orders left at the venue after every instrument stopped");
    } finally {
      if (adapter != null) {
        adapter.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
      sim.stop();
    }
  }

  private static CompletionStage<SymbolProtocol.Confirmation> ask(
      ActorRef<SymbolProtocol.Command> entity,
      java.util.function.Function<ActorRef<SymbolProtocol.Confirmation>, SymbolProtocol.Command>
          command) {
    return AskPattern.ask(entity, command::apply, T, testKit.system().scheduler());
  }
}
