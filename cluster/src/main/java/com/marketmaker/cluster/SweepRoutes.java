package com.marketmaker.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.marketmaker.actors.sweep.SweepProtocol;
import com.marketmaker.actors.sweep.SweepProtocol.PointOutcome;
import com.marketmaker.actors.sweep.SweepProtocol.SweepSpec;
import com.marketmaker.actors.sweep.SweepProtocol.SweepView;
import com.marketmaker.backtest.report.HtmlReport;
import com.marketmaker.backtest.report.SweepRow;
import com.marketmaker.backtest.service.SweepPointRunner;
import com.marketmaker.backtest.service.SweepRequest;
import com.marketmaker.backtest.sweep.Metrics;
import com.marketmaker.http.auth.Principal;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * Backtest sweeps across the cluster over HTTP. The node that takes the request checks it against
 * its own copies of the event files and journals it with the sweep coordinator; every node's worker
 * then pulls points until none is left.
 *
 * <ul>
 *   <li>{@code POST /sweeps}: a {@link SweepRequest} (unknown fields refused); 202 with the id and
 *       the number of points; 400 for a request that cannot run;
 *   <li>{@code GET /sweeps}: every remembered sweep's progress;
 *   <li>{@code GET /sweeps/{id}}: progress (points done, failed, running on which node) and the
 *       results so far, best first by the sweep's metric, each with the node that ran it;
 *   <li>{@code GET /sweeps/{id}/report}: the HTML report (ranked table, heatmap over two fields) of
 *       the results so far.
 * </ul>
 *
 * The sweep is submitted by the name of the request's token (set by the API's guard).
 */
final class SweepRoutes extends AllDirectives {

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final int MAX_BODY_BYTES = 256 * 1024;

  /** A sweep's progress and ranked results as the API shows them. */
  record Progress(
      String id,
      int points,
      int done,
      int failed,
      List<SweepProtocol.Lease> running,
      long duplicateReports,
      String metric,
      String submittedBy,
      long submittedAtMillis,
      Map<String, Integer> doneByNode,
      List<Ranked> ranked) {}

  /** One point's result. */
  record Ranked(
      int rank,
      int index,
      Map<String, Object> point,
      Map<String, Double> metrics,
      String error,
      String node,
      long elapsedMillis) {}

  private final ActorSystem<?> system;
  private final ActorRef<SweepProtocol.Command> coordinator;
  private final SweepPointRunner runner;
  private final Duration askTimeout;
  private final AtomicLong refused = new AtomicLong();

  SweepRoutes(
      ActorSystem<?> system,
      ActorRef<SweepProtocol.Command> coordinator,
      SweepPointRunner runner,
      Duration askTimeout) {
    this.system = system;
    this.coordinator = coordinator;
    this.runner = runner;
    this.askTimeout = askTimeout;
  }

  long refused() {
    return refused.get();
  }

  Route routes() {
    return pathPrefix(
        "sweeps",
        () ->
            concat(
                pathEnd(
                    () ->
                        concat(
                            get(this::list),
                            post(
                                () ->
                                    withSizeLimit(
                                        MAX_BODY_BYTES,
                                        () ->
                                            optionalAttribute(
                                                Principal.KEY,
                                                who ->
                                                    who.isEmpty()
                                                        ? error(
                                                            StatusCodes.UNAUTHORIZED,
                                                            "not authenticated: send a bearer"
                                                                + " token")
                                                        : entity(
                                                            Unmarshaller.entityToString(),
                                                            body ->
                                                                submit(
                                                                    body, who.get().name()))))))),
                path(PathMatchers.segment(), id -> get(() -> progress(id))),
                path(PathMatchers.segment().slash("report"), id -> get(() -> report(id)))));
  }

  private Route submit(String body, String operator) {
    SweepRequest request;
    List<String> points;
    try {
      request = JSON.readValue(body, SweepRequest.class);
      if (request == null) {
        return error(StatusCodes.BAD_REQUEST, "request body must be a JSON object");
      }
      points = runner.check(request);
    } catch (JsonProcessingException e) {
      return error(StatusCodes.BAD_REQUEST, "invalid sweep request: " + e.getOriginalMessage());
    } catch (IllegalArgumentException e) {
      return error(StatusCodes.BAD_REQUEST, e.getMessage());
    } catch (IOException e) {
      return error(StatusCodes.BAD_REQUEST, "cannot read the event files: " + e.getMessage());
    }
    String requestJson;
    try {
      requestJson = JSON.writeValueAsString(request);
    } catch (JsonProcessingException e) {
      return error(StatusCodes.BAD_REQUEST, "invalid sweep request: " + e.getOriginalMessage());
    }
    SweepSpec spec =
        new SweepSpec(
            "sw-" + UUID.randomUUID().toString().substring(0, 8),
            requestJson,
            points,
            request.rankMetric(),
            Metrics.higherIsBetter(request.rankMetric()),
            operator,
            System.currentTimeMillis());
    CompletionStage<SweepProtocol.Submitted> submitted =
        AskPattern.ask(
            coordinator, r -> new SweepProtocol.Submit(spec, r), askTimeout, system.scheduler());
    return onComplete(
        submitted,
        t ->
            t.isSuccess()
                ? complete(
                    StatusCodes.ACCEPTED,
                    Map.of("id", t.get().sweepId(), "points", t.get().points()),
                    Jackson.marshaller(JSON))
                : unavailable());
  }

