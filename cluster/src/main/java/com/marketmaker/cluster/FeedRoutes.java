package com.marketmaker.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketmaker.streams.binance.FeedMetrics;
import java.util.List;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code GET /feeds/metrics}: this node's market-data connections, per venue and instrument. */
final class FeedRoutes extends AllDirectives {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Supplier<List<FeedMetrics>> metrics;

  FeedRoutes(Supplier<List<FeedMetrics>> metrics) {
    this.metrics = metrics;
  }

  Route routes() {
    return path(
        pathSegment("feeds").slash("metrics"),
        () -> get(() -> complete(StatusCodes.OK, metrics.get(), Jackson.marshaller(JSON))));
  }

  private static org.apache.pekko.http.javadsl.server.PathMatcher0 pathSegment(String s) {
    return org.apache.pekko.http.javadsl.server.PathMatchers.segment(s);
  }
}
