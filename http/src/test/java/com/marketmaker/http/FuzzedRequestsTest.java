package com.marketmaker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marketmaker.http.TestApi.Reply;
import com.marketmaker.http.auth.AuditEntry;
import com.marketmaker.http.auth.AuditLog;
import com.marketmaker.http.auth.AuditShipper;
import com.marketmaker.http.auth.AuthSettings;
import com.marketmaker.http.auth.Role;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Ten thousand hostile requests, generated from a fixed seed and sent over raw sockets (keep-alive,
 * three connections at once): odd methods, mutated and traversing paths, percent-encodings, very
 * long and non-ASCII targets, control bytes, bad query strings, huge and invalid headers, duplicate
 * Authorization, odd Content-Types and framing, truncated, deep, huge and ill-typed JSON, NaN,
 * numbers out of range, invalid UTF-8; with the tokens of every role and bad ones.
 *
 * <p>What must hold: no server error (no status of 500 or more but 503) — an unknown method is a
 * 405 and a request line without an HTTP/1.0 or 1.1 version a 400 — save the 500 the server library
 * answers to a chunked HTTP/1.0 request before the API sees it; every answer with a body is JSON,
 * with {@code error} from 400 up; nothing is let in without a valid token, and a change only with
 * the role the README gives it; the node answers afterwards; a batch of requests of which the API
 * took no change changed no instrument and no token; and the audit log holds exactly one entry per
 * change attempt and per 401/403 that reached the API, under the right principal and with the
 * status answered, all of them printable single lines of bounded length.
 *
 * <p>A request whose head holds a byte above 0x7f may leave the server waiting for the rest of a
 * multi-byte character that swallowed the line end; such requests end the connection after them, so
 * that the server sees the end of the stream, and may go unanswered.
 */
class FuzzedRequestsTest {

  private static final long SEED = 0x5EED_2024_0917L;
  private static final int REQUESTS = 10_000;
  private static final int CONNECTIONS = 3;
  private static final int BATCH = 24;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> WATCHED =
      List.of("BINANCE:BTCUSDT", "BINANCE:ETHUSDT", "BINANCE_USDM:BTCUSDT");
  private static final String PARAMS =
      "{\"riskAversion\":0.1,\"horizonSeconds\":60,\"minSpreadBps\":1,\"maxSpreadBps\":50,"
          + "\"orderSize\":\"0.001\",\"maxPosition\":\"0.05\"}";

  private static ActorTestKit kit;
  private static ApiSecurity security;
  private static TestApi api;

  /** A valid token by the principal name it authenticates as. */
  private static final Map<String, String> tokenByName = new LinkedHashMap<>();

  private static final Map<String, Set<Role>> rolesByName = new HashMap<>();
  private static String revokedToken;
  private static final List<String> victimIds = new ArrayList<>();

  /** The server warns of every malformed request; thousands of lines here, so only errors. */
  private static final Logger serverLog =
      (Logger) LoggerFactory.getLogger("org.apache.pekko.actor.ActorSystemImpl");

  private static Level serverLogLevel;

