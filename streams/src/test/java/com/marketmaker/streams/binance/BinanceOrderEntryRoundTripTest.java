package com.marketmaker.streams.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.marketmaker.actors.venue.ExecutionListener;
import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.orders.ExecutionEvent;
import com.marketmaker.core.orders.ExecutionType;
import com.marketmaker.core.orders.OrderRequest;
import com.marketmaker.core.orders.OrderStatus;
import com.marketmaker.core.orders.OrderType;
import com.marketmaker.core.orders.OwnTrade;
import com.marketmaker.core.orders.TimeInForce;
import com.marketmaker.core.orders.VenueException;
import com.marketmaker.core.orders.VenueOrder;
import com.marketmaker.simulator.BinanceVenueSimulator;
import com.marketmaker.simulator.Dialect;
import com.marketmaker.simulator.ExchangeSettings;
import com.marketmaker.simulator.Settings;
import com.marketmaker.simulator.exchange.ExchangeAccount;
import com.marketmaker.simulator.exchange.LedgerEntry;
import com.marketmaker.simulator.synthetic.SyntheticInstrument;
import com.marketmaker.testsupport.Eventually;
import com.marketmaker.testsupport.SharedData;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.stream.Materializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Order entry end to end on loopback, for Binance spot and USD-M: the node's own {@link
 * BinanceAccount} (signed REST gateway, exchange-info catalog, user-data stream) against the venue
 * simulator's matching engine. A second account, with its own gateway, trades against our orders.
 *
 * <p>What it proves, per venue: every {@link com.marketmaker.actors.venue.OrderGateway} call (place
 * post-only and limit, cancel, cancel-all, open orders, trade history paged by id) reads the
 * venue's answers right; the user-data stream delivers exactly the order changes the engine made,
 * in its order, and its trades are the simulator's ledger of the account, field by field; every
 * refusal reaches the caller as a {@link VenueException} with Binance's code; the catalog's specs
 * are the synthetic instruments' own.
 *
 * <p>The synthetic crowd is off: only the two accounts trade, so every fill is the test's doing.
 */
class BinanceOrderEntryRoundTripTest {

  private static final String MM_KEY = "mmRoundTripKey01";
  private static final String MM_SECRET = "mmRoundTripSecret-0123456789";
  private static final String TAKER_KEY = "takerRoundTripKey02";
  private static final String TAKER_SECRET = "takerRoundTripSecret-9876543210";
  private static final String BURST_KEY = "burstRoundTripKey03";
  private static final String BURST_SECRET = "burstRoundTripSecret-5555";

  /** New orders per account per 10 s at the simulated venue (Binance's spot figure is 50/100). */
  private static final int ORDER_LIMIT = 40;

  private static final long TIMEOUT_S = 30;

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final List<SyntheticInstrument> SYNTHETIC = SyntheticInstrument.defaults(3);
  private static BinanceVenueSimulator sim;

  @BeforeAll
  static void startSimulator() {
    Settings settings =
        Settings.defaults(SharedData.dir())
            .withSymbols(List.of(), List.of())
            .withExchange(
                ExchangeSettings.defaults()
                    .withAccounts(
                        List.of(
                            new ExchangeAccount("mm", MM_KEY, MM_SECRET),
                            new ExchangeAccount("taker", TAKER_KEY, TAKER_SECRET),
                            new ExchangeAccount("burst", BURST_KEY, BURST_SECRET)))
                    .withInstruments(SYNTHETIC, SYNTHETIC)
                    .withFlow(5, Duration.ofMillis(100), false)
                    .withOrderLimits(ORDER_LIMIT, ORDER_LIMIT));
    sim = BinanceVenueSimulator.start(testKit.system(), settings);
  }

  @AfterAll
  static void shutdown() {
    if (sim != null) {
      sim.stop();
    }
    testKit.shutdownTestKit();
  }

  @Test
  void spotOrderEntryRoundTripMatchesTheVenueLedger() throws Exception {
    roundTrip(Dialect.SPOT);
  }

  @Test
  void usdmOrderEntryRoundTripMatchesTheVenueLedger() throws Exception {
    roundTrip(Dialect.USDM);
  }

