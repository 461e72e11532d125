package com.marketmaker.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.marketmaker.simulator.OrderSources.Placement;
import com.marketmaker.simulator.synthetic.ArrivalSpec;
import com.marketmaker.simulator.synthetic.FlowParameters;
import com.marketmaker.simulator.synthetic.SyntheticInstrument;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node frozen with SIGSTOP while three nodes make markets, as in a partition or a very long
 * pause: its sockets stay open but nothing answers. The survivors down it and quote its
 * instruments; then it wakes up (SIGCONT) believing it still hosts them. It must place no order
 * from then on (the venue's access log names the node of every accepted order), it must down itself
 * and exit, and afterwards the venue's working orders are exactly the entities' and every fill is
 * booked once: no instrument was ever traded from two nodes.
 */
class PartitionIT {

  private static final int INSTRUMENTS = 30;

  private static final String ORDERS =
      "orders-per-window = 4, cancels-per-window = 8, min-order-age = 2s,"
          + " price-tolerance-ticks = 2, max-market-data-age = 10m";

  private final List<NodeProcess> cluster = new ArrayList<>();
  private TradingVenue venue;
  private final StringBuilder report = new StringBuilder();

  @AfterEach
  void tearDown() throws Exception {
    for (NodeProcess n : cluster) {
      if (n.isAlive()) {
        try {
          n.resume();
        } catch (Exception e) {
          // already gone
        }
      }
    }
    if (venue != null) {
      venue.close();
    }
    Files.writeString(
        TestCassandra.itDir().resolve("partition-report.txt"),
        report.toString(),
        StandardCharsets.UTF_8);
  }

  @Test
  void aFrozenNodeThatWakesUpPlacesNothingAndLeavesNoTwinBehind() throws Exception {
    String cassandra = TestCassandra.contactPoint();
    FlowParameters flow =
        FlowParameters.defaults()
            .withArrivals(
                ArrivalSpec.poisson(3), ArrivalSpec.poisson(0.4), ArrivalSpec.poisson(2.4));
    venue = TradingVenue.start(INSTRUMENTS, flow, Duration.ofMillis(500), 47);
    List<NodeProcess.Ports> ports =
        List.of(NodeProcess.Ports.free(), NodeProcess.Ports.free(), NodeProcess.Ports.free());
    String config =
        venue.nodeConfig(cassandra, "partition", ORDERS)
            + "\nmarket-maker.venues.binance.stale-after = 10m";
    for (int i = 0; i < 3; i++) {
      cluster.add(
          venue.track(NodeProcess.startWith("part" + (i + 1), ports.get(i), ports, config)));
    }
    for (NodeProcess n : cluster) {
      venue.awaitReady(n, 3);
    }
    List<SyntheticInstrument> all = venue.instruments;
    venue.parallel(
        all,
        s -> {
          NodeProcess n = cluster.get(all.indexOf(s) % 3);
          JsonNode r = venue.post(n, "/maker/start", TradingVenue.startBody(s, 5, 200, null));
          assertTrue(r.path("status").path("making").asBoolean(), r.toString());
          return null;
        });
    venue.awaitQuoting(all, cluster, System.nanoTime(), "partition");
    TradingVenue.sleep(20_000);

    Map<String, String> hosts = venue.hosts(all, cluster);
    NodeProcess frozen = cluster.get(0);
    for (NodeProcess n : cluster) {
      if (TradingVenue.count(hosts, n) > TradingVenue.count(hosts, frozen)) {
        frozen = n;
      }
    }
    List<NodeProcess> survivors = new ArrayList<>(cluster);
    survivors.remove(frozen);
    long placedBefore = placedBy(frozen, 0);
    assertTrue(placedBefore > 0, "the node's orders are named at the venue: " + sample());

    long frozenAt = System.nanoTime();
    frozen.pause();
    log(
        "SIGSTOPped %s hosting %d of %d instruments (it had placed %d orders)",
        frozen, TradingVenue.count(hosts, frozen), INSTRUMENTS, placedBefore);
    Map<String, Double> moved = venue.awaitQuoting(all, survivors, frozenAt, "partition");
    Map<String, String> after = venue.hosts(all, survivors);
    for (SyntheticInstrument s : all) {
      assertNotEquals(frozen.address(), after.get(s.symbol()), s.symbol() + " moved");
    }
    log(
        "the survivors quote all %d instruments %.1f s after the freeze",
        INSTRUMENTS, TradingVenue.max(moved));
    // A frozen process's kernel still accepts connections: it is not taken for a gone process,
    // and its downing is the resolver's alone.
    for (NodeProcess n : survivors) {
      assertFalse(
          n.logText().contains("downing " + frozen.address() + ": its lifeline closed and refused"),
          n + " took the frozen node for a gone process");
    }
    // Let the survivors trade its instruments for a while, then wake it up.
    TradingVenue.sleep(5_000);
    long wokeAtMillis = System.currentTimeMillis();
    long woke = System.nanoTime();
    frozen.resume();
    int exit = frozen.awaitExit(120);
    log(
        "woken up, it downed itself and exited (code %d) %.1f s later",
        exit, TradingVenue.seconds(woke));
    long placedAfterWaking = placedBy(frozen, wokeAtMillis);
    assertEquals(
        0,
        placedAfterWaking,
        "orders placed by the woken node: " + placedAfter(frozen, wokeAtMillis));

    // Settle: the venue's working orders are the entities', every fill booked once.
    TradingVenue.sleep(5_000);
    venue.stopCrowd();
    venue.awaitUntil(
        "the venue's working orders equal every entity's working orders",
        () -> {
          for (SyntheticInstrument s : all) {
            NodeProcess n = survivors.get(all.indexOf(s) % 2);
            if (!venue.orderSets(n, s).equal()) {
              return false;
            }
          }
          return true;
        });
    int fills = 0;
    for (SyntheticInstrument s : all) {
      fills += venue.compareWithLedger(survivors.get(all.indexOf(s) % 2), s).fills();
    }
    log(
        "no order placed by the woken node; venue's working orders == entities' and %d fills"
            + " equal the venue's ledger on all %d instruments",
        fills, INSTRUMENTS);
  }

  private long placedBy(NodeProcess n, long fromMillis) {
    return venue.placements().stream()
        .filter(p -> p.userAgent().equals(n.userAgent()) && p.atMillis() >= fromMillis)
        .count();
  }

  private List<Placement> placedAfter(NodeProcess n, long fromMillis) {
    return venue.placements().stream()
        .filter(p -> p.userAgent().equals(n.userAgent()) && p.atMillis() >= fromMillis)
        .limit(20)
        .toList();
  }

  private List<Placement> sample() {
    return venue.placements().stream().limit(5).toList();
  }

  private void log(String format, Object... args) {
    String line = String.format(format, args);
    System.out.println("[partition] " + line);
    report.append(line).append('\n');
  }
}
