package com.marketmaker.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.marketmaker.backtest.service.BacktestJobs;
import com.marketmaker.backtest.service.BacktestRequest;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Backtests over HTTP, run by this node on threads of their own so the API and the instruments are
 * not slowed:
 *
 * <ul>
 *   <li>{@code GET /backtests/data}: the event files a backtest may name, with their instruments;
 *   <li>{@code POST /backtests}: queue a backtest ({@link BacktestRequest}; unknown fields
 *       refused), 202 with its id; 400 for a request that cannot run, 503 when the queue is full;
 *   <li>{@code GET /backtests}: the recent backtests and their progress;
 *   <li>{@code GET /backtests/{id}}: progress, then results and metrics;
 *   <li>{@code GET /backtests/{id}/report}: the HTML report once done (409 before).
 * </ul>
 */
final class BacktestRoutes extends AllDirectives {

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  private static final int MAX_BODY_BYTES = 64 * 1024;

  private final BacktestJobs jobs;
  private final AtomicLong refused = new AtomicLong();

  BacktestRoutes(BacktestJobs jobs) {
    this.jobs = jobs;
  }

  /** Requests refused since the node started (bad input, full queue). */
  long refused() {
    return refused.get();
  }

  Route routes() {
    return pathPrefix(
        "backtests",
        () ->
            concat(
                pathEnd(
                    () ->
                        concat(
                            get(
                                () ->
                                    complete(
                                        StatusCodes.OK, jobs.list(), Jackson.marshaller(JSON))),
                            post(
                                () ->
                                    withSizeLimit(
                                        MAX_BODY_BYTES,
                                        () ->
                                            entity(
                                                org.apache.pekko.http.javadsl.unmarshalling
                                                    .Unmarshaller.entityToString(),
                                                this::submit))))),
                path("data", () -> get(this::data)),
                path(
                    PathMatchers.segment(),
                    id ->
                        get(
                            () ->
                                jobs.get(id)
                                    .<Route>map(
                                        v -> complete(StatusCodes.OK, v, Jackson.marshaller(JSON)))
                                    .orElseGet(() -> notFound(id)))),
                path(PathMatchers.segment().slash("report"), id -> get(() -> report(id)))));
  }

  private Route submit(String body) {
    BacktestRequest request;
    try {
      request = JSON.readValue(body, BacktestRequest.class);
      if (request == null) {
        return error(StatusCodes.BAD_REQUEST, "request body must be a JSON object");
      }
      return complete(StatusCodes.ACCEPTED, jobs.submit(request), Jackson.marshaller(JSON));
    } catch (JsonProcessingException e) {
      return error(StatusCodes.BAD_REQUEST, "invalid backtest request: " + e.getOriginalMessage());
    } catch (IllegalArgumentException e) {
      return error(StatusCodes.BAD_REQUEST, e.getMessage());
    } catch (RejectedExecutionException e) {
      return error(StatusCodes.SERVICE_UNAVAILABLE, "too many backtests queued; try again later");
    } catch (IOException e) {
      return error(StatusCodes.BAD_REQUEST, "cannot read the event files: " + e.getMessage());
    }
  }

  private Route data() {
    try {
      return complete(StatusCodes.OK, jobs.dataFiles(), Jackson.marshaller(JSON));
    } catch (IOException e) {
      return complete(
          StatusCodes.INTERNAL_SERVER_ERROR,
          Map.of("error", "cannot list the backtest data: " + e.getMessage()),
          Jackson.marshaller(JSON));
    }
  }

  private Route report(String id) {
    if (jobs.get(id).isEmpty()) {
      return notFound(id);
    }
    return jobs.report(id)
        .<Route>map(html -> complete(HttpEntities.create(ContentTypes.TEXT_HTML_UTF8, html)))
        .orElseGet(() -> error(StatusCodes.CONFLICT, "backtest " + id + " has no report yet"));
  }

  private Route notFound(String id) {
    return error(StatusCodes.NOT_FOUND, "no backtest " + id + " on this node");
  }

  private Route error(StatusCode status, String message) {
    refused.incrementAndGet();
    return complete(status, Map.of("error", message), Jackson.marshaller(JSON));
  }
}