  /** One order change as the test expects to see it on the user-data stream. */
  private record Change(String clientOrderId, ExecutionType type, OrderStatus status, long lots) {
    static Change of(ExecutionEvent e) {
      return new Change(
          e.order().clientOrderId(), e.type(), e.order().status(), e.order().executedLots());
    }
  }

  private static Config venueConfig(Dialect d, String key, String secret) {
    String host = "127.0.0.1:" + sim.port(d);
    return ConfigFactory.parseString(
            BinanceFeedSettings.configPath(d.venue)
                + " { ws-url = \"ws://"
                + host
                + "\", rest-url = \"http://"
                + host
                + "\", api-key = \""
                + key
                + "\", api-secret = \""
                + secret
                + "\" }")
        .withFallback(testKit.system().settings().config())
        .resolve();
  }

  private static BinanceOrderGateway gateway(Dialect d, String key, String secret) {
    return BinanceOrderGateway.create(
        testKit.system(),
        BinanceAccountSettings.fromConfig(d.venue, venueConfig(d, key, secret)),
        Optional.of(BinanceCredentials.of(key, secret)));
  }

  private void roundTrip(Dialect d) throws Exception {
    Venue venue = d.venue;
    boolean spot = d == Dialect.SPOT;
    Config node = venueConfig(d, MM_KEY, MM_SECRET);
    BinanceAccount account =
        BinanceAccount.create(
            testKit.system(),
            BinanceAccountSettings.fromConfig(venue, node),
            BinanceCredentials.fromConfig(venue, node),
            "no credentials");
    assertTrue(account.available(), "credentials read from the venue block");
    BinanceOrderGateway mm = account.gateway();
    BinanceOrderGateway taker = gateway(d, TAKER_KEY, TAKER_SECRET);

    // ---- catalog: exchangeInfo of the synthetic instruments is their spec
    Map<String, InstrumentSpec> expectedSpecs = new HashMap<>();
    for (SyntheticInstrument s : SYNTHETIC) {
      expectedSpecs.put(s.symbol(), s.spec(d));
    }
    List<InstrumentSpec> listed = get(account.catalog().specs(List.of()));
    assertEquals(
        Set.copyOf(expectedSpecs.values()), Set.copyOf(listed), venue + " exchangeInfo, all");
    List<String> wanted = List.of("SYN002USDT", "SYN001USDT");
    assertEquals(
        List.of(expectedSpecs.get("SYN002USDT"), expectedSpecs.get("SYN001USDT")),
        get(account.catalog().specs(wanted)),
        venue + " exchangeInfo, chosen symbols in the order asked");
    VenueException unknownSymbol =
        failure(account.catalog().specs(List.of("SYN001USDT", "NOSUCHUSDT")));
    assertTrue(
        unknownSymbol.venueMessage().contains("NOSUCHUSDT: not listed"), unknownSymbol::toString);

    InstrumentSpec spec = expectedSpecs.get("SYN001USDT");
    String symbol = spec.id().symbol();

    // ---- user-data stream of the account
    List<ExecutionEvent> events = new CopyOnWriteArrayList<>();
    List<String> gaps = new CopyOnWriteArrayList<>();
    BinanceUserDataStream userData =
        account.startUserData(
            s -> Optional.ofNullable(expectedSpecs.get(s)),
            new ExecutionListener() {
              @Override
              public void onExecution(ExecutionEvent event) {
                events.add(event);
              }

              @Override
              public void onGap(String reason) {
                gaps.add(reason);
              }
            });
    try {
      await(() -> userData.metrics().connected(), venue + " user-data stream connected");
      List<Change> expected = new ArrayList<>();

      // ---- place: post-only and limit, both resting
      VenueOrder ask1 =
          get(mm.place(spec, OrderRequest.postOnly(spec.id(), "ask1", Side.SELL, 10050, 1000)));
      assertOrder(ask1, "ask1", Side.SELL, OrderType.LIMIT_MAKER, 10050, 1000, 0, OrderStatus.NEW);
      expected.add(new Change("ask1", ExecutionType.NEW, OrderStatus.NEW, 0));
      VenueOrder bid1 =
          get(mm.place(spec, limit(spec, "bid1", Side.BUY, TimeInForce.GTC, 9950, 1000)));
      assertOrder(bid1, "bid1", Side.BUY, OrderType.LIMIT, 9950, 1000, 0, OrderStatus.NEW);
      expected.add(new Change("bid1", ExecutionType.NEW, OrderStatus.NEW, 0));
      assertTrue(ask1.venueOrderId() != bid1.venueOrderId(), "distinct venue order ids");

      Map<String, VenueOrder> open = byClientId(get(mm.openOrders(spec)));
      assertEquals(Set.of("ask1", "bid1"), open.keySet(), venue + " open orders");
      assertEquals(ask1.venueOrderId(), open.get("ask1").venueOrderId());
      assertEquals(OrderType.LIMIT_MAKER, open.get("ask1").type(), "post-only reads back as such");
      assertEquals(OrderType.LIMIT, open.get("bid1").type());

      // ---- partial fill, then full fill, by the other account's crossing orders
      VenueOrder t1 =
          get(taker.place(spec, limit(spec, "t1", Side.BUY, TimeInForce.IOC, 10050, 400)));
      assertEquals(OrderStatus.FILLED, t1.status(), "taker's IOC filled against our ask");
      expected.add(new Change("ask1", ExecutionType.TRADE, OrderStatus.PARTIALLY_FILLED, 400));
      VenueOrder partly = byClientId(get(mm.openOrders(spec))).get("ask1");
      assertEquals(OrderStatus.PARTIALLY_FILLED, partly.status());
      assertEquals(400, partly.executedLots());
      assertEquals(600, partly.remainingLots());

      VenueOrder t2 =
          get(taker.place(spec, limit(spec, "t2", Side.BUY, TimeInForce.GTC, 10050, 600)));
      assertEquals(OrderStatus.FILLED, t2.status());
      expected.add(new Change("ask1", ExecutionType.TRADE, OrderStatus.FILLED, 1000));
      assertEquals(Set.of("bid1"), byClientId(get(mm.openOrders(spec))).keySet());

      // ---- post-only that would take: spot refuses it (-2010), USD-M expires the GTX order
      VenueOrder t3 =
          get(taker.place(spec, limit(spec, "t3", Side.SELL, TimeInForce.GTC, 10020, 1500)));
      assertEquals(OrderStatus.NEW, t3.status());
      OrderRequest wouldTake = OrderRequest.postOnly(spec.id(), "pm1", Side.BUY, 10020, 1000);
      if (spot) {
        VenueException e = failure(mm.place(spec, wouldTake));
        assertEquals(-2010, e.code(), e::toString);
        assertEquals(400, e.httpStatus());
        assertTrue(e.venueMessage().contains("would immediately match"), e::toString);
      } else {
        VenueOrder gtx = get(mm.place(spec, wouldTake));
        assertOrder(
            gtx, "pm1", Side.BUY, OrderType.LIMIT_MAKER, 10020, 1000, 0, OrderStatus.EXPIRED);
        expected.add(new Change("pm1", ExecutionType.NEW, OrderStatus.NEW, 0));
        expected.add(new Change("pm1", ExecutionType.EXPIRED, OrderStatus.EXPIRED, 0));
      }

      // ---- our limit order takes: an IOC that fills at once (we are the taker)
      VenueOrder take1 =
          get(mm.place(spec, limit(spec, "take1", Side.BUY, TimeInForce.IOC, 10020, 700)));
      assertOrder(take1, "take1", Side.BUY, OrderType.LIMIT, 10020, 700, 700, OrderStatus.FILLED);
      expected.add(new Change("take1", ExecutionType.NEW, OrderStatus.NEW, 0));
      expected.add(new Change("take1", ExecutionType.TRADE, OrderStatus.FILLED, 700));
      get(taker.cancel(spec, "t3"));

      // ---- cancel
      VenueOrder cancelled = get(mm.cancel(spec, "bid1"));
      assertOrder(
          cancelled, "bid1", Side.BUY, OrderType.LIMIT, 9950, 1000, 0, OrderStatus.CANCELED);
      assertEquals(bid1.venueOrderId(), cancelled.venueOrderId());
      expected.add(new Change("bid1", ExecutionType.CANCELED, OrderStatus.CANCELED, 0));
      VenueException filledCancel = failure(mm.cancel(spec, "ask1"));
      assertEquals(-2011, filledCancel.code(), "cancel of a filled order: " + filledCancel);
      VenueException unknownCancel = failure(mm.cancel(spec, "nosuch"));
      assertEquals(-2011, unknownCancel.code(), "cancel of an unknown order: " + unknownCancel);
      assertEquals(400, unknownCancel.httpStatus());
      assertTrue(get(mm.openOrders(spec)).isEmpty(), "nothing of ours rests");

      // ---- cancel-all
      List<VenueOrder> quotes = new ArrayList<>();
      quotes.add(get(mm.place(spec, OrderRequest.postOnly(spec.id(), "q1", Side.BUY, 9900, 600))));
      quotes.add(get(mm.place(spec, OrderRequest.postOnly(spec.id(), "q2", Side.BUY, 9890, 600))));
      quotes.add(
          get(mm.place(spec, OrderRequest.postOnly(spec.id(), "q3", Side.SELL, 10100, 600))));
      for (VenueOrder q : quotes) {
        expected.add(new Change(q.clientOrderId(), ExecutionType.NEW, OrderStatus.NEW, 0));
      }
      List<VenueOrder> all = get(mm.cancelAll(spec));
      Map<String, VenueOrder> allById = byClientId(all);
      assertEquals(Set.of("q1", "q2", "q3"), allById.keySet(), venue + " cancel-all answer");
      for (VenueOrder q : quotes) {
        VenueOrder c = allById.get(q.clientOrderId());
        assertEquals(q.venueOrderId(), c.venueOrderId());
        assertEquals(OrderStatus.CANCELED, c.status());
        assertEquals(q.priceTicks(), c.priceTicks());
        assertEquals(q.sizeLots(), c.sizeLots());
        expected.add(
            new Change(q.clientOrderId(), ExecutionType.CANCELED, OrderStatus.CANCELED, 0));
      }
      assertTrue(get(mm.openOrders(spec)).isEmpty(), "cancel-all left nothing");
      assertEquals(List.of(), get(mm.cancelAll(spec)), "cancel-all with nothing open");

      // ---- four more fills of one order, for the paged trade history
      get(mm.place(spec, OrderRequest.postOnly(spec.id(), "ask2", Side.SELL, 10060, 2000)));
      expected.add(new Change("ask2", ExecutionType.NEW, OrderStatus.NEW, 0));
      for (int i = 1; i <= 4; i++) {
        get(taker.place(spec, limit(spec, "t" + (3 + i), Side.BUY, TimeInForce.IOC, 10060, 500)));
        expected.add(
            new Change(
                "ask2",
                ExecutionType.TRADE,
                i == 4 ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED,
                500L * i));
      }

      // ---- refusals, each with the venue's code; none of them reaches the user-data stream
      VenueException badSignature =
          failure(gateway(d, MM_KEY, "notTheSecret-0000000000").place(spec, order(spec, "e1")));
      assertEquals(-1022, badSignature.code(), badSignature::toString);
      assertEquals(400, badSignature.httpStatus());
      VenueException unknownKey =
          failure(gateway(d, "noSuchApiKey42", MM_SECRET).place(spec, order(spec, "e2")));
      assertEquals(-2015, unknownKey.code(), unknownKey::toString);
      assertEquals(401, unknownKey.httpStatus());

      // A spec finer than the venue's filters (as after a filter change the node missed).
      InstrumentSpec fineTick =
          InstrumentSpec.of(spec.id(), "0.001", spec.lotSize(), spec.contractType(), "0");
      VenueException price =
          failure(
              mm.place(fineTick, OrderRequest.postOnly(spec.id(), "e3", Side.BUY, 99005, 1000)));
      assertEquals(-1013, price.code(), price::toString);
      assertTrue(price.venueMessage().contains("PRICE_FILTER"), price::toString);
      InstrumentSpec fineStep =
          InstrumentSpec.of(spec.id(), spec.tickSize(), "0.0001", spec.contractType(), "0");
      VenueException size =
          failure(
              mm.place(fineStep, OrderRequest.postOnly(spec.id(), "e4", Side.BUY, 9900, 10005)));
      assertEquals(-1013, size.code(), size::toString);
      assertTrue(size.venueMessage().contains("LOT_SIZE"), size::toString);
      VenueException notional =
          failure(mm.place(spec, OrderRequest.postOnly(spec.id(), "e5", Side.BUY, 9900, 10)));
      assertEquals(-1013, notional.code(), notional::toString);
      assertTrue(
          notional.venueMessage().contains(spot ? "NOTIONAL" : "MIN_NOTIONAL"), notional::toString);

      // An injected refusal of the next order (POST /admin/faults), then business as usual.
      String insufficient = "Account has insufficient balance for requested action.";
      HttpResponse armed =
          get(
              Http.get(testKit.system())
                  .singleRequest(
                      HttpRequest.POST("http://127.0.0.1:" + sim.port(d) + "/admin/faults")
                          .withEntity(
                              ContentTypes.APPLICATION_JSON,
                              "{\"type\":\"rejectOrders\",\"count\":1,\"code\":-2010,\"msg\":\""
                                  + insufficient
                                  + "\"}")));
      String armedBody =
          get(armed.entity().toStrict(5000, Materializer.matFromSystem(testKit.system())))
              .getData()
              .utf8String();
      assertEquals(200, armed.status().intValue(), armedBody);
      VenueException injected = failure(mm.place(spec, order(spec, "e6")));
      assertEquals(-2010, injected.code(), injected::toString);
      assertEquals(insufficient, injected.venueMessage());
      get(mm.place(spec, order(spec, "f1")));
      expected.add(new Change("f1", ExecutionType.NEW, OrderStatus.NEW, 0));
      get(mm.cancel(spec, "f1"));
      expected.add(new Change("f1", ExecutionType.CANCELED, OrderStatus.CANCELED, 0));

      // ---- the user-data stream: exactly the engine's changes of our orders, in order
      await(
          () -> events.size() >= expected.size(),
          venue + " user-data events (" + expected.size() + " expected)");
      List<Change> seen = events.stream().map(Change::of).toList();
      assertEquals(expected, seen, venue + " order changes on the user-data stream");
      assertEquals(List.of(), gaps, "no interruption of the user-data stream");
      for (ExecutionEvent e : events) {
        assertEquals(spec.id(), e.instrument());
        assertEquals("", e.rejectReason());
      }

      // ... and its trades are the venue's ledger of the account, field by field.
      List<LedgerEntry> ledger = sim.exchange(d).ledger().entries("mm", symbol);
      assertEquals(7, ledger.size(), venue + " fills of the account at the venue");
      List<OwnTrade> streamed =
          events.stream()
              .filter(e -> e.type() == ExecutionType.TRADE)
              .map(ExecutionEvent::trade)
              .toList();
      assertEquals(ledger.size(), streamed.size());
      for (int i = 0; i < ledger.size(); i++) {
        assertTradeIsLedgerEntry(ledger.get(i), streamed.get(i), true);
      }
      assertEquals(
          List.of(true, true, false, true, true, true, true),
          streamed.stream().map(OwnTrade::maker).toList(),
          "maker flags: our resting orders made, our IOC took");

      // ---- trade history from an id, paged three at a time, is the ledger too
      List<OwnTrade> paged = new ArrayList<>();
      long from = 0;
      int pages = 0;
      while (true) {
        List<OwnTrade> page = get(mm.tradesSince(spec, from, 3));
        pages++;
        assertTrue(page.size() <= 3, "page within its limit");
        if (page.isEmpty()) {
          break;
        }
        paged.addAll(page);
        from = page.get(page.size() - 1).tradeId() + 1;
        assertTrue(pages < 10, "paging ends");
      }
      assertEquals(4, pages, "7 trades in pages of 3: 3 + 3 + 1, then an empty page");
      assertEquals(ledger.size(), paged.size());
      for (int i = 0; i < ledger.size(); i++) {
        assertTradeIsLedgerEntry(ledger.get(i), paged.get(i), false);
      }
      long middle = ledger.get(4).tradeId();
      assertEquals(
          ledger.subList(4, ledger.size()).stream().map(LedgerEntry::tradeId).toList(),
          get(mm.tradesSince(spec, middle, 1000)).stream().map(OwnTrade::tradeId).toList(),
          "trades from an id in the middle");

      // ---- the order-rate limit: the venue's -1015, then the client holds new orders back
      orderRateLimit(d, expectedSpecs.get("SYN003USDT"));
    } finally {
      get(userData.stop());
    }
  }

