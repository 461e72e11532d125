package com.marketmaker.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.simulator.BinanceVenueSimulator;
import com.marketmaker.simulator.Dialect;
import com.marketmaker.simulator.ExchangeSettings;
import com.marketmaker.simulator.Settings;
import com.marketmaker.simulator.exchange.ExchangeAccount;
import com.marketmaker.simulator.exchange.LedgerEntry;
import com.marketmaker.simulator.exchange.MatchingEngine;
import com.marketmaker.simulator.exchange.OrderView;
import com.marketmaker.simulator.synthetic.FlowParameters;
import com.marketmaker.simulator.synthetic.SyntheticInstrument;
import com.marketmaker.testsupport.Eventually;
import com.marketmaker.testsupport.SharedData;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The venue of the live-trading integration tests: the Binance simulator in the test JVM with
 * synthetic spot instruments and one trading account, shared by the node JVMs, which reach it over
 * loopback with the account's credentials. Also the HTTP client the tests drive the nodes with, and
 * the ledger comparison that every test ends with.
 */
final class TradingVenue implements AutoCloseable {

  static final String ACCOUNT = "mm";
  private static final String KEY = "mmItKey0123456789abcdef";
  private static final String SECRET = "mmItSecret0123456789abcdef0123";
  static final Duration DEADLINE = Duration.ofMinutes(5);
  static final ObjectMapper JSON = new ObjectMapper();

  private final ActorSystem<Void> system;
  final BinanceVenueSimulator simulator;
  final List<SyntheticInstrument> instruments;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final Semaphore inFlight = new Semaphore(12);
  private final List<NodeProcess> nodes = new ArrayList<>();

  private TradingVenue(
      ActorSystem<Void> system, BinanceVenueSimulator simulator, List<SyntheticInstrument> list) {
    this.system = system;
    this.simulator = simulator;
    this.instruments = list;
  }

  /**
   * Starts the simulator with {@code n} synthetic spot instruments whose crowd follows {@code
   * flow}, publishing every {@code tick}; order-rate and request-weight limits far above what the
   * nodes send, so that no refusal of the venue's limits interferes with the comparison.
   */
  static TradingVenue start(int n, FlowParameters flow, Duration tick, long seed) {
    List<SyntheticInstrument> list = new ArrayList<>();
    for (SyntheticInstrument s : SyntheticInstrument.defaults(n)) {
      list.add(new SyntheticInstrument(s.symbol(), s.filters(), s.initialPrice(), flow));
    }
    return start(list, tick, seed);
  }

  /** Starts the simulator with these synthetic spot instruments (see the other start). */
  static TradingVenue start(List<SyntheticInstrument> list, Duration tick, long seed) {
    ActorSystem<Void> system =
        ActorSystem.create(
            Behaviors.empty(),
            "venue",
            ConfigFactory.parseString(
                    "pekko.actor.provider = local\npekko.coordinated-shutdown.exit-jvm = off")
                .withFallback(ConfigFactory.defaultReference()));
    Settings settings =
        Settings.defaults(SharedData.dir())
            .withSymbols(List.of(), List.of())
            .withWeightPerMinute(10_000_000, 10_000_000)
            .withExchange(
                ExchangeSettings.defaults()
                    .withAccounts(List.of(new ExchangeAccount(ACCOUNT, KEY, SECRET)))
                    .withInstruments(list, List.of())
                    .withFlow(seed, tick, true)
                    .withOrderLimits(1_000_000, 1_000_000));
    return new TradingVenue(system, BinanceVenueSimulator.start(system, settings), list);
  }

  /**
   * HOCON lines of a node trading on this venue: Binance spot feed, order entry and user data at
   * the simulator, its own keyspaces, and {@code orders} (the per-instrument order-rate share and
   * planner tolerances of {@code market-maker.orders}).
   */
  String nodeConfig(String cassandra, String keyspaces, String orders) {
    String host = "127.0.0.1:" + simulator.spotPort();
    return String.join(
        "\n",
        "market-maker.cassandra.contact-point = \"" + cassandra + "\"",
        NodeProcess.keyspaces(keyspaces),
        "market-maker.feeds.venues = [BINANCE]",
        "market-maker.venues.binance.ws-url = \"ws://" + host + "\"",
        "market-maker.venues.binance.rest-url = \"http://" + host + "\"",
        "market-maker.venues.binance.api-key = \"" + KEY + "\"",
        "market-maker.venues.binance.api-secret = \"" + SECRET + "\"",
        // The account's limits at the simulator are lifted; the node's copy of them follows.
        "market-maker.venues.binance.order-rate-limits { \"10s\" = 1000000, \"1d\" = 100000000 }",
        "market-maker.venues.binance.request-weight-limit = 10000000",
        // 100 levels are plenty for quoting and cost weight 5 instead of 50 per snapshot.
        "market-maker.entity.book-snapshot-depth = 100",
        "market-maker.orders { " + orders + " }");
  }

