package com.marketmaker.simulator.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * One {@code POST /admin/faults} body, checked: a JSON object whose {@code type} is one of the
 * venue's faults and that has only the fields that fault takes. Every check, here and in the field
 * readers, fails with an {@link IllegalArgumentException} whose message says what is accepted: the
 * admin endpoint answers it as a 400.
 */
public final class FaultRequest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The fault asked for. */
  public final String type;

  private final JsonNode body;

  private FaultRequest(String type, JsonNode body) {
    this.type = type;
    this.body = body;
  }

  /**
   * Parses and checks a body.
   *
   * @param fieldsByType per fault the venue offers, the fields it takes ({@code type} included)
   * @throws IllegalArgumentException if the body is not such a request
   */
  public static FaultRequest parse(String text, Map<String, Set<String>> fieldsByType) {
    JsonNode body;
    try {
      body = JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException("body is not valid JSON");
    }
    if (body == null || !body.isObject()) {
      throw new IllegalArgumentException("body must be a JSON object with a 'type'");
    }
    JsonNode typeNode = body.get("type");
    if (typeNode == null || !typeNode.isTextual() || !fieldsByType.containsKey(typeNode.asText())) {
      throw new IllegalArgumentException("'type' must be one of " + fieldsByType.keySet());
    }
    String type = typeNode.asText();
    Set<String> allowed = fieldsByType.get(type);
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw new IllegalArgumentException(
            "unknown field '" + f + "' for fault '" + type + "'; allowed: " + allowed);
      }
    }
    return new FaultRequest(type, body);
  }

  /** The answer to start from: the venue and the fault armed. */
  public ObjectNode answer(String venue) {
    ObjectNode result = JSON.createObjectNode();
    result.put("venue", venue);
    result.put("fault", type);
    return result;
  }

  /** A field as sent, or null when absent. */
  public JsonNode field(String name) {
    return body.get(name);
  }

  /**
   * An integer field in {@code [min, max]}.
   *
   * @param dflt the value when the field is absent, or null if it is required
   */
  public int intField(String name, int min, int max, Integer dflt) {
    JsonNode n = body.get(name);
    if (n == null) {
      if (dflt == null) {
        throw new IllegalArgumentException("'" + name + "' is required");
      }
      return dflt;
    }
    if (!n.isIntegralNumber() || n.asLong() < min || n.asLong() > max) {
      throw new IllegalArgumentException(
          "'" + name + "' must be an integer in [" + min + ", " + max + "], got " + n);
    }
    return n.asInt();
  }

  /**
   * The required {@code symbol} field, one of {@code known}.
   *
   * @param requiredHint what the message for a missing symbol suggests
   * @param knownAs how the message for an unknown symbol calls the known ones ("served")
   */
  public String symbol(Collection<String> known, String requiredHint, String knownAs) {
    JsonNode s = body.get("symbol");
    if (s == null || !s.isTextual()) {
      throw new IllegalArgumentException("'symbol' is required, " + requiredHint);
    }
    if (!known.contains(s.asText())) {
      throw new IllegalArgumentException(
          "unknown symbol '" + s.asText() + "'; " + knownAs + ": " + known);
    }
    return s.asText();
  }
}