  /** Another account sends post-only orders until the venue's ORDERS limit refuses one. */
  private void orderRateLimit(Dialect d, InstrumentSpec spec) throws Exception {
    BinanceOrderGateway burst = gateway(d, BURST_KEY, BURST_SECRET);
    int accepted = 0;
    VenueException limited = null;
    // Fixed 10 s windows: a burst that straddles a boundary needs up to twice the limit.
    for (int i = 0; i < 3 * ORDER_LIMIT && limited == null; i++) {
      try {
        get(burst.place(spec, OrderRequest.postOnly(spec.id(), "b" + i, Side.BUY, 9000 - i, 1000)));
        accepted++;
      } catch (VenueException e) {
        limited = e;
      }
    }
    assertNotNull(limited, "no order refused after " + accepted + " orders");
    assertEquals(-1015, limited.code(), limited::toString);
    assertEquals(429, limited.httpStatus());
    assertTrue(limited.venueMessage().contains("Too many new orders"), limited::toString);
    assertTrue(accepted >= ORDER_LIMIT, accepted + " orders accepted before the limit");
    VenueException held =
        failure(burst.place(spec, OrderRequest.postOnly(spec.id(), "bx", Side.BUY, 8000, 1000)));
    assertEquals(-1015, held.code(), held::toString);
    assertTrue(held.venueMessage().startsWith("refused locally"), held::toString);
    assertEquals(
        accepted,
        sim.exchange(d).instrument(spec.id().symbol()).engine().openOrders("burst").size());
    // Cancels are not new orders: the held-back account can still clean up.
    assertEquals(accepted, get(burst.cancelAll(spec)).size());
  }

