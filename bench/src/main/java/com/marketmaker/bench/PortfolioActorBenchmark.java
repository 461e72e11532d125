package com.marketmaker.bench;

import com.marketmaker.actors.portfolio.PortfolioActor;
import com.marketmaker.actors.portfolio.PortfolioProtocol.Command;
import com.marketmaker.actors.portfolio.PortfolioProtocol.InstrumentReport;
import com.marketmaker.actors.portfolio.PortfolioProtocol.ReportAck;
import com.marketmaker.actors.portfolio.PortfolioProtocol.ReportedFill;
import com.marketmaker.actors.portfolio.PortfolioSettings;
import com.marketmaker.core.accounting.Side;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The portfolio actor's whole path per fill at 300 instruments: an instrument's report carrying one
 * new fill is told to the actor, which registers and marks the instrument (book and bars), checks
 * the trade id, journals the fill ({@code FillsBooked}, Pekko's in-memory journal here: the
 * journal's own write time is not in the figure), applies it to the book and acknowledges with the
 * instrument's advice; one op is that round trip, awaited. The model evaluation runs on its own
 * executor every 5 s as in a node. Compare {@link PortfolioBenchmark#bookFill}, the book alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PortfolioActorBenchmark {

  private static final int INSTRUMENTS = 300;

  private ActorSystem<Void> system;
  private java.nio.file.Path snapshots;
  private ExecutorService models;
  private ActorRef<Command> portfolio;
  private final String[] ids = new String[INSTRUMENTS];
  private final String[] bases = new String[INSTRUMENTS];
  private final double[] mids = new double[INSTRUMENTS];
  private final long[] positions = new long[INSTRUMENTS];
  private final SplittableRandom random = new SplittableRandom(3);
  private long tradeId;
  private long clockMillis = 1_700_000_000_000L;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    snapshots = java.nio.file.Files.createTempDirectory("portfolio-bench");
    Config config =
        ConfigFactory.parseString(
                String.join(
                    "\n",
                    "pekko.actor.provider = local",
                    "pekko.loglevel = WARNING",
                    "pekko.persistence.journal.plugin = \"pekko.persistence.journal.inmem\"",
                    "pekko.persistence.snapshot-store.plugin ="
                        + " \"pekko.persistence.snapshot-store.local\"",
                    "pekko.persistence.snapshot-store.local.dir = \""
                        + snapshots.toString().replace("\\", "/")
                        + "\"",
                    "market-maker.portfolio.checkpoint-every = 1h"))
            .withFallback(ConfigFactory.load());
    system = ActorSystem.create(Behaviors.empty(), "portfolio-bench", config);
    models = Executors.newSingleThreadExecutor();
    portfolio =
        system.systemActorOf(
            PortfolioActor.create(
                PortfolioSettings.fromConfig(system.settings().config()),
                Clock.systemUTC(),
                models),
            "portfolio",
            org.apache.pekko.actor.typed.Props.empty());
    for (int i = 0; i < INSTRUMENTS; i++) {
      bases[i] = String.format("SYN%03d", i);
      ids[i] = "BINANCE:" + bases[i] + "USDT";
      mids[i] = 10 + i;
      ask(i, List.of());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    system.terminate();
    models.shutdownNow();
  }

  private ReportAck ask(int i, List<ReportedFill> fills) throws Exception {
    clockMillis += 7;
    long at = clockMillis;
    return AskPattern.<Command, ReportAck>ask(
            portfolio,
            replyTo ->
                new InstrumentReport(
                    ids[i],
                    "BINANCE",
                    bases[i],
                    "USDT",
                    positions[i] / 10.0,
                    mids[i],
                    0,
                    0,
                    mids[i],
                    1,
                    0,
                    tradeId,
                    fills,
                    true,
                    at,
                    replyTo),
            Duration.ofSeconds(10),
            system.scheduler())
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  /** One report with one new fill, round trip to its acknowledgement. */
  @Benchmark
  public long reportWithOneFill() throws Exception {
    int i = random.nextInt(INSTRUMENTS);
    boolean buy = random.nextBoolean();
    positions[i] += buy ? 1 : -1;
    mids[i] *= 1 + 1e-4 * (random.nextDouble() - 0.5);
    ReportedFill fill =
        new ReportedFill(
            ++tradeId, buy ? Side.BUY : Side.SELL, mids[i], 0.1, 0.0001, true, clockMillis);
    return ask(i, List.of(fill)).lastTradeId();
  }
}
