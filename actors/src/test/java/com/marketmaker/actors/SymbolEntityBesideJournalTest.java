package com.marketmaker.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.actors.SymbolEntityTradingTest.Feed;
import com.marketmaker.actors.SymbolEntityTradingTest.Venue0;
import com.marketmaker.actors.feed.FeedEvent;
import com.marketmaker.actors.venue.OrderGateway;
import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.feed.DepthUpdate;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.orders.ExecutionEvent;
import com.marketmaker.core.orders.ExecutionType;
import com.marketmaker.core.orders.OrderEvent;
import com.marketmaker.core.orders.OrderRequest;
import com.marketmaker.core.orders.OrderStatus;
import com.marketmaker.core.orders.OrderType;
import com.marketmaker.core.orders.OwnTrade;
import com.marketmaker.core.orders.TrackedOrder;
import com.marketmaker.core.orders.VenueOrder;
import com.marketmaker.core.strategy.MakerParameters;
import com.marketmaker.core.strategy.StrategyConfig;
import com.marketmaker.persistence.SymbolEvent;
import com.marketmaker.testsupport.Eventually;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.testkit.JournalOperation;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.ProcessingPolicy;
import org.apache.pekko.persistence.testkit.ProcessingResult;
import org.apache.pekko.persistence.testkit.ProcessingSuccess;
import org.apache.pekko.persistence.testkit.WriteEvents;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Ticks beside the journal ({@link TicksBesideJournal}): while the entity's write of an execution
 * is held in the journal (a slow database), a market move is still quoted at once, and what it sent
 * is journaled right after the held write, so the journal ends up knowing every order the venue was
 * sent. With the setting off, the same move waits for the write.
 */
class SymbolEntityBesideJournalTest {

  private static final ActorTestKit testKit =
      ActorTestKit.create(
          PersistenceTestKitPlugin.getInstance()
              .config()
              .withFallback(PersistenceTestKitSnapshotPlugin.config())
              .withFallback(ConfigFactory.parseString("market-maker.orders.min-order-age = 0ms"))
              .withFallback(ConfigFactory.load()));
  private static final Duration T = Duration.ofSeconds(30);
  private static final MakerParameters PARAMS = new MakerParameters(0.05, 60, 5, 200, 100, 1000);

  private final PersistenceTestKit journal = PersistenceTestKit.create(testKit.system());

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** The writes held by the running test, let through when it ends, whatever its outcome. */
  private HeldWrites holding;

  @AfterEach
  void openTheJournal() {
    if (holding != null) {
      holding.releaseAll();
    }
    journal.resetPolicy();
  }

  /**
   * Holds every write of one persistence id, once armed, until it is let through: one at a time
   * ({@link #releaseOne}) or all from then on ({@link #releaseAll}). Records each write's events.
   */
  static final class HeldWrites implements ProcessingPolicy<JournalOperation> {
    final String persistenceId;
    volatile boolean armed;
    private volatile boolean open;
    private final Semaphore permits = new Semaphore(0);

    /** Writes that reached the journal since armed, and those of them let through. */
    final AtomicInteger held = new AtomicInteger();

    final AtomicInteger passed = new AtomicInteger();
    final List<List<Object>> batches = new CopyOnWriteArrayList<>();

    HeldWrites(String persistenceId) {
      this.persistenceId = persistenceId;
    }

