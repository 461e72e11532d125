package com.marketmaker.streams.binance;

import static com.marketmaker.streams.binance.BinanceCredentialsTest.DOC_API_KEY;
import static com.marketmaker.streams.binance.BinanceCredentialsTest.DOC_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.instrument.ContractType;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.orders.OrderRequest;
import com.marketmaker.core.orders.OrderStatus;
import com.marketmaker.core.orders.OrderType;
import com.marketmaker.core.orders.OwnTrade;
import com.marketmaker.core.orders.TimeInForce;
import com.marketmaker.core.orders.VenueException;
import com.marketmaker.core.orders.VenueOrder;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The order gateway against a Binance-like account server on loopback that verifies signatures and
 * timestamps and answers with the documented shapes and error codes.
 */
class BinanceOrderGatewayTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  static final InstrumentSpec SPOT_BTC =
      InstrumentSpec.of(
          new InstrumentId(Venue.BINANCE, "BTCUSDT"), "0.01", "0.00001", ContractType.SPOT, "5");
  static final InstrumentSpec USDM_BTC =
      InstrumentSpec.of(
          new InstrumentId(Venue.BINANCE_USDM, "BTCUSDT"),
          "0.10",
          "0.001",
          ContractType.LINEAR,
          "100");

  FakeBinanceAccount server;
  BinanceOrderGateway gateway;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  static BinanceAccountSettings settings(
      Venue venue, String restUrl, String wsUrl, Map<Duration, Integer> orderLimits) {
    return new BinanceAccountSettings(
        venue,
        restUrl,
        wsUrl,
        Duration.ofSeconds(5),
        Duration.ofSeconds(2),
        Duration.ofSeconds(1),
        Duration.ofMinutes(5),
        orderLimits,
        Duration.ofMinutes(30),
        Duration.ofMillis(100),
        Duration.ofMillis(500),
        0.2,
        16,
        1024);
  }

  BinanceOrderGateway start(Venue venue) throws Exception {
    return start(venue, Map.of(Duration.ofSeconds(10), 100, Duration.ofDays(1), 200_000));
  }

  BinanceOrderGateway start(Venue venue, Map<Duration, Integer> limits) throws Exception {
    server = new FakeBinanceAccount(testKit.system(), venue, DOC_API_KEY, DOC_SECRET);
    gateway =
        BinanceOrderGateway.create(
            testKit.system(),
            settings(venue, server.restUrl(), server.wsUrl(), limits),
            Optional.of(BinanceCredentials.of(DOC_API_KEY, DOC_SECRET)));
    return gateway;
  }

  static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  static VenueException failure(CompletionStage<?> stage) {
    ExecutionException e =
        assertThrows(
            ExecutionException.class, () -> stage.toCompletableFuture().get(20, TimeUnit.SECONDS));
    return assertInstanceOf(VenueException.class, e.getCause());
  }

  static OrderRequest postOnly(InstrumentSpec spec, String id, Side side, long ticks, long lots) {
    return OrderRequest.postOnly(spec.id(), id, side, ticks, lots);
  }

  /**
   * The venue receives exactly the query that was signed, also with every punctuation a client
   * order id may hold; the request's URI is built from the path's URI and the raw query, not parsed
   * from the whole signed URL.
   */
  @Test
  void theSignedQueryReachesTheVenueByteForByte() throws Exception {
    start(Venue.BINANCE);
    String id = "mm:AB/1.x_y-z";
    VenueOrder order =
        await(gateway.place(SPOT_BTC, postOnly(SPOT_BTC, id, Side.SELL, 6_000_100, 3)));
    assertEquals(id, order.clientOrderId());
    FakeBinanceAccount.Received r = server.awaitRequest("POST", "/api/v3/order");
    assertEquals(id, r.params().get("newClientOrderId"));
    assertTrue(
        r.rawQuery()
            .startsWith(
                "symbol=BTCUSDT&side=SELL&type=LIMIT_MAKER&quantity=0.00003"
                    + "&price=60001.00&newClientOrderId="
                    + id
                    + "&"),
        r.rawQuery());
    await(gateway.cancel(SPOT_BTC, id));
    FakeBinanceAccount.Received c = server.awaitRequest("DELETE", "/api/v3/order");
    assertEquals(id, c.params().get("origClientOrderId"));
  }

  @Test
  void placesASpotPostOnlyQuoteAsLimitMakerOnTheGrid() throws Exception {
    start(Venue.BINANCE);
    VenueOrder order =
        await(gateway.place(SPOT_BTC, postOnly(SPOT_BTC, "q-1", Side.BUY, 5_999_000, 150)));

    FakeBinanceAccount.Received r = server.awaitRequest("POST", "/api/v3/order");
    assertEquals("BTCUSDT", r.params().get("symbol"));
    assertEquals("BUY", r.params().get("side"));
    assertEquals("LIMIT_MAKER", r.params().get("type"));
    assertNull(r.params().get("timeInForce"), "LIMIT_MAKER takes no timeInForce");
    assertEquals("59990.00", r.params().get("price"));
    assertEquals("0.00150", r.params().get("quantity"));
    assertEquals("q-1", r.params().get("newClientOrderId"));
    assertTrue(r.rawQuery().contains("&recvWindow=5000&timestamp="), r.rawQuery());
    assertTrue(r.rawQuery().matches(".*&signature=[0-9a-f]{64}$"), r.rawQuery());

    assertEquals(SPOT_BTC.id(), order.instrument());
    assertEquals("q-1", order.clientOrderId());
    assertEquals(OrderType.LIMIT_MAKER, order.type());
    assertEquals(5_999_000, order.priceTicks());
    assertEquals(150, order.sizeLots());
    assertEquals(0, order.executedLots());
    assertEquals(OrderStatus.NEW, order.status());
    assertTrue(order.venueOrderId() > 0);
    assertTrue(order.updateTimeMillis() > 0);
  }

  @Test
  void signsClientOrderIdsWithEveryCharacterBinanceAllows() throws Exception {
    start(Venue.BINANCE);
    String id = "Mm.q:1/b_A-9";
    VenueOrder order =
        await(gateway.place(SPOT_BTC, postOnly(SPOT_BTC, id, Side.SELL, 6_100_000, 1)));
    assertEquals(id, order.clientOrderId());
    assertEquals(id, server.awaitRequest("POST", "/api/v3/order").params().get("newClientOrderId"));
    assertEquals(OrderStatus.CANCELED, await(gateway.cancel(SPOT_BTC, id)).status());
  }

  @Test
  void placesAUsdmPostOnlyQuoteAsLimitGtx() throws Exception {
    start(Venue.BINANCE_USDM);
    VenueOrder order =
        await(gateway.place(USDM_BTC, postOnly(USDM_BTC, "q-2", Side.SELL, 600_020, 5)));
    FakeBinanceAccount.Received r = server.awaitRequest("POST", "/fapi/v1/order");
    assertEquals("LIMIT", r.params().get("type"));
    assertEquals("GTX", r.params().get("timeInForce"));
    assertEquals("60002.0", r.params().get("price"));
    assertEquals("0.005", r.params().get("quantity"));
    assertEquals(OrderType.LIMIT_MAKER, order.type(), "LIMIT + GTX reads back as post-only");
    assertEquals(Side.SELL, order.side());
    assertEquals(600_020, order.priceTicks());
    assertEquals(5, order.sizeLots());
  }

  @Test
  void placesLimitIocAndMarketOrders() throws Exception {
    start(Venue.BINANCE);
    OrderRequest ioc =
        new OrderRequest(
            SPOT_BTC.id(), "ioc-1", Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 6_000_200, 10);
    VenueOrder filled = await(gateway.place(SPOT_BTC, ioc));
    FakeBinanceAccount.Received r = server.awaitRequest("POST", "/api/v3/order");
    assertEquals("LIMIT", r.params().get("type"));
    assertEquals("IOC", r.params().get("timeInForce"));
    assertEquals(OrderStatus.FILLED, filled.status());
    assertEquals(10, filled.executedLots());

    OrderRequest market =
        new OrderRequest(
            SPOT_BTC.id(), "mkt-1", Side.SELL, OrderType.MARKET, TimeInForce.GTC, 0, 3);
    VenueOrder m = await(gateway.place(SPOT_BTC, market));
    FakeBinanceAccount.Received mr = server.awaitRequest("POST", "/api/v3/order");
    assertEquals("MARKET", mr.params().get("type"));
    assertFalse(mr.params().containsKey("price"));
    assertFalse(mr.params().containsKey("timeInForce"));
    assertEquals(OrderType.MARKET, m.type());
    assertEquals(0, m.priceTicks());
  }

  @Test
  void cancelsByClientOrderIdAndMapsUnknownOrders() throws Exception {
    for (Venue venue : List.of(Venue.BINANCE, Venue.BINANCE_USDM)) {
      InstrumentSpec spec = venue == Venue.BINANCE ? SPOT_BTC : USDM_BTC;
      start(venue);
      await(gateway.place(spec, postOnly(spec, "c-1", Side.BUY, 599_000, 7)));
      VenueOrder cancelled = await(gateway.cancel(spec, "c-1"));
      FakeBinanceAccount.Received r =
          server.awaitRequest(
              "DELETE", (venue == Venue.BINANCE ? "/api/v3" : "/fapi/v1") + "/order");
      assertEquals("c-1", r.params().get("origClientOrderId"));
      assertEquals("c-1", cancelled.clientOrderId(), venue + ": our id, not the cancel's");
      assertEquals(OrderStatus.CANCELED, cancelled.status());
      assertEquals(7, cancelled.sizeLots());

      VenueException e = failure(gateway.cancel(spec, "c-1"));
      assertEquals(400, e.httpStatus());
      assertEquals(-2011, e.code());
      assertEquals("Unknown order sent.", e.venueMessage());
      assertFalse(e.retryable());
      server.close();
    }
    server = null;
  }

  @Test
  void cancelsAllOpenOrdersOnSpot() throws Exception {
    start(Venue.BINANCE);
    assertEquals(List.of(), await(gateway.cancelAll(SPOT_BTC)), "-2011 means nothing was open");
    await(gateway.place(SPOT_BTC, postOnly(SPOT_BTC, "a-1", Side.BUY, 5_990_000, 1)));
    await(gateway.place(SPOT_BTC, postOnly(SPOT_BTC, "a-2", Side.SELL, 6_010_000, 2)));
    List<VenueOrder> cancelled = await(gateway.cancelAll(SPOT_BTC));
    assertEquals(List.of("a-1", "a-2"), cancelled.stream().map(VenueOrder::clientOrderId).toList());
    assertTrue(cancelled.stream().allMatch(o -> o.status() == OrderStatus.CANCELED));
    assertEquals(List.of(), await(gateway.openOrders(SPOT_BTC)));
  }

  @Test
  void cancelsAllOpenOrdersOnUsdmReturningThoseFetchedBefore() throws Exception {
    start(Venue.BINANCE_USDM);
    await(gateway.place(USDM_BTC, postOnly(USDM_BTC, "u-1", Side.BUY, 599_000, 1)));
    await(gateway.place(USDM_BTC, postOnly(USDM_BTC, "u-2", Side.BUY, 598_000, 2)));
    List<VenueOrder> cancelled = await(gateway.cancelAll(USDM_BTC));
    server.awaitRequest("GET", "/fapi/v1/openOrders");
    server.awaitRequest("DELETE", "/fapi/v1/allOpenOrders");
    assertEquals(List.of("u-1", "u-2"), cancelled.stream().map(VenueOrder::clientOrderId).toList());
    assertTrue(cancelled.stream().allMatch(o -> o.status() == OrderStatus.CANCELED));
    assertEquals(List.of(), await(gateway.openOrders(USDM_BTC)));
  }

  @Test
  void queuesABurstOfRequestsBeyondPekkosDefaultPoolInsteadOfRefusingThem() throws Exception {
    // A node's instruments reconcile together after a failover: more requests at once than the
    // 32 open requests of Pekko's default pool, which refused the surplus as "unreachable".
    start(Venue.BINANCE);
    List<CompletableFuture<List<VenueOrder>>> burst = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      burst.add(gateway.openOrders(SPOT_BTC).toCompletableFuture());
    }
    for (CompletableFuture<List<VenueOrder>> f : burst) {
      assertEquals(List.of(), f.get(20, TimeUnit.SECONDS));
    }
  }

  @Test
  void listsOpenOrdersOnTheGrid() throws Exception {
    start(Venue.BINANCE_USDM);
    await(gateway.place(USDM_BTC, postOnly(USDM_BTC, "o-1", Side.BUY, 599_990, 12)));
    List<VenueOrder> open = await(gateway.openOrders(USDM_BTC));
    assertEquals(1, open.size());
    VenueOrder o = open.get(0);
    assertEquals("o-1", o.clientOrderId());
    assertEquals(599_990, o.priceTicks());
    assertEquals(12, o.sizeLots());
    assertEquals(OrderType.LIMIT_MAKER, o.type());
  }

  @Test
  void readsSpotTradeHistoryWithFeesInTheQuoteCurrency() throws Exception {
    start(Venue.BINANCE);
    // The documented myTrades shape; commissions in the quote, the base and a third asset.
    server.trades.add(
        "{\"symbol\":\"BTCUSDT\",\"id\":28457,\"orderId\":100234,\"orderListId\":-1,"
            + "\"price\":\"60000.10\",\"qty\":\"0.01000\",\"quoteQty\":\"600.001\","
            + "\"commission\":\"0.60000100\",\"commissionAsset\":\"USDT\",\"time\":1499865549590,"
            + "\"isBuyer\":false,\"isMaker\":true,\"isBestMatch\":true}");
    server.trades.add(
        "{\"symbol\":\"BTCUSDT\",\"id\":28458,\"orderId\":100235,\"orderListId\":-1,"
            + "\"price\":\"60000.00\",\"qty\":\"0.02000\",\"quoteQty\":\"1200\","
            + "\"commission\":\"0.00002000\",\"commissionAsset\":\"BTC\",\"time\":1499865549591,"
            + "\"isBuyer\":true,\"isMaker\":false,\"isBestMatch\":true}");
    server.trades.add(
        "{\"symbol\":\"BTCUSDT\",\"id\":28459,\"orderId\":100236,\"orderListId\":-1,"
            + "\"price\":\"60000.00\",\"qty\":\"0.00100\",\"quoteQty\":\"60\","
            + "\"commission\":\"10.10000000\",\"commissionAsset\":\"BNB\",\"time\":1499865549592,"
            + "\"isBuyer\":true,\"isMaker\":true,\"isBestMatch\":true}");
    List<OwnTrade> trades = await(gateway.tradesSince(SPOT_BTC, 28458, 2));
    FakeBinanceAccount.Received r = server.awaitRequest("GET", "/api/v3/myTrades");
    assertEquals("28458", r.params().get("fromId"));
    assertEquals("2", r.params().get("limit"));
    assertEquals(List.of(28458L, 28459L), trades.stream().map(OwnTrade::tradeId).toList());
    OwnTrade base = trades.get(0);
    assertEquals(Side.BUY, base.side());
    assertEquals(6_000_000, base.priceTicks());
    assertEquals(2000, base.sizeLots());
    // 0.00002 BTC at 60000.00 = 1.2 USDT, at 8 decimals.
    assertEquals(120_000_000L, base.fee());
    assertFalse(base.maker());
    assertEquals(100235, base.venueOrderId());
    assertEquals("", base.clientOrderId(), "trade history carries no client order id");
    assertEquals(0, trades.get(1).fee(), "a BNB commission cannot be booked in USDT");
    assertEquals(1, gateway.metrics().feesInOtherAssets());

    OwnTrade quote = await(gateway.tradesSince(SPOT_BTC, 0, 1)).get(0);
    assertEquals(28457, quote.tradeId());
    assertEquals(Side.SELL, quote.side());
    assertTrue(quote.maker());
    assertEquals(60_000_100L, quote.fee());
  }

  @Test
  void readsUsdmTradeHistory() throws Exception {
    start(Venue.BINANCE_USDM);
    // The documented userTrades shape.
    server.trades.add(
        "{\"buyer\":false,\"commission\":\"0.07819010\",\"commissionAsset\":\"USDT\","
            + "\"id\":698759,\"maker\":false,\"orderId\":25851813,\"price\":\"7819.0\","
            + "\"qty\":\"0.002\",\"quoteQty\":\"15.63802\",\"realizedPnl\":\"-0.91539999\","
            + "\"side\":\"SELL\",\"positionSide\":\"SHORT\",\"symbol\":\"BTCUSDT\","
            + "\"time\":1569514978020}");
    List<OwnTrade> trades = await(gateway.tradesSince(USDM_BTC, 698759, 500));
    server.awaitRequest("GET", "/fapi/v1/userTrades");
    assertEquals(1, trades.size());
    OwnTrade t = trades.get(0);
    assertEquals(Side.SELL, t.side());
    assertEquals(78_190, t.priceTicks());
    assertEquals(2, t.sizeLots());
    assertEquals(7_819_010L, t.fee());
    assertEquals(1569514978020L, t.timeMillis());
  }

  @Test
  void mapsPostOnlyRejectionsToTheVenuesCodes() throws Exception {
    start(Venue.BINANCE);
    VenueException spot =
        failure(gateway.place(SPOT_BTC, postOnly(SPOT_BTC, "x-1", Side.BUY, 6_000_100, 1)));
    assertEquals(400, spot.httpStatus());
    assertEquals(-2010, spot.code());
    assertEquals("Order would immediately match and take.", spot.venueMessage());
    assertEquals(
        1, gateway.metrics().endpoints().get("POST /api/v3/order").errorsByCode().get("-2010"));
    server.close();

    start(Venue.BINANCE_USDM);
    VenueException usdm =
        failure(gateway.place(USDM_BTC, postOnly(USDM_BTC, "x-2", Side.SELL, 599_990, 1)));
    assertEquals(-5022, usdm.code());
  }

  @Test
  void mapsAuthenticationFailures() throws Exception {
    start(Venue.BINANCE);
    BinanceAccountSettings s = settings(Venue.BINANCE, server.restUrl(), server.wsUrl(), Map.of());
    BinanceOrderGateway wrongSecret =
        BinanceOrderGateway.create(
            testKit.system(), s, Optional.of(BinanceCredentials.of(DOC_API_KEY, "not-the-secret")));
    VenueException sig = failure(wrongSecret.openOrders(SPOT_BTC));
    assertEquals(-1022, sig.code());
    assertEquals(400, sig.httpStatus());

    BinanceOrderGateway wrongKey =
        BinanceOrderGateway.create(
            testKit.system(), s, Optional.of(BinanceCredentials.of("someOtherKey", DOC_SECRET)));
    VenueException key = failure(wrongKey.openOrders(SPOT_BTC));
    assertEquals(-2015, key.code());
    assertEquals(401, key.httpStatus());
  }

  @Test
  void mapsServerErrorsUnreachableVenuesAndTimeouts() throws Exception {
    start(Venue.BINANCE);
    server.override =
        r ->
            CompletableFuture.completedFuture(
                HttpResponse.create().withStatus(503).withEntity("upstream busy"));
    VenueException busy = failure(gateway.openOrders(SPOT_BTC));
    assertEquals(503, busy.httpStatus());
    assertEquals(0, busy.code());
    assertTrue(busy.getMessage().contains("upstream busy"), busy.getMessage());
    assertTrue(busy.retryable());

    server.override = r -> FakeBinanceAccount.never();
    VenueException timeout = failure(gateway.openOrders(SPOT_BTC));
    assertEquals(0, timeout.httpStatus());
    assertEquals(0, timeout.code());
    assertTrue(timeout.getMessage().contains("no answer"), timeout.getMessage());
    assertEquals(
        1,
        gateway.metrics().endpoints().get("GET /api/v3/openOrders").errorsByCode().get("timeout"));

    int freePort;
    try (ServerSocket socket = new ServerSocket(0)) {
      freePort = socket.getLocalPort();
    }
    BinanceOrderGateway nowhere =
        BinanceOrderGateway.create(
            testKit.system(),
            settings(
                Venue.BINANCE,
                "http://127.0.0.1:" + freePort,
                "ws://127.0.0.1:" + freePort,
                Map.of()),
            Optional.of(BinanceCredentials.of(DOC_API_KEY, DOC_SECRET)));
    VenueException unreachable = failure(nowhere.openOrders(SPOT_BTC));
    assertEquals(0, unreachable.httpStatus());
    assertEquals(0, unreachable.code());
    assertTrue(unreachable.retryable());
  }

  @Test
  void refusesAnswersOffTheGridOrOfTheWrongShape() throws Exception {
    start(Venue.BINANCE);
    server.override =
        r ->
            CompletableFuture.completedFuture(
                FakeBinanceAccount.json(
                    200,
                    "[{\"symbol\":\"BTCUSDT\",\"orderId\":1,\"orderListId\":-1,"
                        + "\"clientOrderId\":\"g-1\",\"price\":\"60000.005\",\"origQty\":\"0.001\","
                        + "\"executedQty\":\"0.0\",\"status\":\"NEW\",\"timeInForce\":\"GTC\","
                        + "\"type\":\"LIMIT\",\"side\":\"BUY\",\"updateTime\":1}]"));
    VenueException offGrid = failure(gateway.openOrders(SPOT_BTC));
    assertTrue(offGrid.getMessage().contains("off the tick grid"), offGrid.getMessage());
    assertTrue(offGrid.getMessage().contains("60000.005"), offGrid.getMessage());

    server.override =
        r -> CompletableFuture.completedFuture(FakeBinanceAccount.json(200, "{\"orders\":[]}"));
    VenueException shape = failure(gateway.openOrders(SPOT_BTC));
    assertTrue(shape.getMessage().contains("expected an array"), shape.getMessage());

    server.override =
        r -> CompletableFuture.completedFuture(FakeBinanceAccount.json(200, "{not json"));
    VenueException garbage = failure(gateway.openOrders(SPOT_BTC));
    assertTrue(garbage.getMessage().contains("not JSON"), garbage.getMessage());

    server.override =
        r ->
            CompletableFuture.completedFuture(
                FakeBinanceAccount.json(
                    200,
                    "{\"symbol\":\"BTCUSDT\",\"orderId\":9,\"clientOrderId\":\"someone-else\","
                        + "\"transactTime\":1,\"price\":\"60000.00\",\"origQty\":\"0.00100\","
                        + "\"executedQty\":\"0\",\"status\":\"NEW\",\"type\":\"LIMIT_MAKER\","
                        + "\"side\":\"BUY\"}"));
    VenueException otherId =
        failure(gateway.place(SPOT_BTC, postOnly(SPOT_BTC, "mine", Side.BUY, 5_000_000, 100)));
    assertTrue(otherId.getMessage().contains("someone-else"), otherId.getMessage());
    assertEquals(4, gateway.metrics().malformedAnswers());
  }

  @Test
  void honoursRetryAfterByRefusingLocally() throws Exception {
    for (int status : new int[] {429, 418}) {
      start(Venue.BINANCE);
      server.override =
          r ->
              CompletableFuture.completedFuture(
                  FakeBinanceAccount.error(
                          status, -1003, "Way too many requests; IP banned until 1659146400000.")
                      .addHeader(RawHeader.create("Retry-After", "120")));
      VenueException first = failure(gateway.openOrders(SPOT_BTC));
      assertEquals(status, first.httpStatus());
      assertEquals(-1003, first.code());
      assertTrue(first.getMessage().contains("Retry-After 120 s"), first.getMessage());
      server.awaitRequest("GET", "/api/v3/openOrders");

      server.override = r -> null;
      VenueException refused =
          failure(gateway.place(SPOT_BTC, postOnly(SPOT_BTC, "r-1", Side.BUY, 1, 1)));
      assertEquals(status, refused.httpStatus());
      assertTrue(refused.retryable());
      assertTrue(refused.getMessage().contains("refused locally"), refused.getMessage());
      assertTrue(server.received.isEmpty(), "nothing reached the venue during the back-off");
      assertEquals(1, gateway.metrics().localRefusals());
      server.close();
    }
    server = null;
  }

  @Test
  void requestsWaitingForAConnectionWhenARetryAfterArrivesAreNeverSent() throws Exception {
    // One connection, taken by a read the venue answers after 500 ms with 429 and Retry-After.
    // The placement and the read waiting behind it must not go out through the venue's back-off
    // (doing so turns a 429 into an IP ban, 418).
    startWith(1, Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(5));
    await(gateway.openOrders(SPOT_BTC));
    server.received.clear();
    java.util.concurrent.atomic.AtomicBoolean first =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    server.override =
        r ->
            first.getAndSet(false)
                ? CompletableFuture.supplyAsync(
                    () ->
                        FakeBinanceAccount.error(429, -1003, "Too many requests.")
                            .addHeader(RawHeader.create("Retry-After", "60")),
                    CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS))
                : null;
    CompletionStage<List<VenueOrder>> limited = gateway.openOrders(SPOT_BTC);
    CompletionStage<VenueOrder> placement =
        gateway.place(SPOT_BTC, postOnly(SPOT_BTC, "held", Side.BUY, 5_000_000, 1));
    CompletionStage<List<VenueOrder>> read = gateway.openOrders(SPOT_BTC);

    assertEquals(429, failure(limited).httpStatus());
    VenueException heldPlacement = failure(placement);
    assertEquals(429, heldPlacement.httpStatus());
    assertTrue(heldPlacement.getMessage().contains("refused locally"), heldPlacement.getMessage());
    assertTrue(failure(read).getMessage().contains("refused locally"));
    assertEquals(1, server.received.size(), "only the first read reached the venue");
  }

  @Test
  void refusesNewOrdersAtTheOrderRateLimitButStillCancels() throws Exception {
    start(Venue.BINANCE, Map.of(Duration.ofDays(1), 2));
    await(gateway.place(SPOT_BTC, postOnly(SPOT_BTC, "l-1", Side.BUY, 5_000_000, 1)));
    await(gateway.place(SPOT_BTC, postOnly(SPOT_BTC, "l-2", Side.BUY, 5_000_001, 1)));
    assertEquals(Map.of("10s", 2, "1d", 2), gateway.metrics().orderCounts());
    VenueException refused =
        failure(gateway.place(SPOT_BTC, postOnly(SPOT_BTC, "l-3", Side.BUY, 5_000_002, 1)));
    assertEquals(429, refused.httpStatus());
    assertEquals(-1015, refused.code());
    assertTrue(refused.getMessage().contains("X-MBX-ORDER-COUNT-1D"), refused.getMessage());
    assertEquals(OrderStatus.CANCELED, await(gateway.cancel(SPOT_BTC, "l-1")).status());
  }

  @Test
  void keepsTimestampsInsideTheRecvWindowWithASkewedVenueClock() throws Exception {
    start(Venue.BINANCE_USDM);
    server.clockSkewMillis = 3_600_000; // the venue's clock runs an hour ahead
    await(gateway.place(USDM_BTC, postOnly(USDM_BTC, "t-1", Side.BUY, 599_000, 1)));
    long offset = gateway.metrics().clockOffsetMillis();
    assertTrue(Math.abs(offset - 3_600_000) < 5_000, "offset " + offset);
    assertEquals(1, server.timeRequests.get());

    // The venue's clock jumps: the next request is refused (-1021) and the clock measured again.
    server.clockSkewMillis = -3_600_000;
    VenueException late = failure(gateway.openOrders(USDM_BTC));
    assertEquals(-1021, late.code());
    assertEquals(1, await(gateway.openOrders(USDM_BTC)).size());
    assertEquals(2, server.timeRequests.get());
  }

  @Test
  void aClockMeasuredThroughASlowRoundTripDoesNotPutTimestampsAhead() throws Exception {
    // The /time request waits 3 s before the venue reads its clock (as when it queued behind a
    // burst on the client's side). Taking the venue's time as read half-way through the round trip
    // would put our timestamps 1.5 s ahead, which Binance refuses (more than 1 s ahead: -1021);
    // read as of the answer's arrival they are a little behind, which the recvWindow allows.
    // The request timeout and the placement's send deadline outlast the slow answer.
    startWith(16, Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10));
    server.clockSkewMillis = 3_600_000;
    server.timeAnswerDelayMillis = 3_000;
    await(gateway.place(SPOT_BTC, postOnly(SPOT_BTC, "d-1", Side.BUY, 5_000_000, 1)));
    long offset = gateway.metrics().clockOffsetMillis();
    assertTrue(offset <= 3_600_000 && offset > 3_600_000 - 1_000, "offset " + offset);
    assertEquals(1, server.timeRequests.get());
  }

  @Test
  void aPlacementThatWaitedPastItsSendDeadlineForTheClockIsRefusedLocallyAndNeverSent()
      throws Exception {
    // After a -1021 the clock is measured again before the next signed request. Under load that
    // answer can take seconds; a placement signed that late could reach the venue after the
    // entity's in-flight window and outlive a reconciliation that took its absence as final.
    start(Venue.BINANCE); // send deadline 1 s, request timeout 2 s
    server.timeAnswerDelayMillis = 1_500;
    VenueException late =
        failure(gateway.place(SPOT_BTC, postOnly(SPOT_BTC, "w-1", Side.BUY, 5_000_000, 1)));
    assertEquals(VenueException.Kind.REFUSED, late.kind(), late.getMessage());
    assertTrue(late.getMessage().contains("not sent within 1000 ms"), late.getMessage());
    assertEquals(1, server.timeRequests.get());
    assertTrue(
        server.received.stream().noneMatch(r -> r.rawQuery().contains("w-1")),
        "the late placement reached the venue: " + server.received);
    // The clock is measured now: the next placement goes out at once.
    server.timeAnswerDelayMillis = 0;
    await(gateway.place(SPOT_BTC, postOnly(SPOT_BTC, "w-2", Side.BUY, 5_000_000, 1)));
    assertEquals(1, server.timeRequests.get());
    assertEquals(1, await(gateway.openOrders(SPOT_BTC)).size());
  }

  /** A spot gateway with {@code connections} REST connections and the given windows. */
  BinanceOrderGateway startWith(
      int connections, Duration recvWindow, Duration requestTimeout, Duration sendDeadline)
      throws Exception {
    server = new FakeBinanceAccount(testKit.system(), Venue.BINANCE, DOC_API_KEY, DOC_SECRET);
    gateway =
        BinanceOrderGateway.create(
            testKit.system(),
            new BinanceAccountSettings(
                Venue.BINANCE,
                server.restUrl(),
                server.wsUrl(),
                recvWindow,
                requestTimeout,
                sendDeadline,
                Duration.ofMinutes(5),
                Map.of(Duration.ofSeconds(10), 1_000),
                Duration.ofMinutes(30),
                Duration.ofMillis(100),
                Duration.ofMillis(500),
                0.2,
                connections,
                1024),
            Optional.of(BinanceCredentials.of(DOC_API_KEY, DOC_SECRET)));
    return gateway;
  }

  @Test
  void aBacklogIsSignedAsConnectionsFreeUpSoItReachesTheVenueInsideTheRecvWindow()
      throws Exception {
    // Two connections, each placement held 400 ms by a busy venue, sixteen asked for at once (a
    // node starting its instruments): the last go out about 3 s after they were asked for. Signed
    // when asked for, they waited in the pool's queue and reached the venue outside its 2 s
    // recvWindow, refused -1021 (and the clock measured again); signed when a connection takes
    // them, every one is accepted.
    startWith(2, Duration.ofSeconds(2), Duration.ofSeconds(20), Duration.ofSeconds(20));
    await(gateway.openOrders(SPOT_BTC)); // the clock measured before the burst
    server.signedAnswerDelayMillis = 400;
    List<CompletableFuture<VenueOrder>> burst = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      burst.add(
          gateway
              .place(SPOT_BTC, postOnly(SPOT_BTC, "b-" + i, Side.BUY, 5_000_000 - i, 1))
              .toCompletableFuture());
    }
    for (CompletableFuture<VenueOrder> f : burst) {
      assertEquals(OrderStatus.NEW, f.get(30, TimeUnit.SECONDS).status());
    }
    assertTrue(
        server.mostSignedAtOnce.get() <= 2,
        "at most one request per connection at the venue, saw " + server.mostSignedAtOnce.get());
    assertEquals(1, server.timeRequests.get(), "no -1021, so no second clock measurement");
    assertEquals(16, await(gateway.openOrders(SPOT_BTC)).size());
  }

  @Test
  void cancelsOvertakePlacementsWaitingForAConnection() throws Exception {
    startWith(1, Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(20));
    await(gateway.place(SPOT_BTC, postOnly(SPOT_BTC, "old", Side.BUY, 5_000_000, 1)));
    server.received.clear();
    server.signedAnswerDelayMillis = 300;
    List<CompletableFuture<?>> sent = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      sent.add(
          gateway
              .place(SPOT_BTC, postOnly(SPOT_BTC, "p-" + i, Side.BUY, 4_999_000 - i, 1))
              .toCompletableFuture());
    }
    sent.add(gateway.cancel(SPOT_BTC, "old").toCompletableFuture());
    for (CompletableFuture<?> f : sent) {
      f.get(30, TimeUnit.SECONDS);
    }
    List<String> order = new ArrayList<>();
    for (FakeBinanceAccount.Received r : server.received) {
      order.add(
          r.method().equals("DELETE")
              ? "cancel " + r.params().get("origClientOrderId")
              : r.params().get("newClientOrderId"));
    }
    assertEquals(List.of("p-1", "cancel old", "p-2", "p-3"), order);
  }

  @Test
  void requestsThatFindNoFreeConnectionInTimeAreRefusedLocallyAndNeverSent() throws Exception {
    // One connection, taken by a read the venue answers after 3 s. Behind it a read waits until its
    // 2 s request timeout and a placement until its 1 s send deadline: both are refused locally,
    // known not to have been sent, and never reach the venue afterwards.
    startWith(1, Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(1));
    await(gateway.openOrders(SPOT_BTC));
    server.received.clear();
    server.signedAnswerDelayMillis = 3_000;
    CompletionStage<List<VenueOrder>> slow = gateway.openOrders(SPOT_BTC);
    CompletionStage<List<VenueOrder>> behind = gateway.openOrders(SPOT_BTC);
    CompletionStage<VenueOrder> placement =
        gateway.place(SPOT_BTC, postOnly(SPOT_BTC, "never", Side.BUY, 5_000_000, 1));

    VenueException late = failure(placement);
    assertEquals(VenueException.Kind.REFUSED, late.kind(), late.getMessage());
    assertTrue(late.getMessage().contains("not sent within 1000 ms"), late.getMessage());
    VenueException waited = failure(behind);
    assertEquals(VenueException.Kind.REFUSED, waited.kind(), waited.getMessage());
    assertTrue(waited.getMessage().contains("not sent within 2000 ms"), waited.getMessage());
    VenueException unanswered = failure(slow);
    assertTrue(unanswered.getMessage().contains("no answer"), unanswered.getMessage());

    server.signedAnswerDelayMillis = 0;
    await(gateway.openOrders(SPOT_BTC)); // the connection is free again once the slow read ends
    assertEquals(
        2, server.received.size(), "only the slow read and the last one: " + server.received);
    assertTrue(server.received.stream().noneMatch(r -> r.rawQuery().contains("never")));
  }

  @Test
  void withoutCredentialsOrderEntryIsRefusedWithAClearMessage() throws Exception {
    start(Venue.BINANCE);
    BinanceOrderGateway none =
        BinanceOrderGateway.create(
            testKit.system(),
            settings(Venue.BINANCE, server.restUrl(), server.wsUrl(), Map.of()),
            Optional.empty());
    assertFalse(none.available());
    VenueException e =
        failure(none.place(SPOT_BTC, postOnly(SPOT_BTC, "n-1", Side.BUY, 5_000_000, 1)));
    assertEquals(401, e.httpStatus());
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("no API credentials"), e.getMessage());
    assertTrue(e.getMessage().contains("MM_BINANCE_API_KEY"), e.getMessage());
    assertTrue(server.received.isEmpty());
  }

  @Test
  void recordsRequestsErrorsAndLatencyPerEndpoint() throws Exception {
    start(Venue.BINANCE);
    await(gateway.place(SPOT_BTC, postOnly(SPOT_BTC, "m-1", Side.BUY, 5_000_000, 1)));
    await(gateway.openOrders(SPOT_BTC));
    failure(gateway.cancel(SPOT_BTC, "unknown"));
    AccountRestMetrics m = gateway.metrics();
    AccountRestMetrics.Endpoint place = m.endpoints().get("POST /api/v3/order");
    assertEquals(1, place.requests());
    assertEquals(0, place.errors());
    assertEquals(1, place.latencyCount());
    assertTrue(place.maxMicros() > 0);
    AccountRestMetrics.Endpoint cancel = m.endpoints().get("DELETE /api/v3/order");
    assertEquals(1, cancel.errors());
    assertEquals(Map.of("-2011", 1L), cancel.errorsByCode());
    assertEquals(1, m.endpoints().get("GET /api/v3/time").requests());
  }

  @Test
  void theSecretNeverAppearsInLogsOrErrors() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger ours = (Logger) LoggerFactory.getLogger("com.marketmaker");
    Level before = ours.getLevel();
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    root.addAppender(captured);
    ours.setLevel(Level.DEBUG);
    List<String> messages = new ArrayList<>();
    try {
      start(Venue.BINANCE);
      await(gateway.place(SPOT_BTC, postOnly(SPOT_BTC, "s-1", Side.BUY, 5_000_000, 1)));
      messages.add(failure(gateway.cancel(SPOT_BTC, "nope")).getMessage());
      server.override =
          r -> CompletableFuture.completedFuture(FakeBinanceAccount.json(200, "{broken"));
      messages.add(failure(gateway.openOrders(SPOT_BTC)).getMessage());
      server.override = r -> null;
      BinanceOrderGateway wrongSecret =
          BinanceOrderGateway.create(
              testKit.system(),
              settings(Venue.BINANCE, server.restUrl(), server.wsUrl(), Map.of()),
              Optional.of(BinanceCredentials.of(DOC_API_KEY, DOC_SECRET + "x")));
      messages.add(failure(wrongSecret.openOrders(SPOT_BTC)).getMessage());
      messages.add(gateway.toString());
      messages.add(gateway.metrics().toString());
    } finally {
      root.detachAppender(captured);
      ours.setLevel(before);
    }
    List<String> lines = new ArrayList<>(messages);
    for (ILoggingEvent event : captured.list) {
      lines.add(event.getFormattedMessage());
      if (event.getThrowableProxy() != null) {
        lines.add(event.getThrowableProxy().getMessage());
      }
    }
    assertTrue(captured.list.size() > 0, "debug logging captured something");
    for (String line : lines) {
      assertFalse(line != null && line.contains(DOC_SECRET), "secret leaked: " + line);
      assertFalse(line != null && line.contains("signature="), "signature leaked: " + line);
    }
  }
}
