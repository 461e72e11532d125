package com.marketmaker.backtest.cli;

import com.marketmaker.backtest.run.StrategySpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The strategy a run uses: the live entity's maker parameters and any strategy field. */
final class StrategyOptions {

  @Option(
      names = "--gamma",
      defaultValue = "0.1",
      description = "Risk aversion γ per order size (default ${DEFAULT-VALUE}).")
  double gamma;

  @Option(
      names = "--horizon-seconds",
      defaultValue = "60",
      description = "The model's horizon, s (default ${DEFAULT-VALUE}).")
  double horizonSeconds;

  @Option(
      names = "--min-spread-bps",
      defaultValue = "1",
      description = "Narrowest spread, bps (default ${DEFAULT-VALUE}).")
  double minSpreadBps;

  @Option(
      names = "--max-spread-bps",
      defaultValue = "50",
      description = "Widest spread, bps (default ${DEFAULT-VALUE}).")
  double maxSpreadBps;

  @Option(
      names = "--order-size",
      required = true,
      description = "Order size in the instrument's base unit, e.g. 0.001 (BTC).")
  String orderSize;

  @Option(
      names = "--max-position",
      required = true,
      description = "Largest inventory either way, in base units, e.g. 0.01.")
  String maxPosition;

  @Option(
      names = "--model",
      description = "Base model: avellaneda-stoikov, glft, glft-exact or hjb (default: as live).")
  String model;

  @Option(
      names = "--set",
      paramLabel = "FIELD=VALUE",
      description =
          "Any strategy or quote-step field, e.g. --set inventoryLeanTicks=2 --set"
              + " reference=MICRO_PRICE (lists: comma-separated). Repeatable.")
  List<String> sets = new ArrayList<>();

  /** The strategy the options describe. */
  StrategySpec spec() {
    Map<String, Object> values = new LinkedHashMap<>();
    for (String s : sets) {
      int eq = s.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--set needs FIELD=VALUE, got '" + s + "'");
      }
      values.put(s.substring(0, eq).trim(), parseValue(s.substring(eq + 1).trim()));
    }
    return new StrategySpec(
        gamma, horizonSeconds, minSpreadBps, maxSpreadBps, orderSize, maxPosition, model, values);
  }

  /** A number when it reads as one, a list when it has commas, else text. */
  static Object parseValue(String text) {
    if (text.contains(",")) {
      List<Object> out = new ArrayList<>();
      for (String part : text.split(",")) {
        out.add(parseValue(part.trim()));
      }
      return out;
    }
    try {
      return text.matches("-?\\d+")
          ? (Object) Long.parseLong(text)
          : (Object) Double.parseDouble(text);
    } catch (NumberFormatException notANumber) {
      return text;
    }
  }
}
