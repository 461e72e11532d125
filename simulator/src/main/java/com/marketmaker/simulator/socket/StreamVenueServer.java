package com.marketmaker.simulator.socket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marketmaker.simulator.replay.ReplaySpeed;
import java.util.Iterator;
import java.util.Set;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * The HTTP binding of a {@link StreamVenue}: the WebSocket on {@code /} (the venues' own endpoints
 * have no path), and the admin endpoints {@code POST /admin/replay/start?speed=max|<factor>},
 * {@code GET /admin/replay/status} and {@code POST /admin/faults}. Bad admin input is a 400 with a
 * message.
 */
final class StreamVenueServer extends AllDirectives {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FAULT_TYPES =
      Set.of("dropUpdates", "disconnect", "malformedFrames", "delay");

  private final StreamVenue venue;

  StreamVenueServer(StreamVenue venue) {
    this.venue = venue;
  }

  Route route() {
    return extractRequest(
        req -> {
          String path = req.getUri().path();
          boolean get = req.method() == HttpMethods.GET;
          boolean post = req.method() == HttpMethods.POST;
          if (path.equals("/admin/replay/start") && post) {
            return complete(startReplay(req));
          }
          if (path.equals("/admin/replay/status") && get) {
            return complete(json(StatusCodes.OK, venue.status()));
          }
          if (path.equals("/admin/faults") && post) {
            return entity(Unmarshaller.entityToString(), body -> complete(fault(body)));
          }
          if (path.equals("/") || path.isEmpty()) {
            return handleWebSocketMessages(venue.hub().connect());
          }
          return complete(adminError(StatusCodes.NOT_FOUND, "unknown path " + path));
        });
  }

  private HttpResponse startReplay(HttpRequest req) {
    double speed;
    try {
      speed = ReplaySpeed.parse(req.getUri().query().get("speed").orElse("max"));
    } catch (IllegalArgumentException e) {
      return adminError(StatusCodes.BAD_REQUEST, e.getMessage());
    }
    if (!venue.start(speed)) {
      return adminError(
          StatusCodes.CONFLICT, "replay already " + venue.state().name().toLowerCase());
    }
    return json(StatusCodes.OK, venue.status());
  }

  private HttpResponse fault(String body) {
    JsonNode req;
    try {
      req = JSON.readTree(body);
    } catch (Exception e) {
      return adminError(StatusCodes.BAD_REQUEST, "body is not valid JSON");
    }
    if (req == null || !req.isObject()) {
      return adminError(StatusCodes.BAD_REQUEST, "body must be a JSON object with a 'type'");
    }
    JsonNode typeNode = req.get("type");
    if (typeNode == null || !typeNode.isTextual() || !FAULT_TYPES.contains(typeNode.asText())) {
      return adminError(StatusCodes.BAD_REQUEST, "'type' must be one of " + FAULT_TYPES);
    }
    String type = typeNode.asText();
    Set<String> allowed =
        switch (type) {
          case "dropUpdates" -> Set.of("type", "symbol", "count");
          case "malformedFrames" -> Set.of("type", "count");
          case "delay" -> Set.of("type", "millis", "frames");
          default -> Set.of("type");
        };
    for (Iterator<String> it = req.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        return adminError(
            StatusCodes.BAD_REQUEST,
            "unknown field '" + f + "' for fault '" + type + "'; allowed: " + allowed);
      }
    }
    try {
      ObjectNode result = JSON.createObjectNode();
      result.put("venue", venue.venue);
      result.put("fault", type);
      switch (type) {
        case "dropUpdates" -> {
          String symbol = symbol(req);
          int count = intField(req, "count", 1, 1_000_000, null);
          venue.faults().dropNextDiffs(symbol, count);
          result.put("symbol", symbol).put("count", count);
        }
        case "malformedFrames" -> {
          int count = intField(req, "count", 1, 10_000, null);
          result.put("count", count).put("connections", venue.sendMalformed(count));
        }
        case "delay" -> {
          int millis = intField(req, "millis", 0, 60_000, null);
          int frames = intField(req, "frames", 1, 1_000_000, 1);
          venue.faults().delay(millis, frames);
          result.put("millis", millis).put("frames", frames);
        }
        default -> result.put("connections", venue.hub().disconnectAll(Session.CloseReason.FAULT));
      }
      return HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, result.toString());
    } catch (IllegalArgumentException e) {
      return adminError(StatusCodes.BAD_REQUEST, e.getMessage());
    }
  }

  private String symbol(JsonNode req) {
    JsonNode s = req.get("symbol");
    if (s == null || !s.isTextual()) {
      throw new IllegalArgumentException("'symbol' is required, one of " + venue.symbols());
    }
    if (!venue.symbols().contains(s.asText())) {
      throw new IllegalArgumentException(
          "unknown symbol '" + s.asText() + "'; replayed: " + venue.symbols());
    }
    return s.asText();
  }

  private static int intField(JsonNode req, String name, int min, int max, Integer dflt) {
    JsonNode n = req.get(name);
    if (n == null) {
      if (dflt == null) {
        throw new IllegalArgumentException("'" + name + "' is required");
      }
      return dflt;
    }
    if (!n.isIntegralNumber() || n.asLong() < min || n.asLong() > max) {
      throw new IllegalArgumentException(
          "'" + name + "' must be an integer in [" + min + ", " + max + "], got " + n);
    }
    return n.asInt();
  }

  private static HttpResponse adminError(StatusCode status, String msg) {
    ObjectNode o = JSON.createObjectNode().put("error", msg);
    return HttpResponse.create()
        .withStatus(status)
        .withEntity(ContentTypes.APPLICATION_JSON, o.toString());
  }

  private static HttpResponse json(StatusCode status, Object value) {
    try {
      return HttpResponse.create()
          .withStatus(status)
          .withEntity(ContentTypes.APPLICATION_JSON, JSON.writeValueAsString(value));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
