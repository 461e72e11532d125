package com.marketmaker.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketmaker.actors.SymbolEntity;
import com.marketmaker.actors.SymbolProtocol;
import com.marketmaker.actors.feed.FeedEvent;
import com.marketmaker.actors.feed.FeedLatency;
import com.marketmaker.actors.venue.OrderGateways;
import com.marketmaker.core.engine.VenueBook;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.strategy.MakerParameters;
import com.marketmaker.core.strategy.StrategyConfig;
import com.marketmaker.simulator.BinanceVenueSimulator;
import com.marketmaker.simulator.Dialect;
import com.marketmaker.simulator.ExchangeSettings;
import com.marketmaker.simulator.Settings;
import com.marketmaker.simulator.synthetic.ArrivalSpec;
import com.marketmaker.simulator.synthetic.FlowParameters;
import com.marketmaker.simulator.synthetic.SyntheticInstrument;
import com.marketmaker.streams.MarketDataFeeds;
import com.marketmaker.streams.binance.BinanceFeedSettings;
import com.marketmaker.streams.binance.BinanceMarketDataFeed;
import com.marketmaker.streams.feed.FeedMetrics;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * (Over 600 lines: a load script with its set-up, phases and report in one place, run by hand; it
 * is not on any product path.)
 *
 * <p>Market-data load on one node, run by hand (not a test): a self-joined single-node cluster with
 * {@link SymbolEntity} sharded over the in-memory journal, fed by the node's Binance spot feed
 * ({@link MarketDataFeeds}) from the venue simulator's synthetic instruments. Every instrument is
 * started through sharding with no order gateway (market data only); once every book is {@code
 * LIVE} and a warm-up has passed, {@link FeedLatency} is reset and the run measures, for {@code
 * --seconds}: messages per second from the feed's counters, frame-received to diff-applied latency
 * percentiles, gaps, resyncs and drops, and where the process's CPU time went (thread groups, GC).
 *
 * <p>The simulator runs in this process by default. {@code --simulator-only} runs only the
 * simulator (same instruments and flow) and {@code --venue host:port} points the node at one
 * running elsewhere, so the two can be measured in separate JVMs.
 */
@Command(
    name = "feed-load",
    mixinStandardHelpOptions = true,
    description = "Frame-to-book latency of a node under synthetic Binance spot market data.")
public final class FeedLoadBenchmark implements Callable<Integer> {

  @Option(names = "--instruments", description = "synthetic spot instruments (default: 300)")
  int instruments = 300;

  @Option(names = "--seconds", description = "measured seconds (default: 60)")
  int seconds = 60;

  @Option(
      names = "--rate-factor",
      description =
          "factor on the synthetic crowd's default order, market and cancel rates; 1 gives about"
              + " 15 messages/s per instrument, 2 about 21 (default: 2)")
  double rateFactor = 2;

  @Option(
      names = "--warmup-seconds",
      description = "after every book is LIVE, before the measurement (default: 15)")
  int warmupSeconds = 15;

  @Option(names = "--seed", description = "seed of the synthetic flow (default: 1)")
  long seed = 1;

  @Option(
      names = "--snapshot-depth",
      description =
          "levels per side of each book's REST snapshot; 100 costs request weight 5 each, so 300"
              + " books sync within the venue's per-minute budget (default: 100)")
  int snapshotDepth = 100;

  @Option(
      names = "--venue",
      description = "host:port of a simulator's spot binding run elsewhere (default: in-process)")
  String venue;

  @Option(
      names = "--simulator-only",
      description = "run only the simulator (with these instruments and rates) until killed")
  boolean simulatorOnly;

  @Option(names = "--port", description = "spot port of --simulator-only (default: 9443)")
  int port = 9443;

  @Option(names = "--live-timeout-seconds", description = "wait for LIVE books (default: 300)")
  int liveTimeoutSeconds = 300;