  NodeProcess track(NodeProcess n) {
    nodes.add(n);
    return n;
  }

  static String id(SyntheticInstrument s) {
    return "BINANCE:" + s.symbol();
  }

  InstrumentSpec spec(SyntheticInstrument s) {
    return s.spec(Dialect.SPOT);
  }

  MatchingEngine engine(String symbol) {
    return simulator.exchange(Dialect.SPOT).instrument(symbol).engine();
  }

  List<LedgerEntry> ledger(String symbol) {
    return simulator.exchange(Dialect.SPOT).ledger().entries(ACCOUNT, symbol);
  }

  /** Who placed the orders the venue accepted, by User-Agent. */
  List<com.marketmaker.simulator.OrderSources.Placement> placements() {
    return simulator.orderSources(Dialect.SPOT).placements();
  }

  List<OrderView> openOrders(String symbol) {
    return engine(symbol).openOrders(ACCOUNT);
  }

  int acceptedOrders(String symbol) {
    return engine(symbol).acceptedOrders(ACCOUNT);
  }

  /** Switches the crowd off: no more trades, the books only change with our own orders. */
  void stopCrowd() {
    simulator.synthetic(Dialect.SPOT).stopFlow();
  }

  // ---------------------------------------------------------------- instruments

  /** The body of {@code POST /maker/start} for a synthetic instrument. */
  static ObjectNode startBody(
      SyntheticInstrument s, double minSpreadBps, double maxSpreadBps, ObjectNode strategy) {
    ObjectNode body = JSON.createObjectNode();
    body.put("instrument", id(s));
    body.put("tickSize", s.filters().tickSize());
    body.put("lotSize", s.filters().stepSize());
    ObjectNode p = body.putObject("parameters");
    p.put("riskAversion", 0.05);
    p.put("horizonSeconds", 60);
    p.put("minSpreadBps", minSpreadBps);
    p.put("maxSpreadBps", maxSpreadBps);
    p.put("orderSize", "0.1");
    p.put("maxPosition", "0.5");
    if (strategy != null) {
      body.set("strategy", strategy);
    }
    return body;
  }

