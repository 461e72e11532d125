package com.marketmaker.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marketmaker.testsupport.Eventually;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three nodes as separate JVMs on loopback with a real Cassandra: 300 instruments started over HTTP
 * with distinct parameters and fills; one node SIGKILLed; every instrument must answer from a
 * survivor with exactly its state before the kill, re-sent fills must change nothing, and a restart
 * of the whole cluster must bring all 300 back from the journal.
 */
class ClusterFailoverIT {

  private static final int INSTRUMENTS = 300;
  private static final int FILLS_PER_INSTRUMENT = 3;
  private static final String[] VENUES = {"BINANCE", "BINANCE_USDM", "COINBASE", "KRAKEN"};
  private static final Duration DEADLINE = Duration.ofMinutes(4);

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final Semaphore inFlight = new Semaphore(16);
  private final List<NodeProcess> nodes = new ArrayList<>();
  private final StringBuilder report = new StringBuilder();
  private int launched;

  @AfterEach
  void stopNodes() throws Exception {
    for (NodeProcess n : nodes) {
      n.kill();
    }
    Files.writeString(
        TestCassandra.itDir().resolve("failover-report.txt"),
        report.toString(),
        StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- the scenario

  @Test
  void instrumentsSurviveNodeLossAndWholeClusterRestartWithNothingLostOrDoubled() throws Exception {
    String cassandra = TestCassandra.contactPoint();
    List<NodeProcess> cluster = startCluster(cassandra);

    // 300 instruments with distinct parameters, spread over the nodes' APIs.
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < INSTRUMENTS; i++) {
      ids.add(VENUES[i % VENUES.length] + ":T" + i + "USD");
    }
    parallel(
        ids,
        id -> {
          int i = ids.indexOf(id);
          JsonNode r = post(cluster.get(i % 3), "/maker/start", startBody(id, i), 200);
          // UNCHANGED when a 503 (the ask timed out while shards were still being allocated) was
          // retried after the first attempt had started it: the statuses below check each one.
          assertTrue(
              List.of("CHANGED", "UNCHANGED").contains(r.path("change").asText()), id + ": " + r);
          return null;
        });
    List<ObjectNode> fills = new ArrayList<>();
    for (int i = 0; i < INSTRUMENTS; i++) {
      for (int k = 0; k < FILLS_PER_INSTRUMENT; k++) {
        fills.add(fillBody(ids.get(i), i, k));
      }
    }
    // Fills go to another node than the start did: they are routed through sharding.
    parallel(
        fills,
        f -> {
          JsonNode r = post(cluster.get((fills.indexOf(f) + 1) % 3), "/maker/fills", f, 200);
          // DUPLICATE_FILL when a retried 503 had been booked: the fill counts below are exact.
          assertTrue(
              List.of("CHANGED", "DUPLICATE_FILL").contains(r.path("change").asText()),
              f + ": " + r);
          return null;
        });

    Map<String, JsonNode> before = statuses(ids, cluster);
    for (int i = 0; i < INSTRUMENTS; i++) {
      JsonNode s = before.get(ids.get(i));
      assertEquals(FILLS_PER_INSTRUMENT, s.path("counters").path("fills").asInt(), ids.get(i));
      assertEquals(expectedInventoryLots(i), s.path("inventoryLots").asLong(), ids.get(i));
      assertEquals(0.001 * (i + 1), s.path("parameters").path("riskAversion").asDouble(), 1e-12);
    }

    // Kill the node hosting the most instruments, without warning.
    NodeProcess victim = busiest(cluster, before);
    long hostedOnVictim = hostedOn(before, victim);
    List<NodeProcess> survivors = new ArrayList<>(cluster);
    survivors.remove(victim);
    // The dashboard's overview (sampled by a survivor) shows the victim hosting its share.
    awaitUntil(
        "the dashboard shows the victim hosting its instruments",
        () -> dashboardHosted(survivors.get(0), victim) == hostedOnVictim);
    long killedAt = System.nanoTime();
    victim.kill();
    log(
        "killed %s with SIGKILL; it hosted %d of %d instruments",
        victim, hostedOnVictim, INSTRUMENTS);

    // Remember-entities brings every instrument back on the survivors without any message to it.
    awaitAllActive(survivors.get(0), ids);
    double activeAgain = seconds(System.nanoTime() - killedAt);
    Map<String, JsonNode> after = statuses(ids, survivors);
    double allAnswered = seconds(System.nanoTime() - killedAt);
    log(
        "after the kill: all %d instruments running and making again in %.1f s; all statuses"
            + " answered from survivors %.1f s after the kill",
        INSTRUMENTS, activeAgain, allAnswered);
    for (String id : ids) {
      assertNotEquals(victim.address(), after.get(id).path("hostedOn").asText(), id);
      assertSameState(before.get(id), after.get(id), id);
    }
    // ...and the dashboard shows the move: every instrument on a survivor, the victim gone.
    awaitUntil(
        "the dashboard shows all " + INSTRUMENTS + " instruments on the survivors",
        () -> {
          JsonNode o = getOrNull(survivors.get(0).api() + "/dashboard/overview");
          if (o == null || o.path("instruments").size() != INSTRUMENTS) {
            return false;
          }
          for (JsonNode row : o.path("instruments")) {
            if (row.path("hostedOn").asText().equals(victim.address())) {
              return false;
            }
          }
          for (JsonNode n : o.path("nodes")) {
            if (n.path("address").asText().equals(victim.address())) {
              return false;
            }
          }
          return true;
        });
    log(
        "the dashboard shows all %d instruments on the survivors %.1f s after the kill",
        INSTRUMENTS, seconds(System.nanoTime() - killedAt));

    // At-least-once delivery: every fill sent again is recognised and changes nothing.
    parallel(
        fills,
        f -> {
          JsonNode r = post(survivors.get(fills.indexOf(f) % 2), "/maker/fills", f, 200);
          assertEquals("DUPLICATE_FILL", r.path("change").asText(), f.toString());
          return null;
        });
    Map<String, JsonNode> afterResend = statuses(ids, survivors);
    for (String id : ids) {
      assertSameState(before.get(id), afterResend.get(id), id);
    }

    // Whole-cluster restart: everything comes back from the journal.
    for (NodeProcess n : survivors) {
      n.stop();
    }
    nodes.clear();
    long restartAt = System.nanoTime();
    List<NodeProcess> restarted = startCluster(cassandra);
    awaitAllActive(restarted.get(1), ids);
    log(
        "whole-cluster restart: all %d instruments running again %.1f s after the first new node"
            + " was launched",
        INSTRUMENTS, seconds(System.nanoTime() - restartAt));
    Map<String, JsonNode> recovered = statuses(ids, restarted);
    for (String id : ids) {
      assertSameState(before.get(id), recovered.get(id), id);
    }
  }

  // ---------------------------------------------------------------- cluster control

  private List<NodeProcess> startCluster(String cassandra) throws Exception {
    List<NodeProcess.Ports> ports =
        List.of(NodeProcess.Ports.free(), NodeProcess.Ports.free(), NodeProcess.Ports.free());
    List<NodeProcess> started = new ArrayList<>();
    for (int i = 0; i < ports.size(); i++) {
      NodeProcess n =
          NodeProcess.startWith(
              "node" + (++launched),
              ports.get(i),
              ports,
              "market-maker.cassandra.contact-point = \""
                  + cassandra
                  + "\"\n"
                  + NodeProcess.keyspaces("failover"));
      nodes.add(n);
      started.add(n);
    }
    long t0 = System.nanoTime();
    for (NodeProcess n : started) {
      awaitUntil(
          "cluster of 3 Up members seen by " + n,
          () -> {
            if (!n.isAlive()) {
              fail(n + " exited; see its log in " + TestCassandra.itDir());
            }
            JsonNode members = getOrNull(n.management() + "/cluster/members");
            if (members == null) {
              return false;
            }
            int up = 0;
            for (JsonNode m : members.path("members")) {
              up += "Up".equals(m.path("status").asText()) ? 1 : 0;
            }
            return up == 3 && getStatus(n.management() + "/ready") == 200;
          });
    }
    log("cluster %s formed in %.1f s", started, seconds(System.nanoTime() - t0));
    return started;
  }

  /**
   * Waits until every one of {@code ids} is running and making somewhere in the cluster. Other
   * instruments may share the journal (other tests): only ours are checked.
   */
  private void awaitAllActive(NodeProcess node, List<String> ids) throws Exception {
    awaitUntil(
        ids.size() + " instruments active, asked at " + node,
        () -> {
          JsonNode active = getOrNull(node.api() + "/maker/active");
          if (active == null || active.path("nodesUnavailable").asInt() != 0) {
            return false;
          }
          java.util.Set<String> making = new java.util.HashSet<>();
          for (JsonNode i : active.path("instruments")) {
            making.add(i.path("instrument").asText());
          }
          return making.containsAll(ids);
        });
  }

  private static NodeProcess busiest(List<NodeProcess> cluster, Map<String, JsonNode> statuses) {
    NodeProcess best = cluster.get(0);
    for (NodeProcess n : cluster) {
      if (hostedOn(statuses, n) > hostedOn(statuses, best)) {
        best = n;
      }
    }
    return best;
  }

  private static long hostedOn(Map<String, JsonNode> statuses, NodeProcess n) {
    return statuses.values().stream()
        .filter(s -> s.path("hostedOn").asText().equals(n.address()))
        .count();
  }

  // ---------------------------------------------------------------- instruments

  private static ObjectNode startBody(String id, int i) {
    ObjectNode body = JSON.createObjectNode();
    body.put("instrument", id);
    body.put("tickSize", "0.01");
    body.put("lotSize", "0.001");
    ObjectNode p = body.putObject("parameters");
    p.put("riskAversion", 0.001 * (i + 1));
    p.put("horizonSeconds", 10 + i);
    p.put("minSpreadBps", 1 + i % 7);
    p.put("maxSpreadBps", 60 + i);
    p.put("orderSize", "0." + String.format("%03d", 1 + i % 50));
    p.put("maxPosition", "25");
    return body;
  }

  /** Fill k of instrument i: buy, buy, sell with sizes that depend on i. */
  private static ObjectNode fillBody(String id, int i, int k) {
    ObjectNode f = JSON.createObjectNode();
    f.put("instrument", id);
    f.put("tradeId", 1_000_000L + i * 100L + k);
    f.put("side", k < 2 ? "BUY" : "SELL");
    f.put("price", (100 + i) + "." + String.format("%02d", (k * 37 + i) % 100));
    f.put("size", "0." + String.format("%03d", 10 + k * 5 + i % 40));
    f.put("fee", "0.00" + (k + 1) + i % 10);
    return f;
  }

  private static long expectedInventoryLots(int i) {
    long lots = 0;
    for (int k = 0; k < FILLS_PER_INSTRUMENT; k++) {
      long size = 10 + k * 5 + i % 40;
      lots += k < 2 ? size : -size;
    }
    return lots;
  }

  private static void assertSameState(JsonNode before, JsonNode after, String id) {
    ObjectNode a = before.deepCopy();
    ObjectNode b = after.deepCopy();
    a.remove("hostedOn");
    b.remove("hostedOn");
    assertEquals(a, b, id + " changed");
  }

  // ---------------------------------------------------------------- HTTP

  private Map<String, JsonNode> statuses(List<String> ids, List<NodeProcess> from)
      throws Exception {
    Map<String, JsonNode> out = new HashMap<>();
    parallel(
        ids,
        id -> {
          NodeProcess n = from.get(Math.floorMod(id.hashCode(), from.size()));
          JsonNode s = get(n, "/maker/status/" + id);
          synchronized (out) {
            out.put(id, s);
          }
          return null;
        });
    return new LinkedHashMap<>(out);
  }

  private <T> void parallel(List<T> items, Function<T, Void> work) throws Exception {
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (T item : items) {
      inFlight.acquire();
      all.add(
          CompletableFuture.runAsync(
              () -> {
                try {
                  work.apply(item);
                } finally {
                  inFlight.release();
                }
              }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
  }

  /** POSTs with retries while the cluster is still settling (503 or a refused connection). */
  private JsonNode post(NodeProcess n, String path, JsonNode body, int expectedStatus) {
    return call(
        HttpRequest.newBuilder(URI.create(n.api() + path))
            .header("Authorization", NodeProcess.BEARER)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .timeout(Duration.ofSeconds(30))
            .build(),
        expectedStatus);
  }

  private JsonNode get(NodeProcess n, String path) {
    return call(
        HttpRequest.newBuilder(URI.create(n.api() + path))
            .header("Authorization", NodeProcess.BEARER)
            .timeout(Duration.ofSeconds(30))
            .build(),
        200);
  }

  /** Instruments the dashboard overview of {@code via} shows hosted on {@code host}. */
  private long dashboardHosted(NodeProcess via, NodeProcess host) {
    JsonNode o = getOrNull(via.api() + "/dashboard/overview");
    if (o == null) {
      return -1;
    }
    long n = 0;
    for (JsonNode row : o.path("instruments")) {
      n += row.path("hostedOn").asText().equals(host.address()) ? 1 : 0;
    }
    return n;
  }

  private JsonNode call(HttpRequest request, int expectedStatus) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == expectedStatus) {
          return JSON.readTree(r.body());
        }
        if (r.statusCode() != 503) {
          fail(request.uri() + " answered " + r.statusCode() + ": " + r.body());
        }
        last = r.body();
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(250);
    }
    throw new AssertionError(request.uri() + " did not answer " + expectedStatus + ": " + last);
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

  private int getStatus(String url) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(url))
                  .header("Authorization", NodeProcess.BEARER)
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void awaitUntil(String what, Eventually.Condition<Exception> condition)
      throws Exception {
    Eventually.await(DEADLINE, Duration.ofMillis(500), condition, what);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private void log(String format, Object... args) {
    String line = String.format(format, args);
    System.out.println("[failover] " + line);
    report.append(line).append('\n');
  }
}
