package com.marketmaker.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marketmaker.core.orders.OrderStatus;
import com.marketmaker.simulator.exchange.OrderView;
import com.marketmaker.simulator.synthetic.FlowParameters;
import com.marketmaker.simulator.synthetic.SyntheticInstrument;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Live market making by one node JVM (Cassandra behind it) on the venue simulator: 50 synthetic
 * instruments quote through the signed REST gateway and book their fills from the user-data stream
 * for two minutes; after a stop, every instrument's fills, inventory and cash equal the venue's
 * ledger of the account and nothing of ours rests at the venue. Then risk: a loss-limit breach
 * cancels the instrument's orders at the venue and keeps it halted (through a stop and a start)
 * until an operator clears it, and the kill switch cancels every order of every instrument.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveMakingIT {

  private static final int MAKING = 50;
  private static final int RISK_GROUP = 10;
  private static final Duration RUN = Duration.ofMinutes(2);

  /** Per-instrument order-rate share and planner tolerances of the node. */
  private static final String ORDERS =
      "orders-per-window = 10, cancels-per-window = 20, min-order-age = 1s,"
          + " price-tolerance-ticks = 1";

  private static TradingVenue venue;
  private static NodeProcess node;
  private static final StringBuilder report = new StringBuilder();

  @BeforeAll
  static void startVenueAndNode() throws Exception {
    String cassandra = TestCassandra.contactPoint();
    // The crowd of FlowParameters.defaults() on every instrument, beat 250 ms.
    venue =
        TradingVenue.start(
            MAKING + RISK_GROUP + 1, FlowParameters.defaults(), Duration.ofMillis(250), 21);
    var ports = NodeProcess.Ports.free();
    node =
        venue.track(
            NodeProcess.startWith(
                "making-node",
                ports,
                List.of(ports),
                venue.nodeConfig(cassandra, "live_making", ORDERS)));
    venue.awaitReady(node, 1);
  }

  @AfterAll
  static void stopAll() throws Exception {
    if (venue != null) {
      venue.close();
    }
    Files.writeString(
        TestCassandra.itDir().resolve("live-making-report.txt"),
        report.toString(),
        StandardCharsets.UTF_8);
  }

  @Test
  @Order(1)
  void fiftyInstrumentsMakeForTwoMinutesAndBookExactlyTheVenueLedger() throws Exception {
    List<SyntheticInstrument> making = venue.instruments.subList(0, MAKING);
    long t0 = System.nanoTime();
    venue.parallel(
        making,
        s -> {
          JsonNode r = venue.post(node, "/maker/start", TradingVenue.startBody(s, 5, 200, null));
          // UNCHANGED when a start that timed out under load was sent again and had landed.
          assertTrue(r.path("status").path("making").asBoolean(), r.toString());
          return null;
        });
    java.util.Set<String> seenMaking = new java.util.HashSet<>();
    venue.awaitUntil("all " + MAKING + " quoting", () -> allQuoting(making, seenMaking));
    log("%d instruments quoting %.1f s after the first start", MAKING, seconds(t0));

    // Make for two minutes, and on until every instrument has traded with the crowd.
    long started = System.nanoTime();
    venue.awaitUntil(
        "two minutes of making with fills on every instrument",
        RUN.plus(TradingVenue.DEADLINE),
        () ->
            System.nanoTime() - started >= RUN.toNanos()
                && making.stream().noneMatch(s -> venue.ledger(s.symbol()).isEmpty()));
    log("made markets for %.1f s", seconds(started));

    venue.parallel(
        making,
        s -> {
          JsonNode r = venue.post(node, "/maker/stop?symbol=" + TradingVenue.id(s), null);
          assertEquals("CHANGED", r.path("change").asText(), r.toString());
          assertFalse(r.path("status").path("making").asBoolean());
          return null;
        });
    venue.awaitUntil(
        "no order of ours left at the venue after the stops",
        Duration.ofSeconds(60),
        () -> making.stream().allMatch(s -> venue.openOrders(s.symbol()).isEmpty()));

    int fills = 0;
    int orders = 0;
    for (SyntheticInstrument s : making) {
      TradingVenue.Booked b = venue.compareWithLedger(node, s);
      assertTrue(b.fills() > 0, s.symbol());
      fills += b.fills();
      orders += b.orders();
    }
    log(
        "%d instruments: %d orders accepted by the venue, %d fills; every instrument's fills,"
            + " inventory and cash equal to the venue's ledger; no order left at the venue",
        MAKING, orders, fills);
  }

  @Test
  @Order(2)
  void lossLimitHaltsUntilClearedAndTheKillSwitchCancelsEveryOrderAtTheVenue() throws Exception {
    List<SyntheticInstrument> group =
        new ArrayList<>(venue.instruments.subList(MAKING, MAKING + RISK_GROUP));
    SyntheticInstrument risky = venue.instruments.get(MAKING + RISK_GROUP);
    String riskyId = TradingVenue.id(risky);
    List<SyntheticInstrument> all = new ArrayList<>(group);
    all.add(risky);

    OrderWatch watch = new OrderWatch(all);
    watch.start();
    try {
      venue.parallel(
          group,
          s -> {
            venue.post(node, "/maker/start", TradingVenue.startBody(s, 5, 200, null));
            return null;
          });
      // A loss limit of 10^-8 quote units, and quotes at most 2 bps wide: the first fill's fee
      // (10 bps of its notional) exceeds the spread it captures, so it is a loss.
      ObjectNode tiny = TradingVenue.JSON.createObjectNode();
      tiny.put("maxLoss", 1e-8);
      JsonNode started =
          venue.post(node, "/maker/start", TradingVenue.startBody(risky, 1, 2, tiny));
      assertEquals("CHANGED", started.path("change").asText(), started.toString());
      // The risky instrument may well breach before it is ever seen quoting.
      java.util.Set<String> seenGroup = new java.util.HashSet<>();
      venue.awaitUntil("the risk group quoting", () -> allQuoting(group, seenGroup));

      // The breach.
      JsonNode[] alert = new JsonNode[1];
      venue.awaitUntil(
          riskyId + " halted by its loss limit",
          () -> (alert[0] = haltOf(riskyId)) != null && alert[0].path("halted").asBoolean());
      assertEquals("DAILY_LOSS", alert[0].path("cause").asText(), alert[0].toString());
      assertEquals("risk", alert[0].path("haltedBy").asText(), alert[0].toString());
      assertTrue(alert[0].path("reason").asText().contains("daily loss"), alert[0].toString());
      assertFalse(venue.ledger(risky.symbol()).isEmpty(), "the breach came from fills");
      long breachAt = alert[0].path("haltedAtMillis").asLong();
      venue.awaitUntil(
          riskyId + " has no order left at the venue",
          Duration.ofSeconds(30),
          () -> venue.openOrders(risky.symbol()).isEmpty());
      Cancels onBreach = watch.cancelledSince(List.of(risky), breachAt);
      assertEquals(
          "HALTED", venue.get(node, "/orders/" + riskyId).path("quoting").asText(), riskyId);
      log(
          "%s: loss limit breached (%s); %d orders cancelled at the venue, the last %d ms after"
              + " the breach",
          riskyId, alert[0].path("reason").asText(), onBreach.count(), onBreach.lastAfter());

      // Halted means halted: no order while the market goes on, nor after a stop and a start with
      // a harmless loss limit.
      int placed = venue.acceptedOrders(risky.symbol());
      TradingVenue.sleep(5_000);
      assertEquals(placed, venue.acceptedOrders(risky.symbol()), "orders sent while halted");
      venue.post(node, "/maker/stop?symbol=" + riskyId, null);
      JsonNode restarted =
          venue.post(node, "/maker/start", TradingVenue.startBody(risky, 1, 2, null));
      assertEquals("CHANGED", restarted.path("change").asText(), restarted.toString());
      TradingVenue.sleep(5_000);
      assertEquals(placed, venue.acceptedOrders(risky.symbol()), "orders sent while halted");
      assertTrue(venue.openOrders(risky.symbol()).isEmpty());
      assertTrue(haltOf(riskyId).path("halted").asBoolean(), "still halted after the restart");
      assertEquals("HALTED", venue.get(node, "/orders/" + riskyId).path("quoting").asText());

      // Cleared by an operator: quoting resumes.
      ObjectNode clear = TradingVenue.JSON.createObjectNode();
      clear.put("symbol", riskyId);
      JsonNode cleared = venue.post(node, "/maker/risk/clear", clear);
      assertEquals(riskyId, cleared.path("cleared").path(0).asText(), cleared.toString());
      venue.awaitUntil(
          riskyId + " quoting at the venue again",
          () -> !venue.openOrders(risky.symbol()).isEmpty());
      assertTrue(venue.acceptedOrders(risky.symbol()) > placed);
      java.util.Set<String> seenAll = new java.util.HashSet<>();
      venue.awaitUntil("the risk group quoting", () -> allQuoting(all, seenAll));

      // The kill switch.
      ObjectNode reason = TradingVenue.JSON.createObjectNode();
      reason.put("reason", "kill switch drill");
      long killAt = System.currentTimeMillis();
      JsonNode kill = venue.post(node, "/maker/kill", reason);
      assertTrue(kill.path("complete").asBoolean(), kill.toString());
      assertEquals(0, kill.path("failedCount").asInt(), kill.toString());
      venue.awaitUntil(
          "no order of any instrument left at the venue after the kill",
          Duration.ofSeconds(30),
          () -> venue.instruments.stream().allMatch(s -> venue.openOrders(s.symbol()).isEmpty()));
      Cancels onKill = watch.cancelledSince(all, killAt);
      assertTrue(onKill.count() > 0, "the kill cancelled the working orders");
      int afterKill = 0;
      for (SyntheticInstrument s : all) {
        afterKill += venue.acceptedOrders(s.symbol());
      }
      TradingVenue.sleep(3_000);
      int later = 0;
      for (SyntheticInstrument s : all) {
        later += venue.acceptedOrders(s.symbol());
        JsonNode h = haltOf(TradingVenue.id(s));
        assertTrue(h != null && h.path("halted").asBoolean(), s.symbol() + " halted by the kill");
        assertEquals("KILL_SWITCH", h.path("cause").asText(), h.toString());
      }
      assertEquals(afterKill, later, "orders sent after the kill switch");
      log(
          "kill switch: %d instruments acknowledged in %d ms (node's count); %d orders cancelled at"
              + " the venue, the last %d ms after the request",
          kill.path("acknowledged").asInt(),
          kill.path("elapsedMillis").asLong(),
          onKill.count(),
          onKill.lastAfter());

      // Halted or not, their books equal the venue's ledger.
      int fills = 0;
      for (SyntheticInstrument s : all) {
        fills += venue.compareWithLedger(node, s).fills();
      }
      log("risk group: %d fills, books equal to the venue's ledger", fills);
    } finally {
      watch.stop();
    }
  }

  // ---------------------------------------------------------------- helpers

  private static long lastShown;

  /**
   * Whether every instrument of {@code list} has been seen quoting (reconciled, QUOTING, an order
   * acknowledged by the venue) since {@code seen} was created. Accumulated over the polls: an
   * instrument whose quotes the crowd has just filled and whose order-rate tokens are spent has no
   * order at the venue for a moment, so all of them at the same instant is not the question.
   */
  private boolean allQuoting(List<SyntheticInstrument> list, java.util.Set<String> seen) {
    boolean all = true;
    for (SyntheticInstrument s : list) {
      if (seen.contains(s.symbol())) {
        continue;
      }
      JsonNode orders = venue.getOrNull(node.api() + "/orders/" + TradingVenue.id(s));
      if (TradingVenue.quoting(orders)) {
        seen.add(s.symbol());
      } else {
        all = false;
        if (System.nanoTime() - lastShown > 10_000_000_000L) {
          lastShown = System.nanoTime();
          System.out.println("[live-making] not quoting yet: " + orders);
        }
      }
    }
    return all;
  }

  /** The instrument's entry in GET /maker/risk/alerts, or null when it is not alerting. */
  private JsonNode haltOf(String id) {
    JsonNode alerts = venue.get(node, "/maker/risk/alerts");
    for (JsonNode a : alerts.path("alerts")) {
      if (a.path("instrument").asText().equals(id)) {
        return a;
      }
    }
    return null;
  }

  /** How many orders were cancelled at the venue since a moment, and the last one's delay. */
  record Cancels(int count, long lastAfter) {}

  /**
   * Watches the venue's working orders of the account on a few instruments every few milliseconds,
   * so that the cancels of a halt can be told from the venue's own record of each order (its last
   * update time, the moment the venue cancelled it).
   */
  private static final class OrderWatch {
    private final List<SyntheticInstrument> instruments;
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private final AtomicLong sweeps = new AtomicLong();
    private volatile boolean running = true;
    private final Thread thread;

    OrderWatch(List<SyntheticInstrument> instruments) {
      this.instruments = instruments;
      this.thread = new Thread(this::run, "order-watch");
      thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join(5_000);
    }

    private void run() {
      while (running) {
        for (SyntheticInstrument s : instruments) {
          for (OrderView o : venue.openOrders(s.symbol())) {
            seen.put(s.symbol() + "#" + o.orderId(), o.orderId());
          }
        }
        sweeps.incrementAndGet();
        TradingVenue.sleep(5);
      }
    }

    /** Orders seen working on {@code list} that the venue cancelled at or after {@code since}. */
    Cancels cancelledSince(List<SyntheticInstrument> list, long since) {
      int count = 0;
      long last = since;
      for (SyntheticInstrument s : list) {
        for (Map.Entry<String, Long> e : seen.entrySet()) {
          if (!e.getKey().startsWith(s.symbol() + "#")) {
            continue;
          }
          OrderView o = venue.engine(s.symbol()).order(TradingVenue.ACCOUNT, e.getValue(), null);
          if (o.status() == OrderStatus.CANCELED && o.updateTimeMillis() >= since) {
            count++;
            last = Math.max(last, o.updateTimeMillis());
          }
        }
      }
      return new Cancels(count, last - since);
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static void log(String format, Object... args) {
    String line = String.format(format, args);
    System.out.println("[live-making] " + line);
    report.append(line).append('\n');
  }
}
