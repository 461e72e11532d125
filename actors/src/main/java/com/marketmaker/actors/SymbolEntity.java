package com.marketmaker.actors;

import com.marketmaker.actors.feed.FeedEvent;
import com.marketmaker.actors.feed.FeedLatency;
import com.marketmaker.actors.feed.MarketDataFeed;
import com.marketmaker.actors.feed.MarketDataFeeds;
import com.marketmaker.actors.venue.OrderGateway;
import com.marketmaker.actors.venue.OrderGateways;
import com.marketmaker.actors.venue.TradingRegistry;
import com.marketmaker.actors.venue.UserDataGap;
import com.marketmaker.core.accounting.Fill;
import com.marketmaker.core.accounting.Performance;
import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.engine.QuoteExplanation;
import com.marketmaker.core.engine.QuotingEngine;
import com.marketmaker.core.engine.VenueBook;
import com.marketmaker.core.feed.DepthUpdate;
import com.marketmaker.core.instrument.FixedPoint;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.orders.ExecutionEvent;
import com.marketmaker.core.orders.OrderEvent;
import com.marketmaker.core.orders.OrderLedger;
import com.marketmaker.core.orders.OrderPlanner;
import com.marketmaker.core.orders.OrderType;
import com.marketmaker.core.orders.OwnTrade;
import com.marketmaker.core.orders.Reconciler;
import com.marketmaker.core.orders.TimeInForce;
import com.marketmaker.core.orders.TrackedOrder;
import com.marketmaker.core.orders.VenueException;
import com.marketmaker.core.orders.VenueOrder;
import com.marketmaker.core.orders.VenueRateLimits;
import com.marketmaker.core.quote.QuoteDecision;
import com.marketmaker.core.risk.RiskCheck;
import com.marketmaker.core.risk.RiskGuard;
import com.marketmaker.core.strategy.MakerParameters;
import com.marketmaker.core.strategy.StrategyConfig;
import com.marketmaker.persistence.CborSerializable;
import com.marketmaker.persistence.SymbolEvent;
import com.marketmaker.persistence.SymbolEvent.FillBooked;
import com.marketmaker.persistence.SymbolEvent.HaltCleared;
import com.marketmaker.persistence.SymbolEvent.Halted;
import com.marketmaker.persistence.SymbolEvent.MakingStarted;
import com.marketmaker.persistence.SymbolEvent.MakingStopped;
import com.marketmaker.persistence.SymbolEvent.OrderEventJournaled;
import com.marketmaker.persistence.SymbolEvent.ParametersUpdated;
import com.marketmaker.persistence.SymbolState;
import com.marketmaker.persistence.TradingState;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityContext;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One instrument: its making switch, strategy parameters, inventory, cash and P&amp;L. One
 * persistent entity per {@code VENUE:SYMBOL}, sharded across the cluster with remember-entities, so
 * a started instrument comes back on a surviving node after a failure with exactly its journaled
 * state.
 *
 * <p>Every command is answered with a {@link Confirmation}. Fills are booked exactly once per venue
 * trade id; a repeated fill is acknowledged as a duplicate and changes nothing.
 *
 * <p>The strategy itself (venue book, signals, calibration, quote policy, risk checks, order
 * planner) is {@link QuotingEngine} in core; this class feeds it the feed's events, its clock and
 * the journaled state, and turns its plans into venue calls and journaled events. Why the file is
 * still long: the protocol, the reconciliation with the venue, the venue calls and the read-outs
 * still live here; they are to move into named collaborators (feed session, reconciliation, venue
 * calls, read-outs) with handlers composed per state.
 */
