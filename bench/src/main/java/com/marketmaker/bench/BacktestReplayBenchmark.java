package com.marketmaker.bench;

import com.marketmaker.backtest.data.EventFiles;
import com.marketmaker.backtest.data.MarketEventSource;
import com.marketmaker.backtest.run.Backtest;
import com.marketmaker.backtest.run.BacktestConfig;
import com.marketmaker.backtest.run.BacktestResult;
import com.marketmaker.backtest.run.StrategySpec;
import com.marketmaker.backtest.run.VenueModel;
import com.marketmaker.core.instrument.InstrumentSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A whole backtest of recorded captures per op: the binary event files read, the venue's book and
 * the engine's book synced, the engine deciding after every book change, the venue model
 * (log-normal latencies, logarithmic queue, fees, rate limits) and the booking. Events per second =
 * the op's events / the op's time: spot BTC 99,574; USD-M BTC 93,954; {@code merged}, the spot BTC,
 * spot ETH and USD-M BTC files merged on one clock (three instruments, 273,272 events). Orders of
 * 0.001 BTC (ETH) up to 0.01 on every instrument, γ 0.1, 60 s, spreads 1–50 bps.
 *
 * <p>Data: {@code -Dshared.data.dir=...}, default {@code ../shared/data} relative to the working
 * directory (the repository root).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class BacktestReplayBenchmark {

  @Param({"spot_btcusdt", "usdm_btcusdt", "merged"})
  public String capture;

  private Path dir;
  private final List<Path> files = new ArrayList<>();
  private BacktestConfig config;

  @Setup(Level.Trial)
  public void convert() throws IOException {
    List<String> captures =
        capture.equals("merged")
            ? List.of("spot_btcusdt", "spot_ethusdt", "usdm_btcusdt")
            : List.of(capture);
    dir = Files.createTempDirectory("backtest-bench");
    List<InstrumentSpec> specs = new ArrayList<>();
    for (String c : captures) {
      InstrumentSpec spec = EventFileBenchmark.spec(c);
      Path file = dir.resolve(c + ".events");
      EventFiles.convertBinance(spec, EventFileBenchmark.files(c), file);
      files.add(file);
      specs.add(spec);
    }
    config =
        new StrategySpec(null, null, null, null, "0.001", "0.01", null, null)
            .config(specs, VenueModel.defaults(1), -1, 1_000_000_000L, Map.of());
  }

  @Benchmark
  public BacktestResult replay() throws IOException {
    try (MarketEventSource source =
        files.size() == 1 ? EventFiles.open(files.get(0)) : EventFiles.merge(files)) {
      return new Backtest(source, config).run();
    }
  }

  @TearDown(Level.Trial)
  public void delete() throws IOException {
    EventFileBenchmark.deleteTree(dir);
  }
}
