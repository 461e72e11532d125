package com.marketmaker.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marketmaker.backtest.service.SweepPointRunner;
import com.marketmaker.backtest.service.SweepRequest;
import com.marketmaker.backtest.sweep.Metrics;
import com.marketmaker.testsupport.Eventually;
import com.marketmaker.testsupport.SharedData;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A backtest sweep run by a cluster of nodes as separate JVMs with a real Cassandra: 100 points
 * over the recorded spot captures (BTC and ETH on one clock), pulled by every node's worker; once
 * the sweep is under way the node hosting the sweep coordinator is SIGKILLed. The coordinator comes
 * back on a survivor from its journal, the points the dead node was running are run again by the
 * survivors, and every point ends with exactly one result, equal to the same point run on its own.
 *
 * <p>System properties for the load script: {@code sweep.nodes} (3), {@code sweep.points} (100, a
 * multiple of 10), {@code sweep.kill} (true).
 */
class SweepClusterIT {

  private static final int NODES = Integer.getInteger("sweep.nodes", 3);
  private static final int POINTS = Integer.getInteger("sweep.points", 100);
  private static final boolean KILL =
      Boolean.parseBoolean(System.getProperty("sweep.kill", "true")) && NODES > 1;
  private static final Duration DEADLINE = Duration.ofMinutes(6);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final List<NodeProcess> nodes = new ArrayList<>();
  private final StringBuilder report = new StringBuilder();

  @AfterEach
  void stopNodes() throws Exception {
    for (NodeProcess n : nodes) {
      n.kill();
    }
    Files.writeString(
        TestCassandra.itDir().resolve("sweep-report.txt"),
        report.toString(),
        StandardCharsets.UTF_8);
  }

  @Test
  void everyPointHasExactlyOneResultWhenANodeDiesMidSweep() throws Exception {
    String cassandra = TestCassandra.contactPoint();
    String keyspaces = NodeProcess.keyspaces("sweeps" + System.currentTimeMillis() % 100_000);
    List<NodeProcess.Ports> ports = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      ports.add(NodeProcess.Ports.free());
    }
    for (int i = 0; i < NODES; i++) {
      String name = "sweep-node" + (i + 1);
      Path data = TestCassandra.itDir().resolve(name + "-backtests").toAbsolutePath();
      TestCassandra.deleteRecursively(data);
      nodes.add(
          NodeProcess.startWith(
              name,
              ports.get(i),
              ports,
              String.join(
                  "\n",
                  "market-maker.cassandra.contact-point = \"" + cassandra + "\"",
                  keyspaces,
                  "market-maker.backtests.data-dir = \"" + data + "\"",
                  "market-maker.simulator.data-dir = \"" + SharedData.dir().toAbsolutePath() + "\"",
                  "market-maker.sweeps.slots = 2",
                  "market-maker.sweeps.pull-interval = 200ms")));
    }
    long t0 = System.nanoTime();
    for (NodeProcess n : nodes) {
      awaitUntil(
          "cluster of " + NODES + " seen by " + n + " with its backtest data ready",
          () -> {
            if (!n.isAlive()) {
              fail(n + " exited; see its log in " + TestCassandra.itDir());
            }
            JsonNode members = getOrNull(n.management() + "/cluster/members");
            int up = 0;
            for (JsonNode m : members == null ? JSON.createArrayNode() : members.path("members")) {
              up += "Up".equals(m.path("status").asText()) ? 1 : 0;
            }
            JsonNode data = up == NODES ? getOrNull(n.api() + "/backtests/data") : null;
            return data != null
                && data.has("spot_btcusdt.events")
                && data.has("spot_ethusdt.events");
          });
    }
    log("%d nodes up with their data in %.1f s", NODES, seconds(System.nanoTime() - t0));

    ObjectNode request = sweepRequest();
    long submittedAt = System.nanoTime();
    JsonNode accepted = post(nodes.get(NODES - 1), "/sweeps", request, 202);
    String id = accepted.path("id").asText();
    assertEquals(POINTS, accepted.path("points").asInt());

    NodeProcess victim = null;
    Set<Integer> runningOnVictim = new HashSet<>();
    if (KILL) {
      // The coordinator's node, once a tenth of the sweep is done and it is running points.
      NodeProcess host = coordinatorHost();
      JsonNode progress =
          Eventually.poll(
              DEADLINE,
              Duration.ofMillis(50),
              () -> get(nodes.get(NODES - 1), "/sweeps/" + id),
              p -> p.path("done").asInt() >= POINTS / 10 && leasedTo(p, host).size() >= 1);
      runningOnVictim.addAll(leasedTo(progress, host));
      assertFalse(runningOnVictim.isEmpty(), "the coordinator's node runs points: " + progress);
      host.kill();
      victim = host;
      log(
          "killed %s (the coordinator's node) with SIGKILL %.1f s into the sweep, %d of %d points"
              + " done, running points %s",
          host,
          seconds(System.nanoTime() - submittedAt),
          progress.path("done").asInt(),
          POINTS,
          runningOnVictim);
    }
    List<NodeProcess> survivors = new ArrayList<>(nodes);
    survivors.remove(victim);

    NodeProcess asked = survivors.get(0);
    JsonNode finished =
        Eventually.poll(
            DEADLINE,
            Duration.ofMillis(250),
            () -> getOrNull(asked.api() + "/sweeps/" + id),
            p -> p != null && p.path("done").asInt() == POINTS);
    assertTrue(finished != null && finished.path("done").asInt() == POINTS, "sweep finished");
    double wall = seconds(System.nanoTime() - submittedAt);
    log(
        "sweep of %d points on %d nodes%s: %.1f s from submission to the last result; results by"
            + " node %s; duplicate reports ignored %d",
        POINTS,
        NODES,
        KILL ? " with one killed" : "",
        wall,
        finished.path("doneByNode"),
        finished.path("duplicateReports").asLong());

