package com.marketmaker.streams.feed;

import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.streams.binance.InstrumentLane;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of one venue's market-data feed on this node: its connections, the snapshot
 * requests (Binance: REST with its request-weight budget; Kraken and Coinbase: resubscriptions on
 * the socket, no weight), the recorder, and per instrument what arrived and what went wrong. The
 * venue-wide message rate, decode errors, gaps and resyncs are the sums over its instruments.
 *
 * @param connected whether every open WebSocket connection is up now
 * @param connects connections established since start, over all connections
 * @param reconnects connections established after a lost one, over all connections
 * @param frames frames received on the connections
 * @param malformedFrames frames that were neither a combined-stream envelope nor a control reply
 * @param unroutedFrames frames for a stream no instrument is subscribed to (e.g. just unsubscribed)
 * @param controlErrors error replies of the venue to SUBSCRIBE / UNSUBSCRIBE
 * @param restWeightUsed request weight used in the current minute (venue header or local count)
 * @param restWeightBudget the node's request-weight budget per minute (0: the venue has none)
 * @param restRequests snapshot requests (Kraken, Coinbase: resubscriptions asking for a new book)
 * @param restFailures snapshot requests that failed (refused, timed out)
 * @param messagesPerSecond frames per second routed to instruments, summed
 * @param decodeErrors frames refused by the decoders, summed
 * @param gaps depth diffs that did not continue the previous one, summed
 * @param resyncs {@code Resync} events delivered, summed
 * @param recorded frames and snapshots handed to the recorder (0 when not recording)
 * @param recordDrops of those, dropped because the recorder's queue was full
 * @param connections each open connection, by index
 */
public record FeedMetrics(
    Venue venue,
    boolean connected,
    long connects,
    long reconnects,
    long frames,
    long malformedFrames,
    long unroutedFrames,
    long controlErrors,
    int restWeightUsed,
    int restWeightBudget,
    long restRequests,
    long restFailures,
    double messagesPerSecond,
    long decodeErrors,
    long gaps,
    long resyncs,
    long recorded,
    long recordDrops,
    List<Connection> connections,
    Map<InstrumentId, Instrument> instruments) {

  public FeedMetrics {
    connections = List.copyOf(connections);
    instruments = Map.copyOf(instruments);
  }

  /** The same snapshot with only {@code id}'s instrument entry (venue totals unchanged). */
  public FeedMetrics onlyInstrument(InstrumentId id) {
    Instrument i = instruments.get(id);
    return new FeedMetrics(
        venue,
        connected,
        connects,
        reconnects,
        frames,
        malformedFrames,
        unroutedFrames,
        controlErrors,
        restWeightUsed,
        restWeightBudget,
        restRequests,
        restFailures,
        messagesPerSecond,
        decodeErrors,
        gaps,
        resyncs,
        recorded,
        recordDrops,
        connections,
        i == null ? Map.of() : Map.of(id, i));
  }

  /**
   * The per-instrument part of a feed's metrics, summed over its instruments.
   *
   * @param subscribed instruments whose subscription the venue confirmed
   */
  public record LaneTotals(
      Map<InstrumentId, Instrument> instruments,
      double messagesPerSecond,
      long decodeErrors,
      long gaps,
      long resyncs,
      int subscribed) {

    /** The current counters of {@code lanes}. */
    public static LaneTotals of(Collection<InstrumentLane> lanes) {
      Map<InstrumentId, Instrument> instruments = new HashMap<>();
      double rate = 0;
      long decodeErrors = 0;
      long gaps = 0;
      long resyncs = 0;
      int subscribed = 0;
      for (InstrumentLane lane : lanes) {
        Instrument m = lane.metrics();
        instruments.put(lane.id, m);
        rate += m.messagesPerSecond();
        decodeErrors += m.decodeErrors();
        gaps += m.gaps();
        resyncs += m.resyncs();
        subscribed += m.subscribed() ? 1 : 0;
      }
      return new LaneTotals(instruments, rate, decodeErrors, gaps, resyncs, subscribed);
    }
  }

  /**
   * One WebSocket connection of the venue.
   *
   * @param index the connection's slot; instruments keep their slot while subscribed
   * @param streams streams subscribed (or to be subscribed) on it
   * @param instruments instruments assigned to it
   * @param controlMessages SUBSCRIBE / UNSUBSCRIBE messages sent on it
   */
  public record Connection(
      int index,
      boolean connected,
      long connects,
      long reconnects,
      int streams,
      int instruments,
      long frames,
      long controlMessages) {}

  /**
   * One instrument's counters.
   *
   * @param connection index of the connection carrying it
   * @param subscribed whether the venue confirmed the subscription of its streams on that
   *     connection (false again from a reconnect until the venue confirms anew)
   * @param messages frames routed to the instrument (valid or not)
   * @param messagesPerSecond messages over the last rate interval (about a second)
   * @param decodeErrors frames refused by the decoder (counted and skipped)
   * @param gaps depth diffs whose first id does not continue the previous diff on the same
   *     connection (spot {@code U != previous u + 1}, USD-M {@code pu != previous u}); the book
   *     sync resyncs on these
   * @param drops events not delivered to a subscriber that held its capacity of unconsumed events
   * @param resyncs {@code Resync} events delivered (reconnects and overflows)
   * @param stales {@code Stale} events delivered
   * @param queued events delivered to bounded subscribers and not yet consumed by them, now
   * @param snapshots books received on the stream (Kraken, Coinbase)
   */
  public record Instrument(
      int connection,
      boolean subscribed,
      int subscribers,
      long messages,
      double messagesPerSecond,
      long depthUpdates,
      long tickers,
      long trades,
      long decodeErrors,
      long gaps,
      long ignored,
      long drops,
      long resyncs,
      long stales,
      int queued,
      long snapshots) {}
}
