package com.marketmaker.simulator.socket;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marketmaker.simulator.replay.AdminAnswers;
import com.marketmaker.simulator.replay.FaultRequest;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * The HTTP binding of a {@link StreamVenue}: the WebSocket on {@code /} (the venues' own endpoints
 * have no path), and the admin endpoints {@code POST /admin/replay/start?speed=max|<factor>},
 * {@code GET /admin/replay/status}, {@code POST /admin/faults} and, where the dialect publishes
 * trades (Kraken), {@code POST /admin/trades}. Bad admin input is a 400 with a message.
 */
final class StreamVenueServer extends AllDirectives {

  /** Per fault, the fields it takes. */
  private static final Map<String, Set<String>> FAULTS =
      Map.of(
          "dropUpdates", Set.of("type", "symbol", "count"),
          "disconnect", Set.of("type"),
          "malformedFrames", Set.of("type", "count"),
          "delay", Set.of("type", "millis", "frames"));

  private final StreamVenue<?> venue;

  StreamVenueServer(StreamVenue<?> venue) {
    this.venue = venue;
  }

  Route route() {
    return extractRequest(
        req -> {
          String path = req.getUri().path();
          boolean get = req.method() == HttpMethods.GET;
          boolean post = req.method() == HttpMethods.POST;
          if (path.equals("/admin/replay/start") && post) {
            return complete(AdminAnswers.startReplay(venue, req));
          }
          if (path.equals("/admin/replay/status") && get) {
            return complete(AdminAnswers.json(StatusCodes.OK, venue.status()));
          }
          if (path.equals("/admin/faults") && post) {
            return entity(Unmarshaller.entityToString(), body -> complete(fault(body)));
          }
          if (path.equals("/admin/trades") && post) {
            return entity(Unmarshaller.entityToString(), body -> complete(trades(body)));
          }
          if (path.equals("/") || path.isEmpty()) {
            return handleWebSocketMessages(venue.hub().connect(venue));
          }
          return complete(AdminAnswers.error(StatusCodes.NOT_FOUND, "unknown path " + path));
        });
  }

  private HttpResponse trades(String body) {
    try {
      ObjectNode result = venue.publishTrades(body);
      if (result == null) {
        return AdminAnswers.error(
            StatusCodes.NOT_FOUND, venue.venue() + " simulator publishes no trades");
      }
      return AdminAnswers.json(StatusCodes.OK, result);
    } catch (IllegalArgumentException e) {
      return AdminAnswers.error(StatusCodes.BAD_REQUEST, e.getMessage());
    }
  }

  private HttpResponse fault(String body) {
    try {
      FaultRequest req = FaultRequest.parse(body, FAULTS);
      ObjectNode result = req.answer(venue.venue());
      switch (req.type) {
        case "dropUpdates" -> {
          String symbol = req.symbol(venue.symbols(), "one of " + venue.symbols(), "replayed");
          int count = req.intField("count", 1, 1_000_000, null);
          venue.faults().dropNextDiffs(symbol, count);
          result.put("symbol", symbol).put("count", count);
        }
        case "malformedFrames" -> {
          int count = req.intField("count", 1, 10_000, null);
          result.put("count", count).put("connections", venue.sendMalformed(count));
        }
        case "delay" -> {
          int millis = req.intField("millis", 0, 60_000, null);
          int frames = req.intField("frames", 1, 1_000_000, 1);
          venue.faults().delay(millis, frames);
          result.put("millis", millis).put("frames", frames);
        }
        default -> result.put("connections", venue.hub().disconnectAll(Session.CloseReason.FAULT));
      }
      return AdminAnswers.json(StatusCodes.OK, result);
    } catch (IllegalArgumentException e) {
      return AdminAnswers.error(StatusCodes.BAD_REQUEST, e.getMessage());
    }
  }
}
