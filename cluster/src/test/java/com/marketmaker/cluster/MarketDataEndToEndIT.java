package com.marketmaker.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketmaker.simulator.BinanceVenueSimulator;
import com.marketmaker.simulator.Settings;
import com.marketmaker.testsupport.Eventually;
import com.marketmaker.testsupport.SharedData;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * End to end on loopback: the venue simulator replays the real Binance spot and USD-M captures over
 * Binance's own REST and WebSocket protocol; a node (its own JVM, Cassandra behind it) connects one
 * WebSocket per venue, and its instrument entities rebuild their books. The venue's bookTicker
 * messages are the oracle: every one the entity can compare must match its book. Faults injected
 * during the replay (lost diffs, a stale snapshot, a disconnect, malformed frames) must be detected
 * and repaired without ever leaving a wrong book trusted.
 */
class MarketDataEndToEndIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration DEADLINE = Duration.ofMinutes(4);
  private static final double SPEED = 10;

  /** instrument id → {tick size, lot size (the book's size grid)}. */
  private static final Map<String, String[]> INSTRUMENTS = new LinkedHashMap<>();

  static {
    INSTRUMENTS.put("BINANCE:BTCUSDT", new String[] {"0.01", "0.00000001"});
    INSTRUMENTS.put("BINANCE:ETHUSDT", new String[] {"0.01", "0.00000001"});
    INSTRUMENTS.put("BINANCE_USDM:BTCUSDT", new String[] {"0.10", "0.001"});
    INSTRUMENTS.put("BINANCE_USDM:ETHUSDT", new String[] {"0.01", "0.001"});
  }

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private ActorSystem<Void> venueSystem;
  private BinanceVenueSimulator simulator;
  private NodeProcess node;
  private final StringBuilder report = new StringBuilder();

  @AfterEach
  void tearDown() throws Exception {
    if (node != null) {
      node.kill();
    }
    if (simulator != null) {
      simulator.stop();
    }
    if (venueSystem != null) {
      venueSystem.terminate();
    }
    Files.writeString(
        TestCassandra.itDir().resolve("market-data-report.txt"),
        report.toString(),
        StandardCharsets.UTF_8);
  }

  @Test
  void entitiesRebuildEveryBookFromTheReplayedFeedsAndRepairInjectedFaults() throws Exception {
    String cassandra = TestCassandra.contactPoint();
    venueSystem =
        ActorSystem.create(
            Behaviors.empty(),
            "venue",
            ConfigFactory.parseString(
                    "pekko.actor.provider = local\npekko.coordinated-shutdown.exit-jvm = off")
                .withFallback(ConfigFactory.defaultReference()));
    simulator = BinanceVenueSimulator.start(venueSystem, Settings.defaults(SharedData.dir()));
    String spot = "127.0.0.1:" + simulator.spotPort();
    String usdm = "127.0.0.1:" + simulator.usdmPort();

    var ports = NodeProcess.Ports.free();
    node =
        NodeProcess.startWith(
            "md-node",
            ports,
            List.of(ports),
            String.join(
                "\n",
                "market-maker.cassandra.contact-point = \"" + cassandra + "\"",
                NodeProcess.keyspaces("market_data"),
                "market-maker.feeds.venues = [BINANCE, BINANCE_USDM]",
                "market-maker.venues.binance.ws-url = \"ws://" + spot + "\"",
                "market-maker.venues.binance.rest-url = \"http://" + spot + "\"",
                "market-maker.venues.binance-usdm.ws-url = \"ws://" + usdm + "\"",
                "market-maker.venues.binance-usdm.rest-url = \"http://" + usdm + "\""));

    for (var e : INSTRUMENTS.entrySet()) {
      String body =
          "{\"instrument\":\""
              + e.getKey()
              + "\",\"tickSize\":\""
              + e.getValue()[0]
              + "\",\"lotSize\":\""
              + e.getValue()[1]
              + "\",\"parameters\":{\"riskAversion\":0.1,\"horizonSeconds\":60,"
              + "\"minSpreadBps\":1,\"maxSpreadBps\":50,\"orderSize\":\"0.001\","
              + "\"maxPosition\":\"0.1\"}}";
      request("POST", node.api() + "/maker/start", body, 200);
    }
    // Both venue connections up with every instrument subscribed.
    awaitUntil(
        "both feeds connected with two instruments each",
        () -> {
          JsonNode m = getOrNull(node.api() + "/feeds/metrics");
          if (m == null || m.size() != 2) {
            return false;
          }
          for (JsonNode venue : m) {
            if (!venue.path("connected").asBoolean() || venue.path("instruments").size() != 2) {
              return false;
            }
          }
          return true;
        });

    request("POST", admin(simulator.spotPort(), "/replay/start?speed=" + SPEED), "", 200);
    request("POST", admin(simulator.usdmPort(), "/replay/start?speed=" + SPEED), "", 200);

    // Faults, once every book had time to go live.
    awaitUntil("spot replay a third through", () -> progress(simulator.spotPort()) > 0.33);
    fault(simulator.spotPort(), "{\"type\":\"dropDiffs\",\"symbol\":\"BTCUSDT\",\"count\":1}");
    fault(simulator.spotPort(), "{\"type\":\"staleSnapshot\",\"symbol\":\"ETHUSDT\",\"count\":1}");
    fault(simulator.spotPort(), "{\"type\":\"dropDiffs\",\"symbol\":\"ETHUSDT\",\"count\":1}");
    fault(simulator.spotPort(), "{\"type\":\"malformedFrames\",\"count\":3}");
    awaitUntil("USD-M replay a third through", () -> progress(simulator.usdmPort()) > 0.33);
    // Sent again if the node happened to be between connections (closed nothing).
    long disconnectedAt = System.nanoTime();
    awaitUntil(
        "the simulator closed the node's USD-M connection",
        () -> {
          JsonNode r =
              request(
                  "POST", admin(simulator.usdmPort(), "/faults"), "{\"type\":\"disconnect\"}", 200);
          return r.path("connections").asInt() >= 1;
        });
    // Reported, not asserted: how long until the books trust the venue again.
    for (String id : List.of("BINANCE_USDM:BTCUSDT", "BINANCE_USDM:ETHUSDT")) {
      awaitUntil(
          id + " live again after the disconnect",
          () -> {
            JsonNode m = getOrNull(node.api() + "/maker/status/" + id);
            return m != null
                && m.path("market").path("resyncs").asLong() >= 1
                && m.path("market").path("trusted").asBoolean();
          });
      log(
          "%s: trusted again %.2f s after the venue dropped the connection (reconnect, re-subscribe,"
              + " snapshot, bridging diff)",
          id, (System.nanoTime() - disconnectedAt) / 1e9);
    }

    awaitUntil("both replays done", () -> done(simulator.spotPort()) && done(simulator.usdmPort()));
    JsonNode spotStatus = getOrNull(admin(simulator.spotPort(), "/replay/status"));
    JsonNode usdmStatus = getOrNull(admin(simulator.usdmPort(), "/replay/status"));

    // Every book ends at the venue's last update id, live and trusted.
    Map<String, JsonNode> market = new LinkedHashMap<>();
    for (String id : INSTRUMENTS.keySet()) {
      String symbol = id.substring(id.indexOf(':') + 1);
      JsonNode venueStatus = id.startsWith("BINANCE_USDM") ? usdmStatus : spotStatus;
      long last = venueStatus.path("lastUpdateId").path(symbol).asLong();
      awaitUntil(
          id + " at update " + last,
          () -> {
            JsonNode s = getOrNull(node.api() + "/maker/status/" + id);
            // Once the replay is over the feed falls silent, so the book ends LIVE but stale.
            return s != null
                && s.path("market").path("lastUpdateId").asLong() == last
                && s.path("market").path("sync").asText().equals("LIVE");
          });
      JsonNode m = getOrNull(node.api() + "/maker/status/" + id).path("market");
      market.put(id, m);
      log(
          "%s: %d bookTickers matched, %d mismatched, %d not comparable; %d diffs applied, %d gaps,"
              + " %d snapshots, %d resyncs",
          id,
          m.path("tickersMatched").asLong(),
          m.path("tickersMismatched").asLong(),
          m.path("tickersNotComparable").asLong(),
          m.path("diffsApplied").asLong(),
          m.path("gaps").asLong(),
          m.path("snapshots").asLong(),
          m.path("resyncs").asLong());
      assertEquals("LIVE", m.path("sync").asText(), id);
      assertEquals(0, m.path("tickersMismatched").asLong(), id + ": " + m.path("lastMismatch"));
      assertTrue(m.path("tickersMatched").asLong() >= 100, id + " matched too few: " + m);
    }
    // The injected faults were seen and repaired.
    assertTrue(market.get("BINANCE:BTCUSDT").path("gaps").asLong() >= 1, "lost diff seen");
    assertTrue(market.get("BINANCE:BTCUSDT").path("snapshots").asLong() >= 2, "resnapshotted");
    assertTrue(
        market.get("BINANCE:ETHUSDT").path("snapshots").asLong() >= 3,
        "stale snapshot refused and refetched: " + market.get("BINANCE:ETHUSDT"));
    assertTrue(usdmStatus.path("faultDisconnects").asLong() >= 1, "the simulator disconnected us");
    for (String id : List.of("BINANCE_USDM:BTCUSDT", "BINANCE_USDM:ETHUSDT")) {
      assertTrue(market.get(id).path("resyncs").asLong() >= 1, id + " resynced after disconnect");
    }
    JsonNode feeds = getOrNull(node.api() + "/feeds/metrics");
    for (JsonNode venue : feeds) {
      if (venue.path("venue").asText().equals("BINANCE")) {
        assertTrue(venue.path("malformedFrames").asLong() >= 3, "malformed frames counted");
      } else {
        assertTrue(venue.path("reconnects").asLong() >= 1, "USD-M reconnected");
      }
    }

    // The node's book equals the venue's at the end, level by level.
    JsonNode ours = getOrNull(node.api() + "/book/BINANCE:BTCUSDT?depth=20");
    JsonNode venueBook = getOrNull("http://" + spot + "/api/v3/depth?symbol=BTCUSDT&limit=20");
    assertEquals(
        venueBook.path("lastUpdateId").asLong(), ours.path("book").path("lastUpdateId").asLong());
    for (String side : List.of("bids", "asks")) {
      for (int i = 0; i < 20; i++) {
        JsonNode v = venueBook.path(side).path(i);
        JsonNode o = ours.path("book").path(side).path(i);
        assertEquals(
            decimal(v.path(0).asText()), decimal(o.path("price").asText()), side + " " + i);
        assertEquals(decimal(v.path(1).asText()), decimal(o.path("size").asText()), side + " " + i);
      }
    }
    assertTrue(node.isAlive());
  }

  // ---------------------------------------------------------------- helpers

  /** Decimal text without trailing zeros: the venue pads to 8 places, the node prints its grid. */
  private static String decimal(String text) {
    return new java.math.BigDecimal(text).stripTrailingZeros().toPlainString();
  }

  private static String admin(int port, String path) {
    return "http://127.0.0.1:" + port + "/admin" + path;
  }

  private void fault(int port, String body) throws Exception {
    request("POST", admin(port, "/faults"), body, 200);
  }

  private double progress(int port) {
    JsonNode s = getOrNull(admin(port, "/replay/status"));
    return s == null || s.path("total").asInt() == 0
        ? 0
        : s.path("position").asDouble() / s.path("total").asDouble();
  }

  private boolean done(int port) {
    JsonNode s = getOrNull(admin(port, "/replay/status"));
    return s != null && s.path("done").asBoolean();
  }

  private JsonNode request(String method, String url, String body, int expected) throws Exception {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      if (node != null && !node.isAlive()) {
        fail("the node exited; see " + TestCassandra.itDir().resolve("md-node.log"));
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", NodeProcess.BEARER)
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body))
                    .timeout(Duration.ofSeconds(20))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == expected) {
          return r.body().isBlank() ? JSON.nullNode() : JSON.readTree(r.body());
        }
        if (r.statusCode() != 503) {
          fail(url + " answered " + r.statusCode() + ": " + r.body());
        }
        last = r.body();
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(250);
    }
    throw new AssertionError(url + " did not answer " + expected + ": " + last);
  }

  private JsonNode getOrNull(String url) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url))
                  .header("Authorization", NodeProcess.BEARER)
                  .timeout(Duration.ofSeconds(15))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void awaitUntil(String what, Eventually.Condition<Exception> condition) throws Exception {
    Eventually.await(
        DEADLINE,
        Duration.ofMillis(250),
        () -> {
          if (node != null && !node.isAlive()) {
            fail("the node exited; see " + TestCassandra.itDir().resolve("md-node.log"));
          }
          return condition.holds();
        },
        what);
  }

  private void log(String format, Object... args) {
    String line = String.format(format, args);
    System.out.println("[market-data] " + line);
    report.append(line).append('\n');
  }
}
