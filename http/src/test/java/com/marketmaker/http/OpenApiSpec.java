package com.marketmaker.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API's OpenAPI document as the tests read it: its operations, the sample path of each (path
 * parameters replaced by their examples), the documented answer of a status, and a checker of JSON
 * values against the document's schemas (the subset of OpenAPI 3.0 the document uses: {@code $ref},
 * {@code type}, {@code nullable}, {@code required}, {@code properties}, {@code
 * additionalProperties}, {@code items}, {@code enum}, {@code allOf}, {@code oneOf}, {@code anyOf},
 * bounds, lengths and patterns).
 */
final class OpenApiSpec {

  static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

  private static final Pattern TEMPLATE = Pattern.compile("\\{([^}/]+)}");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One method on one path. */
  record Operation(String method, String path, JsonNode node, JsonNode pathItem) {
    String httpMethod() {
      return method.toUpperCase(Locale.ROOT);
    }

    String id() {
      return node.path("operationId").asText("");
    }

    String role() {
      return node.path("x-required-role").asText("");
    }

    Set<String> tags() {
      Set<String> out = new LinkedHashSet<>();
      node.path("tags").forEach(t -> out.add(t.asText()));
      return out;
    }

    @Override
    public String toString() {
      return httpMethod() + " " + path;
    }
  }

  private final JsonNode root;
  private final boolean strict;

  private OpenApiSpec(JsonNode root, boolean strict) {
    this.root = root;
    this.strict = strict;
  }

  /** The document the node serves. */
  static OpenApiSpec load() {
    try {
      return new OpenApiSpec(JSON.readTree(OpenApiRoutes.document()), false);
    } catch (IOException e) {
      throw new AssertionError("the API document is not JSON: " + e.getMessage(), e);
    }
  }

  /**
   * This document checking strictly: a property of an object whose schema lists its properties (and
   * says nothing of others) must be one of them, so that answers cannot grow fields the document
   * does not know.
   */
  OpenApiSpec strict() {
    return new OpenApiSpec(root, true);
  }

  JsonNode root() {
    return root;
  }

  /** Every operation, in document order. */
  List<Operation> operations() {
    List<Operation> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = root.path("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> p = paths.next();
      for (Iterator<Map.Entry<String, JsonNode>> ms = p.getValue().fields(); ms.hasNext(); ) {
        Map.Entry<String, JsonNode> m = ms.next();
        if (METHODS.contains(m.getKey())) {
          out.add(new Operation(m.getKey(), p.getKey(), m.getValue(), p.getValue()));
        }
      }
    }
    return out;
  }