  @Option(
      names = "--recovery",
      description =
          "after the measurement, have the simulator drop the connection (POST /admin/faults"
              + " disconnect) and time until every book is LIVE again")
  boolean recovery;

  @Option(
      names = "--breakdown",
      description =
          "also time frame -> handed to the entity (decode, lane, delivery): the feed is started on"
              + " its own with a timing last step instead of through the node's MarketDataFeeds")
  boolean breakdown;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration ASK = Duration.ofSeconds(30);

  public static void main(String[] args) {
    System.exit(new CommandLine(new FeedLoadBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (instruments < 1 || instruments > 999) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--instruments must be 1 to 999");
    }
    if (!(rateFactor > 0) || seconds < 1 || warmupSeconds < 0) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--rate-factor and --seconds must be positive");
    }
    List<SyntheticInstrument> synthetic = syntheticInstruments(instruments, rateFactor);
    if (simulatorOnly) {
      return serveSimulator(synthetic);
    }
    ActorSystem<Void> simSystem = null;
    BinanceVenueSimulator sim = null;
    String host = venue;
    if (host == null) {
      simSystem = ActorSystem.create(Behaviors.empty(), "venue-simulator", quietConfig());
      sim = startSimulator(simSystem, synthetic, 0);
      host = "127.0.0.1:" + sim.spotPort();
    }
    try {
      return measure(synthetic, host, sim != null);
    } finally {
      if (sim != null) {
        sim.stop();
      }
      if (simSystem != null) {
        simSystem.terminate();
        simSystem.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
  }

  /** The default instruments with every crowd arrival rate multiplied by {@code factor}. */
  static List<SyntheticInstrument> syntheticInstruments(int n, double factor) {
    FlowParameters d = FlowParameters.defaults();
    FlowParameters flow =
        d.withArrivals(
            ArrivalSpec.poisson(d.limitOrders().mu() * factor),
            ArrivalSpec.poisson(d.marketOrders().mu() * factor),
            ArrivalSpec.poisson(d.cancels().mu() * factor));
    return SyntheticInstrument.defaults(n).stream()
        .map(s -> new SyntheticInstrument(s.symbol(), s.filters(), s.initialPrice(), flow))
        .toList();
  }

  private static Config quietConfig() {
    return ConfigFactory.parseString(
            "pekko.loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]\n"
                + "pekko.logging-filter = \"org.apache.pekko.event.slf4j.Slf4jLoggingFilter\"\n"
                + "pekko.loglevel = INFO")
        .withFallback(ConfigFactory.load());
  }

  private BinanceVenueSimulator startSimulator(
      ActorSystem<?> system, List<SyntheticInstrument> synthetic, int spotPort) {
    Path data = Path.of(System.getProperty("shared.data.dir", "../shared/data"));
    Settings settings =
        Settings.defaults(data)
            .withSymbols(List.of(), List.of())
            .withPorts(spotPort, 0)
            .withExchange(
                ExchangeSettings.defaults()
                    .withInstruments(synthetic, List.of())
                    .withFlow(seed, Duration.ofMillis(100), true));
    return BinanceVenueSimulator.start(system, settings);
  }

  private int serveSimulator(List<SyntheticInstrument> synthetic) throws Exception {
    ActorSystem<Void> system =
        ActorSystem.create(Behaviors.empty(), "venue-simulator", quietConfig());
    BinanceVenueSimulator sim = startSimulator(system, synthetic, port);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  sim.stop();
                  system.terminate();
                }));
    System.out.printf(
        "simulator: %d synthetic spot instruments, rates x%s, on 127.0.0.1:%d%n",
        instruments, rateFactor, sim.spotPort());
    system.getWhenTerminated().toCompletableFuture().join();
    return 0;
  }

  private Config nodeConfig(String host, Path snapshots) {
    return ConfigFactory.parseString(
            String.join(
                "\n",
                "pekko.actor.provider = cluster",
                "pekko.remote.artery.canonical.hostname = \"127.0.0.1\"",
                "pekko.remote.artery.canonical.port = 0",
                "pekko.cluster.sharding.number-of-shards = 100",
                "pekko.cluster.sharding.remember-entities-store = eventsourced",
                "pekko.cluster.jmx.multi-mbeans-in-same-jvm = on",
                "pekko.persistence.journal.plugin = \"pekko.persistence.journal.inmem\"",
                "pekko.persistence.snapshot-store.plugin = \"pekko.persistence.snapshot-store.local\"",
                "pekko.persistence.snapshot-store.local.dir = \""
                    + snapshots.toString().replace("\\", "/")
                    + "\"",
                "pekko.coordinated-shutdown.exit-jvm = off",
                "market-maker.entity.book-snapshot-depth = " + snapshotDepth,
                "market-maker.venues.binance.ws-url = \"ws://" + host + "\"",
                "market-maker.venues.binance.rest-url = \"http://" + host + "\""))
        .withFallback(quietConfig())
        .resolve();
  }

  private int measure(List<SyntheticInstrument> synthetic, String host, boolean inProcess)
      throws Exception {
    Path snapshots = Files.createTempDirectory("feed-load-snapshots");
    ActorSystem<Void> node =
        ActorSystem.create(Behaviors.empty(), "market-maker", nodeConfig(host, snapshots));
    Recorder delivered = new Recorder(FeedLatency.MAX_NANOS, 3);
    FeedSource feeds = null;
    try {
      Cluster cluster = Cluster.get(node);
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
      awaitTrue(
          () -> cluster.selfMember().status() == MemberStatus.up(),
          Duration.ofSeconds(30),
          "the node to join itself");
      feeds = FeedSource.start(node, breakdown ? delivered : null);
      SymbolEntity.init(node, feeds.lookup(), OrderGateways.NONE);
      ClusterSharding sharding = ClusterSharding.get(node);

      List<InstrumentSpec> specs = synthetic.stream().map(s -> s.spec(Dialect.SPOT)).toList();
      Map<InstrumentId, EntityRef<SymbolProtocol.Command>> entities = new HashMap<>();
      for (InstrumentSpec spec : specs) {
        entities.put(
            spec.id(), sharding.entityRefFor(SymbolEntity.ENTITY_KEY, spec.id().toString()));
      }
      long t0 = System.nanoTime();
      // Quotes of 0.1 at GLFT spreads; nothing is sent without an order gateway.
      MakerParameters params = new MakerParameters(0.05, 60, 5, 200, 100, 500);
      List<CompletableFuture<SymbolProtocol.Confirmation>> started = new ArrayList<>();
      for (InstrumentSpec spec : specs) {
        started.add(
            entities
                .get(spec.id())
                .<SymbolProtocol.Confirmation>ask(
                    r ->
                        new SymbolProtocol.Start(
                            spec, params, StrategyConfig.defaults(), "feed-load", r),
                    ASK)
                .toCompletableFuture());
      }
      for (CompletableFuture<SymbolProtocol.Confirmation> f : started) {
        SymbolProtocol.Confirmation c = f.get(60, TimeUnit.SECONDS);
        if (!(c instanceof SymbolProtocol.Accepted)) {
          throw new IllegalStateException("start refused: " + c);
        }
      }
      System.out.printf(
          "%d instruments started through sharding in %.1f s; waiting for LIVE books%n",
          specs.size(), (System.nanoTime() - t0) / 1e9);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(liveTimeoutSeconds);
      while (true) {
        Map<InstrumentId, VenueBook.Status> books = statuses(entities);
        long live = books.values().stream().filter(FeedLoadBenchmark::live).count();
        if (live == specs.size()) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              live + " of " + specs.size() + " books LIVE after " + liveTimeoutSeconds + " s");
        }
        Thread.sleep(1000);
      }
      System.out.printf(
          "all %d books LIVE %.1f s after the first Start; warm-up %d s%n",
          specs.size(), (System.nanoTime() - t0) / 1e9, warmupSeconds);
      Thread.sleep(TimeUnit.SECONDS.toMillis(warmupSeconds));

      // ---- measurement
      FeedLatency latency = FeedLatency.get(node);
      Probe before = Probe.take(feeds.metrics(), host);
      HandOffProbe handOff = HandOffProbe.start();
      latency.reset();
      delivered.reset();
      var os =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      double loadBefore = os.getSystemLoadAverage();
      double machineBusy = 0;
      int samples = 0;
      long start = System.nanoTime();
      long end = start + TimeUnit.SECONDS.toNanos(seconds);
      long next = start + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < end) {
        Thread.sleep(
            Math.min(1000, Math.max(1, Math.min(end, next) - System.nanoTime()) / 1_000_000 + 1));
        double busy = os.getCpuLoad();
        if (busy >= 0) {
          machineBusy += busy;
          samples++;
        }
        if (System.nanoTime() >= next && System.nanoTime() < end) {
          Histogram h = latency.total();
          System.out.printf(
              "  %3.0f s: %,d diffs applied, p99 %s µs, max %s µs so far%n",
              (System.nanoTime() - start) / 1e9,
              h.getTotalCount(),
              micros(h.getValueAtPercentile(99)),
              micros(h.getMaxValue()));
          next += TimeUnit.SECONDS.toNanos(10);
        }
      }
      Histogram h = latency.total();
      Histogram handed = delivered.getIntervalHistogram();
      Histogram wakeUps = handOff.stop();
      Probe after = Probe.take(feeds.metrics(), host);
      double wall = (after.nanos - before.nanos) / 1e9;
      Map<InstrumentId, VenueBook.Status> books = statuses(entities);
      report(specs.size(), wall, before, after, h, books, inProcess);
      if (breakdown) {
        System.out.printf(
            "  frame -> handed to the entity (decode, lane, delivery; %,d events): p50 %s µs,"
                + " p90 %s µs, p99 %s µs, p99.9 %s µs, max %s µs%n",
            handed.getTotalCount(),
            micros(handed.getValueAtPercentile(50)),
            micros(handed.getValueAtPercentile(90)),
            micros(handed.getValueAtPercentile(99)),
            micros(handed.getValueAtPercentile(99.9)),
            micros(handed.getMaxValue()));
      }
      System.out.printf(
          "  machine: load average %.2f before, %.2f after; all CPUs %.0f%% busy on average"
              + " (this JVM included)%n",
          loadBefore,
          os.getSystemLoadAverage(),
          samples == 0 ? Double.NaN : 100 * machineBusy / samples);
      System.out.printf(
          "  thread hand-off on this machine meanwhile (%,d, one per ms): p50 %s µs, p90 %s µs,"
              + " p99 %s µs, p99.9 %s µs, max %s µs%n",
          wakeUps.getTotalCount(),
          micros(wakeUps.getValueAtPercentile(50)),
          micros(wakeUps.getValueAtPercentile(90)),
          micros(wakeUps.getValueAtPercentile(99)),
          micros(wakeUps.getValueAtPercentile(99.9)),
          micros(wakeUps.getMaxValue()));
      if (recovery) {
        recover(host, entities, feeds);
      }
      return 0;
    } finally {
      if (feeds != null) {
        feeds.stop().get().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
      node.terminate();
      node.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /**
   * The node's Binance spot feed: through {@link MarketDataFeeds} as the node starts it, or (with a
   * timing recorder) started on its own with a last delivery step that records frame -> tell.
   */
  private record FeedSource(
      com.marketmaker.actors.feed.MarketDataFeeds lookup,
      Supplier<FeedMetrics> metricsOf,
      Supplier<CompletionStage<Done>> stop) {

    static FeedSource start(ActorSystem<?> node, Recorder delivered) {
      if (delivered == null) {
        MarketDataFeeds feeds = MarketDataFeeds.start(node, Set.of(Venue.BINANCE));
        return new FeedSource(
            feeds::feed,
            () ->
                feeds.metrics().stream()
                    .filter(f -> f.venue() == Venue.BINANCE)
                    .findFirst()
                    .orElseThrow(),
            feeds::stop);
      }
      BinanceMarketDataFeed feed =
          BinanceMarketDataFeed.start(
              node,
              BinanceFeedSettings.fromConfig(Venue.BINANCE, node.settings().config()),
              (subscriber, event) -> {
                subscriber.tell(event);
                if (event instanceof FeedEvent.Depth) {
                  long nanos = System.nanoTime() - event.receivedNanos();
                  delivered.recordValue(Math.max(0, Math.min(FeedLatency.MAX_NANOS, nanos)));
                }
              });
      return new FeedSource(
          v -> v == Venue.BINANCE ? Optional.of(feed) : Optional.empty(),
          feed::metrics,
          feed::stop);
    }

    FeedMetrics metrics() {
      return metricsOf.get();
    }
  }

  /** Drops the venue connection at the simulator and times until every book is LIVE again. */
  private void recover(
      String host, Map<InstrumentId, EntityRef<SymbolProtocol.Command>> entities, FeedSource feeds)
      throws Exception {
    FeedMetrics before = feeds.metrics();
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(URI.create("http://" + host + "/admin/faults"))
                    .header("Content-Type", "application/json")
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"type\":\"disconnect\"}"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("disconnect fault refused: " + r.body());
    }
    long t0 = System.nanoTime();
    long deadline = t0 + TimeUnit.SECONDS.toNanos(liveTimeoutSeconds);
    // Wait for the books to notice (the reconnect resyncs them), then for all of them to be LIVE.
    awaitTrue(
        () -> feeds.metrics().reconnects() > before.reconnects(),
        Duration.ofSeconds(60),
        "the feed to reconnect");
    long live;
    while (true) {
      live = statuses(entities).values().stream().filter(FeedLoadBenchmark::live).count();
      if (live == entities.size() || System.nanoTime() > deadline) {
        break;
      }
      Thread.sleep(250);
    }
    FeedMetrics after = feeds.metrics();
    System.out.printf(
        "  recovery from a venue disconnect: %d of %d books LIVE again %.1f s after the fault;"
            + " snapshot requests %d, of them failed or refused locally %d%n",
        live,
        entities.size(),
        (System.nanoTime() - t0) / 1e9,
        after.restRequests() - before.restRequests(),
        after.restFailures() - before.restFailures());
  }

  /**
   * The machine's floor for one hop between threads: a producer hands its clock reading to a
   * waiting consumer once per millisecond and the consumer records how long the hand-off took.
   * Every step of the feed path that crosses threads (connection, entity) pays this.
   */
  private static final class HandOffProbe {
    private final java.util.concurrent.SynchronousQueue<Long> queue =
        new java.util.concurrent.SynchronousQueue<>();
    private final Histogram histogram = new Histogram(FeedLatency.MAX_NANOS, 3);
    private final Thread producer;
    private final Thread consumer;
    private volatile boolean running = true;

    private HandOffProbe() {
      consumer =
          new Thread(
              () -> {
                try {
                  while (true) {
                    long sent = queue.take();
                    if (sent < 0) {
                      return;
                    }
                    histogram.recordValue(
                        Math.min(FeedLatency.MAX_NANOS, Math.max(0, System.nanoTime() - sent)));
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "hand-off-consumer");
      producer =
          new Thread(
              () -> {
                try {
                  while (running) {
                    queue.put(System.nanoTime());
                    Thread.sleep(1);
                  }
                  queue.put(-1L);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "hand-off-producer");
      consumer.setDaemon(true);
      producer.setDaemon(true);
    }

    static HandOffProbe start() {
      HandOffProbe p = new HandOffProbe();
      p.consumer.start();
      p.producer.start();
      return p;
    }

    Histogram stop() throws InterruptedException {
      running = false;
      producer.join(5000);
      consumer.join(5000);
      return histogram.copy();
    }
  }

  private static boolean live(VenueBook.Status s) {
    return s != null && s.sync().equals("LIVE") && s.trusted();
  }

  private static Map<InstrumentId, VenueBook.Status> statuses(
      Map<InstrumentId, EntityRef<SymbolProtocol.Command>> entities) throws Exception {
    Map<InstrumentId, CompletionStage<SymbolProtocol.Confirmation>> asks = new HashMap<>();
    entities.forEach((id, ref) -> asks.put(id, ref.ask(SymbolProtocol.GetStatus::new, ASK)));
    Map<InstrumentId, VenueBook.Status> out = new HashMap<>();
    for (Map.Entry<InstrumentId, CompletionStage<SymbolProtocol.Confirmation>> e :
        asks.entrySet()) {
      SymbolProtocol.Confirmation c = e.getValue().toCompletableFuture().get(60, TimeUnit.SECONDS);
      out.put(e.getKey(), c instanceof SymbolProtocol.Accepted a ? a.summary().market() : null);
    }
    return out;
  }

  /** Counters of the feed, the simulator and the process at one moment. */
  private record Probe(
      long nanos,
      FeedMetrics feed,
      long processCpuNanos,
      long gcMillis,
      long gcCount,
      Map<String, Long> threadCpuNanos,
      JsonNode simulator) {

    static Probe take(FeedMetrics m, String host) {
      var os =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long gcMillis = 0;
      long gcCount = 0;
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        gcMillis += Math.max(0, gc.getCollectionTime());
        gcCount += Math.max(0, gc.getCollectionCount());
      }
      return new Probe(
          System.nanoTime(),
          m,
          os.getProcessCpuTime(),
          gcMillis,
          gcCount,
          threadCpu(),
          simulatorStatus(host));
    }
  }

  /** CPU time of the live threads, summed by thread group (name without its number). */
  private static Map<String, Long> threadCpu() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<String, Long> out = new TreeMap<>();
    for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (t == null) {
        continue;
      }
      long cpu = threads.getThreadCpuTime(t.getThreadId());
      if (cpu > 0) {
        out.merge(threadGroup(t.getThreadName()), cpu, Long::sum);
      }
    }
    return out;
  }

  static String threadGroup(String name) {
    return name.replaceAll("-?[0-9]+$", "");
  }

  private static JsonNode simulatorStatus(String host) {
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          URI.create("http://" + host + "/admin/synthetic/status"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private void report(
      int n,
      double wall,
      Probe before,
      Probe after,
      Histogram h,
      Map<InstrumentId, VenueBook.Status> books,
      boolean inProcess) {
    FeedMetrics a = after.feed;
    FeedMetrics b = before.feed;
    double[] perInstrument = new double[n];
    long messages = 0;
    long depth = 0;
    long drops = 0;
    int i = 0;
    for (Map.Entry<InstrumentId, FeedMetrics.Instrument> e : a.instruments().entrySet()) {
      FeedMetrics.Instrument x = e.getValue();
      FeedMetrics.Instrument y = b.instruments().get(e.getKey());
      long dm = x.messages() - (y == null ? 0 : y.messages());
      messages += dm;
      depth += x.depthUpdates() - (y == null ? 0 : y.depthUpdates());
      drops += x.drops() - (y == null ? 0 : y.drops());
      if (i < n) {
        perInstrument[i++] = dm / wall;
      }
    }
    Arrays.sort(perInstrument, 0, i);
    long live = books.values().stream().filter(FeedLoadBenchmark::live).count();
    long bookGaps = 0;
    long bookResyncs = 0;
    long snapshots = 0;
    for (VenueBook.Status s : books.values()) {
      if (s != null) {
        bookGaps += s.gaps();
        bookResyncs += s.resyncs();
        snapshots += s.snapshots();
      }
    }
    double cpu = (after.processCpuNanos - before.processCpuNanos) / 1e9;
    System.out.println();
    System.out.printf(
        "market data load: %d instruments, rates x%s, %.1f s measured, simulator %s%n",
        n, rateFactor, wall, inProcess ? "in this JVM" : "in another JVM at " + venue);
    System.out.printf(
        "  CPUs: %d available to the JVM; %s %s%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"));
    System.out.printf(
        "  feed: %,.0f frames/s; %,.0f messages/s to instruments = %.1f per instrument"
            + " (min %.1f, median %.1f, max %.1f); %,.0f depth diffs/s%n",
        (a.frames() - b.frames()) / wall,
        messages / wall,
        messages / wall / n,
        i == 0 ? 0 : perInstrument[0],
        i == 0 ? 0 : perInstrument[i / 2],
        i == 0 ? 0 : perInstrument[i - 1],
        depth / wall);
    System.out.printf(
        "  frame -> book latency (%,d diffs applied): p50 %s µs, p90 %s µs, p99 %s µs,"
            + " p99.9 %s µs, max %s µs%n",
        h.getTotalCount(),
        micros(h.getValueAtPercentile(50)),
        micros(h.getValueAtPercentile(90)),
        micros(h.getValueAtPercentile(99)),
        micros(h.getValueAtPercentile(99.9)),
        micros(h.getMaxValue()));
    System.out.printf(
        "  during the run: feed gaps %d, resyncs %d, lane drops %d, decode errors %d,"
            + " malformed frames %d, reconnects %d%n",
        a.gaps() - b.gaps(),
        a.resyncs() - b.resyncs(),
        drops,
        a.decodeErrors() - b.decodeErrors(),
        a.malformedFrames() - b.malformedFrames(),
        a.reconnects() - b.reconnects());
    System.out.printf(
        "  books at the end: %d of %d LIVE; since start %d gaps, %d resyncs, %d snapshots%n",
        live, n, bookGaps, bookResyncs, snapshots);
    if (before.simulator != null && after.simulator != null) {
      System.out.printf(
          "  simulator: %,.0f frames/s sent, %d late beats during the run%n",
          (after.simulator.path("framesSent").asLong()
                  - before.simulator.path("framesSent").asLong())
              / wall,
          after.simulator.path("lateBeats").asLong() - before.simulator.path("lateBeats").asLong());
    }
    System.out.printf(
        "  this JVM: %.2f cores of CPU; GC %d collections, %.1f%% of wall time%n",
        cpu / wall,
        after.gcCount - before.gcCount,
        100.0 * (after.gcMillis - before.gcMillis) / 1000.0 / wall);
    Map<String, Long> delta = new HashMap<>();
    after.threadCpuNanos.forEach(
        (g, v) -> delta.put(g, v - before.threadCpuNanos.getOrDefault(g, 0L)));
    long javaThreads = delta.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf(
        "    Java threads %.2f cores; the rest (GC, JIT, VM threads) %.2f cores%n",
        javaThreads / 1e9 / wall, cpu / wall - javaThreads / 1e9 / wall);
    delta.entrySet().stream()
        .filter(e -> e.getValue() > 0.002 * wall * 1e9)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(12)
        .forEach(
            e ->
                System.out.printf(
                    Locale.ROOT, "    %-60s %.2f cores%n", e.getKey(), e.getValue() / 1e9 / wall));
  }

  private static String micros(long nanos) {
    return String.format(Locale.ROOT, "%,.1f", nanos / 1000.0);
  }

  private static void awaitTrue(
      java.util.function.BooleanSupplier condition, Duration within, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }
}