  private static void assertTradeIsLedgerEntry(LedgerEntry e, OwnTrade t, boolean withClientId) {
    String what = "trade " + e.tradeId();
    assertEquals(e.tradeId(), t.tradeId(), what);
    assertEquals(e.orderId(), t.venueOrderId(), what);
    if (withClientId) {
      assertEquals(e.clientOrderId(), t.clientOrderId(), what);
    } else {
      assertEquals("", t.clientOrderId(), what + ": trade history carries no client order id");
    }
    assertEquals(e.side(), t.side(), what);
    assertEquals(e.priceTicks(), t.priceTicks(), what);
    assertEquals(e.lots(), t.sizeLots(), what);
    assertEquals(e.fee(), t.fee(), what);
    assertEquals(e.maker(), t.maker(), what);
    assertEquals(e.timeMillis(), t.timeMillis(), what);
  }

  private static void assertOrder(
      VenueOrder o,
      String clientOrderId,
      Side side,
      OrderType type,
      long price,
      long lots,
      long executed,
      OrderStatus status) {
    assertEquals(clientOrderId, o.clientOrderId(), o.toString());
    assertEquals(side, o.side(), o.toString());
    assertEquals(type, o.type(), o.toString());
    assertEquals(price, o.priceTicks(), o.toString());
    assertEquals(lots, o.sizeLots(), o.toString());
    assertEquals(executed, o.executedLots(), o.toString());
    assertEquals(status, o.status(), o.toString());
    assertTrue(o.venueOrderId() > 0, o.toString());
  }

