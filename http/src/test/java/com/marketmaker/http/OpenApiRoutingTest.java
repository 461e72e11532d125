package com.marketmaker.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketmaker.http.OpenApiSpec.Operation;
import com.marketmaker.http.TestApi.Reply;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document against the API itself, on a real binding behind the guard with an admin
 * token and instrument entities on an in-memory journal: every documented operation this module
 * serves is routed (answered neither by the routing layer's unknown-path 404 nor its 405), every
 * answer's status is documented for its operation, and every JSON answer conforms to its schema.
 */
class OpenApiRoutingTest {

  /** The tags of the operations served by this module (the others by the cluster's routes). */
  static final Set<String> SERVED_HERE = Set.of("meta", "instruments", "risk", "access");

  /** The routing layer's answer to an unknown path (a JSON error, see {@link ApiErrors}). */
  static final String UNKNOWN_PATH = "The requested resource could not be found.";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INSTRUMENT = "BINANCE:SYNS001USDT";
  private static final String ADMIN = TestSecurity.ADMIN_TOKEN;

  private static ActorTestKit kit;
  private static TestApi api;
  private final OpenApiSpec spec = OpenApiSpec.load().strict();

  @BeforeAll
  static void start() throws Exception {
    kit = ActorTestKit.create("openapi-routing", TestSecurity.config());
    ApiSecurity security = TestSecurity.start(kit, TestSecurity.settings(1000, 2000));
    MakerRoutes routes = new MakerRoutes(new LocalMakerGateway(kit));
    api = TestApi.serve(kit, security, routes.routes());
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  /** Whether the routing layer answered: no route has the path, or none the method. */
  private static boolean unrouted(Reply a) {
    JsonNode j = a.json();
    return a.status() == 405
        || (a.status() == 404 && j != null && UNKNOWN_PATH.equals(j.path("error").asText()));
  }

  /** What is wrong with {@code a} as an answer of {@code op}; empty when it is as documented. */
  private List<String> conformance(Operation op, Reply a) {
    List<String> problems = new ArrayList<>();
    if (unrouted(a)) {
      problems.add(op + ": not routed: " + a);
      return problems;
    }
    JsonNode documented = spec.response(op, a.status());
    if (documented == null) {
      problems.add(op + ": status " + a.status() + " is not documented: " + a);
      return problems;
    }
    JsonNode schema = OpenApiSpec.jsonSchema(documented);
    if (schema != null) {
      if (!a.contentType().startsWith("application/json") || a.json() == null) {
        problems.add(op + ": documented as JSON, answered " + a.contentType() + ": " + a);
      } else {
        problems.addAll(spec.violations(schema, a.json(), op + " " + a.status()));
      }
      return problems;
    }
    boolean listed = false;
    for (Iterator<String> types = documented.path("content").fieldNames(); types.hasNext(); ) {
      listed |= a.contentType().startsWith(types.next());
    }
    if (!listed && documented.has("content")) {
      problems.add(op + ": answered " + a.contentType() + ", documented " + documented);
    }
    return problems;
  }

  private Operation operation(String id) {
    return spec.operations().stream()
        .filter(op -> op.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no operation " + id));
  }

  /** The request example of an operation, as text. */
  private String example(String id) {
    JsonNode media =
        operation(id).node().path("requestBody").path("content").path("application/json");
    assertTrue(media.has("example"), id + " has a request example");
    return media.get("example").toString();
  }

  /** Calls an operation on its sample path (plus {@code query}) and checks the answer. */
  private Reply call(List<String> problems, String id, String query, String body) throws Exception {
    Operation op = operation(id);
    return call(problems, op, spec.samplePath(op) + query, body);
  }

  private Reply call(List<String> problems, Operation op, String path, String body)
      throws Exception {
    Reply a = api.send(op.httpMethod(), path, ADMIN, body);
    problems.addAll(conformance(op, a));
    return a;
  }

  @Test
  void everyDocumentedOperationOfThisModuleIsRoutedAndRefusesAnInvalidBody() throws Exception {
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (Operation op : spec.operations()) {
      if (op.tags().stream().noneMatch(SERVED_HERE::contains)) {
        continue;
      }
      boolean withBody = !op.method().equals("get") && !op.method().equals("delete");
      Reply a =
          call(problems, op, spec.samplePath(op), withBody ? "{\"unknownField\": true}" : null);
      if (!op.method().equals("get") && a.status() != 400 && a.status() != 404) {
        problems.add(op + ": an invalid request should be refused, got " + a);
      }
      checked++;
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
    assertTrue(checked >= 20, "operations checked: " + checked);
  }

  @Test
  void answersOfAWholeSessionAreAsDocumented() throws Exception {
    List<String> p = new ArrayList<>();
    assertEquals(200, call(p, "startMaking", "", example("startMaking")).status(), p.toString());
    String params = JSON.readTree(example("startMaking")).path("parameters").toString();
    String update =
        "{\"instrument\":\"" + INSTRUMENT + "\",\"parameters\":" + params + ",\"strategy\":{}}";
    assertEquals(200, call(p, "updateParameters", "", update).status());
    String fill =
        "{\"instrument\":\""
            + INSTRUMENT
            + "\",\"tradeId\":7,\"side\":\"BUY\","
            + "\"price\":\"100.01\",\"size\":\"0.001\",\"fee\":\"-0.0001\"}";
    assertEquals(200, call(p, "recordFill", "", fill).status());
    assertEquals(200, call(p, "recordFill", "", fill).status(), "a duplicate is acknowledged");
    for (String read :
        List.of(
            "getStatus",
            "getOrders",
            "getFills",
            "getPerformance",
            "getQuoteDecision",
            "listActive",
            "getApiErrorCounts",
            "getRiskAlerts",
            "whoAmI",
            "listTokens",
            "getAuditLog",
            "getHealth")) {
      assertEquals(200, call(p, read, "", null).status(), read + " " + p);
    }
    assertEquals(200, call(p, "getFills", "?limit=1", null).status());
    assertEquals(409, call(p, "getBook", "?depth=5", null).status(), "no feed: no book");
    assertEquals(400, call(p, "getBook", "?depth=0", null).status());
    assertEquals(200, call(p, "getAuditLog", "?limit=5&since=0", null).status());

    Reply issued = call(p, "issueToken", "", example("issueToken"));
    assertEquals(201, issued.status(), issued.toString());
    Operation revoke = operation("revokeToken");
    String id = issued.json().path("id").asText();
    assertEquals(200, call(p, revoke, "/auth/tokens/" + id, null).status());
    assertEquals(200, call(p, revoke, "/auth/tokens/" + id, null).status(), "again: unchanged");

    assertEquals(200, call(p, "killAll", "", example("killAll")).status(), p.toString());
    assertEquals(200, call(p, "killAll", "", null).status(), "the body is optional");
    assertEquals(200, call(p, "getRiskAlerts", "", null).status());
    assertEquals(200, call(p, "clearRisk", "", example("clearRisk")).status());
    assertEquals(200, call(p, "clearRisk", "", "{\"all\": true}").status());
    assertEquals(200, call(p, "stopMaking", "?symbol=" + INSTRUMENT, null).status());
    assertEquals(200, call(p, "getApiErrorCounts", "", null).status());
    assertTrue(p.isEmpty(), String.join("\n", p));
  }

  @Test
  void theDocumentIsServedAsIs() throws Exception {
    Reply a = api.get("/openapi.json", ADMIN);
    assertEquals(200, a.status());
    assertEquals("application/json", a.contentType());
    assertArrayEquals(OpenApiRoutes.document(), a.bytes());
    assertEquals("3.0.3", a.json().path("openapi").asText());
    Reply anonymous = api.get("/openapi.json", null);
    assertEquals(401, anonymous.status(), "like every read, it needs a token");
  }

  @Test
  void theRoutingLayersRefusalsAreToldApartFromTheRoutesOwn() throws Exception {
    assertTrue(unrouted(api.get("/maker/nowhere", ADMIN)), "unknown path");
    assertTrue(unrouted(api.post("/maker/active", ADMIN, "{}")), "method not allowed");
    assertEquals(405, api.post("/maker/active", ADMIN, "{}").status());
    Reply unknownInstrument = api.get("/maker/status/BINANCE:NEVERSTARTED", ADMIN);
    assertEquals(404, unknownInstrument.status());
    assertFalse(unrouted(unknownInstrument), unknownInstrument.toString());
    assertFalse(unrouted(api.get("/maker/status/no-colon", ADMIN)));
    for (String reserved : OpenApiDocumentTest.RESERVED_RULES) {
      Reply a = api.post(reserved, ADMIN, "{}");
      assertTrue(unrouted(a), reserved + " is served now: document it, unreserve it: " + a);
    }
  }
}
