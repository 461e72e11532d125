package com.marketmaker.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.simulator.exchange.LedgerEntry;
import com.marketmaker.simulator.synthetic.FlowParameters;
import com.marketmaker.simulator.synthetic.Pairing;
import com.marketmaker.simulator.synthetic.SyntheticInstrument;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The portfolio actor in a three-node cluster with a real Cassandra, over 50 synthetic instruments
 * of the venue simulator making markets, three pairs of them cointegrated by construction. It finds
 * those three pairs and no other, reports CVaR; a CVaR limit far below the book pulls every
 * instrument's quotes (shown in the breaches) until cleared; a rebalance plan leans the legs'
 * quotes; the node hosting the portfolio is SIGKILLed and the portfolio comes back on a survivor
 * with every fill booked once, equal to the venue's ledger instrument by instrument.
 */
class PortfolioClusterIT {

  private static final int INSTRUMENTS = 50;
  private static final int PAIRS = 3;

  private static final String ORDERS =
      "orders-per-window = 4, cancels-per-window = 8, min-order-age = 1s,"
          + " price-tolerance-ticks = 2, max-market-data-age = 10m";

  private static final String PORTFOLIO =
      String.join(
          "\n",
          "market-maker.portfolio.evaluate-every = 2s",
          "market-maker.portfolio.scan-every = 10s",
          // The scans at a tenth of a core, as when they shared the risk models' thread and share
          // (the shipped 0.05 halves their pace; the test waits for them).
          "market-maker.portfolio.scan-cpu-share = 0.1",
          "market-maker.portfolio.checkpoint-every = 10s",
          // Basket skews small beside a plan's lean, so the lean's direction shows.
          "market-maker.portfolio.basket.max-skew-bps = 1",
          // A lean that makes each leg's side the one the crowd trades with, so the plan completes
          // within the test.
          "market-maker.portfolio.plan.execution-skew-bps = 20",
          // The constructed spreads revert with a half-life of 1.2 s. Estimated from one-second
          // bars of the mids it has come out anywhere from half to twice that (the bid-ask bounce
          // biases it toward faster reversion, mids that lag the fair price toward slower), and
          // with a bound of 1 s a constructed pair dropped in and out of the scan for hundreds of
          // bars. The bound does not keep spurious pairs out: over a few hundred bars those that
          // pass the test revert in a few bars too. What keeps them out is the scan's jump rows
          // and its check that neither leg is stationary by itself.
          "market-maker.portfolio.scan.min-half-life = 200ms");

  private final List<NodeProcess> cluster = new ArrayList<>();
  private TradingVenue venue;
  private final StringBuilder report = new StringBuilder();

  @AfterEach
  void tearDown() throws Exception {
    if (venue != null) {
      venue.close();
    }
    Files.writeString(
        TestCassandra.itDir().resolve("portfolio-report.txt"),
        report.toString(),
        StandardCharsets.UTF_8);
  }

  /**
   * The simulator's default crowd (σ = 2·10⁻⁴ per √s); each follower's log mid is its leader's plus
   * an Ornstein–Uhlenbeck spread with κ = 0.6 per second (half-life 1.2 s) and η = 2.1·10⁻⁴ per √s
   * (stationary deviation η/√(2κ) = 0.019 %), well below the leaders' own moves over a few minutes
   * (0.3 %): strong enough to pass Benjamini–Hochberg over the 1,225 pairs within a few hundred
   * one-second bars. At κ = 0.3 with the same deviation the three took 275–449 bars to show in this
   * test; {@code ScanFalsePairs} (bench) puts the first scan that shows exactly the three at a
   * median of about 215 bars for κ = 0.3 and about 120 for κ = 0.6.
   */
  private static List<SyntheticInstrument> instruments() {
    FlowParameters base = FlowParameters.defaults();
    List<SyntheticInstrument> out = new ArrayList<>();
    List<SyntheticInstrument> defaults = SyntheticInstrument.defaults(INSTRUMENTS);
    for (int i = 0; i < INSTRUMENTS; i++) {
      SyntheticInstrument d = defaults.get(i);
      FlowParameters flow = base;
      if (i < 2 * PAIRS && i % 2 == 1) {
        flow = base.withPairing(new Pairing(defaults.get(i - 1).symbol(), 0.6, 2.1e-4));
      }
      out.add(new SyntheticInstrument(d.symbol(), d.filters(), d.initialPrice(), flow));
    }
    return out;
  }

