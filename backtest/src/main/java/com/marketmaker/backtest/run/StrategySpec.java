package com.marketmaker.backtest.run;

import com.marketmaker.backtest.sweep.StrategyPoint;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.strategy.MakerParameters;
import com.marketmaker.core.strategy.StrategyConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The strategy of a backtest as an operator gives it: the live entity's maker parameters with sizes
 * in base units (each instrument gets them on its own lot grid), the base model, and any strategy
 * or quote-step field by name.
 *
 * @param gamma risk aversion per order size (default 0.1)
 * @param orderSize order size in the instrument's base unit (decimal text)
 * @param maxPosition largest inventory either way, base units (decimal text)
 * @param model base model name, or null for the default
 * @param set strategy or quote-step fields by name (see {@link StrategyPoint#fields()})
 */
public record StrategySpec(
    Double gamma,
    Double horizonSeconds,
    Double minSpreadBps,
    Double maxSpreadBps,
    String orderSize,
    String maxPosition,
    String model,
    Map<String, Object> set) {

  /** γ 0.1, a 60 s horizon and spreads between 1 and 50 bps unless given. */
  public StrategySpec {
    gamma = gamma == null ? 0.1 : gamma;
    horizonSeconds = horizonSeconds == null ? 60.0 : horizonSeconds;
    minSpreadBps = minSpreadBps == null ? 1.0 : minSpreadBps;
    maxSpreadBps = maxSpreadBps == null ? 50.0 : maxSpreadBps;
    set = set == null ? Map.of() : Map.copyOf(set);
    if (orderSize == null || maxPosition == null) {
      throw new IllegalArgumentException("orderSize and maxPosition are required (base units)");
    }
  }

  /** The strategy {@code spec} runs, with {@code point}'s fields set last. */
  public StrategyPoint forInstrument(InstrumentSpec spec, Map<String, Object> point) {
    StrategyPoint p =
        new StrategyPoint(
            new MakerParameters(
                gamma,
                horizonSeconds,
                minSpreadBps,
                maxSpreadBps,
                spec.sizeToLots(orderSize),
                spec.sizeToLots(maxPosition)),
            StrategyConfig.defaults());
    Map<String, Object> values = new LinkedHashMap<>();
    if (model != null) {
      values.put("model", StrategyConfig.Model.parse(model).name());
    }
    values.putAll(set);
    values.putAll(point);
    return p.with(values);
  }

  /**
   * The configuration of {@code point} for the instruments of {@code data}.
   *
   * @param feedLatencyNanos negative: from the recording
   */
  public BacktestConfig config(
      java.util.List<InstrumentSpec> instruments,
      VenueModel venue,
      long feedLatencyNanos,
      long sampleIntervalNanos,
      Map<String, Object> point) {
    Map<String, MakerParameters> byInstrument = new LinkedHashMap<>();
    StrategyPoint first = null;
    for (InstrumentSpec spec : instruments) {
      StrategyPoint p = forInstrument(spec, point);
      byInstrument.put(spec.id().toString(), p.parameters());
      first = first == null ? p : first;
    }
    if (first == null) {
      throw new IllegalArgumentException("the event files hold no instrument");
    }
    return new BacktestConfig(
        first.parameters(),
        byInstrument,
        first.strategy(),
        venue,
        feedLatencyNanos,
        sampleIntervalNanos,
        0);
  }
}
