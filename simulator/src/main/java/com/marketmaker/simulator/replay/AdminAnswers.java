package com.marketmaker.simulator.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * The answers of the simulator's admin endpoints, the same on every simulated venue: JSON bodies,
 * and bad input answered with its status (400, 404, 409) and {@code {"error":"<what is wrong>"}}.
 */
public final class AdminAnswers {

  private static final ObjectMapper JSON =
      new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private AdminAnswers() {}

  /**
   * {@code POST /admin/replay/start?speed=max|<factor>}: starts {@code replay} and answers its
   * status; a bad speed is a 400, a replay already started a 409.
   */
  public static HttpResponse startReplay(PacedReplay replay, HttpRequest req) {
    double speed;
    try {
      speed = ReplaySpeed.parse(req.getUri().query().get("speed").orElse("max"));
    } catch (IllegalArgumentException e) {
      return error(StatusCodes.BAD_REQUEST, e.getMessage());
    }
    if (!replay.start(speed)) {
      return error(StatusCodes.CONFLICT, "replay already " + replay.state().name().toLowerCase());
    }
    return json(StatusCodes.OK, replay.status());
  }

  /** {@code value} as a JSON body. */
  public static HttpResponse json(StatusCode status, Object value) {
    String body;
    try {
      body = JSON.writeValueAsString(value);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, body);
  }

  /** An admin error: {@code {"error": message}} with {@code status}. */
  public static HttpResponse error(StatusCode status, String message) {
    return json(status, JSON.createObjectNode().put("error", message));
  }
}
