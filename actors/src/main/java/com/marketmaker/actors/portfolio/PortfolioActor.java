package com.marketmaker.actors.portfolio;

import com.marketmaker.actors.portfolio.PortfolioEvent.BreachesChanged;
import com.marketmaker.actors.portfolio.PortfolioEvent.BreachesCleared;
import com.marketmaker.actors.portfolio.PortfolioEvent.Checkpoint;
import com.marketmaker.actors.portfolio.PortfolioEvent.FillsBooked;
import com.marketmaker.actors.portfolio.PortfolioEvent.LimitsSet;
import com.marketmaker.actors.portfolio.PortfolioEvent.PlanConfirmed;
import com.marketmaker.actors.portfolio.PortfolioEvent.PlanCreated;
import com.marketmaker.actors.portfolio.PortfolioProtocol.ClearBreaches;
import com.marketmaker.actors.portfolio.PortfolioProtocol.CointegrationView;
import com.marketmaker.actors.portfolio.PortfolioProtocol.Command;
import com.marketmaker.actors.portfolio.PortfolioProtocol.ConfirmPlan;
import com.marketmaker.actors.portfolio.PortfolioProtocol.Divergence;
import com.marketmaker.actors.portfolio.PortfolioProtocol.GetCointegration;
import com.marketmaker.actors.portfolio.PortfolioProtocol.GetPlan;
import com.marketmaker.actors.portfolio.PortfolioProtocol.GetPortfolio;
import com.marketmaker.actors.portfolio.PortfolioProtocol.GetRisk;
import com.marketmaker.actors.portfolio.PortfolioProtocol.InstrumentReport;
import com.marketmaker.actors.portfolio.PortfolioProtocol.Outcome;
import com.marketmaker.actors.portfolio.PortfolioProtocol.PlanView;
import com.marketmaker.actors.portfolio.PortfolioProtocol.PortfolioView;
import com.marketmaker.actors.portfolio.PortfolioProtocol.Rebalance;
import com.marketmaker.actors.portfolio.PortfolioProtocol.ReportAck;
import com.marketmaker.actors.portfolio.PortfolioProtocol.ReportedFill;
import com.marketmaker.actors.portfolio.PortfolioProtocol.RiskView;
import com.marketmaker.actors.portfolio.PortfolioProtocol.SetLimits;
import com.marketmaker.core.portfolio.book.Breach;
import com.marketmaker.core.portfolio.book.PortfolioFill;
import com.marketmaker.core.portfolio.book.PortfolioLimits;
import com.marketmaker.core.portfolio.book.PositionView;
import com.marketmaker.core.portfolio.book.RiskResult;
import com.marketmaker.core.portfolio.book.ScanResult;
import com.marketmaker.core.quote.PortfolioAdvice;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.ToDoubleFunction;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * The portfolio: every instrument entity reports to it (position, P&amp;L, mark, new fills); it
 * books the fills once by trade id and builds price bars from the marks. Off its own thread, each
 * within its CPU share, it re-estimates VaR/CVaR and the drawdown probability every few seconds and
 * cointegration over every pair on a thread of its own (minutes apart at hundreds of instruments).
 * Every second it checks the limits on the book as it stands and computes each instrument's advice
 * (a breach's widen, shrink or pull; a cointegrated basket's skew; a confirmed rebalance plan's
 * lean), which goes back to the instrument in the acknowledgement of its next report. Run as a
 * cluster singleton; its journal holds the fills, limits, breaches and plans, its snapshots the
 * book and bars.
 *
 * <p>Size: about 580 lines because it is the portfolio's one command handler (reports, read-outs,
 * limits and their checks, plans, and the two off-thread pipelines of risk and scans with their
 * duty cycles); the state ({@link PortfolioModel}), the models' evaluation and the breaches ({@link
 * PortfolioEvaluation}) and the plans ({@link PortfolioPlans}) live in their own classes.
 */
