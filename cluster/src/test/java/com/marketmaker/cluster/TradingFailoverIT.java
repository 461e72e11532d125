package com.marketmaker.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.marketmaker.simulator.synthetic.ArrivalSpec;
import com.marketmaker.simulator.synthetic.FlowParameters;
import com.marketmaker.simulator.synthetic.SyntheticInstrument;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three node JVMs make markets on 300 synthetic instruments of the venue simulator, journaling to a
 * real Cassandra; the node hosting the most instruments is SIGKILLed while they trade. Its
 * instruments come back on the survivors, reconcile with the venue (orders and fills they missed
 * while nobody hosted them, orders sent but never journaled) and quote again. Afterwards, for every
 * instrument: no fill lost and none booked twice (the entity's fills equal the venue's ledger,
 * trade id by trade id, with inventory and cash), and the venue's working orders of the account are
 * exactly the entity's working orders (no orphan left quoting at the venue).
 */
class TradingFailoverIT {

  private static final int INSTRUMENTS = Integer.getInteger("failover.instruments", 300);

  /** Kill cycles in a row (one in the suite; {@code bench/scripts/kill-cycles.sh} runs 20). */
  private static final int CYCLES = Integer.getInteger("failover.cycles", 1);

  /**
   * Per-instrument order-rate share (4 new orders per 10 s: a burst of 2, then one every 5 s) and
   * tolerances that keep 300 instruments' order traffic within two cores. The data-age limits are
   * lifted so that quotes stay up once the crowd is switched off for the final comparison.
   */
  private static final String ORDERS =
      "orders-per-window = 4, cancels-per-window = 8, min-order-age = 2s,"
          + " price-tolerance-ticks = 2, max-market-data-age = 10m";

  private final List<NodeProcess> cluster = new ArrayList<>();
  private TradingVenue venue;
  private final StringBuilder report = new StringBuilder();

  @AfterEach
  void tearDown() throws Exception {
    if (venue != null) {
      venue.close();
    }
    Files.writeString(
        TestCassandra.itDir().resolve("trading-failover-report.txt"),
        report.toString(),
        StandardCharsets.UTF_8);
  }

