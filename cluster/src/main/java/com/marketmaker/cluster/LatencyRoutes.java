package com.marketmaker.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marketmaker.actors.feed.FeedLatency;
import org.HdrHistogram.Histogram;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /feeds/latency}: this node's latencies since start (or since the last {@code POST
 * /feeds/latency/reset}), in microseconds: {@code frameToBook} (frame received → diff applied in
 * the entity's book), {@code tickToQuote} (frame received → order requests handed to the venue
 * gateway, for the ticks that changed orders) and its first part {@code tickToPlan} (frame received
 * → order plan ready, before the requests are built and signed).
 */
final class LatencyRoutes extends AllDirectives {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final FeedLatency latency;

  LatencyRoutes(FeedLatency latency) {
    this.latency = latency;
  }

  Route routes() {
    return concat(
        path(
            PathMatchers.segment("feeds").slash("latency"),
            () -> get(() -> complete(json(both())))),
        path(
            PathMatchers.segment("feeds").slash("latency").slash("reset"),
            () ->
                post(
                    () -> {
                      latency.resetAll();
                      return complete(json(both()));
                    })));
  }

  private ObjectNode both() {
    ObjectNode o = JSON.createObjectNode();
    // The parts behind the journal are read first: each is recorded after its whole, so the
    // whole read after it holds it and the rest is never negative.
    Histogram bookBehind = latency.frameToBookBehindJournal().total();
    Histogram quoteBehind = latency.tickToQuoteBehindJournal().total();
    Histogram book = latency.total();
    Histogram quote = latency.tickToQuote().total();
    o.set("frameToBook", summary(book));
    o.set("tickToPlan", summary(latency.tickToPlan().total()));
    o.set("tickToQuote", summary(quote));
    o.set("frameToBookBehindJournal", summary(bookBehind));
    o.set("tickToQuoteBehindJournal", summary(quoteBehind));
    o.set("tickToQuoteNotBehindJournal", summary(without(quote, quoteBehind)));
    o.set("sendPlanWall", summary(latency.sendWall().total()));
    o.set("sendPlanCpu", summary(latency.sendCpu().total()));
    o.put("ticksBesideJournal", latency.ticksBesideJournal().sum());
    return o;
  }

  private static Histogram without(Histogram whole, Histogram part) {
    Histogram rest = whole.copy();
    rest.subtract(part);
    return rest;
  }

  static ObjectNode summary(Histogram h) {
    ObjectNode o = JSON.createObjectNode();
    o.put("count", h.getTotalCount());
    if (h.getTotalCount() > 0) {
      o.put("p50Micros", h.getValueAtPercentile(50) / 1e3);
      o.put("p99Micros", h.getValueAtPercentile(99) / 1e3);
      o.put("p999Micros", h.getValueAtPercentile(99.9) / 1e3);
      o.put("maxMicros", h.getMaxValue() / 1e3);
      o.put("meanMicros", h.getMean() / 1e3);
    }
    return o;
  }

  private static HttpResponse json(ObjectNode body) {
    return HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, body.toString());
  }
}
