package com.marketmaker.backtest.service;

import com.marketmaker.backtest.data.EventFileReader;
import com.marketmaker.backtest.data.EventFiles;
import com.marketmaker.backtest.data.MarketEventSource;
import com.marketmaker.backtest.report.HtmlReport;
import com.marketmaker.backtest.run.Backtest;
import com.marketmaker.backtest.run.BacktestConfig;
import com.marketmaker.backtest.run.BacktestResult;
import com.marketmaker.backtest.sweep.Metrics;
import com.marketmaker.core.instrument.InstrumentSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Backtests run for the node's API on threads of their own (never on the actor system's
 * dispatchers, so a running backtest does not slow the API or the instruments), at most {@code
 * concurrency} at once with a bounded queue; the most recent {@code keep} jobs are remembered with
 * their progress, results and report.
 */
public final class BacktestJobs implements AutoCloseable {

  /** Where a job is. */
  public enum Status {
    QUEUED,
    RUNNING,
    DONE,
    FAILED
  }

  /** A job as the API shows it; {@code result} and {@code metrics} once done. */
  public record View(
      String id,
      Status status,
      long eventsDone,
      long eventsTotal,
      double progress,
      String error,
      BacktestRequest request,
      Map<String, Double> metrics,
      BacktestResult result) {}

  private final Path dataDir;
  private final int keep;
  private final ExecutorService pool;
  private final Map<String, Job> jobs = new LinkedHashMap<>();
  private final AtomicLong ids = new AtomicLong();

  private static final class Job {
    final String id;
    final BacktestRequest request;
    final long total;
    volatile Status status = Status.QUEUED;
    volatile long done;
    volatile String error;
    volatile BacktestResult result;
    volatile String report;

    Job(String id, BacktestRequest request, long total) {
      this.id = id;
      this.request = request;
      this.total = total;
    }

    View view(boolean withResult) {
      return new View(
          id,
          status,
          done,
          total,
          total == 0 ? 0 : Math.min(1.0, (double) done / total),
          error,
          request,
          result == null ? null : Metrics.of(result),
          withResult ? result : null);
    }
  }

  /**
   * @param dataDir the folder of event files requests may name
   */
  public BacktestJobs(Path dataDir, int concurrency, int queued, int keep) {
    this.dataDir = dataDir;
    this.keep = keep;
    this.pool =
        new ThreadPoolExecutor(
            concurrency,
            concurrency,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(queued),
            r -> {
              Thread t = new Thread(r, "backtest");
              t.setDaemon(true);
              t.setPriority(Thread.MIN_PRIORITY);
              return t;
            });
  }

