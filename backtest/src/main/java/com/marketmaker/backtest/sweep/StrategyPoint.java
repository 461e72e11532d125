package com.marketmaker.backtest.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marketmaker.core.strategy.MakerParameters;
import com.marketmaker.core.strategy.QuoteSettings;
import com.marketmaker.core.strategy.StrategyConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strategy the backtester runs: the maker parameters and the strategy configuration, as the live
 * entity's start and params take them. {@link #with} sets any of their fields by name, validated by
 * the records' own constructors, so a sweep can vary any field: {@code riskAversion} (a parameter),
 * {@code model} (a strategy field), {@code minSpreadBpsPerSqrtSecond}... (a quote step of {@code
 * quoting}), or a full path such as {@code strategy.quoting.inventoryLeanTicks}.
 */
public record StrategyPoint(MakerParameters parameters, StrategyConfig strategy) {

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  /** Every settable field and its full path, in a stable order. */
  public static Map<String, String> fields() {
    Map<String, String> out = new LinkedHashMap<>();
    for (var c : MakerParameters.class.getRecordComponents()) {
      out.put(c.getName(), "parameters." + c.getName());
    }
    for (var c : StrategyConfig.class.getRecordComponents()) {
      if (!c.getName().equals("quoting")) {
        out.putIfAbsent(c.getName(), "strategy." + c.getName());
      }
    }
    for (var c : QuoteSettings.class.getRecordComponents()) {
      out.putIfAbsent(c.getName(), "strategy.quoting." + c.getName());
    }
    return out;
  }

  /**
   * This point with {@code values} set (short names or full paths; numbers, text or lists).
   *
   * @throws IllegalArgumentException for an unknown field or a value the records refuse
   */
  public StrategyPoint with(Map<String, ?> values) {
    if (values.isEmpty()) {
      return this;
    }
    ObjectNode root = JSON.createObjectNode();
    root.set("parameters", JSON.valueToTree(parameters));
    root.set("strategy", JSON.valueToTree(strategy));
    if (strategy.quoting() != null && !root.get("strategy").has("quoting")) {
      ((ObjectNode) root.get("strategy")).set("quoting", JSON.valueToTree(strategy.quoting()));
    }
    Map<String, String> known = fields();
    for (Map.Entry<String, ?> e : values.entrySet()) {
      String path = known.containsKey(e.getKey()) ? known.get(e.getKey()) : e.getKey();
      if (!known.containsValue(path)) {
        throw new IllegalArgumentException(
            "unknown strategy field '"
                + e.getKey()
                + "'; known: "
                + String.join(", ", known.keySet()));
      }
      String[] parts = path.split("\\.");
      ObjectNode node = root;
      for (int i = 0; i < parts.length - 1; i++) {
        node = (ObjectNode) node.get(parts[i]);
      }
      node.set(parts[parts.length - 1], JSON.valueToTree(e.getValue()));
    }
    try {
      return new StrategyPoint(
          JSON.treeToValue(root.get("parameters"), MakerParameters.class),
          JSON.treeToValue(root.get("strategy"), StrategyConfig.class));
    } catch (Exception invalid) {
      Throwable cause = invalid;
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      throw new IllegalArgumentException(
          "invalid strategy " + values + ": " + cause.getMessage(), invalid);
    }
  }

  /** The values of {@code names} (short names or paths) in this point, for reports. */
  public Map<String, Object> values(List<String> names) {
    JsonNode root =
        JSON.createObjectNode()
            .<ObjectNode>set("parameters", JSON.valueToTree(parameters))
            .set("strategy", JSON.valueToTree(strategy));
    Map<String, String> known = fields();
    Map<String, Object> out = new LinkedHashMap<>();
    for (String name : names) {
      JsonNode node = root;
      for (String part : known.getOrDefault(name, name).split("\\.")) {
        node = node == null ? null : node.get(part);
      }
      out.put(name, node == null ? null : JSON.convertValue(node, Object.class));
    }
    return out;
  }
}