  @Test
  void killedNodesInstrumentsQuoteAgainOnSurvivorsWithNoFillLostOrDoubledAndNoOrphanOrder()
      throws Exception {
    String cassandra = TestCassandra.contactPoint();
    // A calmer crowd than the default (3 limit orders, 0.4 market orders and 2.4 cancels per
    // second per instrument), published every 500 ms: 300 instruments on two cores.
    FlowParameters flow =
        FlowParameters.defaults()
            .withArrivals(
                ArrivalSpec.poisson(3), ArrivalSpec.poisson(0.4), ArrivalSpec.poisson(2.4));
    venue = TradingVenue.start(INSTRUMENTS, flow, Duration.ofMillis(500), 31);
    List<NodeProcess.Ports> ports =
        List.of(NodeProcess.Ports.free(), NodeProcess.Ports.free(), NodeProcess.Ports.free());
    String config =
        venue.nodeConfig(cassandra, "trading_failover", ORDERS)
            + "\nmarket-maker.venues.binance.stale-after = 10m";
    for (int i = 0; i < 3; i++) {
      cluster.add(
          venue.track(NodeProcess.startWith("trader" + (i + 1), ports.get(i), ports, config)));
    }
    long t0 = System.nanoTime();
    for (NodeProcess n : cluster) {
      venue.awaitReady(n, 3);
    }
    log("cluster %s formed in %.1f s", cluster, TradingVenue.seconds(t0));

    List<SyntheticInstrument> all = venue.instruments;
    long starting = System.nanoTime();
    venue.parallel(
        all,
        s -> {
          NodeProcess n = cluster.get(all.indexOf(s) % 3);
          JsonNode r = venue.post(n, "/maker/start", TradingVenue.startBody(s, 5, 200, null));
          // UNCHANGED when a start that timed out under load was sent again and had landed.
          assertTrue(r.path("status").path("making").asBoolean(), r.toString());
          return null;
        });
    Map<String, Double> first = venue.awaitQuoting(all, cluster, starting, "trading-failover");
    log(
        "all %d instruments quoting %.1f s after the first start",
        INSTRUMENTS, TradingVenue.max(first));

    // Trade for a minute, then kill the busiest node without warning; in a series, start it
    // again, let it rejoin and take shards back, and kill the then busiest node.
    TradingVenue.sleep(60_000);
    int fillsBefore = 0;
    List<NodeProcess> survivors = List.of();
    List<Double> allQuoting = new ArrayList<>();
    for (int cycle = 1; cycle <= CYCLES; cycle++) {
      Map<String, String> hosts = venue.hosts(all, cluster);
      NodeProcess victim = cluster.get(0);
      for (NodeProcess n : cluster) {
        if (TradingVenue.count(hosts, n) > TradingVenue.count(hosts, victim)) {
          victim = n;
        }
      }
      List<NodeProcess> alive = new ArrayList<>(cluster);
      alive.remove(victim);
      survivors = alive;
      fillsBefore = totalFills(all);
      // A node killed in an earlier cycle had the same address: count this cycle's downings only.
      Map<NodeProcess, Integer> downingsBefore = new java.util.HashMap<>();
      for (NodeProcess n : survivors) {
        downingsBefore.put(n, goneDownings(n, victim));
      }
      long killedAt = System.nanoTime();
      long killedAtMillis = System.currentTimeMillis();
      victim.kill();
      // The wall-clock time of the kill, to time the phases in the nodes' logs against it.
      log(
          "cycle %d: SIGKILLed %s at %s hosting %d of %d instruments, after %d fills",
          cycle,
          victim,
          java.time.LocalTime.ofInstant(
              java.time.Instant.ofEpochMilli(killedAtMillis), java.time.ZoneId.systemDefault()),
          TradingVenue.count(hosts, victim),
          INSTRUMENTS,
          fillsBefore);

      Map<String, Double> again = venue.awaitQuoting(all, survivors, killedAt, "trading-failover");
      List<Double> moved = new ArrayList<>();
      for (SyntheticInstrument s : all) {
        if (victim.address().equals(hosts.get(s.symbol()))) {
          moved.add(again.get(s.symbol()));
        }
      }
      Collections.sort(moved);
      allQuoting.add(TradingVenue.max(again));
      log(
          "cycle %d: kill -> all %d instruments quoting again: %.1f s (the %d moved ones: median"
              + " %.1f s, first %.1f s)",
          cycle,
          INSTRUMENTS,
          TradingVenue.max(again),
          moved.size(),
          moved.get(moved.size() / 2),
          moved.get(0));
      logFirstOrdersAfter(victim, hosts, survivors, killedAtMillis, again);
      // The survivors downed it because its lifeline closed and refused connections, not after the
      // failure detector and the resolver's stable-after (GoneProcessDowning).
      List<String> downedBy = new ArrayList<>();
      for (NodeProcess n : survivors) {
        if (goneDownings(n, victim) > downingsBefore.get(n)) {
          downedBy.add(n.toString());
        }
      }
      assertFalse(downedBy.isEmpty(), "no survivor downed " + victim + " as a gone process");
      log("cycle %d: downed as a gone process by %s", cycle, downedBy);
      Map<String, String> after = venue.hosts(all, survivors);
      for (SyntheticInstrument s : all) {
        assertNotEquals(victim.address(), after.get(s.symbol()), s.symbol());
      }
      if (cycle < CYCLES) {
        int i = cluster.indexOf(victim);
        NodeProcess back =
            venue.track(NodeProcess.startWith("trader" + (i + 1), ports.get(i), ports, config));
        cluster.set(i, back);
        venue.awaitReady(back, 3);
        // Shards rebalance onto it; every instrument quoting before the next kill.
        TradingVenue.sleep(20_000);
        venue.awaitQuoting(all, cluster, System.nanoTime(), "trading-failover");
      }
    }
    if (CYCLES > 1) {
      Collections.sort(allQuoting);
      log(
          "%d kill cycles: kill -> all quoting again median %.1f s, worst %.1f s",
          CYCLES, allQuoting.get(allQuoting.size() / 2), allQuoting.get(allQuoting.size() - 1));
    }

    List<NodeProcess> last = survivors;
    // Trade on the survivors, then switch the crowd off: no more fills, and the orders settle.
    TradingVenue.sleep(30_000);
    venue.stopCrowd();
    int fills = 0;
    int orders = 0;
    int fullyListed = 0;
    Map<String, TradingVenue.OrderSets> unequal = new ConcurrentHashMap<>();
    long settling = System.nanoTime();
    venue.awaitUntil(
        "the venue's working orders equal every entity's working orders",
        () -> {
          unequal.clear();
          venue.parallel(
              all,
              s -> {
                NodeProcess n = last.get(all.indexOf(s) % 2);
                TradingVenue.OrderSets sets = venue.orderSets(n, s);
                if (!sets.equal()) {
                  unequal.put(s.symbol(), sets);
                }
                return null;
              });
          if (!unequal.isEmpty()) {
            System.out.println("[trading-failover] not yet equal: " + unequal);
          }
          return unequal.isEmpty();
        });
    log(
        "venue's working orders == entities' working orders on all %d instruments, %.1f s after"
            + " the crowd stopped",
        INSTRUMENTS, TradingVenue.seconds(settling));
    for (SyntheticInstrument s : all) {
      NodeProcess n = last.get(all.indexOf(s) % 2);
      TradingVenue.Booked b = venue.compareWithLedger(n, s);
      fills += b.fills();
      orders += b.orders();
      fullyListed += venue.ledger(s.symbol()).size() <= 200 ? 1 : 0;
    }
    if (fills <= fillsBefore) {
      fail("no fills after the kill: " + fills);
    }
    log(
        "%d orders accepted by the venue, %d fills (%d after the kill); every instrument's fills,"
            + " inventory and cash equal the venue's ledger (%d instruments compared trade id by"
            + " trade id in full)",
        orders, fills, fills - fillsBefore, fullyListed);
  }

