package com.marketmaker.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.actors.feed.FeedEvent;
import com.marketmaker.actors.feed.MarketDataFeed;
import com.marketmaker.actors.venue.OrderGateway;
import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.feed.DepthUpdate;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.orders.ExecutionEvent;
import com.marketmaker.core.orders.ExecutionType;
import com.marketmaker.core.orders.OrderRequest;
import com.marketmaker.core.orders.OrderStatus;
import com.marketmaker.core.orders.OrderType;
import com.marketmaker.core.orders.OwnTrade;
import com.marketmaker.core.orders.VenueOrder;
import com.marketmaker.core.strategy.MakerParameters;
import com.marketmaker.core.strategy.StrategyConfig;
import com.marketmaker.testsupport.Eventually;
import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The entity's trading loop against a scripted venue: reconciliation before the first order, quotes
 * placed on a live book, executions booked once, the kill switch cancelling everything and holding
 * until cleared, and a restarted entity cancelling an order it does not know.
 */
class SymbolEntityTradingTest {

  private static final ActorTestKit testKit =
      ActorTestKit.create(
          PersistenceTestKitPlugin.getInstance()
              .config()
              .withFallback(PersistenceTestKitSnapshotPlugin.config())
              .withFallback(ConfigFactory.parseString("market-maker.orders.min-order-age = 0ms"))
              .withFallback(ConfigFactory.load()));
  private static final Duration T = Duration.ofSeconds(30);
  private static final InstrumentSpec SPEC =
      InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "SYN001USDT"), "0.01", "0.001");
  private static final MakerParameters PARAMS = new MakerParameters(0.05, 60, 5, 200, 100, 1000);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** A feed whose snapshot is a two-sided book around 100.00. */
  static final class Feed implements MarketDataFeed {
    final AtomicReference<ActorRef<FeedEvent>> subscriber = new AtomicReference<>();
    long updateId = 10;

    @Override
    public void subscribe(InstrumentSpec spec, ActorRef<FeedEvent> s) {
      subscriber.set(s);
    }

    @Override
    public void unsubscribe(InstrumentId instrument, ActorRef<FeedEvent> s) {}

    @Override
    public CompletionStage<DepthUpdate> depthSnapshot(InstrumentSpec spec, int limit) {
      DepthUpdate d = new DepthUpdate();
      d.finalUpdateId = updateId;
      for (int i = 0; i < 5; i++) {
        d.bids.add(9_999 - i, 1_000);
        d.asks.add(10_001 + i, 1_000);
      }
      return CompletableFuture.completedFuture(d);
    }

    /** A diff continuing the book (spot rule: U = previous u + 1). */
    void tick(long bidSize) {
      tick(SPEC.id(), bidSize);
    }

    /** A diff continuing the book of {@code instrument}. */
    void tick(InstrumentId instrument, long bidSize) {
      DepthUpdate d = new DepthUpdate();
      d.firstUpdateId = updateId + 1;
      d.finalUpdateId = updateId + 1;
      updateId++;
      d.bids.add(9_999, bidSize);
      subscriber.get().tell(new FeedEvent.Depth(instrument, d, System.nanoTime()));
    }
  }

  /** A venue that acknowledges everything and remembers what it was asked. */
  static final class Venue0 implements OrderGateway {
    final Map<String, VenueOrder> open = new ConcurrentHashMap<>();
    final List<String> log = new CopyOnWriteArrayList<>();
    final AtomicInteger places = new AtomicInteger();
    final AtomicLong orderIds = new AtomicLong(100);
    final AtomicInteger cancelAllFailures = new AtomicInteger();
    final java.util.Queue<RuntimeException> openOrdersFailures =
        new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** Places get no answer and never reach the book, as when the request is lost. */
    volatile boolean losePlaces;

    volatile List<OwnTrade> trades = List.of();

    @Override
    public CompletionStage<VenueOrder> place(InstrumentSpec spec, OrderRequest r) {
      places.incrementAndGet();
      log.add("place " + r.side());
      if (losePlaces) {
        return new CompletableFuture<>();
      }
      VenueOrder o =
          new VenueOrder(
              r.instrument(),
              r.clientOrderId(),
              orderIds.incrementAndGet(),
              r.side(),
              r.type(),
              r.priceTicks(),
              r.sizeLots(),
              0,
              OrderStatus.NEW,
              System.currentTimeMillis());
      open.put(r.clientOrderId(), o);
      return CompletableFuture.completedFuture(o);
    }

    @Override
    public CompletionStage<VenueOrder> cancel(InstrumentSpec spec, String clientOrderId) {
      log.add("cancel " + clientOrderId);
      VenueOrder o = open.remove(clientOrderId);
      if (o == null) {
        return CompletableFuture.failedFuture(
            new com.marketmaker.core.orders.VenueException(
                400,
                -2011,
                "Unknown order sent.",
                com.marketmaker.core.orders.VenueException.Kind.UNKNOWN_ORDER));
      }
      return CompletableFuture.completedFuture(canceled(o));
    }

    @Override
    public CompletionStage<List<VenueOrder>> cancelAll(InstrumentSpec spec) {
      log.add("cancelAll");
      if (cancelAllFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        return CompletableFuture.failedFuture(
            new com.marketmaker.core.orders.VenueException(429, -1003, "Too much request weight"));
      }
      List<VenueOrder> out = new ArrayList<>();
      for (VenueOrder o : open.values()) {
        out.add(canceled(o));
      }
      open.clear();
      return CompletableFuture.completedFuture(out);
    }

    @Override
    public CompletionStage<List<VenueOrder>> openOrders(InstrumentSpec spec) {
      log.add("openOrders");
      RuntimeException failure = openOrdersFailures.poll();
      if (failure != null) {
        return CompletableFuture.failedFuture(failure);
      }
      return CompletableFuture.completedFuture(List.copyOf(open.values()));
    }

    @Override
    public CompletionStage<List<OwnTrade>> tradesSince(
        InstrumentSpec spec, long fromTradeId, int limit) {
      log.add("tradesSince " + fromTradeId);
      return CompletableFuture.completedFuture(
          trades.stream().filter(t -> t.tradeId() >= fromTradeId).toList());
    }

    private static VenueOrder canceled(VenueOrder o) {
      return new VenueOrder(
          o.instrument(),
          o.clientOrderId(),
          o.venueOrderId(),
          o.side(),
          o.type(),
          o.priceTicks(),
          o.sizeLots(),
          o.executedLots(),
          OrderStatus.CANCELED,
          System.currentTimeMillis());
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    Eventually.await(T, Duration.ofMillis(20), condition::getAsBoolean, what);
  }

  /** An entity for {@code spec}, started making with the test's parameters. */
  private ActorRef<SymbolProtocol.Command> start(InstrumentSpec spec, Feed feed, Venue0 venue) {
    ActorRef<SymbolProtocol.Command> entity = spawn(spec.id().toString(), feed, venue);
    ask(
        entity,
        r -> new SymbolProtocol.Start(spec, PARAMS, StrategyConfig.defaults(), "t", r),
        SymbolProtocol.Accepted.class);
    return entity;
  }

  /** Moves the book (a diff per try, its size from {@code base}) until {@code done}. */
  private static void tickUntil(
      Feed feed, long base, Venue0 venue, BooleanSupplier done, String what)
      throws InterruptedException {
    await(
        () -> {
          feed.tick(base + venue.log.size());
          return done.getAsBoolean();
        },
        what);
  }

  private ActorRef<SymbolProtocol.Command> spawn(String id, Feed feed, Venue0 venue) {
    return testKit.spawn(
        SymbolEntity.create(
            id,
            SymbolEntity.Dependencies.of(
                    EntitySettings.fromConfig(testKit.system().settings().config()),
                    Clock.systemUTC())
                .withFeeds(v -> Optional.of(feed))
                .withGateways(v -> Optional.of(venue)),
            self -> {}));
  }

  private <R extends SymbolProtocol.Confirmation> R ask(
      ActorRef<SymbolProtocol.Command> entity,
      java.util.function.Function<ActorRef<SymbolProtocol.Confirmation>, SymbolProtocol.Command> c,
      Class<R> type) {
    TestProbe<SymbolProtocol.Confirmation> probe = testKit.createTestProbe();
    entity.tell(c.apply(probe.getRef()));
    return assertInstanceOf(type, probe.receiveMessage(T));
  }

  @Test
  void lostOrdersAreSettledByReconciliationEvenWhenTheBookStandsStill() throws Exception {
    // The venue never answers the places and never books them. After the acknowledgement
    // timeout the entity asks the venue, which has none of them: they are closed. No diff arrives
    // meanwhile: what waits on time is acted on by the entity's own tick.
    InstrumentSpec spec =
        InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "SYN006USDT"), "0.01", "0.001");
    Feed feed = new Feed();
    Venue0 venue = new Venue0();
    venue.losePlaces = true;
    ActorRef<SymbolProtocol.Command> entity = start(spec, feed, venue);
    await(() -> feed.subscriber.get() != null, "subscribed");
    tickUntil(feed, 1_000, venue, () -> venue.places.get() >= 2, "orders sent");
    List<String> lost =
        ask(entity, SymbolProtocol.GetOrders::new, SymbolProtocol.OrdersReport.class)
            .working()
            .stream()
            .map(o -> o.clientOrderId())
            .toList();
    assertFalse(lost.isEmpty());
    long reconciliations = venue.log.stream().filter(e -> e.equals("openOrders")).count();
    // From here on the book does not change.
    await(
        () ->
            ask(entity, SymbolProtocol.GetOrders::new, SymbolProtocol.OrdersReport.class)
                .working()
                .stream()
                .noneMatch(o -> lost.contains(o.clientOrderId())),
        "the lost orders closed");
    assertTrue(
        venue.log.stream().filter(e -> e.equals("openOrders")).count() > reconciliations,
        "closed by asking the venue: " + venue.log);
  }

  @Test
  void aTimestampRefusalIsRetriedSoonAnUnknownSymbolStopsOrderEntry() throws Exception {
    // -1021: the request's timestamp was outside the venue's window (a clock offset measured
    // under load, a request that queued too long). Transient: reconciliation is retried after
    // reconcile-retry (1 s), and the instrument quotes.
    InstrumentSpec spec =
        InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "SYN004USDT"), "0.01", "0.001");
    Feed feed = new Feed();
    Venue0 venue = new Venue0();
    venue.openOrdersFailures.add(
        new com.marketmaker.core.orders.VenueException(
            400,
            -1021,
            "Timestamp for this request was 1000ms ahead of the server's time.",
            com.marketmaker.core.orders.VenueException.Kind.CLOCK_SKEW));
    ActorRef<SymbolProtocol.Command> entity = start(spec, feed, venue);
    await(() -> feed.subscriber.get() != null, "subscribed");
    tickUntil(
        feed,
        1_000,
        venue,
        () -> venue.places.get() >= 2,
        "quotes after the retried reconciliation");
    assertEquals(
        2L, venue.log.stream().filter(e -> e.equals("openOrders")).count(), venue.log.toString());

    // -1121 (invalid symbol): the venue will not trade it for us: market data only.
    InstrumentSpec otherSpec =
        InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "SYN005USDT"), "0.01", "0.001");
    Feed otherFeed = new Feed();
    Venue0 refusing = new Venue0();
    refusing.openOrdersFailures.add(
        new com.marketmaker.core.orders.VenueException(400, -1121, "Invalid symbol."));
    ActorRef<SymbolProtocol.Command> other = start(otherSpec, otherFeed, refusing);
    await(
        () ->
            ask(other, SymbolProtocol.GetOrders::new, SymbolProtocol.OrdersReport.class)
                .quoting()
                .startsWith("NO_ORDER_ENTRY"),
        "order entry refused");
    for (int i = 0; i < 20; i++) {
      otherFeed.tick(2_000 + i);
    }
    SymbolProtocol.OrdersReport report =
        ask(other, SymbolProtocol.GetOrders::new, SymbolProtocol.OrdersReport.class);
    assertTrue(report.quoting().contains("-1121"), report.quoting());
    assertEquals(0, refusing.places.get(), "no order while order entry is refused");
  }

  @Test
  void reconcilesThenQuotesBooksFillsOnceAndTheKillSwitchHoldsUntilCleared() throws Exception {
    Feed feed = new Feed();
    Venue0 venue = new Venue0();
    ActorRef<SymbolProtocol.Command> entity = start(SPEC, feed, venue);
    await(() -> feed.subscriber.get() != null, "subscribed");
    await(() -> venue.log.contains("openOrders"), "reconciliation asked the venue");
    // The venue is asked before any order is sent.
    tickUntil(feed, 1_000, venue, () -> venue.places.get() >= 2, "quotes on both sides");
    assertTrue(
        venue.log.indexOf("openOrders") < venue.log.indexOf("place BUY"),
        "reconciled before quoting: " + venue.log);
    SymbolProtocol.OrdersReport orders =
        ask(entity, SymbolProtocol.GetOrders::new, SymbolProtocol.OrdersReport.class);
    assertTrue(orders.reconciled());
    assertEquals("QUOTING", orders.quoting());
    var bid = orders.working().stream().filter(o -> o.side() == Side.BUY).findFirst().orElseThrow();
    assertTrue(bid.priceTicks() < 10_001, "a post-only bid below the ask: " + bid);

    // A fill of our bid from the user-data stream, delivered twice: booked once.
    VenueOrder filledView = venue.open.get(bid.clientOrderId());
    OwnTrade trade =
        new OwnTrade(
            SPEC.id(),
            7,
            filledView.venueOrderId(),
            bid.clientOrderId(),
            Side.BUY,
            bid.priceTicks(),
            40,
            1_000,
            true,
            System.currentTimeMillis());
    VenueOrder partly =
        new VenueOrder(
            SPEC.id(),
            bid.clientOrderId(),
            filledView.venueOrderId(),
            Side.BUY,
            OrderType.LIMIT_MAKER,
            bid.priceTicks(),
            bid.sizeLots(),
            40,
            OrderStatus.PARTIALLY_FILLED,
            System.currentTimeMillis());
    ExecutionEvent fill = new ExecutionEvent(SPEC.id(), ExecutionType.TRADE, partly, trade, "", 0);
    assertEquals(
        SymbolProtocol.Change.CHANGED,
        ask(entity, r -> new SymbolProtocol.ApplyExecution(fill, r), SymbolProtocol.Accepted.class)
            .change());
    SymbolProtocol.Accepted again =
        ask(entity, r -> new SymbolProtocol.ApplyExecution(fill, r), SymbolProtocol.Accepted.class);
    assertEquals(SymbolProtocol.Change.DUPLICATE_FILL, again.change());
    assertEquals(40, again.summary().inventoryLots());
    SymbolProtocol.FillsReport fills =
        ask(entity, r -> new SymbolProtocol.GetFills(10, r), SymbolProtocol.FillsReport.class);
    assertEquals(1, fills.totalFills());
    // A venue fill is listed once, with its order: not again as an operator's.
    assertEquals(1, fills.fills().size(), fills.toString());
    assertTrue(fills.fills().get(0).venueOrderId() != 0, fills.toString());
    SymbolProtocol.PerformanceReport perf =
        ask(entity, SymbolProtocol.GetPerformance::new, SymbolProtocol.PerformanceReport.class);
    assertEquals(40, perf.report().inventoryLots());
    // cash = -(price × 0.040) - fee, exact at 8 places
    assertEquals(-SPEC.notional(bid.priceTicks(), 40) - 1_000, perf.report().cash());

    // Kill: every order cancelled, halted, and no new orders while halted.
    ask(entity, r -> new SymbolProtocol.Kill("drill", "ops", r), SymbolProtocol.Accepted.class);
    await(() -> venue.open.isEmpty(), "all orders cancelled at the venue");
    assertTrue(venue.log.contains("cancelAll"), venue.log.toString());
    SymbolProtocol.RiskReport risk =
        ask(entity, SymbolProtocol.GetRisk::new, SymbolProtocol.RiskReport.class);
    assertTrue(risk.halted());
    assertEquals("KILL_SWITCH", risk.cause());
    assertEquals("ops", risk.haltedBy());
    int placed = venue.places.get();
    for (int i = 0; i < 20; i++) {
      feed.tick(2_000 + i);
    }
    assertEquals(
        "HALTED",
        ask(entity, SymbolProtocol.GetOrders::new, SymbolProtocol.OrdersReport.class).quoting());
    assertEquals(placed, venue.places.get(), "no order while halted");

    // Cleared: quoting resumes.
    ask(entity, r -> new SymbolProtocol.ClearRisk("ops", r), SymbolProtocol.Accepted.class);
    assertFalse(ask(entity, SymbolProtocol.GetRisk::new, SymbolProtocol.RiskReport.class).halted());
    tickUntil(
        feed, 3_000, venue, () -> venue.places.get() >= placed + 2, "quotes again after the clear");
  }

  @Test
  void theFirstQuotesAreLoggedOnceWithWhenEachPhaseOfTheStartEnded() {
    ch.qos.logback.classic.Logger logger =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(SymbolEntity.class);
    ch.qos.logback.classic.Level before = logger.getLevel();
    logger.setLevel(ch.qos.logback.classic.Level.INFO);
    try {
      InstrumentSpec spec =
          InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "SYN007USDT"), "0.01", "0.001");
      Feed feed = new Feed();
      Venue0 venue = new Venue0();
      LoggingTestKit.info("first quotes sent")
          .withMessageRegex(
              "BINANCE:SYN007USDT: first quotes sent [0-9.]+ ms after the entity started \\(journal"
                  + " recovered at [0-9.]+ ms, reconciled at [0-9.]+ ms, book in sync at [0-9.]+"
                  + " ms; first diff at [0-9.]+ ms, snapshot at [0-9.]+ ms, book live at [0-9.]+"
                  + " ms\\)")
          .withOccurrences(1)
          .expect(
              testKit.system(),
              () -> {
                try {
                  start(spec, feed, venue);
                  await(() -> feed.subscriber.get() != null, "subscribed");
                  // Quotes on both sides, then more market: told once, at the first quotes.
                  await(
                      () -> {
                        feed.tick(spec.id(), 1_000 + venue.log.size());
                        return venue.places.get() >= 2;
                      },
                      "quotes on both sides");
                  for (int i = 0; i < 200; i++) {
                    feed.tick(spec.id(), 2_000 + i);
                  }
                } catch (InterruptedException e) {
                  throw new AssertionError(e);
                }
                return null;
              });
    } finally {
      logger.setLevel(before);
    }
  }

  @Test
  void aStoppedInstrumentCancelsAgainUntilNoOrderIsLeft() throws Exception {
    InstrumentSpec spec =
        InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "SYN003USDT"), "0.01", "0.001");
    Feed feed = new Feed();
    Venue0 venue = new Venue0();
    ActorRef<SymbolProtocol.Command> entity = start(spec, feed, venue);
    await(() -> feed.subscriber.get() != null, "subscribed");
    tickUntil(feed, 1_000, venue, () -> venue.open.size() >= 2, "quotes resting at the venue");
    venue.cancelAllFailures.set(1); // the stop's own cancel-all is refused
    ask(entity, r -> new SymbolProtocol.Stop("t", r), SymbolProtocol.Accepted.class);
    await(() -> venue.open.isEmpty(), "the stopped instrument's orders cancelled on a later try");
    assertTrue(
        venue.log.stream().filter("cancelAll"::equals).count() >= 2,
        "cancel-all sent again after the refusal: " + venue.log);
    await(
        () ->
            ask(entity, SymbolProtocol.GetOrders::new, SymbolProtocol.OrdersReport.class)
                .working()
                .isEmpty(),
        "no working order in the entity");
  }

  @Test
  void aRecoveredEntityCancelsAnOrderItDoesNotKnowBeforeQuoting() throws Exception {
    InstrumentSpec spec =
        InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "SYN002USDT"), "0.01", "0.001");
    Feed feed = new Feed();
    Venue0 venue = new Venue0();
    // An order at the venue that no journal knows (sent by an earlier life that lost its event).
    venue.open.put(
        "mmforeign-1-1",
        new VenueOrder(
            spec.id(),
            "mmforeign-1-1",
            5,
            Side.SELL,
            OrderType.LIMIT_MAKER,
            10_050,
            100,
            0,
            OrderStatus.NEW,
            0));
    ActorRef<SymbolProtocol.Command> entity = start(spec, feed, venue);
    await(() -> venue.log.contains("cancel mmforeign-1-1"), "the unknown order is cancelled");
    assertFalse(venue.open.containsKey("mmforeign-1-1"));
    assertTrue(
        venue.log.indexOf("cancel mmforeign-1-1") < Math.max(0, venue.log.indexOf("place BUY"))
            || !venue.log.contains("place BUY"),
        "cancelled before quoting: " + venue.log);
  }

  @Test
  void aFailingJournalPullsTheQuotesAndQuotingResumesWhenItIsBack() throws Exception {
    // The journal refuses writes (Cassandra down): the entity stops rather than trade on state
    // it cannot keep, and its quotes must not stay at the venue unmanaged meanwhile.
    InstrumentSpec spec =
        InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "SYN009USDT"), "0.01", "0.001");
    Feed feed = new Feed();
    Venue0 venue = new Venue0();
    ActorRef<SymbolProtocol.Command> entity = start(spec, feed, venue);
    await(() -> feed.subscriber.get() != null, "subscribed");
    tickUntil(feed, 1_000, venue, () -> venue.open.size() >= 2, "quotes resting at the venue");
    int placedBefore = venue.places.get();
    PersistenceTestKit journal = PersistenceTestKit.create(testKit.system());
    journal.failNextNPersisted("Symbol|" + spec.id(), 3);
    // The next write (an operator's parameter change) fails; so do the two after it.
    TestProbe<SymbolProtocol.Confirmation> noAnswer = testKit.createTestProbe();
    entity.tell(
        new SymbolProtocol.UpdateParameters(
            new MakerParameters(0.06, 60, 5, 200, 100, 1000), "t", noAnswer.getRef()));
    await(() -> venue.log.contains("cancelAll"), "quotes pulled");
    // Restarted with backoff, recovered from the journal, reconciled: quoting again.
    tickUntil(
        feed,
        3_000,
        venue,
        () -> venue.open.size() >= 2 && venue.places.get() > placedBefore + 1,
        "quoting again once the journal writes");
    assertTrue(
        venue.log.lastIndexOf("openOrders") > venue.log.indexOf("cancelAll"),
        "reconciled with the venue after the restart: " + venue.log);
  }

  @Test
  void aHandOffLeavesTheQuotesForTheNextIncarnationWhichTakesThemOver() throws Exception {
    // A rolling restart or a rebalance: the shard sends its stop message. The quotes stay at the
    // venue (no quoting gap); the next incarnation recovers them and manages them on.
    InstrumentSpec spec =
        InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "SYN010USDT"), "0.01", "0.001");
    Feed feed = new Feed();
    Venue0 venue = new Venue0();
    ActorRef<SymbolProtocol.Command> entity = start(spec, feed, venue);
    await(() -> feed.subscriber.get() != null, "subscribed");
    tickUntil(feed, 1_000, venue, () -> venue.open.size() >= 2, "quotes resting at the venue");
    TestProbe<Object> watcher = testKit.createTestProbe();
    entity.tell(SymbolProtocol.HandOff.INSTANCE);
    watcher.expectTerminated(entity, Duration.ofSeconds(10));
    java.util.Set<String> resting = new java.util.TreeSet<>(venue.open.keySet());
    assertFalse(venue.log.contains("cancelAll"), "nothing pulled on a hand-off: " + venue.log);
    assertTrue(resting.size() >= 2, "the quotes rest at the venue: " + resting);

    feed.subscriber.set(null);
    int logged = venue.log.size();
    ActorRef<SymbolProtocol.Command> next = spawn(spec.id().toString(), feed, venue);
    await(() -> feed.subscriber.get() != null, "the next incarnation subscribed");
    await(
        () -> {
          SymbolProtocol.OrdersReport o =
              ask(next, SymbolProtocol.GetOrders::new, SymbolProtocol.OrdersReport.class);
          return o.reconciled();
        },
        "the next incarnation reconciled");
    SymbolProtocol.OrdersReport taken =
        ask(next, SymbolProtocol.GetOrders::new, SymbolProtocol.OrdersReport.class);
    java.util.Set<String> known = new java.util.TreeSet<>();
    taken.working().forEach(o -> known.add(o.clientOrderId()));
    assertTrue(
        known.containsAll(resting),
        "the next incarnation knows the resting quotes as its own: " + known + " vs " + resting);
    // Its book is not built yet (no diff has arrived): it keeps the quotes it took over rather
    // than pulling them for want of market data, through a few housekeeping turns.
    Thread.sleep(2_500);
    List<String> since = List.copyOf(venue.log.subList(logged, venue.log.size()));
    assertTrue(
        since.stream().noneMatch(l -> l.startsWith("cancel")),
        "the next incarnation leaves the quotes alone while its book is built: " + since);
    assertEquals(resting, new java.util.TreeSet<>(venue.open.keySet()));
    // Once the book is live it manages them as its own.
    tickUntil(
        feed,
        5_000,
        venue,
        () ->
            venue.log.subList(logged, venue.log.size()).stream()
                .anyMatch(l -> l.startsWith("cancel ") || l.startsWith("place ")),
        "managing the quotes once the book is live");
  }
}
