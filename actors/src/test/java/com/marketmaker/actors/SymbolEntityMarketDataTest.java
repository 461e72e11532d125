package com.marketmaker.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.actors.feed.FeedEvent;
import com.marketmaker.actors.feed.FeedLatency;
import com.marketmaker.actors.feed.MarketDataFeed;
import com.marketmaker.core.book.Side;
import com.marketmaker.core.book.TreeMapOrderBook;
import com.marketmaker.core.engine.VenueBook;
import com.marketmaker.core.feed.BinanceDecoder;
import com.marketmaker.core.feed.BookTicker;
import com.marketmaker.core.feed.DepthUpdate;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.strategy.MakerParameters;
import com.marketmaker.core.sync.BinanceBookSync;
import com.marketmaker.testsupport.SharedData;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The entity's live book on real Binance spot data: the recorded BTCUSDT capture is fed to the
 * entity as its node-local feed would, and a reference book rebuilt independently beside it serves
 * the depth snapshots. The venue's own bookTicker messages are the oracle.
 */
class SymbolEntityMarketDataTest {

  private static final ActorTestKit testKit =
      ActorTestKit.create(
          PersistenceTestKitPlugin.getInstance()
              .config()
              .withFallback(PersistenceTestKitSnapshotPlugin.config())
              .withFallback(ConfigFactory.load()));
  private static final Duration T = Duration.ofSeconds(30);
  private static final InstrumentSpec SPEC =
      InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "BTCUSDT"), "0.01", "0.00000001");

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** A feed driven by the test; snapshots come from the reference book. */
  private static final class RecordedFeed implements MarketDataFeed {
    final CompletableFuture<ActorRef<FeedEvent>> subscriber = new CompletableFuture<>();
    final AtomicInteger snapshotRequests = new AtomicInteger();
    volatile DepthUpdate nextSnapshot;

    @Override
    public void subscribe(InstrumentSpec spec, ActorRef<FeedEvent> s) {
      subscriber.complete(s);
    }

    @Override
    public void unsubscribe(InstrumentId instrument, ActorRef<FeedEvent> s) {}

    @Override
    public CompletionStage<DepthUpdate> depthSnapshot(InstrumentSpec spec, int limit) {
      snapshotRequests.incrementAndGet();
      return CompletableFuture.completedFuture(nextSnapshot.copy());
    }
  }

  private static List<String> recording() throws IOException {
    List<String> lines = new ArrayList<>();
    for (String line : SharedData.lines("binance/spot_btcusdt_20240808.gz")) {
      lines.add(line.substring(line.indexOf(' ') + 1));
    }
    return lines;
  }

  private static DepthUpdate snapshotOf(BinanceBookSync reference) {
    DepthUpdate s = new DepthUpdate();
    s.finalUpdateId = reference.lastUpdateId();
    var book = reference.book();
    book.forEachLevel(
        Side.BID,
        (price, size) -> {
          s.bids.add(price, size);
          return true;
        });
    book.forEachLevel(
        Side.ASK,
        (price, size) -> {
          s.asks.add(price, size);
          return true;
        });
    return s;
  }

  @Test
  void entityBookAgreesWithEveryComparableBookTickerAndResyncsAfterALostDiff() throws Exception {
    List<String> lines = recording();
    RecordedFeed feed = new RecordedFeed();
    ActorRef<SymbolProtocol.Command> entity =
        testKit.spawn(
            SymbolEntity.create(
                SPEC.id().toString(),
                SymbolEntity.Dependencies.of(
                        EntitySettings.fromConfig(testKit.system().settings().config()),
                        Clock.systemUTC())
                    .withFeeds(venue -> Optional.of(feed)),
                self -> {}));
    TestProbe<SymbolProtocol.Confirmation> probe = testKit.createTestProbe();
    entity.tell(
        new SymbolProtocol.Start(
            SPEC, new MakerParameters(0.1, 60, 1, 50, 100_000, 5_000_000), "t", probe.getRef()));
    probe.expectMessageClass(SymbolProtocol.Accepted.class, T);
    ActorRef<FeedEvent> subscriber = feed.subscriber.get();

    // The reference: the recorded snapshot plus every recorded diff, through a TreeMap book.
    BinanceDecoder decoder = new BinanceDecoder(SPEC);
    BinanceBookSync reference =
        new BinanceBookSync(new TreeMapOrderBook(), BinanceBookSync.Rule.SPOT);
    for (String line : lines) {
      if (decoder.decode(line.getBytes(StandardCharsets.UTF_8)) == BinanceDecoder.Kind.SNAPSHOT) {
        reference.onSnapshot(decoder.depth());
        feed.nextSnapshot = snapshotOf(reference);
        break;
      }
    }

    int half = lines.size() / 2;
    int droppedAt = -1;
    long latencyBefore = FeedLatency.get(testKit.system()).total().getTotalCount();
    long diffsSent = 0;
    for (int i = 0; i < lines.size(); i++) {
      BinanceDecoder.Kind kind = decoder.decode(lines.get(i).getBytes(StandardCharsets.UTF_8));
      long now = System.nanoTime();
      if (kind == BinanceDecoder.Kind.DEPTH_UPDATE) {
        DepthUpdate d = decoder.depth().copy();
        reference.onDepthUpdate(d);
        feed.nextSnapshot = snapshotOf(reference);
        if (i > half && droppedAt < 0) {
          droppedAt = i; // the entity never sees this diff: it must notice and resync
          continue;
        }
        subscriber.tell(new FeedEvent.Depth(SPEC.id(), d, now));
        diffsSent++;
      } else if (kind == BinanceDecoder.Kind.BOOK_TICKER) {
        BookTicker copy = decoder.bookTicker().copy();
        subscriber.tell(new FeedEvent.Ticker(SPEC.id(), copy, now));
      }
    }
    assertTrue(reference.isLive());

    entity.tell(new SymbolProtocol.GetStatus(probe.getRef()));
    VenueBook.Status market =
        assertInstanceOf(SymbolProtocol.Accepted.class, probe.receiveMessage(T)).summary().market();
    System.out.printf(
        "entity book on spot BTCUSDT 0808: %d bookTickers matched, %d mismatched, %d not comparable,"
            + " %d gaps, %d snapshots%n",
        market.tickersMatched(),
        market.tickersMismatched(),
        market.tickersNotComparable(),
        market.gaps(),
        market.snapshots());
    assertEquals("LIVE", market.sync(), market.toString());
    assertEquals(0, market.tickersMismatched(), market.lastMismatch());
    assertTrue(market.tickersMatched() > 400, "tickers matched: " + market.tickersMatched());
    assertEquals(1, market.gaps(), "the dropped diff is seen as a gap");
    assertTrue(feed.snapshotRequests.get() >= 2, "a new snapshot was fetched after the gap");
    assertEquals(reference.lastUpdateId(), market.lastUpdateId());
    // Every diff the entity applied was timed from its frame's arrival.
    assertEquals(
        diffsSent,
        FeedLatency.get(testKit.system()).total().getTotalCount() - latencyBefore,
        "one latency sample per applied diff");

    // The rebuilt book equals the reference book level by level.
    entity.tell(new SymbolProtocol.GetBook(1000, probe.getRef()));
    VenueBook.View view =
        assertInstanceOf(SymbolProtocol.BookLevels.class, probe.receiveMessage(T)).book();
    assertTrue(view.trusted());
    var book = reference.book();
    assertEquals(Math.min(1000, book.levelCount(Side.BID)), view.bids().size());
    for (int i = 0; i < view.bids().size(); i++) {
      assertEquals(SPEC.ticksToPrice(book.priceAt(Side.BID, i)), view.bids().get(i).price());
      assertEquals(SPEC.lotsToSize(book.sizeAt(Side.BID, i)), view.bids().get(i).size());
    }
    for (int i = 0; i < view.asks().size(); i++) {
      assertEquals(SPEC.ticksToPrice(book.priceAt(Side.ASK, i)), view.asks().get(i).price());
    }

    // A resync from the feed (e.g. a reconnect) makes the book untrusted until a new snapshot.
    subscriber.tell(new FeedEvent.Resync(SPEC.id(), "reconnected", System.nanoTime()));
    entity.tell(new SymbolProtocol.GetStatus(probe.getRef()));
    market =
        assertInstanceOf(SymbolProtocol.Accepted.class, probe.receiveMessage(T)).summary().market();
    assertFalse(market.trusted());
    assertEquals("GAP_NEEDS_SNAPSHOT", market.sync());
    assertEquals(1, market.resyncs());

    // Stopping releases the book.
    entity.tell(new SymbolProtocol.Stop("t", probe.getRef()));
    assertEquals(
        null,
        assertInstanceOf(SymbolProtocol.Accepted.class, probe.receiveMessage(T))
            .summary()
            .market());
  }

  /**
   * The flow the portfolio's cross-impact model regresses returns on: every recorded public trade
   * of the capture, fed as the node's feed feeds them, adds its signed notional to the running
   * total the entity reports; a new engine (the instrument started again) counts from zero in a new
   * epoch.
   */
  @Test
  void theReportedPublicFlowIsTheSignedNotionalOfTheRecordedTrades() throws Exception {
    List<String> lines = recording();
    RecordedFeed feed = new RecordedFeed();
    TestProbe<com.marketmaker.actors.portfolio.PortfolioProtocol.InstrumentReport> portfolio =
        testKit.createTestProbe();
    ActorRef<SymbolProtocol.Command> entity =
        testKit.spawn(
            SymbolEntity.create(
                SPEC.id().toString(),
                SymbolEntity.Dependencies.of(
                        EntitySettings.fromConfig(testKit.system().settings().config()),
                        Clock.systemUTC())
                    .withFeeds(venue -> Optional.of(feed))
                    .withPortfolio(portfolio.getRef()::tell),
                self -> {}));
    TestProbe<SymbolProtocol.Confirmation> probe = testKit.createTestProbe();
    MakerParameters params = new MakerParameters(0.1, 60, 1, 50, 100_000, 5_000_000);
    entity.tell(new SymbolProtocol.Start(SPEC, params, "t", probe.getRef()));
    probe.expectMessageClass(SymbolProtocol.Accepted.class, T);
    ActorRef<FeedEvent> subscriber = feed.subscriber.get();

    BinanceDecoder decoder = new BinanceDecoder(SPEC);
    java.math.BigDecimal expected = java.math.BigDecimal.ZERO;
    double gross = 0;
    int trades = 0;
    for (String line : lines) {
      if (decoder.decode(line.getBytes(StandardCharsets.UTF_8)) == BinanceDecoder.Kind.TRADE) {
        var t = decoder.trade().copy();
        java.math.BigDecimal notional =
            new java.math.BigDecimal(SPEC.ticksToPrice(t.price))
                .multiply(new java.math.BigDecimal(SPEC.lotsToSize(t.size)));
        expected = t.buyerAggressor ? expected.add(notional) : expected.subtract(notional);
        gross += notional.doubleValue();
        trades++;
        subscriber.tell(new FeedEvent.PublicTrade(SPEC.id(), t, System.nanoTime()));
      }
    }
    assertTrue(trades > 1000, "trades in the capture: " + trades);
    double want = expected.doubleValue();
    double tolerance = 1e-9 * gross;
    var report =
        portfolio
            .fishForMessage(
                T,
                m ->
                    Math.abs(m.publicFlowQuote() - want) <= tolerance
                        ? org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.complete()
                        : org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes
                            .continueAndIgnore())
            .get(0);
    System.out.printf(
        "public flow of spot BTCUSDT 0808: %d trades, %.2f USDT signed of %.2f USDT traded%n",
        trades, report.publicFlowQuote(), gross);
    assertTrue(report.flowEpoch() != 0, "a live engine's total has an epoch");

    // Stopped and started again: a new engine, a new epoch, counting from zero.
    entity.tell(new SymbolProtocol.Stop("t", probe.getRef()));
    probe.expectMessageClass(SymbolProtocol.Accepted.class, T);
    entity.tell(new SymbolProtocol.Start(SPEC, params, "t", probe.getRef()));
    probe.expectMessageClass(SymbolProtocol.Accepted.class, T);
    var fresh =
        portfolio
            .fishForMessage(
                T,
                m ->
                    m.flowEpoch() != 0 && m.flowEpoch() != report.flowEpoch()
                        ? org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.complete()
                        : org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes
                            .continueAndIgnore())
            .get(0);
    assertEquals(0.0, fresh.publicFlowQuote());
    testKit.stop(entity);
  }
}
