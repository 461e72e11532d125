package com.marketmaker.streams.binance;

import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.Venue;
import java.util.Map;

/**
 * An immutable snapshot of one venue's market-data feed on this node: the connection, the snapshot
 * requests (Binance: REST with its request-weight budget; Kraken and Coinbase: resubscriptions on
 * the socket, no weight), and per instrument what arrived and what went wrong.
 *
 * @param connected whether the WebSocket connection is up now
 * @param connects connections established since start
 * @param reconnects connections established after a lost one
 * @param frames frames received on the connection
 * @param malformedFrames frames that were neither a combined-stream envelope nor a control reply
 * @param unroutedFrames frames for a stream no instrument is subscribed to (e.g. just unsubscribed)
 * @param controlErrors error replies of the venue to SUBSCRIBE / UNSUBSCRIBE
 * @param restWeightUsed request weight used in the current minute (venue header or local count)
 * @param restWeightBudget the node's request-weight budget per minute (0: the venue has none)
 * @param restRequests snapshot requests (Kraken, Coinbase: resubscriptions asking for a new book)
 * @param restFailures snapshot requests that failed (refused, timed out)
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
    Map<InstrumentId, Instrument> instruments) {

  public FeedMetrics {
    instruments = Map.copyOf(instruments);
  }

  /**
   * One instrument's counters.
   *
   * @param messages frames routed to the instrument (valid or not)
   * @param messagesPerSecond messages over the last rate interval (about a second)
   * @param decodeErrors frames refused by the decoder (counted and skipped)
   * @param drops events dropped because the instrument's delivery lane was full
   * @param resyncs {@code Resync} events queued (reconnects and overflows)
   * @param stales {@code Stale} events queued
   * @param queued events waiting for delivery now
   * @param snapshots books received on the stream (Kraken, Coinbase)
   */
  public record Instrument(
      int subscribers,
      long messages,
      double messagesPerSecond,
      long depthUpdates,
      long tickers,
      long trades,
      long decodeErrors,
      long ignored,
      long drops,
      long resyncs,
      long stales,
      int queued,
      long snapshots) {}
}
