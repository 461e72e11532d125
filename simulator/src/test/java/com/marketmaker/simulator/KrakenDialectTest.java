package com.marketmaker.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketmaker.core.book.Side;
import com.marketmaker.core.book.TreeMapOrderBook;
import com.marketmaker.core.feed.KrakenBookMessage;
import com.marketmaker.core.feed.KrakenDecoder;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.sync.BookSync;
import com.marketmaker.core.sync.KrakenBookSync;
import com.marketmaker.core.sync.KrakenChecksum;
import com.marketmaker.simulator.coinbase.CoinbaseVenueSimulator;
import com.marketmaker.simulator.kraken.KrakenVenueSimulator;
import com.marketmaker.simulator.replay.ReplayEngine;
import com.marketmaker.simulator.socket.StreamVenueSettings;
import com.marketmaker.testsupport.RecordedInstruments;
import com.marketmaker.testsupport.SharedData;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Kraken dialect against a real WebSocket client on loopback. The oracle is the capture's own
 * checksums: a client that follows the simulator's snapshot and updates with core's {@link
 * KrakenBookSync} must reproduce every one of them, however late it subscribed and at any depth.
 */
class KrakenDialectTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "kraken-dialect-test");
  KrakenVenueSimulator sim;

  @BeforeEach
  void start() {
    sim = KrakenVenueSimulator.start(system, StreamVenueSettings.defaults(SharedData.dir()));
  }

  @AfterEach
  void stop() {
    sim.stop();
  }

  @AfterAll
  static void shutdown() {
    system.terminate();
  }

  static InstrumentSpec spec(String pair) {
    RecordedInstruments.TickLot t = RecordedInstruments.kraken(pair);
    return t == null
        ? null
        : InstrumentSpec.of(
            new InstrumentId(Venue.KRAKEN, pair.replace('/', '-')), t.tick(), t.lot());
  }

  /** Checksummed updates per pair, counted in the capture's text. */
  static Map<String, Integer> checksummedInCapture() throws Exception {
    Map<String, Integer> out = new HashMap<>();
    for (String json : Recorded.received("KRAKEN.ws.50.0")) {
      if (json.startsWith("[") && json.contains("\"c\":\"")) {
        JsonNode n = JSON.readTree(json);
        out.merge(n.get(n.size() - 1).asText(), 1, Integer::sum);
      }
    }
    return out;
  }

  /** A client keeping core books of what it receives. */
  static final class Client {
    final WsTestClient ws;
    final KrakenDecoder decoder = new KrakenDecoder(KrakenDialectTest::spec);
    final Map<String, KrakenBookSync> books = new HashMap<>();
    final Map<String, Integer> depths = new HashMap<>();
    final Map<String, Integer> snapshots = new HashMap<>();
    final Map<String, String> statuses = new HashMap<>();
    int rejected;
    int pongs;

    Client(WsTestClient ws) {
      this.ws = ws;
    }

    void subscribe(int depth, String... pairs) {
      for (String p : pairs) {
        depths.put(p, depth);
      }
      ws.send(
          "{\"event\":\"subscribe\",\"reqid\":7,\"pair\":"
              + JSON.valueToTree(List.of(pairs))
              + ",\"subscription\":{\"name\":\"book\",\"depth\":"
              + depth
              + "}}");
    }

    void unsubscribe(int depth, String pair) {
      ws.send(
          "{\"event\":\"unsubscribe\",\"pair\":[\""
              + pair
              + "\"],\"subscription\":{\"name\":\"book\",\"depth\":"
              + depth
              + "}}");
    }

    void take(String frame) throws Exception {
      KrakenDecoder.Kind kind = decoder.decode(frame.getBytes(StandardCharsets.UTF_8));
      if (kind == KrakenDecoder.Kind.REJECTED) {
        rejected++;
        return;
      }
      if (frame.startsWith("{")) {
        JsonNode n = JSON.readTree(frame);
        if (n.path("event").asText().equals("pong")) {
          pongs++;
        }
        if (n.has("pair")) {
          statuses.put(
              n.get("pair").asText(),
              n.path("status").asText() + " " + n.path("errorMessage").asText(""));
        }
        return;
      }
      if (kind != KrakenDecoder.Kind.BOOK) {
        return;
      }
      KrakenBookMessage m = decoder.book();
      String pair = m.spec.id().symbol().replace('-', '/');
      KrakenBookSync sync =
          books.computeIfAbsent(
              pair,
              p ->
                  new KrakenBookSync(
                      new TreeMapOrderBook(),
                      depths.get(p),
                      new KrakenChecksum(
                          m.spec, RecordedInstruments.kraken(p).priceDecimals(), 8)));
      if (m.snapshot) {
        snapshots.merge(pair, 1, Integer::sum);
      }
      sync.onMessage(m);
    }

    long verified(String pair) {
      KrakenBookSync s = books.get(pair);
      return s == null ? 0 : s.verifiedCount();
    }

    long gaps() {
      return books.values().stream().mapToLong(BookSync::gapCount).sum();
    }

    /**
     * Reads every frame the server queued before now: a ping's pong comes after them on the
     * connection.
     */
    void drain() throws Exception {
      int before = pongs;
      ws.send("{\"event\":\"ping\"}");
      until(() -> pongs > before);
    }

    /** Reads frames until {@code done}, failing after 60 s. */
    void until(BooleanSupplier done) throws Exception {
      ws.readUntil(this::take, done, Duration.ofSeconds(60));
    }
  }

  private Client connect() throws Exception {
    Client c = new Client(WsTestClient.connect(system, sim.wsUrl()));
    JsonNode hello = JSON.readTree(c.ws.next(Duration.ofSeconds(10)));
    assertEquals("systemStatus", hello.get("event").asText());
    assertEquals("online", hello.get("status").asText());
    return c;
  }

  private boolean replayDone() {
    return sim.status().state() == ReplayEngine.State.DONE;
  }

  @Test
  void everyRecordedChecksumVerifiesForClientsAtFullAndShallowDepth() throws Exception {
    Map<String, Integer> expected = checksummedInCapture();
    Client full = connect();
    full.subscribe(1000, sim.symbols().toArray(new String[0]));
    Client shallow = connect();
    shallow.subscribe(10, "XBT/CHF", "ETH/CHF", "XMR/USD");
    full.until(() -> full.snapshots.size() == 10);
    shallow.until(() -> shallow.snapshots.size() == 3);
    JsonNode status = JSON.readTree(Rest.ok(sim.port(), "/admin/replay/status"));
    assertEquals(13, status.get("snapshotsServed").asInt());

    assertTrue(sim.startReplay(Double.POSITIVE_INFINITY));
    int total = expected.values().stream().mapToInt(Integer::intValue).sum();
    full.until(
        () -> sim.symbols().stream().mapToLong(full::verified).sum() == total || full.gaps() > 0);
    assertEquals(0, full.gaps(), "a checksum failed");
    for (String pair : sim.symbols()) {
      assertEquals((long) expected.get(pair), full.verified(pair), pair);
    }
    assertEquals(4269, total, "the capture's documented count");

    // The depth-10 client saw only the changes of its window, yet every checksum it got verifies
    // and its book is the full client's top 10.
    shallow.until(this::replayDone);
    shallow.drain();
    assertEquals(0, shallow.gaps(), "a window update broke the book");
    for (String pair : List.of("XBT/CHF", "ETH/CHF", "XMR/USD")) {
      assertTrue(shallow.verified(pair) > 0, pair);
      var a = full.books.get(pair).book();
      var b = shallow.books.get(pair).book();
      assertEquals(10, b.levelCount(Side.BID));
      for (int i = 0; i < 10; i++) {
        assertEquals(a.priceAt(Side.BID, i), b.priceAt(Side.BID, i));
        assertEquals(a.sizeAt(Side.BID, i), b.sizeAt(Side.BID, i));
        assertEquals(a.priceAt(Side.ASK, i), b.priceAt(Side.ASK, i));
        assertEquals(a.sizeAt(Side.ASK, i), b.sizeAt(Side.ASK, i));
      }
    }
  }

  @Test
  void aMidStreamSubscriptionGetsTheCurrentBookAndResubscribingAFreshOne() throws Exception {
    Client early = connect();
    early.subscribe(1000, "XBT/CHF");
    early.until(() -> early.snapshots.size() == 1);
    assertTrue(sim.startReplay(10.0));
    int total = sim.status().total();
    early.until(() -> sim.status().position() > total / 3);

    Client late = connect();
    late.subscribe(1000, "XBT/CHF");
    late.subscribe(25, "ETH/CHF");
    late.until(() -> late.snapshots.size() == 2);
    late.until(() -> sim.status().position() > 2 * total / 3);
    late.unsubscribe(1000, "XBT/CHF");
    late.until(() -> "unsubscribed ".equals(late.statuses.get("XBT/CHF")));
    late.subscribe(1000, "XBT/CHF");
    late.until(() -> late.snapshots.get("XBT/CHF") == 2);
    assertTrue(late.verified("XBT/CHF") > 0);

    late.until(this::replayDone);
    late.drain();
    early.drain();
    assertEquals(0, late.gaps(), "checksums after a mid-stream snapshot must verify");
    assertEquals(0, early.gaps());
    assertTrue(late.verified("ETH/CHF") > 0);
    var a = early.books.get("XBT/CHF").book();
    var b = late.books.get("XBT/CHF").book();
    assertEquals(a.stateHash(), b.stateHash(), "same book at the end of the replay");
    assertEquals(a.levelCount(Side.ASK), b.levelCount(Side.ASK));
  }

  /**
   * Kraken's documented v1 trade message (docs.kraken.com, websockets v1, "trade"): two trades on
   * one message, as published here on XBT/CHF.
   */
  private static final String DOC_TRADES =
      "[[\"5541.20000\",\"0.15850568\",\"1534614057.321597\",\"s\",\"l\",\"\"],"
          + "[\"6060.00000\",\"0.02455000\",\"1534614057.324998\",\"b\",\"l\",\"\"]]";

  private static final String DOC_TRADES_BODY =
      "{\"pair\":\"XBT/CHF\",\"trades\":["
          + "{\"price\":\"5541.20000\",\"volume\":\"0.15850568\",\"time\":\"1534614057.321597\","
          + "\"side\":\"s\",\"orderType\":\"l\"},"
          + "{\"price\":\"6060.00000\",\"volume\":\"0.02455000\",\"time\":\"1534614057.324998\","
          + "\"side\":\"b\",\"orderType\":\"l\"}]}";

  private static String tradeRequest(String event, String pair) {
    return "{\"event\":\""
        + event
        + "\",\"pair\":[\""
        + pair
        + "\"],\"subscription\":{\"name\":\"trade\"}}";
  }

  /** Asserts the connection has nothing queued before the answer to a ping. */
  private static void nothingBeforePong(WsTestClient ws) throws Exception {
    assertEquals("pong", JSON.readTree(ws.request("{\"event\":\"ping\"}")).get("event").asText());
  }

  @Test
  void publishedTradesReachTheTradeSubscribersOfThePairInKrakenV1Format() throws Exception {
    Client xbt = connect();
    JsonNode subscribed = JSON.readTree(xbt.ws.request(tradeRequest("subscribe", "XBT/CHF")));
    assertEquals("subscribed", subscribed.get("status").asText());
    long channel = subscribed.get("channelID").asLong();
    Client eth = connect();
    assertEquals(
        "subscribed",
        JSON.readTree(eth.ws.request(tradeRequest("subscribe", "ETH/CHF"))).get("status").asText());

    // A book subscription of the same pair comes and goes; the trade subscription stays.
    xbt.subscribe(10, "XBT/CHF");
    xbt.until(() -> xbt.snapshots.size() == 1);
    xbt.unsubscribe(10, "XBT/CHF");
    xbt.until(() -> "unsubscribed ".equals(xbt.statuses.get("XBT/CHF")));
    assertEquals(1, sim.tradeSubscriptions("XBT/CHF"));

    HttpResponse<String> published = Rest.post(sim.port(), "/admin/trades", DOC_TRADES_BODY);
    assertEquals(200, published.statusCode(), published.body());
    JsonNode answer = JSON.readTree(published.body());
    assertEquals(1, answer.get("connections").asInt());
    assertEquals(2, answer.get("trades").asInt());
    assertEquals(channel, answer.get("channelID").asLong());
    JsonNode message = JSON.readTree(xbt.ws.next(Duration.ofSeconds(10)));
    assertEquals(
        JSON.readTree("[" + channel + "," + DOC_TRADES + ",\"trade\",\"XBT/CHF\"]"), message);
    nothingBeforePong(eth.ws);

    // Defaults: the time is now (seconds with six decimals), the order type limit.
    long before = System.currentTimeMillis();
    assertEquals(
        200,
        Rest.post(
                sim.port(),
                "/admin/trades",
                "{\"pair\":\"ETH/CHF\",\"trades\":[{\"price\":\"3000.1\",\"volume\":\"2\","
                    + "\"side\":\"b\"}]}")
            .statusCode());
    JsonNode eth1 = JSON.readTree(eth.ws.next(Duration.ofSeconds(10))).get(1).get(0);
    assertEquals("3000.1", eth1.get(0).asText());
    assertEquals("l", eth1.get(4).asText());
    long millis = new BigDecimal(eth1.get(2).asText()).movePointRight(3).longValue();
    assertTrue(millis >= before - 1 && millis <= System.currentTimeMillis(), eth1.toString());
    assertEquals(6, eth1.get(2).asText().length() - eth1.get(2).asText().indexOf('.') - 1);
    nothingBeforePong(xbt.ws);

    // After the unsubscription nothing reaches the connection.
    JsonNode unsubscribed = JSON.readTree(xbt.ws.request(tradeRequest("unsubscribe", "XBT/CHF")));
    assertEquals("unsubscribed", unsubscribed.get("status").asText());
    assertEquals(channel, unsubscribed.get("channelID").asLong());
    published = Rest.post(sim.port(), "/admin/trades", DOC_TRADES_BODY);
    assertEquals(0, JSON.readTree(published.body()).get("connections").asInt());
    nothingBeforePong(xbt.ws);
    assertEquals(2, sim.status().deliveries(), "the two trade messages delivered");
  }

  @Test
  void badTradeRequestsAreRefusedWithTheirReason() throws Exception {
    String trade =
        "{\"price\":\"5541.20000\",\"volume\":\"0.15850568\",\"time\":\"1534614057.321597\","
            + "\"side\":\"s\",\"orderType\":\"l\"}";
    Map<String, String> refused = new LinkedHashMap<>();
    refused.put("{not json", "not valid JSON");
    refused.put("[]", "must be a JSON object");
    refused.put("{\"trades\":[" + trade + "]}", "'pair' is required");
    refused.put("{\"pair\":\"XBT/USD\",\"trades\":[" + trade + "]}", "unknown pair 'XBT/USD'");
    refused.put("{\"pair\":\"XBT/CHF\"}", "'trades' must be an array");
    refused.put("{\"pair\":\"XBT/CHF\",\"trades\":[]}", "'trades' must be an array");
    refused.put("{\"pair\":\"XBT/CHF\",\"trades\":[" + trade + "],\"x\":1}", "unknown field 'x'");
    refused.put("{\"pair\":\"XBT/CHF\",\"trades\":[1]}", "trades[0] must be an object");
    String[][] fieldFaults = {
      {"\"price\":\"5541.20000\"", "\"price\":5541.2", "'price' must be a string"},
      {"\"price\":\"5541.20000\"", "\"price\":\"-5541.2\"", "'price' must be a decimal"},
      {"\"price\":\"5541.20000\"", "\"price\":\"abc\"", "'price' must be a decimal"},
      {"\"volume\":\"0.15850568\"", "\"volume\":\"0.00000000\"", "'volume' must be positive"},
      {"\"time\":\"1534614057.321597\"", "\"time\":\"1.5e9\"", "'time' must be a decimal"},
      {"\"side\":\"s\"", "\"side\":\"sell\"", "'side' must be \"b\" (buy)"},
      {"\"orderType\":\"l\"", "\"orderType\":\"x\"", "'orderType' must be"},
      {"\"side\":\"s\",", "", "'side' is required"},
      {"\"side\":\"s\"", "\"side\":\"s\",\"misc\":\"\"", "unknown field 'misc'"},
    };
    for (String[] f : fieldFaults) {
      assertTrue(trade.contains(f[0]), f[0]);
      refused.put(
          "{\"pair\":\"XBT/CHF\",\"trades\":[" + trade + "," + trade.replace(f[0], f[1]) + "]}",
          "trades[1]: " + f[2]);
    }
    Client c = connect();
    c.ws.request(tradeRequest("subscribe", "XBT/CHF"));
    for (Map.Entry<String, String> e : refused.entrySet()) {
      HttpResponse<String> r = Rest.post(sim.port(), "/admin/trades", e.getKey());
      assertEquals(400, r.statusCode(), e.getKey() + " -> " + r.body());
      String error = JSON.readTree(r.body()).get("error").asText();
      assertTrue(error.contains(e.getValue()), e.getKey() + " -> " + error);
    }
    // Nothing of a refused request was sent, not even its valid first trade.
    nothingBeforePong(c.ws);
    assertEquals(404, Rest.get(sim.port(), "/admin/trades").statusCode());

    // The endpoint is the Kraken dialect's: the Coinbase simulator publishes no trades.
    try (CoinbaseVenueSimulator coinbase =
        CoinbaseVenueSimulator.start(system, StreamVenueSettings.defaults(SharedData.dir()))) {
      HttpResponse<String> r = Rest.post(coinbase.port(), "/admin/trades", "{}");
      assertEquals(404, r.statusCode(), r.body());
      assertTrue(r.body().contains("publishes no trades"), r.body());
    }
  }

  @Test
  void faultsReachTheClientsAndBadRequestsAreAnswered() throws Exception {
    Client c = connect();
    c.ws.send(
        "{\"event\":\"subscribe\",\"pair\":[\"XBT/USDX\"],\"subscription\":{\"name\":\"book\"}}");
    JsonNode bad = JSON.readTree(c.ws.next(Duration.ofSeconds(10)));
    assertEquals("error", bad.get("status").asText());
    assertEquals("Currency pair not supported", bad.get("errorMessage").asText());
    c.ws.send(
        "{\"event\":\"subscribe\",\"pair\":[\"XBT/CHF\"],\"subscription\":{\"name\":\"book\",\"depth\":7}}");
    assertEquals(
        "Subscription depth not supported",
        JSON.readTree(c.ws.next(Duration.ofSeconds(10))).get("errorMessage").asText());
    c.ws.send("{not json");
    assertEquals("error", JSON.readTree(c.ws.next(Duration.ofSeconds(10))).get("event").asText());
    c.ws.send("{\"event\":\"ping\",\"reqid\":42}");
    JsonNode pong = JSON.readTree(c.ws.next(Duration.ofSeconds(10)));
    assertEquals("pong", pong.get("event").asText());
    assertEquals(42, pong.get("reqid").asInt());
    c.ws.send(
        "{\"event\":\"subscribe\",\"pair\":[\"XBT/CHF\"],\"subscription\":{\"name\":\"trade\"}}");
    JsonNode trade = JSON.readTree(c.ws.next(Duration.ofSeconds(10)));
    assertEquals("trade", trade.get("channelName").asText());
    assertEquals("subscribed", trade.get("status").asText());

    assertEquals(
        400, Rest.post(sim.port(), "/admin/faults", "{\"type\":\"dropUpdates\"}").statusCode());
    assertEquals(
        400,
        Rest.post(
                sim.port(),
                "/admin/faults",
                "{\"type\":\"dropUpdates\",\"symbol\":\"XBT/USD\",\"count\":1}")
            .statusCode());
    assertEquals(
        400, Rest.post(sim.port(), "/admin/faults", "{\"type\":\"explode\"}").statusCode());
    assertEquals(400, Rest.post(sim.port(), "/admin/replay/start?speed=fast", "").statusCode());

    // Fifty XBT/CHF updates withheld: the client's book misses top-of-book changes, and the next
    // checksum says so.
    assertEquals(
        200,
        Rest.post(
                sim.port(),
                "/admin/faults",
                "{\"type\":\"dropUpdates\",\"symbol\":\"XBT/CHF\",\"count\":50}")
            .statusCode());
    c.subscribe(1000, "XBT/CHF");
    c.until(() -> c.snapshots.size() == 1);
    assertEquals(200, Rest.post(sim.port(), "/admin/replay/start?speed=max", "").statusCode());
    c.until(() -> c.gaps() > 0);
    assertTrue(c.books.get("XBT/CHF").lastGapReason().startsWith("checksum"));
    assertEquals(50, sim.status().droppedUpdates());

    assertEquals(
        200,
        Rest.post(sim.port(), "/admin/faults", "{\"type\":\"malformedFrames\",\"count\":3}")
            .statusCode());
    c.until(() -> c.rejected == 3);

    assertEquals(
        200, Rest.post(sim.port(), "/admin/faults", "{\"type\":\"disconnect\"}").statusCode());
    assertNotNull(c.ws.closed.get(10, TimeUnit.SECONDS));
    assertEquals(1, sim.status().faultDisconnects());
  }
}
