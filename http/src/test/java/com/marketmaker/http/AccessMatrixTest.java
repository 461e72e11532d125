package com.marketmaker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marketmaker.http.TestApi.Reply;
import com.marketmaker.http.auth.AuditShipper;
import com.marketmaker.http.auth.AuthSettings;
import com.marketmaker.http.auth.Role;
import com.marketmaker.http.auth.TokenCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint of a node against every kind of caller, on a real binding: who is let in, who is
 * refused with 401 or 403 (and the 403 names the role needed), that each refusal and each change is
 * in the audit log under the right principal with the status answered, that a read let in is not,
 * and that a refused change changed nothing.
 *
 * <p>The roles each endpoint needs are written down here from the access table of the README, not
 * taken from the code under test, so that a change of the policy shows up as a failing case. The
 * endpoints the cluster module serves (backtests, sweeps, portfolio, feeds) are not routed in this
 * module, but the guard decides on the path before routing, so they are guarded all the same.
 */
class AccessMatrixTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The instrument every change below aims at; started by the test and kept making. */
  private static final String WATCHED = "BINANCE:BTCUSDT";

  private static final String PARAMS =
      "{\"riskAversion\":0.1,\"horizonSeconds\":60,\"minSpreadBps\":1,\"maxSpreadBps\":50,"
          + "\"orderSize\":\"0.001\",\"maxPosition\":\"0.05\"}";
  private static final String START =
      "{\"instrument\":\""
          + WATCHED
          + "\",\"tickSize\":\"0.01\",\"lotSize\":\"0.00001\",\"parameters\":"
          + PARAMS
          + "}";

  /** Stands for the id of a token issued for the case, to be revoked by it. */
  private static final String VICTIM = "{victim}";

  // ---------------------------------------------------------------- the table

  /** What an endpoint needs, from the README's access table. */
  enum Need {
    PUBLIC,
    VIEWER,
    TRADER,
    RISK,
    ADMIN;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One endpoint of the node.
   *
   * @param body a valid-looking JSON body, or null
   */
  record Endpoint(String method, String path, String body, Need need) {
    boolean read() {
      return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    }

    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  private static Endpoint get(String path, Need need) {
    return new Endpoint("GET", path, null, need);
  }

  private static Endpoint post(String path, String body, Need need) {
    return new Endpoint("POST", path, body, need);
  }

  static final List<Endpoint> ENDPOINTS =
      List.of(
          get("/health", Need.PUBLIC),
          // reads of the operator API
          get("/maker/active", Need.VIEWER),
          get("/maker/status/" + WATCHED, Need.VIEWER),
          get("/maker/api-errors", Need.VIEWER),
          get("/maker/performance/" + WATCHED, Need.VIEWER),
          get("/maker/quote/" + WATCHED, Need.VIEWER),
          get("/maker/risk/alerts", Need.VIEWER),
          get("/book/" + WATCHED + "?depth=5", Need.VIEWER),
          get("/orders/" + WATCHED, Need.VIEWER),
          get("/fills/" + WATCHED + "?limit=20", Need.VIEWER),
          get("/auth/whoami", Need.VIEWER),
          new Endpoint("HEAD", "/maker/status/" + WATCHED, null, Need.VIEWER),
          new Endpoint("OPTIONS", "/maker/kill", null, Need.VIEWER),
          // reads of the node's other modules
          get("/feeds/metrics", Need.VIEWER),
          get("/feeds/metrics?instrument=" + WATCHED, Need.VIEWER),
          get("/feeds/recorder", Need.VIEWER),
          get("/feeds/latency", Need.VIEWER),
          get("/backtests", Need.VIEWER),
          get("/backtests/data", Need.VIEWER),
          get("/backtests/bt-1", Need.VIEWER),
          get("/backtests/bt-1/report", Need.VIEWER),
          get("/sweeps", Need.VIEWER),
          get("/sweeps/sw-1", Need.VIEWER),
          get("/sweeps/sw-1/report", Need.VIEWER),
          get("/portfolio", Need.VIEWER),
          get("/portfolio/risk", Need.VIEWER),
          get("/portfolio/cointegration", Need.VIEWER),
          get("/portfolio/plans/plan-1", Need.VIEWER),
          // reads that need more
          get("/audit?limit=5", Need.RISK),
          get("/auth/tokens", Need.ADMIN),
          new Endpoint("HEAD", "/auth/tokens", null, Need.ADMIN),
          // trader changes
          post("/maker/start", START, Need.TRADER),
          post(
              "/maker/params",
              "{\"instrument\":\""
                  + WATCHED
                  + "\",\"parameters\":"
                  + PARAMS.replace("0.1,", "0.2,")
                  + "}",
              Need.TRADER),
          post("/maker/stop?symbol=" + WATCHED, null, Need.TRADER),
          post(
              "/backtests",
              "{\"events\":[\"btc.events\"],\"strategy\":{\"orderSize\":\"0.001\","
                  + "\"maxPosition\":\"0.01\",\"gamma\":0.1},\"venue\":{\"seed\":1,\"queue\":\"log\"}}",
              Need.TRADER),
          post(
              "/sweeps",
              "{\"events\":[\"btc.events\"],\"strategy\":{\"orderSize\":\"0.001\","
                  + "\"maxPosition\":\"0.01\"},\"grid\":{\"riskAversion\":[0.05,0.1]},"
                  + "\"rank\":\"sharpe\"}",
              Need.TRADER),
          post("/feeds/latency/reset", null, Need.TRADER),
          new Endpoint("PUT", "/maker/params", "{}", Need.TRADER),
          // risk changes
          post("/maker/kill", "{\"reason\":\"access matrix\"}", Need.RISK),
          post("/maker/risk/clear", "{\"symbol\":\"" + WATCHED + "\"}", Need.RISK),
          post(
              "/maker/fills",
              "{\"instrument\":\""
                  + WATCHED
                  + "\",\"tradeId\":{tradeId},\"side\":\"BUY\",\"price\":\"60000.01\","
                  + "\"size\":\"0.002\",\"fee\":\"0.012\"}",
              Need.RISK),
          post("/maker/limits", "{\"maxPosition\":\"0.05\"}", Need.RISK),
          post("/maker/limits/" + WATCHED, "{\"maxPosition\":\"0.05\"}", Need.RISK),
          post(
              "/portfolio/limits",
              "{\"cvar99MaxUsd\":500,\"grossExposureMaxUsd\":20000}",
              Need.RISK),
          post("/portfolio/risk/clear", null, Need.RISK),
          post("/portfolio/rebalance", "{\"target\":\"flat\"}", Need.RISK),
          post("/portfolio/plans/plan-1/confirm", null, Need.RISK),
          // admin: the tokens, and every change the table does not list
          post("/auth/tokens", "{\"name\":\"matrix-made\",\"roles\":[\"viewer\"]}", Need.ADMIN),
          new Endpoint("DELETE", "/auth/tokens/" + VICTIM, null, Need.ADMIN),
          post("/maker/unknown", "{}", Need.ADMIN),
          post("/maker/status/" + WATCHED, null, Need.ADMIN),
          new Endpoint("DELETE", "/maker/status/" + WATCHED, null, Need.ADMIN),
          new Endpoint("PATCH", "/maker/active", "{}", Need.ADMIN),
          post("/audit", "{}", Need.ADMIN),
          post("/health", null, Need.ADMIN));

  /** Who calls. */
  enum Caller {
    ANONYMOUS(null, "missing bearer token"),
    BAD_TOKEN(null, "unknown token"),
    REVOKED(null, "revoked token"),
    VIEWER("mx-viewer", null, Role.VIEWER),
    TRADER("mx-trader", null, Role.TRADER),
    RISK("mx-risk", null, Role.RISK),
    ADMIN("mx-admin", null, Role.ADMIN),
    TRADER_RISK("mx-trader-risk", null, Role.TRADER, Role.RISK);

    final String tokenName;
    final String why401;
    final Set<Role> roles;

    Caller(String tokenName, String why401, Role... roles) {
      this.tokenName = tokenName;
      this.why401 = why401;
      this.roles = roles.length == 0 ? Set.of() : EnumSet.of(roles[0], roles);
    }

    boolean authenticated() {
      return tokenName != null;
    }

    /** Whether this caller may do what {@code need} asks, as the README's table says. */
    boolean may(Need need) {
      return switch (need) {
        case PUBLIC -> true;
        case VIEWER -> authenticated();
        case TRADER -> roles.contains(Role.TRADER) || roles.contains(Role.ADMIN);
        case RISK -> roles.contains(Role.RISK) || roles.contains(Role.ADMIN);
        case ADMIN -> roles.contains(Role.ADMIN);
      };
    }
  }

  static Stream<Arguments> matrix() {
    List<Arguments> out = new ArrayList<>();
    for (Endpoint e : ENDPOINTS) {
      for (Caller c : Caller.values()) {
        out.add(Arguments.of(e, c));
      }
    }
    return out.stream();
  }

  /** The status the caller must get: 401 or 403, or null when it is let in. */
  static Integer expectedRefusal(Endpoint e, Caller c) {
    if (e.need() == Need.PUBLIC) {
      return null;
    }
    if (!c.authenticated()) {
      return 401;
    }
    return c.may(e.need()) ? null : 403;
  }

  // ---------------------------------------------------------------- the node

  private static ActorTestKit kit;
  private static ApiSecurity security;
  private static TestApi api;
  private static final Map<Caller, String> tokens = new EnumMap<>(Caller.class);
  private static final AtomicInteger cases = new AtomicInteger();
  private static final AtomicInteger tradeIds = new AtomicInteger(1000);

  @BeforeAll
  static void start() throws Exception {
    kit = ActorTestKit.create("access-matrix", TestSecurity.config());
    // Audit entries shipped every 10 ms, so that each case finds its entry quickly.
    AuthSettings settings =
        TestSecurity.settings(
            100_000,
            100_000,
            new AuditShipper.Settings(100, Duration.ofMillis(10), 100_000, Duration.ofSeconds(5)),
            5_000,
            20);
    security = TestSecurity.start(kit, settings);
    MakerRoutes routes = new MakerRoutes(new LocalMakerGateway(kit));
    api = TestApi.serve(kit, security, routes.routes()).http11().requireJson();

    for (Caller c : Caller.values()) {
      if (c.authenticated()) {
        Role first = c.roles.iterator().next();
        Role[] more = c.roles.stream().skip(1).toArray(Role[]::new);
        tokens.put(c, TestSecurity.issue(security, c.tokenName, first, more));
      }
    }
    tokens.put(Caller.BAD_TOKEN, "mm_" + "Q".repeat(43));
    // A revoked token that was an admin's: revocation must outweigh every role it had.
    ApiSecurity.NewToken revoked =
        security
            .issue("mx-revoked", EnumSet.of(Role.ADMIN), null, "test")
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    assertTrue(
        security
            .revoke(revoked.record().id(), "test")
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS)
            .changed());
    tokens.put(Caller.REVOKED, revoked.token());
    assertTrue(security.tokens().check(revoked.token()) instanceof TokenCache.Invalid);

    Reply started = api.post("/maker/start", TestSecurity.ADMIN_TOKEN, START);
    assertEquals(200, started.status(), started.toString());
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  // ---------------------------------------------------------------- the cases

  @ParameterizedTest(name = "{0} by {1}")
  @MethodSource("matrix")
  void eachEndpointLetsInExactlyTheRolesTheTableNames(Endpoint e, Caller c) throws Exception {
    int n = cases.incrementAndGet();
    String marker = "mx=" + n;
    String path = e.path();
    if (path.contains(VICTIM)) {
      path = path.replace(VICTIM, victim());
    }
    path = path + (path.contains("?") ? "&" : "?") + marker;
    String body =
        e.body() == null
            ? null
            : e.body().replace("{tradeId}", Integer.toString(tradeIds.incrementAndGet()));
    Integer refusal = expectedRefusal(e, c);
    boolean guardedChange = refusal != null && !e.read();

    JsonNode before = null;
    if (guardedChange) {
      keepWatchedMaking();
      before = state();
    }

    Reply a = api.send(e.method(), path, tokens.get(c), body);

    if (refusal == null) {
      assertNotEquals(401, a.status(), "let in: " + a);
      assertNotEquals(403, a.status(), "let in: " + a);
      assertTrue(a.status() < 500, "no server error when let in: " + a.status() + " " + a);
    } else {
      assertEquals((int) refusal, a.status(), a.toString());
      if (!e.method().equals("HEAD")) {
        assertEquals("application/json", a.contentType(), a.toString());
        String error = a.body().path("error").asText();
        if (refusal == 401) {
          assertTrue(error.contains(c.why401), "401 says why: " + error);
        } else {
          assertTrue(
              error.contains("needs the '" + e.need().label() + "' role"),
              "403 names the role needed: " + error);
          assertTrue(error.contains("token '" + c.tokenName + "'"), error);
        }
      }
      if (refusal == 401) {
        assertEquals("Bearer realm=\"market-maker\"", a.header("WWW-Authenticate"));
      }
    }

    String principal =
        c.authenticated() && (refusal == null || refusal == 403) ? c.tokenName : null;
    if (refusal != null || !e.read()) {
      JsonNode entry = awaitAuditEntry(marker);
      assertEquals(e.method(), entry.path("method").asText(), entry.toString());
      assertEquals(a.status(), entry.path("status").asInt(), entry.toString());
      assertEquals(
          principal == null ? "anonymous" : principal,
          entry.path("principal").asText(),
          entry.toString());
      assertEquals(principal == null, entry.path("tokenId").isNull(), entry.toString());
      assertTrue(
          entry.path("path").asText().startsWith(e.path().split("[?{]")[0]), entry.toString());
    } else {
      // A read let in is not audited: an entry logged after it is there, and none for it.
      String sentinel = "mx=" + n + "-sentinel";
      api.post("/maker/kill?" + sentinel, null, null);
      awaitAuditEntry(sentinel);
      assertNull(findAuditEntry(marker), "a read let in is not audited: " + e);
    }

    if (guardedChange) {
      assertEquals(before, state(), "a refused " + e + " by " + c + " changed nothing");
      assertTrue(before.path("making").asBoolean(), "the watched instrument still makes");
      assertTrue(!before.path("halted").asBoolean(), "and is not halted");
    }
  }

  // ---------------------------------------------------------------- state

  /** A token issued for one case, for a DELETE to revoke. */
  private static String victim() throws Exception {
    return security
        .issue("mx-victim", EnumSet.of(Role.VIEWER), null, "test")
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS)
        .record()
        .id();
  }

  /** Brings the watched instrument back to making and not halted, whatever the last case did. */
  private static void keepWatchedMaking() throws Exception {
    JsonNode s = api.get("/maker/status/" + WATCHED, TestSecurity.ADMIN_TOKEN).body();
    if (s.path("halted").asBoolean()) {
      Reply cleared =
          api.post(
              "/maker/risk/clear", TestSecurity.ADMIN_TOKEN, "{\"symbol\":\"" + WATCHED + "\"}");
      assertEquals(200, cleared.status(), cleared.toString());
    }
    if (!s.path("making").asBoolean()) {
      Reply started = api.post("/maker/start", TestSecurity.ADMIN_TOKEN, START);
      assertEquals(200, started.status(), started.toString());
    }
  }

  /** What a change could touch: the watched instrument's journaled state and the tokens. */
  private static JsonNode state() throws Exception {
    Reply status = api.get("/maker/status/" + WATCHED, TestSecurity.ADMIN_TOKEN);
    assertEquals(200, status.status(), status.toString());
    ObjectNode out = JSON.createObjectNode();
    for (String field :
        List.of(
            "making",
            "halted",
            "haltReason",
            "parameters",
            "strategy",
            "inventory",
            "cash",
            "fees",
            "bought",
            "sold",
            "lastTradeId",
            "lastChangedBy",
            "lastChangeMillis")) {
      out.set(field, status.body().path(field));
    }
    Reply list = api.get("/auth/tokens", TestSecurity.ADMIN_TOKEN);
    assertEquals(200, list.status(), list.toString());
    ObjectNode states = out.putObject("tokens");
    for (JsonNode t : list.body()) {
      states.put(t.path("id").asText(), t.path("name").asText() + " " + t.path("state").asText());
    }
    return out;
  }

  // ---------------------------------------------------------------- audit

  private static JsonNode findAuditEntry(String marker) throws Exception {
    Reply page = api.get("/audit?limit=200", TestSecurity.ADMIN_TOKEN);
    assertEquals(200, page.status(), page.toString());
    for (JsonNode entry : page.body().path("entries")) {
      if (entry.path("path").asText().endsWith(marker)) {
        return entry;
      }
    }
    return null;
  }

  private static JsonNode awaitAuditEntry(String marker) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      JsonNode entry = findAuditEntry(marker);
      if (entry != null) {
        return entry;
      }
      if (System.nanoTime() > deadline) {
        fail("no audit entry for the request marked " + marker);
      }
      Thread.sleep(10);
    }
  }
}
