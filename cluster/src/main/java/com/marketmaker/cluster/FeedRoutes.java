package com.marketmaker.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.streams.MarketDataFeeds;
import com.marketmaker.streams.feed.FeedMetrics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * This node's market data over HTTP.
 *
 * <ul>
 *   <li>{@code GET /feeds/metrics}: every venue's connections and instruments;
 *   <li>{@code GET /feeds/metrics?instrument=BINANCE:BTCUSDT}: that instrument's venue with only
 *       its entry (400 for a malformed id, 404 when no feed here carries it);
 *   <li>{@code GET /feeds/recorder}: the recorder's counters (404 when the node does not record).
 * </ul>
 */
final class FeedRoutes extends AllDirectives {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final MarketDataFeeds feeds;
  private final AtomicLong badQueries = new AtomicLong();

  FeedRoutes(MarketDataFeeds feeds) {
    this.feeds = feeds;
  }

  Route routes() {
    return concat(
        path(
            PathMatchers.segment("feeds").slash("metrics"),
            () ->
                get(
                    () ->
                        parameterOptional(
                            "instrument",
                            instrument ->
                                instrument.isPresent()
                                    ? instrumentMetrics(instrument.get())
                                    : complete(
                                        StatusCodes.OK,
                                        feeds.metrics(),
                                        Jackson.marshaller(JSON))))),
        path(
            PathMatchers.segment("feeds").slash("recorder"),
            () ->
                get(
                    () ->
                        feeds
                            .recorderMetrics()
                            .map(m -> complete(StatusCodes.OK, m, Jackson.marshaller(JSON)))
                            .orElseGet(
                                () ->
                                    complete(
                                        StatusCodes.NOT_FOUND,
                                        Map.of(
                                            "error",
                                            "this node does not record market data"
                                                + " (market-maker.recorder.enabled)"),
                                        Jackson.marshaller(JSON))))));
  }

  private Route instrumentMetrics(String text) {
    InstrumentId id;
    try {
      id = InstrumentId.parse(text);
    } catch (IllegalArgumentException e) {
      badQueries.incrementAndGet();
      return complete(
          StatusCodes.BAD_REQUEST, Map.of("error", e.getMessage()), Jackson.marshaller(JSON));
    }
    Optional<FeedMetrics> venue =
        feeds.metrics().stream()
            .filter(m -> m.venue() == id.venue() && m.instruments().containsKey(id))
            .findFirst();
    if (venue.isEmpty()) {
      badQueries.incrementAndGet();
      return complete(
          StatusCodes.NOT_FOUND,
          Map.of("error", "no market-data feed on this node carries " + id),
          Jackson.marshaller(JSON));
    }
    return complete(
        StatusCodes.OK, List.of(venue.get().onlyInstrument(id)), Jackson.marshaller(JSON));
  }

  /** Queries refused (malformed or unknown instrument). */
  long badQueries() {
    return badQueries.get();
  }
}