    @Override
    public ProcessingResult tryProcess(String pid, JournalOperation op) {
      if (armed && pid.equals(persistenceId) && op instanceof WriteEvents w) {
        List<Object> events = new ArrayList<>();
        for (Object o : w.getBatch()) {
          events.add(o instanceof PersistentRepr r ? r.payload() : o);
        }
        batches.add(events);
        held.incrementAndGet();
        try {
          if (!open) {
            permits.tryAcquire(60, TimeUnit.SECONDS);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        passed.incrementAndGet();
      }
      return ProcessingSuccess.getInstance();
    }

    void releaseOne() {
      permits.release();
    }

    void releaseAll() {
      open = true;
      permits.release(10_000);
    }

    /** The events of the write being held now (the last to reach the journal). */
    List<Object> beingHeld() {
      return batches.isEmpty() ? List.of() : batches.get(batches.size() - 1);
    }
  }

  /** The scripted venue, with every request it was sent recorded ("place id", "cancel id"). */
  static final class Recording implements OrderGateway {
    final Venue0 venue = new Venue0();
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<Long> bidPrices = new CopyOnWriteArrayList<>();

    @Override
    public CompletionStage<VenueOrder> place(InstrumentSpec spec, OrderRequest request) {
      requests.add("place " + request.clientOrderId());
      if (request.side() == Side.BUY) {
        bidPrices.add(request.priceTicks());
      }
      return venue.place(spec, request);
    }

    @Override
    public CompletionStage<VenueOrder> cancel(InstrumentSpec spec, String clientOrderId) {
      requests.add("cancel " + clientOrderId);
      return venue.cancel(spec, clientOrderId);
    }

    @Override
    public CompletionStage<List<VenueOrder>> cancelAll(InstrumentSpec spec) {
      return venue.cancelAll(spec);
    }

    @Override
    public CompletionStage<List<VenueOrder>> openOrders(InstrumentSpec spec) {
      return venue.openOrders(spec);
    }

    @Override
    public CompletionStage<List<OwnTrade>> tradesSince(
        InstrumentSpec spec, long fromTradeId, int limit) {
      return venue.tradesSince(spec, fromTradeId, limit);
    }
  }

  @Test
  void aMarketMoveIsQuotedWhileAnExecutionIsBeingJournaledAndItsOrdersAreJournaledAfter()
      throws Exception {
    HeldFill h = heldFill("SYN021USDT", true);
    Recording gateway = h.gateway();
    int sentBefore = gateway.requests.size();

    // The market drops 30 ticks while the fill's write is held: the quotes follow at once.
    jump(h.feed(), h.spec(), 0, -30);
    await(() -> gateway.requests.size() > sentBefore, "requests sent while the write is held");
    assertEquals(0, h.hold().passed.get(), "the write is still held");
    assertEquals(1, h.hold().held.get(), "one write held: nothing else was written meanwhile");
    List<String> sentBeside =
        List.copyOf(gateway.requests.subList(sentBefore, gateway.requests.size()));

    h.hold().releaseAll();
    assertInstanceOf(SymbolProtocol.Accepted.class, h.fillAnswer().receiveMessage(T));
    // Every request the venue was sent is in the journal, those sent beside the write included.
    await(
        () -> journaledRequests(h.spec()).containsAll(gateway.requests),
        "every request journaled: sent " + gateway.requests);
    assertTrue(journaledRequests(h.spec()).containsAll(sentBeside));
    // The held write came first, then the orders sent beside it.
    List<SymbolEvent> events =
        journal.persistedInStorage("Symbol|" + h.spec().id()).stream()
            .map(SymbolEvent.class::cast)
            .toList();
    int fill = indexOfFill(events);
    int firstBeside = indexOfRequest(events, sentBeside.get(0));
    assertTrue(fill >= 0 && fill < firstBeside, "the execution before the orders sent beside it");
    // The entity's ledger and the venue agree afterwards.
    await(
        () -> workingIds(h.entity()).equals(gateway.venue.open.keySet()),
        "the entity's working orders are the venue's");
  }

  @Test
  void withTheSettingOffTheMoveWaitsForTheWrite() throws Exception {
    HeldFill h = heldFill("SYN022USDT", false);
    Recording gateway = h.gateway();
    int sentBefore = gateway.requests.size();

    jump(h.feed(), h.spec(), 0, -30);
    h.fillAnswer().expectNoMessage(Duration.ofMillis(500));
    assertEquals(sentBefore, gateway.requests.size(), "nothing sent while the write is held");

    h.hold().releaseAll();
    assertInstanceOf(SymbolProtocol.Accepted.class, h.fillAnswer().receiveMessage(T));
    await(() -> gateway.requests.size() > sentBefore, "the move quoted after the write");
    journalAndVenueAgree(h);
  }

  /**
   * A second move while the first one's decision waits to be journaled reaches the book at once,
   * and the turn it is owed is taken as soon as that decision's write begins, beside it: the quotes
   * follow the second move while the write holding the first move's orders is still held. (Before,
   * the second move waited in the entity's queue until that write had ended.)
   */
  @Test
  void aMoveWhileADecisionBesideWaitsIsQuotedBesideThatDecisionsWrite() throws Exception {
    HeldFill h = heldFill("SYN023USDT", true);
    Recording gateway = h.gateway();
    HeldWrites hold = h.hold();
    int sentBefore = gateway.requests.size();

    jump(h.feed(), h.spec(), 0, -30);
    await(() -> gateway.requests.size() > sentBefore, "the first move quoted beside the write");
    Set<String> firstDecision =
        Set.copyOf(gateway.requests.subList(sentBefore, gateway.requests.size()));
    long lowestBidOfFirst = gateway.bidPrices.stream().mapToLong(Long::longValue).min().orElse(0);
    assertTrue(lowestBidOfFirst < 9_999 - 30, "the first move placed a bid below the new touch");

    jump(h.feed(), h.spec(), -30, -60);
    // The writes ahead of the first decision's (the fill's, the venue's answers) go one by one,
    // until the journal holds the write of the first decision's orders.
    while (!requestsIn(hold.beingHeld()).containsAll(firstDecision)) {
      int heldSoFar = hold.held.get();
      hold.releaseOne();
      await(() -> hold.held.get() > heldSoFar, "the next write reaches the journal");
    }
    await(
        () -> gateway.bidPrices.stream().anyMatch(p -> p < lowestBidOfFirst),
        "the second move quoted while the first decision's write is held: bids "
            + gateway.bidPrices
            + ", requests "
            + gateway.requests
            + ", first "
            + firstDecision);
    assertEquals(hold.held.get() - 1, hold.passed.get(), "the first decision's write still held");

    hold.releaseAll();
    assertInstanceOf(SymbolProtocol.Accepted.class, h.fillAnswer().receiveMessage(T));
    journalAndVenueAgree(h);
  }

  /**
   * Every request the venue was sent is in the journal, and the entity's working orders are the
   * venue's.
   */
  private void journalAndVenueAgree(HeldFill h) throws InterruptedException {
    Recording gateway = h.gateway();
    await(
        () -> journaledRequests(h.spec()).containsAll(gateway.requests),
        "every request journaled: sent " + gateway.requests);
    await(
        () -> workingIds(h.entity()).equals(gateway.venue.open.keySet()),
        "the entity's working orders are the venue's");
  }

  // ---------------------------------------------------------------- scenario

  /** An entity quoting on both sides whose write of a partial fill the journal holds. */
  record HeldFill(
      InstrumentSpec spec,
      Feed feed,
      Recording gateway,
      HeldWrites hold,
      ActorRef<SymbolProtocol.Command> entity,
      TestProbe<SymbolProtocol.Confirmation> fillAnswer) {}

  private HeldFill heldFill(String symbol, boolean quoteBesideJournal) throws InterruptedException {
    InstrumentSpec spec = spec(symbol);
    Feed feed = new Feed();
    Recording gateway = new Recording();
    HeldWrites hold = new HeldWrites("Symbol|" + spec.id());
    holding = hold;
    journal.withPolicy(hold);
    ActorRef<SymbolProtocol.Command> entity =
        start(spec, feed, gateway, config(quoteBesideJournal));
    return new HeldFill(
        spec, feed, gateway, hold, entity, quoteThenHoldAFill(spec, feed, gateway, entity, hold));
  }

  /**
   * Quotes on both sides, then a partial fill of the bid whose write the journal holds; returns the
   * probe the fill's answer goes to (it comes only once the write is done).
   */
  private TestProbe<SymbolProtocol.Confirmation> quoteThenHoldAFill(
      InstrumentSpec spec,
      Feed feed,
      Recording gateway,
      ActorRef<SymbolProtocol.Command> entity,
      HeldWrites hold)
      throws InterruptedException {
    await(() -> feed.subscriber.get() != null, "subscribed");
    await(
        () -> {
          feed.tick(1_000 + gateway.requests.size());
          return gateway.venue.open.size() >= 2;
        },
        "quotes on both sides");
    VenueOrder bid =
        gateway.venue.open.values().stream()
            .filter(o -> o.side() == Side.BUY)
            .findFirst()
            .orElseThrow();
    hold.armed = true;
    TestProbe<SymbolProtocol.Confirmation> answer = testKit.createTestProbe();
    OwnTrade trade =
        new OwnTrade(
            spec.id(),
            1,
            bid.venueOrderId(),
            bid.clientOrderId(),
            Side.BUY,
            bid.priceTicks(),
            10,
            100,
            true,
            System.currentTimeMillis());
    VenueOrder partly =
        new VenueOrder(
            spec.id(),
            bid.clientOrderId(),
            bid.venueOrderId(),
            Side.BUY,
            OrderType.LIMIT_MAKER,
            bid.priceTicks(),
            bid.sizeLots(),
            10,
            OrderStatus.PARTIALLY_FILLED,
            System.currentTimeMillis());
    entity.tell(
        new SymbolProtocol.ApplyExecution(
            new ExecutionEvent(spec.id(), ExecutionType.TRADE, partly, trade, "", 0),
            answer.getRef()));
    await(() -> hold.held.get() == 1, "the fill's write held by the journal");
    return answer;
  }

  /**
   * Moves the whole five-level book, now {@code fromTicks} off the feed's snapshot, to {@code
   * shiftTicks} off it in one diff.
   */
  private static void jump(Feed feed, InstrumentSpec spec, long fromTicks, long shiftTicks) {
    DepthUpdate d = new DepthUpdate();
    d.firstUpdateId = feed.updateId + 1;
    d.finalUpdateId = feed.updateId + 1;
    feed.updateId++;
    for (int i = 0; i < 5; i++) {
      d.bids.add(9_999 - i + fromTicks, 0);
      d.asks.add(10_001 + i + fromTicks, 0);
    }
    for (int i = 0; i < 5; i++) {
      d.bids.add(9_999 - i + shiftTicks, 1_000);
      d.asks.add(10_001 + i + shiftTicks, 1_000);
    }
    feed.subscriber.get().tell(new FeedEvent.Depth(spec.id(), d, System.nanoTime()));
  }

  // ---------------------------------------------------------------- plumbing

  private static InstrumentSpec spec(String symbol) {
    return InstrumentSpec.of(new InstrumentId(Venue.BINANCE, symbol), "0.01", "0.001");
  }

  private static Config config(boolean beside) {
    // Order-rate budgets the scenario never exhausts: each move is quoted in one plan.
    return ConfigFactory.parseString(
            "market-maker.entity.quote-beside-journal = "
                + beside
                + "\nmarket-maker.orders.orders-per-window = 1000"
                + "\nmarket-maker.orders.cancels-per-window = 1000")
        .withFallback(testKit.system().settings().config());
  }

  private ActorRef<SymbolProtocol.Command> start(
      InstrumentSpec spec, Feed feed, Recording gateway, Config config) {
    ActorRef<SymbolProtocol.Command> entity =
        testKit.spawn(
            SymbolEntity.create(
                spec.id().toString(),
                SymbolEntity.Dependencies.of(EntitySettings.fromConfig(config), Clock.systemUTC())
                    .withFeeds(v -> Optional.of(feed))
                    .withGateways(v -> Optional.of(gateway)),
                self -> {}));
    TestProbe<SymbolProtocol.Confirmation> probe = testKit.createTestProbe();
    entity.tell(
        new SymbolProtocol.Start(spec, PARAMS, StrategyConfig.defaults(), "t", probe.getRef()));
    assertInstanceOf(SymbolProtocol.Accepted.class, probe.receiveMessage(T));
    return entity;
  }

  /** Every placement and cancel in the instrument's journal ("place id", "cancel id"). */
  private Set<String> journaledRequests(InstrumentSpec spec) {
    return requestsIn(journal.persistedInStorage("Symbol|" + spec.id()));
  }

  /** The placements and cancels among {@code events} ("place id", "cancel id"). */
  private static Set<String> requestsIn(List<?> events) {
    Set<String> ids = new HashSet<>();
    for (Object o : events) {
      if (o instanceof SymbolEvent.OrderEventJournaled j) {
        if (j.event() instanceof OrderEvent.Submitted s) {
          ids.add("place " + s.request().clientOrderId());
        } else if (j.event() instanceof OrderEvent.CancelRequested c) {
          ids.add("cancel " + c.clientOrderId());
        }
      }
    }
    return ids;
  }

  private static int indexOfFill(List<SymbolEvent> events) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i) instanceof SymbolEvent.OrderEventJournaled j
          && j.event() instanceof OrderEvent.Executed) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOfRequest(List<SymbolEvent> events, String request) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i) instanceof SymbolEvent.OrderEventJournaled j
          && ((j.event() instanceof OrderEvent.Submitted s
                  && request.equals("place " + s.request().clientOrderId()))
              || (j.event() instanceof OrderEvent.CancelRequested c
                  && request.equals("cancel " + c.clientOrderId())))) {
        return i;
      }
    }
    return -1;
  }

  private Set<String> workingIds(ActorRef<SymbolProtocol.Command> entity) {
    TestProbe<SymbolProtocol.Confirmation> probe = testKit.createTestProbe();
    entity.tell(new SymbolProtocol.GetOrders(probe.getRef()));
    SymbolProtocol.OrdersReport r =
        assertInstanceOf(SymbolProtocol.OrdersReport.class, probe.receiveMessage(T));
    return r.working().stream().map(TrackedOrder::clientOrderId).collect(Collectors.toSet());
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    Eventually.await(T, Duration.ofMillis(20), condition::getAsBoolean, what);
  }
}