  @Test
  void findsThePairsEnforcesCvarRebalancesAndSurvivesTheLossOfItsNode() throws Exception {
    String cassandra = TestCassandra.contactPoint();
    List<SyntheticInstrument> all = instruments();
    venue = TradingVenue.start(all, Duration.ofMillis(500), 41);
    List<NodeProcess.Ports> ports =
        List.of(NodeProcess.Ports.free(), NodeProcess.Ports.free(), NodeProcess.Ports.free());
    String config =
        venue.nodeConfig(cassandra, "portfolio" + System.currentTimeMillis() % 100_000, ORDERS)
            + "\nmarket-maker.venues.binance.stale-after = 10m\n"
            + PORTFOLIO;
    for (int i = 0; i < 3; i++) {
      cluster.add(venue.track(NodeProcess.startWith("pf" + (i + 1), ports.get(i), ports, config)));
    }
    for (NodeProcess n : cluster) {
      venue.awaitReady(n, 3);
    }
    venue.parallel(
        all,
        s -> {
          NodeProcess n = cluster.get(all.indexOf(s) % 3);
          JsonNode r = venue.post(n, "/maker/start", TradingVenue.startBody(s, 5, 200, null));
          assertTrue(r.path("status").path("making").asBoolean(), r.toString());
          return null;
        });
    long started = System.nanoTime();
    log("%d instruments started on %s", INSTRUMENTS, cluster);

    // The scan finds exactly the constructed pairs.
    Set<Set<String>> constructed = new HashSet<>();
    for (int k = 0; k < PAIRS; k++) {
      constructed.add(Set.of(TradingVenue.id(all.get(2 * k)), TradingVenue.id(all.get(2 * k + 1))));
    }
    Set<Set<String>>[] found = new Set[1];
    JsonNode[] scan = new JsonNode[1];
    int[] lastScanBars = {-1};
    venue.awaitUntil(
        "the three constructed pairs and no other",
        // With κ = 0.3 found after 207–449 one-second bars in clean-clone runs, and not within
        // 660 s in one; with 0.6 after 166, 208 and 349 in the first three runs alone. The scan
        // must show the three and no spurious one at the same time.
        Duration.ofMinutes(14),
        () -> {
          JsonNode c = venue.getOrNull(cluster.get(0).api() + "/portfolio/cointegration");
          if (c == null || c.path("scan").isNull() || c.path("scan").isMissingNode()) {
            return false;
          }
          scan[0] = c.path("scan");
          Set<Set<String>> pairs = new HashSet<>();
          for (JsonNode p : scan[0].path("pairs")) {
            if (p.path("cointegrated").asBoolean()) {
              pairs.add(Set.of(p.path("x").asText(), p.path("y").asText()));
            }
          }
          found[0] = pairs;
          int bars = scan[0].path("bars").asInt();
          if (bars != lastScanBars[0]) {
            // Each new scan, so that a run that never converges says why: pairs missing, or a
            // spurious one shown beside them.
            lastScanBars[0] = bars;
            Set<Set<String>> missing = new HashSet<>(constructed);
            missing.removeAll(pairs);
            Set<Set<String>> spurious = new HashSet<>(pairs);
            spurious.removeAll(constructed);
            log(
                "scan over %d bars, %d instruments: missing %s, spurious %s",
                bars, scan[0].path("instruments").size(), missing, spurious);
            for (JsonNode p : scan[0].path("pairs")) {
              if (p.path("cointegrated").asBoolean()
                  && spurious.contains(Set.of(p.path("x").asText(), p.path("y").asText()))) {
                // What made it: its statistic, and whether a leg jumped or looks stationary.
                log("  spurious %s", describe(scan[0], p));
              }
            }
          }
          return scan[0].path("instruments").size() == INSTRUMENTS && pairs.equals(constructed);
        });
    log(
        "cointegration: the %d constructed pairs found, and no other of %d tested, over %d bars,"
            + " %.0f s after the start",
        PAIRS, scan[0].path("pairsTested").asInt(), scan[0].path("bars").asInt(), seconds(started));
    for (JsonNode p : scan[0].path("pairs")) {
      if (p.path("cointegrated").asBoolean()) {
        // Log mids one for one: the hedge ratio in prices is the ratio of the prices, about 1
        // (noise in the leader's mids biases the estimate toward 0: 0.88-1.05 in ScanFalsePairs
        // over 48 such pairs at the scan that first shows exactly the three, 0.87-1.03 here).
        assertEquals(1.0, p.path("hedgeRatio").asDouble(), 0.25, p.toString());
        log(
            "  %s ~ %s: beta %.3f, half-life %.1f s, adjusted p %.2g",
            p.path("y").asText(),
            p.path("x").asText(),
            p.path("hedgeRatio").asDouble(),
            p.path("halfLifeSeconds").asDouble(),
            p.path("adjustedPValue").asDouble());
      }
    }

    // CVaR is reported; a limit far below it pulls every instrument's quotes.
    JsonNode risk = venue.get(cluster.get(1), "/portfolio/risk");
    double cvar99 = maxCvar99(risk);
    assertTrue(cvar99 > 0, "CVaR reported: " + risk);
    log(
        "CVaR 99%% over %d bars (most conservative method): %.4f USD",
        risk.path("risk").path("horizonBars").asInt(), cvar99);
    ObjectNode limits = TradingVenue.JSON.createObjectNode();
    limits.put("cvar99MaxUsd", cvar99 / 1000);
    venue.post(cluster.get(2), "/portfolio/limits", limits);
    venue.awaitUntil(
        "a CVaR breach pulling every instrument",
        Duration.ofMinutes(2),
        () -> {
          JsonNode r = venue.getOrNull(cluster.get(0).api() + "/portfolio/risk");
          return r != null
              && r.path("breaches").size() > 0
              && "CVAR_99".equals(r.path("breaches").get(0).path("kind").asText())
              && "PULL".equals(r.path("breaches").get(0).path("action").asText());
        });
    awaitAll(all, "every instrument pulled by the portfolio", o -> !hasWorkingOrders(o));
    log("CVaR limit at a thousandth of the CVaR: breach raised and every instrument pulled");
    venue.post(cluster.get(0), "/portfolio/limits", TradingVenue.JSON.createObjectNode());
    venue.post(cluster.get(0), "/portfolio/risk/clear", TradingVenue.JSON.createObjectNode());
    awaitAll(all, "every instrument quoting again once cleared", TradingVenue::quoting);
    log("limit lifted and breach cleared: every instrument quoting again");

    // A plan to flatten: proposed, confirmed, its legs lean toward their targets.
    JsonNode plan =
        venue.post(cluster.get(1), "/portfolio/rebalance", TradingVenue.JSON.createObjectNode());
    String planId = plan.path("plan").path("id").asText();
    assertTrue(
        plan.path("plan").path("expectedCostUsd").asDouble()
            <= plan.path("plan").path("legsAloneCostUsd").asDouble() + 1e-9,
        plan.toString());
    JsonNode confirmed =
        venue.post(
            cluster.get(2),
            "/portfolio/plans/" + planId + "/confirm",
            TradingVenue.JSON.createObjectNode());
    assertEquals("EXECUTING", confirmed.path("status").asText(), confirmed.toString());
    venue.awaitUntil(
        "the plan's legs leaning",
        Duration.ofMinutes(1),
        () -> {
          JsonNode p = venue.getOrNull(cluster.get(0).api() + "/portfolio");
          JsonNode progress = venue.getOrNull(cluster.get(0).api() + "/portfolio/plans/" + planId);
          if (p == null || progress == null) {
            return false;
          }
          for (JsonNode leg : plan.path("plan").path("legs")) {
            double trade = leg.path("tradeNotionalUsd").asDouble();
            String instrument = leg.path("instrument").asText();
            JsonNode a = p.path("advice").path(instrument);
            boolean done = false;
            for (JsonNode d : progress.path("legsDone")) {
              done |= d.asText().equals(instrument);
            }
            boolean open = !done && progress.path("progress").path(instrument).asDouble() < 0.9;
            if (open && Math.abs(trade) > 1 && !(a.path("skewBps").asDouble() * trade > 0)) {
              return false;
            }
          }
          return true;
        });
    log(
        "rebalance plan %s: %d legs, expected cost %.4f USD against %.4f USD leg by leg (impact:"
            + " %s); confirmed, each leg's quotes lean toward its target",
        planId,
        plan.path("plan").path("legs").size(),
        plan.path("plan").path("expectedCostUsd").asDouble(),
        plan.path("plan").path("legsAloneCostUsd").asDouble(),
        plan.path("plan").path("impactModel").asText());

    // The portfolio's node dies; the portfolio answers again from a survivor, nothing lost.
    TradingVenue.sleep(10_000);
    NodeProcess host = null;
    String hostedOn = venue.get(cluster.get(0), "/portfolio").path("hostedOn").asText();
    for (NodeProcess n : cluster) {
      if (n.address().equals(hostedOn)) {
        host = n;
      }
    }
    assertTrue(host != null, "portfolio hosted on " + hostedOn);
    long fillsBefore =
        venue.get(cluster.get(0), "/portfolio").path("totals").path("fillsBooked").asLong();
    long killedAt = System.nanoTime();
    host.kill();
    List<NodeProcess> survivors = new ArrayList<>(cluster);
    survivors.remove(host);
    NodeProcess asked = survivors.get(0);
    venue.awaitUntil(
        "the portfolio answering from a survivor",
        Duration.ofMinutes(2),
        () -> {
          JsonNode p = venue.getOrNull(asked.api() + "/portfolio");
          return p != null && !p.path("hostedOn").asText().equals(hostedOn);
        });
    log(
        "killed %s hosting the portfolio after %d fills; it answers from a survivor %.1f s later",
        host, fillsBefore, seconds(killedAt));
    JsonNode survived = venue.get(asked, "/portfolio/plans/" + planId);
    assertTrue(
        "EXECUTING".equals(survived.path("status").asText())
            || "executed".equals(survived.path("outcome").asText()),
        "the plan survives: " + survived);
    // The plan executes to the end through the entities: each leg's fills take it to its target.
    long[] lastProgressLog = {System.nanoTime()};
    venue.awaitUntil(
        "the plan executed",
        Duration.ofMinutes(3),
        () -> {
          JsonNode v = venue.getOrNull(asked.api() + "/portfolio/plans/" + planId);
          if (v != null && System.nanoTime() - lastProgressLog[0] > 15_000_000_000L) {
            // Which legs hold the plan up, and how far each is.
            lastProgressLog[0] = System.nanoTime();
            List<String> open = new ArrayList<>();
            Set<String> done = new HashSet<>();
            v.path("legsDone").forEach(d -> done.add(d.asText()));
            v.path("progress")
                .fields()
                .forEachRemaining(
                    e -> {
                      if (!done.contains(e.getKey()) && e.getValue().asDouble() < 0.9) {
                        open.add(
                            String.format(
                                "%s %.2f",
                                e.getKey().replace("BINANCE:", ""), e.getValue().asDouble()));
                      }
                    });
            log(
                "  plan %.0f s after the kill: %d legs done, the others (share done): %s",
                seconds(killedAt), v.path("legsDone").size(), open);
          }
          return v != null && "ENDED".equals(v.path("status").asText());
        });
    JsonNode executed = venue.get(asked, "/portfolio/plans/" + planId);
    assertEquals("executed", executed.path("outcome").asText(), executed.toString());
    log(
        "the plan executed through the entities %.1f s after the portfolio's node was killed:"
            + " %d legs done",
        seconds(killedAt), executed.path("legsDone").size());

    // Settle: crowd off, then every instrument's portfolio position and fills equal the ledger.
    TradingVenue.sleep(20_000);
    venue.stopCrowd();
    Map<String, String> unequal = new ConcurrentHashMap<>();
    venue.awaitUntil(
        "the portfolio's positions and fills equal to the venue's ledger",
        Duration.ofMinutes(2),
        () -> {
          unequal.clear();
          JsonNode p = venue.getOrNull(asked.api() + "/portfolio");
          if (p == null) {
            return false;
          }
          Map<String, JsonNode> positions = new ConcurrentHashMap<>();
          for (JsonNode pos : p.path("positions")) {
            positions.put(pos.path("instrument").asText(), pos);
          }
          for (SyntheticInstrument s : all) {
            List<LedgerEntry> ledger = venue.ledger(s.symbol());
            InstrumentSpec spec = venue.spec(s);
            long lots = 0;
            Set<Long> trades = new TreeSet<>();
            for (LedgerEntry e : ledger) {
              lots += e.side().sign() * e.lots();
              trades.add(e.tradeId());
            }
            JsonNode pos = positions.get(TradingVenue.id(s));
            long booked = pos == null ? 0 : pos.path("fillsBooked").asLong();
            double qty = pos == null ? 0 : pos.path("quantityBase").asDouble();
            if (booked != trades.size()
                || Math.abs(qty - spec.lotsToDouble(lots)) > 1e-9 * Math.max(1, Math.abs(qty))) {
              unequal.put(
                  s.symbol(),
                  booked
                      + " fills, "
                      + qty
                      + " vs ledger "
                      + trades.size()
                      + " fills, "
                      + spec.lotsToDouble(lots));
            }
          }
          if (!unequal.isEmpty()) {
            System.out.println("[portfolio] not yet equal: " + unequal);
          }
          return unequal.isEmpty() && p.path("divergences").isEmpty();
        });
    JsonNode finalView = venue.get(asked, "/portfolio");
    long fills = finalView.path("totals").path("fillsBooked").asLong();
    assertTrue(fills > fillsBefore, "fills after the kill: " + fills + " vs " + fillsBefore);
    log(
        "after the kill: %d fills booked by the portfolio (%d before), each instrument's position"
            + " and fill count equal to the venue's ledger, no divergence",
        fills, fillsBefore);
  }

