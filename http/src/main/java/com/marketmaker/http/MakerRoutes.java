package com.marketmaker.http;

import static com.marketmaker.http.MakerBodies.boundedInteger;
import static com.marketmaker.http.MakerBodies.guarded;
import static com.marketmaker.http.MakerBodies.instrument;
import static com.marketmaker.http.MakerBodies.isZero;
import static com.marketmaker.http.MakerBodies.parameters;
import static com.marketmaker.http.MakerBodies.strategy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.marketmaker.actors.MakerGateway;
import com.marketmaker.actors.SymbolProtocol;
import com.marketmaker.actors.SymbolProtocol.Accepted;
import com.marketmaker.actors.SymbolProtocol.Confirmation;
import com.marketmaker.actors.SymbolProtocol.FillReport;
import com.marketmaker.actors.SymbolProtocol.Rejected;
import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.strategy.MakerParameters;
import com.marketmaker.core.strategy.QuoteSettings;
import com.marketmaker.core.strategy.StrategyConfig;
import com.marketmaker.http.OperatorViews.FailureView;
import com.marketmaker.http.OperatorViews.FillsView;
import com.marketmaker.http.OperatorViews.OrdersView;
import com.marketmaker.http.OperatorViews.PerformanceView;
import com.marketmaker.http.OperatorViews.RiskClearanceView;
import com.marketmaker.http.auth.Principal;
import com.marketmaker.http.auth.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * The operator API of the market maker, JSON over HTTP. It is served behind {@link ApiGuard}: every
 * request carries a bearer token, and the operator of every change (journaled as {@code
 * requestedBy}, shown as {@code lastChangedBy}) is the name of that token, never something the
 * client states.
 *
 * <pre>
 * POST /maker/start               {instrument, tickSize, lotSize, parameters{...}, strategy{...}?}
 * POST /maker/params              {instrument, parameters{...}, strategy{...}?}
 * POST /maker/limits              {instrument, maxPosition?, maxLoss?, maxDrawdown?} (risk role)
 * POST /maker/stop?symbol=V:S
 * GET  /maker/status/{V:S}
 * GET  /maker/active
 * POST /maker/fills               {instrument, tradeId, side, price, size, fee}
 * GET  /maker/api-errors
 * GET  /maker/performance/{V:S}   P&amp;L, fills, fill rate, spread captured, inventory, uptime
 * GET  /maker/quote/{V:S}         the last quote decision: inputs, each step in ticks, ladder
 * GET  /maker/risk/alerts         every running instrument that is halted, pulled or silent
 * POST /maker/risk/clear          {symbol: V:S} or {all: true}
 * POST /maker/kill                {reason}? (body optional; at most 200 printable characters)
 * GET  /book/{V:S}?depth=N        the live book, N levels per side (default 10, at most 1000)
 * GET  /orders/{V:S}              working orders, reconciliation flag, quoting state
 * GET  /fills/{V:S}?limit=N       recent fills, newest first (default 100, at most 1000)
 * </pre>
 *
 * <p>{@code strategy} of a start takes {@code model} ({@code glft}, {@code glft-exact}, {@code
 * hjb}, {@code avellaneda-stoikov} or {@code as}), {@code intensityA}, {@code intensityK}, {@code
 * levels}, {@code levelSpacingTicks}, {@code volatilityHalfLifeSeconds}, {@code maxLoss}, {@code
 * maxDrawdown} and every field of {@link QuoteSettings} (the quote steps); an absent field (or the
 * whole object) takes {@link StrategyConfig#defaults()} at a start and the current value at a
 * parameter update, an unknown field is refused.
 *
 * <p>{@code POST /maker/kill} is the global kill switch: it halts every instrument running anywhere
 * in the cluster (as listed by the shard regions of every node that is up), at most {@link
 * Sweep#parallelism()} at a time, sending Kill again to an instrument that does not answer (up to
 * {@link Sweep#killAttempts()} times). Each entity cancels its orders and journals its halt, with
 * the reason and the operator, so the halt survives a restart or failover; it stays halted until
 * {@code POST /maker/risk/clear}. The answer counts acknowledgements, lists the instruments that
 * could not be confirmed halted, and gives the milliseconds from the request to the last
 * acknowledgement; it is 200 when every instrument is confirmed halted and 503 (same body) when any
 * instrument or node could not be confirmed, so a script can simply repeat it (Kill is idempotent).
 *
 * <p>Read-outs are shaped as documented in {@link OperatorViews}: quote-currency amounts as exact
 * decimal text at eight places, prices and sizes as decimal text on the instrument's grid next to
 * their ticks and lots. Routes that format on the grid first ask the instrument for its status to
 * learn its tick and lot sizes.
 *
 * <p>Every input is validated at the boundary (the bodies by {@link MakerBodies}); a refusal is a
 * JSON {@code {"error": ...}} with 400 (bad input), 403 (a risk limit raised without the risk
 * role), 404 (unknown instrument), 409 (conflicts with the instrument's state), 502 (the instrument
 * answered with something the API does not expect) or 503 (the instrument did not answer in time),
 * and is counted by kind in {@code GET /maker/api-errors}.
 *
 * <p>Size: over 500 lines because it is the whole /maker route table with each route's input
 * validation and the way the instrument's answer becomes the HTTP answer next to it, so every
 * boundary check of an endpoint is read in one place. The bodies are read by {@link MakerBodies}
 * and {@link JsonBody}, the read-out shapes are {@link OperatorViews}, the cluster-wide fan-out
 * {@link FanOut} and risk control {@link ClusterRiskControl}.
 */
public final class MakerRoutes extends AllDirectives {

  static final String DEFAULT_KILL_REASON = "operator kill switch";

  private static final ObjectMapper JSON =
      JsonMapper.builder().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS).build();

  /**
   * How commands over every running instrument are run.
   *
   * @param parallelism asks in flight at most
   * @param killAttempts sends of Kill to an instrument that does not answer, at most
   * @param requestTimeout how long such a request may take before the server answers 503 (the
   *     commands already sent still complete)
   */
  public record Sweep(int parallelism, int killAttempts, Duration requestTimeout) {
    /** 32 asks in flight, 3 attempts per Kill, 2 minutes per request. */
    public static final Sweep DEFAULT = new Sweep(32, 3, Duration.ofMinutes(2));

    public Sweep {
      if (parallelism < 1 || killAttempts < 1) {
        throw new IllegalArgumentException("parallelism and kill attempts must be at least 1");
      }
      if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
        throw new IllegalArgumentException("request timeout must be positive");
      }
    }
  }

  private final MakerGateway gateway;
  private final Sweep sweep;
  private final ClusterRiskControl risk;
  private final Map<String, AtomicLong> errors = new LinkedHashMap<>();

  public MakerRoutes(MakerGateway gateway) {
    this(gateway, Sweep.DEFAULT);
  }

  public MakerRoutes(MakerGateway gateway, Sweep sweep) {
    this.gateway = gateway;
    this.sweep = sweep;
    this.risk =
        new ClusterRiskControl(
            gateway, sweep.parallelism(), sweep.killAttempts(), System::nanoTime);
    for (String kind :
        List.of(
            "badRequest",
            "unknownInstrument",
            "conflict",
            "forbidden",
            "unexpectedReply",
            "unavailable")) {
      errors.put(kind, new AtomicLong());
    }
  }

  /** Counts of refused requests by kind, since the node started. */
  public Map<String, Long> errorCounts() {
    Map<String, Long> out = new LinkedHashMap<>();
    errors.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  public Route routes() {
    return routes(reject());
  }

  /** The API plus {@code extra} routes of the node, under the same error handling. */
  public Route routes(Route extra) {
    return handleExceptions(
        exceptions(),
        () ->
            handleRejections(
                rejections(),
                () ->
                    concat(
                        extra,
                        new OpenApiRoutes().routes(),
                        path(
                            PathMatchers.segment("book").slash(PathMatchers.segment()),
                            symbol -> get(() -> book(symbol))),
                        path(
                            PathMatchers.segment("orders").slash(PathMatchers.segment()),
                            symbol -> get(() -> orders(symbol))),
                        path(
                            PathMatchers.segment("fills").slash(PathMatchers.segment()),
                            symbol -> get(() -> fills(symbol))),
                        pathPrefix(
                            "maker",
                            () ->
                                concat(
                                    path("start", () -> post(() -> principal(this::start))),
                                    path(
                                        "params",
                                        () -> post(() -> principal(this::updateParameters))),
                                    path("limits", () -> post(() -> operator(this::setLimits))),
                                    path("stop", () -> post(() -> operator(this::stop))),
                                    path(
                                        PathMatchers.segment("status")
                                            .slash(PathMatchers.segment()),
                                        symbol -> get(() -> status(symbol))),
                                    path("active", () -> get(this::active)),
                                    path("fills", () -> post(this::fill)),
                                    path(
                                        PathMatchers.segment("performance")
                                            .slash(PathMatchers.segment()),
                                        symbol -> get(() -> performance(symbol))),
                                    path(
                                        PathMatchers.segment("quote").slash(PathMatchers.segment()),
                                        symbol -> get(() -> quote(symbol))),
                                    path(
                                        PathMatchers.segment("risk").slash("alerts"),
                                        () -> get(() -> sweeping(this::riskAlerts))),
                                    path(
                                        PathMatchers.segment("risk").slash("clear"),
                                        () -> post(() -> operator(this::clearRisk))),
                                    path(
                                        "kill",
                                        () ->
                                            post(() -> operator(who -> sweeping(() -> kill(who))))),
                                    path(
                                        "api-errors",
                                        () ->
                                            get(
                                                () ->
                                                    complete(
                                                        StatusCodes.OK,
                                                        errorCounts(),
                                                        marshaller()))))))));
  }

  // ---------------------------------------------------------------- endpoints

  /**
   * The operator of a change: the name of the request's token, set by {@link ApiGuard}. Without it
   * (the routes served without the guard) a change is refused.
   */
  private Route operator(Function<String, Route> inner) {
    return principal(p -> inner.apply(p.name()));
  }

  /** As {@link #operator}, with the whole principal: its name and its roles. */
  private Route principal(Function<Principal, Route> inner) {
    return optionalAttribute(
        Principal.KEY,
        p ->
            p.isPresent()
                ? inner.apply(p.get())
                : complete(
                    ApiErrors.response(
                        StatusCodes.UNAUTHORIZED, "not authenticated: send a bearer token")));
  }

  private Route start(Principal who) {
    String operator = who.name();
    return jsonBody(
        body -> {
          InstrumentId id = instrument(body.text("instrument"));
          InstrumentSpec spec;
          try {
            spec = InstrumentSpec.of(id, body.decimal("tickSize"), body.decimal("lotSize"));
          } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
          }
          MakerParameters params = parameters(body.object("parameters"), spec);
          StrategyConfig strategy =
              body.has("strategy")
                  ? strategy(body.object("strategy"), StrategyConfig.defaults())
                  : StrategyConfig.defaults();
          boolean mayRaiseLimits = who.has(Role.RISK);
          return reply(
              id,
              r -> new SymbolProtocol.Start(spec, params, strategy, operator, r, mayRaiseLimits),
              true);
        });
  }

  private Route updateParameters(Principal who) {
    String operator = who.name();
    boolean mayRaiseLimits = who.has(Role.RISK);
    return jsonBody(
        body -> {
          InstrumentId id = instrument(body.text("instrument"));
          JsonBody p = body.object("parameters");
          JsonBody st = body.has("strategy") ? body.object("strategy") : null;
          // Sizes are on the instrument's lot grid, which only the entity knows: fetch it first.
          return onSuccess(
              gateway.ask(id, SymbolProtocol.GetStatus::new).handle((c, e) -> new Outcome(c, e)),
              outcome -> {
                if (!(outcome.confirmation() instanceof Accepted a)) {
                  return answer(id, outcome, true);
                }
                InstrumentSpec spec =
                    InstrumentSpec.of(id, a.summary().tickSize(), a.summary().lotSize());
                MakerParameters params = guarded(() -> parameters(p, spec));
                // Strategy fields left out keep the instrument's current values.
                StrategyConfig strategy =
                    st == null ? null : guarded(() -> strategy(st, a.summary().strategy()));
                return reply(
                    id,
                    r ->
                        new SymbolProtocol.UpdateParameters(
                            params, strategy, operator, r, mayRaiseLimits),
                    true);
              });
        });
  }

  /**
   * The risk limits of one instrument, set by the risk role: {@code maxPosition} (base units on the
   * lot grid), {@code maxLoss} and {@code maxDrawdown} (quote currency), each optional, at least
   * one given.
   */
  private Route setLimits(String operator) {
    return jsonBody(
        body -> {
          body.onlyFields(LIMIT_FIELDS);
          InstrumentId id = instrument(body.text("instrument"));
          if (LIMIT_FIELDS.stream().noneMatch(f -> !f.equals("instrument") && body.has(f))) {
            throw new BadRequest("give at least one of maxPosition, maxLoss, maxDrawdown");
          }
          Double maxLoss = body.has("maxLoss") ? positive(body, "maxLoss") : null;
          Double maxDrawdown = body.has("maxDrawdown") ? positive(body, "maxDrawdown") : null;
          String maxPosition = body.has("maxPosition") ? body.decimal("maxPosition") : null;
          // The position limit is on the instrument's lot grid, which only the entity knows.
          return withGrid(
              id,
              spec -> {
                Long lots =
                    maxPosition == null ? null : MakerBodies.lots(spec, maxPosition, "maxPosition");
                return reply(
                    id,
                    r -> new SymbolProtocol.SetLimits(lots, maxLoss, maxDrawdown, operator, r),
                    true);
              });
        });
  }

  private static final Set<String> LIMIT_FIELDS =
      Set.of("instrument", "maxPosition", "maxLoss", "maxDrawdown");

  private static double positive(JsonBody body, String field) {
    double v = body.number(field);
    if (!Double.isFinite(v) || v <= 0) {
      throw new BadRequest("field '" + field + "' must be a number > 0, got " + v);
    }
    return v;
  }

  private Route stop(String operator) {
    return parameterOptional(
        "symbol",
        symbol -> {
          if (symbol.isEmpty()) {
            return error(
                StatusCodes.BAD_REQUEST,
                "badRequest",
                "missing query parameter 'symbol' (VENUE:SYMBOL)");
          }
          InstrumentId id = guarded(() -> instrument(symbol.get()));
          return reply(id, r -> new SymbolProtocol.Stop(operator, r), true);
        });
  }

  private Route status(String symbol) {
    InstrumentId id;
    try {
      id = instrument(symbol);
    } catch (BadRequest e) {
      return error(StatusCodes.BAD_REQUEST, "badRequest", e.getMessage());
    }
    return reply(id, SymbolProtocol.GetStatus::new, false);
  }

  private Route book(String symbol) {
    return parameterOptional(
        "depth",
        depthText -> {
          InstrumentId id = instrument(symbol);
          int levels = boundedInteger("depth", depthText, 10, 1, 1000);
          return reply(id, r -> new SymbolProtocol.GetBook(levels, r), false);
        });
  }

  private Route active() {
    CompletionStage<Map<String, Object>> result =
        gateway
            .runningInstruments()
            .thenCompose(
                running -> {
                  List<CompletableFuture<Confirmation>> asks = new ArrayList<>();
                  for (String id : running.instruments()) {
                    asks.add(
                        gateway
                            .ask(InstrumentId.parse(id), SymbolProtocol.GetStatus::new)
                            .toCompletableFuture()
                            .exceptionally(e -> null));
                  }
                  return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new))
                      .thenApply(
                          done -> {
                            List<SymbolProtocol.Summary> making = new ArrayList<>();
                            int unanswered = 0;
                            for (var a : asks) {
                              Confirmation c = a.join();
                              if (c instanceof Accepted acc) {
                                if (acc.summary().making()) {
                                  making.add(acc.summary());
                                }
                              } else if (c == null) {
                                unanswered++;
                              }
                            }
                            Map<String, Object> out = new LinkedHashMap<>();
                            out.put("count", making.size());
                            out.put("instruments", making);
                            out.put("running", running.instruments().size());
                            out.put("unanswered", unanswered);
                            out.put("nodesAsked", running.nodesAsked());
                            out.put("nodesUnavailable", running.nodesUnavailable());
                            return out;
                          });
                });
    return onSuccess(result, out -> complete(StatusCodes.OK, out, marshaller()));
  }

  private Route fill() {
    return jsonBody(
        body -> {
          InstrumentId id = instrument(body.text("instrument"));
          long tradeId = body.integer("tradeId");
          if (tradeId < 0) {
            throw new BadRequest("field 'tradeId' must not be negative");
          }
          Side side = guarded(() -> Side.parse(body.text("side")));
          String price = body.decimal("price");
          String size = body.decimal("size");
          if (price.startsWith("-") || isZero(price)) {
            throw new BadRequest("field 'price' must be positive, got " + price);
          }
          if (size.startsWith("-") || isZero(size)) {
            throw new BadRequest("field 'size' must be positive, got " + size);
          }
          String fee = body.has("fee") ? body.decimal("fee") : null;
          FillReport report = new FillReport(tradeId, side, price, size, fee);
          return reply(id, r -> new SymbolProtocol.RecordFill(report, r), true);
        });
  }

  private Route performance(String symbol) {
    InstrumentId id = instrument(symbol);
    return withGrid(
        id,
        spec ->
            ask(
                id,
                SymbolProtocol.GetPerformance::new,
                SymbolProtocol.PerformanceReport.class,
                report ->
                    complete(StatusCodes.OK, PerformanceView.of(report, spec), marshaller())));
  }

  private Route quote(String symbol) {
    InstrumentId id = instrument(symbol);
    return ask(
        id,
        SymbolProtocol.GetQuote::new,
        SymbolProtocol.QuoteReport.class,
        report -> complete(StatusCodes.OK, report, marshaller()));
  }

  private Route orders(String symbol) {
    InstrumentId id = instrument(symbol);
    return withGrid(
        id,
        spec ->
            ask(
                id,
                SymbolProtocol.GetOrders::new,
                SymbolProtocol.OrdersReport.class,
                report -> complete(StatusCodes.OK, OrdersView.of(report, spec), marshaller())));
  }

  private Route fills(String symbol) {
    return parameterOptional(
        "limit",
        limitText -> {
          InstrumentId id = instrument(symbol);
          int limit = boundedInteger("limit", limitText, 100, 1, 1000);
          return withGrid(
              id,
              spec ->
                  ask(
                      id,
                      r -> new SymbolProtocol.GetFills(limit, r),
                      SymbolProtocol.FillsReport.class,
                      report ->
                          complete(
                              StatusCodes.OK, FillsView.of(report, spec, limit), marshaller())));
        });
  }

  private Route riskAlerts() {
    return swept(risk.alerts(), alerts -> complete(StatusCodes.OK, alerts, marshaller()));
  }

  private Route clearRisk(String operator) {
    return jsonBody(
        body -> {
          body.onlyFields(Set.of("symbol", "all"));
          boolean one = body.has("symbol");
          boolean all = body.has("all");
          if (one && all) {
            throw new BadRequest("give either 'symbol' or 'all', not both");
          }
          if (!one && !all) {
            throw new BadRequest(
                "missing field 'symbol' (VENUE:SYMBOL), or 'all': true to clear every halt");
          }
          if (all) {
            if (!body.bool("all")) {
              throw new BadRequest(
                  "field 'all' must be true to clear every halt; give 'symbol' to clear one");
            }
            return sweeping(
                () ->
                    swept(
                        risk.clearAll(operator),
                        cleared -> complete(StatusCodes.OK, cleared, marshaller())));
          }
          InstrumentId id = instrument(body.text("symbol"));
          return ask(
              id,
              r -> new SymbolProtocol.ClearRisk(operator, r),
              Accepted.class,
              a -> {
                boolean changed = a.change() == SymbolProtocol.Change.CHANGED;
                List<String> name = List.of(id.toString());
                return complete(
                    StatusCodes.OK,
                    new RiskClearanceView(
                        1,
                        changed ? name : List.of(),
                        changed ? List.of() : name,
                        List.<FailureView>of(),
                        null,
                        null,
                        null,
                        a.summary()),
                    marshaller());
              });
        });
  }

  private Route kill(String operator) {
    return entity(
        Unmarshaller.entityToString(),
        text -> {
          String reason = DEFAULT_KILL_REASON;
          if (text != null && !text.isBlank()) {
            JsonBody body = JsonBody.parse(text);
            body.onlyFields(Set.of("reason"));
            if (body.has("reason")) {
              reason = Texts.reason("reason", body.text("reason"));
            }
          }
          return swept(
              risk.killAll(reason, operator),
              report -> {
                if (report.complete()) {
                  return complete(StatusCodes.OK, report, marshaller());
                }
                errors.get("unavailable").incrementAndGet();
                return complete(StatusCodes.SERVICE_UNAVAILABLE, report, marshaller());
              });
        });
  }

  // ---------------------------------------------------------------- helpers

  private Route jsonBody(Function<JsonBody, Route> inner) {
    return entity(Unmarshaller.entityToString(), text -> inner.apply(JsonBody.parse(text)));
  }

  private record Outcome(Confirmation confirmation, Throwable failure) {}

  private Route reply(
      InstrumentId id,
      Function<ActorRef<Confirmation>, SymbolProtocol.Command> command,
      boolean withChange) {
    return onSuccess(
        gateway.ask(id, command).handle(Outcome::new), outcome -> answer(id, outcome, withChange));
  }

  private Route answer(InstrumentId id, Outcome outcome, boolean withChange) {
    return answer(
        id,
        outcome,
        Confirmation.class,
        c -> {
          if (c instanceof SymbolProtocol.BookLevels book) {
            return complete(StatusCodes.OK, book, marshaller());
          }
          if (!(c instanceof Accepted a)) {
            return unexpected(id, c);
          }
          if (!withChange) {
            return complete(StatusCodes.OK, a.summary(), marshaller());
          }
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("change", a.change());
          out.put("status", a.summary());
          return complete(StatusCodes.OK, out, marshaller());
        });
  }

  /** Asks the instrument and answers with {@code ok} when the reply is of the expected type. */
  private <C extends Confirmation> Route ask(
      InstrumentId id,
      Function<ActorRef<Confirmation>, SymbolProtocol.Command> command,
      Class<C> expected,
      Function<C, Route> ok) {
    return onSuccess(
        gateway.ask(id, command).handle(Outcome::new),
        outcome -> answer(id, outcome, expected, ok));
  }

  /**
   * Maps a failed ask to 503 and a refusal to 404, 400 or 409; a reply of the expected type goes to
   * {@code ok}, any other to 502.
   */
  private <C extends Confirmation> Route answer(
      InstrumentId id, Outcome outcome, Class<C> expected, Function<C, Route> ok) {
    if (outcome.failure() != null) {
      Throwable cause = outcome.failure();
      if (cause instanceof CompletionException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      String why =
          cause instanceof TimeoutException
              ? "instrument " + id + " did not answer in time; try again"
              : "instrument " + id + " is unavailable: " + cause.getMessage();
      return error(StatusCodes.SERVICE_UNAVAILABLE, "unavailable", why);
    }
    if (outcome.confirmation() instanceof Rejected r) {
      return switch (r.reason()) {
        case UNKNOWN_INSTRUMENT -> error(StatusCodes.NOT_FOUND, "unknownInstrument", r.message());
        case INVALID -> error(StatusCodes.BAD_REQUEST, "badRequest", r.message());
        case CONFLICT -> error(StatusCodes.CONFLICT, "conflict", r.message());
        case FORBIDDEN -> error(StatusCodes.FORBIDDEN, "forbidden", r.message());
      };
    }
    if (expected.isInstance(outcome.confirmation())) {
      return ok.apply(expected.cast(outcome.confirmation()));
    }
    return unexpected(id, outcome.confirmation());
  }

  private Route unexpected(InstrumentId id, Confirmation reply) {
    return error(
        StatusCodes.BAD_GATEWAY,
        "unexpectedReply",
        "instrument "
            + id
            + " answered with "
            + (reply == null ? "nothing" : reply.getClass().getSimpleName()));
  }

  /**
   * Runs {@code inner} with the instrument's grid, read from its status: a read-out in ticks and
   * lots is formatted on the grid the instrument was started with.
   */
  private Route withGrid(InstrumentId id, Function<InstrumentSpec, Route> inner) {
    return ask(
        id,
        SymbolProtocol.GetStatus::new,
        Accepted.class,
        a -> {
          SymbolProtocol.Summary s = a.summary();
          if (!s.started() || s.tickSize() == null || s.lotSize() == null) {
            return error(
                StatusCodes.NOT_FOUND,
                "unknownInstrument",
                "instrument " + id + " has never been started");
          }
          InstrumentSpec spec;
          try {
            spec = InstrumentSpec.of(id, s.tickSize(), s.lotSize());
          } catch (IllegalArgumentException e) {
            return error(
                StatusCodes.BAD_GATEWAY,
                "unexpectedReply",
                "instrument " + id + " reported an unusable grid: " + e.getMessage());
          }
          return inner.apply(spec);
        });
  }

  /** A command over every running instrument, which may take longer than a single ask. */
  private Route sweeping(Supplier<Route> inner) {
    return withRequestTimeout(
        sweep.requestTimeout(),
        request -> {
          errors.get("unavailable").incrementAndGet();
          return org.apache.pekko.http.javadsl.model.HttpResponse.create()
              .withStatus(StatusCodes.SERVICE_UNAVAILABLE)
              .withEntity(
                  org.apache.pekko.http.javadsl.model.ContentTypes.APPLICATION_JSON,
                  ApiErrors.json(
                      "not every instrument answered within "
                          + sweep.requestTimeout().toMillis()
                          + " ms; the commands already sent still complete"));
        },
        inner);
  }

  private record Swept<T>(T value, Throwable failure) {}

  /** Answers a sweep's result; a sweep fails only when the running instruments cannot be listed. */
  private <T> Route swept(CompletionStage<T> result, Function<T, Route> ok) {
    return onSuccess(
        result.handle(Swept::new),
        done -> {
          if (done.failure() != null) {
            return error(
                StatusCodes.SERVICE_UNAVAILABLE,
                "unavailable",
                "cannot list the running instruments: "
                    + ClusterRiskControl.describe(done.failure()));
          }
          return ok.apply(done.value());
        });
  }

  private Route error(StatusCode status, String kind, String message) {
    errors.get(kind).incrementAndGet();
    return complete(status, Map.of("error", message), marshaller());
  }

  private static <T>
      org.apache.pekko.http.javadsl.marshalling.Marshaller<
              T, org.apache.pekko.http.javadsl.model.RequestEntity>
          marshaller() {
    return Jackson.marshaller(JSON);
  }

  private ExceptionHandler exceptions() {
    return ExceptionHandler.newBuilder()
        .match(BadRequest.class, e -> error(StatusCodes.BAD_REQUEST, "badRequest", e.getMessage()))
        .build();
  }

  private RejectionHandler rejections() {
    return ApiErrors.rejections(
        status -> {
          if (status == 400) {
            errors.get("badRequest").incrementAndGet();
          }
        });
  }
}
