package com.marketmaker.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.marketmaker.actors.MakerGateway;
import com.marketmaker.actors.SymbolEntity;
import com.marketmaker.actors.SymbolEntity.Accepted;
import com.marketmaker.actors.SymbolEntity.Confirmation;
import com.marketmaker.actors.SymbolEntity.FillReport;
import com.marketmaker.actors.SymbolEntity.Rejected;
import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.strategy.MakerParameters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * The operator API of the market maker, JSON over HTTP.
 *
 * <pre>
 * POST /maker/start               {instrument, tickSize, lotSize, parameters{...}}  X-Operator
 * POST /maker/params              {instrument, parameters{...}}                      X-Operator
 * POST /maker/stop?symbol=V:S                                                        X-Operator
 * GET  /maker/status/{V:S}
 * GET  /maker/active
 * POST /maker/fills               {instrument, tradeId, side, price, size, fee}
 * GET  /maker/api-errors
 * GET  /book/{V:S}?depth=N        the live book, N levels per side (default 10, at most 1000)
 * </pre>
 *
 * Every input is validated here, at the boundary; a refusal is a JSON {@code {"error": ...}} with
 * 400 (bad input), 404 (unknown instrument), 409 (conflicts with the instrument's state) or 503
 * (the instrument did not answer in time), and is counted.
 */
public final class MakerRoutes extends AllDirectives {

  static final String OPERATOR_HEADER = "X-Operator";

  private static final ObjectMapper JSON =
      JsonMapper.builder().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS).build();

  private final MakerGateway gateway;
  private final Map<String, AtomicLong> errors = new LinkedHashMap<>();

  public MakerRoutes(MakerGateway gateway) {
    this.gateway = gateway;
    for (String kind : List.of("badRequest", "unknownInstrument", "conflict", "unavailable")) {
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
                        path(
                            PathMatchers.segment("book").slash(PathMatchers.segment()),
                            symbol -> get(() -> book(symbol))),
                        pathPrefix(
                            "maker",
                            () ->
                                concat(
                                    path("start", () -> post(() -> operator(this::start))),
                                    path(
                                        "params",
                                        () -> post(() -> operator(this::updateParameters))),
                                    path("stop", () -> post(() -> operator(this::stop))),
                                    path(
                                        PathMatchers.segment("status")
                                            .slash(PathMatchers.segment()),
                                        symbol -> get(() -> status(symbol))),
                                    path("active", () -> get(this::active)),
                                    path("fills", () -> post(this::fill)),
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

  private Route operator(Function<String, Route> inner) {
    return optionalHeaderValueByName(
        OPERATOR_HEADER,
        who -> {
          if (who.isEmpty() || who.get().isBlank()) {
            return error(
                StatusCodes.BAD_REQUEST,
                "badRequest",
                "missing " + OPERATOR_HEADER + " header: say who is asking");
          }
          String name = who.get().trim();
          if (name.length() > 64) {
            return error(
                StatusCodes.BAD_REQUEST,
                "badRequest",
                OPERATOR_HEADER + " is longer than 64 characters");
          }
          return inner.apply(name);
        });
  }

  private Route start(String operator) {
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
          return reply(id, r -> new SymbolEntity.Start(spec, params, operator, r), true);
        });
  }

  private Route updateParameters(String operator) {
    return jsonBody(
        body -> {
          InstrumentId id = instrument(body.text("instrument"));
          JsonBody p = body.object("parameters");
          // Sizes are on the instrument's lot grid, which only the entity knows: fetch it first.
          return onSuccess(
              gateway.ask(id, SymbolEntity.GetStatus::new).handle((c, e) -> new Outcome(c, e)),
              outcome -> {
                if (!(outcome.confirmation() instanceof Accepted a)) {
                  return answer(id, outcome, true);
                }
                InstrumentSpec spec =
                    InstrumentSpec.of(id, a.summary().tickSize(), a.summary().lotSize());
                MakerParameters params = guarded(() -> parameters(p, spec));
                return reply(id, r -> new SymbolEntity.UpdateParameters(params, operator, r), true);
              });
        });
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
          return reply(id, r -> new SymbolEntity.Stop(operator, r), true);
        });
  }

  private Route status(String symbol) {
    InstrumentId id;
    try {
      id = instrument(symbol);
    } catch (BadRequest e) {
      return error(StatusCodes.BAD_REQUEST, "badRequest", e.getMessage());
    }
    return reply(id, SymbolEntity.GetStatus::new, false);
  }

  private Route book(String symbol) {
    return parameterOptional(
        "depth",
        depthText -> {
          InstrumentId id = guarded(() -> instrument(symbol));
          int depth = 10;
          if (depthText.isPresent()) {
            try {
              depth = Integer.parseInt(depthText.get());
            } catch (NumberFormatException e) {
              throw new BadRequest(
                  "query parameter 'depth' must be an integer, got '" + depthText.get() + "'");
            }
            if (depth < 1 || depth > 1000) {
              throw new BadRequest(
                  "query parameter 'depth' must be between 1 and 1000, got " + depth);
            }
          }
          int levels = depth;
          return reply(id, r -> new SymbolEntity.GetBook(levels, r), false);
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
                            .ask(InstrumentId.parse(id), SymbolEntity.GetStatus::new)
                            .toCompletableFuture()
                            .exceptionally(e -> null));
                  }
                  return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new))
                      .thenApply(
                          done -> {
                            List<SymbolEntity.Summary> making = new ArrayList<>();
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
          return reply(id, r -> new SymbolEntity.RecordFill(report, r), true);
        });
  }

  // ---------------------------------------------------------------- helpers

  private static boolean isZero(String decimal) {
    return decimal.chars().allMatch(ch -> ch == '0' || ch == '.');
  }

  private static InstrumentId instrument(String text) {
    return guarded(() -> InstrumentId.parse(text));
  }

  private static MakerParameters parameters(JsonBody p, InstrumentSpec spec) {
    double gamma = p.number("riskAversion");
    double horizon = p.number("horizonSeconds");
    double minSpread = p.number("minSpreadBps");
    double maxSpread = p.number("maxSpreadBps");
    long orderSize = lots(spec, p.decimal("orderSize"), "parameters.orderSize");
    long maxPosition = lots(spec, p.decimal("maxPosition"), "parameters.maxPosition");
    return guarded(
        () -> new MakerParameters(gamma, horizon, minSpread, maxSpread, orderSize, maxPosition));
  }

  private static long lots(InstrumentSpec spec, String size, String field) {
    try {
      long lots = spec.sizeToLots(size);
      if (lots <= 0) {
        throw new BadRequest("field '" + field + "' must be positive, got " + size);
      }
      return lots;
    } catch (NumberFormatException e) {
      throw new BadRequest("field '" + field + "': " + e.getMessage());
    }
  }

  /** Runs a boundary conversion, turning its IllegalArgumentException into a 400. */
  private static <T> T guarded(Supplier<T> conversion) {
    try {
      return conversion.get();
    } catch (BadRequest e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new BadRequest(e.getMessage());
    }
  }

  private Route jsonBody(Function<JsonBody, Route> inner) {
    return entity(Unmarshaller.entityToString(), text -> inner.apply(JsonBody.parse(text)));
  }

  private record Outcome(Confirmation confirmation, Throwable failure) {}

  private Route reply(
      InstrumentId id,
      Function<ActorRef<Confirmation>, SymbolEntity.Command> command,
      boolean withChange) {
    return onSuccess(
        gateway.ask(id, command).handle(Outcome::new), outcome -> answer(id, outcome, withChange));
  }

  private Route answer(InstrumentId id, Outcome outcome, boolean withChange) {
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
      };
    }
    if (outcome.confirmation() instanceof SymbolEntity.BookLevels book) {
      return complete(StatusCodes.OK, book, marshaller());
    }
    Accepted a = (Accepted) outcome.confirmation();
    if (!withChange) {
      return complete(StatusCodes.OK, a.summary(), marshaller());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("change", a.change());
    out.put("status", a.summary());
    return complete(StatusCodes.OK, out, marshaller());
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
    return RejectionHandler.defaultHandler()
        .mapRejectionResponse(
            response -> {
              if (response.entity()
                  instanceof org.apache.pekko.http.javadsl.model.HttpEntity.Strict strict) {
                String text = strict.getData().utf8String();
                if (response.status().intValue() == 400) {
                  errors.get("badRequest").incrementAndGet();
                }
                try {
                  return response.withEntity(
                      org.apache.pekko.http.javadsl.model.ContentTypes.APPLICATION_JSON,
                      JSON.writeValueAsBytes(Map.of("error", text)));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                  return response;
                }
              }
              return response;
            });
  }
}