  /** A pair of a scan with its test and its legs' jumps and unit-root p-values. */
  private static String describe(JsonNode scan, JsonNode pair) {
    List<String> names = new ArrayList<>();
    scan.path("instruments").forEach(n -> names.add(n.asText()));
    StringBuilder legs = new StringBuilder();
    for (String leg : List.of(pair.path("y").asText(), pair.path("x").asText())) {
      int i = names.indexOf(leg);
      legs.append(
          String.format(
              " %s: %d jumps, unit-root p %.2g;",
              leg,
              scan.path("jumpsRemoved").path(i).asInt(),
              scan.path("unitRootPValues").path(i).asDouble()));
    }
    return String.format(
        "%s ~ %s: tau %.2f lag %d, p %.2g, adjusted %.2g, half-life %.1f s, beta %.3f;%s",
        pair.path("y").asText(),
        pair.path("x").asText(),
        pair.path("adfStatistic").asDouble(),
        pair.path("adfLag").asInt(),
        pair.path("pValue").asDouble(),
        pair.path("adjustedPValue").asDouble(),
        pair.path("halfLifeSeconds").asDouble(),
        pair.path("hedgeRatio").asDouble(),
        legs);
  }

  private static double maxCvar99(JsonNode risk) {
    double max = 0;
    for (JsonNode e : risk.path("risk").path("estimates")) {
      if (e.path("confidence").asDouble() == 0.99) {
        max = Math.max(max, e.path("cvarHorizonUsd").asDouble());
      }
    }
    return max;
  }

  private static boolean hasWorkingOrders(JsonNode orders) {
    return orders == null || orders.path("working").size() > 0;
  }

  private void awaitAll(
      List<SyntheticInstrument> all, String what, java.util.function.Predicate<JsonNode> ok)
      throws Exception {
    venue.awaitUntil(
        what,
        Duration.ofMinutes(2),
        () -> {
          int[] good = {0};
          venue.parallel(
              all,
              s -> {
                NodeProcess n = cluster.get(Math.floorMod(s.symbol().hashCode(), cluster.size()));
                JsonNode o = venue.getOrNull(n.api() + "/orders/" + TradingVenue.id(s));
                if (ok.test(o)) {
                  synchronized (good) {
                    good[0]++;
                  }
                }
                return null;
              });
          return good[0] == all.size();
        });
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private void log(String format, Object... args) {
    String line = String.format(format, args);
    System.out.println("[portfolio] " + line);
    report.append(line).append('\n');
  }
}
