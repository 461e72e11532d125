package com.marketmaker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.marketmaker.http.TestApi.Reply;
import com.marketmaker.http.auth.Role;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API behind its guard on a real binding, with instrument entities and the token store and
 * audit log on an in-memory journal: who gets in (401), who may do what (403), what the journal and
 * the audit log say was done and by whom, and that every refusal, the server's own included, is a
 * JSON error.
 */
class AuthApiTest {

  private static final String ADMIN = TestSecurity.ADMIN_TOKEN;
  private static final String PARAMS =
      "{\"riskAversion\":0.1,\"horizonSeconds\":60,\"minSpreadBps\":1,\"maxSpreadBps\":50,"
          + "\"orderSize\":\"0.001\",\"maxPosition\":\"0.05\"}";

  private static ActorTestKit kit;
  private static ApiSecurity security;
  private static TestApi api;

  @BeforeAll
  static void start() throws Exception {
    kit = ActorTestKit.create("auth-api", TestSecurity.config());
    security = TestSecurity.start(kit, TestSecurity.settings(20, 40));
    MakerRoutes routes = new MakerRoutes(new LocalMakerGateway(kit));
    api = TestApi.serve(kit, security, routes.routes()).requireJson();
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private static void assertRefused(int status, String fragment, Reply a) {
    assertEquals(status, a.status(), a.body().toString());
    assertTrue(
        a.error().contains(fragment),
        "error '" + a.error() + "' should mention '" + fragment + "'");
    assertEquals("application/json", a.contentType(), "JSON");
  }

  private static String start(String instrument) {
    return "{\"instrument\":\""
        + instrument
        + "\",\"tickSize\":\"0.01\",\"lotSize\":\"0.00001\",\"parameters\":"
        + PARAMS
        + "}";
  }

  /** Issues a token over the API, as an operator would. */
  private static String issue(String name, String... roles) throws Exception {
    String body = "{\"name\":\"" + name + "\",\"roles\":[\"" + String.join("\",\"", roles) + "\"]}";
    Reply a = api.post("/auth/tokens", ADMIN, body);
    assertEquals(201, a.status(), a.body().toString());
    String token = a.body().path("token").asText();
    assertTrue(token.startsWith("mm_") && token.length() == 46, token);
    assertTrue(a.body().path("id").asText().startsWith("tok-"));
    return token;
  }

  // ---------------------------------------------------------------- who gets in

  @Test
  void healthIsOpenAndEverythingElseNeedsAValidToken() throws Exception {
    Reply health = api.get("/health", null);
    assertEquals(200, health.status());
    assertEquals("up", health.body().path("status").asText());

    Reply missing = api.get("/maker/active", null);
    assertRefused(401, "missing bearer token", missing);
    assertEquals("Bearer realm=\"market-maker\"", missing.header("WWW-Authenticate"));
    assertRefused(401, "unknown token", api.get("/maker/active", "mm_" + "A".repeat(43)));
    assertRefused(401, "malformed token", api.get("/maker/active", "letmein"));
    assertRefused(401, "missing bearer token", api.post("/maker/kill", null, null));
    assertRefused(401, "missing bearer token", api.get("/nowhere", null));
    Reply basic =
        api.send("GET", "/maker/active", null, null, "Authorization", "Basic YWRtaW46YWRtaW4=");
    assertRefused(401, "missing bearer token", basic);

    String viewer = issue("vic", "viewer");
    Reply whoami = api.get("/auth/whoami", viewer);
    assertEquals(200, whoami.status());
    assertEquals("vic", whoami.body().path("name").asText());
    assertEquals("[\"viewer\"]", whoami.body().path("roles").toString());
    assertEquals("no-store", whoami.header("Cache-Control"));
    assertEquals("nosniff", whoami.header("X-Content-Type-Options"));
  }

  @Test
  void revokedAndExpiredTokensAreRefusedAndNoTokenIsEverListed() throws Exception {
    String temp = issue("temp", "viewer");
    assertEquals(200, api.get("/maker/active", temp).status());
    Reply listed = api.get("/auth/tokens", ADMIN);
    assertEquals(200, listed.status());
    String id = null;
    for (JsonNode t : listed.body()) {
      assertFalse(t.has("token") || t.has("hash"), t.toString());
      if (t.path("name").asText().equals("temp")) {
        id = t.path("id").asText();
        assertEquals("active", t.path("state").asText());
        assertEquals("admin", t.path("createdBy").asText());
      }
    }
    assertNotNull(id);
    assertFalse(listed.text().contains(temp), "the token itself is never listed");

    Reply revoked = api.send("DELETE", "/auth/tokens/" + id, ADMIN, null);
    assertEquals(200, revoked.status(), revoked.body().toString());
    assertTrue(revoked.body().path("changed").asBoolean());
    assertRefused(401, "revoked token", api.get("/maker/active", temp));
    assertFalse(
        api.send("DELETE", "/auth/tokens/" + id, ADMIN, null).body().path("changed").asBoolean());
    assertRefused(
        404, "no token tok-none", api.send("DELETE", "/auth/tokens/tok-none", ADMIN, null));
    for (JsonNode t : api.get("/auth/tokens", ADMIN).body()) {
      if (t.path("id").asText().equals(id)) {
        assertEquals("revoked", t.path("state").asText());
        assertEquals("admin", t.path("revokedBy").asText());
      }
    }

    Reply shortLived =
        api.post(
            "/auth/tokens",
            ADMIN,
            "{\"name\":\"brief\",\"roles\":[\"viewer\"],\"expiresInSeconds\":1}");
    assertEquals(201, shortLived.status(), shortLived.body().toString());
    String brief = shortLived.body().path("token").asText();
    assertEquals(200, api.get("/maker/active", brief).status());
    Thread.sleep(1_100);
    assertRefused(401, "expired token", api.get("/maker/active", brief));

    assertRefused(
        400,
        "unknown role 'root'",
        api.post("/auth/tokens", ADMIN, "{\"name\":\"x\",\"roles\":[\"root\"]}"));
    assertRefused(
        400, "at least one role", api.post("/auth/tokens", ADMIN, "{\"name\":\"x\",\"roles\":[]}"));
    assertRefused(
        400,
        "expiresInSeconds",
        api.post(
            "/auth/tokens",
            ADMIN,
            "{\"name\":\"x\",\"roles\":[\"viewer\"],\"expiresInSeconds\":0}"));
  }

  // ---------------------------------------------------------------- who may do what

  @Test
  void eachRoleDoesItsOwnJobAndChangesAreJournaledUnderTheTokensName() throws Exception {
    String viewer = issue("vera", "viewer");
    String trader = issue("tom", "trader");
    String risk = issue("rita", "risk");

    assertRefused(
        403,
        "needs the 'trader' role; token 'vera' has viewer",
        api.post("/maker/start", viewer, start("BINANCE:BTCUSDT")));
    assertRefused(
        403,
        "needs the 'risk' role; token 'tom' has trader",
        api.post("/maker/kill", trader, "{\"reason\":\"drill\"}"));
    assertRefused(403, "needs the 'admin' role", api.get("/auth/tokens", risk));
    assertRefused(403, "needs the 'risk' role", api.get("/audit", viewer));
    assertRefused(
        403,
        "needs the 'admin' role",
        api.post("/auth/tokens", trader, "{\"name\":\"x\",\"roles\":[\"admin\"]}"));

    Reply started = api.post("/maker/start", trader, start("BINANCE:BTCUSDT"));
    assertEquals(200, started.status(), started.body().toString());
    assertEquals("tom", started.body().path("status").path("lastChangedBy").asText());
    Reply status = api.get("/maker/status/BINANCE:BTCUSDT", viewer);
    assertEquals(200, status.status());
    assertEquals("tom", status.body().path("lastChangedBy").asText(), "journaled as the token");

    Reply killed = api.post("/maker/kill", risk, "{\"reason\":\"drill\"}");
    assertEquals(200, killed.status(), killed.body().toString());
    assertEquals("rita", killed.body().path("requestedBy").asText());
    assertTrue(api.get("/maker/status/BINANCE:BTCUSDT", viewer).body().path("halted").asBoolean());
    Reply cleared = api.post("/maker/risk/clear", risk, "{\"symbol\":\"BINANCE:BTCUSDT\"}");
    assertEquals(200, cleared.status(), cleared.body().toString());
    // The client cannot name someone else: X-Operator is not read any more.
    Reply spoofed =
        api.send(
            "POST",
            "/maker/stop?symbol=BINANCE:BTCUSDT",
            trader,
            null,
            "X-Operator",
            "somebody-else");
    assertEquals(200, spoofed.status(), spoofed.text());
    assertEquals("tom", spoofed.body().path("status").path("lastChangedBy").asText());

    String admin = issue("ada", "admin");
    assertEquals(200, api.get("/audit", admin).status(), "admin includes risk");
    assertEquals(
        200,
        api.post("/maker/start", admin, start("BINANCE:ETHUSDT")).status(),
        "admin includes trader");
  }

  // ---------------------------------------------------------------- audit

  @Test
  void theAuditLogShowsRefusedAndAcceptedAttempts() throws Exception {
    String viewer = issue("val", "viewer");
    String trader = issue("tim", "trader");
    String risk = issue("rob", "risk");
    long before = System.currentTimeMillis();
    api.post("/maker/kill", null, "{\"reason\":\"x\"}");
    api.post("/maker/start", viewer, start("BINANCE:SOLUSDT"));
    api.post("/maker/start", trader, "{\"instrument\":\"BINANCE:SOLUSDT\"}");
    assertEquals(200, api.post("/maker/start", trader, start("BINANCE:SOLUSDT")).status());
    api.get("/maker/status/BINANCE:SOLUSDT", viewer); // a read: not audited

    Predicate<JsonNode> anonymous401 =
        e ->
            e.path("principal").asText().equals("anonymous")
                && e.path("status").asInt() == 401
                && e.path("path").asText().equals("/maker/kill")
                && e.path("detail").asText().contains("missing bearer token");
    Predicate<JsonNode> viewer403 =
        e ->
            e.path("principal").asText().equals("val")
                && e.path("status").asInt() == 403
                && e.path("detail").asText().contains("'trader' role");
    Predicate<JsonNode> trader400 =
        e ->
            e.path("principal").asText().equals("tim")
                && e.path("status").asInt() == 400
                && e.path("detail").asText().contains("missing field");
    Predicate<JsonNode> trader200 =
        e ->
            e.path("principal").asText().equals("tim")
                && e.path("status").asInt() == 200
                && e.path("method").asText().equals("POST")
                && e.path("detail").asText().equals("CHANGED BINANCE:SOLUSDT");
    JsonNode entries = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      Reply a = api.get("/audit?since=" + Instant.ofEpochMilli(before), risk);
      assertEquals(200, a.status(), a.body().toString());
      entries = a.body().path("entries");
      if (any(entries, anonymous401)
          && any(entries, viewer403)
          && any(entries, trader400)
          && any(entries, trader200)) {
        break;
      }
      Thread.sleep(200);
    }
    assertTrue(any(entries, anonymous401), "anonymous 401 in " + entries);
    assertTrue(any(entries, viewer403), "viewer 403 in " + entries);
    assertTrue(any(entries, trader400), "trader 400 in " + entries);
    assertTrue(any(entries, trader200), "trader 200 in " + entries);
    for (JsonNode e : entries) {
      assertFalse(
          e.path("path").asText().startsWith("/maker/status"), "reads are not audited: " + e);
      assertEquals("test-node", e.path("node").asText());
      assertTrue(e.path("time").asText().endsWith("Z"), e.toString());
      assertTrue(e.path("remote").asText().startsWith("127.0.0.1:"), e.toString());
    }
    Reply newest = api.get("/audit?limit=2", risk);
    assertEquals(2, newest.body().path("entries").size());
    assertTrue(newest.body().path("more").asBoolean());
    assertTrue(
        newest.body().path("entries").get(0).path("seq").asLong()
            > newest.body().path("entries").get(1).path("seq").asLong(),
        "newest first");
    assertRefused(400, "'limit'", api.get("/audit?limit=0", risk));
    assertRefused(400, "'since'", api.get("/audit?since=yesterday", risk));
  }

