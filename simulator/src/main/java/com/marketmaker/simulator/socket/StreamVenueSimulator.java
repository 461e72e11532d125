package com.marketmaker.simulator.socket;

import com.marketmaker.simulator.replay.Faults;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated venue bound on loopback whose book snapshots travel on the WebSocket: the common
 * start-up and control of {@code KrakenVenueSimulator} and {@code CoinbaseVenueSimulator}, close to
 * {@code BinanceVenueSimulator}'s.
 */
public class StreamVenueSimulator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StreamVenueSimulator.class);

  private final StreamVenue<?> venue;
  private final ServerBinding binding;

  protected StreamVenueSimulator(StreamVenue<?> venue, ServerBinding binding) {
    this.venue = venue;
    this.binding = binding;
  }

  /** Binds {@code venue} as {@code settings} say. Blocks until bound. */
  protected static ServerBinding bind(
      ActorSystem<?> system, StreamVenue<?> venue, StreamVenueSettings settings) {
    try {
      ServerBinding b =
          Http.get(system)
              .newServerAt(settings.host(), settings.port())
              .adaptSettings(
                  s ->
                      s.withWebsocketSettings(
                          s.getWebsocketSettings()
                              .withPeriodicKeepAliveMode("ping")
                              .withPeriodicKeepAliveMaxIdle(settings.pingInterval())))
              .bind(new StreamVenueServer(venue).route())
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      log.info(
          "{} simulator for {} on {} ({} frames)",
          venue.venue(),
          venue.symbols(),
          b.localAddress(),
          venue.frameCount());
      return b;
    } catch (Exception e) {
      throw new IllegalStateException(venue.venue() + " simulator failed to bind: " + e, e);
    }
  }

  public int port() {
    return binding.localAddress().getPort();
  }

  /** The WebSocket URL clients connect to. */
  public String wsUrl() {
    return "ws://" + binding.localAddress().getHostString() + ":" + port();
  }

  /** The replayed pairs or products, in the venue's spelling. */
  public List<String> symbols() {
    return venue.symbols();
  }

  /**
   * Starts the replay; false if it was already started.
   *
   * @param speed factor over the recorded pace; {@code Double.POSITIVE_INFINITY} for max
   */
  public boolean startReplay(double speed) {
    return venue.start(speed);
  }

  public StreamVenue.Status status() {
    return venue.status();
  }

  /** Closes every WebSocket connection now, as the disconnect fault does. */
  public int disconnectAll() {
    return venue.hub().disconnectAll(Session.CloseReason.FAULT);
  }

  /** Sends {@code n} frames cut short to every connection, as the malformedFrames fault does. */
  public int sendMalformed(int n) {
    return venue.sendMalformed(n);
  }

  /** Faults to arm without going through HTTP. */
  public Faults faults() {
    return venue.faults();
  }

  /** Stops the replay, closes every connection and unbinds. */
  public void stop() {
    venue.stop();
    venue.hub().disconnectAll(Session.CloseReason.SHUTDOWN);
    try {
      binding.terminate(Duration.ofSeconds(2)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("unbinding {} failed: {}", binding.localAddress(), e.toString());
    }
  }

  @Override
  public void close() {
    stop();
  }
}