    // Exactly one result per point, none failed, ranked by the metric.
    assertEquals(0, finished.path("failed").asInt(), finished.toString());
    Set<Integer> indices = new HashSet<>();
    ArrayNode ranked = (ArrayNode) finished.path("ranked");
    assertEquals(POINTS, ranked.size());
    double previous = Double.POSITIVE_INFINITY;
    for (JsonNode r : ranked) {
      assertTrue(indices.add(r.path("index").asInt()), "one result for point " + r);
      double total = r.path("metrics").path("total").asDouble();
      assertTrue(total <= previous, "ranked best first by total");
      previous = total;
    }
    for (int i = 0; i < POINTS; i++) {
      assertTrue(indices.contains(i), "point " + i + " has a result");
    }
    if (victim != null) {
      // What the dead node was running was run again elsewhere (unless it had just reported it).
      int rerun = 0;
      for (JsonNode r : ranked) {
        if (runningOnVictim.contains(r.path("index").asInt())
            && !r.path("node").asText().equals(victim.address())) {
          rerun++;
        }
      }
      log(
          "%d of the %d points running on the killed node were run again by survivors",
          rerun, runningOnVictim.size());
      assertTrue(rerun >= 1, "the dead node's share was run again: " + finished);
    }

    // Each result is the point's own: the best three run again here on a node's copy of the data.
    Path data = TestCassandra.itDir().resolve(survivors.get(0).name + "-backtests");
    try (SweepPointRunner local = new SweepPointRunner(data, 1, () -> true)) {
      SweepRequest parsed = JSON.treeToValue(request, SweepRequest.class);
      for (int k = 0; k < 3; k++) {
        JsonNode r = ranked.get(k);
        Map<String, Double> expected =
            Metrics.of(
                local.sweep(parsed).run(SweepPointRunner.readPoint(r.path("point").toString())));
        for (Map.Entry<String, Double> e : expected.entrySet()) {
          assertEquals(
              e.getValue(),
              r.path("metrics").path(e.getKey()).asDouble(),
              Math.abs(e.getValue()) * 1e-12,
              "point " + r.path("index") + " " + e.getKey());
        }
      }
    }

    // The report of the finished sweep is served by a survivor.
    HttpResponse<String> html =
        http.send(
            HttpRequest.newBuilder(URI.create(asked.api() + "/sweeps/" + id + "/report"))
                .header("Authorization", NodeProcess.BEARER)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, html.statusCode());
    assertTrue(html.body().contains("<svg"), "heatmap in the report");
  }

  /** 100 points: γ × minimum spread, over BTC and ETH spot on one clock. */
  private static ObjectNode sweepRequest() {
    ObjectNode r = JSON.createObjectNode();
    r.putArray("events").add("spot_btcusdt.events").add("spot_ethusdt.events");
    ObjectNode s = r.putObject("strategy");
    s.put("orderSize", "0.001");
    s.put("maxPosition", "0.01");
    ObjectNode grid = r.putObject("grid");
    ArrayNode gammas = grid.putArray("riskAversion");
    ArrayNode spreads = grid.putArray("minSpreadBps");
    for (int i = 0; i < POINTS / 10; i++) {
      gammas.add(0.02 * (i + 1));
    }
    for (int j = 0; j < 10; j++) {
      spreads.add(0.5 * (j + 1));
    }
    r.put("rank", "total");
    return r;
  }

  private static Set<Integer> leasedTo(JsonNode progress, NodeProcess n) {
    Set<Integer> out = new HashSet<>();
    for (JsonNode l : progress.path("running")) {
      if (l.path("node").asText().equals(n.address())) {
        out.add(l.path("index").asInt());
      }
    }
    return out;
  }

  /** The oldest member hosts the cluster singletons. */
  private NodeProcess coordinatorHost() throws Exception {
    JsonNode members = getOrNull(nodes.get(0).management() + "/cluster/members");
    String oldest = members == null ? "" : members.path("oldest").asText();
    for (NodeProcess n : nodes) {
      if (n.address().equals(oldest)) {
        return n;
      }
    }
    throw new AssertionError("no node is the oldest member: " + members);
  }

  // ---------------------------------------------------------------- HTTP

  private JsonNode post(NodeProcess n, String path, JsonNode body, int expected) throws Exception {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(n.api() + path))
                    .header("Authorization", NodeProcess.BEARER)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == expected) {
          return JSON.readTree(r.body());
        }
        if (r.statusCode() != 503) {
          fail(path + " answered " + r.statusCode() + ": " + r.body());
        }
        last = r.body();
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(250);
    }
    throw new AssertionError(path + " did not answer " + expected + ": " + last);
  }

  private JsonNode get(NodeProcess n, String path) throws Exception {
    JsonNode r = getOrNull(n.api() + path);
    return r == null ? JSON.createObjectNode() : r;
  }

  private JsonNode getOrNull(String url) throws InterruptedException {
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
    }
  }

  private static void awaitUntil(String what, Eventually.Condition<Exception> condition)
      throws Exception {
    Eventually.await(DEADLINE, Duration.ofMillis(500), condition, what);
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private void log(String format, Object... args) {
    String line = String.format(format, args);
    System.out.println("[sweep] " + line);
    report.append(line).append('\n');
  }
}