  /**
   * Whether the instrument quotes: reconciled with the venue, its loop QUOTING, and at least one
   * working order acknowledged by the venue.
   */
  static boolean quoting(JsonNode orders) {
    if (orders == null
        || !orders.path("reconciled").asBoolean()
        || !"QUOTING".equals(orders.path("quoting").asText())) {
      return false;
    }
    for (JsonNode o : orders.path("working")) {
      if (o.path("acknowledged").asBoolean()) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- the comparison

  /** What one instrument's comparison found. */
  record Booked(int fills, int orders, long inventoryLots) {}

  /**
   * Compares one instrument's books at the node with the venue's ledger of the account, exactly:
   * the number of fills, every fill the entity still lists (trade id, side, price, size, fee, its
   * order), each trade id once, the inventory and the cash in the status and the performance
   * read-outs. Waits (generously) for the user-data stream to deliver the last fills first.
   */
  Booked compareWithLedger(NodeProcess n, SyntheticInstrument s) throws Exception {
    String id = id(s);
    InstrumentSpec spec = spec(s);
    record Sampled(List<LedgerEntry> ledger, JsonNode fills) {}
    Sampled sampled =
        Eventually.poll(
            Duration.ofSeconds(60),
            Duration.ofMillis(250),
            () -> new Sampled(ledger(s.symbol()), get(n, "/fills/" + id + "?limit=1000")),
            x -> x.fills().path("totalFills").asLong() == x.ledger().size());
    List<LedgerEntry> ledger = sampled.ledger();
    JsonNode fills = sampled.fills();
    assertEquals(ledger.size(), fills.path("totalFills").asLong(), id + ": fills booked");
    Map<Long, LedgerEntry> byTrade = new HashMap<>();
    long inventory = 0;
    long cash = 0;
    for (LedgerEntry e : ledger) {
      int sign = e.side().sign();
      inventory += sign * e.lots();
      cash += -sign * e.quote() - e.fee();
      assertEquals(null, byTrade.put(e.tradeId(), e), id + ": the venue repeats a trade id");
    }
    // The entity lists its most recent fills (up to 200): each must be the venue's, once; when it
    // lists all of them, the two sets are equal.
    Set<Long> listed = new HashSet<>();
    for (JsonNode f : fills.path("fills")) {
      long tradeId = f.path("tradeId").asLong();
      assertTrue(listed.add(tradeId), id + ": trade " + tradeId + " booked twice");
      LedgerEntry e = byTrade.get(tradeId);
      assertTrue(e != null, id + ": trade " + tradeId + " is not in the venue's ledger");
      String what = id + " trade " + tradeId;
      assertEquals(e.side().name(), f.path("side").asText(), what);
      assertEquals(e.priceTicks(), f.path("priceTicks").asLong(), what);
      assertEquals(spec.ticksToPrice(e.priceTicks()), f.path("price").asText(), what);
      assertEquals(e.lots(), f.path("sizeLots").asLong(), what);
      assertEquals(0, money(e.fee()).compareTo(new BigDecimal(f.path("fee").asText())), what);
      assertEquals(e.orderId(), f.path("venueOrderId").asLong(), what);
    }
    if (ledger.size() <= fills.path("fills").size()) {
      assertEquals(new TreeSet<>(byTrade.keySet()), new TreeSet<>(listed), id + ": trade ids");
    }
    JsonNode perf = get(n, "/maker/performance/" + id);
    assertEquals(inventory, perf.path("inventory").path("lots").asLong(), id + ": inventory");
    assertEquals(
        0,
        money(cash).compareTo(new BigDecimal(perf.path("pnl").path("cash").asText())),
        id + ": cash " + perf.path("pnl") + " vs ledger " + money(cash));
    JsonNode status = get(n, "/maker/status/" + id);
    assertEquals(inventory, status.path("inventoryLots").asLong(), id + ": position");
    assertEquals(0, money(cash).compareTo(new BigDecimal(status.path("cash").asText())), id);
    return new Booked(ledger.size(), acceptedOrders(s.symbol()), inventory);
  }

  private static BigDecimal money(long eightPlaces) {
    return BigDecimal.valueOf(eightPlaces, InstrumentSpec.CASH_SCALE);
  }

  /**
   * Client order ids of the venue's working orders of the account, and of the entity's working
   * orders, of one instrument; equal when nothing is in flight and nothing is orphaned.
   */
  record OrderSets(Set<String> venue, Set<String> entity) {
    boolean equal() {
      return venue.equals(entity);
    }
  }

  OrderSets orderSets(NodeProcess n, SyntheticInstrument s) {
    Set<String> venue = new TreeSet<>();
    for (OrderView o : openOrders(s.symbol())) {
      venue.add(o.clientOrderId());
    }
    Set<String> entity = new TreeSet<>();
    for (JsonNode o : get(n, "/orders/" + id(s)).path("working")) {
      entity.add(o.path("clientOrderId").asText());
    }
    return new OrderSets(venue, entity);
  }

  // ---------------------------------------------------------------- HTTP

  JsonNode post(NodeProcess n, String path, JsonNode body) {
    return call(
        n,
        HttpRequest.newBuilder(URI.create(n.api() + path))
            .header("Authorization", NodeProcess.BEARER)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body.toString()))
            .timeout(Duration.ofSeconds(150))
            .build());
  }

  JsonNode get(NodeProcess n, String path) {
    return call(
        n,
        HttpRequest.newBuilder(URI.create(n.api() + path))
            .header("Authorization", NodeProcess.BEARER)
            .timeout(Duration.ofSeconds(60))
            .build());
  }