  @BeforeAll
  static void start() throws Exception {
    serverLogLevel = serverLog.getLevel();
    serverLog.setLevel(Level.ERROR);
    kit = ActorTestKit.create("fuzzed-requests", TestSecurity.config());
    // No rate limit; every audit entry kept and none dropped, for counting.
    AuthSettings settings =
        TestSecurity.settings(
            0,
            1,
            new AuditShipper.Settings(500, Duration.ofMillis(20), 1_000_000, Duration.ofSeconds(5)),
            100_000,
            1_000);
    security = TestSecurity.start(kit, settings);
    api =
        TestApi.serve(kit, security, new MakerRoutes(new LocalMakerGateway(kit)).routes())
            .http11()
            .timeout(Duration.ofSeconds(30));

    issue("fz-viewer", Role.VIEWER);
    issue("fz-trader", Role.TRADER);
    issue("fz-risk", Role.RISK);
    issue("fz-admin", Role.ADMIN);
    issue("fz-trader-risk", Role.TRADER, Role.RISK);
    ApiSecurity.NewToken revoked =
        security
            .issue("fz-revoked", EnumSet.of(Role.ADMIN), null, "test")
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    security.revoke(revoked.record().id(), "test").toCompletableFuture().get(10, TimeUnit.SECONDS);
    revokedToken = revoked.token();
    for (int i = 1; i <= 3; i++) {
      victimIds.add(
          security
              .issue("fz-victim-" + i, EnumSet.of(Role.VIEWER), null, "test")
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS)
              .record()
              .id());
    }
    for (String instrument : WATCHED.subList(0, 2)) {
      Reply started = control("POST", "/maker/start", startBody(instrument));
      assertEquals(200, started.status(), started.text());
    }
  }

  private static void issue(String name, Role first, Role... more) throws Exception {
    tokenByName.put(name, TestSecurity.issue(security, name, first, more));
    rolesByName.put(name, EnumSet.of(first, more));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
    serverLog.setLevel(serverLogLevel);
  }

  // ---------------------------------------------------------------- the run

  @Test
  void tenThousandHostileRequestsBreakNothing() throws Exception {
    List<Fuzzed> requests = new ArrayList<>(REQUESTS);
    Generator generator = new Generator(new SplittableRandom(SEED));
    for (int i = 0; i < REQUESTS; i++) {
      requests.add(generator.next(i));
    }
    Violations violations = new Violations();
    Outcome[] outcomes = new Outcome[REQUESTS];
    long fuzzStart = System.currentTimeMillis();
    int strictBatches = 0;
    int batches = 0;
    ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
    List<RawConnection> connections = new ArrayList<>();
    for (int c = 0; c < CONNECTIONS; c++) {
      connections.add(new RawConnection(api.port()));
    }
    try {
      JsonNode before = snapshot();
      for (int from = 0; from < REQUESTS; from += BATCH) {
        int to = Math.min(REQUESTS, from + BATCH);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
          RawConnection connection = connections.get(c);
          int first = from + c;
          running.add(
              pool.submit(
                  () -> {
                    for (int i = first; i < to; i += CONNECTIONS) {
                      outcomes[i] = connection.exchange(requests.get(i));
                    }
                    return null;
                  }));
        }
        for (Future<?> f : running) {
          f.get(5, TimeUnit.MINUTES);
        }
        batches++;
        JsonNode after = snapshot();
        boolean anyAccepted = false;
        for (int i = from; i < to; i++) {
          anyAccepted |= mayHaveChanged(requests.get(i), outcomes[i]);
        }
        if (!anyAccepted) {
          strictBatches++;
          if (!before.equals(after)) {
            StringBuilder what = new StringBuilder();
            for (int i = from; i < to; i++) {
              what.append("\n    ").append(describe(requests.get(i), outcomes[i]));
            }
            violations.add(
                "state changed in a batch where no change was accepted",
                "before " + before + "\n  after  " + after + what);
          }
        }
        before = after;
      }
    } finally {
      pool.shutdownNow();
      connections.forEach(RawConnection::close);
    }

    // Every answer on its own.
    Map<String, Integer> expectedAudit = new TreeMap<>();
    Map<Integer, Integer> statuses = new TreeMap<>();
    for (int i = 0; i < REQUESTS; i++) {
      Fuzzed f = requests.get(i);
      Outcome o = outcomes[i];
      statuses.merge(o.status, 1, Integer::sum);
      check(f, o, violations);
      if (passedGuard(o) && (!isRead(f.method) || o.status == 401 || o.status == 403)) {
        String principal = o.status == 401 ? AuditEntry.ANONYMOUS : f.principal;
        expectedAudit.merge(principal + " " + f.method + " " + o.status, 1, Integer::sum);
      }
    }

    // The node still answers.
    Reply health = api.get("/health", null);
    assertEquals(200, health.status(), health.text());
    assertEquals("up", health.body().path("status").asText());
    Reply active = api.get("/maker/active", tokenByName.get("fz-viewer"));
    assertEquals(200, active.status(), active.text());

    // The audit log: one entry per change attempt and per 401/403 that reached the API.
    int expectedCount = expectedAudit.values().stream().mapToInt(Integer::intValue).sum();
    List<AuditEntry> entries = auditSince(fuzzStart, expectedCount);
    Map<String, Integer> actualAudit = new TreeMap<>();
    for (AuditEntry e : entries) {
      actualAudit.merge(e.principal() + " " + e.method() + " " + e.status(), 1, Integer::sum);
      checkPrintableAndBounded(e, violations);
    }
    if (!expectedAudit.equals(actualAudit)) {
      Map<String, String> diff = new TreeMap<>();
      Set<String> keys = new TreeSet<>(expectedAudit.keySet());
      keys.addAll(actualAudit.keySet());
      for (String k : keys) {
        int want = expectedAudit.getOrDefault(k, 0);
        int got = actualAudit.getOrDefault(k, 0);
        if (want != got) {
          diff.put(k, "expected " + want + ", logged " + got);
        }
      }
      violations.add("audit log does not match the requests sent", diff.toString());
    }

    String summary =
        "statuses "
            + statuses
            + "; "
            + entries.size()
            + " audit entries; "
            + strictBatches
            + " of "
            + batches
            + " batches had no accepted change";
    System.out.println("Fuzzed requests: " + summary);
    assertTrue(violations.isEmpty(), summary + "\n" + violations);
    assertTrue(
        strictBatches >= batches / 3, "too few batches without changes to check: " + summary);
    assertTrue(
        expectedCount > REQUESTS / 4, "a quarter reached the API and were audited: " + summary);
    // The generator reaches every kind of refusal, and some requests get through.
    for (int status : new int[] {200, 400, 401, 403, 404, 405, 413, 414, 415, 431}) {
      assertTrue(statuses.containsKey(status), "no answer was " + status + ": " + summary);
    }
  }

  // ---------------------------------------------------------------- invariants per answer

  private static void check(Fuzzed f, Outcome o, Violations violations) {
    if (o.status < 0) {
      if (!f.mayStall) {
        violations.add("no answer", describe(f, o));
      }
      return;
    }
    // The one 5xx allowed: the server library's 500 for a chunked HTTP/1.0 request, answered
    // before the API sees it (an unknown method and a bad version are the API's 405 and 400).
    boolean protocolLevel = o.status == 500 && f.http10Chunked;
    if (o.status >= 500 && o.status != 503 && !protocolLevel) {
      violations.add("server error", describe(f, o));
    }
    if (protocolLevel && o.status == 500) {
      if (passedGuard(o)) {
        violations.add("server error after the guard", describe(f, o));
      }
      return;
    }
    if (o.body.length > 0) {
      String type = o.header("content-type");
      JsonNode body = null;
      try {
        body = JSON.readTree(o.body);
      } catch (IOException notJson) {
        violations.add("answer is not JSON", describe(f, o));
      }
      if (type == null || !type.startsWith("application/json")) {
        violations.add("answer's Content-Type is not JSON", type + ": " + describe(f, o));
      }
      if (body != null && o.status >= 400 && !body.path("error").isTextual()) {
        violations.add("error without 'error'", describe(f, o));
      }
    } else if (o.status >= 400 && !f.method.equals("HEAD")) {
      violations.add("error without a body", describe(f, o));
    }
    if ((o.status == 401 || o.status == 403) && !passedGuard(o)) {
      violations.add("a 401/403 that did not come from the guard", describe(f, o));
    }
    if (o.status >= 200 && o.status < 300) {
      String path = decodedPath(f.target);
      if (f.principal == null) {
        if (!(f.method.equals("GET") && "/health".equals(path))) {
          violations.add("let in without a valid token", describe(f, o));
        }
      } else {
        Role needed = neededWhenLetIn(f.method, path);
        if (needed == null) {
          violations.add("let in where no route should", describe(f, o));
        } else if (!has(rolesByName.get(f.principal), needed)) {
          violations.add("let in without the role needed", needed.label() + ": " + describe(f, o));
        }
      }
    }
  }

  /** Whether the answer went through the API's guard (which marks every answer it sends). */
  private static boolean passedGuard(Outcome o) {
    return "nosniff".equals(o.header("x-content-type-options"));
  }

  /**
   * Whether a request may have changed something: a change the API took (by what it answered), one
   * whose outcome is unknown (no answer, 5xx), never one refused by the guard or the server.
   */
  private static boolean mayHaveChanged(Fuzzed f, Outcome o) {
    if (o.status < 0) {
      return true;
    }
    if (!passedGuard(o) || isRead(f.method) || (o.status >= 300 && o.status < 500)) {
      return false;
    }
    if (o.status >= 500) {
      return true;
    }
    JsonNode b;
    try {
      b = JSON.readTree(o.body);
    } catch (IOException e) {
      return true;
    }
    if (b == null) {
      return true;
    }
    if (b.has("change")) {
      String change = b.path("change").asText();
      return !change.equals("UNCHANGED") && !change.equals("DUPLICATE_FILL");
    }
    if (b.has("changed")) {
      return b.path("changed").asBoolean();
    }
    if (b.has("alreadyHalted")) {
      return b.path("halted").asInt() > 0;
    }
    if (b.has("cleared")) {
      return b.path("cleared").size() > 0;
    }
    return true;
  }

  /** Broken invariants by kind, with a few examples of each. */
  private static final class Violations {
    private final Map<String, List<String>> byKind = new TreeMap<>();
    private int count;

    void add(String kind, String example) {
      count++;
      List<String> examples = byKind.computeIfAbsent(kind, k -> new ArrayList<>());
      examples.add(example);
    }

    boolean isEmpty() {
      return count == 0;
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder(count + " broken invariants");
      byKind.forEach(
          (kind, examples) -> {
            b.append("\n").append(examples.size()).append(" x ").append(kind).append(", e.g.:");
            examples.stream().limit(6).forEach(e -> b.append("\n    ").append(e));
          });
      return b.toString();
    }
  }

  /** The role the README gives a request that was let in, or null for a change it does not list. */
  private static Role neededWhenLetIn(String method, String path) {
    if (path == null) {
      return null;
    }
    if (isRead(method)) {
      if (path.equals("/auth/tokens")) {
        return Role.ADMIN;
      }
      return path.equals("/audit") ? Role.RISK : Role.VIEWER;
    }
    if (!method.equals("POST") && !method.equals("DELETE")) {
      return null;
    }
    return switch (path) {
      case "/maker/start", "/maker/params", "/maker/stop", "/backtests", "/sweeps" -> Role.TRADER;
      case "/maker/kill", "/maker/risk/clear", "/maker/fills", "/maker/limits" -> Role.RISK;
      case "/auth/tokens" -> Role.ADMIN;
      default -> path.startsWith("/auth/tokens/") ? Role.ADMIN : null;
    };
  }

  private static boolean has(Set<Role> roles, Role needed) {
    return roles.contains(needed) || roles.contains(Role.ADMIN) || needed == Role.VIEWER;
  }

  private static boolean isRead(String method) {
    return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
  }

  /** The percent-decoded path of a request target, or null when it has none. */
  private static String decodedPath(String target) {
    String t = target;
    if (t.startsWith("http://")) {
      int slash = t.indexOf('/', "http://".length());
      t = slash < 0 ? "/" : t.substring(slash);
    }
    int cut = t.length();
    for (char c : new char[] {'?', '#'}) {
      int at = t.indexOf(c);
      if (at >= 0) {
        cut = Math.min(cut, at);
      }
    }
    t = t.substring(0, cut);
    if (!t.startsWith("/")) {
      return null;
    }
    String decoded;
    try {
      decoded = URLDecoder.decode(t.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    // Without dot segments, as a server may resolve them.
    List<String> segments = new ArrayList<>();
    String[] parts = decoded.substring(1).split("/", -1);
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      boolean last = i == parts.length - 1;
      if (part.equals("..")) {
        if (!segments.isEmpty()) {
          segments.remove(segments.size() - 1);
        }
        if (last) {
          segments.add("");
        }
      } else if (part.equals(".")) {
        if (last) {
          segments.add("");
        }
      } else {
        segments.add(part);
      }
    }
    return "/" + String.join("/", segments);
  }

  /**
   * Every text of an audit entry is one line of printable characters, each within its bound: 16
   * characters of method, 200 of path and detail (and an ellipsis), 64 of a name.
   */
  private static void checkPrintableAndBounded(AuditEntry e, Violations violations) {
    String[] texts = {e.node(), e.method(), e.path(), e.principal(), e.tokenId(), e.detail()};
    int[] bounds = {64, 17, 201, 64, 64, 201};
    for (int i = 0; i < texts.length; i++) {
      String text = texts[i];
      if (text == null) {
        continue;
      }
      if (text.codePointCount(0, text.length()) > bounds[i]) {
        violations.add("audit entry too long", JSON.valueToTree(e).toString());
      }
      if (!text.codePoints().allMatch(FuzzedRequestsTest::printable)) {
        violations.add("audit entry not printable", JSON.valueToTree(e).toString());
      }
    }
    if (e.remote() != null && !e.remote().matches("127\\.0\\.0\\.1:\\d+")) {
      violations.add("audit entry with an odd remote", JSON.valueToTree(e).toString());
    }
  }

  /** Shows as itself on one line: no control, format, separator, surrogate or unassigned. */
  private static boolean printable(int cp) {
    if (Character.isISOControl(cp)) {
      return false;
    }
    int type = Character.getType(cp);
    return type != Character.FORMAT
        && type != Character.LINE_SEPARATOR
        && type != Character.PARAGRAPH_SEPARATOR
        && type != Character.SURROGATE
        && type != Character.UNASSIGNED
        && type != Character.PRIVATE_USE;
  }

  private static String describe(Fuzzed f, Outcome o) {
    String body = o.body == null ? "" : new String(o.body, StandardCharsets.UTF_8);
    return "#"
        + f.index
        + " "
        + escape(f.requestHead(), 300)
        + " -> "
        + (o.status < 0 ? o.failure : o.status + " " + escape(body, 200));
  }

  private static String escape(String text, int max) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && out.length() < max; i++) {
      char c = text.charAt(i);
      if (c == '\r') {
        out.append("\\r");
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.length() >= max ? out + "..." : out.toString();
  }

  // ---------------------------------------------------------------- state and audit

  /** The instruments' journaled state and the tokens, as an operator would read them. */
  private static JsonNode snapshot() throws Exception {
    Map<String, CompletableFuture<Reply>> asked = new LinkedHashMap<>();
    for (String instrument : WATCHED) {
      asked.put(instrument, controlAsync("/maker/status/" + instrument));
    }
    var activeAsked = controlAsync("/maker/active");
    var tokensAsked = controlAsync("/auth/tokens");
    ObjectNode out = JSON.createObjectNode();
    for (String instrument : WATCHED) {
      Reply r = answered(asked.get(instrument));
      JsonNode s = r.body();
      ObjectNode kept = out.putObject(instrument);
      kept.put("http", r.status());
      for (String field :
          List.of(
              "started",
              "making",
              "halted",
              "haltReason",
              "parameters",
              "strategy",
              "inventory",
              "cash",
              "fees",
              "lastTradeId",
              "lastChangedBy",
              "lastChangeMillis")) {
        kept.set(field, s.path(field));
      }
    }
    Reply active = answered(activeAsked);
    ArrayNode making = out.putArray("making");
    for (JsonNode s : active.body().path("instruments")) {
      making.add(
          s.path("instrument").asText()
              + " "
              + s.path("halted").asBoolean()
              + " "
              + s.path("lastChangeMillis").asLong());
    }
    Reply tokens = answered(tokensAsked);
    ObjectNode states = out.putObject("tokens");
    for (JsonNode t : tokens.body()) {
      states.put(t.path("id").asText(), t.path("revoked").asBoolean());
    }
    return out;
  }

  private static CompletableFuture<Reply> controlAsync(String path) {
    return api.sendAsync("GET", path, TestSecurity.ADMIN_TOKEN, null)
        .thenApply(r -> noServerError("GET " + path, r));
  }

  private static Reply answered(CompletableFuture<Reply> asked) throws Exception {
    return asked.get(60, TimeUnit.SECONDS);
  }

  private static Reply control(String method, String path, String body) throws Exception {
    return noServerError(
        method + " " + path, api.send(method, path, TestSecurity.ADMIN_TOKEN, body));
  }

  private static Reply noServerError(String request, Reply r) {
    if (r.status() >= 500) {
      throw new AssertionError(request + ": " + r);
    }
    return r;
  }

  /** The entries logged since {@code since}, once at least {@code expected} are there. */
  private static List<AuditEntry> auditSince(long since, int expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    List<AuditEntry> entries;
    int stable = 0;
    int last = -1;
    while (true) {
      AuditLog.Page page =
          security.audit(since, 1_000_000).toCompletableFuture().get(30, TimeUnit.SECONDS);
      entries = page.entries();
      stable = entries.size() == last ? stable + 1 : 0;
      last = entries.size();
      if ((entries.size() >= expected && stable >= 3) || System.nanoTime() > deadline) {
        return entries;
      }
      Thread.sleep(100);
    }
  }

  private static String startBody(String instrument) {
    return "{\"instrument\":\""
        + instrument
        + "\",\"tickSize\":\"0.01\",\"lotSize\":\"0.00001\",\"parameters\":"
        + PARAMS
        + "}";
  }

  // ---------------------------------------------------------------- requests

  /**
   * One generated request.
   *
   * @param method the method as sent
   * @param target the request target as sent
   * @param principal the name of the valid token in the first Authorization header, or null
   * @param closeAfter whether the connection is not to be reused after it
   */
  private record Fuzzed(
      int index,
      String method,
      String target,
      byte[] bytes,
      int headLength,
      String principal,
      boolean closeAfter,
      boolean unknownMethod,
      boolean badVersion,
      boolean http10Chunked,
      boolean mayStall) {

    String requestHead() {
      return new String(bytes, 0, Math.min(headLength, bytes.length), StandardCharsets.ISO_8859_1);
    }
  }

  /**
   * An answer, or {@code status} -1 and {@code failure} when none came.
   *
   * @param headers lower-case names, the last value of each
   */
  private record Outcome(int status, Map<String, String> headers, byte[] body, String failure) {
    String header(String name) {
      return headers.get(name);
    }
  }

  private enum BodyKind {
    NONE,
    START,
    PARAMS,
    FILL,
    CLEAR,
    KILL,
    TOKEN,
    LIMITS,
    MAKER_LIMITS,
    BACKTEST,
    EMPTY
  }

  private record Template(String method, String path, BodyKind body) {}

  private static final List<Template> TEMPLATES =
      List.of(
          new Template("GET", "/health", BodyKind.NONE),
          new Template("GET", "/maker/active", BodyKind.NONE),
          new Template("GET", "/maker/status/{sym}", BodyKind.NONE),
          new Template("GET", "/maker/api-errors", BodyKind.NONE),
          new Template("GET", "/maker/performance/{sym}", BodyKind.NONE),
          new Template("GET", "/maker/quote/{sym}", BodyKind.NONE),
          new Template("GET", "/maker/risk/alerts", BodyKind.NONE),
          new Template("GET", "/book/{sym}?depth=5", BodyKind.NONE),
          new Template("GET", "/orders/{sym}", BodyKind.NONE),
          new Template("GET", "/fills/{sym}?limit=10", BodyKind.NONE),
          new Template("GET", "/auth/whoami", BodyKind.NONE),
          new Template("GET", "/auth/tokens", BodyKind.NONE),
          new Template("GET", "/audit?limit=3", BodyKind.NONE),
          new Template("GET", "/feeds/metrics", BodyKind.NONE),
          new Template("GET", "/portfolio", BodyKind.NONE),
          new Template("POST", "/maker/start", BodyKind.START),
          new Template("POST", "/maker/start", BodyKind.START),
          new Template("POST", "/maker/params", BodyKind.PARAMS),
          new Template("POST", "/maker/params", BodyKind.PARAMS),
          new Template("POST", "/maker/limits", BodyKind.MAKER_LIMITS),
          new Template("POST", "/maker/stop?symbol={sym}", BodyKind.NONE),
          new Template("POST", "/maker/fills", BodyKind.FILL),
          new Template("POST", "/maker/fills", BodyKind.FILL),
          new Template("POST", "/maker/risk/clear", BodyKind.CLEAR),
          new Template("POST", "/maker/kill", BodyKind.KILL),
          new Template("POST", "/auth/tokens", BodyKind.TOKEN),
          new Template("DELETE", "/auth/tokens/{tok}", BodyKind.NONE),
          new Template("POST", "/portfolio/limits", BodyKind.LIMITS),
          new Template("POST", "/backtests", BodyKind.BACKTEST),
          new Template("POST", "/feeds/latency/reset", BodyKind.EMPTY),
          new Template("PUT", "/maker/start", BodyKind.START));

  private static final List<String> STANDARD_METHODS =
      List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "CONNECT");
  private static final List<String> ODD_METHODS =
      List.of(
          "get",
          "Post",
          "FOO",
          "PROPFIND",
          "M-SEARCH",
          "GETT",
          "BREW",
          "X".repeat(20),
          "G\u0000T",
          "PO ST",
          "");

  /** Draws requests; every choice comes from the one seeded random source. */
  private static final class Generator {
    private final SplittableRandom r;
    private int tradeIds = 1_000_000;

    Generator(SplittableRandom r) {
      this.r = r;
    }

    private <T> T pick(List<T> options) {
      return options.get(r.nextInt(options.size()));
    }

    private boolean chance(double p) {
      return r.nextDouble() < p;
    }

    Fuzzed next(int index) {
      Template t = pick(TEMPLATES);
      boolean pristine = chance(0.08);
      double mutate = pristine ? 0 : 0.35;

      // method
      String method = t.method();
      boolean unknownMethod = false;
      if (chance(mutate * 0.5)) {
        if (chance(0.6)) {
          method = pick(STANDARD_METHODS);
        } else {
          method = pick(ODD_METHODS);
          unknownMethod = true;
        }
      }

      // target
      String sym = chance(pristine ? 0 : 0.25) ? oddSymbol() : pick(WATCHED);
      String tok = chance(0.7) ? pick(victimIds) : "tok-" + Long.toHexString(r.nextLong());
      String target = t.path().replace("{sym}", sym).replace("{tok}", tok);
      if (chance(mutate)) {
        target = mutatePath(target);
      }
      if (chance(mutate * 0.6)) {
        target = addQuery(target);
      }

      // body
      byte[] body = body(t.body(), sym);
      if (body != null && chance(mutate * 1.5)) {
        body = mutateBody(body);
      } else if (body == null && chance(mutate * 0.3)) {
        body = mutateBody(pick(List.of("{}", "{\"reason\":\"x\"}", "[]")).getBytes());
      }

      // headers
      List<String[]> headers = new ArrayList<>();
      headers.add(new String[] {"Host", "127.0.0.1:" + api.port()});
      Map<String[], String> principals = new IdentityHashMap<>();
      Auth auth = auth();
      if (auth.header != null) {
        String[] h = {"Authorization", auth.header};
        headers.add(h);
        principals.put(h, auth.principal);
      }
      boolean closeAfter = method.equals("HEAD") || chance(0.05);
      boolean chunked = false;
      Integer contentLength = body == null ? null : body.length;
      if (body != null) {
        headers.add(new String[] {"Content-Type", "application/json"});
      }
      if (chance(mutate)) {
        switch (r.nextInt(16)) {
          case 0 -> headers.add(new String[] {"X-Padding", "p".repeat(8_200 + r.nextInt(4_000))});
          case 1 ->
              headers.add(
                  new String[] {
                    "X-Junk",
                    "a" + pick(List.of("\u0000", "\u007f", "\u00ff", "\u001b[2J", "\u0085")) + "b"
                  });
          case 2 -> {
            Auth second = auth();
            if (second.header != null) {
              String[] h = {chance(0.5) ? "Authorization" : "authorization", second.header};
              headers.add(chance(0.5) ? 1 : headers.size(), h);
              principals.put(h, second.principal);
            }
          }
          case 3 -> setHeader(headers, "Content-Type", oddContentType());
          case 4 -> {
            headers.add(new String[] {"Content-Type", oddContentType()});
            closeAfter = true;
          }
          case 5 -> {
            for (int i = 0; i < 70; i++) {
              headers.add(new String[] {"X-Many-" + i, "v"});
            }
          }
          case 6 ->
              headers.add(
                  new String[] {
                    pick(List.of("X Bad", "X:Colon", "", "X\u0001", "Ünicode")), "value"
                  });
          case 7 -> headers.removeIf(h -> h[0].equals("Host"));
          case 8 -> headers.add(new String[] {"Host", "evil.example"});
          case 9 -> headers.add(new String[] {"Expect", "100-continue"});
          case 10 ->
              headers.add(
                  new String[] {"X-Operator", "mallory\u00e9\u202e", "X-Forwarded-For", "1.2.3.4"});
          case 11 -> headers.add(new String[] {"Origin", "https://evil.example"});
          case 12 -> {
            closeAfter = true;
            if (body != null) {
              contentLength =
                  pick(
                      List.of(
                          Math.max(0, body.length - 1 - r.nextInt(Math.max(1, body.length))),
                          -1,
                          Integer.MIN_VALUE));
            }
            headers.add(new String[] {"Connection", "close"});
          }
          case 13 -> {
            closeAfter = true;
            chunked = true;
            String coding =
                pick(List.of("chunked", "chunked", "gzip, chunked", "gzip", "identity"));
            headers.add(new String[] {"Transfer-Encoding", coding});
            headers.add(new String[] {"Connection", "close"});
            if (chance(0.3) && body != null) {
              headers.add(new String[] {"Content-Length", Integer.toString(body.length)});
            }
            contentLength = null;
          }
          case 14 -> headers.add(new String[] {" folded", "continuation"});
          default -> {
            headers.add(new String[] {"Connection", "close"});
            closeAfter = true;
          }
        }
      }

      String principal = null;
      for (String[] h : headers) {
        if (h[0].equalsIgnoreCase("Authorization")) {
          principal = principals.get(h);
          break;
        }
      }
      if (chunked && body == null) {
        body = new byte[0];
      }

      String version = "HTTP/1.1";
      if (chance(mutate * 0.05)) {
        version = pick(List.of("HTTP/1.0", "HTTP/1.0", "HTTP/2.0", "HTTX/1.1", "HTTP/1.1 "));
        closeAfter = true;
      }

      ByteArrayOutputStream out = new ByteArrayOutputStream();
      write(out, method + " " + target + " " + version + "\r\n");
      for (String[] h : headers) {
        // Pairs of name and value; a name starting with a space makes an obsolete folded line.
        for (int i = 0; i + 1 < h.length; i += 2) {
          write(out, h[i] + ": " + h[i + 1] + "\r\n");
        }
      }
      if (contentLength != null) {
        String value =
            contentLength == -1
                ? "abc"
                : contentLength == Integer.MIN_VALUE
                    ? "99999999999999999999"
                    : Integer.toString(contentLength);
        write(out, "Content-Length: " + value + "\r\n");
      } else if (body != null && !chunked) {
        write(out, "Content-Length: " + body.length + "\r\n");
      }
      write(out, "\r\n");
      int headLength = out.size();
      if (body != null) {
        if (chunked) {
          int at = 0;
          while (at < body.length) {
            int n = Math.min(body.length - at, 1 + r.nextInt(4_000));
            write(out, Integer.toHexString(n) + "\r\n");
            out.write(body, at, n);
            write(out, "\r\n");
            at += n;
          }
          write(out, chance(0.9) ? "0\r\n\r\n" : "zz\r\n\r\n");
        } else {
          out.write(body, 0, body.length);
        }
      }
      if (method.isEmpty() || method.contains(" ") || method.contains("\u0000")) {
        closeAfter = true;
      }
      // A byte above 0x7f in the head may start a multi-byte character that swallows the line
      // end, so that the server waits for the rest of a head that never comes.
      boolean mayStall = false;
      byte[] all = out.toByteArray();
      for (int i = 0; i < headLength; i++) {
        mayStall |= all[i] < 0;
      }
      closeAfter |= mayStall;
      return new Fuzzed(
          index,
          method,
          target,
          all,
          headLength,
          principal,
          closeAfter,
          unknownMethod,
          badVersion(method + " " + target + " " + version),
          version.equals("HTTP/1.0") && chunked,
          mayStall);
    }

    /**
     * Whether the request line has no HTTP/1.0 or 1.1 version where a server looks for it: after
     * the method, one space, a target up to the first space or control character, and one space.
     */
    private static boolean badVersion(String requestLine) {
      return !requestLine.matches("[^ ]+ [^\\x00-\\x20]+ HTTP/1\\.[01]");
    }

    private record Auth(String header, String principal) {}

    private Auth auth() {
      List<String> names = new ArrayList<>(tokenByName.keySet());
      int kind = r.nextInt(100);
      if (kind < 8) {
        return new Auth(null, null);
      }
      if (kind < 68) {
        String name = pick(names);
        return new Auth("Bearer " + tokenByName.get(name), name);
      }
      if (kind < 72) {
        String name = pick(names);
        return new Auth(
            pick(List.of("bearer ", "BEARER ", "Bearer   ", "Bearer\t")) + tokenByName.get(name),
            name);
      }
      String junk =
          switch (kind) {
            case 72, 73, 74, 75, 76, 77 -> "Bearer " + revokedToken;
            case 78, 79, 80, 81, 82 -> "Bearer mm_" + randomToken(43);
            case 83, 84, 85 -> "Bearer " + randomToken(20);
            case 86 -> "Bearer mm_" + randomToken(9_000);
            case 87, 88 -> "Basic YWRtaW46YWRtaW4=";
            case 89 -> "Bearer";
            case 90 -> "Bearer ";
            case 91, 92 -> "Bearer " + tokenByName.get(pick(names)) + " extra";
            case 93 -> "Bearer " + tokenByName.get(pick(names)) + "\u0000";
            case 94 -> "Bearer:" + tokenByName.get(pick(names));
            case 95 -> "Bearer " + tokenByName.get(pick(names)).toUpperCase(Locale.ROOT);
            case 96 -> "Bearer " + tokenByName.get(pick(names)).substring(0, 40);
            case 97 -> "Bearer mm_" + "\u00e9".repeat(40);
            default -> "Bearer mm_" + randomToken(300);
          };
      return new Auth(junk, null);
    }

    private String randomToken(int n) {
      String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
      StringBuilder b = new StringBuilder(n);
      for (int i = 0; i < n; i++) {
        b.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      return b.toString();
    }

    private String oddSymbol() {
      return pick(
          List.of(
              "binance:btcusdt",
              "NASDAQ:AAPL",
              "BINANCE",
              "BINANCE::BTCUSDT",
              "BINANCE:",
              ":BTCUSDT",
              "BINANCE:" + "X".repeat(40),
              "BINANCE%3ABTCUSDT",
              "BINANCE:BTC%2FUSDT",
              "KRAKEN:XBT%2FUSD",
              "BINANCE:%E2%82%AC",
              "BINANCE:%00",
              "BINANCE:%0D%0AX",
              "BINANCE:..%2F..%2Faudit",
              "BINANCE:BTC USDT",
              "BINANCE:Z" + r.nextInt(1000),
              "BINANCE:%C0%AF",
              "%FF%FE"));
    }

    private String mutatePath(String target) {
      String path = target;
      String query = "";
      int q = target.indexOf('?');
      if (q >= 0) {
        path = target.substring(0, q);
        query = target.substring(q);
      }
      String changed =
          switch (r.nextInt(22)) {
            case 0 -> "/maker/.." + path;
            case 1 -> "/maker/%2e%2e" + path;
            case 2 -> "/." + path;
            case 3 -> "/" + path;
            case 4 -> path + "/";
            case 5 -> path + "/..";
            case 6 -> path + "/../../auth/tokens";
            case 7 -> path.replace("/", "%2F");
            case 8 -> path.toUpperCase(Locale.ROOT);
            case 9 -> path + "/" + "a".repeat(2_100 + r.nextInt(3_000));
            case 10 -> path + "/" + "a".repeat(1_000 + r.nextInt(900));
            case 11 -> path + pick(List.of("é", "中文", "\uD83D\uDE00", "\u202e"));
            case 12 -> path + pick(List.of("\u0000", "\u0001", "\u007f", "\t", "\u001b", " x"));
            case 13 -> path + pick(List.of("%00", "%0A", "%0D%0A", "%1B", "%7F", "%E2%80%AE"));
            case 14 -> path + pick(List.of("%zz", "%", "%4", "%%"));
            case 15 -> path + "#fragment";
            case 16 -> api.base() + path;
            case 17 -> "http://evil.example" + path;
            case 18 -> pick(List.of("*", "", "maker/active", "//", "/"));
            case 19 -> path + ";jsessionid=1";
            case 20 -> path.replace("maker", "m%61ker").replace("auth", "%61uth");
            default -> path.replace("/", "//");
          };
      return changed + query;
    }

    private String addQuery(String target) {
      String q =
          pick(
              List.of(
                  "symbol=BINANCE:BTCUSDT",
                  "depth=-1",
                  "depth=99999999999",
                  "depth=1e3",
                  "limit=0",
                  "limit=abc",
                  "limit=1&limit=2",
                  "since=" + pick(List.of("yesterday", "-5", "", "99999999999999999999")),
                  "a=%zz",
                  "&&&",
                  "x=" + "q".repeat(1_500),
                  "symbol=%0D%0AX-Injected:%201",
                  "%00=1",
                  "symbol=BINANCE:%E2%82%AC",
                  "q=\u00e9",
                  "instrument=" + pick(WATCHED)));
      return target + (target.contains("?") ? "&" : "?") + q;
    }

    private String oddContentType() {
      return pick(
          List.of(
              "text/plain",
              "application/xml",
              "application/json; charset=latin1",
              "application/json; charset=utf-16",
              "application/json; charset=bogus",
              "application/json;",
              "application/JSON",
              "*/*",
              "application/json, text/html",
              "multipart/form-data; boundary=x",
              "application/x-www-form-urlencoded",
              "",
              "\u0001",
              "application/json; charset=\"utf-8\"; x=\u00e9"));
    }

    private byte[] body(BodyKind kind, String sym) {
      ObjectNode b = JSON.createObjectNode();
      switch (kind) {
        case NONE -> {
          return null;
        }
        case EMPTY -> {
          return chance(0.5) ? null : new byte[0];
        }
        case START -> {
          b.put("instrument", sym);
          b.put("tickSize", "0.01");
          b.put("lotSize", "0.00001");
          try {
            b.set("parameters", JSON.readTree(PARAMS));
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
          if (chance(0.3)) {
            b.putObject("strategy").put("model", pick(List.of("glft", "hjb", "as", "nope")));
          }
        }
        case PARAMS -> {
          b.put("instrument", sym);
          try {
            ObjectNode p = (ObjectNode) JSON.readTree(PARAMS);
            p.put("riskAversion", pick(List.of(0.1, 0.2, 0.3)));
            b.set("parameters", p);
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        }
        case FILL -> {
          b.put("instrument", sym);
          b.put("tradeId", tradeIds++);
          b.put("side", pick(List.of("BUY", "SELL")));
          b.put("price", "60000.01");
          b.put("size", "0.002");
          b.put("fee", "0.012");
        }
        case CLEAR -> {
          if (chance(0.5)) {
            b.put("symbol", sym);
          } else {
            b.put("all", true);
          }
        }
        case KILL -> b.put("reason", "fuzz drill " + r.nextInt(100));
        case TOKEN -> {
          b.put("name", "fz-made-" + r.nextInt(1000));
          b.putArray("roles").add(pick(List.of("viewer", "trader", "admin", "root")));
          if (chance(0.3)) {
            b.put("expiresInSeconds", pick(List.of(60L, 0L, -1L, Long.MAX_VALUE)));
          }
        }
        case LIMITS -> b.put("cvar99MaxUsd", 500);
        case MAKER_LIMITS -> {
          b.put("instrument", sym);
          b.put("maxPosition", pick(List.of("0.05", "0.02", "0.00001", "-1")));
          if (chance(0.5)) {
            b.put("maxLoss", pick(List.of(100, 5_000, 0)));
          }
        }
        case BACKTEST -> {
          b.putArray("events").add("../../etc/passwd");
          b.putObject("strategy").put("orderSize", "0.001");
        }
        default -> throw new IllegalStateException(kind.toString());
      }
      return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] mutateBody(byte[] body) {
      String text = new String(body, StandardCharsets.UTF_8);
      return switch (r.nextInt(17)) {
        case 0 -> utf8(text.substring(0, r.nextInt(Math.max(1, text.length()))));
        case 1 -> {
          int depth = pick(List.of(300, 1_100, 20_000));
          yield utf8(
              chance(0.5)
                  ? "[".repeat(depth) + "]".repeat(depth)
                  : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
        }
        case 2 -> {
          int size = chance(0.5) ? 70_000 + r.nextInt(40_000) : 60_000;
          yield utf8(
              "{\"reason\":\"" + "x".repeat(size) + "\",\"instrument\":\"BINANCE:BTCUSDT\"}");
        }
        case 3 -> utf8(replaceValue(text, wrongType()));
        case 4 -> utf8(replaceValue(text, pick(List.of("NaN", "Infinity", "-Infinity", "nan"))));
        case 5 -> utf8(replaceValue(text, outOfRange()));
        case 6 -> utf8(replaceValue(text, "\"" + outOfRange() + "\""));
        case 7 -> invalidUtf8(body);
        case 8 ->
            utf8(
                replaceValue(
                    text,
                    pick(
                        List.of(
                            "\"\\u0000\"",
                            "\"\\ud800\"",
                            "\"\\u202e evil\"",
                            "\"line\\nbreak\"",
                            "\"" + "é".repeat(300) + "\""))));
        case 9 -> utf8(text.replaceFirst("\\{", "{\"instrument\":\"BINANCE:ETHUSDT\","));
        case 10 -> utf8(pick(List.of("[]", "\"x\"", "1", "null", "true", "{}", "")));
        case 11 -> utf8("\uFEFF" + text);
        case 12 -> utf8(text + pick(List.of(" x", "}", "{}", "\u0000")));
        case 13 -> {
          byte[] random = new byte[r.nextInt(200)];
          for (int i = 0; i < random.length; i++) {
            random[i] = (byte) r.nextInt(256);
          }
          yield random;
        }
        case 15, 16 -> utf8(replaceDecimal(text, outOfRange()));
        default -> utf8("{\"reason\":" + "\"a\",".repeat(5) + "\"b\"}");
      };
    }

    private String wrongType() {
      return pick(
          List.of(
              "5", "\"5\"", "true", "null", "[]", "{}", "[1,2]", "{\"x\":1}", "\"\"", "-0", "0"));
    }

    private String outOfRange() {
      return pick(
          List.of(
              "1e999999999",
              "-1e400",
              "1e-400",
              "1E+2147483647",
              "1e-2147483647",
              "99999999999999999999999999",
              "9223372036854775808",
              "-9223372036854775809",
              "1e309",
              "0.0000000000000000000001",
              "1" + "0".repeat(1_200)));
    }

    /** The body with the value of one field that takes a decimal replaced by {@code raw}. */
    private String replaceDecimal(String text, String raw) {
      Matcher m =
          Pattern.compile("\"(tickSize|lotSize|orderSize|maxPosition|price|size|fee)\":\"[^\"]*\"")
              .matcher(text);
      List<int[]> found = new ArrayList<>();
      while (m.find()) {
        found.add(new int[] {m.start(), m.end(), m.group(1).length()});
      }
      if (found.isEmpty()) {
        return replaceValue(text, raw);
      }
      int[] at = pick(found);
      return text.substring(0, at[0] + at[2] + 3) + raw + text.substring(at[1]);
    }

    /** The body with one JSON value (after a colon) replaced by {@code raw}. */
    private String replaceValue(String text, String raw) {
      List<Integer> colons = new ArrayList<>();
      for (int i = 0; i < text.length(); i++) {
        if (text.charAt(i) == ':') {
          colons.add(i);
        }
      }
      if (colons.isEmpty()) {
        return "{\"x\":" + raw + "}";
      }
      int at = pick(colons) + 1;
      int depth = 0;
      boolean inString = false;
      int end = at;
      for (; end < text.length(); end++) {
        char c = text.charAt(end);
        if (inString) {
          if (c == '\\') {
            end++;
          } else if (c == '"') {
            inString = false;
          }
          continue;
        }
        if (c == '"') {
          inString = true;
        } else if (c == '{' || c == '[') {
          depth++;
        } else if (c == '}' || c == ']') {
          if (depth == 0) {
            break;
          }
          depth--;
        } else if (c == ',' && depth == 0) {
          break;
        }
      }
      return text.substring(0, at) + raw + text.substring(Math.min(end, text.length()));
    }

    private byte[] invalidUtf8(byte[] body) {
      byte[][] bad = {
        {(byte) 0xC3, 0x28},
        {(byte) 0xFF},
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        {(byte) 0xC0, (byte) 0xAF},
        {(byte) 0xE2, (byte) 0x82}
      };
      byte[] insert = bad[r.nextInt(bad.length)];
      int at = body.length == 0 ? 0 : r.nextInt(body.length);
      byte[] out = new byte[body.length + insert.length];
      System.arraycopy(body, 0, out, 0, at);
      System.arraycopy(insert, 0, out, at, insert.length);
      System.arraycopy(body, at, out, at + insert.length, body.length - at);
      return out;
    }

    private static byte[] utf8(String s) {
      return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void setHeader(List<String[]> headers, String name, String value) {
      headers.removeIf(h -> h[0].equals(name));
      headers.add(new String[] {name, value});
    }

    private static void write(ByteArrayOutputStream out, String text) {
      // Header bytes as written: characters above 0xff as UTF-8, the rest as single bytes.
      boolean wide = text.chars().anyMatch(c -> c > 0xff);
      byte[] bytes =
          wide ? text.getBytes(StandardCharsets.UTF_8) : text.getBytes(StandardCharsets.ISO_8859_1);
      out.write(bytes, 0, bytes.length);
    }
  }

  // ---------------------------------------------------------------- a raw HTTP/1.1 client

  /** One keep-alive connection, reopened after any answer that ends it. */
  private static final class RawConnection {
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    RawConnection(int port) {
      this.port = port;
    }

    Outcome exchange(Fuzzed f) {
      try {
        if (socket == null) {
          socket = new Socket();
          socket.setTcpNoDelay(true);
          socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
          socket.setSoTimeout(15_000);
          in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
          out = socket.getOutputStream();
        }
      } catch (IOException e) {
        close();
        return new Outcome(-1, Map.of(), new byte[0], "cannot connect: " + e);
      }
      String writeFailure = null;
      try {
        out.write(f.bytes());
        out.flush();
        if (f.mayStall()) {
          // Nothing more comes: the server sees the end of the stream instead of waiting.
          socket.shutdownOutput();
        }
      } catch (IOException e) {
        writeFailure = e.toString();
      }
      try {
        Outcome o = read(f.method().equals("HEAD"));
        String connection = o.header("connection");
        if (f.closeAfter()
            || writeFailure != null
            || (connection != null && connection.toLowerCase(Locale.ROOT).contains("close"))) {
          close();
        }
        return o;
      } catch (IOException e) {
        close();
        return new Outcome(
            -1,
            Map.of(),
            new byte[0],
            "no answer: " + e + (writeFailure == null ? "" : " (writing: " + writeFailure + ")"));
      }
    }

    private Outcome read(boolean head) throws IOException {
      while (true) {
        String statusLine = line();
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
          throw new IOException("not a status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        Map<String, String> headers = new HashMap<>();
        for (String h = line(); !h.isEmpty(); h = line()) {
          int colon = h.indexOf(':');
          if (colon < 0) {
            continue;
          }
          headers.put(
              h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        if (status >= 100 && status < 200) {
          continue;
        }
        byte[] body;
        String length = headers.get("content-length");
        String transfer = headers.get("transfer-encoding");
        if (head || status == 204 || status == 304) {
          body = new byte[0];
        } else if (transfer != null && transfer.toLowerCase(Locale.ROOT).contains("chunked")) {
          ByteArrayOutputStream b = new ByteArrayOutputStream();
          while (true) {
            String size = line();
            int semi = size.indexOf(';');
            int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
            if (n == 0) {
              while (!line().isEmpty()) {
                // trailers
              }
              break;
            }
            b.write(exactly(n));
            line();
          }
          body = b.toByteArray();
        } else if (length != null) {
          body = exactly(Integer.parseInt(length));
        } else {
          body = in.readAllBytes();
          headers.put("connection", "close");
        }
        return new Outcome(status, headers, body, null);
      }
    }

    private byte[] exactly(int n) throws IOException {
      byte[] b = in.readNBytes(n);
      if (b.length < n) {
        throw new EOFException("answer cut after " + b.length + " of " + n + " bytes");
      }
      return b;
    }

    private String line() throws IOException {
      StringBuilder b = new StringBuilder();
      while (true) {
        int c = in.read();
        if (c < 0) {
          throw new EOFException("connection closed" + (b.length() > 0 ? " after " + b : ""));
        }
        if (c == '\n') {
          int len = b.length();
          return len > 0 && b.charAt(len - 1) == '\r' ? b.substring(0, len - 1) : b.toString();
        }
        if (b.length() > 65_536) {
          throw new IOException("line too long");
        }
        b.append((char) c);
      }
    }

    void close() {
      if (socket != null) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
      socket = null;
    }
  }
}
