package com.marketmaker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.marketmaker.actors.JournalHistory;
import com.marketmaker.http.TestApi.Reply;
import com.marketmaker.http.auth.Role;
import com.marketmaker.http.dashboard.DashboardRoutes;
import com.marketmaker.http.dashboard.DashboardSampler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's routes on a real binding behind the API's guard, with instrument entities on an
 * in-memory journal: its files are public and locked down by a content security policy, its
 * read-outs need a token, a sample reads every instrument, a booked fill moves the instrument's row
 * and series, and the live stream delivers the overview.
 */
class DashboardApiTest {

  private static final String ADMIN = TestSecurity.ADMIN_TOKEN;
  private static final String A = "BINANCE:DASHAUSDT";
  private static final String B = "BINANCE_USDM:DASHBUSDT";

  private static ActorTestKit kit;
  private static TestApi api;
  private static String viewer;
  private static DashboardSampler sampler;
  private static ApiSecurity security;
  private static LocalMakerGateway gateway;
  private static final AtomicLong clock = new AtomicLong(1_000_000L);
  private static final AtomicLong timerStarts = new AtomicLong();

  @BeforeAll
  static void start() throws Exception {
    kit = ActorTestKit.create("dashboard-api", TestSecurity.config());
    security = TestSecurity.start(kit, TestSecurity.settings(1000, 1000));
    viewer = TestSecurity.issue(security, "watcher", Role.VIEWER);
    gateway = new LocalMakerGateway(kit);
    // The test takes each sample itself; the timer only records that sampling was started.
    sampler =
        new DashboardSampler(
            gateway,
            new DashboardSampler.Settings(Duration.ofSeconds(1), 5, 1, Duration.ofHours(1)),
            (interval, task) -> timerStarts.incrementAndGet(),
            clock::get);
    DashboardRoutes dashboard =
        new DashboardRoutes(
            sampler, () -> List.of(new DashboardRoutes.Member("pekko://test@h:1", "Up", true)));
    MakerRoutes routes = new MakerRoutes(gateway);
    api = TestApi.serve(kit, security, dashboard.files(), routes.routes(dashboard.api()));
    for (String id : List.of(A, B)) {
      Reply r = api.post("/maker/start", ADMIN, startBody(id));
      assertEquals(200, r.status(), r.text());
    }
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private static String startBody(String id) {
    return "{\"instrument\":\""
        + id
        + "\",\"tickSize\":\"0.01\",\"lotSize\":\"0.001\",\"parameters\":{\"riskAversion\":0.1,"
        + "\"horizonSeconds\":60,\"minSpreadBps\":1,\"maxSpreadBps\":50,\"orderSize\":\"0.1\","
        + "\"maxPosition\":\"2\"}}";
  }

  private static JsonNode ok(String path, String token) throws Exception {
    Reply r = api.get(path, token);
    assertEquals(200, r.status(), path + ": " + r.text());
    return r.body();
  }

  private static JsonNode row(JsonNode overview, String id) {
    for (JsonNode r : overview.path("instruments")) {
      if (r.path("instrument").asText().equals(id)) {
        return r;
      }
    }
    return null;
  }

  private static DashboardSampler.Sample sample() throws Exception {
    clock.addAndGet(1000);
    return sampler.sampleNow().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  void thePageAndItsFilesArePublicAndLockedDown() throws Exception {
    Reply page = api.get("/", null);
    assertEquals(200, page.status());
    assertTrue(page.contentType().startsWith("text/html"));
    String csp = page.header("Content-Security-Policy");
    assertTrue(csp.contains("default-src 'self'") && csp.contains("script-src 'self'"), csp);
    assertEquals("DENY", page.header("X-Frame-Options"));
    assertTrue(page.text().contains("/ui/app.js") && page.text().contains("/ui/lib/uPlot"));
    for (String file : List.of("/ui/app.js", "/ui/overview.js", "/ui/lib/uPlot.iife.min.js")) {
      Reply r = api.get(file, null);
      assertEquals(200, r.status(), file);
      assertTrue(
          r.contentType().contains("javascript"),
          file + " " + r.headers().firstValue("Content-Type"));
    }
    // Anything else without a token is the API's: refused, as JSON.
    Reply unknown = api.get("/ui/not-there.js", null);
    assertEquals(401, unknown.status());
    assertTrue(unknown.body().has("error"));
    Reply data = api.get("/dashboard/overview", null);
    assertEquals(401, data.status());
    assertTrue(data.body().has("error"));
  }

  @Test
  void aSampleReadsEveryInstrumentAndAFillMovesItsRowAndSeries() throws Exception {
    sample();
    JsonNode before = ok("/dashboard/overview", viewer);
    assertTrue(timerStarts.get() >= 1, "a dashboard request starts the sampling");
    assertEquals(1, before.path("nodes").size());
    JsonNode a = row(before, A);
    assertNotNull(a, before.toString());
    assertNotNull(row(before, B));
    assertTrue(a.path("making").asBoolean());
    assertEquals(0.0, a.path("inventoryBase").asDouble());
    assertEquals(2.0, a.path("maxPositionBase").asDouble());
    assertEquals("pekko://test@h:1", before.path("nodes").get(0).path("address").asText());
    assertTrue(before.path("totals").path("instruments").asInt() >= 2);
    assertTrue(before.path("totals").path("pnlByQuoteCurrency").has("USDT"));

    // A buy of 0.5 at 100 with a fee of 0.01: the next sample shows it.
    Reply fill =
        api.post(
            "/maker/fills",
            ADMIN,
            "{\"instrument\":\""
                + A
                + "\",\"tradeId\":7,\"side\":\"BUY\",\"price\":\"100.00\",\"size\":\"0.500\","
                + "\"fee\":\"0.01\"}");
    assertEquals(200, fill.status(), fill.text());
    sample();
    JsonNode after = row(ok("/dashboard/overview", viewer), A);
    assertEquals(0.5, after.path("inventoryBase").asDouble(), 1e-12);
    assertEquals(0.01, after.path("feesQuote").asDouble(), 1e-12);
    assertEquals(0.0, after.path("realizedQuote").asDouble(), 1e-12, "nothing sold yet");

    JsonNode one = ok("/dashboard/instrument/" + A, viewer);
    JsonNode inventory = one.path("history").path("inventoryBase");
    JsonNode at = one.path("history").path("atMillis");
    int n = inventory.size();
    assertTrue(n >= 2, one.toString());
    assertEquals(0.5, inventory.get(n - 1).asDouble(), 1e-12);
    assertEquals(0.0, inventory.get(n - 2).asDouble(), 1e-12);
    assertTrue(at.get(n - 1).asLong() > at.get(n - 2).asLong(), "oldest first");

    // The series keeps its newest history-points samples.
    for (int i = 0; i < 7; i++) {
      sample();
    }
    assertEquals(
        5, ok("/dashboard/instrument/" + A, viewer).path("history").path("atMillis").size());
  }

  @Test
  void olderHistoryComesFromTheJournalWhileTheNodesOwnSeriesAreShort() throws Exception {
    // A journal holding two older points of A (inventory 0.25), asked only for what the node's
    // own series lack.
    List<Long> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    JournalHistory journal =
        (id, before, maxPoints) -> {
          asked.add(before);
          if (!id.equals(A)) {
            return CompletableFuture.completedFuture(null);
          }
          Map<String, Object> c = new LinkedHashMap<>();
          c.put("atMillis", new long[] {1_000, 2_000});
          c.put("midPrice", new Double[] {100.0, 100.5});
          c.put("ourBidPrice", new Double[] {99.9, null});
          c.put("ourAskPrice", new Double[] {100.1, 100.6});
          c.put("inventoryBase", new double[] {0.25, 0.25});
          c.put("totalPnlQuote", new double[] {0.0, 0.125});
          c.put("fills", new long[] {1, 1});
          return CompletableFuture.completedFuture(c);
        };
    DashboardSampler fresh =
        new DashboardSampler(
            gateway,
            new DashboardSampler.Settings(Duration.ofSeconds(1), 5, 1, Duration.ofHours(1)),
            (interval, task) -> {},
            clock::get);
    DashboardRoutes routes = new DashboardRoutes(fresh, List::of, journal);
    TestApi own =
        TestApi.serve(kit, security, routes.files(), new MakerRoutes(gateway).routes(routes.api()));
    try {
      clock.addAndGet(1000);
      fresh.sampleNow().toCompletableFuture().get(20, TimeUnit.SECONDS);
      Reply r = own.get("/dashboard/instrument/" + A, viewer);
      assertEquals(200, r.status(), r.text());
      JsonNode one = r.body();
      assertEquals(2, one.path("journalPoints").asInt(), one.toString());
      JsonNode at = one.path("history").path("atMillis");
      assertEquals(3, at.size(), "two from the journal, then the node's own sample");
      assertEquals(1_000, at.get(0).asLong());
      assertEquals(clock.get(), at.get(2).asLong());
      assertTrue(one.path("history").path("ourBidPrice").get(1).isNull());
      assertEquals(0.25, one.path("history").path("inventoryBase").get(0).asDouble());
      // The journal is asked for what precedes the node's first sample, and no more.
      assertEquals(clock.get(), asked.get(asked.size() - 1).longValue());
      // Once the node's own series are full, the journal is not read.
      for (int i = 0; i < 5; i++) {
        clock.addAndGet(1000);
        fresh.sampleNow().toCompletableFuture().get(20, TimeUnit.SECONDS);
      }
      int before = asked.size();
      JsonNode full = own.get("/dashboard/instrument/" + A, viewer).body();
      assertEquals(0, full.path("journalPoints").asInt());
      assertEquals(5, full.path("history").path("atMillis").size());
      assertEquals(before, asked.size());
    } finally {
      own.close();
    }
  }

  @Test
  void badAndUnknownInstrumentsAreJsonErrors() throws Exception {
    Reply bad = api.get("/dashboard/instrument/not-an-id", viewer);
    assertEquals(400, bad.status(), bad.text());
    assertTrue(bad.error().contains("not an instrument id"));
    Reply unknown = api.get("/dashboard/instrument/BINANCE:NOPEUSDT", viewer);
    assertEquals(404, unknown.status(), unknown.text());
    Reply badStream = api.get("/dashboard/stream?instrument=%0Abad", viewer);
    assertEquals(400, badStream.status(), badStream.text());
  }
}
