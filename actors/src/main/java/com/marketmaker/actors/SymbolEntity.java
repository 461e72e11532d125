package com.marketmaker.actors;

import com.marketmaker.actors.feed.FeedEvent;
import com.marketmaker.actors.feed.FeedLatency;
import com.marketmaker.actors.feed.LiveBook;
import com.marketmaker.actors.feed.MarketDataFeed;
import com.marketmaker.actors.feed.MarketDataFeeds;
import com.marketmaker.core.accounting.Fill;
import com.marketmaker.core.accounting.Performance;
import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.feed.DepthUpdate;
import com.marketmaker.core.instrument.FixedPoint;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.orders.ExecutionEvent;
import com.marketmaker.core.orders.OwnTrade;
import com.marketmaker.core.orders.TrackedOrder;
import com.marketmaker.core.strategy.MakerParameters;
import com.marketmaker.core.strategy.StrategyConfig;
import com.marketmaker.persistence.CborSerializable;
import com.marketmaker.persistence.SymbolEvent;
import com.marketmaker.persistence.SymbolEvent.FillBooked;
import com.marketmaker.persistence.SymbolEvent.MakingStarted;
import com.marketmaker.persistence.SymbolEvent.MakingStopped;
import com.marketmaker.persistence.SymbolEvent.ParametersUpdated;
import com.marketmaker.persistence.SymbolState;
import java.time.Clock;
import java.time.Duration;
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

  /** Replace the strategy parameters. */
  public record UpdateParameters(
      MakerParameters parameters, String requestedBy, ActorRef<Confirmation> replyTo)
      implements Command {}

  /** Book a venue fill, given as the venue reports it (decimal text). */
  public record RecordFill(FillReport fill, ActorRef<Confirmation> replyTo) implements Command {}

  /** Ask for the current state. */
  public record GetStatus(ActorRef<Confirmation> replyTo) implements Command {}

  /** Ask for the top {@code depth} levels of the live book. */
  public record GetBook(int depth, ActorRef<Confirmation> replyTo) implements Command {}

  /** Ask for P&amp;L, fills, fill rate, spread captured, inventory statistics and uptime. */
  public record GetPerformance(ActorRef<Confirmation> replyTo) implements Command {}

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
  public record BookLevels(String instrument, LiveBook.View book) implements Confirmation {}

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
      LiveBook.Status market)
      implements CborSerializable {

    static Summary of(String instrument, SymbolState s, String hostedOn, LiveBook.Status market) {
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
            null);
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
          market);
    }
  }

  // ---------------------------------------------------------------- sharding

  /** Registers the entity type with Cluster Sharding on this node. */
  public static ActorRef<org.apache.pekko.cluster.sharding.typed.ShardingEnvelope<Command>> init(
      org.apache.pekko.actor.typed.ActorSystem<?> system, MarketDataFeeds feeds) {
    Settings settings = Settings.fromConfig(system.settings().config());
    return ClusterSharding.get(system)
        .init(
            Entity.of(ENTITY_KEY, ctx -> create(ctx, settings, feeds))
                .withSettings(
                    org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings.create(system)
                        .withRememberEntities(true)));
  }

  private static Behavior<Command> create(
      EntityContext<Command> ctx, Settings settings, MarketDataFeeds feeds) {
    ActorRef<org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding.ShardCommand> shard =
        ctx.getShard();
    return create(
        ctx.getEntityId(),
        settings,
        Clock.systemUTC(),
        self -> shard.tell(new ClusterSharding.Passivate<>(self)),
        feeds);
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
    InstrumentId.parse(entityId); // fail fast on an id the HTTP layer should never have sent
    return Behaviors.withTimers(
        timers ->
            Behaviors.setup(
                ctx -> new SymbolEntity(ctx, timers, entityId, settings, clock, passivate, feeds)));
  }

  /** Entity tuning, from {@code market-maker.entity}. */
  public record Settings(
      int snapshotEvery, int keepSnapshots, int bookSnapshotDepth, Duration snapshotRetry) {
    public static Settings fromConfig(com.typesafe.config.Config config) {
      var c = config.getConfig("market-maker.entity");
      return new Settings(
          c.getInt("snapshot-every"),
          c.getInt("keep-snapshots"),
          c.getInt("book-snapshot-depth"),
          c.getDuration("book-snapshot-retry"));
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

  // Transient market state: rebuilt from the venue, never journaled.
  private MarketDataFeed feed;
  private InstrumentSpec liveSpec;
  private LiveBook liveBook;

  private SymbolEntity(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      String instrument,
      Settings settings,
      Clock clock,
      Consumer<ActorRef<Command>> passivate,
      MarketDataFeeds feeds) {
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
        .onCommand(GetBook.class, (s, c) -> unknown(c.replyTo()));
    builder
        .forAnyState()
        .onCommand(Start.class, this::onStart)
        .onCommand(Stop.class, this::onStop)
        .onCommand(UpdateParameters.class, this::onUpdateParameters)
        .onCommand(RecordFill.class, this::onRecordFill)
        .onCommand(
            GetStatus.class, (s, c) -> Effect().reply(c.replyTo(), accepted(Change.UNCHANGED, s)))
        .onCommand(GetBook.class, this::onGetBook)
        .onCommand(FeedReceived.class, (s, c) -> onFeed(c.event()))
        .onCommand(SnapshotResult.class, (s, c) -> onSnapshotResult(c))
        .onCommand(RetrySnapshot.class, (s, c) -> onRetrySnapshot());
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
        .persist(new MakingStarted(c.spec(), c.parameters(), c.requestedBy(), now()))
        .thenRun(ns -> connectFeed(ns))
        .thenReply(c.replyTo(), ns -> accepted(Change.CHANGED, ns));
  }

  private ReplyEffect<SymbolEvent, SymbolState> onStop(SymbolState s, Stop c) {
    if (!s.making()) {
      return Effect().reply(c.replyTo(), accepted(Change.UNCHANGED, s));
    }
    return Effect()
        .persist(new MakingStopped(c.requestedBy(), now()))
        .thenRun(ns -> disconnectFeed())
        .thenReply(c.replyTo(), ns -> accepted(Change.CHANGED, ns));
  }

  private ReplyEffect<SymbolEvent, SymbolState> onUpdateParameters(
      SymbolState s, UpdateParameters c) {
    if (s.parameters().equals(c.parameters())) {
      return Effect().reply(c.replyTo(), accepted(Change.UNCHANGED, s));
    }
    return Effect()
        .persist(new ParametersUpdated(c.parameters(), c.requestedBy(), now()))
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
        Summary.of(instrument, s, hostedOn, liveBook == null ? null : liveBook.status(true)));
  }

  // ---------------------------------------------------------------- market data

  /**
   * Subscribes to this node's feed of the instrument's venue while making. The book starts empty
   * and syncing: diffs are buffered, a snapshot is fetched, and only then is the book trusted.
   */
  private void connectFeed(SymbolState s) {
    if (!s.making() || liveBook != null || !LiveBook.supports(s.spec().id().venue())) {
      return;
    }
    Optional<MarketDataFeed> venueFeed = feeds.forVenue(s.spec().id().venue());
    if (venueFeed.isEmpty()) {
      return;
    }
    LiveBook book;
    try {
      book = LiveBook.create(s.spec());
    } catch (IllegalArgumentException e) {
      context.getLog().warn("{}: no live book: {}", instrument, e.getMessage());
      return;
    }
    feed = venueFeed.get();
    liveSpec = s.spec();
    liveBook = book;
    feed.subscribe(s.spec(), feedAdapter);
  }

  private void disconnectFeed() {
    if (feed != null) {
      feed.unsubscribe(InstrumentId.parse(instrument), feedAdapter);
    }
    feed = null;
    liveSpec = null;
    liveBook = null;
    timers.cancel(RetrySnapshot.INSTANCE);
  }

  private ReplyEffect<SymbolEvent, SymbolState> onFeed(FeedEvent event) {
    if (liveBook == null) {
      return Effect().noReply(); // arrived after the unsubscription
    }
    if (event instanceof FeedEvent.Depth d) {
      if (liveBook.onDepth(d.update(), d.checksum())) {
        requestSnapshot();
      }
      latency.recordApplied(d.receivedNanos());
    } else if (event instanceof FeedEvent.Snapshot snap) {
      if (liveBook.onStreamSnapshot(snap.book(), snap.depth())) {
        requestSnapshot();
      }
    } else if (event instanceof FeedEvent.Ticker t) {
      liveBook.onTicker(t.ticker());
    } else if (event instanceof FeedEvent.Resync r) {
      context.getLog().info("{}: resync ({})", instrument, r.reason());
      liveBook.resync(r.reason());
    } else if (event instanceof FeedEvent.Stale) {
      liveBook.onStale();
    }
    return Effect().noReply();
  }

  private void requestSnapshot() {
    liveBook.snapshotRequested();
    context.pipeToSelf(
        feed.depthSnapshot(liveSpec, settings.bookSnapshotDepth()),
        (snapshot, failure) ->
            new SnapshotResult(
                snapshot, failure == null ? null : String.valueOf(failure.getMessage())));
  }

  private ReplyEffect<SymbolEvent, SymbolState> onSnapshotResult(SnapshotResult r) {
    if (liveBook == null) {
      return Effect().noReply();
    }
    if (r.error() != null) {
      context.getLog().warn("{}: depth snapshot failed: {}", instrument, r.error());
      liveBook.onSnapshotFailed();
      timers.startSingleTimer(RetrySnapshot.INSTANCE, settings.snapshotRetry());
    } else if (liveBook.onSnapshot(r.snapshot())) {
      context
          .getLog()
          .info("{}: snapshot older than the buffered diffs; fetching another", instrument);
      requestSnapshot();
    }
    return Effect().noReply();
  }

  private ReplyEffect<SymbolEvent, SymbolState> onRetrySnapshot() {
    if (liveBook != null && liveBook.needsSnapshot()) {
      requestSnapshot();
    }
    return Effect().noReply();
  }

  private ReplyEffect<SymbolEvent, SymbolState> onGetBook(SymbolState s, GetBook c) {
    if (liveBook == null) {
      return Effect()
          .reply(
              c.replyTo(),
              new Rejected(
                  Reason.CONFLICT,
                  s.making()
                      ? "no market-data feed for venue " + s.spec().id().venue() + " on this node"
                      : "instrument " + instrument + " is not making; its book is not kept"));
    }
    return Effect().reply(c.replyTo(), new BookLevels(instrument, liveBook.view(c.depth())));
  }

  @Override
  public SignalHandler<SymbolState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), this::connectFeed)
        .onSignal(PostStop.instance(), s -> disconnectFeed())
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