  private static OrderRequest limit(
      InstrumentSpec spec, String id, Side side, TimeInForce tif, long price, long lots) {
    return new OrderRequest(spec.id(), id, side, OrderType.LIMIT, tif, price, lots);
  }

  /** A post-only bid far below the market, valid on every filter. */
  private static OrderRequest order(InstrumentSpec spec, String id) {
    return OrderRequest.postOnly(spec.id(), id, Side.BUY, 9800, 1000);
  }

  private static Map<String, VenueOrder> byClientId(List<VenueOrder> orders) {
    Map<String, VenueOrder> out =
        orders.stream().collect(Collectors.toMap(VenueOrder::clientOrderId, o -> o));
    assertEquals(orders.size(), new HashSet<>(out.keySet()).size(), "client ids unique");
    return out;
  }

  private static <T> T get(CompletionStage<T> stage) throws Exception {
    try {
      return stage.toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** The VenueException a stage fails with. */
  private static VenueException failure(CompletionStage<?> stage) throws Exception {
    try {
      Object value = stage.toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS);
      return fail("expected a refusal, got " + value);
    } catch (ExecutionException e) {
      return assertInstanceOf(VenueException.class, e.getCause(), String.valueOf(e.getCause()));
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    Eventually.await(
        Duration.ofSeconds(TIMEOUT_S), Duration.ofMillis(20), condition::getAsBoolean, what);
  }
}
