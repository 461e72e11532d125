package com.marketmaker.simulator;

import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.simulator.exchange.Exchange;
import com.marketmaker.simulator.replay.Capture;
import com.marketmaker.simulator.replay.Faults;
import com.marketmaker.simulator.replay.ReplayEngine;
import com.marketmaker.simulator.replay.SimulatedBook;
import com.marketmaker.simulator.rest.RequestWeightLimiter;
import com.marketmaker.simulator.socket.Session;
import com.marketmaker.simulator.synthetic.SyntheticMarket;
import com.marketmaker.simulator.ws.StreamHub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Binance venue simulator on loopback: replays the recorded spot and USD-M captures and runs
 * synthetic instruments (matching engine, crowd flow, signed order entry, user-data streams)
 * through Binance's own REST and WebSocket protocol, one HTTP binding per dialect.
 *
 * <pre>{@code
 * BinanceVenueSimulator sim = BinanceVenueSimulator.start(system, Settings.defaults(dataDir));
 * // clients connect to ws://127.0.0.1:<sim.spotPort()>/stream and GET /api/v3/depth
 * sim.startReplay(Double.POSITIVE_INFINITY); // or POST /admin/replay/start?speed=max
 * sim.status(Dialect.SPOT);
 * sim.stop();
 * }</pre>
 */