  // ---------------------------------------------------------------- helpers

  private int totalFills(List<SyntheticInstrument> all) {
    int n = 0;
    for (SyntheticInstrument s : all) {
      n += venue.ledger(s.symbol()).size();
    }
    return n;
  }

  /** How often {@code n} has logged downing {@code victim}'s address as a gone process. */
  private static int goneDownings(NodeProcess n, NodeProcess victim) throws java.io.IOException {
    String line = "downing " + victim.address() + ": its lifeline closed and refused";
    String text = n.logText();
    int count = 0;
    for (int i = text.indexOf(line); i >= 0; i = text.indexOf(line, i + 1)) {
      count++;
    }
    return count;
  }

  /**
   * The venue's own clock on the failover: for every moved instrument, when the venue accepted the
   * first order a survivor placed for it after the kill (its access log, millisecond stamps), set
   * against the moment the poll above saw it quoting (a round of the poll takes up to seconds while
   * shards move). An instrument whose orders left from before the kill still rest within tolerance
   * quotes again without placing one, once its new incarnation has priced them and kept them (its
   * "first quotes kept" line); "quoting again" takes the earlier of the two.
   */
  private void logFirstOrdersAfter(
      NodeProcess victim,
      Map<String, String> hosts,
      List<NodeProcess> survivors,
      long killedAtMillis,
      Map<String, Double> seenQuoting) {
    Map<String, Long> first = new ConcurrentHashMap<>();
    List<String> agents = survivors.stream().map(NodeProcess::userAgent).toList();
    for (var p : venue.placements()) {
      if (p.atMillis() >= killedAtMillis && agents.contains(p.userAgent())) {
        first.merge(p.symbol(), p.atMillis(), Math::min);
      }
    }
    Map<String, Long> kept = keptAfter(survivors, killedAtMillis);
    List<Double> placed = new ArrayList<>();
    List<Double> again = new ArrayList<>();
    int movedCount = 0;
    int before = 0;
    int keptFirst = 0;
    for (Map.Entry<String, String> h : hosts.entrySet()) {
      if (!victim.address().equals(h.getValue())) {
        continue;
      }
      movedCount++;
      Long at = first.get(h.getKey());
      if (at != null) {
        double s = (at - killedAtMillis) / 1e3;
        placed.add(s);
        if (s <= seenQuoting.get(h.getKey())) {
          before++;
        }
      }
      Long keptAt = kept.get(h.getKey());
      if (keptAt != null && (at == null || keptAt < at)) {
        keptFirst++;
        again.add((keptAt - killedAtMillis) / 1e3);
      } else if (at != null) {
        again.add((at - killedAtMillis) / 1e3);
      }
    }
    Collections.sort(placed);
    Collections.sort(again);
    if (!again.isEmpty()) {
      log(
          "quoting again: %d of the %d moved instruments, first %.2f s, median %.2f s, last %.2f s"
              + " after the kill (%d of them first kept the orders left before the kill, on the"
              + " node's log clock; the others placed an order, on the venue's clock)",
          again.size(),
          movedCount,
          again.get(0),
          again.get(again.size() / 2),
          again.get(again.size() - 1),
          keptFirst);
    }
    if (placed.isEmpty()) {
      log("venue's clock: none of the %d moved instruments placed an order yet", movedCount);
      return;
    }
    log(
        "venue's clock: first order accepted after the kill from a survivor, %d of the %d moved"
            + " instruments: first %.2f s, median %.2f s, last %.2f s (%d of them before the poll"
            + " saw the instrument quoting)",
        placed.size(),
        movedCount,
        placed.get(0),
        placed.get(placed.size() / 2),
        placed.get(placed.size() - 1),
        before);
  }

