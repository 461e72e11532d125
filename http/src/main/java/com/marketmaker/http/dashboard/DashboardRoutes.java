package com.marketmaker.http.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketmaker.actors.JournalHistory;
import com.marketmaker.actors.SymbolProtocol.DashboardRow;
import com.marketmaker.core.instrument.AssetPair;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.http.ApiErrors;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The operators' dashboard: its page and files, which hold no data and are served without a token
 * ({@link #files()}: {@code GET /}, {@code GET /ui/...}), and the read-outs it draws, behind the
 * API's guard like every other read ({@link #api()}):
 *
 * <ul>
 *   <li>{@code GET /dashboard/overview}: every instrument of the cluster (one {@link DashboardRow}
 *       each), totals by quote currency, the cluster's members with the instruments each hosts;
 *   <li>{@code GET /dashboard/instrument/{id}}: the instrument's row and its recent series;
 *   <li>{@code GET /dashboard/stream[?instrument=id]}: server-sent events, {@code overview} every
 *       sample and, with an instrument, {@code instrument} (its row and newest point).
 * </ul>
 *
 * The depth, orders, fills, quote decision and performance of one instrument are the API's own
 * read-outs ({@code /book}, {@code /orders}, {@code /fills}, {@code /maker/...}).
 */
public final class DashboardRoutes extends AllDirectives {

  /** A member of the cluster as the overview lists it. */
  public record Member(String address, String status, boolean self) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CHART_LIBRARY = "uplot";
  private static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

  private final DashboardSampler sampler;
  private final Supplier<List<Member>> members;
  private final JournalHistory journal;
  private final String chartLibraryDir;

  public DashboardRoutes(DashboardSampler sampler, Supplier<List<Member>> members) {
    this(sampler, members, JournalHistory.NONE);
  }

  /**
   * @param journal the instruments' older history, where the node's own series do not reach
   */
  public DashboardRoutes(
      DashboardSampler sampler, Supplier<List<Member>> members, JournalHistory journal) {
    this.sampler = sampler;
    this.members = members;
    this.journal = journal;
    this.chartLibraryDir = webjarDir(CHART_LIBRARY);
  }

  /** The page and its files: public, read-only, with a strict content security policy. */
  public Route files() {
    return get(
        () ->
            respondWithHeaders(
                List.of(
                    RawHeader.create("Content-Security-Policy", CSP),
                    RawHeader.create("X-Frame-Options", "DENY"),
                    RawHeader.create("Referrer-Policy", "no-referrer")),
                () ->
                    concat(
                        pathSingleSlash(() -> getFromResource("dashboard/index.html")),
                        pathPrefix(
                            "ui",
                            () ->
                                concat(
                                    pathPrefix(
                                        "lib", () -> getFromResourceDirectory(chartLibraryDir)),
                                    getFromResourceDirectory("dashboard"))))));
  }

  /** The read-outs, to be served behind the guard. */
  public Route api() {
    return pathPrefix(
        "dashboard",
        () ->
            get(
                () -> {
                  sampler.ensureStarted();
                  return concat(
                      path("overview", () -> json(overview(sampler.latest()))),
                      path(
                          PathMatchers.segment("instrument").slash(PathMatchers.segment()),
                          id -> valid(id, this::instrument)),
                      path(
                          "stream",
                          () ->
                              parameterOptional(
                                  "instrument",
                                  id ->
                                      id.isEmpty()
                                          ? stream(null)
                                          : valid(id.get(), this::stream))));
                }));
  }

  private Route instrument(String checked) {
    DashboardRow row = find(sampler.latest(), checked);
    Map<String, Object> recent = sampler.history(checked);
    long[] recentAt = recent == null ? new long[0] : (long[]) recent.get("atMillis");
    int room = sampler.settings().historyPoints() - recentAt.length;
    CompletionStage<Map<String, Object>> older =
        room <= 0
            ? CompletableFuture.completedFuture(null)
            : journal
                .before(
                    checked, recentAt.length == 0 ? System.currentTimeMillis() : recentAt[0], room)
                .exceptionally(e -> null);
    return onSuccess(
        older,
        old -> {
          Map<String, Object> history = SeriesColumns.concat(old, recent);
          if (row == null && history == null) {
            return complete(
                ApiErrors.response(
                    StatusCodes.NOT_FOUND,
                    "no instrument "
                        + checked
                        + " is running (or the dashboard has not sampled it yet)"));
          }
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("instrument", checked);
          out.put("row", row);
          out.put("history", history);
          out.put("journalPoints", old == null ? 0 : ((long[]) old.get("atMillis")).length);
          out.put("sampleIntervalMillis", sampler.settings().interval().toMillis());
          return json(out);
        });
  }

  private Route stream(String instrument) {
    Source<ServerSentEvent, NotUsed> events =
        Source.tick(java.time.Duration.ZERO, sampler.settings().interval(), NotUsed.getInstance())
            .mapConcat(t -> events(instrument))
            .mapMaterializedValue(c -> NotUsed.getInstance());
    return completeOK(events, EventStreamMarshalling.toEventStream());
  }

  private List<ServerSentEvent> events(String instrument) throws JsonProcessingException {
    DashboardSampler.Sample s = sampler.latest();
    List<ServerSentEvent> out = new ArrayList<>(2);
    out.add(ServerSentEvent.create(JSON.writeValueAsString(overview(s)), "overview"));
    if (instrument != null) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("instrument", instrument);
      one.put("row", find(s, instrument));
      out.add(ServerSentEvent.create(JSON.writeValueAsString(one), "instrument"));
    }
    return out;
  }

  /** The overview of one sample: rows, totals and members. */
  Map<String, Object> overview(DashboardSampler.Sample s) {
    Map<String, Integer> hosted = new TreeMap<>();
    Map<String, double[]> byQuote = new TreeMap<>();
    int making = 0;
    int halted = 0;
    int bothSides = 0;
    long fills = 0;
    for (DashboardRow r : s.rows()) {
      hosted.merge(r.hostedOn(), 1, Integer::sum);
      making += r.making() ? 1 : 0;
      halted += r.halted() ? 1 : 0;
      bothSides += r.bothSidesQuoted() ? 1 : 0;
      fills += r.fills();
      double[] t = byQuote.computeIfAbsent(quoteAsset(r.instrument()), k -> new double[4]);
      t[0] += r.totalPnlQuote();
      t[1] += r.realizedQuote();
      t[2] += r.feesQuote();
      t[3] += r.capturedQuote();
    }
    List<Map<String, Object>> nodes = new ArrayList<>();
    for (Member m : members.get()) {
      Map<String, Object> n = new LinkedHashMap<>();
      n.put("address", m.address());
      n.put("status", m.status());
      n.put("self", m.self());
      n.put("instruments", hosted.getOrDefault(m.address(), 0));
      nodes.add(n);
    }
    Map<String, Object> pnl = new LinkedHashMap<>();
    byQuote.forEach(
        (q, t) -> {
          Map<String, Object> v = new LinkedHashMap<>();
          v.put("totalPnl", t[0]);
          v.put("realized", t[1]);
          v.put("fees", t[2]);
          v.put("spreadCaptured", t[3]);
          pnl.put(q, v);
        });
    Map<String, Object> totals = new LinkedHashMap<>();
    totals.put("instruments", s.rows().size());
    totals.put("making", making);
    totals.put("halted", halted);
    totals.put("bothSidesQuoted", bothSides);
    totals.put("fills", fills);
    totals.put("pnlByQuoteCurrency", pnl);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("atMillis", s.atMillis());
    out.put("sampleIntervalMillis", sampler.settings().interval().toMillis());
    out.put("nodesAsked", s.nodesAsked());
    out.put("nodesUnavailable", s.nodesUnavailable());
    out.put("unanswered", s.unanswered());
    out.put("totals", totals);
    out.put("nodes", nodes);
    out.put("instruments", s.rows());
    return out;
  }

  private static DashboardRow find(DashboardSampler.Sample s, String instrument) {
    for (DashboardRow r : s.rows()) {
      if (r.instrument().equals(instrument)) {
        return r;
      }
    }
    return null;
  }

  /** {@code inner} with the instrument id in its canonical form; a malformed one is a 400. */
  private Route valid(String id, java.util.function.Function<String, Route> inner) {
    String canonical;
    try {
      canonical = InstrumentId.parse(id).toString();
    } catch (IllegalArgumentException e) {
      return complete(
          ApiErrors.response(
              StatusCodes.BAD_REQUEST,
              "not an instrument id (VENUE:SYMBOL): "
                  + com.marketmaker.http.Texts.clean(id, 64)
                  + " ("
                  + e.getMessage()
                  + ")"));
    }
    return inner.apply(canonical);
  }

  private static String quoteAsset(String instrument) {
    try {
      return AssetPair.of(InstrumentId.parse(instrument)).quote();
    } catch (IllegalArgumentException e) {
      return "?";
    }
  }

  private Route json(Object value) {
    try {
      return complete(
          HttpResponse.create()
              .withEntity(ContentTypes.APPLICATION_JSON, JSON.writeValueAsBytes(value)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the dashboard's answer", e);
    }
  }

  /** The classpath folder of a WebJar's files, from the version its jar declares. */
  private static String webjarDir(String name) {
    String props = "META-INF/maven/org.webjars.npm/" + name + "/pom.properties";
    try (InputStream in = DashboardRoutes.class.getClassLoader().getResourceAsStream(props)) {
      if (in == null) {
        throw new IllegalStateException("the " + name + " WebJar is not on the classpath");
      }
      Properties p = new Properties();
      p.load(in);
      return "META-INF/resources/webjars/" + name + "/" + p.getProperty("version") + "/dist";
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + props, e);
    }
  }
}
