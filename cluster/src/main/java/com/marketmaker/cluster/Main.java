package com.marketmaker.cluster;

import com.marketmaker.actors.JournalHistory;
import com.marketmaker.actors.ShardedMakerGateway;
import com.marketmaker.actors.SymbolEntity;
import com.marketmaker.actors.SymbolProtocol;
import com.marketmaker.actors.feed.FeedLatency;
import com.marketmaker.actors.feed.MarketDataFeeds;
import com.marketmaker.actors.portfolio.PortfolioLink;
import com.marketmaker.actors.portfolio.Portfolios;
import com.marketmaker.actors.sweep.Sweeps;
import com.marketmaker.actors.venue.ExecutionRouter;
import com.marketmaker.actors.venue.OrderGateways;
import com.marketmaker.actors.venue.TradingRegistry;
import com.marketmaker.backtest.service.BacktestJobs;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.strategy.MakerParameters;
import com.marketmaker.core.strategy.StrategyConfig;
import com.marketmaker.http.ApiSecurity;
import com.marketmaker.http.HttpServer;
import com.marketmaker.http.MakerRoutes;
import com.marketmaker.http.auth.AuthSettings;
import com.marketmaker.http.dashboard.DashboardRoutes;
import com.marketmaker.http.dashboard.DashboardSampler;
import com.marketmaker.persistence.CassandraLauncher;
import com.marketmaker.simulator.BinanceVenueSimulator;
import com.marketmaker.simulator.Dialect;
import com.marketmaker.simulator.ExchangeSettings;
import com.marketmaker.simulator.Settings;
import com.marketmaker.simulator.coinbase.CoinbaseVenueSimulator;
import com.marketmaker.simulator.exchange.ExchangeAccount;
import com.marketmaker.simulator.kraken.KrakenVenueSimulator;
import com.marketmaker.simulator.socket.StreamVenueSettings;
import com.marketmaker.simulator.synthetic.SyntheticInstrument;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Boots one node: its Cassandra (embedded when no contact point is configured), the actor system,
 * Pekko Management with health checks and cluster bootstrap, instrument sharding and the API.
 *
 * <p>A little over 500 lines: it is the one place where a node's start-up order and every section
 * of its configuration (the embedded Cassandra and venue among them) are read and wired, which
 * reads better whole than spread over helpers that each run once.
 */
