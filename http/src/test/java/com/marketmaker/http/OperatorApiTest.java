package com.marketmaker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.marketmaker.actors.SymbolProtocol;
import com.marketmaker.actors.SymbolProtocol.Confirmation;
import com.marketmaker.core.accounting.Performance;
import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.orders.OrderState;
import com.marketmaker.core.orders.OwnTrade;
import com.marketmaker.core.orders.TrackedOrder;
import com.marketmaker.core.strategy.StrategyConfig;
import com.marketmaker.http.TestApi.Reply;
import com.marketmaker.http.auth.Role;
import com.typesafe.config.ConfigValueFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator routes for performance, orders, fills, risk alerts, clearing and the kill switch, on
 * a real HTTP server on loopback behind the API's guard (each operator with a token of its name),
 * in front of a scripted stand-in for the instrument entities.
 */
class OperatorApiTest {

  private static ActorTestKit testKit;

  private ScriptedMakerGateway gateway;
  private MakerRoutes routes;
  private TestApi api;

  private static ApiSecurity security;
  private static final Map<String, String> tokens = new ConcurrentHashMap<>();

  @BeforeAll
  static void startSystem() throws Exception {
    testKit =
        ActorTestKit.create(
            TestSecurity.config()
                .withValue("pekko.actor.serialize-messages", ConfigValueFactory.fromAnyRef(false)));
    security = TestSecurity.start(testKit, TestSecurity.settings(0, 1));
  }

