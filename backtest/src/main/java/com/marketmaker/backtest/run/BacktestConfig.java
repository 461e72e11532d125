package com.marketmaker.backtest.run;

import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.strategy.MakerParameters;
import com.marketmaker.core.strategy.StrategyConfig;
import java.util.Map;

/**
 * One backtest's settings: the strategy every instrument runs (the live entity's parameters and
 * strategy), the venue model, and how results are sampled. Immutable and free of random state: each
 * run builds its own seeded models from it, so the same configuration always gives the same result.
 *
 * @param parametersByInstrument parameters of particular instruments ({@code VENUE:SYMBOL}), for
 *     sizes on each instrument's lot grid; the others use {@code parameters}
 * @param feedLatencyNanos the delay between the venue's event and our receiving it; negative to
 *     take it from the recording (receive stamp minus the venue's event time, where there is one)
 * @param sampleIntervalNanos the equity curve's sampling interval
 * @param capitalCash capital the drawdown percent is relative to, in cash units at the cash scale;
 *     0 for the notional of the maximum position at the first mid
 */
public record BacktestConfig(
    MakerParameters parameters,
    Map<String, MakerParameters> parametersByInstrument,
    StrategyConfig strategy,
    VenueModel venue,
    long feedLatencyNanos,
    long sampleIntervalNanos,
    long capitalCash) {

  public BacktestConfig {
    parametersByInstrument =
        parametersByInstrument == null ? Map.of() : Map.copyOf(parametersByInstrument);
    if (sampleIntervalNanos <= 0 || capitalCash < 0) {
      throw new IllegalArgumentException("sample interval must be positive and capital >= 0");
    }
  }

  /** The parameters {@code instrument} runs with. */
  public MakerParameters parametersFor(InstrumentSpec instrument) {
    return parametersByInstrument.getOrDefault(instrument.id().toString(), parameters);
  }
}
