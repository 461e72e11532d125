package com.marketmaker.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketmaker.streams.MarketDataFeeds;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code GET /feeds/metrics}: this node's market-data connections, per venue and instrument. */
final class FeedRoutes extends AllDirectives {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final MarketDataFeeds feeds;

  FeedRoutes(MarketDataFeeds feeds) {
    this.feeds = feeds;
  }

  Route routes() {
    return path(
        pathSegment("feeds").slash("metrics"),
        () -> get(() -> complete(StatusCodes.OK, feeds.metrics(), Jackson.marshaller(JSON))));
  }

  private static org.apache.pekko.http.javadsl.server.PathMatcher0 pathSegment(String s) {
    return org.apache.pekko.http.javadsl.server.PathMatchers.segment(s);
  }
}
