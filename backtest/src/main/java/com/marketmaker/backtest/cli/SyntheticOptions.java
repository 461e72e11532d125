package com.marketmaker.backtest.cli;

import com.marketmaker.backtest.data.SyntheticEventSource;
import com.marketmaker.simulator.synthetic.SyntheticInstrument;
import picocli.CommandLine.Option;

/** The simulator's synthetic market as the data of a run, generated on the fly. */
final class SyntheticOptions {

  /** 2024-01-01T00:00:00Z: synthetic markets start here. */
  static final long START_NANOS = 1_704_067_200_000_000_000L;

  @Option(
      names = "--synthetic",
      defaultValue = "0",
      description =
          "Instead of --events: this many of the simulator's synthetic instruments (SYN001USDT"
              + " ...: tick 0.01, lot 0.001, from 100.00), generated on the fly.")
  int count;

  @Option(
      names = "--synthetic-seconds",
      defaultValue = "3600",
      description = "How long the synthetic market runs, s (default ${DEFAULT-VALUE}).")
  double seconds;

  @Option(
      names = "--synthetic-seed",
      defaultValue = "1",
      description = "Seed of the synthetic crowd (default ${DEFAULT-VALUE}).")
  long seed;

  SyntheticEventSource open() {
    return new SyntheticEventSource(
        SyntheticInstrument.defaults(count), seed, START_NANOS, seconds, 5_000_000L);
  }
}
