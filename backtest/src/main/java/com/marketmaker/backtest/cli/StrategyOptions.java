package com.marketmaker.backtest.cli;

import com.marketmaker.backtest.sweep.StrategyPoint;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.strategy.MakerParameters;
import com.marketmaker.core.strategy.StrategyConfig;
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

  /** The strategy for {@code spec} with the options and then {@code point} applied. */
  StrategyPoint strategyFor(InstrumentSpec spec, Map<String, Object> point) {
    StrategyConfig base = StrategyConfig.defaults();
    StrategyPoint p =
        new StrategyPoint(
            new MakerParameters(
                gamma,
                horizonSeconds,
                minSpreadBps,
                maxSpreadBps,
                spec.sizeToLots(orderSize),
                spec.sizeToLots(maxPosition)),
            base);
    Map<String, Object> values = new LinkedHashMap<>();
    if (model != null) {
      values.put("model", StrategyConfig.Model.parse(model).name());
    }
    for (String s : sets) {
      int eq = s.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--set needs FIELD=VALUE, got '" + s + "'");
      }
      values.put(s.substring(0, eq).trim(), parseValue(s.substring(eq + 1).trim()));
    }
    values.putAll(point);
    return p.with(values);
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
