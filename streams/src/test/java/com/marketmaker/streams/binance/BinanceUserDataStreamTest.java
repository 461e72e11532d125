package com.marketmaker.streams.binance;

import static com.marketmaker.streams.binance.BinanceCredentialsTest.DOC_API_KEY;
import static com.marketmaker.streams.binance.BinanceCredentialsTest.DOC_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.actors.venue.ExecutionListener;
import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.instrument.ContractType;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.orders.ExecutionEvent;
import com.marketmaker.core.orders.ExecutionType;
import com.marketmaker.core.orders.OrderStatus;
import com.marketmaker.core.orders.OrderType;
import com.marketmaker.core.orders.OwnTrade;
import com.marketmaker.testsupport.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The user-data stream against a Binance-like account server on loopback. */
class BinanceUserDataStreamTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  // ETHBTC as in Binance's documented executionReport; BTCUSDT for USD-M.
  static final InstrumentSpec ETHBTC =
      InstrumentSpec.of(
          new InstrumentId(Venue.BINANCE, "ETHBTC"),
          "0.00000001",
          "0.0001",
          ContractType.SPOT,
          "0");
  static final InstrumentSpec USDM_BTC =
      InstrumentSpec.of(
          new InstrumentId(Venue.BINANCE_USDM, "BTCUSDT"),
          "0.10",
          "0.001",
          ContractType.LINEAR,
          "0");

  FakeBinanceAccount server;
  BinanceUserDataStream stream;
  final Recorder recorder = new Recorder();

  /** What the listener received, in order. */
  static final class Recorder implements ExecutionListener {
    final BlockingQueue<Object> received = new LinkedBlockingQueue<>();

    @Override
    public void onExecution(ExecutionEvent event) {
      received.add(event);
    }

    @Override
    public void onGap(String reason) {
      received.add("gap: " + reason);
    }

    Object next() throws InterruptedException {
      Object o = received.poll(20, TimeUnit.SECONDS);
      if (o == null) {
        throw new AssertionError("nothing delivered within 20 s");
      }
      return o;
    }

    ExecutionEvent nextEvent() throws InterruptedException {
      Object o = next();
      if (!(o instanceof ExecutionEvent e)) {
        throw new AssertionError("expected an execution, got " + o);
      }
      return e;
    }
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @AfterEach
  void stop() throws Exception {
    if (stream != null) {
      stream.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.close();
    }
  }

  void start(Venue venue) throws Exception {
    server = new FakeBinanceAccount(testKit.system(), venue, DOC_API_KEY, DOC_SECRET);
    stream = open(venue, recorder);
  }

  /** A stream of the account of {@link #server}, as one node runs it. */
  BinanceUserDataStream open(Venue venue, ExecutionListener listener) {
    Map<String, InstrumentSpec> registry =
        venue == Venue.BINANCE ? Map.of("ETHBTC", ETHBTC) : Map.of("BTCUSDT", USDM_BTC);
    Function<String, Optional<InstrumentSpec>> lookup = s -> Optional.ofNullable(registry.get(s));
    return BinanceUserDataStream.start(
        testKit.system(),
        BinanceOrderGatewayTest.settings(
            venue, server.restUrl(), server.wsUrl(), Map.of(Duration.ofSeconds(10), 100)),
        Optional.of(BinanceCredentials.of(DOC_API_KEY, DOC_SECRET)),
        lookup,
        listener);
  }

  static void awaitCondition(String what, BooleanSupplier condition) throws InterruptedException {
    Eventually.await(Duration.ofSeconds(20), Duration.ofMillis(20), condition::getAsBoolean, what);
  }

  /** Binance's documented executionReport with the given changing fields. */
  static String executionReport(
      String x,
      String status,
      String c,
      String origC,
      String last,
      String cum,
      String lastPrice,
      String commission,
      String asset,
      long tradeId,
      boolean maker) {
    return "{\"e\":\"executionReport\",\"E\":1499405658658,\"s\":\"ETHBTC\",\"c\":\""
        + c
        + "\",\"S\":\"BUY\",\"o\":\"LIMIT\",\"f\":\"GTC\",\"q\":\"1.00000000\","
        + "\"p\":\"0.10264410\",\"P\":\"0.00000000\",\"F\":\"0.00000000\",\"g\":-1,\"C\":\""
        + origC
        + "\",\"x\":\""
        + x
        + "\",\"X\":\""
        + status
        + "\",\"r\":\"NONE\",\"i\":4293153,\"l\":\""
        + last
        + "\",\"z\":\""
        + cum
        + "\",\"L\":\""
        + lastPrice
        + "\",\"n\":\""
        + commission
        + "\",\"N\":"
        + (asset == null ? "null" : "\"" + asset + "\"")
        + ",\"T\":1499405658657,\"t\":"
        + tradeId
        + ",\"I\":8641984,\"w\":true,\"m\":"
        + maker
        + ",\"M\":false,\"O\":1499405658657,\"Z\":\"0.00000000\",\"Y\":\"0.00000000\","
        + "\"Q\":\"0.00000000\",\"W\":1499405658657,\"V\":\"NONE\"}";
  }

  @Test
  void decodesSpotExecutionReportsInOrder() throws Exception {
    start(Venue.BINANCE);
    FakeBinanceAccount.Connection c = server.awaitConnection();
    server.awaitRequest("POST", "/api/v3/userDataStream");
    String id = "mUvoqJxFIILMdfAW5iGSOW";
    c.push(
        executionReport(
            "NEW", "NEW", id, "", "0.00000000", "0.00000000", "0.00000000", "0", null, -1, false));
    c.push(
        executionReport(
            "TRADE",
            "PARTIALLY_FILLED",
            id,
            "",
            "0.40000000",
            "0.40000000",
            "0.10264410",
            "0.00004106",
            "BTC",
            77,
            true));
    c.push(
        executionReport(
            "TRADE",
            "FILLED",
            id,
            "",
            "0.60000000",
            "1.00000000",
            "0.10264400",
            "0.00060000",
            "ETH",
            78,
            false));
    c.push(
        executionReport(
            "CANCELED",
            "CANCELED",
            "cancelRequest1",
            id,
            "0.00000000",
            "0.00000000",
            "0.00000000",
            "0",
            null,
            -1,
            false));

    ExecutionEvent placed = recorder.nextEvent();
    assertEquals(ExecutionType.NEW, placed.type());
    assertEquals(ETHBTC.id(), placed.instrument());
    assertEquals(id, placed.order().clientOrderId());
    assertEquals(4293153, placed.order().venueOrderId());
    assertEquals(Side.BUY, placed.order().side());
    assertEquals(OrderType.LIMIT, placed.order().type());
    assertEquals(10_264_410, placed.order().priceTicks());
    assertEquals(10_000, placed.order().sizeLots());
    assertEquals(OrderStatus.NEW, placed.order().status());
    assertEquals(1499405658658L, placed.eventTimeMillis());
    assertNull(placed.trade());
    assertEquals("", placed.rejectReason());

    ExecutionEvent partial = recorder.nextEvent();
    assertEquals(ExecutionType.TRADE, partial.type());
    assertEquals(OrderStatus.PARTIALLY_FILLED, partial.order().status());
    assertEquals(4_000, partial.order().executedLots());
    OwnTrade t = partial.trade();
    assertEquals(77, t.tradeId());
    assertEquals(4_000, t.sizeLots());
    assertEquals(10_264_410, t.priceTicks());
    assertEquals(4_106L, t.fee(), "0.00004106 BTC, the quote asset of ETHBTC");
    assertTrue(t.maker());
    assertEquals(id, t.clientOrderId());
    assertEquals(1499405658657L, t.timeMillis());

    ExecutionEvent fill = recorder.nextEvent();
    assertEquals(OrderStatus.FILLED, fill.order().status());
    assertEquals(78, fill.trade().tradeId());
    // 0.0006 ETH (base) at 0.102644 BTC = 0.0000615864 BTC -> 0.00006159 at 8 decimals.
    assertEquals(6_159L, fill.trade().fee());
    assertFalse(fill.trade().maker());

    ExecutionEvent cancelled = recorder.nextEvent();
    assertEquals(ExecutionType.CANCELED, cancelled.type());
    assertEquals(id, cancelled.order().clientOrderId(), "the cancelled order's id is 'C'");

    UserDataMetrics m = stream.metrics();
    assertEquals(4, m.executions());
    assertEquals(1, m.listenKeys());
    assertTrue(m.connected());
  }

  @Test
  void decodesUsdmOrderTradeUpdates() throws Exception {
    start(Venue.BINANCE_USDM);
    FakeBinanceAccount.Connection c = server.awaitConnection();
    // The documented ORDER_TRADE_UPDATE shape (a GTX limit order filling as maker).
    c.push(
        "{\"e\":\"ORDER_TRADE_UPDATE\",\"E\":1568879465651,\"T\":1568879465650,\"o\":{"
            + "\"s\":\"BTCUSDT\",\"c\":\"TEST\",\"S\":\"SELL\",\"o\":\"LIMIT\",\"f\":\"GTX\","
            + "\"q\":\"0.001\",\"p\":\"7103.0\",\"ap\":\"7103.00000\",\"sp\":\"0\",\"x\":\"TRADE\","
            + "\"X\":\"FILLED\",\"i\":8886774,\"l\":\"0.001\",\"z\":\"0.001\",\"L\":\"7103.0\","
            + "\"N\":\"USDT\",\"n\":\"0.00142060\",\"T\":1568879465650,\"t\":12345,\"b\":\"0\","
            + "\"a\":\"9.91\",\"m\":true,\"R\":false,\"wt\":\"CONTRACT_PRICE\",\"ot\":\"LIMIT\","
            + "\"ps\":\"BOTH\",\"cp\":false,\"rp\":\"0\",\"pP\":false,\"si\":0,\"ss\":0,"
            + "\"V\":\"NONE\",\"pm\":\"NONE\",\"gtd\":0}}");
    ExecutionEvent e = recorder.nextEvent();
    assertEquals(ExecutionType.TRADE, e.type());
    assertEquals(USDM_BTC.id(), e.instrument());
    assertEquals(OrderType.LIMIT_MAKER, e.order().type(), "LIMIT + GTX");
    assertEquals(Side.SELL, e.order().side());
    assertEquals(OrderStatus.FILLED, e.order().status());
    assertEquals(71_030, e.trade().priceTicks());
    assertEquals(1, e.trade().sizeLots());
    assertEquals(142_060L, e.trade().fee());
    assertEquals(12345, e.trade().tradeId());
    assertEquals(1568879465651L, e.eventTimeMillis());
  }

  @Test
  void reconnectsAfterTheVenueClosesTheSocketAndReportsTheGap() throws Exception {
    start(Venue.BINANCE);
    FakeBinanceAccount.Connection first = server.awaitConnection();
    first.push(executionReport("NEW", "NEW", "a", "", "0", "0", "0", "0", null, -1, false));
    assertEquals("a", recorder.nextEvent().order().clientOrderId());

    first.close();
    FakeBinanceAccount.Connection second = server.awaitConnection();
    Object gap = recorder.next();
    assertTrue(gap instanceof String s && s.startsWith("gap: "), String.valueOf(gap));
    assertTrue(((String) gap).contains("closed by the venue"), (String) gap);

    second.push(executionReport("NEW", "NEW", "b", "", "0", "0", "0", "0", null, -1, false));
    assertEquals("b", recorder.nextEvent().order().clientOrderId());
    UserDataMetrics m = stream.metrics();
    assertEquals(2, m.connects());
    assertEquals(1, m.gaps());
  }

  @Test
  void replacesAnExpiredListenKey() throws Exception {
    start(Venue.BINANCE_USDM);
    FakeBinanceAccount.Connection first = server.awaitConnection();
    String oldKey = first.listenKey;
    server.expireListenKey(first);
    FakeBinanceAccount.Connection second = server.awaitConnection();
    assertNotEquals(oldKey, second.listenKey);
    Object gap = recorder.next();
    assertTrue(String.valueOf(gap).contains("listen key expired"), String.valueOf(gap));
    assertEquals(2, server.listenKeysCreated.get());
    awaitCondition("expiry counted", () -> stream.metrics().listenKeyExpired() == 1);
  }

  @Test
  void keepsTheListenKeyAliveAndReconnectsWhenTheVenueRefuses() throws Exception {
    start(Venue.BINANCE);
    server.awaitConnection();
    stream.keepAliveNow();
    FakeBinanceAccount.Received put = server.awaitRequest("PUT", "/api/v3/userDataStream");
    assertEquals(server.currentListenKey(), put.params().get("listenKey"));
    awaitCondition("keep-alive answered", () -> stream.metrics().keepAlives() == 1);

    server.refuseKeepAlive = true;
    stream.keepAliveNow();
    server.awaitConnection();
    Object gap = recorder.next();
    assertTrue(String.valueOf(gap).contains("-1125"), String.valueOf(gap));
    assertEquals(1, stream.metrics().keepAliveFailures());
  }

  @Test
  void stoppingLeavesTheAccountsSharedListenKeyOpenForTheOtherNodes() throws Exception {
    // Two nodes trade one account: the venue gives both the account's one key.
    start(Venue.BINANCE);
    FakeBinanceAccount.Connection first = server.awaitConnection();
    Recorder otherNode = new Recorder();
    BinanceUserDataStream other = open(Venue.BINANCE, otherNode);
    try {
      FakeBinanceAccount.Connection second = server.awaitConnection();
      assertEquals(first.listenKey, second.listenKey);
      // The first node stops (a rolling restart): the other's key stays open and live.
      stream.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
      stream = null;
      assertEquals(first.listenKey, server.currentListenKey(), "the key is still open");
      second.push(executionReport("NEW", "NEW", "k", "", "0", "0", "0", "0", null, -1, false));
      assertEquals("k", otherNode.nextEvent().order().clientOrderId());
      assertEquals(1, server.listenKeysCreated.get());
    } finally {
      other.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    for (FakeBinanceAccount.Received r : server.received) {
      assertNotEquals("DELETE", r.method(), "no listen key closed: " + r);
    }
  }

  @Test
  void usdmKeepAliveSendsNoParameters() throws Exception {
    start(Venue.BINANCE_USDM);
    server.awaitConnection();
    stream.keepAliveNow();
    FakeBinanceAccount.Received put = server.awaitRequest("PUT", "/fapi/v1/listenKey");
    assertTrue(put.params().isEmpty(), put.toString());
    awaitCondition("keep-alive answered", () -> stream.metrics().keepAlives() == 1);
  }

  @Test
  void countsAndSkipsMalformedAndForeignEvents() throws Exception {
    start(Venue.BINANCE);
    FakeBinanceAccount.Connection c = server.awaitConnection();
    c.push("not json at all");
    c.push("{\"no\":\"event type\"}");
    c.push("{\"e\":\"executionReport\",\"s\":\"ETHBTC\"}");
    // Off the 0.00000001 tick grid.
    c.push(
        executionReport("NEW", "NEW", "g", "", "0", "0", "0", "0", null, -1, false)
            .replace("\"p\":\"0.10264410\"", "\"p\":\"0.102644105\""));
    c.push(
        executionReport("NEW", "NEW", "z", "", "0", "0", "0", "0", null, -1, false)
            .replace("ETHBTC", "XRPBTC"));
    c.push(
        "{\"e\":\"outboundAccountPosition\",\"E\":1564034571105,\"u\":1564034571073,"
            + "\"B\":[{\"a\":\"ETH\",\"f\":\"10000.000000\",\"l\":\"0.000000\"}]}");
    c.push(executionReport("NEW", "NEW", "ok", "", "0", "0", "0", "0", null, -1, false));

    assertEquals("ok", recorder.nextEvent().order().clientOrderId());
    UserDataMetrics m = stream.metrics();
    assertEquals(4, m.malformed());
    assertEquals(1, m.unknownSymbol());
    assertEquals(1, m.ignored());
    assertEquals(1, m.executions());
    assertEquals(7, m.frames());
    assertTrue(m.connected(), "the connection survived");
    assertTrue(recorder.received.isEmpty());
  }

  @Test
  void aThrowingListenerDoesNotStopDelivery() throws Exception {
    server = new FakeBinanceAccount(testKit.system(), Venue.BINANCE, DOC_API_KEY, DOC_SECRET);
    BlockingQueue<String> ids = new LinkedBlockingQueue<>();
    stream =
        BinanceUserDataStream.start(
            testKit.system(),
            BinanceOrderGatewayTest.settings(
                Venue.BINANCE, server.restUrl(), server.wsUrl(), Map.of()),
            Optional.of(BinanceCredentials.of(DOC_API_KEY, DOC_SECRET)),
            s -> s.equals("ETHBTC") ? Optional.of(ETHBTC) : Optional.empty(),
            e -> {
              ids.add(e.order().clientOrderId());
              if (e.order().clientOrderId().equals("boom")) {
                throw new IllegalStateException("listener bug");
              }
            });
    FakeBinanceAccount.Connection c = server.awaitConnection();
    c.push(executionReport("NEW", "NEW", "boom", "", "0", "0", "0", "0", null, -1, false));
    c.push(executionReport("NEW", "NEW", "after", "", "0", "0", "0", "0", null, -1, false));
    assertEquals("boom", ids.poll(20, TimeUnit.SECONDS));
    assertEquals("after", ids.poll(20, TimeUnit.SECONDS));
    assertEquals(1, stream.metrics().listenerErrors());
  }

  @Test
  void refusesToStartWithoutCredentials() throws Exception {
    server = new FakeBinanceAccount(testKit.system(), Venue.BINANCE, DOC_API_KEY, DOC_SECRET);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                BinanceUserDataStream.start(
                    testKit.system(),
                    BinanceOrderGatewayTest.settings(
                        Venue.BINANCE, server.restUrl(), server.wsUrl(), Map.of()),
                    Optional.empty(),
                    s -> Optional.empty(),
                    recorder));
    assertTrue(e.getMessage().contains("MM_BINANCE_API_KEY"), e.getMessage());
    assertEquals(0, server.listenKeysCreated.get());
    assertNotNull(e.getMessage());
    assertEquals(List.of(), List.copyOf(recorder.received));
  }
}
