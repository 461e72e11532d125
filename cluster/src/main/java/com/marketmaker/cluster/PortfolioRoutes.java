package com.marketmaker.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.marketmaker.actors.portfolio.PortfolioProtocol;
import com.marketmaker.core.portfolio.book.PortfolioLimits;
import com.marketmaker.http.auth.Principal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * The portfolio over HTTP, answered by the portfolio actor wherever it runs:
 *
 * <ul>
 *   <li>{@code GET /portfolio}: positions, exposures by asset and venue, P&amp;L, the advice each
 *       instrument's quotes get, and instruments whose reported position differs from the one
 *       booked from their fills;
 *   <li>{@code GET /portfolio/risk}: VaR and CVaR at 95% and 99% by method, the drawdown
 *       probability, the limits and the breaches in force;
 *   <li>{@code GET /portfolio/cointegration}: every pair tested (statistic, p-values, hedge ratio,
 *       half-life, z-score, per-scale hedge) and the Johansen groups;
 *   <li>{@code POST /portfolio/limits}: new limits (US dollars; absent or 0 is off);
 *   <li>{@code POST /portfolio/risk/clear}: clear the breaches (raised again if still breached);
 *   <li>{@code POST /portfolio/rebalance} {@code {"target": "flat"|"hedge"}}: a plan, proposed;
 *   <li>{@code GET /portfolio/plans/{id}}, {@code POST /portfolio/plans/{id}/confirm}: a plan's
 *       progress; executing it.
 * </ul>
 *
 * Doubles that are not numbers (a limit that is off, a statistic without data) are written as JSON
 * null. The operator of a change is the name of the request's token.
 */
final class PortfolioRoutes extends AllDirectives {

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .build()
          .registerModule(NonFiniteAsNull.module());

  private static final int MAX_BODY_BYTES = 16 * 1024;

  /** The limits as an operator writes them; absent or 0 is off. */
  record LimitsRequest(
      Double cvar99MaxUsd,
      Double drawdownProbabilityMax,
      Double drawdownThresholdUsd,
      Integer drawdownHorizonBars,
      Double assetNetExposureMaxUsd,
      Double venueGrossExposureMaxUsd,
      Double grossExposureMaxUsd,
      Double netExposureMaxUsd) {

    PortfolioLimits limits() {
      return new PortfolioLimits(
          off(cvar99MaxUsd),
          off(drawdownProbabilityMax),
          off(drawdownThresholdUsd),
          drawdownHorizonBars == null ? 0 : drawdownHorizonBars,
          off(assetNetExposureMaxUsd),
          off(venueGrossExposureMaxUsd),
          off(grossExposureMaxUsd),
          off(netExposureMaxUsd));
    }

    private static double off(Double v) {
      return v == null || v == 0 ? Double.NaN : v;
    }
  }

  record RebalanceRequest(String target) {}

  private final ActorSystem<?> system;
  private final ActorRef<PortfolioProtocol.Command> portfolio;
  private final Duration askTimeout;

  PortfolioRoutes(
      ActorSystem<?> system, ActorRef<PortfolioProtocol.Command> portfolio, Duration askTimeout) {
    this.system = system;
    this.portfolio = portfolio;
    this.askTimeout = askTimeout;
  }

  Route routes() {
    return pathPrefix(
        "portfolio",
        () ->
            concat(
                pathEnd(() -> get(() -> askJson(PortfolioProtocol.GetPortfolio::new))),
                path("risk", () -> get(() -> askJson(PortfolioProtocol.GetRisk::new))),
                path(
                    "cointegration",
                    () -> get(() -> askJson(PortfolioProtocol.GetCointegration::new))),
                path("limits", () -> post(() -> withOperator(this::setLimits))),
                path(
                    PathMatchers.segment("risk").slash("clear"),
                    () ->
                        post(
                            () ->
                                withOperator(
                                    who ->
                                        this.<PortfolioProtocol.Outcome>askJson(
                                            r -> new PortfolioProtocol.ClearBreaches(who, r))))),
                path("rebalance", () -> post(() -> withOperator(this::rebalance))),
                path(
                    PathMatchers.segment("plans").slash(PathMatchers.segment()),
                    id ->
                        get(
                            () ->
                                plan(
                                    this.<PortfolioProtocol.PlanView>ask(
                                        r -> new PortfolioProtocol.GetPlan(id, r))))),
                path(
                    PathMatchers.segment("plans").slash(PathMatchers.segment()).slash("confirm"),
                    id ->
                        post(
                            () ->
                                withOperator(
                                    who ->
                                        plan(
                                            this.<PortfolioProtocol.PlanView>ask(
                                                r ->
                                                    new PortfolioProtocol.ConfirmPlan(
                                                        id, who, r))))))));
  }

