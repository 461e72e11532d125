package com.marketmaker.simulator.kraken;

import com.marketmaker.simulator.socket.SessionHub;
import com.marketmaker.simulator.socket.StreamVenueSettings;
import com.marketmaker.simulator.socket.StreamVenueSimulator;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * A Kraken venue simulator on loopback: replays the recorded websocket v1 capture ({@code
 * cryptofeed/KRAKEN.ws.50.0}, {@code book-1000} of ten pairs) through Kraken's own public WebSocket
 * protocol. A subscription gets a snapshot of the simulator's current book, rebuilt from the
 * capture, so the checksums of the updates after it verify whenever it subscribes.
 *
 * <pre>{@code
 * KrakenVenueSimulator sim = KrakenVenueSimulator.start(system, StreamVenueSettings.defaults(dataDir));
 * // clients connect to sim.wsUrl() and send {"event":"subscribe","pair":["XBT/CHF"],...}
 * sim.startReplay(Double.POSITIVE_INFINITY); // or POST /admin/replay/start?speed=max
 * sim.status();
 * sim.stop();
 * }</pre>
 */
public final class KrakenVenueSimulator extends StreamVenueSimulator {

  /** The capture replayed, under {@code <dataDir>/cryptofeed/}. */
  public static final String CAPTURE = "KRAKEN.ws.50.0";

  private final KrakenVenue venue;

  private KrakenVenueSimulator(
      KrakenVenue venue, StreamVenueSettings settings, ActorSystem<?> system) {
    super(venue, bind(system, venue, settings));
    this.venue = venue;
  }

  /**
   * Loads the capture (every checksum is verified) and binds. Blocks until bound.
   *
   * @throws IllegalArgumentException if the capture is missing or broken, or a pair is not in it
   */
  public static KrakenVenueSimulator start(ActorSystem<?> system, StreamVenueSettings settings) {
    KrakenCapture capture =
        KrakenCapture.load(
            settings.dataDir().resolve("cryptofeed").resolve(CAPTURE), settings.symbols());
    SessionHub hub =
        new SessionHub("KRAKEN", system, settings.connectionBuffer(), settings.maxStall());
    return new KrakenVenueSimulator(new KrakenVenue(capture, hub), settings, system);
  }

  /** Updates carrying a checksum in the capture, per pair: what a client following it verifies. */
  public Map<String, Long> checksummedUpdates() {
    return venue.checksummedUpdates();
  }
}
