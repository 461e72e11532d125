package com.marketmaker.bench;

import com.marketmaker.backtest.data.EventFileReader;
import com.marketmaker.backtest.data.EventFiles;
import com.marketmaker.backtest.run.Backtest;
import com.marketmaker.backtest.run.BacktestConfig;
import com.marketmaker.backtest.run.BacktestResult;
import com.marketmaker.backtest.run.VenueModel;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.strategy.MakerParameters;
import com.marketmaker.core.strategy.StrategyConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

/**
 * A whole backtest of one recorded capture per op: the binary event file read, the venue's book and
 * the engine's book synced, the engine deciding after every book change, the venue model
 * (log-normal latencies, logarithmic queue, fees, rate limits) and the booking. Events per second =
 * the capture's events (spot BTC 99,574; USD-M BTC 93,954) / the op's time.
 *
 * <p>Data: {@code -Dshared.data.dir=...}, default {@code ../shared/data} relative to the working
 * directory (the repository root).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class BacktestReplayBenchmark {

  @Param({"spot_btcusdt", "usdm_btcusdt"})
  public String capture;

  private Path file;
  private BacktestConfig config;

  @Setup(Level.Trial)
  public void convert() throws IOException {
    InstrumentSpec spec;
    List<Path> files;
    Path data = Path.of(System.getProperty("shared.data.dir", "../shared/data"), "binance");
    if (capture.equals("spot_btcusdt")) {
      spec = InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "BTCUSDT"), "0.01", "0.00000001");
      files =
          List.of(
              data.resolve("spot_btcusdt_20240808.gz"), data.resolve("spot_btcusdt_20240809.gz"));
    } else {
      spec = InstrumentSpec.of(new InstrumentId(Venue.BINANCE_USDM, "BTCUSDT"), "0.10", "0.001");
      files = List.of(data.resolve("usdm_btcusdt_20240808.gz"));
    }
    file = Files.createTempFile("backtest-bench", ".events");
    file.toFile().deleteOnExit();
    Files.delete(file);
    EventFiles.convertBinance(spec, files, file);
    config =
        new BacktestConfig(
            new MakerParameters(0.1, 60, 1, 50, spec.sizeToLots("0.001"), spec.sizeToLots("0.01")),
            null,
            StrategyConfig.defaults(),
            VenueModel.defaults(1),
            -1,
            1_000_000_000L,
            0);
  }

  @Benchmark
  public BacktestResult replay() throws IOException {
    try (EventFileReader source = EventFiles.open(file)) {
      return new Backtest(source, config).run();
    }
  }
}
