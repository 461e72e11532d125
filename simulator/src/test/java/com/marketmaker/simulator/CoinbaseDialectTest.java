package com.marketmaker.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marketmaker.core.book.PriceLadderOrderBook;
import com.marketmaker.core.book.Side;
import com.marketmaker.core.feed.CoinbaseDecoder;
import com.marketmaker.core.feed.CoinbaseMessage;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.sync.BookSync;
import com.marketmaker.core.sync.CoinbaseBookSync;
import com.marketmaker.simulator.coinbase.CoinbaseVenueSimulator;
import com.marketmaker.simulator.replay.ReplayEngine;
import com.marketmaker.simulator.socket.StreamVenueSettings;
import com.marketmaker.testsupport.RecordedInstruments;
import com.marketmaker.testsupport.SharedData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Coinbase dialect against a real WebSocket client on loopback: books built from the served
 * snapshot and the replayed l2updates never cross, agree with the venue's recorded tickers, and a
 * client that subscribed late ends with the same book as one that subscribed first; recorded
 * matches reach exactly the connections subscribed to them, after the product's last_match.
 */
class CoinbaseDialectTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "coinbase-dialect-test");
  CoinbaseVenueSimulator sim;

  @BeforeEach
  void start() {
    sim = CoinbaseVenueSimulator.start(system, StreamVenueSettings.defaults(SharedData.dir()));
  }

  @AfterEach
  void stop() {
    sim.stop();
  }

  @AfterAll
  static void shutdown() {
    system.terminate();
  }

  static InstrumentSpec spec(String product) {
    RecordedInstruments.TickLot t = RecordedInstruments.coinbase(product);
    return t == null
        ? null
        : InstrumentSpec.of(new InstrumentId(Venue.COINBASE, product), t.tick(), t.lot());
  }

  /** Recorded l2updates per product, counted in the capture's text. */
  static Map<String, Integer> updatesInCapture() throws Exception {
    Map<String, Integer> out = new HashMap<>();
    for (String json : Recorded.received("COINBASE.ws.28.0")) {
      if (json.startsWith("{\"type\":\"l2update\"")) {
        out.merge(JSON.readTree(json).get("product_id").asText(), 1, Integer::sum);
      }
    }
    return out;
  }

  /** A client keeping core books of what it receives and checking tickers against them. */
  static final class Client {
    final WsTestClient ws;
    final CoinbaseDecoder decoder = new CoinbaseDecoder(CoinbaseDialectTest::spec);
    final Map<String, CoinbaseBookSync> books = new HashMap<>();
    final Map<String, ArrayDeque<long[]>> tops = new HashMap<>();
    final Map<String, Integer> updates = new HashMap<>();
    final Map<String, Integer> snapshots = new HashMap<>();
    int subscriptionsAnswers;
    int errors;
    int rejected;
    int gaps;
    int tickersMatched;
    int tickersMismatched;
    String lastError = "";
    JsonNode lastSubscriptions;
    final Map<String, List<Long>> matches = new HashMap<>();
    final Map<String, List<String>> lastMatches = new HashMap<>();

    Client(WsTestClient ws) {
      this.ws = ws;
    }

    void take(String frame) throws Exception {
      CoinbaseDecoder.Kind kind = decoder.decode(frame.getBytes(StandardCharsets.UTF_8));
      CoinbaseMessage m = decoder.message();
      switch (kind) {
        case REJECTED -> rejected++;
        case IGNORED -> {
          JsonNode n = JSON.readTree(frame);
          if (n.path("type").asText().equals("subscriptions")) {
            subscriptionsAnswers++;
            lastSubscriptions = n;
          } else if (n.path("type").asText().equals("error")) {
            errors++;
            lastError = n.path("reason").asText();
          }
        }
        case SNAPSHOT -> {
          String p = m.spec.id().symbol();
          CoinbaseBookSync sync = new CoinbaseBookSync(new PriceLadderOrderBook());
          books.put(p, sync);
          tops.put(p, new ArrayDeque<>());
          snapshots.merge(p, 1, Integer::sum);
          assertEquals(BookSync.Outcome.APPLIED, sync.onSnapshot(m));
        }
        case L2UPDATE -> {
          String p = m.spec.id().symbol();
          CoinbaseBookSync sync = books.get(p);
          assertNotNull(sync, "l2update before the snapshot of " + p);
          updates.merge(p, 1, Integer::sum);
          BookSync.Outcome o = sync.onUpdate(m);
          if (o == BookSync.Outcome.GAP) {
            gaps++;
          }
          if (o != BookSync.Outcome.APPLIED) {
            break;
          }
          ArrayDeque<long[]> t = tops.get(p);
          t.addLast(new long[] {m.timeMicros, sync.book().bestBid(), sync.book().bestAsk()});
          if (t.size() > 256) {
            t.pollFirst();
          }
        }
        case MATCH ->
            matches
                .computeIfAbsent(m.spec.id().symbol(), k -> new ArrayList<>())
                .add(m.trade.tradeId);
        case LAST_MATCH ->
            lastMatches.computeIfAbsent(m.spec.id().symbol(), k -> new ArrayList<>()).add(frame);
        case TICKER -> {
          long[] asOf = null;
          for (long[] t : tops.getOrDefault(m.spec.id().symbol(), new ArrayDeque<>())) {
            if (t[0] <= m.timeMicros) {
              asOf = t;
            }
          }
          if (asOf != null) {
            if (asOf[1] == m.bestBid && asOf[2] == m.bestAsk) {
              tickersMatched++;
            } else {
              tickersMismatched++;
            }
          }
        }
        default -> {}
      }
    }

    /** Reads every frame queued before now: the answer to a request comes after them. */
    void drain() throws Exception {
      int before = subscriptionsAnswers;
      ws.send("{\"type\":\"subscribe\",\"product_ids\":[\"SKL-USD\"],\"channels\":[\"ticker\"]}");
      until(() -> subscriptionsAnswers > before);
    }

    void until(BooleanSupplier done) throws Exception {
      ws.readUntil(this::take, done, Duration.ofSeconds(60));
    }
  }

  private Client connect() throws Exception {
    return new Client(WsTestClient.connect(system, sim.wsUrl()));
  }

  private boolean replayDone() {
    return sim.status().state() == ReplayEngine.State.DONE;
  }

  @Test
  void booksNeverCrossGetEveryUpdateAndAgreeWithTheTickers() throws Exception {
    Map<String, Integer> expected = updatesInCapture();
    Client c = connect();
    c.ws.send(
        "{\"type\":\"subscribe\",\"product_ids\":"
            + JSON.valueToTree(sim.symbols())
            + ",\"channels\":[\"level2\",\"ticker\"]}");
    JsonNode subs = JSON.readTree(c.ws.next(Duration.ofSeconds(10)));
    assertEquals("subscriptions", subs.get("type").asText());
    assertEquals(2, subs.get("channels").size());
    c.until(() -> c.snapshots.size() == 10);
    assertTrue(sim.startReplay(Double.POSITIVE_INFINITY));
    c.until(this::replayDone);
    c.drain();
    assertEquals(0, c.gaps, "a book crossed");
    for (String p : sim.symbols()) {
      assertEquals(expected.get(p), c.updates.get(p), p);
      assertTrue(!c.books.get(p).book().isCrossed());
    }
    System.out.printf(
        "coinbase dialect: %d tickers matched, %d mismatched%n",
        c.tickersMatched, c.tickersMismatched);
    assertEquals(0, c.tickersMismatched);
    assertTrue(c.tickersMatched > 50, "tickers compared: " + c.tickersMatched);
  }

  @Test
  void aLateSubscriberEndsWithTheSameBooks() throws Exception {
    Client early = connect();
    early.ws.send(
        "{\"type\":\"subscribe\",\"product_ids\":[\"SKL-USD\",\"DASH-BTC\"],\"channels\":[\"level2\"]}");
    early.until(() -> early.snapshots.size() == 2);
    assertTrue(sim.startReplay(10.0));
    int total = sim.status().total();
    early.until(() -> sim.status().position() > total / 2);
    Client late = connect();
    late.ws.send(
        "{\"type\":\"subscribe\",\"channels\":[{\"name\":\"level2\",\"product_ids\":[\"SKL-USD\",\"DASH-BTC\"]}]}");
    late.until(() -> late.snapshots.size() == 2);
    late.until(this::replayDone);
    late.drain();
    early.drain();
    assertEquals(0, early.gaps + late.gaps, "a book crossed");
    for (String p : List.of("SKL-USD", "DASH-BTC")) {
      var a = early.books.get(p).book();
      var b = late.books.get(p).book();
      assertEquals(a.stateHash(), b.stateHash(), p);
      assertEquals(a.levelCount(Side.BID), b.levelCount(Side.BID), p);
      assertTrue(late.updates.getOrDefault(p, 0) < early.updates.get(p), p);
    }
  }

  @Test
  void faultsReachTheClientsAndBadRequestsAreAnswered() throws Exception {
    Client c = connect();
    c.ws.send("{\"type\":\"subscribe\",\"product_ids\":[\"BTC-XYZ\"],\"channels\":[\"level2\"]}");
    c.until(() -> c.errors == 1);
    assertEquals("BTC-XYZ is not a valid product", c.lastError);
    c.ws.send("{\"type\":\"subscribe\",\"product_ids\":[\"SKL-USD\"],\"channels\":[\"full\"]}");
    c.until(() -> c.errors == 2);
    assertEquals("full is not a valid channel", c.lastError);
    c.ws.send("not json");
    c.until(() -> c.errors == 3);
    assertEquals(0, c.snapshots.size(), "a refused request changes nothing");

    assertEquals(
        200,
        Rest.post(
                sim.port(),
                "/admin/faults",
                "{\"type\":\"dropUpdates\",\"symbol\":\"SKL-USD\",\"count\":5}")
            .statusCode());
    assertEquals(
        400,
        Rest.post(
                sim.port(),
                "/admin/faults",
                "{\"type\":\"dropUpdates\",\"symbol\":\"SKL/USD\",\"count\":5}")
            .statusCode());
    c.ws.send("{\"type\":\"subscribe\",\"product_ids\":[\"SKL-USD\"],\"channels\":[\"level2\"]}");
    c.until(() -> c.snapshots.size() == 1);
    assertTrue(sim.startReplay(Double.POSITIVE_INFINITY));
    c.until(this::replayDone);
    c.drain();
    assertEquals(updatesInCapture().get("SKL-USD") - 5, c.updates.get("SKL-USD"));
    assertEquals(5, sim.status().droppedUpdates());
    // The channel has no sequence numbers; here the lost changes leave a bid above the ask, which
    // is how a client notices.
    assertEquals(1, c.gaps);

    assertEquals(
        200,
        Rest.post(sim.port(), "/admin/faults", "{\"type\":\"malformedFrames\",\"count\":2}")
            .statusCode());
    c.until(() -> c.rejected == 2);
    assertEquals(
        200, Rest.post(sim.port(), "/admin/faults", "{\"type\":\"disconnect\"}").statusCode());
    assertNotNull(c.ws.closed.get(10, TimeUnit.SECONDS));
  }

  /** The capture's messages of one type, as JSON trees, in file order. */
  static List<JsonNode> recorded(String type) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String json : Recorded.received("COINBASE.ws.28.0")) {
      JsonNode n = JSON.readTree(json);
      if (n.path("type").asText().equals(type)) {
        out.add(n);
      }
    }
    return out;
  }

  /** Trade ids of the recorded matches of a product, in file order. */
  static List<Long> recordedMatchIds(String product) throws Exception {
    return recorded("match").stream()
        .filter(n -> n.get("product_id").asText().equals(product))
        .map(n -> n.get("trade_id").asLong())
        .toList();
  }

  private static Set<String> subscribed(JsonNode subscriptions, String channel) {
    Set<String> out = new HashSet<>();
    for (JsonNode c : subscriptions.get("channels")) {
      if (c.get("name").asText().equals(channel)) {
        c.get("product_ids").forEach(p -> out.add(p.asText()));
      }
    }
    return out;
  }

  @Test
  void matchesReachOnlyTheirSubscribersAfterTheProductsLastMatch() throws Exception {
    Map<String, JsonNode> recordedLast = new HashMap<>();
    for (JsonNode n : recorded("last_match")) {
      recordedLast.put(n.get("product_id").asText(), n);
    }
    Client both = connect();
    both.ws.send(
        "{\"type\":\"subscribe\",\"product_ids\":[\"SKL-USD\",\"DASH-BTC\"],\"channels\":[\"matches\"]}");
    both.until(() -> both.lastMatches.size() == 2);
    assertEquals(Set.of("SKL-USD", "DASH-BTC"), subscribed(both.lastSubscriptions, "matches"));
    for (String p : List.of("SKL-USD", "DASH-BTC")) {
      // The answer to the recorder's own subscription, as recorded.
      assertEquals(List.of(recordedLast.get(p).toString()), both.lastMatches.get(p), p);
    }
    Client tickerOnly = connect();
    tickerOnly.ws.send(
        "{\"type\":\"subscribe\",\"product_ids\":[\"SKL-USD\",\"DASH-BTC\"],\"channels\":[\"ticker\"]}");
    Client perChannel = connect();
    perChannel.ws.send(
        "{\"type\":\"subscribe\",\"channels\":[{\"name\":\"matches\",\"product_ids\":[\"NMR-EUR\"]}]}");
    perChannel.until(() -> perChannel.lastMatches.size() == 1);
    Client gone = connect();
    gone.ws.send(
        "{\"type\":\"subscribe\",\"product_ids\":[\"SKL-USD\"],\"channels\":[\"matches\"]}");
    gone.until(() -> gone.lastMatches.size() == 1);
    gone.ws.send(
        "{\"type\":\"unsubscribe\",\"product_ids\":[\"SKL-USD\"],\"channels\":[\"matches\"]}");
    gone.until(() -> gone.subscriptionsAnswers == 2);
    assertEquals(Set.of(), subscribed(gone.lastSubscriptions, "matches"));

    assertTrue(sim.startReplay(Double.POSITIVE_INFINITY));
    both.until(this::replayDone);
    for (Client c : List.of(both, tickerOnly, perChannel, gone)) {
      c.drain();
    }
    assertEquals(recordedMatchIds("SKL-USD"), both.matches.get("SKL-USD"));
    assertEquals(recordedMatchIds("DASH-BTC"), both.matches.get("DASH-BTC"));
    assertEquals(Set.of("SKL-USD", "DASH-BTC"), both.matches.keySet());
    assertEquals(recordedMatchIds("NMR-EUR"), perChannel.matches.get("NMR-EUR"));
    assertEquals(Set.of("NMR-EUR"), perChannel.matches.keySet());
    assertTrue(tickerOnly.matches.isEmpty() && tickerOnly.lastMatches.isEmpty());
    assertTrue(gone.matches.isEmpty(), "unsubscribed before the replay");
    System.out.printf(
        "coinbase dialect: %d + %d + %d matches to their subscribers only%n",
        both.matches.get("SKL-USD").size(),
        both.matches.get("DASH-BTC").size(),
        perChannel.matches.get("NMR-EUR").size());

    // After the replay a new subscriber gets the latest replayed match as last_match, or the
    // recorded last_match of a product that had no match since.
    Client late = connect();
    late.ws.send(
        "{\"type\":\"subscribe\",\"product_ids\":[\"SKL-USD\",\"SKL-GBP\",\"YFI-BTC\"],"
            + "\"channels\":[\"matches\"]}");
    late.until(() -> late.lastMatches.size() == 3);
    for (String p : List.of("SKL-USD", "SKL-GBP")) {
      List<JsonNode> ofP =
          recorded("match").stream().filter(n -> n.get("product_id").asText().equals(p)).toList();
      ObjectNode expected = ofP.get(ofP.size() - 1).deepCopy();
      expected.put("type", "last_match");
      assertEquals(List.of(expected), readAll(late.lastMatches.get(p)), p);
    }
    assertEquals(List.of(recordedLast.get("YFI-BTC").toString()), late.lastMatches.get("YFI-BTC"));
    late.drain();
    assertTrue(late.matches.isEmpty(), "nothing left to replay");
  }

  private static List<JsonNode> readAll(List<String> frames) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String f : frames) {
      out.add(JSON.readTree(f));
    }
    return out;
  }
}
