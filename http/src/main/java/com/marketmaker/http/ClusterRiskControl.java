package com.marketmaker.http;

import com.marketmaker.actors.MakerGateway;
import com.marketmaker.actors.SymbolProtocol;
import com.marketmaker.actors.SymbolProtocol.Accepted;
import com.marketmaker.actors.SymbolProtocol.Confirmation;
import com.marketmaker.actors.SymbolProtocol.Rejected;
import com.marketmaker.actors.SymbolProtocol.RiskReport;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.http.OperatorViews.FailureView;
import com.marketmaker.http.OperatorViews.KillReportView;
import com.marketmaker.http.OperatorViews.RiskAlertView;
import com.marketmaker.http.OperatorViews.RiskAlertsView;
import com.marketmaker.http.OperatorViews.RiskClearanceView;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Risk commands over every instrument running anywhere in the cluster: the alert sweep, clearing
 * every halt, and the global kill switch. Each asks the instruments listed by {@link
 * MakerGateway#runningInstruments()} with at most {@code parallelism} asks in flight, and reports
 * every instrument it could not reach instead of leaving it out.
 */
final class ClusterRiskControl {

  private final MakerGateway gateway;
  private final int parallelism;
  private final int killAttempts;
  private final LongSupplier nanoClock;

  /**
   * @param parallelism asks in flight at most
   * @param killAttempts how many times a Kill is sent to an instrument that does not answer
   */
  ClusterRiskControl(
      MakerGateway gateway, int parallelism, int killAttempts, LongSupplier nanoClock) {
    if (parallelism < 1 || killAttempts < 1) {
      throw new IllegalArgumentException("parallelism and kill attempts must be at least 1");
    }
    this.gateway = gateway;
    this.parallelism = parallelism;
    this.killAttempts = killAttempts;
    this.nanoClock = nanoClock;
  }

  /** One instrument's answer, or why there was none. */
  private record Asked(String instrument, Confirmation reply, String failure, int attempts) {}

  private CompletionStage<Asked> ask(
      String instrument, Function<ActorRef<Confirmation>, SymbolProtocol.Command> command) {
    return gateway
        .ask(InstrumentId.parse(instrument), command)
        .handle(
            (reply, failure) ->
                failure == null
                    ? new Asked(instrument, reply, null, 1)
                    : new Asked(instrument, null, describe(failure), 1));
  }

  private CompletionStage<List<Asked>> askAll(
      List<String> instruments, Function<String, CompletionStage<Asked>> ask) {
    return FanOut.map(
        instruments, parallelism, ask, (id, failure) -> new Asked(id, null, describe(failure), 1));
  }

  /** Why an ask failed, for the operator. */
  static String describe(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause instanceof TimeoutException
        ? "did not answer in time"
        : "unavailable: " + cause.getMessage();
  }

  private static String refusal(Confirmation reply) {
    if (reply instanceof Rejected r) {
      return r.reason() + ": " + r.message();
    }
    return "unexpected answer " + reply.getClass().getSimpleName();
  }

  private static boolean neverStarted(Confirmation reply) {
    return reply instanceof Rejected r && r.reason() == SymbolProtocol.Reason.UNKNOWN_INSTRUMENT;
  }

  // ---------------------------------------------------------------- alerts

  /** Asks every running instrument for its risk state; lists the halted, pulled and silent. */
  CompletionStage<RiskAlertsView> alerts() {
    return gateway
        .runningInstruments()
        .thenCompose(
            running ->
                askAll(running.instruments(), id -> ask(id, SymbolProtocol.GetRisk::new))
                    .thenApply(answers -> alertsOf(running, answers)));
  }

  private static RiskAlertsView alertsOf(MakerGateway.Running running, List<Asked> answers) {
    List<RiskAlertView> alerts = new ArrayList<>();
    List<FailureView> unanswered = new ArrayList<>();
    int answered = 0;
    int halted = 0;
    int pulled = 0;
    int notStarted = 0;
    for (Asked a : answers) {
      if (a.reply() instanceof RiskReport r) {
        answered++;
        if (RiskAlertView.alerting(r)) {
          alerts.add(RiskAlertView.of(r));
          if (r.halted()) {
            halted++;
          } else {
            pulled++;
          }
        }
      } else if (a.reply() != null && neverStarted(a.reply())) {
        answered++;
        notStarted++;
      } else {
        unanswered.add(
            new FailureView(
                a.instrument(),
                a.failure() != null ? a.failure() : refusal(a.reply()),
                a.attempts()));
      }
    }
    return new RiskAlertsView(
        running.instruments().size(),
        answered,
        halted,
        pulled,
        notStarted,
        alerts,
        unanswered,
        running.nodesAsked(),
        running.nodesUnavailable());
  }

  // ---------------------------------------------------------------- clear

  /** Lifts the halt of every halted instrument: asks each for its risk state, clears the halted. */
  CompletionStage<RiskClearanceView> clearAll(String operator) {
    return gateway
        .runningInstruments()
        .thenCompose(
            running ->
                askAll(running.instruments(), id -> ask(id, SymbolProtocol.GetRisk::new))
                    .thenCompose(
                        risks -> {
                          List<String> halted = new ArrayList<>();
                          List<FailureView> failed = new ArrayList<>();
                          for (Asked a : risks) {
                            if (a.reply() instanceof RiskReport r) {
                              if (r.halted()) {
                                halted.add(a.instrument());
                              }
                            } else if (a.reply() == null || !neverStarted(a.reply())) {
                              failed.add(
                                  new FailureView(
                                      a.instrument(),
                                      "risk state unknown: "
                                          + (a.failure() != null
                                              ? a.failure()
                                              : refusal(a.reply())),
                                      a.attempts()));
                            }
                          }
                          return askAll(
                                  halted,
                                  id -> ask(id, r -> new SymbolProtocol.ClearRisk(operator, r)))
                              .thenApply(
                                  clears -> {
                                    List<String> cleared = new ArrayList<>();
                                    List<String> notHalted = new ArrayList<>();
                                    for (Asked c : clears) {
                                      if (c.reply() instanceof Accepted acc) {
                                        if (acc.change() == SymbolProtocol.Change.CHANGED) {
                                          cleared.add(c.instrument());
                                        } else {
                                          notHalted.add(c.instrument()); // cleared meanwhile
                                        }
                                      } else {
                                        failed.add(
                                            new FailureView(
                                                c.instrument(),
                                                c.failure() != null
                                                    ? c.failure()
                                                    : refusal(c.reply()),
                                                c.attempts()));
                                      }
                                    }
                                    return new RiskClearanceView(
                                        halted.size(),
                                        cleared,
                                        notHalted,
                                        failed,
                                        running.instruments().size(),
                                        running.nodesAsked(),
                                        running.nodesUnavailable(),
                                        null);
                                  });
                        }));
  }

  // ---------------------------------------------------------------- kill

  /**
   * The global kill switch: sends Kill to every instrument running in the cluster, sending it again
   * (up to the attempt limit) to an instrument that does not answer. Each entity cancels its orders
   * and journals its halt; it stays halted until cleared.
   */
  CompletionStage<KillReportView> killAll(String reason, String operator) {
    long started = nanoClock.getAsLong();
    return gateway
        .runningInstruments()
        .thenCompose(
            running ->
                FanOut.map(
                        running.instruments(),
                        parallelism,
                        id -> kill(id, reason, operator, 1),
                        (id, failure) ->
                            new Killed(new Asked(id, null, describe(failure), 1), Long.MIN_VALUE))
                    .thenApply(results -> killReport(reason, operator, running, results, started)));
  }

  private record Killed(Asked asked, long ackNanos) {}

  private CompletionStage<Killed> kill(String id, String reason, String operator, int attempt) {
    return gateway
        .ask(InstrumentId.parse(id), r -> new SymbolProtocol.Kill(reason, operator, r))
        .handle(
            (reply, failure) -> {
              if (failure == null) {
                return CompletableFuture.completedFuture(
                    new Killed(new Asked(id, reply, null, attempt), nanoClock.getAsLong()));
              }
              if (attempt < killAttempts) {
                return kill(id, reason, operator, attempt + 1);
              }
              return CompletableFuture.completedFuture(
                  new Killed(new Asked(id, null, describe(failure), attempt), Long.MIN_VALUE));
            })
        .thenCompose(Function.identity());
  }

  private KillReportView killReport(
      String reason,
      String operator,
      MakerGateway.Running running,
      List<Killed> results,
      long started) {
    int changed = 0;
    int unchanged = 0;
    int retried = 0;
    long lastAck = Long.MIN_VALUE;
    List<String> notStarted = new ArrayList<>();
    List<FailureView> failed = new ArrayList<>();
    for (Killed k : results) {
      Asked a = k.asked();
      if (a.attempts() > 1) {
        retried++;
      }
      if (a.reply() instanceof Accepted acc) {
        if (acc.change() == SymbolProtocol.Change.CHANGED) {
          changed++;
        } else {
          unchanged++;
        }
        lastAck = Math.max(lastAck, k.ackNanos());
      } else if (a.reply() != null && neverStarted(a.reply())) {
        notStarted.add(a.instrument());
      } else {
        failed.add(
            new FailureView(
                a.instrument(),
                a.failure() != null ? a.failure() : refusal(a.reply()),
                a.attempts()));
      }
    }
    Long elapsedMillis =
        lastAck == Long.MIN_VALUE ? null : Math.max(0, (lastAck - started) / 1_000_000);
    return new KillReportView(
        reason,
        operator,
        running.instruments().size(),
        changed + unchanged,
        changed,
        unchanged,
        notStarted,
        failed.size(),
        failed,
        retried,
        elapsedMillis,
        running.nodesAsked(),
        running.nodesUnavailable(),
        failed.isEmpty() && running.nodesUnavailable() == 0);
  }
}
