package com.marketmaker.backtest.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.marketmaker.actors.sweep.SweepWorker;
import com.marketmaker.backtest.data.EventFileReader;
import com.marketmaker.backtest.data.EventFiles;
import com.marketmaker.backtest.run.BacktestConfig;
import com.marketmaker.backtest.sweep.Metrics;
import com.marketmaker.backtest.sweep.Sweep;
import com.marketmaker.core.instrument.InstrumentSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs the points of a cluster sweep on this node: the request and the point arrive as JSON text,
 * the event files are this node's copies in its backtest data folder, and the backtest runs on a
 * thread of its own (low priority, never an actor dispatcher). A point's figures are {@link
 * Metrics#of} its result, the same as a sweep on one machine gives.
 */
public final class SweepPointRunner implements SweepWorker.PointRunner, AutoCloseable {

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final Path dataDir;
  private final ExecutorService pool;
  private final java.util.function.BooleanSupplier ready;

  /**
   * @param ready whether the node's data folder is ready (its recorded captures converted)
   */
  public SweepPointRunner(Path dataDir, int threads, java.util.function.BooleanSupplier ready) {
    this.dataDir = dataDir;
    this.ready = ready;
    this.pool =
        Executors.newFixedThreadPool(
            Math.max(1, threads),
            r -> {
              Thread t = new Thread(r, "sweep-point");
              t.setDaemon(true);
              t.setPriority(Thread.MIN_PRIORITY);
              return t;
            });
  }

  /** The JSON text of a point, as the coordinator keeps it. */
  public static String pointJson(Map<String, Object> point) {
    try {
      return JSON.writeValueAsString(point);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Map<String, Object> readPoint(String json) throws IOException {
    return JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
  }

  @Override
  public boolean ready() {
    return ready.getAsBoolean();
  }

  /**
   * Checks a sweep before it is submitted: the request's own checks, its event files in this node's
   * data folder, and every point a strategy the records accept.
   *
   * @return the points as JSON text
   * @throws IllegalArgumentException with a message for the operator
   */
  public List<String> check(SweepRequest request) throws IOException {
    request.validate();
    List<InstrumentSpec> instruments = instruments(request);
    List<String> out = new ArrayList<>();
    BacktestRequest shared = request.backtest();
    for (Map<String, Object> p : request.points()) {
      configFor(shared, instruments, p);
      out.add(pointJson(p));
    }
    return out;
  }

  private List<InstrumentSpec> instruments(SweepRequest request) throws IOException {
    List<InstrumentSpec> instruments = new ArrayList<>();
    for (String name : request.events()) {
      Path f = dataDir.resolve(name);
      if (!Files.isRegularFile(f)) {
        throw new IllegalArgumentException("events: no file '" + name + "' in the backtest data");
      }
      try (EventFileReader r = EventFiles.open(f)) {
        instruments.addAll(r.instruments());
      }
    }
    return instruments;
  }

  @Override
  public CompletionStage<Map<String, Double>> run(String request, String point) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return Metrics.of(
                sweep(JSON.readValue(request, SweepRequest.class)).run(readPoint(point)));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        pool);
  }

  /** The sweep of {@code request} over this node's copies of its event files. */
  public Sweep sweep(SweepRequest request) throws IOException {
    List<InstrumentSpec> instruments = instruments(request);
    List<Path> files = request.events().stream().map(dataDir::resolve).toList();
    BacktestRequest shared = request.backtest();
    return new Sweep(Sweep.Market.of(files), p -> configFor(shared, instruments, p));
  }

  private static BacktestConfig configFor(
      BacktestRequest shared, List<InstrumentSpec> instruments, Map<String, Object> point) {
    return shared
        .strategy()
        .config(
            instruments,
            shared.venueModel(),
            shared.feedLatencyNanos(),
            shared.sampleIntervalNanos(),
            point);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
