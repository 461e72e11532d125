package com.marketmaker.backtest.sweep;

import com.marketmaker.backtest.data.EventFiles;
import com.marketmaker.backtest.data.MarketEventSource;
import com.marketmaker.backtest.run.Backtest;
import com.marketmaker.backtest.run.BacktestConfig;
import com.marketmaker.backtest.run.BacktestResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Runs one backtest per point of a sweep over the same recorded data, in parallel on this machine's
 * cores (each run reads the event files itself, in constant memory), and ranks the points by a
 * metric. Each point's result depends only on the data and its configuration, so the ranking is the
 * same whatever the thread count.
 */
public final class Sweep {

  /** One point's outcome. */
  public record Outcome(int index, Map<String, Object> point, Map<String, Double> metrics) {}

  /** Opens the market data of one run (each run reads its own). */
  @FunctionalInterface
  public interface Market {
    MarketEventSource open() throws IOException;

    /** Event files, merged on one clock when there are several. */
    static Market of(List<Path> eventFiles) {
      List<Path> files = List.copyOf(eventFiles);
      return () -> files.size() == 1 ? EventFiles.open(files.get(0)) : EventFiles.merge(files);
    }
  }

  private final Market market;
  private final Function<Map<String, Object>, BacktestConfig> configFor;

  /**
   * @param configFor the configuration of a point
   */
  public Sweep(Market market, Function<Map<String, Object>, BacktestConfig> configFor) {
    this.market = market;
    this.configFor = configFor;
  }

  /** Runs one point. */
  public BacktestResult run(Map<String, Object> point) throws IOException {
    BacktestConfig config = configFor.apply(point);
    try (MarketEventSource source = market.open()) {
      return new Backtest(source, config).run();
    }
  }

  /**
   * Runs every point on {@code threads} threads; {@code done} is told how many have finished.
   *
   * @return the outcomes in point order
   */
  public List<Outcome> runAll(List<Map<String, Object>> points, int threads, IntConsumer done)
      throws IOException {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    AtomicInteger finished = new AtomicInteger();
    try {
      List<Future<Outcome>> futures = new ArrayList<>();
      for (int i = 0; i < points.size(); i++) {
        int index = i;
        futures.add(
            pool.submit(
                () -> {
                  Map<String, Object> point = points.get(index);
                  Outcome o;
                  try {
                    o = new Outcome(index, point, Metrics.of(run(point)));
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                  done.accept(finished.incrementAndGet());
                  return o;
                }));
      }
      List<Outcome> out = new ArrayList<>();
      for (Future<Outcome> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("sweep interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(cause);
    } finally {
      pool.shutdownNow();
    }
  }

  /** The outcomes best first by {@code metric}; ties keep point order. */
  public static List<Outcome> ranked(List<Outcome> outcomes, String metric) {
    boolean higher = Metrics.higherIsBetter(metric);
    Comparator<Outcome> by = Comparator.comparingDouble(o -> o.metrics().get(metric));
    if (higher) {
      by = by.reversed();
    }
    List<Outcome> out = new ArrayList<>(outcomes);
    out.sort(by.thenComparingInt(Outcome::index));
    return out;
  }
}