  private static final java.util.regex.Pattern KEPT =
      java.util.regex.Pattern.compile(
          "^(\\d{2}:\\d{2}:\\d{2}\\.\\d{3}) .*? - BINANCE:(\\S+): first quotes kept",
          java.util.regex.Pattern.MULTILINE);

  /**
   * When each instrument's new incarnation on a survivor began by keeping the acknowledged orders
   * its predecessor left (they were within tolerance, so it placed nothing and managed them): the
   * "first quotes kept" lines of the survivors' logs within two minutes after the kill, by the
   * logs' stamps (the same host's clock as the kill's).
   */
  private static Map<String, Long> keptAfter(List<NodeProcess> survivors, long killedAtMillis) {
    java.time.ZoneId zone = java.time.ZoneId.systemDefault();
    java.time.LocalDate day =
        java.time.Instant.ofEpochMilli(killedAtMillis).atZone(zone).toLocalDate();
    Map<String, Long> kept = new java.util.HashMap<>();
    for (NodeProcess n : survivors) {
      String text;
      try {
        text = n.logText();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      java.util.regex.Matcher m = KEPT.matcher(text);
      while (m.find()) {
        long at =
            java.time.LocalTime.parse(m.group(1))
                .atDate(day)
                .atZone(zone)
                .toInstant()
                .toEpochMilli();
        if (at < killedAtMillis - 43_200_000L) {
          at += 86_400_000L; // past midnight
        }
        if (at >= killedAtMillis && at <= killedAtMillis + 120_000L) {
          kept.merge(m.group(2), at, Math::min);
        }
      }
    }
    return kept;
  }

  private void log(String format, Object... args) {
    String line = String.format(format, args);
    System.out.println("[trading-failover] " + line);
    report.append(line).append('\n');
  }
}