  /** The answer of a GET, or null when the node does not answer 200. */
  JsonNode getOrNull(String url) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url))
                  .header("Authorization", NodeProcess.BEARER)
                  .timeout(Duration.ofSeconds(20))
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

  private int status(String url) {
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

  /** 200 expected; 503 (cluster settling, instrument moving) and refused connections retried. */
  private JsonNode call(NodeProcess n, HttpRequest request) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      if (!n.isAlive()) {
        fail(n + " exited; see its log in " + TestCassandra.itDir());
      }
      try {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return JSON.readTree(r.body());
        }
        if (r.statusCode() != 503) {
          fail(
              request.method()
                  + " "
                  + request.uri()
                  + " answered "
                  + r.statusCode()
                  + ": "
                  + r.body());
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
    throw new AssertionError(request.uri() + " did not answer 200: " + last);
  }

  /**
   * Polls every instrument's orders through {@code nodes} until each quotes (reconciled, QUOTING,
   * an acknowledged working order); the seconds from {@code since} at which each was first seen
   * quoting.
   */
  Map<String, Double> awaitQuoting(
      List<SyntheticInstrument> all, List<NodeProcess> nodes, long since, String tag)
      throws Exception {
    Map<String, Double> at = new ConcurrentHashMap<>();
    String[] example = new String[1];
    long[] shown = {System.nanoTime()};
    awaitUntil(
        "all " + all.size() + " instruments quoting",
        () -> {
          List<SyntheticInstrument> waiting = new ArrayList<>();
          for (SyntheticInstrument s : all) {
            if (!at.containsKey(s.symbol())) {
              waiting.add(s);
            }
          }
          parallel(
              waiting,
              s -> {
                NodeProcess n = nodes.get(Math.floorMod(s.symbol().hashCode(), nodes.size()));
                JsonNode o = getOrNull(n.api() + "/orders/" + id(s));
                if (quoting(o)) {
                  at.put(s.symbol(), seconds(since));
                } else {
                  example[0] = s.symbol() + " " + o;
                }
                return null;
              });
          if (at.size() < all.size() && System.nanoTime() - shown[0] > 10_000_000_000L) {
            shown[0] = System.nanoTime();
            System.out.printf("[%s] %d quoting, e.g. not yet: %s%n", tag, at.size(), example[0]);
          }
          return at.size() == all.size();
        });
    return at;
  }

  Map<String, String> hosts(List<SyntheticInstrument> all, List<NodeProcess> nodes)
      throws Exception {
    Map<String, String> out = new ConcurrentHashMap<>();
    parallel(
        all,
        s -> {
          NodeProcess n = nodes.get(all.indexOf(s) % nodes.size());
          out.put(s.symbol(), get(n, "/maker/status/" + id(s)).path("hostedOn").asText());
          return null;
        });
    return out;
  }

  /** Instruments in {@code hosts} (instrument to node address) hosted on {@code n}. */
  static long count(Map<String, String> hosts, NodeProcess n) {
    return hosts.values().stream().filter(h -> h.equals(n.address())).count();
  }

  static double max(Map<String, Double> times) {
    return times.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }

  static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  /** Runs {@code work} for every item, a few at a time. */
  <T> void parallel(List<T> items, Function<T, Void> work) throws Exception {
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

  void awaitUntil(String what, Eventually.Condition<Exception> condition) throws Exception {
    awaitUntil(what, DEADLINE, condition);
  }

  /** Waits for {@code condition}, failing as soon as a node not killed on purpose has exited. */
  void awaitUntil(String what, Duration within, Eventually.Condition<Exception> condition)
      throws Exception {
    Eventually.await(
        within,
        Duration.ofMillis(250),
        () -> {
          for (NodeProcess n : nodes) {
            if (!n.isAlive() && !n.killed) {
              fail(n + " exited; see its log in " + TestCassandra.itDir());
            }
          }
          return condition.holds();
        },
        what);
  }

  /** Waits until {@code n} and its {@code size}-member cluster are Up and ready. */
  void awaitReady(NodeProcess n, int size) throws Exception {
    awaitUntil(
        "cluster of " + size + " Up members seen by " + n,
        () -> {
          JsonNode members = getOrNull(n.management() + "/cluster/members");
          if (members == null) {
            return false;
          }
          int up = 0;
          for (JsonNode m : members.path("members")) {
            up += "Up".equals(m.path("status").asText()) ? 1 : 0;
          }
          return up == size && status(n.management() + "/ready") == 200;
        });
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws Exception {
    for (NodeProcess n : nodes) {
      n.kill();
    }
    simulator.stop();
    system.terminate();
  }
}
