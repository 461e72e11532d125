package com.marketmaker.actors;

import com.marketmaker.actors.feed.FeedEvent;
import com.marketmaker.actors.venue.UserDataGap;
import com.marketmaker.core.accounting.Performance;
import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.engine.QuoteExplanation;
import com.marketmaker.core.engine.VenueBook;
import com.marketmaker.core.feed.DepthUpdate;
import com.marketmaker.core.instrument.FixedPoint;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.orders.ExecutionEvent;
import com.marketmaker.core.orders.OrderEvent;
import com.marketmaker.core.orders.OwnTrade;
import com.marketmaker.core.orders.TrackedOrder;
import com.marketmaker.core.orders.VenueOrder;
import com.marketmaker.core.strategy.MakerParameters;
import com.marketmaker.core.strategy.RiskLimits;
import com.marketmaker.core.strategy.StrategyConfig;
import com.marketmaker.persistence.CborSerializable;
import com.marketmaker.persistence.SymbolState;
import java.util.List;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The protocol of {@link SymbolEntity}: the commands operators and the node's streams send to an
 * instrument, the entity's own local messages (never sent over the network), and the answers.
 */
public final class SymbolProtocol {

  private SymbolProtocol() {}

  /** Commands of the instrument entity. */
  public sealed interface Command extends CborSerializable {}

  /**
   * Switch quoting on with the instrument's grid, parameters and strategy.
   *
   * @param mayRaiseLimits whether the operator may set risk limits ({@link RiskLimits}) above those
   *     the instrument ran with before; the first start of an instrument sets them whatever this
   *     says
   */
  public record Start(
      InstrumentSpec spec,
      MakerParameters parameters,
      StrategyConfig strategy,
      String requestedBy,
      ActorRef<Confirmation> replyTo,
      boolean mayRaiseLimits)
      implements Command {

    /** A start by the node itself or an operator who may set limits. */
    public Start(
        InstrumentSpec spec,
        MakerParameters parameters,
        StrategyConfig strategy,
        String requestedBy,
        ActorRef<Confirmation> replyTo) {
      this(spec, parameters, strategy, requestedBy, replyTo, true);
    }

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

  /**
   * Replace the strategy parameters and, when {@code strategy} is not null, the strategy.
   *
   * @param mayRaiseLimits whether the operator may raise the instrument's risk limits ({@link
   *     RiskLimits}); without it a change that raises one is refused with {@link Reason#FORBIDDEN}
   *     and nothing changes
   */
  public record UpdateParameters(
      MakerParameters parameters,
      StrategyConfig strategy,
      String requestedBy,
      ActorRef<Confirmation> replyTo,
      boolean mayRaiseLimits)
      implements Command {

    /** An update by the node itself or an operator who may set limits. */
    public UpdateParameters(
        MakerParameters parameters,
        StrategyConfig strategy,
        String requestedBy,
        ActorRef<Confirmation> replyTo) {
      this(parameters, strategy, requestedBy, replyTo, true);
    }

    public UpdateParameters(
        MakerParameters parameters, String requestedBy, ActorRef<Confirmation> replyTo) {
      this(parameters, null, requestedBy, replyTo);
    }
  }

  /**
   * Set the instrument's risk limits, up or down; a null field keeps its current value. The change
   * is journaled as a parameter update with {@code requestedBy}.
   *
   * @param maxPositionLots absolute inventory limit, lots (at least one order size)
   * @param maxLoss loss limit, quote currency, &gt; 0
   * @param maxDrawdown drawdown limit, quote currency, &gt; 0
   */
  public record SetLimits(
      Long maxPositionLots,
      Double maxLoss,
      Double maxDrawdown,
      String requestedBy,
      ActorRef<Confirmation> replyTo)
      implements Command {}

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

  /** Ask for the instrument's one-line read-out for the operators' overview. */
  public record GetDashboardRow(ActorRef<Confirmation> replyTo) implements Command {}

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

  /**
   * What a tick decided while the entity was journaling (see {@link TicksBesideJournal}): the
   * events of order requests already sent, or a halt or clear the risk check called for. The entity
   * journals it right after the write it came beside. Local only.
   */
  record DecidedBesideJournal(TicksBesideJournal.Outcome outcome)
      implements Command, NoSerializationVerificationNeeded {}

  /**
   * A turn of the quoting loop owed to ticks that reached the book while a decision made beside the
   * journal waited to be journaled (see {@link TicksBesideJournal}). Local only.
   */
  enum TurnOwed implements Command, NoSerializationVerificationNeeded {
    INSTANCE
  }

  /** The answer to a depth snapshot request. Local only. */
  record SnapshotResult(DepthUpdate snapshot, String error)
      implements Command, NoSerializationVerificationNeeded {}

  /**
   * Venue answers to order requests, as ledger events to journal; {@code rateLimited} when the
   * venue refused for the account's rate limits. Local only.
   */
  record OrderResults(List<OrderEvent> events, boolean rateLimited)
      implements Command, NoSerializationVerificationNeeded {
    OrderResults(List<OrderEvent> events) {
      this(events, false);
    }
  }

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

  /**
   * The shard's stop message: the instrument moves to another node (a rebalance, or this node
   * leaving the cluster gracefully), or an unknown instrument is passivated. Local only.
   */
  enum HandOff implements Command, NoSerializationVerificationNeeded {
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

  /** The node's user-data stream of a venue had a gap. Local only. */
  record GapNotice(UserDataGap gap) implements Command, NoSerializationVerificationNeeded {}

  /** Time to ask again for a snapshot after a failed request. Local only. */
  enum RetrySnapshot implements Command, NoSerializationVerificationNeeded {
    INSTANCE
  }

  /** Time to report to the portfolio (once a second, and at once after a fill). Local only. */
  enum PortfolioReportDue implements Command, NoSerializationVerificationNeeded {
    INSTANCE
  }

  /** The portfolio recorded a report, with its advice for the quotes. Local only. */
  record PortfolioAcked(com.marketmaker.actors.portfolio.PortfolioProtocol.ReportAck ack)
      implements Command, NoSerializationVerificationNeeded {}

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

  /**
   * One instrument as the operators' overview shows it, cheap enough to ask of every instrument
   * every second. Prices are in the quote currency per unit of base ({@code …Price}), sizes in base
   * units ({@code …Base}), money in the quote currency ({@code …Quote}); display values as doubles
   * (exact amounts are in the status and performance read-outs). A price is null when there is none
   * (no book yet, no order on that side).
   *
   * @param quoting what the quoting loop does now (QUOTING, PULLED: …, HALTED, STOPPED, …)
   * @param bothSidesQuoted a live order on each side now
   * @param fills fills booked since the instrument was first started
   * @param quoteUptime the share of making time with both sides quoted
   */
  public record DashboardRow(
      String instrument,
      String hostedOn,
      boolean making,
      boolean halted,
      String haltReason,
      String quoting,
      boolean bothSidesQuoted,
      Double midPrice,
      Double bestBidPrice,
      Double bestAskPrice,
      Double ourBidPrice,
      Double ourAskPrice,
      double inventoryBase,
      double maxPositionBase,
      double realizedQuote,
      double unrealizedQuote,
      double totalPnlQuote,
      double feesQuote,
      double capturedQuote,
      Double meanCapturedBps,
      long fills,
      double quoteUptime,
      long bookGaps,
      long bookResyncs,
      boolean bookStale,
      long atMillis)
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
    CONFLICT,
    /** The operator may not make this change (a risk limit raised without the authority). */
    FORBIDDEN
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
}
