package com.marketmaker.backtest.run;

import com.marketmaker.backtest.exchange.LatencyModel;
import com.marketmaker.backtest.exchange.SimulatedExchange;
import com.marketmaker.core.engine.QuotingEngine;
import com.marketmaker.core.strategy.MakerParameters;
import com.marketmaker.core.strategy.StrategyConfig;

/**
 * One backtest's settings: the strategy every instrument runs (the live entity's parameters and
 * strategy), the engine's settings, the venue model, and how results are sampled.
 *
 * @param feedLatency the delay between the venue's event and our receiving it; null to take it from
 *     the recording (receive stamp minus the venue's event time, where the venue gives one)
 * @param sampleIntervalNanos the equity curve's sampling interval
 * @param capitalCash capital the drawdown percent is relative to, in cash units at the cash scale;
 *     0 for the notional of the maximum position at the first mid
 */
public record BacktestConfig(
    MakerParameters parameters,
    StrategyConfig strategy,
    QuotingEngine.Settings engine,
    SimulatedExchange.Config exchange,
    LatencyModel feedLatency,
    long sampleIntervalNanos,
    long capitalCash) {

  public BacktestConfig {
    if (sampleIntervalNanos <= 0 || capitalCash < 0) {
      throw new IllegalArgumentException("sample interval must be positive and capital >= 0");
    }
  }

  public BacktestConfig withStrategy(MakerParameters p, StrategyConfig s) {
    return new BacktestConfig(
        p, s, engine, exchange, feedLatency, sampleIntervalNanos, capitalCash);
  }
}
