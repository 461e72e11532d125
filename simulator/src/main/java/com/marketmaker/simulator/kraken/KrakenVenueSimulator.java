package com.marketmaker.simulator.kraken;

import com.marketmaker.simulator.socket.SessionHub;
import com.marketmaker.simulator.socket.StreamVenueSettings;
import com.marketmaker.simulator.socket.StreamVenueSimulator;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * A Kraken venue simulator on loopback: replays the recorded websocket v1 capture ({@code
 * cryptofeed/KRAKEN.ws.50.0}, {@code book-1000} of ten pairs) through Kraken's own public WebSocket
 * protocol. A subscription gets a snapshot of the simulator's current book, rebuilt from the
 * capture, so the checksums of the updates after it verify whenever it subscribes. The capture
 * holds no trades; trades are published on demand to the pair's trade subscribers.
 *
 * <pre>{@code
 * KrakenVenueSimulator sim = KrakenVenueSimulator.start(system, StreamVenueSettings.defaults(dataDir));
 * // clients connect to sim.wsUrl() and send {"event":"subscribe","pair":["XBT/CHF"],...}
 * sim.startReplay(Double.POSITIVE_INFINITY); // or POST /admin/replay/start?speed=max
 * sim.publishTrades("XBT/CHF", trades);       // or POST /admin/trades
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

  /**
   * Publishes {@code trades} on {@code pair}'s trade channel in one message, as {@code POST
   * /admin/trades} does.
   *
   * @return the connections subscribed to the pair's trades that got it
   * @throws IllegalArgumentException if the pair is not replayed or {@code trades} is empty
   */
  public int publishTrades(String pair, List<KrakenTrade> trades) {
    return venue.publishTrades(pair, trades);
  }

  /**
   * Sends {@code "[" + channelID + "," + rest}, unchecked, to the connections subscribed to {@code
   * pair}'s trade channel: a broken trade message for testing clients.
   *
   * @return the connections that got it
   */
  public int sendTradeChannelFrame(String pair, String rest) {
    return venue.sendTradeChannelFrame(pair, rest);
  }

  /** The connections subscribed to {@code pair}'s trade channel now. */
  public int tradeSubscriptions(String pair) {
    return venue.tradeSubscriptions(pair);
  }

  /** Updates carrying a checksum in the capture, per pair: what a client following it verifies. */
  public Map<String, Long> checksummedUpdates() {
    return venue.checksummedUpdates();
  }
}