  private static boolean any(JsonNode entries, Predicate<JsonNode> p) {
    if (entries == null) {
      return false;
    }
    for (JsonNode e : entries) {
      if (p.test(e)) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- input hygiene

  @Test
  void everyRefusalIsAJsonErrorTheServersOwnIncluded() throws Exception {
    String admin = issue("hygiene", "admin");
    assertRefused(414, "URI", api.get("/maker/status/" + "X".repeat(3000), admin));
    Reply header = api.send("GET", "/maker/active", admin, null, "X-Padding", "p".repeat(9000));
    assertTrue(
        header.status() == 431 || header.status() == 400, "header too long: " + header.status());
    assertTrue(header.error().contains("header"), header.error());
    assertRefused(405, "HTTP method not allowed", api.send("DELETE", "/maker/start", admin, null));
    assertRefused(404, "could not be found", api.get("/nowhere", admin));
    assertRefused(
        413,
        "larger than the limit",
        api.post("/maker/kill", admin, "{\"reason\":\"" + "x".repeat(100 * 1024) + "\"}"));
    Reply text =
        api.send("POST", "/maker/kill", admin, "stop everything", "Content-Type", "text/plain");
    assertRefused(415, "Content-Type: application/json", text);
    assertRefused(400, "malformed JSON", api.post("/maker/kill", admin, "{\"reason\":"));

    // Names and reasons: short and printable only.
    assertRefused(
        400,
        "printable",
        api.post("/auth/tokens", admin, "{\"name\":\"eve\\nINFO forged\",\"roles\":[\"viewer\"]}"));
    assertRefused(
        400,
        "printable",
        api.post("/auth/tokens", admin, "{\"name\":\"eve\\u202e\",\"roles\":[\"viewer\"]}"));
    assertRefused(
        400,
        "longer than 64",
        api.post(
            "/auth/tokens", admin, "{\"name\":\"" + "n".repeat(65) + "\",\"roles\":[\"viewer\"]}"));
    assertRefused(
        400,
        "printable",
        api.post("/maker/kill", admin, "{\"reason\":\"drill\\r\\nsecond line\"}"));
    assertRefused(
        400,
        "longer than 200",
        api.post("/maker/kill", admin, "{\"reason\":\"" + "r".repeat(201) + "\"}"));

    // Cross-origin: closed unless configured.
    Reply cors = api.send("GET", "/maker/active", admin, null, "Origin", "https://evil.example");
    assertEquals(200, cors.status());
    assertTrue(cors.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
  }

  @Test
  void configuredOriginsAloneGetCorsHeaders() throws Exception {
    ApiGuard guard =
        new ApiGuard(
            security.tokens(),
            new com.marketmaker.http.auth.RateLimiter(0, 1, System::nanoTime),
            entry -> {},
            "cors-node",
            List.of("https://ops.example"),
            System::currentTimeMillis);
    try (TestApi corsApi =
        TestApi.serve(kit, guard, new MakerRoutes(new LocalMakerGateway(kit)).routes())) {
      Reply preflight = preflight(corsApi, "https://ops.example");
      assertEquals(204, preflight.status());
      assertEquals("https://ops.example", preflight.header("Access-Control-Allow-Origin"));
      assertTrue(preflight.header("Access-Control-Allow-Headers").contains("Authorization"));
      for (String origin : List.of("https://ops.example", "https://evil.example")) {
        Reply r = corsApi.send("GET", "/maker/active", ADMIN, null, "Origin", origin);
        assertEquals(200, r.status());
        assertEquals(
            origin.equals("https://ops.example") ? "https://ops.example" : "",
            r.header("Access-Control-Allow-Origin"),
            origin);
      }
      Reply foreignPreflight = preflight(corsApi, "https://evil.example");
      assertEquals(401, foreignPreflight.status());
    }
  }

  /** A browser's preflight from {@code origin} for a POST to {@code /maker/kill}. */
  private static Reply preflight(TestApi cors, String origin) throws Exception {
    return cors.send(
        "OPTIONS",
        "/maker/kill",
        null,
        null,
        "Origin",
        origin,
        "Access-Control-Request-Method",
        "POST");
  }

  @Test
  void eachTokenIsRateLimited() throws Exception {
    String flood = issue("flood", "viewer");
    String calm = issue("calm", "viewer");
    // A guard of its own with a slow bucket (3 at once, one more every 5 s), so the outcome does
    // not depend on how fast this machine sends.
    ApiGuard guard =
        new ApiGuard(
            security.tokens(),
            new com.marketmaker.http.auth.RateLimiter(0.2, 3, System::nanoTime),
            entry -> {},
            "limited-node",
            List.of(),
            System::currentTimeMillis);
    try (TestApi limitedApi =
        TestApi.serve(kit, guard, new MakerRoutes(new LocalMakerGateway(kit)).routes())
            .requireJson()) {
      List<Integer> statuses = new ArrayList<>();
      Reply limited = null;
      for (int i = 0; i < 10; i++) {
        Reply a = limitedApi.get("/maker/active", flood);
        statuses.add(a.status());
        if (a.status() == 429 && limited == null) {
          limited = a;
        }
      }
      assertEquals(List.of(200, 200, 200), statuses.subList(0, 3), statuses.toString());
      assertNotNull(limited, "3 at once, then one per 5 s: " + statuses);
      assertRefused(429, "too many requests for token 'flood'", limited);
      long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElse("0"));
      assertTrue(retryAfter >= 1 && retryAfter <= 5, "Retry-After " + retryAfter);
      Reply other = limitedApi.get("/maker/active", calm);
      assertEquals(200, other.status(), "another token has its own bucket");
    }
  }

  @Test
  void controlCharactersInAHeaderNeverReachTheJournal() throws Exception {
    String trader = issue("carl", "trader");
    String body = start("BINANCE:ADAUSDT");
    String request =
        "POST /maker/start HTTP/1.1\r\n"
            + "Host: 127.0.0.1\r\n"
            + "Authorization: Bearer "
            + trader
            + "\r\n"
            + "X-Operator: mallory\u001b[2J\u0007\r\n"
            + "Content-Type: application/json\r\n"
            + "Content-Length: "
            + body.getBytes(StandardCharsets.UTF_8).length
            + "\r\n"
            + "Connection: close\r\n\r\n"
            + body;
    String raw = rawExchange(request);
    String statusLine = raw.substring(0, raw.indexOf("\r\n"));
    String answerBody = raw.substring(raw.indexOf("\r\n\r\n") + 4);
    // The server refuses the request before routing, with the API's JSON error...
    assertTrue(statusLine.contains(" 400 "), statusLine);
    assertTrue(raw.contains("Content-Type: application/json"), raw);
    assertTrue(
        TestApi.JSON.readTree(answerBody).path("error").asText().contains("header"), answerBody);
    assertFalse(answerBody.contains("mallory"), "the value is not echoed: " + answerBody);
    // ... so nothing was started, and nothing of the header reached the journal.
    assertRefused(404, "never been started", api.get("/maker/status/BINANCE:ADAUSDT", trader));
    // The same request without the control characters is journaled under the token's name.
    String clean = rawExchange(request.replace("mallory\u001b[2J\u0007", "mallory"));
    assertTrue(clean.startsWith("HTTP/1.1 200 "), clean);
    Reply status = api.get("/maker/status/BINANCE:ADAUSDT", trader);
    assertEquals("carl", status.body().path("lastChangedBy").asText());
    assertFalse(status.text().contains("mallory"), status.text());
  }

  /** Sends {@code request} as written on a plain socket and reads the whole answer. */
  private static String rawExchange(String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", api.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      byte[] chunk = new byte[8192];
      int n;
      while ((n = in.read(chunk)) > 0) {
        buffer.write(chunk, 0, n);
      }
      return buffer.toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  void aRequestWithoutRolesTableEntryNeedsAdmin() throws Exception {
    String trader = issue("tess", "trader");
    assertRefused(403, "needs the 'admin' role", api.post("/maker/unknown", trader, "{}"));
    assertEquals(
        Role.ADMIN, com.marketmaker.http.auth.AccessPolicy.required("POST", "/maker/unknown"));
  }
}
