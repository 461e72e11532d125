package com.marketmaker.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.actors.feed.FeedEvent;
import com.marketmaker.actors.feed.MarketDataFeed;
import com.marketmaker.core.engine.QuoteExplanation;
import com.marketmaker.core.engine.QuotingEngine;
import com.marketmaker.core.engine.VenueBook;
import com.marketmaker.core.feed.BinanceDecoder;
import com.marketmaker.core.feed.DepthUpdate;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.quote.QuoteDecision;
import com.marketmaker.core.quote.QuoteLevel;
import com.marketmaker.core.risk.RiskGuard;
import com.marketmaker.core.strategy.MakerParameters;
import com.marketmaker.core.strategy.StrategyConfig;
import com.marketmaker.testsupport.Eventually;
import com.marketmaker.testsupport.SharedData;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * One strategy for live and backtest: the quoting engine driven by a plain loop over a real Binance
 * capture, and the entity fed the same frames on the same clock (its feed, its REST snapshot, its
 * risk guard and order planner in the way), make the same sequence of quote decisions.
 */
class SymbolEntityEngineEquivalenceTest {

  private static final ActorTestKit testKit =
      ActorTestKit.create(
          PersistenceTestKitPlugin.getInstance()
              .config()
              .withFallback(PersistenceTestKitSnapshotPlugin.config())
              // Few orders: each one is a journal write the frames would wait behind.
              .withFallback(
                  ConfigFactory.parseString(
                      "market-maker.orders { orders-per-window = 2, cancels-per-window = 4 }"))
              .withFallback(ConfigFactory.load()));
  private static final Duration T = Duration.ofSeconds(30);
  private static final InstrumentSpec SPEC =
      InstrumentSpec.of(new InstrumentId(Venue.BINANCE_USDM, "ETHUSDT"), "0.01", "0.001");
  private static final MakerParameters PARAMS = new MakerParameters(0.05, 60, 0.5, 50, 10, 100);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** A clock the test sets to each frame's receive time. */
  static final class FrameClock extends Clock {
    final AtomicLong nanos = new AtomicLong();

