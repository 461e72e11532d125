package com.marketmaker.http.dashboard;

import com.marketmaker.actors.MakerGateway;
import com.marketmaker.actors.SymbolProtocol;
import com.marketmaker.actors.SymbolProtocol.DashboardRow;
import com.marketmaker.core.instrument.InstrumentId;
import com.typesafe.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * What the dashboard shows of every instrument in the cluster, refreshed on a timer: every {@code
 * interval} it lists the running instruments, asks each for its {@link DashboardRow} (at most
 * {@code parallelism} asks in flight) and appends the answers to each instrument's {@link
 * SeriesRing}, so a reloaded page finds the recent history on the node. It starts with the first
 * dashboard request (a node nobody watches asks nothing) and a sample is skipped while the previous
 * one is still out (an instrument moving after a node failure answers late).
 */
public final class DashboardSampler {

  /** The dashboard's settings ({@code market-maker.dashboard}). */
  public record Settings(
      Duration interval, int historyPoints, int parallelism, Duration forgetAfter) {

    public Settings {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("market-maker.dashboard.sample-interval must be > 0");
      }
      if (historyPoints < 2 || parallelism < 1) {
        throw new IllegalArgumentException(
            "market-maker.dashboard: history-points >= 2 and parallelism >= 1");
      }
    }

    public static Settings fromConfig(Config root) {
      Config c = root.getConfig("market-maker.dashboard");
      return new Settings(
          c.getDuration("sample-interval"),
          c.getInt("history-points"),
          c.getInt("parallelism"),
          c.getDuration("forget-after"));
    }
  }

  /**
   * One sample of the whole cluster.
   *
   * @param rows every instrument that answered, sorted by id
   * @param nodesAsked cluster members asked for their instruments
   * @param nodesUnavailable of those, members that did not answer
   * @param unanswered running instruments that did not answer in time
   */
  public record Sample(
      long atMillis,
      List<DashboardRow> rows,
      int nodesAsked,
      int nodesUnavailable,
      int unanswered) {
    static final Sample EMPTY = new Sample(0, List.of(), 0, 0, 0);
  }

  /** Schedules {@code task} every {@code interval}. */
  public interface Timer {
    void every(Duration interval, Runnable task);
  }

  private final MakerGateway gateway;
  private final Settings settings;
  private final Timer timer;
  private final LongSupplier millisClock;
  private final Map<String, SeriesRing> series = new ConcurrentHashMap<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean inFlight = new AtomicBoolean();
  private final AtomicLong samples = new AtomicLong();
  private volatile Sample latest = Sample.EMPTY;

  public DashboardSampler(
      MakerGateway gateway, Settings settings, Timer timer, LongSupplier millisClock) {
    this.gateway = gateway;
    this.settings = settings;
    this.timer = timer;
    this.millisClock = millisClock;
  }

  public Settings settings() {
    return settings;
  }

  /** Starts sampling unless it runs already. */
  public void ensureStarted() {
    if (started.compareAndSet(false, true)) {
      timer.every(settings.interval(), this::sampleNow);
    }
  }

  /** The newest complete sample ({@link Sample#EMPTY} before the first). */
  public Sample latest() {
    return latest;
  }

  /** Samples completed since the start. */
  public long samples() {
    return samples.get();
  }

  /** The recent series of {@code instrument}, oldest first, or null when none is kept. */
  public Map<String, Object> history(String instrument) {
    SeriesRing ring = series.get(instrument);
    return ring == null ? null : ring.columns();
  }

  /** Takes one sample unless one is in flight; completes when it is recorded. */
  public CompletionStage<Sample> sampleNow() {
    if (!inFlight.compareAndSet(false, true)) {
      return CompletableFuture.completedFuture(latest);
    }
    return gateway
        .runningInstruments()
        .thenCompose(running -> askAll(running.instruments(), running))
        .whenComplete((s, e) -> inFlight.set(false))
        .exceptionally(e -> latest);
  }

  private CompletionStage<Sample> askAll(List<String> ids, MakerGateway.Running running) {
    List<CompletableFuture<SymbolProtocol.Confirmation>> asks = new ArrayList<>(ids.size());
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    for (int from = 0; from < ids.size(); from += settings.parallelism()) {
      List<String> batch = ids.subList(from, Math.min(ids.size(), from + settings.parallelism()));
      chain =
          chain.thenCompose(
              done -> {
                List<CompletableFuture<SymbolProtocol.Confirmation>> part = new ArrayList<>();
                for (String id : batch) {
                  part.add(ask(id));
                }
                asks.addAll(part);
                return CompletableFuture.allOf(part.toArray(CompletableFuture[]::new));
              });
    }
    return chain.thenApply(done -> record(asks, running));
  }

  private CompletableFuture<SymbolProtocol.Confirmation> ask(String id) {
    InstrumentId instrument;
    try {
      instrument = InstrumentId.parse(id);
    } catch (IllegalArgumentException notOurs) {
      return CompletableFuture.completedFuture(null);
    }
    return gateway
        .ask(instrument, SymbolProtocol.GetDashboardRow::new)
        .toCompletableFuture()
        .exceptionally(e -> null);
  }

  private Sample record(
      List<CompletableFuture<SymbolProtocol.Confirmation>> asks, MakerGateway.Running running) {
    long now = millisClock.getAsLong();
    List<DashboardRow> rows = new ArrayList<>(asks.size());
    int unanswered = 0;
    for (var a : asks) {
      SymbolProtocol.Confirmation c = a.join();
      if (c instanceof DashboardRow row) {
        rows.add(row);
        series
            .computeIfAbsent(row.instrument(), k -> new SeriesRing(settings.historyPoints()))
            .add(row, now);
      } else if (c == null) {
        unanswered++;
      }
    }
    rows.sort(Comparator.comparing(DashboardRow::instrument));
    long forgetBefore = now - settings.forgetAfter().toMillis();
    series.values().removeIf(r -> r.lastSeenMillis() < forgetBefore);
    Sample s =
        new Sample(
            now, List.copyOf(rows), running.nodesAsked(), running.nodesUnavailable(), unanswered);
    latest = s;
    samples.incrementAndGet();
    return s;
  }
}
