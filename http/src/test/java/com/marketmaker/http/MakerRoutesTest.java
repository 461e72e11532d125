package com.marketmaker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.marketmaker.http.TestApi.Reply;
import com.marketmaker.http.auth.Role;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator API on a real HTTP server on loopback, behind its guard, with in-memory persistence
 * behind it; the operator of every change is the token's name.
 */
class MakerRoutesTest {

  private static ActorTestKit testKit;
  private static MakerRoutes routes;
  private static TestApi api;
  private static ApiSecurity security;

  /** A token named alice that may start, stop, change and record fills. */
  private static String alice;

  private static final String PARAMS =
      "{\"riskAversion\":0.1,\"horizonSeconds\":60,\"minSpreadBps\":1,\"maxSpreadBps\":50,"
          + "\"orderSize\":\"0.001\",\"maxPosition\":\"0.05\"}";

  @BeforeAll
  static void start() throws Exception {
    testKit = ActorTestKit.create(TestSecurity.config());
    security = TestSecurity.start(testKit, TestSecurity.settings(0, 1));
    alice = TestSecurity.issue(security, "alice", Role.TRADER, Role.RISK);
    routes = new MakerRoutes(new LocalMakerGateway(testKit));
    api =
        TestApi.serve(testKit, security, routes.routes())
            .timeout(Duration.ofSeconds(10))
            .requireJson();
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /**
   * Sends with {@code token} as the bearer, or without a token when it is null; every request
   * declares a JSON body, an empty one included.
   */
  private static Reply send(String method, String path, String body, String token)
      throws Exception {
    return api.send(method, path, token, body, "Content-Type", "application/json");
  }

  private static Reply startBody(String body) throws Exception {
    return send("POST", "/maker/start", body, alice);
  }

  private static String start(String instrument, String params) {
    return "{\"instrument\":\""
        + instrument
        + "\",\"tickSize\":\"0.01\",\"lotSize\":\"0.00001\",\"parameters\":"
        + params
        + "}";
  }

  private static void assertRefused(int status, String fragment, Reply a) {
    assertEquals(status, a.status(), a.body().toString());
    String error = a.body().path("error").asText();
    assertTrue(error.contains(fragment), "error '" + error + "' should mention '" + fragment + "'");
  }

  @Test
  void startFillStatusActiveAndStopRoundTrip() throws Exception {
    Reply started = startBody(start("BINANCE:BTCUSDT", PARAMS));
    assertEquals(200, started.status(), started.body().toString());
    assertEquals("CHANGED", started.body().path("change").asText());
    assertEquals("alice", started.body().path("status").path("lastChangedBy").asText());

    String fill =
        "{\"instrument\":\"BINANCE:BTCUSDT\",\"tradeId\":42,\"side\":\"BUY\",\"price\":\"60000.01\","
            + "\"size\":0.002,\"fee\":\"0.012\"}";
    Reply booked = send("POST", "/maker/fills", fill, alice);
    assertEquals(200, booked.status(), booked.body().toString());
    assertEquals("0.00200", booked.body().path("status").path("inventory").asText());
    assertEquals("-120.01202000", booked.body().path("status").path("cash").asText());
    Reply duplicate = send("POST", "/maker/fills", fill, alice);
    assertEquals("DUPLICATE_FILL", duplicate.body().path("change").asText());

    Reply status = send("GET", "/maker/status/BINANCE:BTCUSDT", null, alice);
    assertEquals(200, status.status());
    assertEquals(42, status.body().path("lastTradeId").asLong());
    assertEquals(1, status.body().path("counters").path("fills").asLong());

    Reply active = send("GET", "/maker/active", null, alice);
    assertTrue(active.body().path("count").asInt() >= 1);
    boolean listed = false;
    for (JsonNode i : active.body().path("instruments")) {
      listed |= i.path("instrument").asText().equals("BINANCE:BTCUSDT");
    }
    assertTrue(listed, active.body().toString());

    Reply stopped = send("POST", "/maker/stop?symbol=BINANCE:BTCUSDT", null, alice);
    assertEquals(200, stopped.status());
    assertEquals(false, stopped.body().path("status").path("making").asBoolean());
    Reply activeAfter = send("GET", "/maker/active", null, alice);
    for (JsonNode i : activeAfter.body().path("instruments")) {
      assertTrue(!i.path("instrument").asText().equals("BINANCE:BTCUSDT"));
    }
  }

  /**
   * Separation of duties: a trader tunes and may lower a risk limit, only the risk role raises one,
   * through {@code /maker/limits} or a parameter change; each change is journaled with its
   * operator.
   */
  @Test
  void onlyTheRiskRoleRaisesRiskLimits() throws Exception {
    String tina = TestSecurity.issue(security, "tina", Role.TRADER);
    String rita = TestSecurity.issue(security, "rita", Role.RISK);
    String id = "BINANCE:LIMITSUSDT";
    assertEquals(200, startBody(start(id, PARAMS)).status());
    String update =
        "{\"instrument\":\""
            + id
            + "\",\"parameters\":{\"riskAversion\":0.2,\"horizonSeconds\":60,"
            + "\"minSpreadBps\":1,\"maxSpreadBps\":50,\"orderSize\":\"0.001\","
            + "\"maxPosition\":\"%s\"}%s}";

    Reply lowered = send("POST", "/maker/params", update.formatted("0.03", ""), tina);
    assertEquals(200, lowered.status(), lowered.body().toString());
    assertEquals("0.03000", lowered.body().path("status").path("maxPosition").asText());
    assertEquals("tina", lowered.body().path("status").path("lastChangedBy").asText());

    assertRefused(
        403,
        "raising maxPosition",
        send("POST", "/maker/params", update.formatted("0.1", ""), tina));
    assertRefused(
        403,
        "raising maxLoss",
        send(
            "POST",
            "/maker/params",
            update.formatted("0.03", ",\"strategy\":{\"maxLoss\":5000}"),
            tina));
    Reply unchanged = send("GET", "/maker/status/" + id, null, tina);
    assertEquals("0.03000", unchanged.body().path("maxPosition").asText());
    assertEquals(1000.0, unchanged.body().path("strategy").path("maxLoss").asDouble());

    // The trader's token may not call /maker/limits at all.
    assertEquals(
        403,
        send("POST", "/maker/limits", "{\"instrument\":\"" + id + "\",\"maxLoss\":1}", tina)
            .status());

    Reply raised =
        send(
            "POST",
            "/maker/limits",
            "{\"instrument\":\"" + id + "\",\"maxPosition\":\"0.2\",\"maxLoss\":5000}",
            rita);
    assertEquals(200, raised.status(), raised.body().toString());
    JsonNode status = raised.body().path("status");
    assertEquals("CHANGED", raised.body().path("change").asText());
    assertEquals("0.20000", status.path("maxPosition").asText());
    assertEquals(5000.0, status.path("strategy").path("maxLoss").asDouble());
    assertEquals(1000.0, status.path("strategy").path("maxDrawdown").asDouble(), "not given: kept");
    assertEquals(0.2, status.path("parameters").path("riskAversion").asDouble(), "tuning kept");
    assertEquals("rita", status.path("lastChangedBy").asText());

    // Bad limits are refused at the boundary or by the instrument, and change nothing.
    String limits = "{\"instrument\":\"" + id + "\"%s}";
    assertRefused(400, "at least one", send("POST", "/maker/limits", limits.formatted(""), rita));
    assertRefused(
        400, "maxLoss", send("POST", "/maker/limits", limits.formatted(",\"maxLoss\":-1"), rita));
    assertRefused(
        400,
        "orderSize",
        send("POST", "/maker/limits", limits.formatted(",\"orderSizeX\":1"), rita));
    assertRefused(
        400,
        "at least one order size",
        send("POST", "/maker/limits", limits.formatted(",\"maxPosition\":\"0.0001\""), rita));
    assertRefused(
        404,
        "BINANCE:NOSUCHUSDT",
        send(
            "POST",
            "/maker/limits",
            "{\"instrument\":\"BINANCE:NOSUCHUSDT\",\"maxLoss\":10}",
            rita));

    // A restart by the trader may not come back with higher limits than the instrument had.
    assertEquals(200, send("POST", "/maker/stop?symbol=" + id, null, tina).status());
    String restart =
        "{\"instrument\":\""
            + id
            + "\",\"tickSize\":\"0.01\",\"lotSize\":\"0.00001\",\"parameters\":"
            + PARAMS.replace("0.05", "%s")
            + ",\"strategy\":{\"maxLoss\":5000}}";
    assertRefused(
        403, "raising maxPosition", send("POST", "/maker/start", restart.formatted("0.5"), tina));
    Reply restarted = send("POST", "/maker/start", restart.formatted("0.2"), tina);
    assertEquals(200, restarted.status(), restarted.body().toString());
    assertTrue(restarted.body().path("status").path("making").asBoolean());
  }

  @Test
  void parametersCanBeUpdatedOnTheInstrumentsGrid() throws Exception {
    startBody(start("KRAKEN:XBT/USD", PARAMS));
    String update =
        "{\"instrument\":\"KRAKEN:XBT/USD\",\"parameters\":{\"riskAversion\":0.5,\"horizonSeconds\":30,"
            + "\"minSpreadBps\":2,\"maxSpreadBps\":20,\"orderSize\":\"0.002\",\"maxPosition\":\"0.1\"}}";
    Reply a = send("POST", "/maker/params", update, alice);
    assertEquals(200, a.status(), a.body().toString());
    assertEquals(200, a.body().path("status").path("parameters").path("orderSizeLots").asLong());
    assertRefused(
        400,
        "parameters.orderSize",
        send("POST", "/maker/params", update.replace("0.002", "0.0000001"), alice));
  }

  @Test
  void quoteStepsAreSetAtStartChangedByParamsAndKeptWhereNotGiven() throws Exception {
    String body =
        start("BINANCE:LTCUSDT", PARAMS)
            .replace(
                "\"parameters\"",
                "\"strategy\":{\"reference\":\"mid\",\"inventoryLeanTicks\":3,"
                    + "\"pressureThresholds\":[0.5],\"pressureShiftTicks\":[2]},\"parameters\"");
    Reply started = startBody(body);
    assertEquals(200, started.status(), started.body().toString());
    JsonNode quoting = started.body().path("status").path("strategy").path("quoting");
    assertEquals("mid", quoting.path("reference").asText());
    assertEquals(3.0, quoting.path("inventoryLeanTicks").asDouble());
    assertEquals(2.0, quoting.path("pressureShiftTicks").get(0).asDouble());

    String update =
        "{\"instrument\":\"BINANCE:LTCUSDT\",\"parameters\":"
            + PARAMS
            + ",\"strategy\":{\"vpinWidenThreshold\":0.6,\"model\":\"as\"}}";
    Reply a = send("POST", "/maker/params", update, alice);
    assertEquals(200, a.status(), a.body().toString());
    JsonNode strategy = a.body().path("status").path("strategy");
    assertEquals("AVELLANEDA_STOIKOV", strategy.path("model").asText());
    assertEquals(0.6, strategy.path("quoting").path("vpinWidenThreshold").asDouble());
    assertEquals("mid", strategy.path("quoting").path("reference").asText(), "kept");
    assertEquals(3.0, strategy.path("quoting").path("inventoryLeanTicks").asDouble(), "kept");

    assertRefused(
        400,
        "unknown field 'strategy.vpin'",
        send("POST", "/maker/params", update.replace("vpinWidenThreshold", "vpin"), alice));

    // No feed in this test: the quote read-out says so and has no decision yet.
    Reply quote = send("GET", "/maker/quote/BINANCE:LTCUSDT", null, alice);
    assertEquals(200, quote.status(), quote.body().toString());
    assertEquals(0, quote.body().path("decisions").asLong());
    assertEquals(404, send("GET", "/maker/quote/BINANCE:DOGEUSDT", null, alice).status());
  }

  @Test
  void invalidInputGets400WithAReason() throws Exception {
    long before = routes.errorCounts().get("badRequest");
    assertRefused(400, "unknown venue 'FTX'", startBody(start("FTX:BTCUSD", PARAMS)));
    assertRefused(400, "malformed JSON", startBody("{\"instrument\": "));
    assertRefused(
        400, "malformed JSON", startBody(start("BINANCE:BTCUSDT", PARAMS).replace("0.1", "NaN")));
    assertRefused(
        400,
        "parameters.riskAversion' must be a number",
        startBody(start("BINANCE:BTCUSDT", PARAMS.replace("0.1", "\"NaN\""))));
    assertRefused(
        400,
        "missing field 'parameters.maxPosition'",
        startBody(start("BINANCE:BTCUSDT", PARAMS.replace(",\"maxPosition\":\"0.05\"", ""))));
    assertRefused(
        400,
        "missing field 'tickSize'",
        startBody(start("BINANCE:BTCUSDT", PARAMS).replace("\"tickSize\":\"0.01\",", "")));
    assertRefused(
        400,
        "riskAversion (gamma) must be > 0",
        startBody(start("BINANCE:BTCUSDT", PARAMS.replace("0.1", "-0.1"))));
    assertRefused(
        400,
        "maxSpreadBps (0.5) must be >= minSpreadBps",
        startBody(start("BINANCE:BTCUSDT", PARAMS.replace("50", "0.5"))));
    assertRefused(
        400,
        "parameters.orderSize' must be positive",
        startBody(start("BINANCE:BTCUSDT", PARAMS.replace("\"0.001\"", "\"-0.001\""))));
    assertRefused(400, "request body must be a JSON object", startBody("[1,2]"));
    assertRefused(
        401,
        "missing bearer token",
        send("POST", "/maker/start", start("BINANCE:BTCUSDT", PARAMS), null));
    assertRefused(
        400, "missing query parameter 'symbol'", send("POST", "/maker/stop", null, alice));
    assertRefused(400, "expected VENUE:SYMBOL", send("GET", "/maker/status/BTCUSDT", null, alice));

    String fill =
        "{\"instrument\":\"BINANCE:LTCUSDT\",\"tradeId\":1,\"side\":\"BUY\",\"price\":\"100.00\",\"size\":\"0.001\"}";
    startBody(start("BINANCE:LTCUSDT", PARAMS));
    assertRefused(
        400,
        "'size' must be positive",
        send("POST", "/maker/fills", fill.replace("\"0.001\"", "\"-0.001\""), alice));
    assertRefused(
        400,
        "side must be BUY or SELL",
        send("POST", "/maker/fills", fill.replace("BUY", "HOLD"), alice));
    assertRefused(
        400,
        "has more than 2 decimal places",
        send("POST", "/maker/fills", fill.replace("100.00", "100.001"), alice));
    assertRefused(
        400,
        "'tradeId' must be an integer",
        send("POST", "/maker/fills", fill.replace("\"tradeId\":1", "\"tradeId\":\"x\""), alice));
    assertRefused(
        400,
        "'price' must be a decimal number",
        send("POST", "/maker/fills", fill.replace("\"100.00\"", "\"1O0\""), alice));
    // One per refusal above but the missing token, which the guard refuses before the routes.
    assertEquals(before + 17, routes.errorCounts().get("badRequest"));
  }

  @Test
  void unknownInstrumentGets404AndConflictsGet409() throws Exception {
    assertRefused(
        404, "has never been started", send("GET", "/maker/status/COINBASE:BTC-USD", null, alice));
    assertRefused(
        404,
        "has never been started",
        send("POST", "/maker/stop?symbol=COINBASE:ETH-USD", null, alice));
    assertRefused(
        404,
        "has never been started",
        send(
            "POST",
            "/maker/fills",
            "{\"instrument\":\"COINBASE:SOL-USD\",\"tradeId\":1,\"side\":\"SELL\",\"price\":\"1\",\"size\":\"1\"}",
            alice));
    startBody(start("BINANCE:ETHUSDT", PARAMS));
    assertRefused(
        409,
        "already making with other parameters",
        startBody(start("BINANCE:ETHUSDT", PARAMS.replace("0.1", "0.2"))));
  }
}
