package com.marketmaker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketmaker.http.auth.Role;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.ServerBinding;
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

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String ADMIN = TestSecurity.ADMIN_TOKEN;
  private static final String PARAMS =
      "{\"riskAversion\":0.1,\"horizonSeconds\":60,\"minSpreadBps\":1,\"maxSpreadBps\":50,"
          + "\"orderSize\":\"0.001\",\"maxPosition\":\"0.05\"}";

  private static ActorTestKit kit;
  private static ApiSecurity security;
  private static ServerBinding binding;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    kit = ActorTestKit.create("auth-api", TestSecurity.config());
    security = TestSecurity.start(kit, TestSecurity.settings(20, 40));
    MakerRoutes routes = new MakerRoutes(new LocalMakerGateway(kit));
    binding =
        HttpServer.start(kit.system(), security.wrap(routes.routes()), "127.0.0.1", 0)
            .toCompletableFuture()
            .get();
    base = "http://127.0.0.1:" + binding.localAddress().getPort();
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private record Answer(int status, JsonNode body, HttpResponse<String> raw) {
    String error() {
      return body.path("error").asText();
    }
  }

  private static Answer send(String method, String path, String body, String token)
      throws Exception {
    var builder =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(20))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      builder.header("Content-Type", "application/json");
    }
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return answer(client.send(builder.build(), HttpResponse.BodyHandlers.ofString()));
  }

  private static Answer answer(HttpResponse<String> r) throws Exception {
    JsonNode body = r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    return new Answer(r.statusCode(), body, r);
  }

  private static void assertRefused(int status, String fragment, Answer a) {
    assertEquals(status, a.status(), a.body().toString());
    assertTrue(
        a.error().contains(fragment),
        "error '" + a.error() + "' should mention '" + fragment + "'");
    assertEquals(
        "application/json", a.raw().headers().firstValue("Content-Type").orElse(""), "JSON");
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
    Answer a = send("POST", "/auth/tokens", body, ADMIN);
    assertEquals(201, a.status(), a.body().toString());
    String token = a.body().path("token").asText();
    assertTrue(token.startsWith("mm_") && token.length() == 46, token);
    assertTrue(a.body().path("id").asText().startsWith("tok-"));
    return token;
  }

  // ---------------------------------------------------------------- who gets in

  @Test
  void healthIsOpenAndEverythingElseNeedsAValidToken() throws Exception {
    Answer health = send("GET", "/health", null, null);
    assertEquals(200, health.status());
    assertEquals("up", health.body().path("status").asText());

    Answer missing = send("GET", "/maker/active", null, null);
    assertRefused(401, "missing bearer token", missing);
    assertEquals(
        "Bearer realm=\"market-maker\"",
        missing.raw().headers().firstValue("WWW-Authenticate").orElse(""));
    assertRefused(401, "unknown token", send("GET", "/maker/active", null, "mm_" + "A".repeat(43)));
    assertRefused(401, "malformed token", send("GET", "/maker/active", null, "letmein"));
    assertRefused(401, "missing bearer token", send("POST", "/maker/kill", null, null));
    assertRefused(401, "missing bearer token", send("GET", "/nowhere", null, null));
    HttpResponse<String> basic =
        client.send(
            HttpRequest.newBuilder(URI.create(base + "/maker/active"))
                .header("Authorization", "Basic YWRtaW46YWRtaW4=")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertRefused(401, "missing bearer token", answer(basic));

    String viewer = issue("vic", "viewer");
    Answer whoami = send("GET", "/auth/whoami", null, viewer);
    assertEquals(200, whoami.status());
    assertEquals("vic", whoami.body().path("name").asText());
    assertEquals("[\"viewer\"]", whoami.body().path("roles").toString());
    assertEquals("no-store", whoami.raw().headers().firstValue("Cache-Control").orElse(""));
    assertEquals("nosniff", whoami.raw().headers().firstValue("X-Content-Type-Options").orElse(""));
  }

  @Test
  void revokedAndExpiredTokensAreRefusedAndNoTokenIsEverListed() throws Exception {
    String temp = issue("temp", "viewer");
    assertEquals(200, send("GET", "/maker/active", null, temp).status());
    Answer listed = send("GET", "/auth/tokens", null, ADMIN);
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
    assertFalse(listed.raw().body().contains(temp), "the token itself is never listed");

    Answer revoked = send("DELETE", "/auth/tokens/" + id, null, ADMIN);
    assertEquals(200, revoked.status(), revoked.body().toString());
    assertTrue(revoked.body().path("changed").asBoolean());
    assertRefused(401, "revoked token", send("GET", "/maker/active", null, temp));
    assertFalse(
        send("DELETE", "/auth/tokens/" + id, null, ADMIN).body().path("changed").asBoolean());
    assertRefused(404, "no token tok-none", send("DELETE", "/auth/tokens/tok-none", null, ADMIN));
    for (JsonNode t : send("GET", "/auth/tokens", null, ADMIN).body()) {
      if (t.path("id").asText().equals(id)) {
        assertEquals("revoked", t.path("state").asText());
        assertEquals("admin", t.path("revokedBy").asText());
      }
    }

    Answer shortLived =
        send(
            "POST",
            "/auth/tokens",
            "{\"name\":\"brief\",\"roles\":[\"viewer\"],\"expiresInSeconds\":1}",
            ADMIN);
    assertEquals(201, shortLived.status(), shortLived.body().toString());
    String brief = shortLived.body().path("token").asText();
    assertEquals(200, send("GET", "/maker/active", null, brief).status());
    Thread.sleep(1_100);
    assertRefused(401, "expired token", send("GET", "/maker/active", null, brief));

    assertRefused(
        400,
        "unknown role 'root'",
        send("POST", "/auth/tokens", "{\"name\":\"x\",\"roles\":[\"root\"]}", ADMIN));
    assertRefused(
        400,
        "at least one role",
        send("POST", "/auth/tokens", "{\"name\":\"x\",\"roles\":[]}", ADMIN));
    assertRefused(
        400,
        "expiresInSeconds",
        send(
            "POST",
            "/auth/tokens",
            "{\"name\":\"x\",\"roles\":[\"viewer\"],\"expiresInSeconds\":0}",
            ADMIN));
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
        send("POST", "/maker/start", start("BINANCE:BTCUSDT"), viewer));
    assertRefused(
        403,
        "needs the 'risk' role; token 'tom' has trader",
        send("POST", "/maker/kill", "{\"reason\":\"drill\"}", trader));
    assertRefused(403, "needs the 'admin' role", send("GET", "/auth/tokens", null, risk));
    assertRefused(403, "needs the 'risk' role", send("GET", "/audit", null, viewer));
    assertRefused(
        403,
        "needs the 'admin' role",
        send("POST", "/auth/tokens", "{\"name\":\"x\",\"roles\":[\"admin\"]}", trader));

    Answer started = send("POST", "/maker/start", start("BINANCE:BTCUSDT"), trader);
    assertEquals(200, started.status(), started.body().toString());
    assertEquals("tom", started.body().path("status").path("lastChangedBy").asText());
    Answer status = send("GET", "/maker/status/BINANCE:BTCUSDT", null, viewer);
    assertEquals(200, status.status());
    assertEquals("tom", status.body().path("lastChangedBy").asText(), "journaled as the token");

    Answer killed = send("POST", "/maker/kill", "{\"reason\":\"drill\"}", risk);
    assertEquals(200, killed.status(), killed.body().toString());
    assertEquals("rita", killed.body().path("requestedBy").asText());
    assertTrue(
        send("GET", "/maker/status/BINANCE:BTCUSDT", null, viewer)
            .body()
            .path("halted")
            .asBoolean());
    Answer cleared = send("POST", "/maker/risk/clear", "{\"symbol\":\"BINANCE:BTCUSDT\"}", risk);
    assertEquals(200, cleared.status(), cleared.body().toString());
    // The client cannot name someone else: X-Operator is not read any more.
    HttpResponse<String> spoofed =
        client.send(
            HttpRequest.newBuilder(URI.create(base + "/maker/stop?symbol=BINANCE:BTCUSDT"))
                .header("Authorization", "Bearer " + trader)
                .header("X-Operator", "somebody-else")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, spoofed.statusCode(), spoofed.body());
    assertEquals(
        "tom", JSON.readTree(spoofed.body()).path("status").path("lastChangedBy").asText());

    String admin = issue("ada", "admin");
    assertEquals(200, send("GET", "/audit", null, admin).status(), "admin includes risk");
    assertEquals(
        200,
        send("POST", "/maker/start", start("BINANCE:ETHUSDT"), admin).status(),
        "admin includes trader");
  }

  // ---------------------------------------------------------------- audit

  @Test
  void theAuditLogShowsRefusedAndAcceptedAttempts() throws Exception {
    String viewer = issue("val", "viewer");
    String trader = issue("tim", "trader");
    String risk = issue("rob", "risk");
    long before = System.currentTimeMillis();
    send("POST", "/maker/kill", "{\"reason\":\"x\"}", null);
    send("POST", "/maker/start", start("BINANCE:SOLUSDT"), viewer);
    send("POST", "/maker/start", "{\"instrument\":\"BINANCE:SOLUSDT\"}", trader);
    assertEquals(200, send("POST", "/maker/start", start("BINANCE:SOLUSDT"), trader).status());
    send("GET", "/maker/status/BINANCE:SOLUSDT", null, viewer); // a read: not audited

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
      Answer a = send("GET", "/audit?since=" + Instant.ofEpochMilli(before), null, risk);
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
    Answer newest = send("GET", "/audit?limit=2", null, risk);
    assertEquals(2, newest.body().path("entries").size());
    assertTrue(newest.body().path("more").asBoolean());
    assertTrue(
        newest.body().path("entries").get(0).path("seq").asLong()
            > newest.body().path("entries").get(1).path("seq").asLong(),
        "newest first");
    assertRefused(400, "'limit'", send("GET", "/audit?limit=0", null, risk));
    assertRefused(400, "'since'", send("GET", "/audit?since=yesterday", null, risk));
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
    assertRefused(414, "URI", send("GET", "/maker/status/" + "X".repeat(3000), null, admin));
    HttpResponse<String> longHeader =
        client.send(
            HttpRequest.newBuilder(URI.create(base + "/maker/active"))
                .header("Authorization", "Bearer " + admin)
                .header("X-Padding", "p".repeat(9000))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    Answer header = answer(longHeader);
    assertTrue(
        header.status() == 431 || header.status() == 400, "header too long: " + header.status());
    assertTrue(header.error().contains("header"), header.error());
    assertRefused(405, "HTTP method not allowed", send("DELETE", "/maker/start", null, admin));
    assertRefused(404, "could not be found", send("GET", "/nowhere", null, admin));
    assertRefused(
        413,
        "larger than the limit",
        send("POST", "/maker/kill", "{\"reason\":\"" + "x".repeat(100 * 1024) + "\"}", admin));
    HttpResponse<String> text =
        client.send(
            HttpRequest.newBuilder(URI.create(base + "/maker/kill"))
                .header("Authorization", "Bearer " + admin)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("stop everything"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertRefused(415, "Content-Type: application/json", answer(text));
    assertRefused(400, "malformed JSON", send("POST", "/maker/kill", "{\"reason\":", admin));

    // Names and reasons: short and printable only.
    assertRefused(
        400,
        "printable",
        send(
            "POST",
            "/auth/tokens",
            "{\"name\":\"eve\\nINFO forged\",\"roles\":[\"viewer\"]}",
            admin));
    assertRefused(
        400,
        "printable",
        send("POST", "/auth/tokens", "{\"name\":\"eve\\u202e\",\"roles\":[\"viewer\"]}", admin));
    assertRefused(
        400,
        "longer than 64",
        send(
            "POST",
            "/auth/tokens",
            "{\"name\":\"" + "n".repeat(65) + "\",\"roles\":[\"viewer\"]}",
            admin));
    assertRefused(
        400,
        "printable",
        send("POST", "/maker/kill", "{\"reason\":\"drill\\r\\nsecond line\"}", admin));
    assertRefused(
        400,
        "longer than 200",
        send("POST", "/maker/kill", "{\"reason\":\"" + "r".repeat(201) + "\"}", admin));

    // Cross-origin: closed unless configured.
    HttpResponse<String> cors =
        client.send(
            HttpRequest.newBuilder(URI.create(base + "/maker/active"))
                .header("Authorization", "Bearer " + admin)
                .header("Origin", "https://evil.example")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, cors.statusCode());
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
    ServerBinding corsBinding =
        HttpServer.start(
                kit.system(),
                guard.wrap(new MakerRoutes(new LocalMakerGateway(kit)).routes()),
                "127.0.0.1",
                0)
            .toCompletableFuture()
            .get();
    try {
      String corsBase = "http://127.0.0.1:" + corsBinding.localAddress().getPort();
      HttpResponse<String> preflight =
          client.send(
              HttpRequest.newBuilder(URI.create(corsBase + "/maker/kill"))
                  .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                  .header("Origin", "https://ops.example")
                  .header("Access-Control-Request-Method", "POST")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(204, preflight.statusCode());
      assertEquals(
          "https://ops.example",
          preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
      assertTrue(
          preflight
              .headers()
              .firstValue("Access-Control-Allow-Headers")
              .orElse("")
              .contains("Authorization"));
      for (String origin : List.of("https://ops.example", "https://evil.example")) {
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(URI.create(corsBase + "/maker/active"))
                    .header("Authorization", "Bearer " + ADMIN)
                    .header("Origin", origin)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals(
            origin.equals("https://ops.example") ? "https://ops.example" : "",
            r.headers().firstValue("Access-Control-Allow-Origin").orElse(""),
            origin);
      }
      HttpResponse<String> foreignPreflight =
          client.send(
              HttpRequest.newBuilder(URI.create(corsBase + "/maker/kill"))
                  .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                  .header("Origin", "https://evil.example")
                  .header("Access-Control-Request-Method", "POST")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(401, foreignPreflight.statusCode());
    } finally {
      corsBinding.unbind().toCompletableFuture().get();
    }
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
    ServerBinding limitedBinding =
        HttpServer.start(
                kit.system(),
                guard.wrap(new MakerRoutes(new LocalMakerGateway(kit)).routes()),
                "127.0.0.1",
                0)
            .toCompletableFuture()
            .get();
    try {
      String limitedBase = "http://127.0.0.1:" + limitedBinding.localAddress().getPort();
      List<Integer> statuses = new ArrayList<>();
      Answer limited = null;
      for (int i = 0; i < 10; i++) {
        Answer a =
            answer(
                client.send(
                    HttpRequest.newBuilder(URI.create(limitedBase + "/maker/active"))
                        .header("Authorization", "Bearer " + flood)
                        .build(),
                    HttpResponse.BodyHandlers.ofString()));
        statuses.add(a.status());
        if (a.status() == 429 && limited == null) {
          limited = a;
        }
      }
      assertEquals(List.of(200, 200, 200), statuses.subList(0, 3), statuses.toString());
      assertNotNull(limited, "3 at once, then one per 5 s: " + statuses);
      assertRefused(429, "too many requests for token 'flood'", limited);
      long retryAfter =
          Long.parseLong(limited.raw().headers().firstValue("Retry-After").orElse("0"));
      assertTrue(retryAfter >= 1 && retryAfter <= 5, "Retry-After " + retryAfter);
      HttpResponse<String> other =
          client.send(
              HttpRequest.newBuilder(URI.create(limitedBase + "/maker/active"))
                  .header("Authorization", "Bearer " + calm)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, other.statusCode(), "another token has its own bucket");
    } finally {
      limitedBinding.unbind().toCompletableFuture().get();
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
    assertTrue(JSON.readTree(answerBody).path("error").asText().contains("header"), answerBody);
    assertFalse(answerBody.contains("mallory"), "the value is not echoed: " + answerBody);
    // ... so nothing was started, and nothing of the header reached the journal.
    assertRefused(
        404, "never been started", send("GET", "/maker/status/BINANCE:ADAUSDT", null, trader));
    // The same request without the control characters is journaled under the token's name.
    String clean = rawExchange(request.replace("mallory\u001b[2J\u0007", "mallory"));
    assertTrue(clean.startsWith("HTTP/1.1 200 "), clean);
    Answer status = send("GET", "/maker/status/BINANCE:ADAUSDT", null, trader);
    assertEquals("carl", status.body().path("lastChangedBy").asText());
    assertFalse(status.raw().body().contains("mallory"), status.raw().body());
  }

  /** Sends {@code request} as written on a plain socket and reads the whole answer. */
  private static String rawExchange(String request) throws Exception {
    URI uri = URI.create(base);
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
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
    assertRefused(403, "needs the 'admin' role", send("POST", "/maker/unknown", "{}", trader));
    assertEquals(
        Role.ADMIN, com.marketmaker.http.auth.AccessPolicy.required("POST", "/maker/unknown"));
  }
}