public final class SymbolEntity
    extends EventSourcedBehaviorWithEnforcedReplies<
        SymbolEntity.Command, SymbolEvent, SymbolState> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "Symbol");

  // ---------------------------------------------------------------- protocol

  /** Commands of the instrument entity. */
  public sealed interface Command extends CborSerializable {}

  /** Switch quoting on with the instrument's grid, parameters and strategy. */
  public record Start(
      InstrumentSpec spec,
      MakerParameters parameters,
      StrategyConfig strategy,
      String requestedBy,
      ActorRef<Confirmation> replyTo)
      implements Command {

    /** Starts with {@link StrategyConfig#defaults()}. */
    public Start(
        InstrumentSpec spec,
        MakerParameters parameters,
        String requestedBy,
        ActorRef<Confirmation> replyTo) {
      this(spec, parameters, StrategyConfig.defaults(), requestedBy, replyTo);
    }
  }

  /** Switch quoting off; inventory and P&amp;L stay. */
  public record Stop(String requestedBy, ActorRef<Confirmation> replyTo) implements Command {}

  /** Replace the strategy parameters and, when {@code strategy} is not null, the strategy. */
  public record UpdateParameters(
      MakerParameters parameters,
      StrategyConfig strategy,
      String requestedBy,
      ActorRef<Confirmation> replyTo)
      implements Command {
    public UpdateParameters(
        MakerParameters parameters, String requestedBy, ActorRef<Confirmation> replyTo) {
      this(parameters, null, requestedBy, replyTo);
    }
  }

  /** Book a venue fill, given as the venue reports it (decimal text). */
  public record RecordFill(FillReport fill, ActorRef<Confirmation> replyTo) implements Command {}

  /** Ask for the current state. */
  public record GetStatus(ActorRef<Confirmation> replyTo) implements Command {}

  /** Ask for the top {@code depth} levels of the live book. */
  public record GetBook(int depth, ActorRef<Confirmation> replyTo) implements Command {}

  /** Ask for P&amp;L, fills, fill rate, spread captured, inventory statistics and uptime. */
  public record GetPerformance(ActorRef<Confirmation> replyTo) implements Command {}

  /** The last quote decision, its inputs and each step's contribution. */
  public record GetQuote(ActorRef<Confirmation> replyTo) implements Command {}

  /** Ask for the instrument's working orders as the entity tracks them. */
  public record GetOrders(ActorRef<Confirmation> replyTo) implements Command {}

  /** Ask for the most recent fills, newest first, at most {@code limit}. */
  public record GetFills(int limit, ActorRef<Confirmation> replyTo) implements Command {}

  /** Ask whether the instrument is halted by risk or pulled, and why. */
  public record GetRisk(ActorRef<Confirmation> replyTo) implements Command {}

  /** Lift a risk halt (also the kill switch's); quoting resumes after reconciliation. */
  public record ClearRisk(String requestedBy, ActorRef<Confirmation> replyTo) implements Command {}

  /** Halt now: cancel every order of the instrument and stay halted until cleared. */
  public record Kill(String reason, String requestedBy, ActorRef<Confirmation> replyTo)
      implements Command {}

  /**
   * One user-data stream event for this instrument, routed through sharding from any node that
   * received it. Applied at most once (fills by venue trade id); answered so the sender can retry
   * until it is acknowledged.
   */
  public record ApplyExecution(ExecutionEvent event, ActorRef<Confirmation> replyTo)
      implements Command {}

  /** Market data from this node's feed. Local only: never crosses the network. */
  record FeedReceived(FeedEvent event) implements Command, NoSerializationVerificationNeeded {}

  /** The answer to a depth snapshot request. Local only. */
  record SnapshotResult(DepthUpdate snapshot, String error)
      implements Command, NoSerializationVerificationNeeded {}

  /** Venue answers to order requests, as ledger events to journal. Local only. */
  record OrderResults(List<OrderEvent> events)
      implements Command, NoSerializationVerificationNeeded {}

  /** The venue's open orders and our trades, or why they could not be fetched. Local only. */
  record ReconcileResult(
      List<VenueOrder> openOrders,
      List<OwnTrade> trades,
      boolean complete,
      String error,
      boolean refused,
      long askedNanos)
      implements Command, NoSerializationVerificationNeeded {}

  /**
   * Time to check that a stopped instrument has no order left at the venue, and cancel what is.
   * Local only.
   */
  enum CancelLeftovers implements Command, NoSerializationVerificationNeeded {
    INSTANCE
  }

  /** Time to reconcile (again). Local only. */
  enum Reconcile implements Command, NoSerializationVerificationNeeded {
    INSTANCE
  }

  /**
   * Runs the quoting loop on the current book once a second while making, so that what waits on
   * time rather than on the market (a cancel to retry, an order the venue never acknowledged,
   * quotes refused while the book stands still) is acted on even when no diff arrives.
   */
  enum Housekeeping implements Command, NoSerializationVerificationNeeded {
    INSTANCE
  }

  private static final Duration HOUSEKEEPING_EVERY = Duration.ofSeconds(1);

  /** The node's user-data stream of a venue had a gap. Local only. */
  record GapNotice(UserDataGap gap) implements Command, NoSerializationVerificationNeeded {}

  /** Time to ask again for a snapshot after a failed request. Local only. */
  enum RetrySnapshot implements Command, NoSerializationVerificationNeeded {
    INSTANCE
  }

  /**
   * A fill as the venue reports it: decimals as text, converted to the instrument's grid by the
   * entity, which alone knows the grid.
   *
   * @param fee fee in quote currency; negative for a rebate
   */
  public record FillReport(long tradeId, Side side, String price, String size, String fee)
      implements CborSerializable {}

  /** The answer to every command. */
  public sealed interface Confirmation extends CborSerializable {}

  /**
   * The command was carried out (or was already true).
   *
   * @param change what the command did
   */
  public record Accepted(Change change, Summary summary) implements Confirmation {}

  /** The command was refused; nothing changed. */
  public record Rejected(Reason reason, String message) implements Confirmation {}

  /** The live book's top levels. */
  public record BookLevels(String instrument, VenueBook.View book) implements Confirmation {}

  /**
   * The last quote decision explained; {@code decision} is null before the first one.
   *
   * @param quoting what the quoting loop does now (QUOTING, PULLED: …, RECONCILING, …)
   * @param placesRefused new orders the venue refused since the entity started here
   * @param placesRefusedForRate of those, refused for the account's rate limits
   */
  public record QuoteReport(
      String instrument,
      String quoting,
      long decisions,
      long placesRefused,
      long placesRefusedForRate,
      QuoteExplanation decision,
      String hostedOn)
      implements Confirmation {}

  /** The instrument's performance since it was first started. */
  public record PerformanceReport(String instrument, Performance.Report report, String hostedOn)
      implements Confirmation {}

  /**
   * The entity's working orders.
   *
   * @param reconciled whether the entity has reconciled with the venue since it (re)started
   * @param quoting what the quoting loop does now: QUOTING, PULLED (with why), HALTED, STOPPED,
   *     RECONCILING
   */
  public record OrdersReport(
      String instrument, List<TrackedOrder> working, boolean reconciled, String quoting)
      implements Confirmation {}

  /** Recent fills, newest first, and how many were booked in all. */
  public record FillsReport(String instrument, List<OwnTrade> fills, long totalFills)
      implements Confirmation {}

  /**
   * Risk state of one instrument.
   *
   * @param halted halted by a breach or the kill switch, until cleared (or its cool-off)
   * @param cause the breached check (e.g. DAILY_LOSS, KILL_SWITCH), empty when not halted
   * @param pulled quotes pulled without a halt (stale or out-of-sync data), with why; empty if not
   */
  public record RiskReport(
      String instrument,
      boolean making,
      boolean halted,
      String cause,
      String reason,
      String haltedBy,
      long haltedAtMillis,
      String pulled)
      implements Confirmation {}

  /** What an accepted command changed. */
  public enum Change {
    CHANGED,
    UNCHANGED,
    DUPLICATE_FILL
  }

  /** Why a command was refused. */
  public enum Reason {
    /** The instrument was never started. */
    UNKNOWN_INSTRUMENT,
    /** The command's content is not valid for this instrument. */
    INVALID,
    /** The command contradicts the instrument's state. */
    CONFLICT
  }

  /**
   * What an operator sees of one instrument. Quote-currency amounts are decimal text at the
   * instrument's cash scale; sizes are decimal text of the instrument's lot grid.
   */
  public record Summary(
      String instrument,
      boolean started,
      boolean making,
      String tickSize,
      String lotSize,
      MakerParameters parameters,
      String orderSize,
      String maxPosition,
      String inventory,
      long inventoryLots,
      String cash,
      String fees,
      double averageEntryPrice,
      double realizedPnl,
      String bought,
      String sold,
      long lastTradeId,
      SymbolState.Counters counters,
      String lastChangedBy,
      long lastChangeMillis,
      String hostedOn,
      VenueBook.Status market,
      StrategyConfig strategy,
      boolean halted,
      String haltReason)
      implements CborSerializable {

    static Summary of(String instrument, SymbolState s, String hostedOn, VenueBook.Status market) {
      if (!s.started()) {
        return new Summary(
            instrument,
            false,
            false,
            null,
            null,
            null,
            null,
            null,
            "0",
            0,
            "0",
            "0",
            0.0,
            0.0,
            "0",
            "0",
            -1,
            s.counters(),
            null,
            0,
            hostedOn,
            null,
            null,
            false,
            "");
      }
      InstrumentSpec spec = s.spec();
      var p = s.position();
      return new Summary(
          instrument,
          true,
          s.making(),
          spec.tickSize(),
          spec.lotSize(),
          s.parameters(),
          spec.lotsToSize(s.parameters().orderSizeLots()),
          spec.lotsToSize(s.parameters().maxPositionLots()),
          spec.lotsToSize(p.inventoryLots()),
          p.inventoryLots(),
          FixedPoint.format(p.cash(), InstrumentSpec.CASH_SCALE),
          FixedPoint.format(p.fees(), InstrumentSpec.CASH_SCALE),
          spec.ticksToDouble(1) * p.averageEntryTicks(),
          p.realizedPnl(),
          spec.lotsToSize(p.boughtLots()),
          spec.lotsToSize(p.soldLots()),
          s.lastTradeId(),
          s.counters(),
          s.lastChangedBy(),
          s.lastChangeMillis(),
          hostedOn,
          market,
          s.trading().strategy(),
          s.trading().halted(),
          s.trading().haltReason());
    }
  }

  // ---------------------------------------------------------------- sharding

  /** Registers the entity type with Cluster Sharding on this node. */
  public static ActorRef<org.apache.pekko.cluster.sharding.typed.ShardingEnvelope<Command>> init(
      org.apache.pekko.actor.typed.ActorSystem<?> system, MarketDataFeeds feeds) {
    return init(system, feeds, OrderGateways.NONE);
  }

  /** Registers the entity type with the node's feeds and order gateways. */
  public static ActorRef<org.apache.pekko.cluster.sharding.typed.ShardingEnvelope<Command>> init(
      org.apache.pekko.actor.typed.ActorSystem<?> system,
      MarketDataFeeds feeds,
      OrderGateways gateways) {
    Settings settings = Settings.fromConfig(system.settings().config());
    return ClusterSharding.get(system)
        .init(
            Entity.of(ENTITY_KEY, ctx -> create(ctx, settings, feeds, gateways))
                .withSettings(
                    org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings.create(system)
                        .withRememberEntities(true)));
  }

  private static Behavior<Command> create(
      EntityContext<Command> ctx,
      Settings settings,
      MarketDataFeeds feeds,
      OrderGateways gateways) {
    ActorRef<org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding.ShardCommand> shard =
        ctx.getShard();
    return create(
        ctx.getEntityId(),
        settings,
        Clock.systemUTC(),
        self -> shard.tell(new ClusterSharding.Passivate<>(self)),
        feeds,
        gateways);
  }

  /**
   * Creates the behavior outside sharding (tests).
   *
   * @param passivate asks the owner to stop this entity when it turns out to be unknown
   */
  public static Behavior<Command> create(
      String entityId, Settings settings, Clock clock, Consumer<ActorRef<Command>> passivate) {
    return create(entityId, settings, clock, passivate, MarketDataFeeds.NONE);
  }

  /** Creates the behavior outside sharding with the node's market-data feeds (tests). */
  public static Behavior<Command> create(
      String entityId,
      Settings settings,
      Clock clock,
      Consumer<ActorRef<Command>> passivate,
      MarketDataFeeds feeds) {
    return create(entityId, settings, clock, passivate, feeds, OrderGateways.NONE);
  }

  /** Creates the behavior outside sharding with the node's feeds and order gateways (tests). */
  public static Behavior<Command> create(
      String entityId,
      Settings settings,
      Clock clock,
      Consumer<ActorRef<Command>> passivate,
      MarketDataFeeds feeds,
      OrderGateways gateways) {
    InstrumentId.parse(entityId); // fail fast on an id the HTTP layer should never have sent
    return Behaviors.withTimers(
        timers ->
            Behaviors.setup(
                ctx ->
                    new SymbolEntity(
                        ctx, timers, entityId, settings, clock, passivate, feeds, gateways)));
  }

  /** Entity tuning, from {@code market-maker.entity}. */
  public record Settings(
      int snapshotEvery,
      int keepSnapshots,
      int bookSnapshotDepth,
      Duration snapshotRetry,
      OrderPlanner.Config planner,
      VenueRateLimits.Config rateLimits,
      Duration maxMarketDataAge,
      Duration haltCoolOff,
      Duration reconcileRetry) {
    public static Settings fromConfig(com.typesafe.config.Config config) {
      var c = config.getConfig("market-maker.entity");
      var o = config.getConfig("market-maker.orders");
      OrderPlanner.Config planner =
          new OrderPlanner.Config(
              o.getLong("price-tolerance-ticks"),
              o.getDouble("price-tolerance-bps"),
              o.getLong("size-tolerance-lots"),
              o.getDuration("min-order-age").toNanos(),
              o.getDuration("max-order-age").toNanos(),
              Long.MAX_VALUE,
              o.getDuration("cancel-retry").toNanos(),
              o.getDuration("acknowledgement-timeout").toNanos(),
              o.getBoolean("post-only") ? OrderType.LIMIT_MAKER : OrderType.LIMIT,
              TimeInForce.GTC);
      long window = o.getDuration("rate-window").toSeconds();
      // 0 orders per window: the venue's account limits, shared by the instruments on it.
      VenueRateLimits.Config limits =
          o.getLong("orders-per-window") <= 0
              ? null
              : new VenueRateLimits.Config(
                  List.of(VenueRateLimits.Limit.perSeconds(o.getLong("orders-per-window"), window)),
                  List.of(
                      VenueRateLimits.Limit.perSeconds(o.getLong("cancels-per-window"), window)),
                  0.5);
      return new Settings(
          c.getInt("snapshot-every"),
          c.getInt("keep-snapshots"),
          c.getInt("book-snapshot-depth"),
          c.getDuration("book-snapshot-retry"),
          planner,
          limits,
          o.getDuration("max-market-data-age"),
          o.getDuration("halt-cool-off"),
          o.getDuration("reconcile-retry"));
    }
  }

  // ---------------------------------------------------------------- behavior

  private final ActorContext<Command> context;
  private final String instrument;
  private final Settings settings;
  private final Clock clock;
  private final Consumer<ActorRef<Command>> passivate;
  private final String hostedOn;
  private final TimerScheduler<Command> timers;
  private final MarketDataFeeds feeds;
  private final ActorRef<FeedEvent> feedAdapter;
  private final FeedLatency latency;
  private final FeedLatency tickToQuote;
  private final FeedLatency tickToPlan;
  private final OrderGateways gateways;

  // Transient market state: rebuilt from the venue, never journaled.
  private MarketDataFeed feed;
  private InstrumentSpec liveSpec;
  // The strategy of the instrument while it makes on this node (book, signals, quotes, orders).
  private QuotingEngine engine;

  // Transient trading machinery: rebuilt on start, recovery and parameter changes.
  private OrderGateway gateway;
  private boolean trading;
  private OrderLedger ledger;
  private OrderLedger.State ledgerOf;
  private boolean reconciled;
  private boolean reconciling;
  private String pulled = "";
  private int snapshotFailures;
  private int leftoverSweeps;
  private String orderEntryRefused = "";
  // Places the venue refused since this incarnation started, and of those for its rate limits.
  private long placesRefused;
  private long placesRefusedForRate;

  /** Binance: too many new orders (-1015), too much request weight (-1003). */
  private static final int RATE_LIMIT_CODE = -1015;

  private static final int REQUEST_WEIGHT_CODE = -1003;
  private InstrumentSpec registered;

  private SymbolEntity(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      String instrument,
      Settings settings,
      Clock clock,
      Consumer<ActorRef<Command>> passivate,
      MarketDataFeeds feeds,
      OrderGateways gateways) {
    super(
        PersistenceId.of(ENTITY_KEY.name(), instrument),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
    this.context = context;
    this.instrument = instrument;
    this.settings = settings;
    this.clock = clock;
    this.passivate = passivate;
    this.hostedOn = context.getSystem().address().toString();
    this.timers = timers;
    this.feeds = feeds;
    this.feedAdapter = context.messageAdapter(FeedEvent.class, FeedReceived::new);
    this.latency = FeedLatency.get(context.getSystem());
    this.tickToQuote = latency.tickToQuote();
    this.tickToPlan = latency.tickToPlan();
    this.gateways = gateways;
    context
        .getSystem()
        .eventStream()
        .tell(
            new org.apache.pekko.actor.typed.eventstream.EventStream.Subscribe<>(
                UserDataGap.class,
                context.messageAdapter(UserDataGap.class, g -> new GapNotice(g))));
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
  public CommandHandlerWithReply<Command, SymbolEvent, SymbolState> commandHandler() {
    var builder = newCommandHandlerWithReplyBuilder();
    builder
        .forState(s -> !s.started())
        .onCommand(Start.class, this::onStart)
        .onCommand(GetStatus.class, (s, c) -> unknown(c.replyTo()))
        .onCommand(Stop.class, (s, c) -> unknown(c.replyTo()))
        .onCommand(UpdateParameters.class, (s, c) -> unknown(c.replyTo()))
        .onCommand(RecordFill.class, (s, c) -> unknown(c.replyTo()))
        .onCommand(GetBook.class, (s, c) -> unknown(c.replyTo()))
        .onCommand(GetPerformance.class, (s, c) -> unknown(c.replyTo()))
        .onCommand(GetQuote.class, (s, c) -> unknown(c.replyTo()))
        .onCommand(GetOrders.class, (s, c) -> unknown(c.replyTo()))
        .onCommand(GetFills.class, (s, c) -> unknown(c.replyTo()))
        .onCommand(GetRisk.class, (s, c) -> unknown(c.replyTo()))
        .onCommand(ClearRisk.class, (s, c) -> unknown(c.replyTo()))
        .onCommand(Kill.class, (s, c) -> unknown(c.replyTo()))
        .onCommand(ApplyExecution.class, (s, c) -> unknown(c.replyTo()));
    builder
        .forAnyState()
        .onCommand(Start.class, this::onStart)
        .onCommand(Stop.class, this::onStop)
        .onCommand(UpdateParameters.class, this::onUpdateParameters)
        .onCommand(RecordFill.class, this::onRecordFill)
        .onCommand(
            GetStatus.class, (s, c) -> Effect().reply(c.replyTo(), accepted(Change.UNCHANGED, s)))
        .onCommand(GetBook.class, this::onGetBook)
        .onCommand(FeedReceived.class, (s, c) -> onFeed(s, c.event()))
        .onCommand(SnapshotResult.class, (s, c) -> onSnapshotResult(c))
        .onCommand(RetrySnapshot.class, (s, c) -> onRetrySnapshot())
        .onCommand(GetPerformance.class, this::onGetPerformance)
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
        .onCommand(GetOrders.class, this::onGetOrders)
        .onCommand(GetFills.class, this::onGetFills)
        .onCommand(GetRisk.class, this::onGetRisk)
        .onCommand(ClearRisk.class, this::onClearRisk)
        .onCommand(Kill.class, this::onKill)
        .onCommand(ApplyExecution.class, this::onApplyExecution)
        .onCommand(OrderResults.class, this::onOrderResults)
        .onCommand(ReconcileResult.class, this::onReconcileResult)
        .onCommand(Reconcile.class, (s, c) -> onReconcile(s))
        .onCommand(Housekeeping.class, (s, c) -> onBookChanged(s, -1))
        .onCommand(CancelLeftovers.class, (s, c) -> onCancelLeftovers(s))
        .onCommand(GapNotice.class, this::onGapNotice);
    return builder.build();
  }

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

  private ReplyEffect<SymbolEvent, SymbolState> onStart(SymbolState s, Start c) {
    if (!c.spec().id().toString().equals(instrument)) {
      return Effect()
          .reply(
              c.replyTo(),
              new Rejected(
                  Reason.INVALID,
                  "instrument spec is for " + c.spec().id() + ", not " + instrument));
    }
    if (s.started() && !s.spec().equals(c.spec())) {
      return Effect()
          .reply(
              c.replyTo(),
              new Rejected(
                  Reason.CONFLICT,
                  "instrument "
                      + instrument
                      + " trades with tick size "
                      + s.spec().tickSize()
                      + " and lot size "
                      + s.spec().lotSize()
                      + "; a different grid cannot be given to a started instrument"));
    }
    if (s.making()) {
      if (s.parameters().equals(c.parameters())) {
        return Effect().reply(c.replyTo(), accepted(Change.UNCHANGED, s));
      }
      return Effect()
          .reply(
              c.replyTo(),
              new Rejected(
                  Reason.CONFLICT,
                  "instrument "
                      + instrument
                      + " is already making with other parameters; update them instead"));
    }
    return Effect()
        .persist(new MakingStarted(c.spec(), c.parameters(), c.strategy(), c.requestedBy(), now()))
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
    boolean cancel = gateway != null && ledger(s).workingCount() > 0;
    if (cancel) {
      events.add(journaled(new OrderEvent.CancelAllRequested("stopped", nowNanos())));
    }
    return Effect()
        .persist(events)
        .thenRun(
            ns -> {
              if (cancel) {
                sendCancelAll(ns.spec());
                // Check again later: a cancel-all the venue refused (rate limit, outage) is sent
                // again until no order of the stopped instrument is left.
                leftoverSweeps = 0;
                timers.startSingleTimer(CancelLeftovers.INSTANCE, Duration.ofSeconds(5));
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
    return Effect()
        .persist(new ParametersUpdated(c.parameters(), c.strategy(), c.requestedBy(), now()))
        .thenRun(ns -> rebuildTrader(ns))
        .thenReply(c.replyTo(), ns -> accepted(Change.CHANGED, ns));
  }

  private ReplyEffect<SymbolEvent, SymbolState> onRecordFill(SymbolState s, RecordFill c) {
    FillReport r = c.fill();
    Fill fill;
    try {
      fill = toFill(r, s.spec());
      s.position().apply(fill, s.spec()); // refuse here what would overflow the books later
    } catch (IllegalArgumentException | ArithmeticException e) {
      return Effect()
          .reply(
              c.replyTo(),
              new Rejected(Reason.INVALID, "fill " + r.tradeId() + ": " + e.getMessage()));
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
        return Effect()
            .reply(
                c.replyTo(),
                new Rejected(
                    Reason.CONFLICT,
                    "trade id "
                        + fill.tradeId()
                        + " is older than the de-duplication window of "
                        + SymbolState.DEDUP_WINDOW
                        + " trades; reconcile with the venue"));
      default:
        return Effect()
            .persist(new FillBooked(fill, now()))
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

  private Accepted accepted(Change change, SymbolState s) {
    return new Accepted(
        change,
        Summary.of(
            instrument,
            s,
            hostedOn,
            engine == null ? null : engine.book().status(engine.signals(nowNanos()))));
  }

  // ---------------------------------------------------------------- trading

  /**
   * Prepares quoting on this node when the instrument is making and its venue has order entry here:
   * the trader, the risk guard (with the journaled halt), then reconciliation with the venue before
   * any order is sent.
   */
  private void setUpTrading(SymbolState s) {
    if (!s.making() || trading) {
      return;
    }
    Optional<OrderGateway> g = gateways.forVenue(s.spec().id().venue());
    if (g.isEmpty()) {
      return;
    }
    gateway = g.get();
    registered = s.spec();
    TradingRegistry.get(context.getSystem()).register(registered);
    rebuildTrader(s);
    reconciled = false;
    context.getSelf().tell(Reconcile.INSTANCE);
    timers.startTimerWithFixedDelay(Housekeeping.INSTANCE, HOUSEKEEPING_EVERY);
  }

  private void rebuildTrader(SymbolState s) {
    if (gateway == null || !s.making()) {
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
      TradingState t = s.trading();
      engine =
          new QuotingEngine(
              s.spec(),
              s.parameters(),
              t.strategy(),
              engineSettings(s),
              t.halted()
                  ? new RiskGuard.State(
                      true, t.haltCheck(), t.haltReason(), t.haltedAtMillis() * 1_000_000L)
                  : RiskGuard.State.CLEAR,
              nowNanos());
      if (settings.rateLimits() == null) {
        // A share of the account's limits starts empty: the instruments already trading on the
        // account may have spent the account's window, and the venue counts per account.
        engine.limits().drainShortWindows(nowNanos());
      }
    } else if (!engine.parameters().equals(s.parameters())
        || !engine.strategy().equals(s.trading().strategy())) {
      engine.reconfigure(s.parameters(), s.trading().strategy());
    }
  }

  /** Order-rate limits of a venue without a preset and without configured limits. */
  private static final com.marketmaker.core.orders.VenueRateLimits.Config FALLBACK_LIMITS =
      new com.marketmaker.core.orders.VenueRateLimits.Config(
          List.of(com.marketmaker.core.orders.VenueRateLimits.Limit.perSeconds(20, 10)),
          List.of(com.marketmaker.core.orders.VenueRateLimits.Limit.perSeconds(40, 10)),
          0.5);

  private QuotingEngine.Settings engineSettings(SymbolState s) {
    return new QuotingEngine.Settings(
        settings.planner(),
        rateLimitShare(s.spec()),
        settings.maxMarketDataAge().toNanos(),
        settings.haltCoolOff().toNanos());
  }

  /**
   * This instrument's share of its account's order-rate limits: the venue's account limits divided
   * by the instruments trading on the account on this node (configured limits override).
   */
  private com.marketmaker.core.orders.VenueRateLimits.Config rateLimitShare(InstrumentSpec spec) {
    if (settings.rateLimits() != null) {
      return settings.rateLimits();
    }
    com.marketmaker.core.orders.VenueRateLimits.Config account;
    try {
      account = com.marketmaker.core.orders.VenueRateLimits.Config.forVenue(spec.id().venue());
    } catch (IllegalArgumentException noPreset) {
      account = FALLBACK_LIMITS;
    }
    int n = Math.max(1, TradingRegistry.get(context.getSystem()).count(spec.id().venue()));
    return account.share(1.0 / n);
  }

  /** Leaves this node's venue registration: the entity stops or moves. */
  private void tearDownTrading() {
    if (registered != null) {
      TradingRegistry.get(context.getSystem()).unregister(registered);
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
    gateway = null;
    reconciled = false;
    reconciling = false;
    timers.cancel(Reconcile.INSTANCE);
    timers.cancel(Housekeeping.INSTANCE);
  }

  /** The live ledger for {@code s}, reused while the state's ledger has not changed. */
  private OrderLedger ledger(SymbolState s) {
    OrderLedger.State st = s.trading().orders();
    if (ledger == null || ledgerOf != st) {
      ledger = s.trading().ledger(s.spec());
      ledgerOf = st;
    }
    return ledger;
  }

  private long nowNanos() {
    java.time.Instant t = clock.instant();
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  private SymbolEvent journaled(OrderEvent e) {
    long bid = 0;
    long ask = 0;
    if (engine != null && engine.inSync()) {
      bid = engine.bidTicks();
      ask = engine.askTicks();
    }
    return new OrderEventJournaled(e, bid, ask, now());
  }

  /** What the quoting loop does now, for operators. */
  private String quoting(SymbolState s) {
    if (!s.making()) {
      return "STOPPED";
    }
    if (s.trading().halted()) {
      return "HALTED";
    }
    if (gateway == null) {
      return "NO_ORDER_ENTRY";
    }
    if (!orderEntryRefused.isEmpty()) {
      return "NO_ORDER_ENTRY: " + orderEntryRefused;
    }
    if (!reconciled) {
      return "RECONCILING";
    }
    return pulled.isEmpty() ? "QUOTING" : "PULLED: " + pulled;
  }

  /**
   * The quoting loop, run after every change of the book: risk first, then the quote decision, then
   * the order plan. The requests are sent before their events are journaled (the client order ids
   * are deterministic, so a request whose event is lost is recognised as ours and cancelled by the
   * next reconciliation); the events are journaled right after.
   */
  private ReplyEffect<SymbolEvent, SymbolState> onBookChanged(SymbolState s, long receivedNanos) {
    if (!trading || engine == null || !reconciled || !s.making()) {
      return Effect().noReply();
    }
    // receivedNanos < 0: the housekeeping tick, no new market data (the book's age stays).
    boolean tick = receivedNanos >= 0;
    long now = nowNanos();
    if (!tick) {
      engine.shareRateLimits(rateLimitShare(s.spec()), now);
    }
    OrderLedger l = ledger(s);
    boolean inSync = engine.inSync();
    long inventory = s.trading().performance().pnl().inventoryLots();
    long total = 0;
    if (inSync) {
      total = s.trading().performance().pnl().total(s.spec(), engine.bidTicks(), engine.askTicks());
    }
    RiskGuard.Decision risk = engine.risk(inventory, total, false, now);
    if (risk.halted()) {
      return halt(s, risk.reason(), engine.guard().state().cause().name(), "risk", null);
    }
    if (risk.cleared()) {
      return Effect().persist(new HaltCleared("risk", now())).thenNoReply();
    }
    QuotingEngine.Step step = engine.quote(risk, inventory, l, now);
    QuoteDecision decision = step.decision();
    pulled = decision.isPull() ? decision.reason() : "";
    OrderPlanner.Plan plan = step.plan();
    if (plan.needsReconciliation()) {
      context.getSelf().tell(Reconcile.INSTANCE);
    }
    if (plan.actions().isEmpty()) {
      return Effect().noReply();
    }
    if (tick) {
      tickToPlan.recordApplied(receivedNanos);
    }
    send(s.spec(), plan.actions());
    if (tick) {
      tickToQuote.recordApplied(receivedNanos);
    }
    List<SymbolEvent> events = new ArrayList<>();
    for (OrderEvent e : plan.events(now)) {
      events.add(journaled(e));
    }
    return Effect().persist(events).thenNoReply();
  }

  /** Persists a halt, cancels every order, and answers {@code replyTo} if given. */
  private ReplyEffect<SymbolEvent, SymbolState> halt(
      SymbolState s, String reason, String cause, String by, ActorRef<Confirmation> replyTo) {
    context.getLog().warn("{}: halted ({}): {}", instrument, cause, reason);
    List<SymbolEvent> events = new ArrayList<>();
    events.add(new Halted(cause, reason, by, now()));
    boolean cancel = gateway != null && ledger(s).workingCount() > 0;
    if (cancel) {
      events.add(journaled(new OrderEvent.CancelAllRequested(cause + ": " + reason, nowNanos())));
    }
    var effect =
        Effect()
            .persist(events)
            .thenRun(
                ns -> {
                  if (cancel) {
                    sendCancelAll(ns.spec());
                  }
                });
    return replyTo == null
        ? effect.thenNoReply()
        : effect.thenReply(replyTo, ns -> accepted(Change.CHANGED, ns));
  }

  private void send(InstrumentSpec spec, List<OrderPlanner.Action> actions) {
    for (OrderPlanner.Action a : actions) {
      if (a instanceof OrderPlanner.Place p) {
        String id = p.request().clientOrderId();
        context.pipeToSelf(
            gateway.place(spec, p.request()),
            (order, failure) ->
                failure == null
                    ? new OrderResults(List.of(new OrderEvent.VenueAnswer(order, nowNanos())))
                    : new OrderResults(List.of(placeRefused(id, failure))));
      } else if (a instanceof OrderPlanner.Cancel c) {
        sendCancel(spec, c.clientOrderId());
      } else if (a instanceof OrderPlanner.CancelAll) {
        sendCancelAll(spec);
      }
    }
  }

  private void sendCancel(InstrumentSpec spec, String clientOrderId) {
    context.pipeToSelf(
        gateway.cancel(spec, clientOrderId),
        (order, failure) ->
            failure == null
                ? new OrderResults(List.of(new OrderEvent.VenueAnswer(order, nowNanos())))
                : new OrderResults(List.of(cancelRefused(clientOrderId, failure))));
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
    context.pipeToSelf(
        g.get().cancelAll(s.spec()),
        (orders, failure) -> {
          if (failure != null) {
            return new OrderResults(List.of());
          }
          List<OrderEvent> events = new ArrayList<>();
          long now = nowNanos();
          for (VenueOrder o : orders) {
            events.add(new OrderEvent.VenueAnswer(o, now));
          }
          return new OrderResults(events);
        });
    long delay = Math.min(60_000L, 2_000L << Math.min(leftoverSweeps - 1, 5));
    timers.startSingleTimer(CancelLeftovers.INSTANCE, Duration.ofMillis(delay));
    return Effect().noReply();
  }

  private void sendCancelAll(InstrumentSpec spec) {
    if (gateway == null) {
      return;
    }
    context.pipeToSelf(
        gateway.cancelAll(spec),
        (orders, failure) -> {
          if (failure != null) {
            context
                .getLog()
                .warn("{}: cancel-all failed: {}", instrument, cause(failure).getMessage());
            // The orders stay pending cancel; the planner sends the cancels again.
            return new OrderResults(List.of());
          }
          List<OrderEvent> events = new ArrayList<>();
          long now = nowNanos();
          for (VenueOrder o : orders) {
            events.add(new OrderEvent.VenueAnswer(o, now));
          }
          return new OrderResults(events);
        });
  }

  private static Throwable cause(Throwable t) {
    while ((t instanceof java.util.concurrent.CompletionException
            || t instanceof java.util.concurrent.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private OrderEvent placeRefused(String clientOrderId, Throwable failure) {
    Throwable t = cause(failure);
    if (t instanceof VenueException v) {
      boolean duplicate = v.venueMessage() != null && v.venueMessage().contains("Duplicate order");
      boolean definitive = !v.retryable() && !duplicate && v.httpStatus() >= 400;
      return new OrderEvent.PlaceRefused(
          clientOrderId, v.code(), v.venueMessage(), definitive, nowNanos());
    }
    return new OrderEvent.PlaceRefused(clientOrderId, 0, String.valueOf(t), false, nowNanos());
  }

  private OrderEvent cancelRefused(String clientOrderId, Throwable failure) {
    Throwable t = cause(failure);
    if (t instanceof VenueException v) {
      return new OrderEvent.CancelRefused(
          clientOrderId, v.code(), v.venueMessage(), v.code() == -2011, nowNanos());
    }
    return new OrderEvent.CancelRefused(clientOrderId, 0, String.valueOf(t), false, nowNanos());
  }

  private ReplyEffect<SymbolEvent, SymbolState> onOrderResults(SymbolState s, OrderResults r) {
    if (r.events().isEmpty() || !s.started()) {
      return Effect().noReply();
    }
    List<SymbolEvent> events = new ArrayList<>(r.events().size());
    for (OrderEvent e : r.events()) {
      if (e instanceof OrderEvent.VenueAnswer && !changesLedger(s, e)) {
        continue; // the user-data stream told the ledger first
      }
      if (e instanceof OrderEvent.PlaceRefused pr) {
        placesRefused++;
        if (pr.code() == RATE_LIMIT_CODE || pr.code() == REQUEST_WEIGHT_CODE) {
          // Our count was behind the venue's: stop placing until the buckets refill.
          placesRefusedForRate++;
          if (engine != null) {
            engine.limits().onVenueThrottled(nowNanos());
          }
        }
      }
      if (e instanceof OrderEvent.PlaceRefused pr && pr.definitive()) {
        context
            .getLog()
            .info(
                "{}: order {} refused: {} {}",
                instrument,
                pr.clientOrderId(),
                pr.code(),
                pr.reason());
      }
      events.add(journaled(e));
    }
    if (events.isEmpty()) {
      return Effect().noReply();
    }
    return Effect().persist(events).thenNoReply();
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

  // ---- executions

  private ReplyEffect<SymbolEvent, SymbolState> onApplyExecution(SymbolState s, ApplyExecution c) {
    ExecutionEvent e = c.event();
    if (!e.instrument().toString().equals(instrument)) {
      return Effect()
          .reply(
              c.replyTo(),
              new Rejected(
                  Reason.INVALID, "execution is for " + e.instrument() + ", not " + instrument));
    }
    OrderLedger l = ledger(s);
    if (e.trade() != null && l.isBooked(e.trade().tradeId())) {
      return Effect().reply(c.replyTo(), accepted(Change.DUPLICATE_FILL, s));
    }
    if (e.trade() != null && engine != null) {
      engine.onOwnFill(
          e.trade().side() == com.marketmaker.core.accounting.Side.BUY,
          e.trade().priceTicks(),
          nowNanos());
    }
    OrderEvent executed = new OrderEvent.Executed(e, nowNanos());
    if (e.trade() == null && !changesLedger(s, executed)) {
      // The REST answer already told the ledger (the usual case for NEW and CANCELED reports).
      return Effect().reply(c.replyTo(), accepted(Change.UNCHANGED, s));
    }
    return Effect()
        .persist(journaled(executed))
        .thenRun(
            ns -> {
              if (e.trade() != null) {
                // A fill empties or shrinks a level: quote again now, not at the next book change.
                context.getSelf().tell(Housekeeping.INSTANCE);
              }
            })
        .thenReply(c.replyTo(), ns -> accepted(Change.CHANGED, ns));
  }

  // ---- reconciliation

  private ReplyEffect<SymbolEvent, SymbolState> onGapNotice(SymbolState s, GapNotice g) {
    if (gateway != null && s.started() && g.gap().venue() == s.spec().id().venue()) {
      context.getLog().info("{}: user-data gap ({}): reconciling", instrument, g.gap().reason());
      reconciled = false;
      return onReconcile(s);
    }
    return Effect().noReply();
  }

  private ReplyEffect<SymbolEvent, SymbolState> onReconcile(SymbolState s) {
    if (gateway == null || reconciling || !s.started()) {
      return Effect().noReply();
    }
    reconciling = true;
    InstrumentSpec spec = s.spec();
    long from = ledger(s).reconcileFromTradeId();
    // Orders the ledger changes after this moment are newer than the venue's answer.
    long asked = nowNanos();
    var open = gateway.openOrders(spec).toCompletableFuture();
    var trades = gateway.tradesSince(spec, from, 1000).toCompletableFuture();
    context.pipeToSelf(
        open.thenCombine(
            trades, (o, t) -> new ReconcileResult(o, t, t.size() < 1000, null, false, asked)),
        (r, failure) -> {
          if (failure == null) {
            return r;
          }
          Throwable t = cause(failure);
          // A timestamp outside the venue's window (-1021) is the request's, not the
          // instrument's: the client measures its clock again and the next try may pass.
          boolean refused =
              t instanceof VenueException v
                  && !v.retryable()
                  && v.httpStatus() < 500
                  && v.code() != -1021;
          return new ReconcileResult(List.of(), List.of(), false, t.getMessage(), refused, asked);
        });
    return Effect().noReply();
  }

  private ReplyEffect<SymbolEvent, SymbolState> onReconcileResult(
      SymbolState s, ReconcileResult r) {
    reconciling = false;
    if (gateway == null) {
      return Effect().noReply();
    }
    if (r.error() != null) {
      if (r.refused()) {
        // The venue will not trade this instrument for us (e.g. an unknown symbol): market data
        // only, and ask again rarely rather than every second.
        if (!r.error().equals(orderEntryRefused)) {
          context.getLog().warn("{}: no order entry: {}", instrument, r.error());
        }
        orderEntryRefused = r.error();
        timers.startSingleTimer(Reconcile.INSTANCE, settings.reconcileRetry().multipliedBy(60));
      } else {
        context.getLog().warn("{}: reconciliation failed: {}", instrument, r.error());
        timers.startSingleTimer(Reconcile.INSTANCE, settings.reconcileRetry());
      }
      return Effect().noReply();
    }
    orderEntryRefused = "";
    Reconciler.Reconciliation rec =
        Reconciler.reconcile(
            ledger(s), r.openOrders(), r.trades(), r.complete(), nowNanos(), r.askedNanos());
    InstrumentSpec spec = s.spec();
    return Effect()
        .persist(journaled(rec.event()))
        .thenRun(
            ns -> {
              for (VenueOrder unknown : rec.cancel()) {
                sendCancel(spec, unknown.clientOrderId());
              }
              if (rec.mayQuote()) {
                if (!reconciled) {
                  context
                      .getLog()
                      .info(
                          "{}: reconciled ({} missed fills, {} unknown orders cancelled)",
                          instrument,
                          rec.missedTrades().size(),
                          rec.cancel().size());
                }
                reconciled = true;
              } else {
                timers.startSingleTimer(Reconcile.INSTANCE, settings.reconcileRetry());
              }
            })
        .thenNoReply();
  }

  // ---- risk and reports

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
    return Effect()
        .persist(new HaltCleared(c.requestedBy(), now()))
        .thenReply(c.replyTo(), ns -> accepted(Change.CHANGED, ns));
  }

  private ReplyEffect<SymbolEvent, SymbolState> onGetRisk(SymbolState s, GetRisk c) {
    TradingState t = s.trading();
    return Effect()
        .reply(
            c.replyTo(),
            new RiskReport(
                instrument,
                s.making(),
                t.halted(),
                t.haltCause(),
                t.haltReason(),
                t.haltedBy(),
                t.haltedAtMillis(),
                pulled));
  }

  private ReplyEffect<SymbolEvent, SymbolState> onGetPerformance(SymbolState s, GetPerformance c) {
    long bid = 0;
    long ask = 0;
    if (engine != null && engine.inSync()) {
      bid = engine.bidTicks();
      ask = engine.askTicks();
    }
    var report =
        s.trading()
            .scorecard(s.spec(), s.parameters().maxPositionLots())
            .report(bid, ask, nowNanos());
    return Effect().reply(c.replyTo(), new PerformanceReport(instrument, report, hostedOn));
  }

  private ReplyEffect<SymbolEvent, SymbolState> onGetOrders(SymbolState s, GetOrders c) {
    return Effect()
        .reply(
            c.replyTo(),
            new OrdersReport(instrument, ledger(s).workingOrders(), reconciled, quoting(s)));
  }

  private ReplyEffect<SymbolEvent, SymbolState> onGetFills(SymbolState s, GetFills c) {
    List<OwnTrade> recent = new ArrayList<>(s.trading().recentFills());
    java.util.Collections.reverse(recent);
    int n = Math.max(0, Math.min(c.limit(), recent.size()));
    var p = s.trading().performance();
    long total = p.makerBuys() + p.makerSells() + p.takerBuys() + p.takerSells();
    return Effect()
        .reply(c.replyTo(), new FillsReport(instrument, List.copyOf(recent.subList(0, n)), total));
  }

  // ---------------------------------------------------------------- market data

  /**
   * Subscribes to this node's feed of the instrument's venue while making. The book starts empty
   * and syncing: diffs are buffered, a snapshot is fetched, and only then is the book trusted.
   */
  private void connectFeed(SymbolState s) {
    if (!s.making() || feed != null || !VenueBook.supports(s.spec().id().venue())) {
      return;
    }
    Optional<MarketDataFeed> venueFeed = feeds.forVenue(s.spec().id().venue());
    if (venueFeed.isEmpty()) {
      return;
    }
    try {
      ensureEngine(s);
    } catch (IllegalArgumentException e) {
      context.getLog().warn("{}: no live book: {}", instrument, e.getMessage());
      return;
    }
    feed = venueFeed.get();
    liveSpec = s.spec();
    feed.subscribe(s.spec(), feedAdapter, true);
  }

  private void disconnectFeed() {
    if (feed != null) {
      feed.unsubscribe(InstrumentId.parse(instrument), feedAdapter);
    }
    feed = null;
    liveSpec = null;
    engine = null;
    timers.cancel(RetrySnapshot.INSTANCE);
  }

  private ReplyEffect<SymbolEvent, SymbolState> onFeed(SymbolState s, FeedEvent event) {
    if (feed != null) {
      feed.consumed(liveSpec.id(), feedAdapter); // out of the mailbox: credit back to the feed
    }
    if (engine == null || feed == null) {
      return Effect().noReply(); // arrived after the unsubscription
    }
    // The engine's clock is the entity's: the same clock the decisions are made on.
    long now = nowNanos();
    if (event instanceof FeedEvent.Depth d) {
      if (engine.onDepth(d.update(), d.checksum(), now)) {
        requestSnapshot();
      }
      latency.recordApplied(d.receivedNanos());
      return onBookChanged(s, d.receivedNanos());
    } else if (event instanceof FeedEvent.Snapshot snap) {
      if (engine.onStreamSnapshot(snap.book(), snap.depth(), now)) {
        requestSnapshot();
      }
    } else if (event instanceof FeedEvent.Ticker t) {
      engine.onTicker(t.ticker());
    } else if (event instanceof FeedEvent.PublicTrade t) {
      engine.onTrade(t.trade(), now);
    } else if (event instanceof FeedEvent.Resync r) {
      context.getLog().info("{}: resync ({})", instrument, r.reason());
      engine.resync(r.reason());
      return onBookChanged(s, r.receivedNanos());
    } else if (event instanceof FeedEvent.Stale st) {
      engine.onStale();
      return onBookChanged(s, st.receivedNanos());
    }
    return Effect().noReply();
  }

  private void requestSnapshot() {
    engine.book().snapshotRequested();
    context.pipeToSelf(
        feed.depthSnapshot(liveSpec, settings.bookSnapshotDepth()),
        (snapshot, failure) ->
            new SnapshotResult(
                snapshot, failure == null ? null : String.valueOf(failure.getMessage())));
  }

  private ReplyEffect<SymbolEvent, SymbolState> onSnapshotResult(SnapshotResult r) {
    if (engine == null || feed == null) {
      return Effect().noReply();
    }
    if (r.error() != null) {
      if (snapshotFailures == 0) {
        context.getLog().warn("{}: depth snapshot failed: {}", instrument, r.error());
      } else {
        context.getLog().debug("{}: depth snapshot failed again: {}", instrument, r.error());
      }
      engine.book().onSnapshotFailed();
      // Back off exponentially (with jitter) while the venue keeps refusing, up to 30 s.
      snapshotFailures++;
      long base =
          Math.min(
              30_000L, settings.snapshotRetry().toMillis() << Math.min(snapshotFailures - 1, 10));
      long delay =
          (long)
              (base * (0.8 + 0.4 * java.util.concurrent.ThreadLocalRandom.current().nextDouble()));
      timers.startSingleTimer(RetrySnapshot.INSTANCE, Duration.ofMillis(delay));
    } else if (resetSnapshotFailures() && engine.onSnapshot(r.snapshot(), nowNanos())) {
      context
          .getLog()
          .info("{}: snapshot older than the buffered diffs; fetching another", instrument);
      requestSnapshot();
    }
    return Effect().noReply();
  }

  private boolean resetSnapshotFailures() {
    snapshotFailures = 0;
    return true;
  }

  private ReplyEffect<SymbolEvent, SymbolState> onRetrySnapshot() {
    if (engine != null && feed != null) {
      engine.book().retryDue();
    }
    if (engine != null && feed != null && engine.book().needsSnapshot()) {
      requestSnapshot();
    }
    return Effect().noReply();
  }

  private ReplyEffect<SymbolEvent, SymbolState> onGetBook(SymbolState s, GetBook c) {
    if (engine == null || feed == null) {
      return Effect()
          .reply(
              c.replyTo(),
              new Rejected(
                  Reason.CONFLICT,
                  s.making()
                      ? "no market-data feed for venue " + s.spec().id().venue() + " on this node"
                      : "instrument " + instrument + " is not making; its book is not kept"));
    }
    return Effect().reply(c.replyTo(), new BookLevels(instrument, engine.book().view(c.depth())));
  }

  @Override
  public SignalHandler<SymbolState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(
            RecoveryCompleted.instance(),
            s -> {
              connectFeed(s);
              setUpTrading(s);
              if (s.started() && !s.making() && ledger(s).workingCount() > 0) {
                context.getSelf().tell(CancelLeftovers.INSTANCE);
              }
            })
        .onSignal(
            PostStop.instance(),
            s -> {
              disconnectFeed();
              tearDownTrading();
            })
        .build();
  }

  private long now() {
    return clock.millis();
  }

  @Override
  public EventHandler<SymbolState, SymbolEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(SymbolState::apply);
  }
}