  /** The names in a path template, in order. */
  static List<String> templateNames(String path) {
    List<String> out = new ArrayList<>();
    Matcher m = TEMPLATE.matcher(path);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** {@code node}, or what its {@code $ref} (followed to the end) points at. */
  JsonNode resolve(JsonNode node) {
    JsonNode n = node;
    for (int hops = 0; n != null && n.has("$ref"); hops++) {
      if (hops > 20) {
        throw new AssertionError("$ref cycle at " + node);
      }
      String ref = n.get("$ref").asText();
      if (!ref.startsWith("#/")) {
        throw new AssertionError("only local references are used, got " + ref);
      }
      JsonNode target = root.at(ref.substring(1));
      if (target.isMissingNode()) {
        throw new AssertionError("unresolved reference " + ref);
      }
      n = target;
    }
    return n;
  }

  /** The operation's parameters (path level and its own), resolved. */
  List<JsonNode> parameters(Operation op) {
    List<JsonNode> out = new ArrayList<>();
    op.pathItem().path("parameters").forEach(p -> out.add(resolve(p)));
    op.node().path("parameters").forEach(p -> out.add(resolve(p)));
    return out;
  }

  /** The example of a parameter: its own, else its schema's. */
  JsonNode example(JsonNode parameter) {
    if (parameter.has("example")) {
      return parameter.get("example");
    }
    return resolve(parameter.path("schema")).path("example");
  }

  /** The operation's path with every path parameter replaced by its example. */
  String samplePath(Operation op) {
    String path = op.path();
    for (JsonNode p : parameters(op)) {
      if (p.path("in").asText().equals("path")) {
        JsonNode example = example(p);
        if (example.isMissingNode() || example.asText().isEmpty()) {
          throw new AssertionError(op + ": path parameter " + p.path("name") + " has no example");
        }
        path = path.replace("{" + p.path("name").asText() + "}", example.asText());
      }
    }
    return path;
  }

  /** The documented answer of {@code status} (or the default one), resolved; null for none. */
  JsonNode response(Operation op, int status) {
    JsonNode responses = op.node().path("responses");
    JsonNode r = responses.get(Integer.toString(status));
    if (r == null) {
      r = responses.get("default");
    }
    return r == null ? null : resolve(r);
  }

  /** The JSON schema of a documented answer, or null when it is not JSON. */
  static JsonNode jsonSchema(JsonNode response) {
    JsonNode media = response.path("content").path("application/json");
    return media.isMissingNode() ? null : media.path("schema");
  }

  // ---------------------------------------------------------------- schema checks

  /** What is wrong with {@code value} against {@code schema}; empty when it conforms. */
  List<String> violations(JsonNode schema, JsonNode value, String at) {
    List<String> out = new ArrayList<>();
    check(schema, value, at, out);
    return out;
  }

  private void check(JsonNode schemaOrRef, JsonNode v, String at, List<String> out) {
    JsonNode s = resolve(schemaOrRef);
    if (v == null || v.isMissingNode()) {
      return; // absence is a matter of the enclosing object's 'required'
    }
    if (v.isNull()) {
      if (!s.path("nullable").asBoolean(false)) {
        out.add(at + ": null where the schema is not nullable");
      }
      return;
    }
    s.path("allOf").forEach(sub -> check(sub, v, at, out));
    if (s.has("oneOf")) {
      int matching = matching(s.get("oneOf"), v, at);
      if (matching != 1) {
        out.add(at + ": matches " + matching + " of the oneOf schemas, not exactly one");
      }
    }
    if (s.has("anyOf") && matching(s.get("anyOf"), v, at) == 0) {
      out.add(at + ": matches none of the anyOf schemas");
    }
    if (s.has("enum")) {
      boolean listed = false;
      for (JsonNode e : s.get("enum")) {
        listed |= e.equals(v) || (e.isNumber() && v.isNumber() && e.asDouble() == v.asDouble());
      }
      if (!listed) {
        out.add(at + ": " + v + " is not one of " + s.get("enum"));
      }
    }
    if (!type(s.path("type").asText(""), v, at, out)) {
      return;
    }
    if (v.isObject()) {
      object(s, v, at, out);
    } else if (v.isArray()) {
      array(s, v, at, out);
    } else if (v.isTextual()) {
      text(s, v.asText(), at, out);
    } else if (v.isNumber()) {
      bounds(s, v.asDouble(), at, out);
    }
  }

  private int matching(JsonNode alternatives, JsonNode v, String at) {
    int matching = 0;
    for (JsonNode sub : alternatives) {
      List<String> o = new ArrayList<>();
      check(sub, v, at, o);
      matching += o.isEmpty() ? 1 : 0;
    }
    return matching;
  }

  /** Whether {@code v} has the schema's type (no type: any); a mismatch is reported. */
  private static boolean type(String type, JsonNode v, String at, List<String> out) {
    boolean ok =
        switch (type) {
          case "" -> true;
          case "object" -> v.isObject();
          case "array" -> v.isArray();
          case "string" -> v.isTextual();
          case "integer" -> v.isIntegralNumber();
          case "number" -> v.isNumber();
          case "boolean" -> v.isBoolean();
          default -> throw new AssertionError(at + ": unknown schema type " + type);
        };
    if (!ok) {
      out.add(
          at + ": expected " + type + ", got " + v.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    return ok;
  }

  private void object(JsonNode s, JsonNode v, String at, List<String> out) {
    for (JsonNode r : s.path("required")) {
      if (!v.has(r.asText())) {
        out.add(at + ": missing required property '" + r.asText() + "'");
      }
    }
    JsonNode properties = s.path("properties");
    JsonNode additional = s.path("additionalProperties");
    for (Iterator<Map.Entry<String, JsonNode>> fields = v.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> f = fields.next();
      String where = at + "." + f.getKey();
      if (properties.has(f.getKey())) {
        check(properties.get(f.getKey()), f.getValue(), where, out);
      } else if (additional.isBoolean() && !additional.asBoolean()) {
        out.add(where + ": property not allowed (additionalProperties is false)");
      } else if (additional.isObject()) {
        check(additional, f.getValue(), where, out);
      } else if (strict && properties.size() > 0) {
        out.add(where + ": property not documented");
      }
    }
  }

  private void array(JsonNode s, JsonNode v, String at, List<String> out) {
    if (s.has("minItems") && v.size() < s.get("minItems").asInt()) {
      out.add(at + ": fewer than " + s.get("minItems") + " items");
    }
    if (s.has("maxItems") && v.size() > s.get("maxItems").asInt()) {
      out.add(at + ": more than " + s.get("maxItems") + " items");
    }
    if (s.has("items")) {
      for (int i = 0; i < v.size(); i++) {
        check(s.get("items"), v.get(i), at + "[" + i + "]", out);
      }
    }
  }

  private static void text(JsonNode s, String text, String at, List<String> out) {
    int length = text.codePointCount(0, text.length());
    if (s.has("minLength") && length < s.get("minLength").asInt()) {
      out.add(at + ": shorter than " + s.get("minLength") + " characters");
    }
    if (s.has("maxLength") && length > s.get("maxLength").asInt()) {
      out.add(at + ": longer than " + s.get("maxLength") + " characters");
    }
    if (s.has("pattern") && !Pattern.compile(s.get("pattern").asText()).matcher(text).find()) {
      out.add(at + ": '" + text + "' does not match " + s.get("pattern").asText());
    }
  }

  private static void bounds(JsonNode s, double x, String at, List<String> out) {
    if (s.has("minimum")) {
      double min = s.get("minimum").asDouble();
      boolean exclusive = s.path("exclusiveMinimum").asBoolean(false);
      if (exclusive ? !(x > min) : !(x >= min)) {
        out.add(at + ": " + x + " is below the minimum " + min + (exclusive ? " (exclusive)" : ""));
      }
    }
    if (s.has("maximum")) {
      double max = s.get("maximum").asDouble();
      boolean exclusive = s.path("exclusiveMaximum").asBoolean(false);
      if (exclusive ? !(x < max) : !(x <= max)) {
        out.add(at + ": " + x + " is above the maximum " + max + (exclusive ? " (exclusive)" : ""));
      }
    }
  }
}
