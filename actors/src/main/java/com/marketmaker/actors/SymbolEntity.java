package com.marketmaker.actors;

import com.marketmaker.actors.SymbolProtocol.Accepted;
import com.marketmaker.actors.SymbolProtocol.ApplyExecution;
import com.marketmaker.actors.SymbolProtocol.BookLevels;
import com.marketmaker.actors.SymbolProtocol.CancelLeftovers;
import com.marketmaker.actors.SymbolProtocol.Change;
import com.marketmaker.actors.SymbolProtocol.ClearRisk;
import com.marketmaker.actors.SymbolProtocol.Command;
import com.marketmaker.actors.SymbolProtocol.Confirmation;
import com.marketmaker.actors.SymbolProtocol.FeedReceived;
import com.marketmaker.actors.SymbolProtocol.FillReport;
import com.marketmaker.actors.SymbolProtocol.GapNotice;
import com.marketmaker.actors.SymbolProtocol.GetBook;
import com.marketmaker.actors.SymbolProtocol.GetFills;
import com.marketmaker.actors.SymbolProtocol.GetOrders;
import com.marketmaker.actors.SymbolProtocol.GetPerformance;
import com.marketmaker.actors.SymbolProtocol.GetQuote;
import com.marketmaker.actors.SymbolProtocol.GetRisk;
import com.marketmaker.actors.SymbolProtocol.GetStatus;
import com.marketmaker.actors.SymbolProtocol.Housekeeping;
import com.marketmaker.actors.SymbolProtocol.Kill;
import com.marketmaker.actors.SymbolProtocol.OrderResults;
import com.marketmaker.actors.SymbolProtocol.OrdersReport;
import com.marketmaker.actors.SymbolProtocol.PortfolioAcked;
import com.marketmaker.actors.SymbolProtocol.PortfolioReportDue;
import com.marketmaker.actors.SymbolProtocol.QuoteReport;
import com.marketmaker.actors.SymbolProtocol.Reason;
import com.marketmaker.actors.SymbolProtocol.Reconcile;
import com.marketmaker.actors.SymbolProtocol.ReconcileResult;
import com.marketmaker.actors.SymbolProtocol.RecordFill;
import com.marketmaker.actors.SymbolProtocol.Rejected;
import com.marketmaker.actors.SymbolProtocol.RetrySnapshot;
import com.marketmaker.actors.SymbolProtocol.SetLimits;
import com.marketmaker.actors.SymbolProtocol.SnapshotResult;
import com.marketmaker.actors.SymbolProtocol.Start;
import com.marketmaker.actors.SymbolProtocol.Stop;
import com.marketmaker.actors.SymbolProtocol.Summary;
import com.marketmaker.actors.SymbolProtocol.UpdateParameters;
import com.marketmaker.actors.feed.FeedEvent;
import com.marketmaker.actors.feed.FeedLatency;
import com.marketmaker.actors.feed.MarketDataFeed;
import com.marketmaker.actors.feed.MarketDataFeeds;
import com.marketmaker.actors.portfolio.PortfolioLink;
import com.marketmaker.actors.portfolio.PortfolioProtocol;
import com.marketmaker.actors.portfolio.PortfolioReporter;
import com.marketmaker.actors.venue.OrderGateway;
import com.marketmaker.actors.venue.OrderGateways;
import com.marketmaker.actors.venue.TradingRegistry;
import com.marketmaker.core.accounting.Fill;
import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.engine.QuotingEngine;
import com.marketmaker.core.instrument.FixedPoint;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.orders.ExecutionEvent;
import com.marketmaker.core.orders.OrderEvent;
import com.marketmaker.core.orders.OrderLedger;
import com.marketmaker.core.orders.OrderPlanner;
import com.marketmaker.core.orders.Reconciler;
import com.marketmaker.core.quote.PortfolioAdvice;
import com.marketmaker.core.quote.QuoteDecision;
import com.marketmaker.core.risk.RiskCheck;
import com.marketmaker.core.risk.RiskGuard;
import com.marketmaker.core.strategy.MakerParameters;
import com.marketmaker.core.strategy.RiskLimits;
import com.marketmaker.core.strategy.StrategyConfig;
import com.marketmaker.persistence.SymbolEvent;
import com.marketmaker.persistence.SymbolEvent.FillBooked;
import com.marketmaker.persistence.SymbolEvent.HaltCleared;
import com.marketmaker.persistence.SymbolEvent.Halted;
import com.marketmaker.persistence.SymbolEvent.HandedOff;
import com.marketmaker.persistence.SymbolEvent.MakingStarted;
import com.marketmaker.persistence.SymbolEvent.MakingStopped;
import com.marketmaker.persistence.SymbolEvent.OrderEventJournaled;
import com.marketmaker.persistence.SymbolEvent.ParametersUpdated;
import com.marketmaker.persistence.SymbolState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.ShardCoordinator;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.RecoveryFailed;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReplyBuilder;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One instrument: its making switch, strategy parameters, inventory, cash and P&amp;L. One
 * persistent entity per {@code VENUE:SYMBOL}, sharded across the cluster with remember-entities, so
 * a started instrument comes back on a surviving node after a failure with exactly its journaled
 * state. Its protocol is {@link SymbolProtocol}; every command is answered with a {@link
 * Confirmation}. Fills are booked exactly once per venue trade id.
 *
 * <p>This class is the Pekko shell: it decides what is journaled and when, and composes named
 * collaborators. The strategy (venue book, signals, calibration, quote policy, risk checks, order
 * planner) is {@link QuotingEngine} in core, built by {@link EngineSetup}; the feed subscription
 * and snapshots are {@link FeedSession}; the venue calls are {@link VenueCalls}; the standing with
 * the venue is {@link VenueReconciliation}; the read-outs are {@link SymbolReadOuts}.
 *
 * <p>Ticks do not wait for the journal: while order events are written, {@link TicksBesideJournal}
 * hands market data to the entity beside the write, and what it decides is journaled right after.
 *
 * <p>Size: over 500 lines because it is the one event-sourced command handler of an instrument
 * (making switch, quoting loop, orders, fills, halts, hand-over): for each command, what is
 * journaled, in which order, and what runs after the write, which must read as one piece.
 * Everything without journal effects already lives in the collaborators above.
 */
