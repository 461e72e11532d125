package com.marketmaker.quant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Building the JSON results; numbers that are not finite become null. */
final class Json {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Json() {}

  /** An empty object; fields keep their insertion order. */
  static ObjectNode object() {
    return NODES.objectNode();
  }

  /** A number, or null when it is NaN or infinite. */
  static JsonNode number(double value) {
    return Double.isFinite(value) ? NODES.numberNode(value) : NODES.nullNode();
  }

  /** An array of numbers. */
  static ArrayNode array(double[] values) {
    ArrayNode out = NODES.arrayNode(values.length);
    for (double v : values) {
      out.add(number(v));
    }
    return out;
  }

  /** An array of arrays of numbers, row by row. */
  static ArrayNode matrix(double[][] rows) {
    ArrayNode out = NODES.arrayNode(rows.length);
    for (double[] row : rows) {
      out.add(array(row));
    }
    return out;
  }

  /** An array of strings. */
  static ArrayNode strings(List<String> values) {
    ArrayNode out = NODES.arrayNode(values.size());
    values.forEach(out::add);
    return out;
  }

  /** An array of nodes. */
  static ArrayNode array(List<? extends JsonNode> nodes) {
    ArrayNode out = NODES.arrayNode(nodes.size());
    out.addAll(nodes);
    return out;
  }

  /** MacKinnon's 1%, 5% and 10% critical values keyed as statsmodels prints them. */
  static ObjectNode criticalValues(double[] oneFiveTen) {
    ObjectNode out = object();
    out.set("1%", number(oneFiveTen[0]));
    out.set("5%", number(oneFiveTen[1]));
    out.set("10%", number(oneFiveTen[2]));
    return out;
  }
}
