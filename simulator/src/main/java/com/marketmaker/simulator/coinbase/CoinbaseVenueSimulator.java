package com.marketmaker.simulator.coinbase;

import com.marketmaker.simulator.socket.SessionHub;
import com.marketmaker.simulator.socket.StreamVenueSettings;
import com.marketmaker.simulator.socket.StreamVenueSimulator;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * A Coinbase Exchange venue simulator on loopback: replays the recorded websocket capture ({@code
 * cryptofeed/COINBASE.ws.28.0}, {@code level2}, {@code ticker} and {@code matches} of ten products)
 * through Coinbase's own WebSocket feed protocol. A {@code level2} subscription gets a snapshot of
 * the simulator's current book, rebuilt from the capture, then the recorded updates after it; a
 * {@code matches} subscription gets the product's latest trade as {@code last_match}, then the
 * recorded matches after it.
 *
 * <pre>{@code
 * CoinbaseVenueSimulator sim =
 *     CoinbaseVenueSimulator.start(system, StreamVenueSettings.defaults(dataDir));
 * // clients connect to sim.wsUrl() and send {"type":"subscribe","product_ids":[..],"channels":[..]}
 * sim.startReplay(10.0); // or POST /admin/replay/start?speed=10
 * sim.stop();
 * }</pre>
 */
public final class CoinbaseVenueSimulator extends StreamVenueSimulator {

  /** The capture replayed, under {@code <dataDir>/cryptofeed/}. */
  public static final String CAPTURE = "COINBASE.ws.28.0";

  private CoinbaseVenueSimulator(
      CoinbaseVenue venue, StreamVenueSettings settings, ActorSystem<?> system) {
    super(venue, bind(system, venue, settings));
  }

  /**
   * Loads the capture (no book may cross) and binds. Blocks until bound.
   *
   * @throws IllegalArgumentException if the capture is missing or broken, or a product is not in it
   */
  public static CoinbaseVenueSimulator start(ActorSystem<?> system, StreamVenueSettings settings) {
    CoinbaseCapture capture =
        CoinbaseCapture.load(
            settings.dataDir().resolve("cryptofeed").resolve(CAPTURE), settings.symbols());
    SessionHub hub =
        new SessionHub("COINBASE", system, settings.connectionBuffer(), settings.maxStall());
    return new CoinbaseVenueSimulator(new CoinbaseVenue(capture, hub), settings, system);
  }
}