public final class Main {

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    Config config = ConfigFactory.load();
    // A malformed admin token stops the node before anything starts.
    AuthSettings.fromConfig(config);
    // The embedded simulator (local run) rewrites the venue URLs below.
    CassandraLauncher embedded = null;
    String contactPoint = config.getString("market-maker.cassandra.contact-point").trim();
    if (contactPoint.isEmpty()) {
      embedded = CassandraLauncher.start(embeddedSettings(config));
      contactPoint = embedded.contactPoint();
    }
    final CassandraLauncher cassandra = embedded;
    try {
      if (config.getBoolean("market-maker.simulator.embedded")) {
        config = withEmbeddedSimulator(config);
      }
      ActorSystem<Void> system = start(withCassandra(config, contactPoint));
      if (config.getBoolean("market-maker.simulator.embedded")
          && config.getBoolean("market-maker.simulator.make-markets")) {
        startLocalMaking(system, localInstruments);
      }
      if (cassandra != null) {
        // Cassandra goes down after the node: the node's last journal writes must still land.
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      system.terminate();
                      try {
                        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
                      } catch (Exception e) {
                        log.warn("node did not stop in time; stopping Cassandra anyway");
                      }
                      cassandra.stop();
                    },
                    "stop-embedded-cassandra"));
      }
    } catch (RuntimeException e) {
      if (cassandra != null) {
        cassandra.stop();
      }
      throw e;
    }
  }

  /**
   * Starts the venue simulators inside the node (the local run) and points the Binance, Kraken and
   * Coinbase feeds at their loopback ports. They replay the recorded captures at the configured
   * pace.
   */
  static Config withEmbeddedSimulator(Config config) {
    Config c = config.getConfig("market-maker.simulator");
    Path data = Path.of(c.getString("data-dir"));
    if (!Files.isDirectory(data.resolve("binance"))) {
      throw new IllegalStateException(
          "market-maker.simulator.data-dir: no recorded captures in "
              + data.toAbsolutePath()
              + "/binance; set MM_SIMULATOR_DATA or turn the embedded simulator off");
    }
    // The venue runs in an actor system of its own, as a separate venue would.
    ActorSystem<Void> venue =
        ActorSystem.create(
            Behaviors.empty(),
            "venue-simulator",
            ConfigFactory.parseString(
                    "pekko.actor.provider = local\npekko.coordinated-shutdown.exit-jvm = off")
                .withFallback(ConfigFactory.defaultReference()));
    // Synthetic instruments with a matching engine, traded by a local account whose credentials
    // exist only in this process (new ones at every start); what the account holds at the venue is
    // kept in state-dir, so a restarted node finds the venue its journal booked against.
    Config syn = c.getConfig("synthetic");
    Config limits = c.getConfig("account-limits");
    List<SyntheticInstrument> spotSynthetic =
        paired(
            synthetic("SYNS", syn.getInt("spot")),
            syn.getInt("pairs"),
            syn.getDouble("pair-reversion"),
            syn.getDouble("pair-volatility"));
    List<SyntheticInstrument> usdmSynthetic = synthetic("SYNF", syn.getInt("usdm"));
    String apiKey = "local" + randomHex(16);
    String apiSecret = randomHex(32);
    Path state = stateDir(c);
    BinanceVenueSimulator simulator;
    try {
      simulator =
          BinanceVenueSimulator.start(
              venue,
              Settings.defaults(data)
                  .withPorts(c.getInt("spot-port"), c.getInt("usdm-port"))
                  .withWeightPerMinute(
                      limits.getInt("spot-weight-per-minute"),
                      limits.getInt("usdm-weight-per-minute"))
                  .withExchange(
                      ExchangeSettings.defaults()
                          .withAccounts(List.of(new ExchangeAccount("local", apiKey, apiSecret)))
                          .withInstruments(spotSynthetic, usdmSynthetic)
                          .withFlow(syn.getLong("seed"), Duration.ofMillis(100), true)
                          // Binance's own account limits by default: the demo account trades
                          // within them.
                          .withOrderLimits(
                              limits.getInt("spot-orders-per-10s"),
                              limits.getInt("usdm-orders-per-10s"))
                          .withStateDir(state)
                          .withUnfilledOrderRetention(c.getDuration("unfilled-order-retention"))
                          .withFillRetention(c.getDuration("fill-retention"))));
    } catch (RuntimeException e) {
      // e.g. a damaged venue state: the node must exit, not hang on the venue's threads
      venue.terminate();
      throw e;
    }
    if (state != null) {
      log.info(
          "The embedded venue keeps the local account (orders, fills, ids) in {}; stop the node and"
              + " delete it, with the node's journal, to start over with a fresh account",
          state.toAbsolutePath());
    }
    List<InstrumentSpec> tradable = new ArrayList<>();
    spotSynthetic.forEach(i -> tradable.add(i.spec(Dialect.SPOT)));
    usdmSynthetic.forEach(i -> tradable.add(i.spec(Dialect.USDM)));
    localInstruments = List.copyOf(tradable);
    StreamVenueSettings streamVenue = StreamVenueSettings.defaults(data);
    KrakenVenueSimulator kraken =
        KrakenVenueSimulator.start(venue, streamVenue.withPort(c.getInt("kraken-port")));
    CoinbaseVenueSimulator coinbase =
        CoinbaseVenueSimulator.start(venue, streamVenue.withPort(c.getInt("coinbase-port")));
    double speed = replaySpeed(c.getString("speed"));
    simulator.startReplay(speed);
    kraken.startReplay(speed);
    coinbase.startReplay(speed);
    log.info(
        "Embedded venue simulator: Binance spot on 127.0.0.1:{}, USD-M on 127.0.0.1:{}, Kraken {},"
            + " Coinbase {}",
        simulator.spotPort(),
        simulator.usdmPort(),
        kraken.wsUrl(),
        coinbase.wsUrl());
    String spot = "127.0.0.1:" + simulator.spotPort();
    String usdm = "127.0.0.1:" + simulator.usdmPort();
    return ConfigFactory.parseMap(
            java.util.Map.of(
                "market-maker.venues.binance.api-key",
                apiKey,
                "market-maker.venues.binance.api-secret",
                apiSecret,
                "market-maker.venues.binance-usdm.api-key",
                apiKey,
                "market-maker.venues.binance-usdm.api-secret",
                apiSecret,
                "market-maker.venues.binance.ws-url",
                "ws://" + spot,
                "market-maker.venues.binance.rest-url",
                "http://" + spot,
                "market-maker.venues.binance-usdm.ws-url",
                "ws://" + usdm,
                "market-maker.venues.binance-usdm.rest-url",
                "http://" + usdm,
                "market-maker.venues.kraken.ws-url",
                kraken.wsUrl(),
                "market-maker.venues.coinbase.ws-url",
                coinbase.wsUrl()))
        .withFallback(config);
  }

  /**
   * Where the embedded venue keeps its account across restarts ({@code
   * market-maker.simulator.state-dir}); null when it is off or empty (a fresh venue every start).
   */
  static Path stateDir(Config simulator) {
    if (!simulator.hasPath("state-dir")) {
      return null;
    }
    String dir = simulator.getString("state-dir").trim();
    return dir.isEmpty() || dir.equals("off") || dir.equals("false") ? null : Path.of(dir);
  }

  /** The embedded simulator's tradable instruments (the local run), empty otherwise. */
  private static List<InstrumentSpec> localInstruments = List.of();

  /** {@code n} synthetic instruments {@code <prefix>001USDT}... at 100.00, default flow. */
  private static List<SyntheticInstrument> synthetic(String prefix, int n) {
    List<SyntheticInstrument> out = new ArrayList<>();
    for (SyntheticInstrument d : SyntheticInstrument.defaults(n)) {
      out.add(
          new SyntheticInstrument(
              d.symbol().replace("SYN", prefix), d.filters(), d.initialPrice(), d.flow()));
    }
    return out;
  }

  /**
   * The first {@code pairs} pairs of {@code instruments} cointegrated by construction: the second
   * of each pair follows the first (see {@link com.marketmaker.simulator.synthetic.Pairing}).
   */
  static List<SyntheticInstrument> paired(
      List<SyntheticInstrument> instruments, int pairs, double reversion, double volatility) {
    if (pairs < 0 || 2 * pairs > instruments.size()) {
      throw new IllegalArgumentException(
          "market-maker.simulator.synthetic.pairs must be between 0 and half the spot instruments,"
              + " got "
              + pairs);
    }
    List<SyntheticInstrument> out = new ArrayList<>(instruments);
    for (int k = 0; k < pairs; k++) {
      SyntheticInstrument leader = out.get(2 * k);
      SyntheticInstrument f = out.get(2 * k + 1);
      out.set(
          2 * k + 1,
          new SyntheticInstrument(
              f.symbol(),
              f.filters(),
              f.initialPrice(),
              f.flow()
                  .withPairing(
                      new com.marketmaker.simulator.synthetic.Pairing(
                          leader.symbol(), reversion, volatility))));
    }
    return out;
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    new java.security.SecureRandom().nextBytes(b);
    return java.util.HexFormat.of().formatHex(b);
  }

  /**
   * The local run makes markets out of the box: once the node is up, every synthetic instrument of
   * the embedded simulator is started with sensible defaults (GLFT, 0.1 per quote, at most 1.0 long
   * or short, spread between 5 and 200 bps), retried until the node answers.
   */
  static void startLocalMaking(ActorSystem<Void> system, List<InstrumentSpec> instruments) {
    if (instruments.isEmpty()) {
      return;
    }
    ShardedMakerGateway gateway = new ShardedMakerGateway(system, Duration.ofSeconds(10));
    MakerParameters params = new MakerParameters(0.05, 60, 5, 200, 100, 1000);
    for (InstrumentSpec spec : instruments) {
      startLocal(system, gateway, spec, params, 0);
    }
  }

  private static void startLocal(
      ActorSystem<Void> system,
      ShardedMakerGateway gateway,
      InstrumentSpec spec,
      MakerParameters params,
      int attempt) {
    gateway
        .ask(
            spec.id(),
            r -> new SymbolProtocol.Start(spec, params, StrategyConfig.defaults(), "local-run", r))
        .whenComplete(
            (reply, failure) -> {
              if (reply instanceof SymbolProtocol.Accepted) {
                log.info("local run: making {}", spec.id());
              } else if (attempt < 60) {
                system
                    .scheduler()
                    .scheduleOnce(
                        Duration.ofSeconds(2),
                        () -> startLocal(system, gateway, spec, params, attempt + 1),
                        system.executionContext());
              } else {
                log.warn(
                    "local run: could not start {}: {}",
                    spec.id(),
                    failure == null ? reply : failure.toString());
              }
            });
  }

  /** {@code max}, or a positive factor over the recorded pace. */
  static double replaySpeed(String text) {
    if (text.equalsIgnoreCase("max")) {
      return Double.POSITIVE_INFINITY;
    }
    try {
      double speed = Double.parseDouble(text);
      if (speed > 0 && Double.isFinite(speed)) {
        return speed;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new IllegalArgumentException(
        "market-maker.simulator.speed must be 'max' or a positive number, got '" + text + "'");
  }

  /** Points the Cassandra driver at {@code contactPoint} ({@code host:port}). */
  static Config withCassandra(Config config, String contactPoint) {
    if (!contactPoint.matches("[A-Za-z0-9.\\-]+:[0-9]{1,5}")) {
      throw new IllegalArgumentException(
          "market-maker.cassandra.contact-point must be host:port, got '" + contactPoint + "'");
    }
    return config.withValue(
        "datastax-java-driver.basic.contact-points",
        ConfigValueFactory.fromIterable(List.of(contactPoint)));
  }

  static CassandraLauncher.Settings embeddedSettings(Config config) {
    Config c = config.getConfig("market-maker.cassandra.embedded");
    return new CassandraLauncher.Settings(
        Path.of(c.getString("lib-dir")),
        Path.of(c.getString("data-dir")),
        c.getInt("cql-port"),
        c.getInt("storage-port"),
        c.getString("java"),
        c.getString("heap"),
        c.getDuration("startup-timeout"));
  }

  /** Starts the node's actor system and everything in it. */
  /**
   * Starts the user-data stream of every venue with order entry on this node; its executions go
   * through sharding to the owning entities.
   */
  private static void startUserData(
      ActorSystem<Void> system, com.marketmaker.streams.VenueAdapters adapters, Duration ask) {
    TradingRegistry registry = TradingRegistry.get(system);
    for (Venue venue : adapters.venues()) {
      var adapter = adapters.require(venue);
      if (adapter.orderGateway().isEmpty()) {
        continue;
      }
      adapter.startUserData(
          symbol -> registry.find(venue, symbol), ExecutionRouter.sharded(system, venue, ask));
      log.info("{}: order entry and user-data stream on", venue);
    }
  }

  /** The dashboard's routes, sampling the instruments through sharding once it is opened. */
  private static DashboardRoutes dashboard(ActorSystem<Void> system, Config config, Duration ask) {
    var sampler =
        new DashboardSampler(
            new ShardedMakerGateway(system, ask),
            DashboardSampler.Settings.fromConfig(config),
            (interval, task) ->
                system
                    .scheduler()
                    .scheduleAtFixedRate(interval, interval, task, system.executionContext()),
            System::currentTimeMillis);
    Cluster cluster = Cluster.get(system);
    return new DashboardRoutes(
        sampler,
        () -> {
          List<DashboardRoutes.Member> members = new ArrayList<>();
          for (Member m : cluster.state().getMembers()) {
            members.add(
                new DashboardRoutes.Member(
                    m.address().toString(),
                    m.status().toString(),
                    m.address().equals(cluster.selfMember().address())));
          }
          return members;
        },
        // Older history than the node's own samples: folded from the instrument's journal.
        JournalHistory.of(
            system,
            PersistenceQuery.get(system)
                .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier())));
  }

  public static ActorSystem<Void> start(Config config) {
    List<Lifeline> lifeline = new java.util.ArrayList<>(1);
    Config withLifeline = GoneProcessDowning.withLifeline(config, lifeline);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "market-maker", withLifeline);
    PekkoManagement.get(system).start();
    ClusterBootstrap.get(system).start();
    GoneProcessDowning downing =
        GoneProcessDowning.start(system, lifeline.isEmpty() ? null : lifeline.get(0));
    Set<Venue> venues = new TreeSet<>();
    for (String v : config.getStringList("market-maker.feeds.venues")) {
      venues.add(Venue.parse(v));
    }
    // One adapter per venue: market data, and order entry / user data when credentials are set.
    com.marketmaker.streams.VenueAdapters adapters =
        venues.isEmpty() ? null : com.marketmaker.streams.VenueAdapters.start(system, venues);
    // The portfolio (a cluster singleton) the instruments report to.
    var portfolio =
        config.getBoolean("market-maker.portfolio.enabled") ? Portfolios.start(system) : null;
    SymbolEntity.init(
        system,
        adapters == null ? MarketDataFeeds.NONE : adapters::feed,
        adapters == null
            ? OrderGateways.NONE
            : venue -> adapters.adapter(venue).flatMap(a -> a.orderGateway()),
        portfolio == null ? PortfolioLink.NONE : Portfolios.link(portfolio),
        // Rebalancing held while a peer's lifeline is closed (a process that may have just died).
        downing == null
            ? null
            : RebalanceHold.leastShard(system.settings().config(), downing::peerInDoubt));
    if (adapters != null) {
      startUserData(system, adapters, config.getDuration("market-maker.http.ask-timeout"));
    }

    Duration askTimeout = config.getDuration("market-maker.http.ask-timeout");
    MakerRoutes routes = new MakerRoutes(new ShardedMakerGateway(system, askTimeout));
    var bt = config.getConfig("market-maker.backtests");
    BacktestJobs backtests =
        new BacktestJobs(
            java.nio.file.Path.of(bt.getString("data-dir")),
            bt.getInt("concurrency"),
            bt.getInt("queue"),
            bt.getInt("keep"));
    system.getWhenTerminated().thenRun(backtests::close);
    if (bt.getBoolean("prepare-recorded-captures")) {
      backtests.prepareRecordedCaptures(
          java.nio.file.Path.of(config.getString("market-maker.simulator.data-dir"), "binance"));
    }
    // Sweeps: this node's worker runs points on threads of their own, from its own data folder.
    var sweepRunner =
        new com.marketmaker.backtest.service.SweepPointRunner(
            java.nio.file.Path.of(bt.getString("data-dir")),
            Sweeps.workerSettings(config).slots(),
            backtests::prepared);
    system.getWhenTerminated().thenRun(sweepRunner::close);
    var sweepCoordinator = Sweeps.start(system, sweepRunner);
    Route backtestRoutes =
        routes.concat(
            new BacktestRoutes(backtests).routes(),
            new SweepRoutes(system, sweepCoordinator, sweepRunner, askTimeout).routes(),
            portfolio == null
                ? routes.reject()
                : new PortfolioRoutes(system, portfolio, askTimeout).routes());
    Route all =
        adapters == null
            ? routes.routes(backtestRoutes)
            : routes.routes(
                routes.concat(
                    new FeedRoutes(adapters.feeds()).routes(),
                    new LatencyRoutes(FeedLatency.get(system)).routes(),
                    backtestRoutes));
    // The dashboard: its files public, its read-outs behind the guard like the rest.
    DashboardRoutes dashboard = dashboard(system, config, askTimeout);
    // Every route behind authentication, roles, rate limits and the audit log. The node's own
    // start-up calls (the local run's instruments) go through the gateway, not over HTTP.
    ApiSecurity security = ApiSecurity.start(system, AuthSettings.fromConfig(config));
    HttpServer.start(
            system,
            security.wrap(dashboard.files(), routes.concat(dashboard.api(), all)),
            config.getString("market-maker.http.host"),
            config.getInt("market-maker.http.port"))
        .whenComplete(
            (binding, failure) -> {
              if (failure != null) {
                log.error("cannot bind the API; stopping the node", failure);
                system.terminate();
              }
            });
    return system;
  }
}