  /**
   * Converts the recorded Binance spot captures in {@code captures} (the shared data's {@code
   * binance} folder: {@code spot_<symbol>_<day>.gz}, days continuing one another) into event files
   * of the data folder, on the backtest threads, unless they are there already: a node's backtests
   * have data to name from its first start.
   */
  public void prepareRecordedCaptures(Path captures) {
    if (!Files.isDirectory(captures)) {
      prepared = true;
      return;
    }
    pool.execute(
        () -> {
          try {
            Files.createDirectories(dataDir);
            for (String symbol : List.of("btcusdt", "ethusdt")) {
              Path target = dataDir.resolve("spot_" + symbol + ".events");
              List<Path> days;
              try (Stream<Path> files = Files.list(captures)) {
                days =
                    files
                        .filter(f -> f.getFileName().toString().startsWith("spot_" + symbol + "_"))
                        .filter(f -> f.getFileName().toString().endsWith(".gz"))
                        .sorted()
                        .toList();
              }
              if (days.isEmpty() || Files.exists(target)) {
                continue;
              }
              // Spot books carry 8-decimal sizes: the book's lot is 1e-8.
              // Written aside and moved into place: a node killed mid-way leaves no partial file
              // that a later start would take for a complete one.
              Path partial =
                  dataDir.resolve(
                      target.getFileName() + ".partial-" + ProcessHandle.current().pid());
              EventFiles.convertBinance(
                  InstrumentSpec.of(
                      new com.marketmaker.core.instrument.InstrumentId(
                          com.marketmaker.core.instrument.Venue.BINANCE,
                          symbol.toUpperCase(java.util.Locale.ROOT)),
                      "0.01",
                      "0.00000001"),
                  days,
                  partial);
              try {
                Files.move(partial, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
              } catch (java.nio.file.FileAlreadyExistsException other) {
                // Another node sharing the folder got there first; its file is as good.
                Files.deleteIfExists(partial);
              }
            }
          } catch (IOException | RuntimeException e) {
            preparationError = e.getMessage();
          } finally {
            prepared = true;
          }
        });
  }

  private volatile String preparationError;
  private volatile boolean prepared;

  /** Whether the recorded captures are converted (or there were none, or it failed). */
  public boolean prepared() {
    return prepared;
  }

  /** Why preparing the recorded captures failed, or null. */
  public String preparationError() {
    return preparationError;
  }

  /** The event files requests may name, with their instruments. */
  public Map<String, List<String>> dataFiles() throws IOException {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (!Files.isDirectory(dataDir)) {
      return out;
    }
    try (Stream<Path> files = Files.list(dataDir)) {
      for (Path f : files.sorted().toList()) {
        if (BacktestRequest.EVENT_FILE.matcher(f.getFileName().toString()).matches()) {
          try (EventFileReader r = EventFiles.open(f)) {
            out.put(
                f.getFileName().toString(),
                r.instruments().stream().map(s -> s.id().toString()).toList());
          } catch (IOException unreadable) {
            out.put(f.getFileName().toString(), List.of("unreadable: " + unreadable.getMessage()));
          }
        }
      }
    }
    return out;
  }

  /**
   * Queues a backtest.
   *
   * @throws IllegalArgumentException for a request that cannot run (unknown file, bad strategy)
   * @throws RejectedExecutionException when the queue is full
   */
  public View submit(BacktestRequest request) throws IOException {
    request.validate();
    List<Path> files = new ArrayList<>();
    List<InstrumentSpec> instruments = new ArrayList<>();
    long total = 0;
    for (String name : request.events()) {
      Path f = dataDir.resolve(name);
      if (!Files.isRegularFile(f)) {
        throw new IllegalArgumentException("events: no file '" + name + "' in the backtest data");
      }
      try (EventFileReader r = EventFiles.open(f)) {
        instruments.addAll(r.instruments());
        total += r.declaredEvents();
      }
      files.add(f);
    }
    BacktestConfig config =
        request
            .strategy()
            .config(
                instruments,
                request.venueModel(),
                request.feedLatencyNanos(),
                request.sampleIntervalNanos(),
                Map.of());
    Job job = new Job("bt-" + ids.incrementAndGet(), request, total);
    synchronized (jobs) {
      pool.execute(() -> run(job, files, config));
      jobs.put(job.id, job);
      while (jobs.size() > keep) {
        String oldest = jobs.keySet().iterator().next();
        if (jobs.get(oldest).status == Status.RUNNING || jobs.get(oldest).status == Status.QUEUED) {
          break;
        }
        jobs.remove(oldest);
      }
    }
    return job.view(false);
  }

  private void run(Job job, List<Path> files, BacktestConfig config) {
    job.status = Status.RUNNING;
    try (MarketEventSource source =
        files.size() == 1 ? EventFiles.open(files.get(0)) : EventFiles.merge(files)) {
      BacktestResult r = new Backtest(source, config).onProgress(n -> job.done = n).run();
      job.report =
          HtmlReport.write(r, "Backtest " + job.id, Map.of("request", job.request.toString()));
      job.result = r;
      job.done = r.marketEvents();
      job.status = Status.DONE;
    } catch (Exception | StackOverflowError e) {
      job.error = e.getClass().getSimpleName() + ": " + e.getMessage();
      job.status = Status.FAILED;
    }
  }

  public List<View> list() {
    synchronized (jobs) {
      return jobs.values().stream().map(j -> j.view(false)).toList();
    }
  }

  public Optional<View> get(String id) {
    synchronized (jobs) {
      Job j = jobs.get(id);
      return j == null ? Optional.empty() : Optional.of(j.view(true));
    }
  }

  /** The job's HTML report once it is done. */
  public Optional<String> report(String id) {
    synchronized (jobs) {
      Job j = jobs.get(id);
      return j == null ? Optional.empty() : Optional.ofNullable(j.report);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
