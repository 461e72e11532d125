package com.marketmaker.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.marketmaker.http.ApiSecurity;
import com.marketmaker.persistence.CassandraLauncher;
import com.marketmaker.testsupport.Eventually;
import com.marketmaker.testsupport.SharedData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The local run: a node with no Cassandra contact point starts its own embedded Cassandra, answers
 * the API with a journal behind it, and takes that Cassandra down when it stops.
 */
class LocalRunIT {

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private JsonNode json(NodeProcess node, String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(node.api() + path))
                .header("Authorization", NodeProcess.BEARER)
                .timeout(Duration.ofSeconds(20))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return JSON.readTree(r.body());
  }

  /** Seconds making and seconds with both sides quoted, so far. */
  private double[] quotedSeconds(NodeProcess node, String id) throws Exception {
    JsonNode p = json(node, "/maker/performance/" + id);
    return new double[] {
      p.path("makingSeconds").asDouble(), p.path("bothSidesQuotedSeconds").asDouble()
    };
  }

  @Test
  void nodeWithoutContactPointRunsItsOwnCassandraAndStopsItOnExit() throws Exception {
    int cql = TestCassandra.freePort();
    TestCassandra.deleteRecursively(TestCassandra.itDir().resolve("embedded-cassandra"));
    var ports = NodeProcess.Ports.free();
    String embedded =
        String.join(
            "\n",
            "market-maker.cassandra.contact-point = \"\"",
            "market-maker.cassandra.embedded.cql-port = " + cql,
            "market-maker.cassandra.embedded.storage-port = " + TestCassandra.freePort(),
            "market-maker.cassandra.embedded.data-dir = \""
                + TestCassandra.itDir().resolve("embedded-cassandra").toAbsolutePath()
                + "\"",
            "market-maker.cassandra.embedded.lib-dir = \""
                + TestCassandra.required("mm.cassandra.lib")
                + "\"",
            "market-maker.cassandra.embedded.java = \""
                + System.getProperty("mm.cassandra.java", "")
                + "\"",
            // As in the local run: the embedded venue simulator replaying the recorded captures.
            "market-maker.simulator.embedded = on",
            "market-maker.simulator.data-dir = \"" + SharedData.dir().toAbsolutePath() + "\"",
            "market-maker.simulator.spot-port = 0",
            "market-maker.simulator.usdm-port = 0",
            "market-maker.simulator.kraken-port = 0",
            "market-maker.simulator.coinbase-port = 0",
            "market-maker.feeds.venues = [BINANCE, BINANCE_USDM]");
    NodeProcess node = NodeProcess.startWith("local-run", ports, List.of(ports), embedded);
    try {
      String start =
          "{\"instrument\":\"BINANCE:BTCUSDT\",\"tickSize\":\"0.01\",\"lotSize\":\"0.00000001\","
              + "\"parameters\":{\"riskAversion\":0.1,\"horizonSeconds\":60,\"minSpreadBps\":1,"
              + "\"maxSpreadBps\":50,\"orderSize\":\"0.001\",\"maxPosition\":\"0.05\"}}";
      HttpResponse<String> started =
          Eventually.poll(
              Duration.ofMinutes(4),
              Duration.ofMillis(500),
              () -> {
                if (!node.isAlive()) {
                  fail("the node exited; see " + TestCassandra.itDir().resolve("local-run.log"));
                }
                try {
                  return http.send(
                      HttpRequest.newBuilder(URI.create(node.api() + "/maker/start"))
                          .header("Authorization", NodeProcess.BEARER)
                          .header("Content-Type", "application/json")
                          .POST(HttpRequest.BodyPublishers.ofString(start))
                          .timeout(Duration.ofSeconds(20))
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
                } catch (java.io.IOException notYet) {
                  // the API binds after Cassandra and the actor system are up
                  return null;
                }
              },
              r -> r != null && r.statusCode() == 200);
      assertTrue(started != null && started.statusCode() == 200, "start answered: " + started);
      // The API is the admin token's: the start is journaled under its name, and is audited.
      assertEquals(
          ApiSecurity.ADMIN_NAME,
          JSON.readTree(started.body()).path("status").path("lastChangedBy").asText());
      HttpResponse<String> anonymous =
          http.send(
              HttpRequest.newBuilder(URI.create(node.api() + "/maker/active")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(401, anonymous.statusCode(), anonymous.body());
      assertTrue(JSON.readTree(anonymous.body()).has("error"), anonymous.body());
      assertEquals(
          200,
          http.send(
                  HttpRequest.newBuilder(URI.create(node.api() + "/health")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .statusCode());
      JsonNode audited =
          Eventually.poll(
              Duration.ofSeconds(30),
              Duration.ofMillis(500),
              () -> json(node, "/audit?limit=1000").path("entries"),
              entries -> {
                for (JsonNode e : entries) {
                  if (e.path("path").asText().equals("/maker/start")
                      && e.path("principal").asText().equals(ApiSecurity.ADMIN_NAME)
                      && e.path("status").asInt() == 200) {
                    return true;
                  }
                }
                return false;
              });
      assertTrue(audited.toString().contains("/maker/start"), audited.toString());
      assertTrue(CassandraLauncher.portOpen(cql), "the embedded Cassandra listens on " + cql);
      HttpResponse<String> status =
          http.send(
              HttpRequest.newBuilder(URI.create(node.api() + "/maker/status/BINANCE:BTCUSDT"))
                  .header("Authorization", NodeProcess.BEARER)
                  .timeout(Duration.ofSeconds(20))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, status.statusCode(), status.body());
      assertTrue(status.body().contains("\"making\":true"), status.body());
      // The instrument's book comes live from the embedded simulator's replayed feed.
      String body =
          Eventually.poll(
              Duration.ofMinutes(2),
              Duration.ofMillis(500),
              () ->
                  http.send(
                          HttpRequest.newBuilder(
                                  URI.create(node.api() + "/maker/status/BINANCE:BTCUSDT"))
                              .header("Authorization", NodeProcess.BEARER)
                              .timeout(Duration.ofSeconds(20))
                              .build(),
                          HttpResponse.BodyHandlers.ofString())
                      .body(),
              b -> b.contains("\"sync\":\"LIVE\""));
      assertTrue(body.contains("\"sync\":\"LIVE\""), "book not live: " + body);

      // Out of the box the local run makes markets on the simulator's synthetic instruments of
      // both Binance venues: each quotes with acknowledged orders at the venue.
      for (String id : List.of("BINANCE:SYNS001USDT", "BINANCE_USDM:SYNF001USDT")) {
        String orders =
            Eventually.poll(
                    Duration.ofMinutes(2),
                    Duration.ofMillis(500),
                    () ->
                        http.send(
                            HttpRequest.newBuilder(URI.create(node.api() + "/orders/" + id))
                                .header("Authorization", NodeProcess.BEARER)
                                .timeout(Duration.ofSeconds(20))
                                .build(),
                            HttpResponse.BodyHandlers.ofString()),
                    r ->
                        r.statusCode() == 200
                            && r.body().contains("\"quoting\":\"QUOTING\"")
                            && r.body().contains("\"acknowledged\":true"))
                .body();
        assertTrue(
            orders.contains("\"quoting\":\"QUOTING\"") && orders.contains("\"acknowledged\":true"),
            id + " is not quoting at the venue: " + orders);
      }

      // The node starts these itself through the entities' gateway, not over the API.
      assertEquals(
          "local-run",
          json(node, "/maker/status/BINANCE:SYNS001USDT").path("lastChangedBy").asText());

      // Over two minutes (-Dmm.local-run.window=PT5M for the five-minute figure of BENCHMARKS.md)
      // every instrument of the local run quotes both sides almost all of the
      // time it is making, and the venue refuses none of its orders for the account's rate limit
      // (the embedded venue enforces Binance's: 50 new orders per 10 s on spot for the three spot
      // instruments together, 300 on USD-M).
      List<String> all =
          List.of(
              "BINANCE:SYNS001USDT",
              "BINANCE:SYNS002USDT",
              "BINANCE:SYNS003USDT",
              "BINANCE_USDM:SYNF001USDT",
              "BINANCE_USDM:SYNF002USDT");
      java.util.Map<String, double[]> before = new java.util.HashMap<>();
      for (String id : all) {
        before.put(id, quotedSeconds(node, id));
      }
      Duration window = Duration.parse(System.getProperty("mm.local-run.window", "PT2M"));
      Thread.sleep(window.toMillis());
      StringBuilder figures = new StringBuilder();
      for (String id : all) {
        double[] a = before.get(id);
        double[] b = quotedSeconds(node, id);
        double uptime = (b[1] - a[1]) / (b[0] - a[0]);
        JsonNode quote = json(node, "/maker/quote/" + id);
        figures.append(
            String.format(
                "%s: both sides quoted %.1f%% of %.0f s making, %d places refused for rate%n",
                id, 100 * uptime, b[0] - a[0], quote.path("placesRefusedForRate").asLong()));
        assertEquals(0, quote.path("placesRefusedForRate").asLong(), id + ": " + quote);
        assertTrue(
            b[0] - a[0] > 0.8 * window.toSeconds(),
            id + " making for the whole window: " + (b[0] - a[0]));
        // The target is 90% (measured 91-99%, BENCHMARKS.md); the share depends on the machine's
        // load as well as on the strategy, so the test holds a floor below it, not the figure.
        assertTrue(
            uptime >= 0.85, id + " quoted both sides " + uptime + " of the time\n" + figures);
      }
      System.out.print(figures);
    } finally {
      node.stop();
    }
    node.awaitExit(90);
    assertFalse(CassandraLauncher.portOpen(cql), "the embedded Cassandra stopped with the node");
  }
}