  private Route list() {
    CompletionStage<SweepProtocol.SweepList> list =
        AskPattern.ask(coordinator, SweepProtocol.ListSweeps::new, askTimeout, system.scheduler());
    return onComplete(
        list,
        t ->
            t.isSuccess()
                ? complete(StatusCodes.OK, t.get().sweeps(), Jackson.marshaller(JSON))
                : unavailable());
  }

  private CompletionStage<SweepView> view(String id) {
    return AskPattern.ask(
        coordinator, r -> new SweepProtocol.Get(id, r), askTimeout, system.scheduler());
  }

  private Route progress(String id) {
    return onComplete(
        view(id),
        t -> {
          if (t.isFailure()) {
            return unavailable();
          }
          if (!t.get().found()) {
            return notFound(id);
          }
          return complete(StatusCodes.OK, progressOf(t.get()), Jackson.marshaller(JSON));
        });
  }

  private Route report(String id) {
    return onComplete(
        view(id),
        t -> {
          if (t.isFailure()) {
            return unavailable();
          }
          if (!t.get().found()) {
            return notFound(id);
          }
          SweepView v = t.get();
          List<SweepRow> rows = new ArrayList<>();
          for (PointOutcome o : v.results()) {
            if (!o.failed()) {
              rows.add(
                  new SweepRow(o.key().index(), point(v.spec(), o.key().index()), o.metrics()));
            }
          }
          if (rows.isEmpty()) {
            return error(StatusCodes.CONFLICT, "sweep " + id + " has no results yet");
          }
          String title =
              "Sweep "
                  + id
                  + " by "
                  + v.spec().metric()
                  + " ("
                  + v.done()
                  + " of "
                  + v.spec().points().size()
                  + " points)";
          return complete(
              HttpEntities.create(
                  ContentTypes.TEXT_HTML_UTF8,
                  HtmlReport.writeSweep(rows, v.spec().metric(), null, null, title)));
        });
  }

  static Progress progressOf(SweepView v) {
    SweepSpec spec = v.spec();
    String metric = spec.metric();
    List<PointOutcome> outcomes = new ArrayList<>(v.results());
    Comparator<PointOutcome> byMetric =
        Comparator.comparingDouble(
            o -> {
              Double x = o.metrics().get(metric);
              double value = x == null || x.isNaN() ? Double.NEGATIVE_INFINITY : x;
              return spec.higherIsBetter() ? -value : value;
            });
    // Failed points last; ties keep point order.
    outcomes.sort(
        Comparator.comparing(PointOutcome::failed)
            .thenComparing(byMetric)
            .thenComparingInt(o -> o.key().index()));
    List<Ranked> ranked = new ArrayList<>();
    Map<String, Integer> byNode = new TreeMap<>();
    for (PointOutcome o : outcomes) {
      ranked.add(
          new Ranked(
              ranked.size() + 1,
              o.key().index(),
              point(spec, o.key().index()),
              o.metrics(),
              o.error(),
              o.node(),
              o.elapsedMillis()));
      byNode.merge(o.node(), 1, Integer::sum);
    }
    return new Progress(
        spec.id(),
        spec.points().size(),
        v.done(),
        v.failed(),
        v.running(),
        v.duplicateReports(),
        metric,
        spec.submittedBy(),
        spec.submittedAtMillis(),
        byNode,
        ranked);
  }

  private static Map<String, Object> point(SweepSpec spec, int index) {
    try {
      return SweepPointRunner.readPoint(spec.points().get(index));
    } catch (IOException e) {
      return new LinkedHashMap<>(Map.of("unreadable", spec.points().get(index)));
    }
  }

  private Route unavailable() {
    return error(
        StatusCodes.SERVICE_UNAVAILABLE,
        "the sweep coordinator did not answer in time (it may be moving to another node); retry");
  }

  private Route notFound(String id) {
    return error(StatusCodes.NOT_FOUND, "no sweep " + id);
  }

  private Route error(StatusCode status, String message) {
    refused.incrementAndGet();
    return complete(status, Map.of("error", message), Jackson.marshaller(JSON));
  }
}
