package com.marketmaker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.marketmaker.http.OpenApiSpec.Operation;
import com.marketmaker.http.auth.AccessPolicy;
import com.marketmaker.http.auth.Role;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The API's OpenAPI document on its own: well formed, every operation complete, and the role each
 * operation names equal to the one {@link AccessPolicy} demands, every rule of the access table
 * covered by an operation.
 */
class OpenApiDocumentTest {

  /** The operations served without a token: health and the dashboard's files. */
  static boolean isPublicPath(String path) {
    return path.equals("/health") || path.equals("/") || path.startsWith("/ui/");
  }

  /**
   * Rules of the access table no route serves yet: a role reserved for an endpoint to come. Each is
   * checked to be undocumented here and unrouted in {@link OpenApiRoutingTest}.
   */
  static final Set<String> RESERVED_RULES = Set.of();

  private static final Set<String> ROLES = roles();

  private final OpenApiSpec spec = OpenApiSpec.load();

  private static Set<String> roles() {
    Set<String> out = new TreeSet<>();
    for (Role r : Role.values()) {
      out.add(r.label());
    }
    out.add("public");
    return out;
  }

  @Test
  void documentIsOpenApi303WithBearerSecurityForEveryOperation() {
    JsonNode root = spec.root();
    assertEquals("3.0.3", root.path("openapi").asText());
    assertFalse(root.path("info").path("title").asText().isBlank(), "info.title");
    assertFalse(root.path("info").path("version").asText().isBlank(), "info.version");
    assertEquals("http://127.0.0.1:8080", root.path("servers").path(0).path("url").asText());
    JsonNode scheme = root.path("components").path("securitySchemes").path("bearerAuth");
    assertEquals("http", scheme.path("type").asText());
    assertEquals("bearer", scheme.path("scheme").asText());
    assertEquals("[{\"bearerAuth\":[]}]", root.path("security").toString(), "applied globally");
    JsonNode error = spec.resolve(root.path("components").path("schemas").path("Error"));
    assertEquals("[\"error\"]", error.path("required").toString());
  }

  @Test
  void everyOperationHasAnIdARoleAndResponsesAndDeclaresItsPathParameters() {
    List<Operation> ops = spec.operations();
    assertTrue(ops.size() >= 40, "the whole API is documented, got " + ops.size());
    Set<String> ids = new HashSet<>();
    for (Operation op : ops) {
      assertFalse(op.id().isBlank(), op + ": operationId");
      assertTrue(ids.add(op.id()), op + ": operationId " + op.id() + " is used twice");
      assertTrue(ROLES.contains(op.role()), op + ": x-required-role '" + op.role() + "'");
      assertFalse(op.tags().isEmpty(), op + ": tags");
      assertFalse(op.node().path("summary").asText().isBlank(), op + ": summary");
      JsonNode responses = op.node().path("responses");
      assertTrue(responses.isObject() && responses.size() > 0, op + ": responses");
      boolean success = false;
      for (Iterator<Map.Entry<String, JsonNode>> rs = responses.fields(); rs.hasNext(); ) {
        Map.Entry<String, JsonNode> r = rs.next();
        JsonNode answer = spec.resolve(r.getValue());
        assertFalse(answer.path("description").asText().isBlank(), op + " " + r.getKey());
        success |= r.getKey().startsWith("2");
        if (r.getKey().matches("[45]\\d\\d")) {
          JsonNode schema = OpenApiSpec.jsonSchema(answer);
          assertTrue(schema != null, op + " " + r.getKey() + ": a refusal is a JSON error");
          assertTrue(
              spec.violations(schema, errorSample(), op + " " + r.getKey()).isEmpty(),
              op + " " + r.getKey() + ": the JSON error {\"error\": ...} is a valid answer");
        }
      }
      assertTrue(success, op + ": documents its successful answer");

      List<String> inTemplate = OpenApiSpec.templateNames(op.path());
      List<String> declared = new ArrayList<>();
      for (JsonNode p : spec.parameters(op)) {
        assertFalse(p.path("name").asText().isBlank(), op + ": a parameter without a name");
        assertTrue(p.path("schema").isObject(), op + ": parameter " + p.path("name") + " schema");
        if (p.path("in").asText().equals("path")) {
          declared.add(p.path("name").asText());
          assertTrue(p.path("required").asBoolean(false), op + ": path parameters are required");
        }
      }
      assertEquals(inTemplate, declared, op + ": path parameters declared, in order");
      assertFalse(spec.samplePath(op).contains("{"), op + ": every path parameter has an example");
    }
  }