  /** The token of operator {@code name} (a trader and risk manager), issued on first use. */
  private static String token(String name) {
    return tokens.computeIfAbsent(
        name,
        n -> {
          try {
            return TestSecurity.issue(security, n, Role.TRADER, Role.RISK);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @AfterAll
  static void stopSystem() {
    testKit.shutdownTestKit();
  }

  private void serve(MakerRoutes.Sweep sweep) throws Exception {
    gateway = new ScriptedMakerGateway(testKit.<Confirmation>createTestProbe().ref());
    routes = new MakerRoutes(gateway, sweep);
    api =
        TestApi.serve(testKit, security, routes.routes())
            .timeout(Duration.ofSeconds(30))
            .requireJson();
  }

  private void serve() throws Exception {
    serve(MakerRoutes.Sweep.DEFAULT);
  }

  @AfterEach
  void unbind() throws Exception {
    if (api != null) {
      api.close();
    }
  }

  /** Sends as operator {@code operator} (without a token when it is null), declaring JSON. */
  private Reply send(String method, String path, String body, String operator) throws Exception {
    return api.send(
        method,
        path,
        operator == null ? null : token(operator),
        body,
        "Content-Type",
        "application/json");
  }

  private Reply get(String path) throws Exception {
    return send("GET", path, null, "viewer");
  }

  private static void assertRefused(int status, String fragment, Reply a) {
    assertEquals(status, a.status(), a.body().toString());
    String error = a.body().path("error").asText();
    assertTrue(error.contains(fragment), "error '" + error + "' should mention '" + fragment + "'");
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.isTextual() ? n.asText() : n.path("instrument").asText()));
    return out;
  }

  // ---------------------------------------------------------------- performance

  /**
   * BTCUSDT on a 0.01 tick and 0.00001 lot. Worked by hand from the definitions in {@link
   * Performance}'s documentation:
   *
   * <ul>
   *   <li>t = 0: making, both sides live; a 0.002 bid and a 0.002 ask placed (400 lots placed);
   *   <li>t = 0.5 s: maker BUY 0.002 @ 60000.00, fee 0.012, book 60000.00 / 60000.02 (mid
   *       60000.01): captured (60000.01 − 60000.00) × 0.002 = 0.00002;
   *   <li>t = 1 s: maker SELL 0.001 @ 60010.00, fee 0.006001, book 60009.98 / 60010.00 (mid
   *       60009.99): captured 0.00001; realized (60010.00 − 60000.00) × 0.001 = 0.01;
   *   <li>t = 2 s: marked at 60005.00 / 60005.02 (mid 60005.01): unrealized (60005.01 − 60000.00) ×
   *       0.001 = 0.00501; fees 0.018001; total 0.01 + 0.00501 − 0.018001 = −0.002991; cash −120 +
   *       60.01 − 0.018001 = −60.008001; time-weighted inventory (0·0.5 + 200·0.5 + 100·1) / 2 =
   *       100 lots; lots filled 300 of 400 placed = 0.75; both orders filled = 1.0.
   * </ul>
   */
  private static Performance.Report handWorkedScorecard(ScriptedMakerGateway.Instrument i) {
    var spec = i.spec;
    InstrumentId id = spec.id();
    long s = 1_000_000_000L;
    Performance p = new Performance(spec, i.parameters.maxPositionLots());
    p.onQuoteState(true, true, true, 0);
    p.onOrderPlaced(200, 0);
    p.onOrderPlaced(200, 0);
    p.onFill(
        new OwnTrade(id, 1001, 77, "mm-1", Side.BUY, 6_000_000, 200, 1_200_000, true, 0),
        6_000_000,
        6_000_002,
        true,
        s / 2);
    p.onFill(
        new OwnTrade(id, 1002, 78, "mm-2", Side.SELL, 6_001_000, 100, 600_100, true, 0),
        6_000_998,
        6_001_000,
        true,
        s);
    return p.report(6_000_500, 6_000_502, 2 * s);
  }

  @Test
  void performanceIsReportedWithExactAmountsOnTheInstrumentsGrid() throws Exception {
    serve();
    var btc = gateway.started("BINANCE:BTCUSDT", "0.01", "0.00001");
    btc.performance = handWorkedScorecard(btc);

    Reply a = get("/maker/performance/BINANCE:BTCUSDT");
    assertEquals(200, a.status(), a.body().toString());
    JsonNode b = a.body();
    assertEquals("BINANCE:BTCUSDT", b.path("instrument").asText());
    assertEquals(ScriptedMakerGateway.HOST, b.path("hostedOn").asText());
    assertEquals("0.01", b.path("tickSize").asText());
    JsonNode pnl = b.path("pnl");
    assertEquals("-60.00800100", pnl.path("cash").asText());
    assertEquals("0.01000000", pnl.path("realized").asText());
    assertEquals("0.00501000", pnl.path("unrealized").asText());
    assertEquals("-0.00299100", pnl.path("total").asText());
    assertEquals("0.01800100", pnl.path("makerFees").asText());
    assertEquals("0.00000000", pnl.path("takerFees").asText());
    assertEquals("0.00000000", pnl.path("rebates").asText());
    assertTrue(pnl.path("total").isTextual(), "amounts are decimal text, not JSON numbers");
    JsonNode inv = b.path("inventory");
    assertEquals(100, inv.path("lots").asLong());
    assertEquals("0.00100", inv.path("size").asText());
    assertEquals(60000.00, inv.path("averageEntryPrice").asDouble(), 1e-6);
    assertEquals(100.0, inv.path("meanLots").asDouble(), 1e-9);
    assertEquals("0.00000", inv.path("min").asText());
    assertEquals("0.00200", inv.path("max").asText());
    assertEquals(0.0, inv.path("fractionAtLimit").asDouble());
    JsonNode fills = b.path("fills");
    assertEquals(2, fills.path("maker").asLong());
    assertEquals(0, fills.path("taker").asLong());
    assertEquals(1, fills.path("buys").asLong());
    assertEquals(1, fills.path("sells").asLong());
    assertEquals(0.75, fills.path("lotFillRate").asDouble(), 1e-12);
    assertEquals(1.0, fills.path("orderFillRate").asDouble(), 1e-12);
    JsonNode captured = b.path("spreadCaptured");
    assertEquals("0.00003000", captured.path("cash").asText());
    // bps of the mid: 0.01 / 60000.01 and 0.01 / 60009.99, weighted 200 : 100 lots.
    double first = 1e4 * 0.01 / 60000.01;
    double second = 1e4 * 0.01 / 60009.99;
    assertEquals((2 * first + second) / 3, captured.path("meanBps").asDouble(), 1e-12);
    assertEquals(second, captured.path("minBps").asDouble(), 1e-12);
    assertEquals(first, captured.path("maxBps").asDouble(), 1e-12);
    assertEquals(1.0, b.path("quoteUptime").asDouble(), 1e-12);
  }

  @Test
  void aSymbolWithASlashIsGivenPercentEncoded() throws Exception {
    serve();
    var xbt = gateway.started("KRAKEN:XBT/USD", "0.1", "0.00000001");
    xbt.performance = new Performance(xbt.spec, 1).report(600_000, 600_001, 0);
    Reply a = get("/maker/performance/KRAKEN:XBT%2FUSD");
    assertEquals(200, a.status(), a.body().toString());
    assertEquals("KRAKEN:XBT/USD", a.body().path("instrument").asText());
    assertEquals("0.00000000", a.body().path("inventory").path("size").asText());
    assertEquals(200, get("/orders/KRAKEN:XBT%2FUSD").status());
  }

  @Test
  void undefinedStatisticsAreNullNotNaN() throws Exception {
    serve();
    var eth = gateway.started("BINANCE:ETHUSDT", "0.01", "0.0001");
    Performance p = new Performance(eth.spec, eth.parameters.maxPositionLots());
    eth.performance = p.report(300_000, 300_002, 0);
    Reply a = get("/maker/performance/BINANCE:ETHUSDT");
    assertEquals(200, a.status(), a.body().toString());
    assertTrue(a.body().path("spreadCaptured").path("minBps").isNull(), a.body().toString());
    assertTrue(a.body().path("spreadCaptured").path("meanBps").isNull());
    assertTrue(a.body().path("inventory").path("averageEntryPrice").isNull());
    assertEquals("0.00000000", a.body().path("pnl").path("total").asText());
  }

  @Test
  void readOutsMapRefusalsAndSilenceLikeTheOtherRoutes() throws Exception {
    serve();
    var btc = gateway.started("BINANCE:BTCUSDT", "0.01", "0.00001");
    btc.performance = handWorkedScorecard(btc);
    long notFound = routes.errorCounts().get("unknownInstrument");
    long conflicts = routes.errorCounts().get("conflict");
    long unavailable = routes.errorCounts().get("unavailable");
    long unexpected = routes.errorCounts().get("unexpectedReply");
    long bad = routes.errorCounts().get("badRequest");

    for (String path :
        List.of(
            "/maker/performance/COINBASE:BTC-USD",
            "/orders/COINBASE:BTC-USD",
            "/fills/COINBASE:BTC-USD")) {
      assertRefused(404, "instrument COINBASE:BTC-USD has never been started", get(path));
    }
    for (String path : List.of("/maker/performance/BTCUSDT", "/orders/BTCUSDT", "/fills/BTCUSDT")) {
      assertRefused(400, "expected VENUE:SYMBOL", get(path));
    }
    gateway.answer(
        "BINANCE:BTCUSDT",
        SymbolProtocol.GetOrders.class,
        new SymbolProtocol.Rejected(
            SymbolProtocol.Reason.CONFLICT, "instrument BINANCE:BTCUSDT is recovering"));
    assertRefused(409, "is recovering", get("/orders/BINANCE:BTCUSDT"));
    gateway.timeOut("BINANCE:BTCUSDT", SymbolProtocol.GetPerformance.class, 1);
    assertRefused(
        503,
        "instrument BINANCE:BTCUSDT did not answer in time",
        get("/maker/performance/BINANCE:BTCUSDT"));
    gateway.timeOut("BINANCE:BTCUSDT", SymbolProtocol.GetStatus.class, 1);
    assertRefused(503, "did not answer in time", get("/fills/BINANCE:BTCUSDT"));
    gateway.answer(
        "BINANCE:BTCUSDT",
        SymbolProtocol.GetFills.class,
        new SymbolProtocol.Accepted(SymbolProtocol.Change.UNCHANGED, null));
    assertRefused(502, "answered with Accepted", get("/fills/BINANCE:BTCUSDT"));
    // The silence was once: the scorecard comes through on the next try.
    assertEquals(200, get("/maker/performance/BINANCE:BTCUSDT").status());

    assertEquals(notFound + 3, routes.errorCounts().get("unknownInstrument"));
    assertEquals(bad + 3, routes.errorCounts().get("badRequest"));
    assertEquals(conflicts + 1, routes.errorCounts().get("conflict"));
    assertEquals(unavailable + 2, routes.errorCounts().get("unavailable"));
    assertEquals(unexpected + 1, routes.errorCounts().get("unexpectedReply"));
  }

  // ---------------------------------------------------------------- orders and fills

  @Test
  void workingOrdersAreFormattedOnTheGrid() throws Exception {
    serve();
    var btc = gateway.started("BINANCE:BTCUSDT", "0.01", "0.00001");
    btc.reconciled = true;
    btc.quoting = "QUOTING";
    btc.working.add(
        new TrackedOrder(
            "mm-BTCUSDT-17",
            17,
            Side.BUY,
            0,
            5_999_999,
            200,
            40,
            50,
            OrderState.PARTIALLY_FILLED,
            31_337_001L,
            true,
            1_000,
            2_000,
            1_500,
            "",
            false,
            false));
    btc.working.add(
        new TrackedOrder(
            "mm-BTCUSDT-18",
            18,
            Side.SELL,
            1,
            6_000_105,
            200,
            0,
            0,
            OrderState.PENDING_NEW,
            0,
            false,
            1_500,
            1_500,
            0,
            "",
            false,
            false));

    Reply a = get("/orders/BINANCE:BTCUSDT");
    assertEquals(200, a.status(), a.body().toString());
    JsonNode b = a.body();
    assertTrue(b.path("reconciled").asBoolean());
    assertEquals("QUOTING", b.path("quoting").asText());
    assertEquals(2, b.path("count").asInt());
    JsonNode bid = b.path("working").get(0);
    assertEquals("mm-BTCUSDT-17", bid.path("clientOrderId").asText());
    assertEquals(31_337_001L, bid.path("venueOrderId").asLong());
    assertEquals("BUY", bid.path("side").asText());
    assertEquals("PARTIALLY_FILLED", bid.path("state").asText());
    assertEquals("59999.99", bid.path("price").asText());
    assertEquals(5_999_999, bid.path("priceTicks").asLong());
    assertEquals("0.00200", bid.path("size").asText());
    // The venue reported 50 lots filled, 40 are booked so far: 50 executed, 150 open.
    assertEquals("0.00050", bid.path("executed").asText());
    assertEquals("0.00150", bid.path("remaining").asText());
    assertTrue(bid.path("reason").isNull());
    JsonNode ask = b.path("working").get(1);
    assertTrue(ask.path("venueOrderId").isNull(), "no venue id before the acknowledgement");
    assertFalse(ask.path("acknowledged").asBoolean());
    assertEquals("60001.05", ask.path("price").asText());
    assertEquals(1, ask.path("level").asInt());

    btc.working.clear();
    btc.reconciled = false;
    btc.quoting = "RECONCILING";
    Reply empty = get("/orders/BINANCE:BTCUSDT");
    assertEquals(0, empty.body().path("count").asInt());
    assertFalse(empty.body().path("reconciled").asBoolean());
    assertEquals("RECONCILING", empty.body().path("quoting").asText());
  }

  @Test
  void recentFillsComeNewestFirstWithTheTotal() throws Exception {
    serve();
    var sol = gateway.started("COINBASE:SOL-USD", "0.01", "0.001");
    InstrumentId id = sol.spec.id();
    long t0 = 1_718_000_000_000L;
    for (int k = 1; k <= 150; k++) {
      sol.fills.add(
          new OwnTrade(
              id,
              5000 + k,
              900 + k,
              "mm-SOL-" + k,
              k % 2 == 0 ? Side.SELL : Side.BUY,
              15_000 + k,
              1_000,
              k % 3 == 0 ? -150_000 : 300_000,
              k % 3 != 1,
              t0 + 1000L * k));
    }

    Reply all = get("/fills/COINBASE:SOL-USD");
    assertEquals(200, all.status(), all.body().toString());
    assertEquals(150, all.body().path("totalFills").asLong());
    assertEquals(100, all.body().path("limit").asInt());
    assertEquals(100, all.body().path("count").asInt());
    assertEquals(100, all.body().path("fills").size());
    JsonNode newest = all.body().path("fills").get(0);
    assertEquals(5150, newest.path("tradeId").asLong());
    assertEquals("151.50", newest.path("price").asText());
    assertEquals("1.000", newest.path("size").asText());
    assertEquals("SELL", newest.path("side").asText());
    assertEquals("-0.00150000", newest.path("fee").asText(), "150 is a multiple of 3: a rebate");
    assertEquals("2024-06-10T06:15:50Z", newest.path("time").asText());
    assertEquals(5051, all.body().path("fills").get(99).path("tradeId").asLong());

    Reply three = get("/fills/COINBASE:SOL-USD?limit=3");
    List<Long> ids = new ArrayList<>();
    three.body().path("fills").forEach(f -> ids.add(f.path("tradeId").asLong()));
    assertEquals(List.of(5150L, 5149L, 5148L), ids);
    assertEquals("0.00300000", three.body().path("fills").get(1).path("fee").asText());
    assertTrue(
        gateway.commands.stream()
            .anyMatch(c -> c instanceof SymbolProtocol.GetFills f && f.limit() == 3),
        "the limit is passed to the instrument");

    assertRefused(
        400, "'limit' must be between 1 and 1000, got 0", get("/fills/COINBASE:SOL-USD?limit=0"));
    assertRefused(
        400,
        "'limit' must be between 1 and 1000, got 1001",
        get("/fills/COINBASE:SOL-USD?limit=1001"));
    assertRefused(
        400, "'limit' must be an integer, got 'ten'", get("/fills/COINBASE:SOL-USD?limit=ten"));
  }

  // ---------------------------------------------------------------- strategy at start

  private static final String PARAMS =
      "{\"riskAversion\":0.1,\"horizonSeconds\":60,\"minSpreadBps\":1,\"maxSpreadBps\":50,"
          + "\"orderSize\":\"0.001\",\"maxPosition\":\"0.05\"}";

  private Reply start(String instrument, String strategy) throws Exception {
    String body =
        "{\"instrument\":\""
            + instrument
            + "\",\"tickSize\":\"0.01\",\"lotSize\":\"0.00001\",\"parameters\":"
            + PARAMS
            + (strategy == null ? "" : ",\"strategy\":" + strategy)
            + "}";
    return send("POST", "/maker/start", body, "alice");
  }

  private StrategyConfig lastStrategy() {
    SymbolProtocol.Start last = null;
    for (var c : gateway.commands) {
      if (c instanceof SymbolProtocol.Start s) {
        last = s;
      }
    }
    assertNotNull(last, "a Start was sent");
    return last.strategy();
  }

  @Test
  void startTakesAStrategyWithDefaultsForAbsentFields() throws Exception {
    serve();
    assertEquals(200, start("BINANCE:BTCUSDT", null).status());
    assertEquals(StrategyConfig.defaults(), lastStrategy());
    assertEquals(200, start("BINANCE:ETHUSDT", "{}").status());
    assertEquals(StrategyConfig.defaults(), lastStrategy());

    Reply as = start("BINANCE:BNBUSDT", "{\"model\":\"as\",\"levels\":3}");
    assertEquals(200, as.status(), as.body().toString());
    assertEquals("CHANGED", as.body().path("change").asText());
    StrategyConfig d = StrategyConfig.defaults();
    assertEquals(
        new StrategyConfig(
            StrategyConfig.Model.AVELLANEDA_STOIKOV,
            d.intensityA(),
            d.intensityK(),
            3,
            d.levelSpacingTicks(),
            d.volatilityHalfLifeSeconds(),
            d.maxLoss(),
            d.maxDrawdown()),
        lastStrategy());

    assertEquals(200, start("BINANCE:XRPUSDT", "{\"model\":\"glft-exact\"}").status());
    assertEquals(StrategyConfig.Model.GLFT_EXACT, lastStrategy().model());
    assertEquals(200, start("BINANCE:ADAUSDT", "{\"model\":\"HJB\"}").status());
    assertEquals(StrategyConfig.Model.HJB, lastStrategy().model());

    String full =
        "{\"model\":\"avellaneda-stoikov\",\"intensityA\":1.5,\"intensityK\":0.25,\"levels\":5,"
            + "\"levelSpacingTicks\":2,\"volatilityHalfLifeSeconds\":45,\"maxLoss\":250,"
            + "\"maxDrawdown\":125.5}";
    assertEquals(200, start("BINANCE:SOLUSDT", full).status());
    assertEquals(
        new StrategyConfig(
            StrategyConfig.Model.AVELLANEDA_STOIKOV, 1.5, 0.25, 5, 2, 45, 250, 125.5),
        lastStrategy());
    assertEquals(200, start("BINANCE:XRPUSDT", "{\"model\":\"GLFT\"}").status());
    assertEquals(StrategyConfig.Model.GLFT, lastStrategy().model());
  }

  @Test
  void eachInvalidStrategyFieldIsRefusedByName() throws Exception {
    serve();
    long bad = routes.errorCounts().get("badRequest");
    String[][] cases = {
      {"{\"model\":\"pde\"}", "strategy.model must be one of avellaneda-stoikov (as), glft"},
      {"{\"model\":5}", "field 'strategy.model' must be a non-empty string"},
      {"{\"intensityA\":0}", "strategy.intensityA must be a finite number > 0"},
      {"{\"intensityA\":\"1\"}", "field 'strategy.intensityA' must be a number"},
      {"{\"intensityK\":-0.3}", "strategy.intensityK must be a finite number > 0"},
      {"{\"intensityK\":1e400}", "field 'strategy.intensityK' must be a finite number"},
      {"{\"levels\":11}", "strategy.levels must be in [1, 10], got 11"},
      {"{\"levels\":0}", "strategy.levels must be in [1, 10], got 0"},
      {"{\"levels\":1.5}", "field 'strategy.levels' must be an integer"},
      {"{\"levels\":10000000000}", "field 'strategy.levels' is out of range"},
      {"{\"levelSpacingTicks\":0}", "strategy.levelSpacingTicks must be at least 1, got 0"},
      {"{\"volatilityHalfLifeSeconds\":0}", "strategy.volatilityHalfLifeSeconds must be a finite"},
      {"{\"maxLoss\":-5}", "strategy.maxLoss must be a finite number > 0, got -5.0"},
      {"{\"maxDrawdown\":0}", "strategy.maxDrawdown must be a finite number > 0"},
      {
        "{\"gamma\":0.1}", "unknown field 'strategy.gamma'; expected imbalanceSkewTicks, intensityA"
      },
      {"{\"reference\":\"last\"}", "strategy.reference must be one of [mid, micro-price"},
      {"{\"vpinPullThreshold\":0.5}", "strategy.vpinPullThreshold must be in [vpinWidenThreshold"},
      {"{\"vpinSizeFactor\":0}", "strategy.vpinSizeFactor must be in (0, 1], got 0.0"},
      {"{\"tradeFlowThreshold\":1.5}", "strategy.tradeFlowThreshold must be in (0, 1]"},
      {"{\"inventoryLeanTicks\":-1}", "strategy.inventoryLeanTicks must be a finite number >= 0"},
      {"{\"pressureThresholds\":[0.5]}", "pressureThresholds and pressureShiftTicks must"},
      {
        "{\"pressureThresholds\":[0.8,0.5],\"pressureShiftTicks\":[1,2]}",
        "strategy.pressureThresholds must increase within (0, 1]"
      },
      {"{\"pressureShiftTicks\":\"1\"}", "field 'strategy.pressureShiftTicks' must be an array"},
      {"{\"volatilitySampleMillis\":5}", "strategy.volatilitySampleMillis must be in [10, 10000]"},
      {"{\"intensityMinFills\":2.5}", "field 'strategy.intensityMinFills' must be an integer"},
      {"[1]", "field 'strategy' must be a JSON object"},
    };
    for (String[] c : cases) {
      assertRefused(400, c[1], start("BINANCE:BTCUSDT", c[0]));
    }
    assertEquals(0, gateway.asked(SymbolProtocol.Start.class), "nothing refused reached an entity");
    assertEquals(bad + cases.length, routes.errorCounts().get("badRequest"));
  }

  // ---------------------------------------------------------------- risk alerts and clearing

  private void riskScene() {
    var halted = gateway.started("BINANCE:BTCUSDT", "0.01", "0.00001");
    halted.halted = true;
    halted.cause = "DAILY_LOSS";
    halted.reason = "total P&L -1012.50 below -1000";
    halted.haltedBy = "risk";
    halted.haltedAtMillis = 1_718_000_000_000L;
    var pulled = gateway.started("BINANCE:ETHUSDT", "0.01", "0.0001");
    pulled.pulled = "book stale for 5 s";
    gateway.started("KRAKEN:XBT/USD", "0.1", "0.00000001");
    gateway.runningButNeverStarted("COINBASE:SOL-USD");
    gateway.started("COINBASE:BTC-USD", "0.01", "0.00000001");
    gateway.timeOut("COINBASE:BTC-USD", SymbolProtocol.GetRisk.class, Integer.MAX_VALUE);
  }

  @Test
  void alertsListHaltedAndPulledInstrumentsAndThoseThatDidNotAnswer() throws Exception {
    serve();
    riskScene();
    gateway.nodes(3, 1);

    Reply a = get("/maker/risk/alerts");
    assertEquals(200, a.status(), a.body().toString());
    JsonNode b = a.body();
    assertEquals(5, b.path("running").asInt());
    assertEquals(4, b.path("answered").asInt());
    assertEquals(1, b.path("halted").asInt());
    assertEquals(1, b.path("pulled").asInt());
    assertEquals(1, b.path("notStarted").asInt());
    assertEquals(List.of("BINANCE:BTCUSDT", "BINANCE:ETHUSDT"), texts(b.path("alerts")));
    JsonNode halt = b.path("alerts").get(0);
    assertEquals("DAILY_LOSS", halt.path("cause").asText());
    assertEquals("risk", halt.path("haltedBy").asText());
    assertEquals("2024-06-10T06:13:20Z", halt.path("haltedAt").asText());
    assertTrue(halt.path("pulled").isNull());
    JsonNode pull = b.path("alerts").get(1);
    assertFalse(pull.path("halted").asBoolean());
    assertEquals("book stale for 5 s", pull.path("pulled").asText());
    assertTrue(pull.path("haltedAt").isNull());
    assertEquals(List.of("COINBASE:BTC-USD"), texts(b.path("unanswered")));
    assertEquals("did not answer in time", b.path("unanswered").get(0).path("error").asText());
    assertEquals(3, b.path("nodesAsked").asInt());
    assertEquals(1, b.path("nodesUnavailable").asInt());
    assertEquals(5, gateway.asked(SymbolProtocol.GetRisk.class), "every running instrument asked");
  }

  @Test
  void oneHaltIsClearedBySymbol() throws Exception {
    serve();
    riskScene();
    Reply cleared = send("POST", "/maker/risk/clear", "{\"symbol\":\"BINANCE:BTCUSDT\"}", "bob");
    assertEquals(200, cleared.status(), cleared.body().toString());
    assertEquals(List.of("BINANCE:BTCUSDT"), texts(cleared.body().path("cleared")));
    assertEquals("bob", cleared.body().path("status").path("lastChangedBy").asText());
    assertFalse(gateway.instrument("BINANCE:BTCUSDT").halted);
    Reply again = send("POST", "/maker/risk/clear", "{\"symbol\":\"BINANCE:BTCUSDT\"}", "bob");
    assertEquals(List.of("BINANCE:BTCUSDT"), texts(again.body().path("notHalted")));
    assertEquals(0, again.body().path("cleared").size());
    assertTrue(again.body().path("running").isMissingNode(), again.body().toString());

    assertRefused(
        404,
        "has never been started",
        send("POST", "/maker/risk/clear", "{\"symbol\":\"COINBASE:SOL-USD\"}", "bob"));
    gateway.timeOut("BINANCE:ETHUSDT", SymbolProtocol.ClearRisk.class, 1);
    assertRefused(
        503,
        "did not answer in time",
        send("POST", "/maker/risk/clear", "{\"symbol\":\"BINANCE:ETHUSDT\"}", "bob"));
    gateway.answer(
        "KRAKEN:XBT/USD",
        SymbolProtocol.ClearRisk.class,
        new SymbolProtocol.Rejected(
            SymbolProtocol.Reason.CONFLICT, "halted by DAILY_LOSS until the next UTC day"));
    assertRefused(
        409,
        "until the next UTC day",
        send("POST", "/maker/risk/clear", "{\"symbol\":\"KRAKEN:XBT/USD\"}", "bob"));
  }

  @Test
  void everyHaltIsClearedAndTheSilentAreReported() throws Exception {
    serve();
    riskScene();
    gateway.instrument("KRAKEN:XBT/USD").halted = true;
    gateway.instrument("KRAKEN:XBT/USD").cause = "DRAWDOWN";

    Reply a = send("POST", "/maker/risk/clear", "{\"all\":true}", "bob");
    assertEquals(200, a.status(), a.body().toString());
    JsonNode b = a.body();
    assertEquals(2, b.path("requested").asInt());
    assertEquals(List.of("BINANCE:BTCUSDT", "KRAKEN:XBT/USD"), texts(b.path("cleared")));
    assertEquals(List.of("COINBASE:BTC-USD"), texts(b.path("failed")));
    assertTrue(b.path("failed").get(0).path("error").asText().contains("did not answer"));
    assertEquals(5, b.path("running").asInt());
    assertEquals(2, gateway.asked(SymbolProtocol.ClearRisk.class), "only the halted are cleared");
    assertEquals(
        "bob",
        ((SymbolProtocol.ClearRisk)
                gateway.commands.stream()
                    .filter(c -> c instanceof SymbolProtocol.ClearRisk)
                    .findFirst()
                    .orElseThrow())
            .requestedBy());

    Reply after = get("/maker/risk/alerts");
    assertEquals(0, after.body().path("halted").asInt(), after.body().toString());
    assertEquals(1, after.body().path("pulled").asInt());
  }

  @Test
  void clearBodiesAreValidated() throws Exception {
    serve();
    riskScene();
    long bad = routes.errorCounts().get("badRequest");
    assertRefused(
        400,
        "give either 'symbol' or 'all', not both",
        send("POST", "/maker/risk/clear", "{\"symbol\":\"BINANCE:BTCUSDT\",\"all\":true}", "b"));
    assertRefused(400, "missing field 'symbol'", send("POST", "/maker/risk/clear", "{}", "b"));
    assertRefused(
        400,
        "field 'all' must be true to clear every halt",
        send("POST", "/maker/risk/clear", "{\"all\":false}", "b"));
    assertRefused(
        400,
        "field 'all' must be true or false",
        send("POST", "/maker/risk/clear", "{\"all\":\"yes\"}", "b"));
    assertRefused(
        400,
        "unknown field 'symbols'",
        send("POST", "/maker/risk/clear", "{\"symbols\":[\"BINANCE:BTCUSDT\"]}", "b"));
    assertRefused(
        400,
        "expected VENUE:SYMBOL",
        send("POST", "/maker/risk/clear", "{\"symbol\":\"BTCUSDT\"}", "b"));
    assertRefused(
        401, "missing bearer token", send("POST", "/maker/risk/clear", "{\"all\":true}", null));
    assertRefused(400, "request body is empty", send("POST", "/maker/risk/clear", null, "b"));
    // One per refusal above but the missing token, which the guard refuses before the routes.
    assertEquals(bad + 7, routes.errorCounts().get("badRequest"));
    assertEquals(0, gateway.asked(SymbolProtocol.ClearRisk.class));
    assertTrue(gateway.instrument("BINANCE:BTCUSDT").halted);
  }

  @Test
  void aSweepThatOutlivesItsRequestTimeoutIsAnswered503() throws Exception {
    serve(new MakerRoutes.Sweep(32, 3, Duration.ofSeconds(1)));
    gateway.started("BINANCE:BTCUSDT", "0.01", "0.00001");
    gateway.hang("BINANCE:BTCUSDT", SymbolProtocol.GetRisk.class);
    long unavailable = routes.errorCounts().get("unavailable");
    assertRefused(503, "not every instrument answered within 1000 ms", get("/maker/risk/alerts"));
    assertEquals(unavailable + 1, routes.errorCounts().get("unavailable"));
  }

  // ---------------------------------------------------------------- kill switch

  @Test
  void killHaltsEveryRunningInstrumentRetryingOneThatTimedOut() throws Exception {
    serve();
    List<String> started = new ArrayList<>();
    for (int k = 0; k < 100; k++) {
      String id = "BINANCE:SYM" + k + "USDT";
      gateway.started(id, "0.0001", "0.1");
      started.add(id);
    }
    gateway.started("KRAKEN:XBT/USD", "0.1", "0.00000001").halted = true;
    gateway.runningButNeverStarted("COINBASE:SOL-USD");
    gateway.timeOut("BINANCE:SYM42USDT", SymbolProtocol.Kill.class, 1);
    gateway.answerLater(2); // replies from another thread, so asks overlap

    Reply a = send("POST", "/maker/kill", "{\"reason\":\"venue outage drill\"}", "carol");
    assertEquals(200, a.status(), a.body().toString());
    JsonNode b = a.body();
    assertEquals(102, b.path("running").asInt());
    assertEquals(101, b.path("acknowledged").asInt());
    assertEquals(100, b.path("halted").asInt());
    assertEquals(1, b.path("alreadyHalted").asInt());
    assertEquals(List.of("COINBASE:SOL-USD"), texts(b.path("notStarted")));
    assertEquals(0, b.path("failedCount").asInt());
    assertEquals(1, b.path("retried").asInt());
    assertTrue(b.path("elapsedMillis").isIntegralNumber(), b.toString());
    assertTrue(b.path("elapsedMillis").asLong() >= 0);
    assertTrue(b.path("complete").asBoolean());
    assertEquals("venue outage drill", b.path("reason").asText());
    assertEquals("carol", b.path("requestedBy").asText());

    assertEquals(2, gateway.asked("BINANCE:SYM42USDT", SymbolProtocol.Kill.class));
    assertEquals(1, gateway.asked("BINANCE:SYM7USDT", SymbolProtocol.Kill.class));
    assertTrue(
        gateway.maxInFlight.get() <= MakerRoutes.Sweep.DEFAULT.parallelism(),
        "at most "
            + MakerRoutes.Sweep.DEFAULT.parallelism()
            + " in flight, saw "
            + gateway.maxInFlight.get());
    assertTrue(gateway.maxInFlight.get() > 1, "kills are sent in parallel");
    for (String id : started) {
      var i = gateway.instrument(id);
      assertTrue(i.halted, id + " halted");
      assertEquals("KILL_SWITCH", i.cause);
      assertEquals("carol", i.haltedBy);
      assertEquals("venue outage drill", i.reason);
    }

    gateway.answerLater(0);
    Reply alerts = get("/maker/risk/alerts");
    assertEquals(101, alerts.body().path("halted").asInt(), alerts.body().toString());
  }

  @Test
  void killWithoutABodyUsesTheDefaultReasonAndAnInstrumentThatNeverAnswersFailsIt()
      throws Exception {
    serve(new MakerRoutes.Sweep(4, 3, Duration.ofMinutes(1)));
    gateway.started("BINANCE:BTCUSDT", "0.01", "0.00001");
    gateway.started("BINANCE:ETHUSDT", "0.01", "0.0001");
    gateway.timeOut("BINANCE:ETHUSDT", SymbolProtocol.Kill.class, Integer.MAX_VALUE);
    long unavailable = routes.errorCounts().get("unavailable");

    Reply a = send("POST", "/maker/kill", null, "dave");
    assertEquals(503, a.status(), a.body().toString());
    JsonNode b = a.body();
    assertFalse(b.path("complete").asBoolean());
    assertEquals(1, b.path("acknowledged").asInt());
    assertEquals(1, b.path("failedCount").asInt());
    JsonNode failed = b.path("failed").get(0);
    assertEquals("BINANCE:ETHUSDT", failed.path("instrument").asText());
    assertEquals("did not answer in time", failed.path("error").asText());
    assertEquals(3, failed.path("attempts").asInt());
    assertEquals(3, gateway.asked("BINANCE:ETHUSDT", SymbolProtocol.Kill.class));
    assertEquals(MakerRoutes.DEFAULT_KILL_REASON, b.path("reason").asText());
    assertEquals(MakerRoutes.DEFAULT_KILL_REASON, gateway.instrument("BINANCE:BTCUSDT").reason);
    assertEquals(unavailable + 1, routes.errorCounts().get("unavailable"));
  }

  @Test
  void killIsIncompleteWhenANodeCouldNotListItsInstruments() throws Exception {
    serve();
    gateway.started("BINANCE:BTCUSDT", "0.01", "0.00001");
    gateway.nodes(3, 1);
    Reply a = send("POST", "/maker/kill", "{}", "erin");
    assertEquals(503, a.status(), a.body().toString());
    assertEquals(1, a.body().path("acknowledged").asInt());
    assertEquals(0, a.body().path("failedCount").asInt());
    assertEquals(1, a.body().path("nodesUnavailable").asInt());
    assertFalse(a.body().path("complete").asBoolean());

    gateway.failListing(new IllegalStateException("cluster is not up"));
    assertRefused(
        503,
        "cannot list the running instruments: unavailable: cluster is not up",
        send("POST", "/maker/kill", null, "erin"));
    assertRefused(503, "cannot list the running instruments", get("/maker/risk/alerts"));
  }

  @Test
  void killRequestsAreValidated() throws Exception {
    serve();
    gateway.started("BINANCE:BTCUSDT", "0.01", "0.00001");
    long bad = routes.errorCounts().get("badRequest");
    assertRefused(401, "missing bearer token", send("POST", "/maker/kill", null, null));
    assertRefused(
        400,
        "field 'reason' must be a non-empty string",
        send("POST", "/maker/kill", "{\"reason\":5}", "f"));
    assertRefused(
        400, "unknown field 'why'", send("POST", "/maker/kill", "{\"why\":\"drill\"}", "f"));
    assertRefused(
        400,
        "field 'reason' is longer than 200 characters",
        send("POST", "/maker/kill", "{\"reason\":\"" + "x".repeat(201) + "\"}", "f"));
    assertRefused(
        400,
        "field 'reason' must be printable characters only",
        send("POST", "/maker/kill", "{\"reason\":\"drill\\u0000\"}", "f"));
    assertRefused(400, "malformed JSON", send("POST", "/maker/kill", "{\"reason\":", "f"));
    assertRefused(400, "must be a JSON object", send("POST", "/maker/kill", "\"stop\"", "f"));
    assertEquals(bad + 6, routes.errorCounts().get("badRequest"));
    assertEquals(0, gateway.asked(SymbolProtocol.Kill.class), "a refused kill halts nothing");
    assertEquals(405, send("GET", "/maker/kill", null, "f").status());
  }
}