public final class SymbolEntity
    extends EventSourcedBehaviorWithEnforcedReplies<Command, SymbolEvent, SymbolState>
    implements TicksBesideJournal.Host {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "Symbol");

  /** Runs the quoting loop on the current book this often while making (see Housekeeping). */
  private static final Duration HOUSEKEEPING_EVERY = Duration.ofSeconds(1);

  /** The entity reports its position and new fills to the portfolio this often. */
  private static final Duration PORTFOLIO_REPORT_EVERY = Duration.ofSeconds(1);

  /** First look for orders a stopped instrument left working, then with back-off. */
  private static final Duration FIRST_LEFTOVER_SWEEP = Duration.ofSeconds(5);

  // ---------------------------------------------------------------- creation

  /** What an entity needs from its node. */
  public record Dependencies(
      EntitySettings settings,
      Clock clock,
      MarketDataFeeds feeds,
      OrderGateways gateways,
      PortfolioLink portfolio) {

    /** No market data, no order entry and no portfolio on this node. */
    public static Dependencies of(EntitySettings settings, Clock clock) {
      return new Dependencies(
          settings, clock, MarketDataFeeds.NONE, OrderGateways.NONE, PortfolioLink.NONE);
    }

    public Dependencies withFeeds(MarketDataFeeds f) {
      return new Dependencies(settings, clock, f, gateways, portfolio);
    }

    public Dependencies withGateways(OrderGateways g) {
      return new Dependencies(settings, clock, feeds, g, portfolio);
    }

    public Dependencies withPortfolio(PortfolioLink p) {
      return new Dependencies(settings, clock, feeds, gateways, p);
    }
  }

  /** Registers the entity type with Cluster Sharding, with the node's feeds and order gateways. */
  public static ActorRef<ShardingEnvelope<Command>> init(
      ActorSystem<?> system, MarketDataFeeds feeds, OrderGateways gateways) {
    return init(system, feeds, gateways, PortfolioLink.NONE);
  }

  /** As {@link #init(ActorSystem, MarketDataFeeds, OrderGateways)}, reporting to a portfolio. */
  public static ActorRef<ShardingEnvelope<Command>> init(
      ActorSystem<?> system,
      MarketDataFeeds feeds,
      OrderGateways gateways,
      PortfolioLink portfolio) {
    return init(system, feeds, gateways, portfolio, null);
  }

  /**
   * As {@link #init(ActorSystem, MarketDataFeeds, OrderGateways, PortfolioLink)}, with the shards
   * allocated and rebalanced by {@code allocation} (null: sharding's default from the
   * configuration).
   */
  public static ActorRef<ShardingEnvelope<Command>> init(
      ActorSystem<?> system,
      MarketDataFeeds feeds,
      OrderGateways gateways,
      PortfolioLink portfolio,
      ShardCoordinator.ShardAllocationStrategy allocation) {
    Dependencies deps =
        new Dependencies(
            EntitySettings.fromConfig(system.settings().config()),
            Clock.systemUTC(),
            feeds,
            gateways,
            portfolio);
    Entity<Command, ShardingEnvelope<Command>> entity =
        Entity.of(
                ENTITY_KEY,
                ctx ->
                    create(
                        ctx.getEntityId(),
                        deps,
                        self -> ctx.getShard().tell(new ClusterSharding.Passivate<>(self))))
            .withStopMessage(SymbolProtocol.HandOff.INSTANCE)
            .withSettings(ClusterShardingSettings.create(system).withRememberEntities(true));
    return ClusterSharding.get(system)
        .init(allocation == null ? entity : entity.withAllocationStrategy(allocation));
  }

  /**
   * The entity's behavior; outside sharding in tests.
   *
   * @param passivate asks the owner to stop this entity when it turns out to be unknown
   */
  public static Behavior<Command> create(
      String entityId, Dependencies deps, Consumer<ActorRef<Command>> passivate) {
    InstrumentId.parse(entityId); // fail fast on an id the HTTP layer should never have sent
    return Behaviors.withTimers(
        timers ->
            Behaviors.setup(
                ctx -> {
                  SymbolEntity entity = new SymbolEntity(ctx, timers, entityId, deps, passivate);
                  return entity.settings.quoteBesideJournal()
                      ? Behaviors.intercept(() -> new TicksBesideJournal(entity), entity)
                      : entity;
                }));
  }

  /** Why quotes are not refreshed while this node sees no cluster majority. */
  static final String NO_QUORUM = "no cluster majority seen from this node";

  static final String NO_JOURNAL = "the journal is unreachable from this node";
  static final String TAKING_OVER = "taken over: quotes kept while the book is built";

  // ---------------------------------------------------------------- state

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final String instrument;
  private final EntitySettings settings;
  private final Clock clock;
  private final Consumer<ActorRef<Command>> passivate;
  private final OrderGateways gateways;
  private final String hostedOn;
  private final FeedLatency tickToQuote;
  private final FeedLatency tickToPlan;
  private final FeedLatency frameToBookBehindJournal;
  private final FeedLatency tickToQuoteBehindJournal;
  private final java.util.concurrent.atomic.LongAdder besideJournal;
  private final FeedLatency sendWall;
  private final FeedLatency sendCpu;

  /** For the entity thread's CPU time while it sends a plan (a read-out of the quoting path). */
  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  /**
   * When this entity's last journal write ended ({@link System#nanoTime()}): a diff that arrived
   * before it and is handled after it waited for the write.
   */
  private long lastWriteDoneNanos;

  /** Ticks that led to order requests, counted to tell which of them waited for a write. */
  private long quotedTicks;

  /** The tick-to-quote latency last recorded (the same value goes to the part behind a write). */
  private long lastTickToQuoteNanos;

  // Ticks beside the journal (TicksBesideJournal): a write is in flight; it holds order events
  // only; a decision made beside it waits to be journaled; the last tick handed to the behaviour
  // and the last it handled (equal: none waits in its queue).
  private boolean writing;
  private boolean besideAllowed;
  private boolean decidedBeside;
  // A tick changed the book while a decision beside the journal waited: the turn it is owed, and
  // the receive stamp of the first such tick (what its tick-to-quote is measured from).
  private boolean turnOwed;
  private long owedReceivedNanos;
  private FeedReceived lastTickHandedOn;
  private FeedReceived lastTickHandled;

  /** The behaviour's latest state, events being written included (they apply before the write). */
  private SymbolState current = SymbolState.EMPTY;

  private final TradingRegistry registry;
  private final EngineSetup engines;
  private final FeedSession feed;
  private final VenueCalls venue;
  private final VenueReconciliation standing;
  private final PortfolioReporter portfolio;
  private final ActorRef<PortfolioProtocol.ReportAck> portfolioAcks;
  private PortfolioAdvice advice = PortfolioAdvice.NONE;

  // Transient, rebuilt from the journal and the venue, never journaled.
  private QuotingEngine engine; // while making here: book, signals, quotes, orders
  private long flowEpoch; // of the engine's running total of public flow
  private InstrumentSpec registered; // with this node's user-data streams
  private boolean trading;
  // Order events change it in place; restored from the state only after a recovery or a failure.
  private final SymbolState.KeptLedger liveLedger = new SymbolState.KeptLedger();
  private String pulled = "";
  private int leftoverSweeps;
  private long placesRefused;
  private long placesRefusedForRate;
  private final ClusterQuorum quorum;
  private final JournalGate journalGate;
  private boolean pulledForJournal;
  private boolean handingOff;

  /** The latest event applied (replayed or new): a hand-over marker last means a take-over. */
  private SymbolEvent lastEvent;

  /** Until then (nanos), a taken-over instrument leaves its quotes alone until its book is live. */
  private long takeOverUntilNanos;

  /** How long this incarnation took to quote, phase by phase (logged at its first quotes). */
  private final StartTimeline timeline;

  private SymbolEntity(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      String instrument,
      Dependencies deps,
      Consumer<ActorRef<Command>> passivate) {
    super(
        PersistenceId.of(ENTITY_KEY.name(), instrument),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(4), 0.2));
    this.context = context;
    this.timers = timers;
    this.instrument = instrument;
    this.settings = deps.settings();
    this.clock = deps.clock();
    this.passivate = passivate;
    this.gateways = deps.gateways();
    this.timeline = new StartTimeline(nowNanos());
    this.hostedOn = context.getSystem().address().toString();
    FeedLatency latency = FeedLatency.get(context.getSystem());
    this.tickToQuote = latency.tickToQuote();
    this.tickToPlan = latency.tickToPlan();
    this.frameToBookBehindJournal = latency.frameToBookBehindJournal();
    this.tickToQuoteBehindJournal = latency.tickToQuoteBehindJournal();
    this.besideJournal = latency.ticksBesideJournal();
    this.sendWall = latency.sendWall();
    this.sendCpu = latency.sendCpu();
    this.registry = TradingRegistry.get(context.getSystem());
    this.quorum = ClusterQuorum.get(context.getSystem());
    this.journalGate = JournalGate.get(context.getSystem());
    this.engines = new EngineSetup(settings, registry);
    this.feed =
        new FeedSession(
            context,
            timers,
            instrument,
            deps.feeds(),
            settings.bookSnapshotDepth(),
            settings.snapshotRetry());
    this.venue = new VenueCalls(context, instrument, this::nowNanos);
    this.standing =
        new VenueReconciliation(
            context, timers, instrument, settings.reconcileRetry(), settings.inFlightWindow());
    this.portfolio = new PortfolioReporter(instrument, deps.portfolio());
    this.portfolioAcks =
        context.messageAdapter(PortfolioProtocol.ReportAck.class, PortfolioAcked::new);
    if (deps.portfolio() != PortfolioLink.NONE) {
      timers.startTimerWithFixedDelay(PortfolioReportDue.INSTANCE, PORTFOLIO_REPORT_EVERY);
    }
    context
        .getSystem()
        .eventStream()
        .tell(
            new EventStream.Subscribe<>(
                com.marketmaker.actors.venue.UserDataGap.class,
                context.messageAdapter(
                    com.marketmaker.actors.venue.UserDataGap.class, GapNotice::new)));
  }

  @Override
  public SymbolState emptyState() {
    return SymbolState.EMPTY;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), settings.keepSnapshots());
  }

  @Override
  public EventHandler<SymbolState, SymbolEvent> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onAnyEvent(
            (s, e) -> {
              lastEvent = e;
              current = s.apply(e, liveLedger);
              return current;
            });
  }

  // ---------------------------------------------------------------- handlers per state

  @Override
  public CommandHandlerWithReply<Command, SymbolEvent, SymbolState> commandHandler() {
    var builder = newCommandHandlerWithReplyBuilder();
    neverStarted(builder);
    operators(builder);
    readOuts(builder);
    venueAndFeed(builder);
    return builder.build();
  }

  /** An instrument never started answers every operator command with UNKNOWN_INSTRUMENT. */
  private void neverStarted(CommandHandlerWithReplyBuilder<Command, SymbolEvent, SymbolState> b) {
    b.forState(s -> !s.started())
        .onCommand(Start.class, this::onStart)
        .onCommand(GetStatus.class, (s, c) -> unknown(c.replyTo()))
        .onCommand(Stop.class, (s, c) -> unknown(c.replyTo()))
        .onCommand(UpdateParameters.class, (s, c) -> unknown(c.replyTo()))
        .onCommand(SetLimits.class, (s, c) -> unknown(c.replyTo()))
        .onCommand(RecordFill.class, (s, c) -> unknown(c.replyTo()))
        .onCommand(GetBook.class, (s, c) -> unknown(c.replyTo()))
        .onCommand(GetPerformance.class, (s, c) -> unknown(c.replyTo()))
        .onCommand(GetQuote.class, (s, c) -> unknown(c.replyTo()))
        .onCommand(GetOrders.class, (s, c) -> unknown(c.replyTo()))
        .onCommand(GetFills.class, (s, c) -> unknown(c.replyTo()))
        .onCommand(GetRisk.class, (s, c) -> unknown(c.replyTo()))
        .onCommand(SymbolProtocol.GetDashboardRow.class, (s, c) -> unknown(c.replyTo()))
        .onCommand(ClearRisk.class, (s, c) -> unknown(c.replyTo()))
        .onCommand(Kill.class, (s, c) -> unknown(c.replyTo()))
        .onCommand(ApplyExecution.class, (s, c) -> unknown(c.replyTo()));
  }

  /** What operators and the node's streams change. */
  private void operators(CommandHandlerWithReplyBuilder<Command, SymbolEvent, SymbolState> b) {
    b.forAnyState()
        .onCommand(Start.class, this::onStart)
        .onCommand(Stop.class, this::onStop)
        .onCommand(UpdateParameters.class, this::onUpdateParameters)
        .onCommand(SetLimits.class, this::onSetLimits)
        .onCommand(RecordFill.class, this::onRecordFill)
        .onCommand(Kill.class, this::onKill)
        .onCommand(ClearRisk.class, this::onClearRisk)
        .onCommand(ApplyExecution.class, this::onApplyExecution);
  }

  /** What operators read; nothing is journaled. */
  private void readOuts(CommandHandlerWithReplyBuilder<Command, SymbolEvent, SymbolState> b) {
    b.forAnyState()
        .onCommand(
            GetStatus.class, (s, c) -> Effect().reply(c.replyTo(), accepted(Change.UNCHANGED, s)))
        .onCommand(GetBook.class, this::onGetBook)
        .onCommand(
            GetPerformance.class,
            (s, c) ->
                Effect()
                    .reply(
                        c.replyTo(),
                        SymbolReadOuts.performance(instrument, s, engine, nowNanos(), hostedOn)))
        .onCommand(
            GetQuote.class,
            (s, c) ->
                Effect()
                    .reply(
                        c.replyTo(),
                        new QuoteReport(
                            instrument,
                            quoting(s),
                            engine == null ? 0 : engine.decisions(),
                            placesRefused,
                            placesRefusedForRate,
                            engine == null ? null : engine.lastDecision(),
                            hostedOn)))
        .onCommand(
            GetOrders.class,
            (s, c) ->
                Effect()
                    .reply(
                        c.replyTo(),
                        new OrdersReport(
                            instrument,
                            ledger(s).workingOrders(),
                            standing.reconciled(),
                            quoting(s))))
        .onCommand(
            GetFills.class,
            (s, c) -> Effect().reply(c.replyTo(), SymbolReadOuts.fills(instrument, s, c.limit())))
        .onCommand(
            GetRisk.class,
            (s, c) -> Effect().reply(c.replyTo(), SymbolReadOuts.risk(instrument, s, pulled)))
        .onCommand(
            SymbolProtocol.GetDashboardRow.class,
            (s, c) ->
                Effect()
                    .reply(
                        c.replyTo(),
                        SymbolReadOuts.dashboardRow(
                            instrument,
                            s,
                            engine,
                            nowNanos(),
                            hostedOn,
                            quoting(s),
                            ledger(s).workingOrders())));
  }

  /** The entity's local messages: market data, venue answers and timers. */
  private void venueAndFeed(CommandHandlerWithReplyBuilder<Command, SymbolEvent, SymbolState> b) {
    b.forAnyState()
        .onCommand(FeedReceived.class, this::onFeed)
        .onCommand(SymbolProtocol.DecidedBesideJournal.class, this::onDecidedBesideJournal)
        .onCommand(SymbolProtocol.TurnOwed.class, (s, c) -> onTurnOwed(s))
        .onCommand(SnapshotResult.class, this::onSnapshotResult)
        .onCommand(RetrySnapshot.class, (s, c) -> onRetrySnapshot())
        .onCommand(OrderResults.class, this::onOrderResults)
        .onCommand(ReconcileResult.class, this::onReconcileResult)
        .onCommand(Reconcile.class, (s, c) -> onReconcile(s))
        .onCommand(Housekeeping.class, (s, c) -> onBookChanged(s, FeedSession.NO_DECISION))
        .onCommand(CancelLeftovers.class, (s, c) -> onCancelLeftovers(s))
        .onCommand(GapNotice.class, this::onGapNotice)
        .onCommand(PortfolioReportDue.class, (s, c) -> reportToPortfolio(s))
        .onCommand(PortfolioAcked.class, (s, c) -> onPortfolioAcked(c))
        .onCommand(SymbolProtocol.HandOff.class, (s, c) -> onHandOff(s));
  }

  /**
   * The instrument moves to another node in an orderly way. Its quotes stay at the venue unless
   * {@code pull-on-handoff} is set: the next incarnation recovers them from the journal, finds them
   * working at the venue when it reconciles, and manages them on; the book sees no gap, and the
   * quotes go unmanaged only for the hand-over (about the new node's recovery and reconciliation).
   * A stop for any other reason (a journal failure, the node downed or killed) pulls them.
   */
  private ReplyEffect<SymbolEvent, SymbolState> onHandOff(SymbolState s) {
    handingOff = true;
    if (settings.pullOnHandOff()
        || !trading
        || ledger(s).workingCount() == 0
        || !journalGate.writable()
        || !quorum.holds()) {
      // Nothing to take over, or no write to risk: a node that is downed or cut off must not
      // journal for an instrument that may already run on the majority's side.
      return Effect().stop().thenNoReply();
    }
    // The marker tells the next incarnation that the quotes were managed until now.
    return persist(new HandedOff(hostedOn, now())).thenStop().thenNoReply();
  }

  /**
   * After recovery: an instrument handed over a moment ago (the journal's last event is the
   * previous node's marker, younger than {@code takeover-hold}) keeps its quotes while its book is
   * being built, rather than pulling them for want of market data; at most for the hold.
   */
  private void holdIfTakenOver() {
    takeOverUntilNanos = 0;
    if (lastEvent instanceof HandedOff h
        && clock.millis() - h.timestampMillis() < settings.takeOverHold().toMillis()) {
      takeOverUntilNanos = nowNanos() + settings.takeOverHold().toNanos();
      context
          .getLog()
          .info(
              "{}: taken over from {}: its quotes stay while the book is built",
              instrument,
              h.fromNode());
    }
  }

  @Override
  public SignalHandler<SymbolState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(
            RecoveryCompleted.instance(),
            s -> {
              // A life that ended in a journal failure leaves no write in flight.
              timeline.recovered(nowNanos());
              current = s;
              writing = false;
              besideAllowed = false;
              decidedBeside = false;
              turnOwed = false;
              if (trading) {
                // Still trading from a life that ended in a journal failure (the entity is
                // restarted in place, with no stop signal): pull what that life left working.
                onStopped(s);
              }
              holdIfTakenOver();
              connectFeed(s);
              setUpTrading(s);
              if (s.started() && !s.making() && ledger(s).workingCount() > 0) {
                context.getSelf().tell(CancelLeftovers.INSTANCE);
              }
            })
        // The journal is still unreachable: nothing can be traded until it is back.
        .onSignal(RecoveryFailed.class, (s, failed) -> onStopped(s))
        .onSignal(PostStop.instance(), this::onStopped)
        .build();
  }

  // ---------------------------------------------------------------- operator commands

  /**
   * An instrument that was never started has nothing to say; the entity answers and asks to be
   * passivated so that status queries for unknown instruments leave nothing behind.
   */
  private ReplyEffect<SymbolEvent, SymbolState> unknown(ActorRef<Confirmation> replyTo) {
    passivate.accept(context.getSelf());
    return Effect()
        .reply(
            replyTo,
            new Rejected(
                Reason.UNKNOWN_INSTRUMENT, "instrument " + instrument + " has never been started"));
  }

  private static boolean sameGrid(InstrumentSpec a, InstrumentSpec b) {
    return new java.math.BigDecimal(a.tickSize()).compareTo(new java.math.BigDecimal(b.tickSize()))
            == 0
        && new java.math.BigDecimal(a.lotSize()).compareTo(new java.math.BigDecimal(b.lotSize()))
            == 0;
  }

  private ReplyEffect<SymbolEvent, SymbolState> onStart(SymbolState s, Start c) {
    if (!c.spec().id().toString().equals(instrument)) {
      return reject(
          c.replyTo(),
          Reason.INVALID,
          "instrument spec is for " + c.spec().id() + ", not " + instrument);
    }
    // A started instrument keeps its spec (grid, contract type, minimum notional): a restart that
    // names the same grid, as an operator's start does, is a restart on it.
    if (s.started() && !sameGrid(s.spec(), c.spec())) {
      return reject(
          c.replyTo(),
          Reason.CONFLICT,
          "instrument "
              + instrument
              + " trades with tick size "
              + s.spec().tickSize()
              + " and lot size "
              + s.spec().lotSize()
              + "; a different grid cannot be given to a started instrument");
    }
    if (s.making()) {
      if (s.parameters().equals(c.parameters())) {
        return Effect().reply(c.replyTo(), accepted(Change.UNCHANGED, s));
      }
      return reject(
          c.replyTo(),
          Reason.CONFLICT,
          "instrument " + instrument + " is already making with other parameters; update them");
    }
    if (s.started() && !c.mayRaiseLimits()) {
      String raised = raisedLimits(s, c.parameters(), c.strategy());
      if (raised != null) {
        return reject(c.replyTo(), Reason.FORBIDDEN, raised);
      }
    }
    return persist(
            new MakingStarted(
                s.started() ? s.spec() : c.spec(),
                c.parameters(),
                c.strategy(),
                c.requestedBy(),
                now()))
        .thenRun(
            ns -> {
              connectFeed(ns);
              setUpTrading(ns);
            })
        .thenReply(c.replyTo(), ns -> accepted(Change.CHANGED, ns));
  }

  private ReplyEffect<SymbolEvent, SymbolState> onStop(SymbolState s, Stop c) {
    if (!s.making()) {
      return Effect().reply(c.replyTo(), accepted(Change.UNCHANGED, s));
    }
    List<SymbolEvent> events = new ArrayList<>();
    events.add(new MakingStopped(c.requestedBy(), now()));
    boolean cancel = venue.attached() && ledger(s).workingCount() > 0;
    if (cancel) {
      events.add(journaled(new OrderEvent.CancelAllRequested("stopped", nowNanos())));
    }
    return persist(events)
        .thenRun(
            ns -> {
              if (cancel) {
                venue.cancelAll(ns.spec());
                // Check again later: a cancel-all the venue refused (rate limit, outage) is sent
                // again until no order of the stopped instrument is left.
                leftoverSweeps = 0;
                timers.startSingleTimer(CancelLeftovers.INSTANCE, FIRST_LEFTOVER_SWEEP);
              }
              disconnectFeed();
              stopQuoting();
            })
        .thenReply(c.replyTo(), ns -> accepted(Change.CHANGED, ns));
  }

  private ReplyEffect<SymbolEvent, SymbolState> onUpdateParameters(
      SymbolState s, UpdateParameters c) {
    if (s.parameters().equals(c.parameters())
        && (c.strategy() == null || c.strategy().equals(s.trading().strategy()))) {
      return Effect().reply(c.replyTo(), accepted(Change.UNCHANGED, s));
    }
    if (!c.mayRaiseLimits()) {
      String raised = raisedLimits(s, c.parameters(), c.strategy());
      if (raised != null) {
        return reject(c.replyTo(), Reason.FORBIDDEN, raised);
      }
    }
    return persist(new ParametersUpdated(c.parameters(), c.strategy(), c.requestedBy(), now()))
        .thenRun(this::startEngine)
        .thenReply(c.replyTo(), ns -> accepted(Change.CHANGED, ns));
  }

  /**
   * Why a change by an operator without the authority over limits is refused: the limits it would
   * raise above the instrument's current ones, or null when it raises none.
   */
  private String raisedLimits(SymbolState s, MakerParameters parameters, StrategyConfig strategy) {
    RiskLimits now = RiskLimits.of(s.parameters(), s.trading().strategy());
    RiskLimits next =
        RiskLimits.of(parameters, strategy == null ? s.trading().strategy() : strategy);
    List<String> raised = next.raisedFrom(now);
    if (raised.isEmpty()) {
      return null;
    }
    return "raising "
        + String.join(", ", raised)
        + " of "
        + instrument
        + " needs the risk role (POST /maker/limits); lowering a limit does not";
  }

  /** New risk limits, journaled as a parameter update so that they survive like every other. */
  private ReplyEffect<SymbolEvent, SymbolState> onSetLimits(SymbolState s, SetLimits c) {
    RiskLimits now = RiskLimits.of(s.parameters(), s.trading().strategy());
    RiskLimits next =
        new RiskLimits(
            c.maxPositionLots() == null ? now.maxPositionLots() : c.maxPositionLots(),
            c.maxLoss() == null ? now.maxLoss() : c.maxLoss(),
            c.maxDrawdown() == null ? now.maxDrawdown() : c.maxDrawdown());
    if (next.equals(now)) {
      return Effect().reply(c.replyTo(), accepted(Change.UNCHANGED, s));
    }
    MakerParameters parameters;
    StrategyConfig strategy;
    try {
      parameters = next.applyTo(s.parameters());
      strategy = next.applyTo(s.trading().strategy());
    } catch (IllegalArgumentException e) {
      return reject(c.replyTo(), Reason.INVALID, e.getMessage());
    }
    return persist(new ParametersUpdated(parameters, strategy, c.requestedBy(), now()))
        .thenRun(this::startEngine)
        .thenReply(c.replyTo(), ns -> accepted(Change.CHANGED, ns));
  }

  private ReplyEffect<SymbolEvent, SymbolState> onRecordFill(SymbolState s, RecordFill c) {
    FillReport r = c.fill();
    Fill fill;
    try {
      fill = toFill(r, s.spec());
      s.position().apply(fill, s.spec()); // refuse here what would overflow the books later
    } catch (IllegalArgumentException | ArithmeticException e) {
      return reject(c.replyTo(), Reason.INVALID, "fill " + r.tradeId() + ": " + e.getMessage());
    }
    switch (s.check(fill.tradeId())) {
      case DUPLICATE:
        return Effect().reply(c.replyTo(), accepted(Change.DUPLICATE_FILL, s));
      case BEYOND_DEDUP_WINDOW:
        context
            .getLog()
            .warn(
                "{}: fill {} is older than the last {} booked trade ids; refused",
                instrument,
                fill.tradeId(),
                SymbolState.DEDUP_WINDOW);
        return reject(
            c.replyTo(),
            Reason.CONFLICT,
            "trade id "
                + fill.tradeId()
                + " is older than the de-duplication window of "
                + SymbolState.DEDUP_WINDOW
                + " trades; reconcile with the venue");
      default:
        return persist(new FillBooked(fill, now()))
            .thenRun(ns -> context.getSelf().tell(PortfolioReportDue.INSTANCE))
            .thenReply(c.replyTo(), ns -> accepted(Change.CHANGED, ns));
    }
  }

  /** Converts a reported fill onto the instrument's grid, exactly. */
  static Fill toFill(FillReport r, InstrumentSpec spec) {
    long ticks = spec.priceToTicks(r.price());
    long lots = spec.sizeToLots(r.size());
    long fee = r.fee() == null ? 0 : FixedPoint.parse(r.fee(), InstrumentSpec.CASH_SCALE);
    return new Fill(r.tradeId(), r.side(), ticks, lots, fee);
  }

  private ReplyEffect<SymbolEvent, SymbolState> onKill(SymbolState s, Kill c) {
    if (s.trading().halted() && ledger(s).workingCount() == 0) {
      return Effect().reply(c.replyTo(), accepted(Change.UNCHANGED, s));
    }
    if (engine != null) {
      engine.kill(c.reason(), nowNanos());
    }
    return halt(s, c.reason(), RiskCheck.KILL_SWITCH.name(), c.requestedBy(), c.replyTo());
  }

  private ReplyEffect<SymbolEvent, SymbolState> onClearRisk(SymbolState s, ClearRisk c) {
    if (!s.trading().halted()) {
      return Effect().reply(c.replyTo(), accepted(Change.UNCHANGED, s));
    }
    if (engine != null) {
      engine.guard().clear();
    }
    return persist(new HaltCleared(c.requestedBy(), now()))
        .thenReply(c.replyTo(), ns -> accepted(Change.CHANGED, ns));
  }

  /**
   * One user-data stream event, routed here from the node that received it. A trade is booked once
   * by venue trade id; a report the REST answer already gave is acknowledged unjournaled.
   */
  private ReplyEffect<SymbolEvent, SymbolState> onApplyExecution(SymbolState s, ApplyExecution c) {
    ExecutionEvent e = c.event();
    if (!e.instrument().toString().equals(instrument)) {
      return reject(
          c.replyTo(),
          Reason.INVALID,
          "execution is for " + e.instrument() + ", not " + instrument);
    }
    if (e.trade() != null && ledger(s).isBooked(e.trade().tradeId())) {
      return Effect().reply(c.replyTo(), accepted(Change.DUPLICATE_FILL, s));
    }
    if (e.trade() != null && engine != null) {
      engine.onOwnFill(e.trade().side() == Side.BUY, e.trade().priceTicks(), nowNanos());
    }
    OrderEvent executed = new OrderEvent.Executed(e, nowNanos());
    if (e.trade() == null && !changesLedger(s, executed)) {
      return Effect().reply(c.replyTo(), accepted(Change.UNCHANGED, s));
    }
    return persistOrderEvents(List.of(journaled(executed)))
        .thenRun(
            ns -> {
              if (e.trade() != null) {
                // A fill empties or shrinks a level: quote again now, not at the next book change.
                context.getSelf().tell(Housekeeping.INSTANCE);
                context.getSelf().tell(PortfolioReportDue.INSTANCE);
              }
            })
        .thenReply(c.replyTo(), ns -> accepted(Change.CHANGED, ns));
  }

  // ---------------------------------------------------------------- portfolio

  private ReplyEffect<SymbolEvent, SymbolState> reportToPortfolio(SymbolState s) {
    double mid = Double.NaN;
    if (engine != null && engine.inSync() && s.spec() != null) {
      mid =
          0.5
              * (s.spec().ticksToDouble(engine.bidTicks())
                  + s.spec().ticksToDouble(engine.askTicks()));
    }
    portfolio.report(
        s,
        mid,
        engine == null ? 0L : flowEpoch,
        engine == null ? Double.NaN : engine.signedTradedNotional(),
        clock.millis(),
        portfolioAcks);
    return Effect().noReply();
  }

  private ReplyEffect<SymbolEvent, SymbolState> onPortfolioAcked(PortfolioAcked c) {
    portfolio.acknowledged(c.ack());
    PortfolioAdvice next = c.ack().advice() == null ? PortfolioAdvice.NONE : c.ack().advice();
    if (!next.equals(advice)) {
      context.getLog().info("{}: portfolio advice {}", instrument, next);
      advice = next;
      if (engine != null) {
        engine.advise(advice);
      }
    }
    return Effect().noReply();
  }

  private ReplyEffect<SymbolEvent, SymbolState> reject(
      ActorRef<Confirmation> replyTo, Reason reason, String message) {
    return Effect().reply(replyTo, new Rejected(reason, message));
  }

  private Accepted accepted(Change change, SymbolState s) {
    return new Accepted(
        change,
        Summary.of(
            instrument,
            s,
            hostedOn,
            engine == null ? null : engine.book().status(engine.signals(nowNanos()))));
  }

  // ---------------------------------------------------------------- trading here

  /**
   * Prepares quoting on this node when the instrument is making and its venue has order entry here:
   * the engine (with the journaled halt), then reconciliation with the venue before any order is
   * sent.
   */
  private void setUpTrading(SymbolState s) {
    if (!s.making() || trading) {
      return;
    }
    Optional<OrderGateway> g = gateways.forVenue(s.spec().id().venue());
    if (g.isEmpty()) {
      return;
    }
    venue.attach(g.get());
    registered = s.spec();
    registry.register(registered);
    startEngine(s);
    standing.invalidate();
    context.getSelf().tell(Reconcile.INSTANCE);
    timers.startTimerWithFixedDelay(Housekeeping.INSTANCE, HOUSEKEEPING_EVERY);
  }

  /** Quoting with the journaled parameters and strategy, once order entry is attached. */
  private void startEngine(SymbolState s) {
    if (!venue.attached() || !s.making()) {
      return;
    }
    ensureEngine(s);
    trading = true;
  }

  /**
   * The engine of the instrument, created when it starts making here (it owns the book the feed
   * fills) and reconfigured when the parameters or the strategy change.
   */
  private void ensureEngine(SymbolState s) {
    if (engine == null) {
      engine = engines.create(s, nowNanos());
      // The engine's running total of public flow starts at zero: a new epoch for the portfolio,
      // random so that no other incarnation of the instrument (on any node) shares it; 0 is none.
      do {
        flowEpoch = ThreadLocalRandom.current().nextLong();
      } while (flowEpoch == 0L);
      engine.advise(advice);
    } else {
      engines.reconfigure(engine, s);
    }
  }

  /** Leaves this node's venue registration: the entity stops or moves. */
  private void onStopped(SymbolState ignored) {
    // The state handed to a stop signal may be the empty one: the entity's own fields say what
    // it was trading and which orders it knew working.
    boolean wasTrading = trading;
    InstrumentSpec spec = registered;
    int working = liveLedger.last() == null ? 0 : liveLedger.last().workingCount();
    disconnectFeed();
    tearDownTrading();
    if (wasTrading && spec != null && !(handingOff && !settings.pullOnHandOff())) {
      pullOnStop(spec, working);
    }
  }

  /**
   * An entity that stops while its quotes work at the venue (its journal failed, its shard moves,
   * its node leaves) cancels them: quotes nobody manages go stale as the market moves. The answer
   * is not awaited (the entity is gone); the next incarnation reconciles with the venue. A node cut
   * off from its cluster does not: the instrument may already quote from the majority's side, and a
   * cancel-all would pull those orders too.
   */
  private void pullOnStop(InstrumentSpec spec, int working) {
    if (working == 0 || !quorum.mayPullOnStop()) {
      return;
    }
    gateways
        .forVenue(spec.id().venue())
        .ifPresent(
            g -> {
              context
                  .getLog()
                  .info(
                      "{}: stopping with {} working orders: cancelling them at the venue",
                      instrument,
                      working);
              g.cancelAll(spec);
            });
  }

  private void tearDownTrading() {
    if (registered != null) {
      registry.unregister(registered);
      registered = null;
    }
    stopQuoting();
  }

  /**
   * Ends quoting after a stop. The instrument stays registered with this node's user-data streams:
   * the cancels of its last orders, and fills that raced them, are still reported there after the
   * stop and must reach the books.
   */
  private void stopQuoting() {
    trading = false;
    venue.detach();
    standing.reset();
    timers.cancel(Housekeeping.INSTANCE);
  }

  /** The live ledger for {@code s}, reused while the state's ledger has not changed. */
  private OrderLedger ledger(SymbolState s) {
    return liveLedger.of(s);
  }

  /** An order event as journaled, with the touch it was decided on. */
  private SymbolEvent journaled(OrderEvent e) {
    long bid = 0;
    long ask = 0;
    if (engine != null && engine.inSync()) {
      bid = engine.bidTicks();
      ask = engine.askTicks();
    }
    return new OrderEventJournaled(e, bid, ask, now());
  }

  private String quoting(SymbolState s) {
    return SymbolReadOuts.quoting(
        s, venue.attached(), standing.orderEntryRefused(), standing.reconciled(), pulled);
  }

  /**
   * The quoting loop, run after every change of the book and on the housekeeping tick ({@code
   * receivedNanos} = {@link FeedSession#NO_DECISION}): risk first, then the quote decision, then
   * the order plan. The requests are sent before their events are journaled (the client order ids
   * are deterministic, so a request whose event is lost is recognised as ours and cancelled by the
   * next reconciliation); the events are journaled right after.
   */
  private ReplyEffect<SymbolEvent, SymbolState> onBookChanged(SymbolState s, long receivedNanos) {
    TicksBesideJournal.Outcome o = quoteTurn(s, receivedNanos);
    return switch (o.kind()) {
      case NOTHING -> Effect().noReply();
      case ORDERS_SENT -> persistOrderEvents(o.events()).thenNoReply();
      case HALT -> halt(s, o.reason(), o.cause(), "risk", null);
      case HALT_CLEARED -> persist(new HaltCleared("risk", now())).thenNoReply();
    };
  }

  /**
   * One turn of the quoting loop on state {@code s}: the checks, risk, the decision and the plan,
   * with the plan's requests sent; what is to be journaled is returned.
   */
  private TicksBesideJournal.Outcome quoteTurn(SymbolState s, long receivedNanos) {
    if (decidedBeside) {
      // A decision made beside the last write is not in the state yet: the next waits for it, and
      // is taken as soon as that one is being journaled (onDecidedBesideJournal).
      if (receivedNanos != FeedSession.NO_DECISION && !turnOwed) {
        turnOwed = true;
        owedReceivedNanos = receivedNanos;
      }
      return TicksBesideJournal.Outcome.NOTHING;
    }
    turnOwed = false;
    if (!timeline.bookKnown() && engine != null) {
      if (!timeline.liveKnown() && engine.book().trusted()) {
        timeline.bookLive(nowNanos());
      }
      if (engine.inSync()) {
        timeline.bookInSync(nowNanos());
      }
    }
    if (!trading || engine == null || !standing.reconciled() || !s.making()) {
      return TicksBesideJournal.Outcome.NOTHING;
    }
    if (!quorum.holds()) {
      // This node may be on the losing side of a partition: no new order until it sees a
      // majority again (or is downed and its instruments move).
      pulled = NO_QUORUM;
      return TicksBesideJournal.Outcome.NOTHING;
    }
    if (!journalGate.writable()) {
      // Nothing is sent that could not be journaled; quotes left working could be filled unseen,
      // so they are pulled once (unjournaled: the reconciliation after the outage settles them).
      pulled = NO_JOURNAL;
      if (!pulledForJournal && ledger(s).workingCount() > 0) {
        context
            .getLog()
            .warn(
                "{}: journal unreachable: cancelling {} working orders",
                instrument,
                ledger(s).workingCount());
        venue.cancelAll(s.spec());
      }
      pulledForJournal = true;
      return TicksBesideJournal.Outcome.NOTHING;
    }
    if (pulledForJournal) {
      // Back from an outage: whatever the pull left in flight is settled with the venue first.
      pulledForJournal = false;
      standing.invalidate();
      context.getSelf().tell(Reconcile.INSTANCE);
      return TicksBesideJournal.Outcome.NOTHING;
    }
    boolean tick = receivedNanos != FeedSession.NO_DECISION;
    long now = nowNanos();
    if (takeOverUntilNanos != 0) {
      if (!engine.inSync() && now - takeOverUntilNanos < 0) {
        pulled = TAKING_OVER;
        return TicksBesideJournal.Outcome.NOTHING;
      }
      takeOverUntilNanos = 0;
    }
    if (!tick) {
      engines.reshare(engine, s.spec(), now);
    }
    QuotingEngine.Turn turn = engine.turn(s.trading().performance().pnl(), ledger(s), now);
    RiskGuard.Decision risk = turn.risk();
    if (risk.halted()) {
      return TicksBesideJournal.Outcome.halt(risk.reason(), engine.guard().state().cause().name());
    }
    if (risk.cleared()) {
      return TicksBesideJournal.Outcome.HALT_CLEARED;
    }
    QuotingEngine.Step step = turn.step();
    QuoteDecision decision = step.decision();
    pulled = decision.isPull() ? decision.reason() : "";
    OrderPlanner.Plan plan = step.plan();
    if (plan.needsReconciliation()) {
      context.getSelf().tell(Reconcile.INSTANCE);
    }
    if (plan.actions().isEmpty()) {
      if (!timeline.told() && !decision.isPull() && !plan.needsReconciliation()) {
        int kept = acknowledgedWorking(ledger(s));
        if (kept > 0) {
          context.getLog().info("{}: {}", instrument, timeline.firstQuotesKept(now, kept));
        }
      }
      return TicksBesideJournal.Outcome.NOTHING;
    }
    if (tick) {
      tickToPlan.recordApplied(receivedNanos);
    }
    long sendStarted = tick ? System.nanoTime() : 0;
    long sendCpuStarted = tick ? THREADS.getCurrentThreadCpuTime() : 0;
    venue.send(s.spec(), plan.actions());
    if (tick) {
      sendCpu.recordLatency(THREADS.getCurrentThreadCpuTime() - sendCpuStarted);
      sendWall.recordLatency(System.nanoTime() - sendStarted);
      lastTickToQuoteNanos = tickToQuote.recordApplied(receivedNanos);
      quotedTicks++;
    }
    if (!timeline.told() && places(plan)) {
      context.getLog().info("{}: {}", instrument, timeline.firstQuotes(now));
    }
    List<SymbolEvent> events = new ArrayList<>();
    for (OrderEvent e : plan.events(now)) {
      events.add(journaled(e));
    }
    return TicksBesideJournal.Outcome.ordersSent(events);
  }

  private static int acknowledgedWorking(OrderLedger ledger) {
    int n = 0;
    for (int i = 0; i < ledger.workingCount(); i++) {
      if (ledger.working(i).acknowledged()) {
        n++;
      }
    }
    return n;
  }

  private static boolean places(OrderPlanner.Plan plan) {
    for (OrderPlanner.Action a : plan.actions()) {
      if (a instanceof OrderPlanner.Place) {
        return true;
      }
    }
    return false;
  }

  /** Persists a halt, cancels every order, and answers {@code replyTo} if given. */
  private ReplyEffect<SymbolEvent, SymbolState> halt(
      SymbolState s, String reason, String cause, String by, ActorRef<Confirmation> replyTo) {
    context.getLog().warn("{}: halted ({}): {}", instrument, cause, reason);
    List<SymbolEvent> events = new ArrayList<>();
    events.add(new Halted(cause, reason, by, now()));
    boolean cancel = venue.attached() && ledger(s).workingCount() > 0;
    if (cancel) {
      events.add(journaled(new OrderEvent.CancelAllRequested(cause + ": " + reason, nowNanos())));
    }
    var effect =
        persist(events)
            .thenRun(
                ns -> {
                  if (cancel) {
                    venue.cancelAll(ns.spec());
                  }
                });
    return replyTo == null
        ? effect.thenNoReply()
        : effect.thenReply(replyTo, ns -> accepted(Change.CHANGED, ns));
  }

  /** A stopped instrument with orders still working: cancel them all, and check again later. */
  private ReplyEffect<SymbolEvent, SymbolState> onCancelLeftovers(SymbolState s) {
    if (!s.started() || s.making() || ledger(s).workingCount() == 0) {
      leftoverSweeps = 0;
      return Effect().noReply();
    }
    Optional<OrderGateway> g = gateways.forVenue(s.spec().id().venue());
    if (g.isEmpty()) {
      return Effect().noReply();
    }
    leftoverSweeps++;
    context
        .getLog()
        .info(
            "{}: stopped with {} order(s) still working; cancelling all (attempt {})",
            instrument,
            ledger(s).workingCount(),
            leftoverSweeps);
    venue.cancelAll(g.get(), s.spec());
    long delay = Math.min(60_000L, 2_000L << Math.min(leftoverSweeps - 1, 5));
    timers.startSingleTimer(CancelLeftovers.INSTANCE, Duration.ofMillis(delay));
    return Effect().noReply();
  }

  private ReplyEffect<SymbolEvent, SymbolState> onOrderResults(SymbolState s, OrderResults r) {
    if (r.events().isEmpty() || !s.started()) {
      return Effect().noReply();
    }
    if (r.rateLimited()) {
      // Our count was behind the venue's: stop placing until the buckets refill.
      placesRefusedForRate++;
      if (engine != null) {
        engine.limits().onVenueThrottled(nowNanos());
      }
    }
    List<SymbolEvent> events = new ArrayList<>(r.events().size());
    for (OrderEvent e : r.events()) {
      if (e instanceof OrderEvent.VenueAnswer && !changesLedger(s, e)) {
        continue; // the user-data stream told the ledger first
      }
      if (e instanceof OrderEvent.PlaceRefused pr) {
        placesRefused++;
        if (pr.definitive()) {
          context
              .getLog()
              .info(
                  "{}: order {} refused: {} {}",
                  instrument,
                  pr.clientOrderId(),
                  pr.code(),
                  pr.reason());
        }
      }
      events.add(journaled(e));
    }
    if (events.isEmpty()) {
      return Effect().noReply();
    }
    return persistOrderEvents(events).thenNoReply();
  }

  /**
   * Whether applying {@code e} would change the ledger: venue reports that repeat what it knows are
   * not journaled (each journal write holds the entity's next ticks back while it lasts).
   */
  private boolean changesLedger(SymbolState s, OrderEvent e) {
    OrderLedger copy = s.trading().ledger(s.spec());
    OrderLedger.Applied a = copy.apply(e);
    return !a.booked().isEmpty()
        || !a.orphans().isEmpty()
        || !copy.snapshot().equals(s.trading().orders());
  }

  // ---------------------------------------------------------------- reconciliation

  private ReplyEffect<SymbolEvent, SymbolState> onGapNotice(SymbolState s, GapNotice g) {
    if (venue.attached() && s.started() && g.gap().venue() == s.spec().id().venue()) {
      context.getLog().info("{}: user-data gap ({}): reconciling", instrument, g.gap().reason());
      standing.invalidate();
      return onReconcile(s);
    }
    return Effect().noReply();
  }

  private ReplyEffect<SymbolEvent, SymbolState> onReconcile(SymbolState s) {
    if (venue.attached() && s.started() && standing.begin()) {
      // Orders the ledger changes after this moment are newer than the venue's answer.
      venue.fetchForReconciliation(s.spec(), ledger(s).reconcileFromTradeId(), nowNanos());
    }
    return Effect().noReply();
  }

  private ReplyEffect<SymbolEvent, SymbolState> onReconcileResult(
      SymbolState s, ReconcileResult r) {
    if (decidedBeside) {
      // Orders sent beside the last write are not in the ledger yet: settle after they are.
      context.getSelf().tell(r);
      return Effect().noReply();
    }
    Reconciler.Reconciliation rec = standing.onResult(r, ledger(s), nowNanos());
    if (!venue.attached() || rec == null) {
      return Effect().noReply();
    }
    InstrumentSpec spec = s.spec();
    return persist(journaled(rec.event()))
        .thenRun(
            ns -> {
              rec.cancel().forEach(unknown -> venue.cancel(spec, unknown.clientOrderId()));
              standing.completed(rec);
              if (standing.reconciled()) {
                timeline.reconciled(nowNanos());
              }
            })
        .thenNoReply();
  }

  // ---------------------------------------------------------------- market data

  /**
   * Subscribes to this node's feed of the instrument's venue while making. The book starts empty
   * and syncing: diffs are buffered, a snapshot is fetched, and only then is the book trusted.
   */
  private void connectFeed(SymbolState s) {
    if (!s.making()) {
      return;
    }
    Optional<MarketDataFeed> venueFeed = feed.feedFor(s.spec());
    if (venueFeed.isEmpty()) {
      return;
    }
    try {
      ensureEngine(s);
    } catch (IllegalArgumentException e) {
      context.getLog().warn("{}: no live book: {}", instrument, e.getMessage());
      return;
    }
    feed.open(venueFeed.get(), s.spec(), engine);
  }

  private void disconnectFeed() {
    feed.close();
    engine = null;
  }

  private ReplyEffect<SymbolEvent, SymbolState> onFeed(SymbolState s, FeedReceived c) {
    lastTickHandled = c;
    // The engine's clock is the entity's: the same clock the decisions are made on.
    long arrived = c.event().receivedNanos();
    boolean behindJournal = lastWriteDoneNanos - arrived > 0;
    long received = feed.onEvent(c.event(), nowNanos());
    if (c.event() instanceof FeedEvent.Depth) {
      timeline.firstDiff(nowNanos());
    }
    if (behindJournal && c.event() instanceof FeedEvent.Depth) {
      frameToBookBehindJournal.recordApplied(arrived);
    }
    if (received == FeedSession.NO_DECISION) {
      return Effect().noReply();
    }
    long quotedBefore = quotedTicks;
    ReplyEffect<SymbolEvent, SymbolState> effect = onBookChanged(s, received);
    if (behindJournal && quotedTicks != quotedBefore) {
      tickToQuoteBehindJournal.recordLatency(lastTickToQuoteNanos);
    }
    return effect;
  }

  /**
   * Journals {@code events}; while they are written, ticks wait (see {@link #persistOrderEvents}).
   * Marks when the write ended (see lastWriteDoneNanos).
   */
  private EffectBuilder<SymbolEvent, SymbolState> persist(List<SymbolEvent> events) {
    return persist(events, false);
  }

  /**
   * Journals order events (requests sent, venue answers, executions); while they are written, ticks
   * are quoted beside the write ({@link TicksBesideJournal}).
   */
  private EffectBuilder<SymbolEvent, SymbolState> persistOrderEvents(List<SymbolEvent> events) {
    return persist(events, true);
  }

  private EffectBuilder<SymbolEvent, SymbolState> persist(
      List<SymbolEvent> events, boolean ticksBeside) {
    writing = true;
    besideAllowed = ticksBeside;
    return Effect()
        .persist(events)
        .thenRun(
            ns -> {
              writing = false;
              besideAllowed = false;
              lastWriteDoneNanos = System.nanoTime();
            });
  }

  @Override
  public void handedOn(FeedReceived tick) {
    lastTickHandedOn = tick;
  }

  /**
   * A tick during a write of order events goes to the book at once, even while an earlier decision
   * beside the journal waits to be journaled; only its turn of the quoting loop is then owed.
   */
  @Override
  public boolean handledBesideJournal(FeedReceived tick) {
    if (!besideNow()) {
      return false;
    }
    long received = feed.onEvent(tick.event(), nowNanos());
    besideJournal.increment();
    if (received != FeedSession.NO_DECISION) {
      decideBeside(received);
    }
    return true;
  }

  @Override
  public boolean owedTurnBesideJournal() {
    if (!turnOwed) {
      return true;
    }
    if (!besideNow() || decidedBeside) {
      return false;
    }
    long quotedBefore = quotedTicks;
    decideBeside(owedReceivedNanos);
    owedTurnTaken(quotedBefore);
    return true;
  }

  /** An owed turn's tick waited for a write: its tick-to-quote counts as behind the journal. */
  private void owedTurnTaken(long quotedBefore) {
    if (quotedTicks != quotedBefore) {
      tickToQuoteBehindJournal.recordLatency(lastTickToQuoteNanos);
    }
  }

  /** A write of order events is in flight and no tick waits in the behaviour's queue. */
  private boolean besideNow() {
    return writing && besideAllowed && lastTickHandedOn == lastTickHandled;
  }

  /** One turn of the quoting loop beside the write in flight; what it decides is journaled next. */
  private void decideBeside(long receivedNanos) {
    TicksBesideJournal.Outcome outcome = quoteTurn(current, receivedNanos);
    if (outcome.kind() != TicksBesideJournal.Outcome.Kind.NOTHING) {
      decidedBeside = true;
      context.getSelf().tell(new SymbolProtocol.DecidedBesideJournal(outcome));
    }
  }

  /** The turn owed to ticks that came while a decision beside the journal waited. */
  private ReplyEffect<SymbolEvent, SymbolState> onTurnOwed(SymbolState s) {
    if (!turnOwed) {
      return Effect().noReply();
    }
    long quotedBefore = quotedTicks;
    ReplyEffect<SymbolEvent, SymbolState> effect = onBookChanged(s, owedReceivedNanos);
    owedTurnTaken(quotedBefore);
    return effect;
  }

  /** Journals what a tick decided beside the previous write. */
  private ReplyEffect<SymbolEvent, SymbolState> onDecidedBesideJournal(
      SymbolState s, SymbolProtocol.DecidedBesideJournal c) {
    decidedBeside = false;
    if (turnOwed) {
      // Taken beside this decision's own write when it is one of order events, else after it.
      context.getSelf().tell(SymbolProtocol.TurnOwed.INSTANCE);
    }
    TicksBesideJournal.Outcome o = c.outcome();
    return switch (o.kind()) {
      case NOTHING -> Effect().noReply();
      // The requests were sent: their events are journaled whatever happened since.
      case ORDERS_SENT -> persistOrderEvents(o.events()).thenNoReply();
      case HALT ->
          s.making() && !s.trading().halted()
              ? halt(s, o.reason(), o.cause(), "risk", null)
              : Effect().noReply();
      case HALT_CLEARED ->
          s.trading().halted()
              ? persist(new HaltCleared("risk", now())).thenNoReply()
              : Effect().noReply();
    };
  }

  private EffectBuilder<SymbolEvent, SymbolState> persist(SymbolEvent event) {
    return persist(List.of(event));
  }

  private ReplyEffect<SymbolEvent, SymbolState> onSnapshotResult(SymbolState s, SnapshotResult r) {
    boolean trustedBefore = engine != null && engine.book().trusted();
    feed.onSnapshotResult(r, nowNanos());
    if (r.error() == null) {
      timeline.snapshot(nowNanos());
    }
    if (!trustedBefore && engine != null && engine.book().trusted()) {
      // The snapshot alone made the book live (it is ahead of the diffs seen): quote on it now
      // rather than at the next diff or housekeeping tick.
      return onBookChanged(s, FeedSession.NO_DECISION);
    }
    return Effect().noReply();
  }

  private ReplyEffect<SymbolEvent, SymbolState> onRetrySnapshot() {
    feed.onRetrySnapshot();
    return Effect().noReply();
  }

  private ReplyEffect<SymbolEvent, SymbolState> onGetBook(SymbolState s, GetBook c) {
    if (engine == null || !feed.isOpen()) {
      return reject(
          c.replyTo(),
          Reason.CONFLICT,
          s.making()
              ? "no market-data feed for venue " + s.spec().id().venue() + " on this node"
              : "instrument " + instrument + " is not making; its book is not kept");
    }
    return Effect().reply(c.replyTo(), new BookLevels(instrument, engine.book().view(c.depth())));
  }

  // ---------------------------------------------------------------- clock

  private long now() {
    return clock.millis();
  }

  private long nowNanos() {
    Instant t = clock.instant();
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