public final class PortfolioActor
    extends EventSourcedBehavior<Command, PortfolioEvent, PortfolioModel> {

  /** The persistence id of the cluster's portfolio. */
  public static final PersistenceId PERSISTENCE_ID = PersistenceId.ofUniqueId("portfolio-main");

  private enum Evaluate implements Command {
    /** The periodic evaluation: it waits while the models are over their CPU share. */
    INSTANCE,
    /** An evaluation an operator's change asks for: it runs at once. */
    REQUESTED
  }

  private enum CheckpointDue implements Command {
    INSTANCE
  }

  /** The limits checked on the book as it stands, between the models' paced evaluations. */
  private enum CheckLimits implements Command {
    INSTANCE
  }

  /**
   * An evaluation's result, with the limits it was computed against, when it started and the CPU
   * time it took.
   */
  private record Evaluated(
      PortfolioEvaluation evaluation, PortfolioLimits limits, long startMillis, long cpuNanos)
      implements Command {}

  /** A scan's result (null with too few instruments), when it started and its CPU time. */
  private record Scanned(ScanResult scan, String error, long startMillis, long cpuNanos)
      implements Command {}

  private final ActorContext<Command> context;
  private final PortfolioSettings settings;
  private final Clock clock;
  private final Executor models;
  private final Executor scans;
  private final String hostedOn;

  // Not journaled: rebuilt within seconds from the entities' reports and the next evaluation.
  private final Map<String, InstrumentReport> lastReports = new TreeMap<>();
  private final Map<String, PortfolioAdvice> advice = new TreeMap<>();
  private PortfolioEvaluation lastEvaluation;
  // The models' last risk estimate and the limits it was computed for.
  private RiskResult lastRisk;
  private PortfolioLimits lastRiskLimits;
  private ScanResult lastScan;
  private long lastScanMillis;
  private boolean scanning;
  private long scanStartedMillis = Long.MIN_VALUE / 2;
  private boolean evaluating;
  // An evaluation asked for while one ran (limits changed): run again as soon as it ends.
  private boolean evaluateAgain;
  private final ModelDutyCycle duty;
  private final ModelDutyCycle scanDuty;
  private long plans;

  /**
   * @param models where the risk models run (never the actor's dispatcher)
   * @param scans where the cointegration scans run: another thread than {@code models}, so that a
   *     scan, minutes long at hundreds of instruments under its CPU share, does not hold up the
   *     risk estimates the limits are checked against
   */
  public static Behavior<Command> create(
      PortfolioSettings settings, Clock clock, Executor models, Executor scans) {
    return create(settings, clock, models, scans, PERSISTENCE_ID);
  }

  /** Risk models and scans on the one executor {@code models}, journaled under {@code id}. */
  static Behavior<Command> create(
      PortfolioSettings settings, Clock clock, Executor models, PersistenceId id) {
    return create(settings, clock, models, models, id);
  }

  /** Risk models and scans on the one executor {@code models}. */
  public static Behavior<Command> create(PortfolioSettings settings, Clock clock, Executor models) {
    return create(settings, clock, models, models, PERSISTENCE_ID);
  }

  /** Risk models on {@code models}, scans on {@code scans}, journaled under {@code id}. */
  static Behavior<Command> create(
      PortfolioSettings settings, Clock clock, Executor models, Executor scans, PersistenceId id) {
    return Behaviors.<Command>supervise(
            Behaviors.setup(
                context ->
                    Behaviors.withTimers(
                        timers -> {
                          timers.startTimerWithFixedDelay(
                              Evaluate.INSTANCE, settings.evaluateEvery());
                          timers.startTimerWithFixedDelay(
                              CheckpointDue.INSTANCE, settings.checkpointEvery());
                          timers.startTimerWithFixedDelay(
                              CheckLimits.INSTANCE, settings.limitCheckEvery());
                          return new PortfolioActor(context, settings, clock, models, scans, id);
                        })))
        .onFailure(
            SupervisorStrategy.restartWithBackoff(
                Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
  }

  private PortfolioActor(
      ActorContext<Command> context,
      PortfolioSettings settings,
      Clock clock,
      Executor models,
      Executor scans,
      PersistenceId id) {
    super(id);
    this.context = context;
    this.settings = settings;
    this.clock = clock;
    this.models = models;
    this.scans = scans;
    this.hostedOn = context.getSystem().address().toString();
    this.duty = new ModelDutyCycle(settings.modelCpuShare());
    this.scanDuty = new ModelDutyCycle(settings.scanCpuShare());
  }

  @Override
  public PortfolioModel emptyState() {
    return new PortfolioModel(
        settings.limits(), settings.barIntervalMillis(), settings.barCapacity());
  }

  @Override
  public boolean shouldSnapshot(PortfolioModel state, PortfolioEvent event, long sequenceNr) {
    return event instanceof Checkpoint || sequenceNr % 500 == 0;
  }

  @Override
  public SnapshotAdapter<PortfolioModel> snapshotAdapter() {
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(PortfolioModel state) {
        return state.snapshot();
      }

      @Override
      public PortfolioModel fromJournal(Object from) {
        return PortfolioModel.restore((PortfolioModel.Snapshot) from, settings.limits());
      }
    };
  }

  @Override
  public EventHandler<PortfolioModel, PortfolioEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(PortfolioModel::apply);
  }

  @Override
  public CommandHandler<Command, PortfolioEvent, PortfolioModel> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(InstrumentReport.class, this::onReport)
        .onCommand(GetPortfolio.class, this::onGetPortfolio)
        .onCommand(GetRisk.class, this::onGetRisk)
        .onCommand(
            GetCointegration.class,
            (m, c) -> {
              c.replyTo()
                  .tell(new CointegrationView(PortfolioEvaluation.trim(lastScan), lastScanMillis));
              return Effect().none();
            })
        .onCommand(SetLimits.class, this::onSetLimits)
        .onCommand(ClearBreaches.class, this::onClear)
        .onCommand(Rebalance.class, this::onRebalance)
        .onCommand(ConfirmPlan.class, this::onConfirm)
        .onCommand(
            GetPlan.class,
            (m, c) -> {
              c.replyTo().tell(PortfolioPlans.view(m, c.planId(), null));
              return Effect().none();
            })
        .onCommand(Evaluate.class, this::onEvaluate)
        .onCommand(Evaluated.class, this::onEvaluated)
        .onCommand(Scanned.class, this::onScanned)
        .onCommand(CheckLimits.class, this::onCheckLimits)
        .onCommand(CheckpointDue.class, (m, c) -> Effect().persist(new Checkpoint(clock.millis())))
        .build();
  }

  // ---------------------------------------------------------------- reports

  private Effect<PortfolioEvent, PortfolioModel> onReport(PortfolioModel m, InstrumentReport r) {
    if (!"?".equals(r.quoteAsset())) {
      try {
        m.book.register(r.instrument(), r.venue(), r.baseAsset(), r.quoteAsset());
      } catch (IllegalArgumentException e) {
        context
            .getLog()
            .warn("portfolio: report of {} refused: {}", r.instrument(), e.getMessage());
        return Effect().none();
      }
    }
    long now = clock.millis();
    if (Double.isFinite(r.mid()) && r.mid() > 0) {
      m.book.mark(r.instrument(), r.mid(), r.atMillis());
      m.bars.mark(r.instrument(), r.mid(), r.atMillis(), r.flowEpoch(), r.publicFlowQuote());
    }
    lastReports.put(r.instrument(), r);
    List<PortfolioFill> fresh = m.freshFills(r);
    long last = -1;
    for (ReportedFill f : r.fills()) {
      last = Math.max(last, f.tradeId());
    }
    ReportAck ack =
        new ReportAck(
            r.instrument(), last, advice.getOrDefault(r.instrument(), PortfolioAdvice.NONE));
    if (fresh.isEmpty()) {
      r.replyTo().tell(ack);
      return Effect().none();
    }
    List<PortfolioEvent> events = new ArrayList<>();
    events.add(new FillsBooked(fresh, now));
    PortfolioModel.PlanRecord running = m.executing();
    if (running != null) {
      // A leg is done on the fills that take it to its target, not at the next evaluation of the
      // models (seconds away, longer when the models are paced or the singleton has just moved):
      // until then its quotes would go on leaning past the target. The report's fills are all of
      // its instrument: the legs' progress is read at the positions with them booked.
      double moved = 0;
      for (PortfolioFill f : fresh) {
        moved += f.signedQuantity();
      }
      double delta = moved;
      ToDoubleFunction<String> booked = PortfolioPlans.positions(m);
      events.addAll(
          PortfolioPlans.progressEvents(
              running,
              i -> booked.applyAsDouble(i) + (i.equals(r.instrument()) ? delta : 0),
              clock.millis()));
    }
    boolean planChanged = events.size() > 1;
    return Effect()
        .persist(events)
        .thenRun(
            x -> {
              if (planChanged) {
                recomputeAdvice(x);
              }
              r.replyTo().tell(ack);
            });
  }

  private Effect<PortfolioEvent, PortfolioModel> onGetPortfolio(PortfolioModel m, GetPortfolio g) {
    List<Divergence> divergences = new ArrayList<>();
    for (InstrumentReport r : lastReports.values()) {
      double booked = m.book.position(r.instrument()).map(PositionView::quantityBase).orElse(0.0);
      if (Math.abs(booked - r.positionBase()) > 1e-9 * Math.max(1, Math.abs(r.positionBase()))) {
        divergences.add(new Divergence(r.instrument(), booked, r.positionBase()));
      }
    }
    g.replyTo()
        .tell(
            new PortfolioView(
                m.book.totals(),
                m.book.positions(),
                m.book.exposures(),
                m.drawdown.drawdownUsd(),
                m.drawdown.peakUsd(),
                lastReports.size(),
                divergences,
                new TreeMap<>(advice),
                hostedOn));
    return Effect().none();
  }

  private Effect<PortfolioEvent, PortfolioModel> onGetRisk(PortfolioModel m, GetRisk g) {
    PortfolioEvaluation e = lastEvaluation;
    g.replyTo()
        .tell(
            new RiskView(
                e == null ? null : e.risk(),
                m.limits,
                m.limitsSetBy,
                m.breaches,
                m.breachesSinceMillis,
                m.clearedBy,
                m.clearedAtMillis,
                e == null ? 0 : e.atMillis(),
                e == null ? null : e.error()));
    return Effect().none();
  }

  // ---------------------------------------------------------------- operators

  private Effect<PortfolioEvent, PortfolioModel> onSetLimits(PortfolioModel m, SetLimits c) {
    if (c.limits().equals(m.limits)) {
      c.replyTo().tell(new Outcome(false, "the limits are already these"));
      return Effect().none();
    }
    return Effect()
        .persist(new LimitsSet(c.limits(), c.requestedBy(), clock.millis()))
        .thenRun(
            x -> {
              c.replyTo()
                  .tell(
                      new Outcome(
                          true, "limits set; exposures checked at once, risk when next estimated"));
              context.getSelf().tell(CheckLimits.INSTANCE);
              context.getSelf().tell(Evaluate.REQUESTED);
            });
  }

  private Effect<PortfolioEvent, PortfolioModel> onClear(PortfolioModel m, ClearBreaches c) {
    if (m.breaches.isEmpty()) {
      c.replyTo().tell(new Outcome(false, "no breach in force"));
      return Effect().none();
    }
    return Effect()
        .persist(new BreachesCleared(c.requestedBy(), clock.millis()))
        .thenRun(
            x -> {
              recomputeAdvice(x);
              c.replyTo()
                  .tell(new Outcome(true, "breaches cleared; raised again if still breached"));
            });
  }

  private Effect<PortfolioEvent, PortfolioModel> onRebalance(PortfolioModel m, Rebalance c) {
    String id = "plan-" + clock.millis() + "-" + (++plans);
    RebalancePlan plan;
    try {
      plan =
          PortfolioPlans.propose(
              id, c.target(), m, lastScan, settings, c.requestedBy(), clock.millis());
    } catch (IllegalArgumentException e) {
      c.replyTo().tell(new PlanView(false, null, null, null, Map.of(), List.of(), e.getMessage()));
      return Effect().none();
    }
    return Effect()
        .persist(new PlanCreated(plan))
        .thenRun(x -> c.replyTo().tell(PortfolioPlans.view(x, id, null)));
  }

  private Effect<PortfolioEvent, PortfolioModel> onConfirm(PortfolioModel m, ConfirmPlan c) {
    PortfolioModel.PlanRecord r = m.plans.get(c.planId());
    if (r == null || !r.status().equals("PROPOSED")) {
      c.replyTo()
          .tell(
              PortfolioPlans.view(
                  m, c.planId(), r == null ? "no such plan" : "the plan is " + r.status()));
      return Effect().none();
    }
    return Effect()
        .persist(new PlanConfirmed(c.planId(), c.requestedBy(), clock.millis()))
        .thenRun(
            x -> {
              recomputeAdvice(x);
              c.replyTo().tell(PortfolioPlans.view(x, c.planId(), null));
            });
  }

  // ---------------------------------------------------------------- models

  private Effect<PortfolioEvent, PortfolioModel> onEvaluate(PortfolioModel m, Evaluate c) {
    startScanIfDue(m);
    if (evaluating) {
      evaluateAgain |= c == Evaluate.REQUESTED;
      return Effect().none();
    }
    long now = clock.millis();
    if (c == Evaluate.INSTANCE && !duty.mayStart(now)) {
      return Effect().none(); // over the models' CPU share: a later tick runs it
    }
    evaluating = true;
    m.drawdown = m.drawdown.update(m.book.totals().netPnlUsd());
    var book = m.book.copy();
    var bars = m.bars.copy();
    var limits = m.limits;
    double drawdown = m.drawdown.drawdownUsd();
    ScanResult scan = lastScan;
    context.pipeToSelf(
        CompletableFuture.supplyAsync(
            () -> {
              long cpu = ModelDutyCycle.threadCpuNanos();
              PortfolioEvaluation e =
                  PortfolioEvaluation.of(book, bars, limits, drawdown, settings, scan, now);
              return new Evaluated(e, limits, now, ModelDutyCycle.threadCpuNanos() - cpu);
            },
            models),
        (e, failure) ->
            e != null
                ? e
                : new Evaluated(
                    new PortfolioEvaluation(null, Map.of(), now, String.valueOf(failure)),
                    limits,
                    now,
                    0));
    return Effect().none();
  }

  private Effect<PortfolioEvent, PortfolioModel> onEvaluated(PortfolioModel m, Evaluated c) {
    evaluating = false;
    duty.finished(c.startMillis(), c.cpuNanos());
    if (evaluateAgain) {
      evaluateAgain = false;
      context.getSelf().tell(Evaluate.REQUESTED);
    }
    PortfolioEvaluation e = c.evaluation();
    lastEvaluation = e;
    if (e.error() != null) {
      context.getLog().warn("portfolio evaluation failed: {}", e.error());
    }
    if (e.error() == null && e.risk() != null) {
      lastRisk = e.risk();
      lastRiskLimits = c.limits();
    }
    List<PortfolioEvent> events = new ArrayList<>(limitEvents(m));
    PortfolioModel.PlanRecord running = m.executing();
    if (running != null) {
      events.addAll(
          PortfolioPlans.progressEvents(running, PortfolioPlans.positions(m), clock.millis()));
    }
    if (events.isEmpty()) {
      recomputeAdvice(m);
      return Effect().none();
    }
    return Effect().persist(events).thenRun(this::recomputeAdvice);
  }

  /**
   * Starts a cointegration scan on its own executor when one is due ({@code scan-every} since the
   * last one started), none runs, and the scans are within their CPU share.
   */
  private void startScanIfDue(PortfolioModel m) {
    long now = clock.millis();
    if (scanning
        || now - scanStartedMillis < settings.scanEvery().toMillis()
        || !scanDuty.mayStart(now)) {
      return;
    }
    scanning = true;
    scanStartedMillis = now;
    var bars = m.bars.copy();
    context.pipeToSelf(
        CompletableFuture.supplyAsync(
            () -> {
              long cpu = ModelDutyCycle.threadCpuNanos();
              ScanResult scan = PortfolioEvaluation.scan(bars, settings);
              return new Scanned(scan, null, now, ModelDutyCycle.threadCpuNanos() - cpu);
            },
            scans),
        (s, failure) -> s != null ? s : new Scanned(null, String.valueOf(failure), now, 0));
  }

  private Effect<PortfolioEvent, PortfolioModel> onScanned(PortfolioModel m, Scanned c) {
    scanning = false;
    scanDuty.finished(c.startMillis(), c.cpuNanos());
    if (c.error() != null) {
      context.getLog().warn("portfolio cointegration scan failed: {}", c.error());
    } else if (c.scan() != null) {
      // Its pairs skew the quotes from the next risk evaluation on.
      lastScan = c.scan();
      lastScanMillis = c.startMillis();
    }
    return Effect().none();
  }

  private Effect<PortfolioEvent, PortfolioModel> onCheckLimits(PortfolioModel m, CheckLimits c) {
    List<PortfolioEvent> events = limitEvents(m);
    if (events.isEmpty()) {
      return Effect().none();
    }
    return Effect().persist(events).thenRun(this::recomputeAdvice);
  }

  /**
   * The limits checked on the book as it stands: a {@link BreachesChanged} when the breaches differ
   * from those in force. Cheap (the exposures of the positions, the risk as last estimated), so it
   * runs every {@code limit-check-every} and not at the models' pace, which at hundreds of
   * instruments can be a minute or more: a fill that takes an exposure over its limit shrinks or
   * pulls the quotes within that interval. The risk is used only when it was estimated for the
   * limits in force (an operator's change asks the models again at once).
   */
  private List<PortfolioEvent> limitEvents(PortfolioModel m) {
    m.drawdown = m.drawdown.update(m.book.totals().netPnlUsd());
    var risk = m.limits.equals(lastRiskLimits) ? lastRisk : null;
    List<Breach> now =
        PortfolioEvaluation.breachesNow(
            m.book, risk, m.limits, m.breaches, settings.limitRelease());
    if (PortfolioEvaluation.sameBreaches(m.breaches, now)) {
      return List.of();
    }
    for (Breach b : now) {
      context.getLog().warn("portfolio limit breached: {}", b);
    }
    return List.of(new BreachesChanged(now, clock.millis()));
  }

  private void recomputeAdvice(PortfolioModel m) {
    Map<String, Double> skews = lastEvaluation == null ? Map.of() : lastEvaluation.skewBps();
    Map<String, Double> lean = PortfolioPlans.lean(m, settings);
    Map<String, PortfolioAdvice> next = new HashMap<>();
    Set<String> instruments = new HashSet<>(lastReports.keySet());
    instruments.addAll(m.book.instruments());
    for (String i : instruments) {
      PortfolioAdvice a =
          PortfolioEvaluation.advice(i, m.breaches, skews, lean.getOrDefault(i, 0.0), settings);
      if (!a.isNone()) {
        next.put(i, a);
      }
    }
    advice.clear();
    advice.putAll(next);
  }
}