public final class BinanceVenueSimulator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BinanceVenueSimulator.class);

  private final Map<Dialect, VenueServer> venues;
  private final Map<Dialect, ServerBinding> bindings;

  private BinanceVenueSimulator(
      Map<Dialect, VenueServer> venues, Map<Dialect, ServerBinding> bindings) {
    this.venues = venues;
    this.bindings = bindings;
  }

  /**
   * Loads the captures of the configured symbols and binds one server per dialect that has symbols.
   * Blocks until bound.
   *
   * @throws IllegalArgumentException if a capture is missing or broken
   */
  public static BinanceVenueSimulator start(ActorSystem<?> system, Settings settings) {
    Map<Dialect, VenueServer> venues = new EnumMap<>(Dialect.class);
    Map<Dialect, ServerBinding> bindings = new EnumMap<>(Dialect.class);
    try {
      for (Dialect d : Dialect.values()) {
        List<String> symbols = settings.symbols(d);
        if (symbols.isEmpty() && settings.exchange().instruments(d).isEmpty()) {
          continue;
        }
        VenueServer v = load(system, settings, d, symbols);
        venues.put(d, v);
        ServerBinding b =
            Http.get(system)
                .newServerAt(settings.host(), settings.port(d))
                .adaptSettings(
                    s ->
                        s.withWebsocketSettings(
                            s.getWebsocketSettings()
                                .withPeriodicKeepAliveMode("ping")
                                .withPeriodicKeepAliveMaxIdle(settings.pingInterval())))
                .bind(v.route())
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        bindings.put(d, b);
        log.info(
            "{} simulator for {} and {} synthetic instruments on {} ({} recorded frames)",
            d,
            symbols,
            settings.exchange().instruments(d).size(),
            b.localAddress(),
            v.frames());
        if (v.synthetic != null) {
          v.synthetic.start();
          if (settings.exchange().autostart()) {
            v.synthetic.startFlow();
          }
        }
      }
    } catch (Exception e) {
      new BinanceVenueSimulator(venues, bindings).stop();
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("simulator failed to start: " + e, e);
    }
    return new BinanceVenueSimulator(venues, bindings);
  }

  private static VenueServer load(
      ActorSystem<?> system, Settings settings, Dialect d, List<String> symbols) {
    StreamHub hub =
        new StreamHub(
            d.name(),
            system,
            settings.connectionBuffer(),
            settings.maxStall(),
            settings.connectionLifetime());
    Faults faults = new Faults();
    Capture capture = null;
    ReplayEngine replay = null;
    List<SimulatedBook> books = new ArrayList<>();
    if (!symbols.isEmpty()) {
      List<InstrumentSpec> specs = symbols.stream().map(d::bookSpec).toList();
      capture =
          Capture.load(
              settings.dataDir().resolve("binance"),
              d.filePrefix,
              specs,
              d.syncRule,
              settings.maxFramesPerSymbol());
      for (Capture.SymbolCapture c : capture.symbols()) {
        SimulatedBook b = new SimulatedBook(c.spec(), d.syncRule);
        b.loadSnapshot(c.snapshotJson());
        books.add(b);
      }
      replay = new ReplayEngine(d.name(), capture, books, hub, faults);
    }
    ExchangeSettings ex = settings.exchange();
    Exchange exchange = null;
    SyntheticMarket synthetic = null;
    if (!ex.instruments(d).isEmpty()) {
      exchange =
          new Exchange(
              d,
              ex.instruments(d),
              ex.accounts(),
              ex.fees(d),
              ex.ordersPer10s(d),
              ex.listenKeyValidity(),
              ex.tick().toMillis(),
              hub,
              faults,
              System::currentTimeMillis,
              ex.stateDir(),
              ex.unfilledOrderRetention(),
              ex.fillRetention());
    }
    try {
      if (exchange != null) {
        synthetic =
            new SyntheticMarket(d.name(), exchange, faults, ex.seed(), ex.tick().toMillis());
      }
      RequestWeightLimiter weights =
          new RequestWeightLimiter(settings.weightPerMinute(d), System::currentTimeMillis);
      return new VenueServer(d, capture, books, hub, faults, replay, weights, exchange, synthetic);
    } catch (RuntimeException e) {
      if (exchange != null) {
        exchange.close();
      }
      throw e;
    }
  }

  /** Port of the spot binding, or -1 when spot is not simulated. */
  public int spotPort() {
    return port(Dialect.SPOT);
  }

  /** Port of the USD-M binding, or -1 when USD-M is not simulated. */
  public int usdmPort() {
    return port(Dialect.USDM);
  }

  public int port(Dialect d) {
    ServerBinding b = bindings.get(d);
    return b == null ? -1 : b.localAddress().getPort();
  }

  /**
   * Starts the replay of every simulated venue.
   *
   * @param speed factor over the recorded pace; {@code Double.POSITIVE_INFINITY} for max
   */
  public void startReplay(double speed) {
    venues.forEach(
        (d, v) -> {
          if (v.replay != null) {
            v.replay.start(speed);
          }
        });
  }

  /** Starts one venue's replay; false if it was already started. */
  public boolean startReplay(Dialect d, double speed) {
    return replay(d).start(speed);
  }

  public ReplayEngine.Status status(Dialect d) {
    return replay(d).status();
  }

  private ReplayEngine replay(Dialect d) {
    ReplayEngine r = venue(d).replay;
    if (r == null) {
      throw new IllegalArgumentException(d + " replays no capture");
    }
    return r;
  }

  /** Closes every WebSocket connection of a venue now, as the disconnect fault does. */
  public int disconnectAll(Dialect d) {
    return venue(d).hub.sessions().disconnectAll(Session.CloseReason.FAULT);
  }

  /** The synthetic market of one venue (flow start/stop, status). */
  public SyntheticMarket synthetic(Dialect d) {
    SyntheticMarket m = venue(d).synthetic;
    if (m == null) {
      throw new IllegalArgumentException(d + " has no synthetic instruments");
    }
    return m;
  }

  /** The simulated exchange of one venue (engines, ledger), for ground-truth checks. */
  public Exchange exchange(Dialect d) {
    Exchange e = venue(d).exchange;
    if (e == null) {
      throw new IllegalArgumentException(d + " has no synthetic instruments");
    }
    return e;
  }

  /** Who placed the orders {@code d} accepted (by the client's User-Agent). */
  public OrderSources orderSources(Dialect d) {
    OrderSources s = venue(d).orderSources();
    if (s == null) {
      throw new IllegalArgumentException(d + " has no order entry");
    }
    return s;
  }

  /** Faults of one venue, to arm them without going through HTTP. */
  public Faults faults(Dialect d) {
    return venue(d).faults;
  }

  private VenueServer venue(Dialect d) {
    VenueServer v = venues.get(d);
    if (v == null) {
      throw new IllegalArgumentException(d + " is not simulated (no symbols configured)");
    }
    return v;
  }

  /**
   * Stops the replays and the synthetic markets, closes every connection and unbinds; a kept
   * exchange is forced to disk and closed.
   */
  public void stop() {
    for (VenueServer v : venues.values()) {
      if (v.replay != null) {
        v.replay.stop();
      }
      if (v.synthetic != null) {
        v.synthetic.stop();
      }
      if (v.exchange != null) {
        v.exchange.close();
      }
      v.hub.sessions().disconnectAll(Session.CloseReason.SHUTDOWN);
    }
    for (ServerBinding b : bindings.values()) {
      try {
        b.terminate(Duration.ofSeconds(2)).toCompletableFuture().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        log.warn("unbinding {} failed: {}", b.localAddress(), e.toString());
      }
    }
  }

  @Override
  public void close() {
    stop();
  }
}
