package com.marketmaker.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketmaker.simulator.exchange.ExchangeAccount;
import com.marketmaker.simulator.synthetic.SyntheticInstrument;
import com.marketmaker.testsupport.SharedData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spot order entry over real HTTP and the user-data stream over a real WebSocket, on a synthetic
 * instrument whose crowd is not running (only the test's accounts trade): the book and every fill
 * are known in advance.
 */
class OrderEntryTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String SYM = "SYN001USDT";
  static ActorSystem<Void> system;
  static BinanceVenueSimulator sim;
  static SignedClient mm;
  static SignedClient other;
  static SignedClient burst;
  static int port;

  @BeforeAll
  static void start() {
    system = ActorSystem.create(Behaviors.empty(), "order-entry-test");
    ExchangeSettings ex =
        ExchangeSettings.defaults()
            .withAccounts(
                List.of(
                    new ExchangeAccount("mm", "mmKey1", "mm-secret-0001"),
                    new ExchangeAccount("other", "otherKey2", "other-secret-02"),
                    new ExchangeAccount("burst", "burstKey3", "burst-secret-3")))
            .withInstruments(SyntheticInstrument.defaults(2), List.of())
            .withOrderLimits(20, 300);
    sim =
        BinanceVenueSimulator.start(
            system,
            Settings.defaults(SharedData.dir()).withSymbols(List.of(), List.of()).withExchange(ex));
    port = sim.spotPort();
    mm = new SignedClient(system, port, "mmKey1", "mm-secret-0001");
    other = new SignedClient(system, port, "otherKey2", "other-secret-02");
    burst = new SignedClient(system, port, "burstKey3", "burst-secret-3");
  }

  @AfterAll
  static void stop() {
    sim.stop();
    system.terminate();
  }

  static JsonNode ok(SignedClient.Reply r) throws Exception {
    assertEquals(200, r.status(), r.body());
    return JSON.readTree(r.body());
  }

  static void refused(SignedClient.Reply r, int status, int code, String msg) throws Exception {
    assertEquals(status, r.status(), r.body());
    JsonNode j = JSON.readTree(r.body());
    assertEquals(code, j.path("code").asInt(), r.body());
    if (msg != null) {
      assertEquals(msg, j.path("msg").asText());
    }
  }

  @Test
  void roundTripWithUserStreamAgreeingWithTheLedger() throws Exception {
    String key =
        ok(mm.send(HttpMethods.POST, "/api/v3/userDataStream", null, "mmKey1"))
            .path("listenKey")
            .asText();
    assertEquals(60, key.length());
    WsTestClient ws = WsTestClient.connect(system, "ws://127.0.0.1:" + port + "/ws/" + key);
    WsTestClient combined =
        WsTestClient.connect(system, "ws://127.0.0.1:" + port + "/stream?streams=" + key);

    // 1. a resting sell of 1.000 at 100.00
    JsonNode placed =
        ok(
            mm.signed(
                HttpMethods.POST,
                "/api/v3/order",
                "symbol=SYN001USDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=1.000&price=100.00"
                    + "&newClientOrderId=mm-1"));
    assertEquals("NEW", placed.path("status").asText());
    assertEquals("mm-1", placed.path("clientOrderId").asText());
    assertEquals("100.00000000", placed.path("price").asText());
    assertEquals("1.00000000", placed.path("origQty").asText());
    assertEquals(0, placed.path("fills").size());
    long sellId = placed.path("orderId").asLong();

    // 2. another account takes 0.400 with an IOC buy (parameters in the form body)
    JsonNode take =
        ok(
            other.signedBody(
                HttpMethods.POST,
                "/api/v3/order",
                "symbol=SYN001USDT&side=BUY&type=LIMIT&timeInForce=IOC&quantity=0.400&price=100.50"));
    assertEquals("FILLED", take.path("status").asText());
    assertEquals(1, take.path("fills").size());
    assertEquals("100.00000000", take.path("fills").get(0).path("price").asText());
    // 0.4 × 100 = 40 USDT, taker 0.10 % = 0.04
    assertEquals("0.04000000", take.path("fills").get(0).path("commission").asText());
    assertEquals("USDT", take.path("fills").get(0).path("commissionAsset").asText());
    assertEquals("40.00000000", take.path("cummulativeQuoteQty").asText());
    JsonNode partial =
        ok(mm.signed(HttpMethods.GET, "/api/v3/order", "symbol=SYN001USDT&orderId=" + sellId));
    assertEquals("PARTIALLY_FILLED", partial.path("status").asText());
    assertEquals("0.40000000", partial.path("executedQty").asText());

    // 3. a market buy fills the rest
    JsonNode market =
        ok(
            other.signed(
                HttpMethods.POST,
                "/api/v3/order",
                "symbol=SYN001USDT&side=BUY&type=MARKET&quantity=0.600"));
    assertEquals("FILLED", market.path("status").asText());
    assertEquals(
        "FILLED",
        ok(mm.signed(HttpMethods.GET, "/api/v3/order", "symbol=SYN001USDT&origClientOrderId=mm-1"))
            .path("status")
            .asText());

    // 4. three more orders, cancel one by client id, then the rest at once
    for (String o :
        List.of(
            "side=BUY&price=99.00&newClientOrderId=mm-2",
            "side=BUY&price=98.00&newClientOrderId=mm-3",
            "side=SELL&price=101.00&newClientOrderId=mm-4")) {
      ok(
          mm.signed(
              HttpMethods.POST,
              "/api/v3/order",
              "symbol=SYN001USDT&type=LIMIT_MAKER&quantity=0.100&" + o));
    }
    JsonNode open = ok(mm.signed(HttpMethods.GET, "/api/v3/openOrders", "symbol=SYN001USDT"));
    assertEquals(3, open.size());
    assertEquals("mm-2", open.get(0).path("clientOrderId").asText());
    JsonNode cancelled =
        ok(
            mm.signed(
                HttpMethods.DELETE,
                "/api/v3/order",
                "symbol=SYN001USDT&origClientOrderId=mm-2&newClientOrderId=cx-2"));
    assertEquals("CANCELED", cancelled.path("status").asText());
    assertEquals("mm-2", cancelled.path("origClientOrderId").asText());
    assertEquals("cx-2", cancelled.path("clientOrderId").asText());
    JsonNode all = ok(mm.signed(HttpMethods.DELETE, "/api/v3/openOrders", "symbol=SYN001USDT"));
    assertEquals(2, all.size());
    assertEquals(
        0, ok(mm.signed(HttpMethods.GET, "/api/v3/openOrders", "symbol=SYN001USDT")).size());
    JsonNode adminOrders =
        JSON.readTree(Rest.ok(port, "/admin/orders?account=mm&symbol=SYN001USDT"));
    assertEquals(0, adminOrders.size());
    refused(
        mm.signed(HttpMethods.DELETE, "/api/v3/order", "symbol=SYN001USDT&origClientOrderId=mm-3"),
        400,
        -2011,
        "Unknown order sent.");
    refused(
        mm.signed(HttpMethods.DELETE, "/api/v3/openOrders", "symbol=SYN001USDT"),
        400,
        -2011,
        "Unknown order sent.");

    // 5. trade history: mm has trades 1 (0.4) and 2 (0.6); since id 2 only the second
    JsonNode trades = ok(mm.signed(HttpMethods.GET, "/api/v3/myTrades", "symbol=SYN001USDT"));
    assertEquals(2, trades.size());
    JsonNode since =
        ok(mm.signed(HttpMethods.GET, "/api/v3/myTrades", "symbol=SYN001USDT&fromId=2&limit=1000"));
    assertEquals(1, since.size());
    assertEquals(2, since.get(0).path("id").asLong());
    assertEquals("0.60000000", since.get(0).path("qty").asText());
    assertTrue(since.get(0).path("isMaker").asBoolean());
    assertEquals("0.06000000", since.get(0).path("commission").asText());
    refused(
        mm.signed(HttpMethods.GET, "/api/v3/myTrades", "symbol=SYN001USDT&limit=1001"),
        400,
        -1130,
        null);

    // 6. the user stream: every change of mm's orders, in order, agreeing with the ledger
    List<String> expected =
        List.of(
            "mm-1 NEW NEW",
            "mm-1 TRADE PARTIALLY_FILLED",
            "mm-1 TRADE FILLED",
            "mm-2 NEW NEW",
            "mm-3 NEW NEW",
            "mm-4 NEW NEW",
            "cx-2 CANCELED CANCELED",
            "cancel" + (sellId + 4) + " CANCELED CANCELED",
            "cancel" + (sellId + 5) + " CANCELED CANCELED");
    List<JsonNode> events = new ArrayList<>();
    for (int i = 0; i < expected.size(); i++) {
      events.add(JSON.readTree(ws.next(Duration.ofSeconds(10))));
    }
    List<String> seen = new ArrayList<>();
    for (JsonNode e : events) {
      assertEquals("executionReport", e.path("e").asText());
      seen.add(e.path("c").asText() + " " + e.path("x").asText() + " " + e.path("X").asText());
    }
    assertEquals(expected, seen);
    JsonNode ledger = JSON.readTree(Rest.ok(port, "/admin/ledger?account=mm&symbol=SYN001USDT"));
    assertEquals(2, ledger.size());
    for (int i = 0; i < 2; i++) {
      JsonNode report = events.get(1 + i);
      JsonNode fill = ledger.get(i);
      assertEquals(fill.path("tradeId").asLong(), report.path("t").asLong());
      assertEquals(fill.path("orderId").asLong(), report.path("i").asLong());
      assertEquals(
          new java.math.BigDecimal(fill.path("qty").asText()).stripTrailingZeros(),
          new java.math.BigDecimal(report.path("l").asText()).stripTrailingZeros());
      assertEquals(
          new java.math.BigDecimal(fill.path("price").asText()).stripTrailingZeros(),
          new java.math.BigDecimal(report.path("L").asText()).stripTrailingZeros());
      assertEquals(fill.path("fee").asText(), report.path("n").asText());
      assertTrue(report.path("m").asBoolean());
      assertEquals(trades.get(i).path("id").asLong(), fill.path("tradeId").asLong());
      assertEquals(trades.get(i).path("commission").asText(), fill.path("fee").asText());
    }
    assertEquals("mm-2", events.get(6).path("C").asText());
    JsonNode wrapped = JSON.readTree(combined.next(Duration.ofSeconds(10)));
    assertEquals(key, wrapped.path("stream").asText());
    assertEquals("mm-1", wrapped.path("data").path("c").asText());
    assertEquals(0, ws.pending()); // nothing else for mm
  }

  @Test
  void refusesBadRequestsWithBinanceCodes() throws Exception {
    String order =
        "symbol=SYN002USDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.100&price=90.00";
    String q = order + "&timestamp=" + System.currentTimeMillis();
    String sig = mm.sign(q);
    refused(
        mm.send(HttpMethods.POST, "/api/v3/order?" + q + "&signature=" + sig, null, null),
        401,
        -2014,
        "API-key format invalid.");
    refused(
        mm.send(HttpMethods.POST, "/api/v3/order?" + q + "&signature=" + sig, null, "nobody"),
        401,
        -2015,
        "Invalid API-key, IP, or permissions for action.");
    refused(
        mm.send(
            HttpMethods.POST, "/api/v3/order?" + q + "&signature=" + other.sign(q), null, "mmKey1"),
        400,
        -1022,
        "Signature for this request is not valid.");
    refused(
        mm.send(
            HttpMethods.POST,
            "/api/v3/order?" + order + "&signature=" + mm.sign(order),
            null,
            "mmKey1"),
        400,
        -1102,
        "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.");
    String old = order + "&recvWindow=1000&timestamp=" + (System.currentTimeMillis() - 5_000);
    refused(
        mm.send(
            HttpMethods.POST,
            "/api/v3/order?" + old + "&signature=" + mm.sign(old),
            null,
            "mmKey1"),
        400,
        -1021,
        "Timestamp for this request is outside of the recvWindow.");
    String ahead = order + "&timestamp=" + (System.currentTimeMillis() + 60_000);
    refused(
        mm.send(
            HttpMethods.POST,
            "/api/v3/order?" + ahead + "&signature=" + mm.sign(ahead),
            null,
            "mmKey1"),
        400,
        -1021,
        null);
    refused(
        mm.signed(HttpMethods.POST, "/api/v3/order", order + "&recvWindow=70000"),
        400,
        -1131,
        null);
    refused(
        mm.signed(
            HttpMethods.POST,
            "/api/v3/order",
            "symbol=SYN002USDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.100"),
        400,
        -1102,
        "Mandatory parameter 'price' was not sent, was empty/null, or malformed.");
    refused(
        mm.signed(HttpMethods.POST, "/api/v3/order", order.replace("90.00", "9O.00")),
        400,
        -1100,
        null);
    refused(
        mm.signed(HttpMethods.POST, "/api/v3/order", order.replace("SYN002USDT", "BTCUSDT")),
        400,
        -1121,
        "Invalid symbol.");
    refused(
        mm.signed(HttpMethods.POST, "/api/v3/order", order.replace("90.00", "90.001")),
        400,
        -1013,
        "Filter failure: PRICE_FILTER");
    refused(
        mm.signed(HttpMethods.POST, "/api/v3/order", order.replace("0.100", "0.0001")),
        400,
        -1013,
        "Filter failure: LOT_SIZE");
    refused(
        mm.signed(HttpMethods.POST, "/api/v3/order", order.replace("0.100", "0.001")),
        400,
        -1013,
        "Filter failure: NOTIONAL");
    refused(
        mm.signed(HttpMethods.POST, "/api/v3/order", order.replace("type=LIMIT", "type=STOP")),
        400,
        -1116,
        "Invalid orderType.");
    refused(
        mm.signed(HttpMethods.POST, "/api/v3/order", order + "&icebergQty=0.01"), 400, -1104, null);
    ok(mm.signed(HttpMethods.POST, "/api/v3/order", order + "&newClientOrderId=dup"));
    refused(
        mm.signed(HttpMethods.POST, "/api/v3/order", order + "&newClientOrderId=dup"),
        400,
        -2010,
        "Duplicate order sent.");
    ok(
        other.signed(
            HttpMethods.POST,
            "/api/v3/order",
            "symbol=SYN002USDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.100&price=91.00"));
    refused(
        mm.signed(
            HttpMethods.POST,
            "/api/v3/order",
            "symbol=SYN002USDT&side=BUY&type=LIMIT_MAKER&quantity=0.100&price=91.00"),
        400,
        -2010,
        "Order would immediately match and take.");
    refused(
        mm.signed(HttpMethods.DELETE, "/api/v3/order", "symbol=SYN002USDT&orderId=999"),
        400,
        -2011,
        "Unknown order sent.");
    refused(
        mm.signed(HttpMethods.GET, "/api/v3/order", "symbol=SYN002USDT&orderId=999"),
        400,
        -2013,
        "Order does not exist.");
    refused(mm.signed(HttpMethods.DELETE, "/api/v3/order", "symbol=SYN002USDT"), 400, -1102, null);
    refused(
        mm.send(HttpMethods.PUT, "/api/v3/userDataStream?listenKey=nope", null, "mmKey1"),
        400,
        -1125,
        "This listenKey does not exist.");

    // the rejectOrders fault: the next two orders get the armed error, the third goes through
    assertEquals(
        200,
        Rest.post(
                port,
                "/admin/faults",
                "{\"type\":\"rejectOrders\",\"count\":2,\"code\":-2010,\"msg\":\"Account has insufficient balance for requested action.\"}")
            .statusCode());
    String small =
        "symbol=SYN002USDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.100&price=80.00";
    refused(
        mm.signed(HttpMethods.POST, "/api/v3/order", small),
        400,
        -2010,
        "Account has insufficient balance for requested action.");
    refused(
        mm.signed(HttpMethods.POST, "/api/v3/order", small),
        400,
        -2010,
        "Account has insufficient balance for requested action.");
    ok(mm.signed(HttpMethods.POST, "/api/v3/order", small));
    assertEquals(
        400,
        Rest.post(port, "/admin/faults", "{\"type\":\"rejectOrders\",\"count\":0}").statusCode());
  }

  @Test
  void limitsNewOrdersPerTenSeconds() throws Exception {
    // 41 orders cannot all fit a limit of 20 per 10 s, wherever an interval boundary falls
    String o = "symbol=SYN002USDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.100&price=150.00";
    SignedClient.Reply refusedReply = null;
    int lastCount = 0;
    for (int i = 0; i < 41 && refusedReply == null; i++) {
      SignedClient.Reply r = burst.signed(HttpMethods.POST, "/api/v3/order", o);
      assertNotNull(r.header("X-MBX-ORDER-COUNT-10S"), r.toString());
      if (r.status() == 429) {
        refusedReply = r;
      } else {
        assertEquals(200, r.status(), r.body());
        lastCount = Integer.parseInt(r.header("X-MBX-ORDER-COUNT-10S"));
      }
    }
    assertNotNull(refusedReply);
    assertEquals(20, lastCount);
    refused(
        refusedReply, 429, -1015, "Too many new orders; current limit is 20 orders per 10 SECOND.");
    assertEquals("20", refusedReply.header("X-MBX-ORDER-COUNT-10S"));
  }
}