  private static JsonNode errorSample() {
    return new com.fasterxml.jackson.databind.ObjectMapper()
        .createObjectNode()
        .put("error", "field 'x' is wrong");
  }

  @Test
  void requestExamplesConformToTheirSchemas() {
    int examples = 0;
    for (Operation op : spec.operations()) {
      JsonNode media = op.node().path("requestBody").path("content").path("application/json");
      if (media.has("example")) {
        List<String> problems =
            spec.violations(media.path("schema"), media.get("example"), op + " example");
        assertTrue(problems.isEmpty(), problems.toString());
        examples++;
      }
    }
    assertTrue(examples >= 5, "bodies carry examples, got " + examples);
    // The checker refuses what the server refuses, so a passing example means something.
    JsonNode strategy = spec.root().at("/components/schemas/Strategy");
    JsonNode bad = errorSample();
    assertFalse(spec.violations(strategy, bad, "strategy").isEmpty(), "unknown field refused");
  }

  @Test
  void operationRolesAreWhatTheAccessPolicyDemands() {
    for (Operation op : spec.operations()) {
      String path = spec.samplePath(op);
      if (op.role().equals("public")) {
        assertTrue(isPublicPath(op.path()), op + " is public but is not health or the dashboard");
        assertEquals("[]", op.node().path("security").toString(), op + ": security: [] override");
        continue;
      }
      assertFalse(isPublicPath(op.path()), op + " is served without a token: role public");
      assertTrue(op.node().path("security").isMissingNode(), op + ": keeps the global security");
      String needed = AccessPolicy.required(op.httpMethod(), path).label();
      assertEquals(needed, op.role(), op + " (" + path + "): x-required-role");
    }
  }

  @Test
  void everyRuleOfTheAccessPolicyIsCoveredByADocumentedOperation() {
    List<Operation> ops = spec.operations();
    check(AccessPolicy.changeRules(), ops, false);
    check(AccessPolicy.readRules(), ops, true);
    assertFalse(AccessPolicy.changeRules().isEmpty());
    assertFalse(AccessPolicy.readRules().isEmpty());
  }

  private void check(List<AccessPolicy.Rule> rules, List<Operation> ops, boolean reads) {
    for (AccessPolicy.Rule rule : rules) {
      List<Operation> covering = new ArrayList<>();
      for (Operation op : ops) {
        String p = spec.samplePath(op);
        boolean matches =
            p.equals(rule.path()) || (rule.under() && p.startsWith(rule.path() + "/"));
        if (matches && AccessPolicy.isRead(op.httpMethod()) == reads) {
          covering.add(op);
        }
      }
      if (RESERVED_RULES.contains(rule.path())) {
        assertTrue(covering.isEmpty(), rule + " is documented: take it off the reserved rules");
        continue;
      }
      assertFalse(covering.isEmpty(), rule + " is covered by no documented operation");
      for (Operation op : covering) {
        assertEquals(rule.role().label(), op.role(), op + " under " + rule);
      }
    }
  }

  @Test
  void strategySchemaListsExactlyTheFieldsTheServerAccepts() {
    JsonNode properties = spec.root().at("/components/schemas/Strategy/properties");
    Set<String> documented = new TreeSet<>();
    properties.fieldNames().forEachRemaining(documented::add);
    assertEquals(new TreeSet<>(MakerBodies.STRATEGY_FIELDS), documented);
  }

  @Test
  void schemaCheckerFindsWhatIsWrong() {
    JsonNode status = spec.root().at("/components/schemas/ChangeAnswer");
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    var value = json.createObjectNode().put("change", "MAYBE");
    List<String> problems = spec.violations(status, value, "answer");
    assertTrue(problems.stream().anyMatch(p -> p.contains("MAYBE")), problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.contains("'status'")), problems.toString());
    JsonNode tokenRequest = spec.root().at("/components/schemas/IssueTokenRequest");
    var tooLong = json.createObjectNode().put("name", "n".repeat(65));
    tooLong.putArray("roles").add("viewer");
    assertEquals(1, spec.violations(tokenRequest, tooLong, "body").size());
  }
}