    @Override
    public Instant instant() {
      long n = nanos.get();
      return Instant.ofEpochSecond(n / 1_000_000_000L, n % 1_000_000_000L);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /** A feed whose REST snapshot answers when the capture reaches its snapshot line. */
  static final class CaptureFeed implements MarketDataFeed {
    final AtomicReference<ActorRef<FeedEvent>> subscriber = new AtomicReference<>();
    final List<CompletableFuture<DepthUpdate>> pending = new ArrayList<>();

    @Override
    public void subscribe(InstrumentSpec spec, ActorRef<FeedEvent> s) {
      subscriber.set(s);
    }

    @Override
    public void unsubscribe(InstrumentId instrument, ActorRef<FeedEvent> s) {}

    @Override
    public synchronized CompletionStage<DepthUpdate> depthSnapshot(InstrumentSpec spec, int limit) {
      CompletableFuture<DepthUpdate> f = new CompletableFuture<>();
      pending.add(f);
      return f;
    }

    synchronized void answer(DepthUpdate snapshot) {
      for (CompletableFuture<DepthUpdate> f : pending) {
        f.complete(snapshot.copy());
      }
      pending.clear();
    }
  }

  private static List<String> capture() throws IOException {
    return SharedData.lines("binance/usdm_ethusdt_20240808.gz");
  }

  private static long nanos(String line) {
    return Long.parseLong(line, 0, line.indexOf(' '), 10);
  }

  private static byte[] json(String line) {
    return line.substring(line.indexOf(' ') + 1).getBytes(StandardCharsets.US_ASCII);
  }

  /** What a decision quotes: action, then price and size of every level, bids then asks. */
  private static List<Long> quotes(String action, List<Long> levels) {
    List<Long> out = new ArrayList<>();
    out.add(action.equals("QUOTE") ? 1L : 0L);
    out.addAll(levels);
    return out;
  }

  private static List<Long> of(QuoteDecision d) {
    List<Long> levels = new ArrayList<>();
    for (QuoteLevel l : d.bids()) {
      levels.add(l.priceTicks());
      levels.add(l.sizeLots());
    }
    for (QuoteLevel l : d.asks()) {
      levels.add(-l.priceTicks());
      levels.add(l.sizeLots());
    }
    return quotes(d.action().name(), levels);
  }

  private static List<Long> of(QuoteExplanation x) {
    List<Long> levels = new ArrayList<>();
    x.bids().forEach(l -> levels.addAll(List.of(l.priceTicks(), l.sizeLots())));
    x.asks().forEach(l -> levels.addAll(List.of(-l.priceTicks(), l.sizeLots())));
    return quotes(x.action(), levels);
  }

  @Test
  void theEntityAndAPlainLoopOverTheEngineMakeTheSameDecisions() throws Exception {
    List<String> lines = capture();

    // The plain loop: the engine alone, deciding after every depth event with the book in sync.
    var settings = EntitySettings.fromConfig(testKit.system().settings().config());
    long started = System.nanoTime();
    QuotingEngine engine =
        new QuotingEngine(
            SPEC,
            PARAMS,
            StrategyConfig.defaults(),
            new QuotingEngine.Settings(
                settings.planner(),
                com.marketmaker.core.orders.VenueRateLimits.Config.binanceUsdm(),
                settings.maxMarketDataAge().toNanos(),
                settings.haltCoolOff().toNanos()),
            RiskGuard.State.CLEAR,
            0);
    BinanceDecoder decoder = new BinanceDecoder(SPEC);
    List<List<Long>> expected = new ArrayList<>();
    List<QuoteExplanation> explained = new ArrayList<>();
    List<QuoteExplanation> entityExplained = new ArrayList<>();
    for (String line : lines) {
      long t = nanos(line);
      switch (decoder.decode(json(line))) {
        case SNAPSHOT -> engine.onSnapshot(decoder.depth(), t);
        case DEPTH_UPDATE -> {
          engine.onDepth(decoder.depth(), VenueBook.NO_CHECKSUM, t);
          QuoteDecision d = engine.decide(0, t);
          expected.add(engine.inSync() ? of(d) : null);
          explained.add(engine.lastDecision());
        }
        case TRADE -> engine.onTrade(decoder.trade(), t);
        case BOOK_TICKER -> engine.onTicker(decoder.bookTicker());
        default -> {}
      }
    }

    // The entity, fed the same frames on the same clock through its feed.
    FrameClock clock = new FrameClock();
    clock.nanos.set(nanos(lines.get(0)));
    CaptureFeed feed = new CaptureFeed();
    SymbolEntityTradingTest.Venue0 venue = new SymbolEntityTradingTest.Venue0();
    ActorRef<SymbolProtocol.Command> entity =
        testKit.spawn(
            SymbolEntity.create(
                SPEC.id().toString(),
                SymbolEntity.Dependencies.of(settings, clock)
                    .withFeeds(v -> Optional.of(feed))
                    .withGateways(v -> Optional.of(venue)),
                self -> {}));
    TestProbe<SymbolProtocol.Confirmation> probe = testKit.createTestProbe();
    entity.tell(
        new SymbolProtocol.Start(SPEC, PARAMS, StrategyConfig.defaults(), "t", probe.getRef()));
    assertInstanceOf(SymbolProtocol.Accepted.class, probe.receiveMessage(T));
    // Reconciled before the first frame, so that every decision of the loop is made here too.
    Eventually.await(
        T, Duration.ofMillis(10), () -> orders(entity, probe).reconciled(), "reconciled");
    BinanceDecoder entityDecoder = new BinanceDecoder(SPEC);
    List<List<Long>> actual = new ArrayList<>();
    for (String line : lines) {
      long t = nanos(line);
      clock.nanos.set(t);
      ActorRef<FeedEvent> s = feed.subscriber.get();
      switch (entityDecoder.decode(json(line))) {
        case SNAPSHOT -> {
          // The answer is taken at the snapshot's time, as the loop takes it.
          feed.answer(entityDecoder.depth());
          orders(entity, probe);
        }
        case DEPTH_UPDATE -> {
          s.tell(new FeedEvent.Depth(SPEC.id(), entityDecoder.depth().copy(), t));
          entity.tell(new SymbolProtocol.GetQuote(probe.getRef()));
          var report = assertInstanceOf(SymbolProtocol.QuoteReport.class, probe.receiveMessage(T));
          actual.add(report.decision() == null ? null : of(report.decision()));
          entityExplained.add(report.decision());
        }
        case TRADE -> {
          s.tell(new FeedEvent.PublicTrade(SPEC.id(), entityDecoder.trade().copy(), t));
          // The entity reads its clock when it takes the event: the clock moves on only after.
          orders(entity, probe);
        }
        case BOOK_TICKER ->
            s.tell(new FeedEvent.Ticker(SPEC.id(), entityDecoder.bookTicker().copy(), t));
        default -> {}
      }
    }
    System.out.printf(
        "%d frames through the entity in %.1f s%n",
        lines.size(), (System.nanoTime() - started) / 1e9);
    assertEquals(expected.size(), actual.size());
    int compared = 0;
    for (int i = 0; i < expected.size(); i++) {
      if (expected.get(i) != null) {
        if (!expected.get(i).equals(actual.get(i))) {
          System.out.println("loop:   " + explained.get(i));
          System.out.println("entity: " + entityExplained.get(i));
        }
        assertEquals(expected.get(i), actual.get(i), "decision " + i);
        compared++;
      }
    }
    assertTrue(compared > 6_000, "decisions compared: " + compared);
  }

  private static SymbolProtocol.OrdersReport orders(
      ActorRef<SymbolProtocol.Command> entity, TestProbe<SymbolProtocol.Confirmation> probe) {
    entity.tell(new SymbolProtocol.GetOrders(probe.getRef()));
    return assertInstanceOf(SymbolProtocol.OrdersReport.class, probe.receiveMessage(T));
  }
}