  /** The operator of a change: the name of the request's token, set by the API's guard. */
  private Route withOperator(Function<String, Route> inner) {
    return optionalAttribute(
        Principal.KEY,
        who ->
            who.isPresent()
                ? inner.apply(who.get().name())
                : error(StatusCodes.UNAUTHORIZED, "not authenticated: send a bearer token"));
  }

  private Route setLimits(String operator) {
    return body(
        text -> {
          LimitsRequest request = JSON.readValue(text, LimitsRequest.class);
          PortfolioLimits limits;
          try {
            limits = request.limits();
          } catch (IllegalArgumentException e) {
            return error(StatusCodes.BAD_REQUEST, e.getMessage());
          }
          return this.<PortfolioProtocol.Outcome>askJson(
              r -> new PortfolioProtocol.SetLimits(limits, operator, r));
        });
  }

  private Route rebalance(String operator) {
    return body(
        text -> {
          RebalanceRequest request = JSON.readValue(text, RebalanceRequest.class);
          String target = request == null || request.target() == null ? "flat" : request.target();
          return plan(
              this.<PortfolioProtocol.PlanView>ask(
                  r -> new PortfolioProtocol.Rebalance(target, operator, r)));
        });
  }

  @FunctionalInterface
  private interface BodyHandler {
    Route handle(String text) throws JsonProcessingException;
  }

  private Route body(BodyHandler handler) {
    return withSizeLimit(
        MAX_BODY_BYTES,
        () ->
            entity(
                Unmarshaller.entityToString(),
                text -> {
                  try {
                    return handler.handle(text.isBlank() ? "{}" : text);
                  } catch (JsonProcessingException e) {
                    return error(
                        StatusCodes.BAD_REQUEST, "invalid request: " + e.getOriginalMessage());
                  }
                }));
  }

  /** A plan's reply: 404 for an unknown plan, 409 when it cannot be done now. */
  private Route plan(CompletionStage<?> reply) {
    return onComplete(
        reply,
        t -> {
          if (t.isFailure()) {
            return unavailable();
          }
          PortfolioProtocol.PlanView v = (PortfolioProtocol.PlanView) t.get();
          if (!v.found()) {
            return error(
                v.error() != null && v.error().startsWith("no such plan")
                    ? StatusCodes.NOT_FOUND
                    : StatusCodes.CONFLICT,
                v.error());
          }
          if (v.error() != null) {
            return error(StatusCodes.CONFLICT, v.error());
          }
          return complete(StatusCodes.OK, v, Jackson.marshaller(JSON));
        });
  }

  private <T> CompletionStage<T> ask(Function<ActorRef<T>, PortfolioProtocol.Command> message) {
    return AskPattern.ask(portfolio, message::apply, askTimeout, system.scheduler());
  }

  private <T> Route askJson(Function<ActorRef<T>, PortfolioProtocol.Command> message) {
    return onComplete(
        this.<T>ask(message),
        t ->
            t.isSuccess()
                ? complete(StatusCodes.OK, t.get(), Jackson.marshaller(JSON))
                : unavailable());
  }

  private Route unavailable() {
    return error(
        StatusCodes.SERVICE_UNAVAILABLE,
        "the portfolio did not answer in time (it may be moving to another node); retry");
  }

  private Route error(StatusCode status, String message) {
    return complete(status, Map.of("error", message), Jackson.marshaller(JSON));
  }
}
