package com.marketmaker.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.marketmaker.persistence.CassandraLauncher;
import com.marketmaker.simulator.OrderSources.Placement;
import com.marketmaker.simulator.synthetic.ArrivalSpec;
import com.marketmaker.simulator.synthetic.FlowParameters;
import com.marketmaker.simulator.synthetic.SyntheticInstrument;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Cassandra stopped for 30 s while two nodes make markets on a venue, then started again on the
 * same data. The nodes must stay up; once their drivers have lost the database no order may be
 * placed (nothing is sent that could not be journaled) and the quotes are pulled; after the
 * database is back every instrument quotes again by itself, and the books then equal the venue's:
 * the working orders, and every fill once, including fills of the outage's first seconds.
 *
 * <p>This test runs its own Cassandra (the other tests' one is left alone).
 */
class CassandraOutageIT {

  private static final int INSTRUMENTS = 24;
  private static final Duration OUTAGE = Duration.ofSeconds(30);

  /**
   * From the stop until the drivers have seen every connection fail, orders already decided may
   * still go out (their events then fail to be journaled, and the reconciliation after the outage
   * settles them). Placements later than this are a failure.
   */
  private static final Duration DETECTION = Duration.ofSeconds(5);

  private static final String ORDERS =
      "orders-per-window = 4, cancels-per-window = 8, min-order-age = 2s,"
          + " price-tolerance-ticks = 2, max-market-data-age = 10m";

  private final List<NodeProcess> cluster = new ArrayList<>();
  private CassandraLauncher cassandra;
  private TradingVenue venue;
  private final StringBuilder report = new StringBuilder();

  @AfterEach
  void tearDown() throws Exception {
    if (venue != null) {
      venue.close();
    }
    if (cassandra != null) {
      cassandra.stop();
    }
    Files.writeString(
        TestCassandra.itDir().resolve("cassandra-outage-report.txt"),
        report.toString(),
        StandardCharsets.UTF_8);
  }

  @Test
  void quotingPausesWhileCassandraIsDownAndResumesByItselfWithNothingLost() throws Exception {
    CassandraLauncher.Settings db =
        new CassandraLauncher.Settings(
            Path.of(TestCassandra.required("mm.cassandra.lib")),
            fresh(TestCassandra.itDir().resolve("cassandra-outage")),
            TestCassandra.freePort(),
            TestCassandra.freePort(),
            System.getProperty("mm.cassandra.java", ""),
            "1g",
            Duration.ofMinutes(3));
    cassandra = CassandraLauncher.start(db);
    FlowParameters flow =
        FlowParameters.defaults()
            .withArrivals(
                ArrivalSpec.poisson(3), ArrivalSpec.poisson(0.4), ArrivalSpec.poisson(2.4));
    venue = TradingVenue.start(INSTRUMENTS, flow, Duration.ofMillis(500), 53);
    List<NodeProcess.Ports> ports = List.of(NodeProcess.Ports.free(), NodeProcess.Ports.free());
    String config =
        venue.nodeConfig(cassandra.contactPoint(), "outage", ORDERS)
            + "\nmarket-maker.venues.binance.stale-after = 10m";
    for (int i = 0; i < ports.size(); i++) {
      cluster.add(venue.track(NodeProcess.startWith("out" + (i + 1), ports.get(i), ports, config)));
    }
    for (NodeProcess n : cluster) {
      venue.awaitReady(n, cluster.size());
    }
    List<SyntheticInstrument> all = venue.instruments;
    venue.parallel(
        all,
        s -> {
          NodeProcess n = cluster.get(all.indexOf(s) % cluster.size());
          JsonNode r = venue.post(n, "/maker/start", TradingVenue.startBody(s, 5, 200, null));
          assertTrue(r.path("status").path("making").asBoolean(), r.toString());
          return null;
        });
    venue.awaitQuoting(all, cluster, System.nanoTime(), "outage");
    TradingVenue.sleep(10_000);
    int quotedBefore = working(all);
    assertTrue(quotedBefore > 0, "quotes work at the venue before the outage");

    long stoppedAtMillis = System.currentTimeMillis();
    long stopped = System.nanoTime();
    cassandra.stop();
    log(
        "Cassandra stopped while %d instruments quote (%d orders working)",
        INSTRUMENTS, quotedBefore);

    // The outage: the nodes stay up, and once the drivers know, nothing is placed.
    int lowest = Integer.MAX_VALUE;
    double pulledAfter = Double.NaN;
    while (System.nanoTime() - stopped < OUTAGE.toNanos()) {
      for (NodeProcess n : cluster) {
        assertTrue(n.isAlive(), n + " stays up while Cassandra is down");
      }
      int w = working(all);
      if (w == 0 && Double.isNaN(pulledAfter)) {
        pulledAfter = TradingVenue.seconds(stopped);
      }
      lowest = Math.min(lowest, w);
      TradingVenue.sleep(500);
    }
    long placedEarly = placedBetween(stoppedAtMillis, stoppedAtMillis + DETECTION.toMillis());
    List<Placement> late =
        placements(stoppedAtMillis + DETECTION.toMillis(), System.currentTimeMillis());
    log(
        "during the outage: %d orders placed in its first %d s, %d later; quotes all pulled"
            + " %.1f s after the stop (fewest working: %d)",
        placedEarly, DETECTION.toSeconds(), late.size(), pulledAfter, lowest);
    assertEquals(List.of(), late, "orders placed while the journal was unreachable");
    assertEquals(0, lowest, "the quotes were pulled during the outage");

    long restarting = System.nanoTime();
    cassandra = CassandraLauncher.start(db);
    long back = System.nanoTime();
    log(
        "Cassandra started again on its data (%.1f s to accept connections; down %.1f s)",
        (back - restarting) / 1e9, (back - stopped) / 1e9);
    Map<String, Double> resumed = venue.awaitQuoting(all, cluster, back, "outage");
    for (NodeProcess n : cluster) {
      assertTrue(n.isAlive(), n + " is still up");
    }
    log(
        "every instrument quoting again %.1f s after Cassandra was back (median %.1f s)",
        TradingVenue.max(resumed), median(resumed));

    // Nothing lost: the venue's working orders are the entities', every fill booked once.
    TradingVenue.sleep(5_000);
    venue.stopCrowd();
    venue.awaitUntil(
        "the venue's working orders equal every entity's working orders",
        () -> {
          for (SyntheticInstrument s : all) {
            NodeProcess n = cluster.get(all.indexOf(s) % cluster.size());
            if (!venue.orderSets(n, s).equal()) {
              return false;
            }
          }
          return true;
        });
    int fills = 0;
    for (SyntheticInstrument s : all) {
      fills += venue.compareWithLedger(cluster.get(all.indexOf(s) % cluster.size()), s).fills();
    }
    log(
        "after the outage: venue's working orders == entities' and %d fills equal the venue's"
            + " ledger on all %d instruments",
        fills, INSTRUMENTS);
  }

  private int working(List<SyntheticInstrument> all) {
    int n = 0;
    for (SyntheticInstrument s : all) {
      n += venue.openOrders(s.symbol()).size();
    }
    return n;
  }

  private long placedBetween(long fromMillis, long toMillis) {
    return placements(fromMillis, toMillis).size();
  }

  private List<Placement> placements(long fromMillis, long toMillis) {
    return venue.placements().stream()
        .filter(p -> p.atMillis() >= fromMillis && p.atMillis() < toMillis)
        .toList();
  }

  private static double median(Map<String, Double> times) {
    List<Double> sorted = times.values().stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static Path fresh(Path dir) {
    TestCassandra.deleteRecursively(dir);
    return dir;
  }

  private void log(String format, Object... args) {
    String line = String.format(format, args);
    System.out.println("[outage] " + line);
    report.append(line).append('\n');
  }
}
