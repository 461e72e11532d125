package com.marketmaker.http;

import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.strategy.MakerParameters;
import com.marketmaker.core.strategy.QuoteSettings;
import com.marketmaker.core.strategy.StrategyConfig;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The request bodies and query parameters of {@link MakerRoutes}, read and checked at the boundary:
 * every refusal is a {@link BadRequest} naming the field and what is wrong with it.
 */
final class MakerBodies {

  private MakerBodies() {}

  static final Set<String> STRATEGY_FIELDS = strategyFields();

  static Set<String> strategyFields() {
    Set<String> fields =
        new java.util.TreeSet<>(
            Set.of(
                "model",
                "intensityA",
                "intensityK",
                "levels",
                "levelSpacingTicks",
                "volatilityHalfLifeSeconds",
                "maxLoss",
                "maxDrawdown"));
    for (var c : QuoteSettings.class.getRecordComponents()) {
      fields.add(c.getName());
    }
    return Set.copyOf(fields);
  }

  static boolean isZero(String decimal) {
    return decimal.chars().allMatch(ch -> ch == '0' || ch == '.');
  }

  /** An optional integer query parameter within {@code [min, max]}. */
  static int boundedInteger(
      String name, java.util.Optional<String> text, int absent, int min, int max) {
    if (text.isEmpty()) {
      return absent;
    }
    int value;
    try {
      value = Integer.parseInt(text.get());
    } catch (NumberFormatException e) {
      throw new BadRequest(
          "query parameter '" + name + "' must be an integer, got '" + text.get() + "'");
    }
    if (value < min || value > max) {
      throw new BadRequest(
          "query parameter '"
              + name
              + "' must be between "
              + min
              + " and "
              + max
              + ", got "
              + value);
    }
    return value;
  }

  /**
   * The strategy of a start: every field optional, defaults from {@link StrategyConfig#defaults()},
   * unknown fields refused, values checked by {@link StrategyConfig}.
   */
  static StrategyConfig strategy(JsonBody s, StrategyConfig d) {
    s.onlyFields(STRATEGY_FIELDS);
    try {
      StrategyConfig.Model model =
          s.has("model") ? StrategyConfig.Model.parse(s.text("model")) : d.model();
      double intensityA = s.has("intensityA") ? s.number("intensityA") : d.intensityA();
      double intensityK = s.has("intensityK") ? s.number("intensityK") : d.intensityK();
      int levels = s.has("levels") ? s.smallInteger("levels") : d.levels();
      long spacing =
          s.has("levelSpacingTicks") ? s.integer("levelSpacingTicks") : d.levelSpacingTicks();
      double halfLife =
          s.has("volatilityHalfLifeSeconds")
              ? s.number("volatilityHalfLifeSeconds")
              : d.volatilityHalfLifeSeconds();
      double maxLoss = s.has("maxLoss") ? s.number("maxLoss") : d.maxLoss();
      double maxDrawdown = s.has("maxDrawdown") ? s.number("maxDrawdown") : d.maxDrawdown();
      return new StrategyConfig(
          model,
          intensityA,
          intensityK,
          levels,
          spacing,
          halfLife,
          maxLoss,
          maxDrawdown,
          quoting(s, d.quoting()));
    } catch (BadRequest e) {
      throw e;
    } catch (IllegalArgumentException e) {
      // StrategyConfig and QuoteSettings name the field; give its place in the body.
      throw new BadRequest("strategy." + e.getMessage());
    }
  }

  /**
   * The quote steps of a strategy body: each {@link QuoteSettings} field read with the JSON type of
   * its component (number, integer, text, array of numbers), absent ones from {@code d}.
   */
  static QuoteSettings quoting(JsonBody s, QuoteSettings d) {
    var components = QuoteSettings.class.getRecordComponents();
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      var c = components[i];
      String name = c.getName();
      types[i] = c.getType();
      Object value;
      try {
        value = c.getAccessor().invoke(d);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
      if (s.has(name)) {
        if (c.getType() == double.class) {
          value = s.number(name);
        } else if (c.getType() == long.class) {
          value = s.integer(name);
        } else if (c.getType() == String.class) {
          value = s.text(name);
        } else {
          value = s.numbers(name);
        }
      }
      values[i] = value;
    }
    try {
      return QuoteSettings.class.getDeclaredConstructor(types).newInstance(values);
    } catch (java.lang.reflect.InvocationTargetException e) {
      if (e.getCause() instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  static InstrumentId instrument(String text) {
    return guarded(() -> InstrumentId.parse(text));
  }

  static MakerParameters parameters(JsonBody p, InstrumentSpec spec) {
    double gamma = p.number("riskAversion");
    double horizon = p.number("horizonSeconds");
    double minSpread = p.number("minSpreadBps");
    double maxSpread = p.number("maxSpreadBps");
    long orderSize = lots(spec, p.decimal("orderSize"), "parameters.orderSize");
    long maxPosition = lots(spec, p.decimal("maxPosition"), "parameters.maxPosition");
    return guarded(
        () -> new MakerParameters(gamma, horizon, minSpread, maxSpread, orderSize, maxPosition));
  }

  static long lots(InstrumentSpec spec, String size, String field) {
    try {
      long lots = spec.sizeToLots(size);
      if (lots <= 0) {
        throw new BadRequest("field '" + field + "' must be positive, got " + size);
      }
      return lots;
    } catch (NumberFormatException e) {
      throw new BadRequest("field '" + field + "': " + e.getMessage());
    }
  }

  /** Runs a boundary conversion, turning its IllegalArgumentException into a 400. */
  static <T> T guarded(Supplier<T> conversion) {
    try {
      return conversion.get();
    } catch (BadRequest e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new BadRequest(e.getMessage());
    }
  }
}
