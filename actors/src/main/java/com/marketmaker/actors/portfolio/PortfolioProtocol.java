package com.marketmaker.actors.portfolio;

import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.quote.PortfolioAdvice;
import com.marketmaker.persistence.CborSerializable;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The messages of the portfolio actor: what the instrument entities report, what operators ask, and
 * the advice sent back to the entities. Everything here may cross the network.
 */
public final class PortfolioProtocol {

  private PortfolioProtocol() {}

  /** What the portfolio actor accepts. */
  public interface Command {}

  /**
   * One of our fills as the entity booked it.
   *
   * @param price quote currency per base unit
   * @param quantity base units
   * @param fee quote currency, negative for a rebate
   */
  public record ReportedFill(
      long tradeId,
      Side side,
      double price,
      double quantity,
      double fee,
      boolean maker,
      long timeMillis)
      implements CborSerializable {}

  /**
   * An instrument's state as its entity has journaled it (the entity's journal is the truth; the
   * portfolio follows it), sent once a second and at once after a fill: the position, its P&amp;L
   * and fees, the mark, and the fills booked since the last acknowledged report. Sent again until
   * acknowledged, so fills may arrive twice; they are booked once by trade id.
   *
   * @param positionBase signed position, base units
   * @param averageEntryPrice of the open position, quote currency per base unit (0 when flat)
   * @param realizedQuote realized trading P&amp;L before fees, quote currency
   * @param feesQuote fees paid, quote currency (negative when rebates dominate)
   * @param mid the live book's mid, NaN when the book is not in sync
   * @param flowEpoch the epoch of {@code publicFlowQuote}'s running total (the instrument's engine
   *     on its node), 0 when there is none
   * @param publicFlowQuote signed notional of the public trades since the epoch, quote currency
   *     (buyer-initiated positive); NaN without a live feed
   * @param fillsTotal fills the entity has booked in all
   * @param fills fills newer than the last acknowledged trade id (at most the entity's recent ones)
   * @param making whether the instrument is making markets
   */
  public record InstrumentReport(
      String instrument,
      String venue,
      String baseAsset,
      String quoteAsset,
      double positionBase,
      double averageEntryPrice,
      double realizedQuote,
      double feesQuote,
      double mid,
      long flowEpoch,
      double publicFlowQuote,
      long fillsTotal,
      List<ReportedFill> fills,
      boolean making,
      long atMillis,
      ActorRef<ReportAck> replyTo)
      implements Command, CborSerializable {
    public InstrumentReport {
      fills = List.copyOf(fills);
    }
  }

  /** The positions, exposures, P&amp;L and the instruments' reporting. */
  public record GetPortfolio(ActorRef<PortfolioView> replyTo)
      implements Command, CborSerializable {}

  /** VaR and CVaR by method, the drawdown probability, the limits and the breaches. */
  public record GetRisk(ActorRef<RiskView> replyTo) implements Command, CborSerializable {}

  /** The pairs and groups tested, with their statistics and per-scale results. */
  public record GetCointegration(ActorRef<CointegrationView> replyTo)
      implements Command, CborSerializable {}

  /** New limits (NaN for off), by an operator. */
  public record SetLimits(
      com.marketmaker.core.portfolio.book.PortfolioLimits limits,
      String requestedBy,
      ActorRef<Outcome> replyTo)
      implements Command, CborSerializable {}

  /** An operator clears the breaches in force (they come back if still breached). */
  public record ClearBreaches(String requestedBy, ActorRef<Outcome> replyTo)
      implements Command, CborSerializable {}

  /** A rebalance plan toward {@code target} ("flat" or "hedge"), proposed, not executed. */
  public record Rebalance(String target, String requestedBy, ActorRef<PlanView> replyTo)
      implements Command, CborSerializable {}

  /** Executes a proposed plan. */
  public record ConfirmPlan(String planId, String requestedBy, ActorRef<PlanView> replyTo)
      implements Command, CborSerializable {}

  /** A plan and its progress. */
  public record GetPlan(String planId, ActorRef<PlanView> replyTo)
      implements Command, CborSerializable {}

  // ------------------------------------------------------------------ replies

  /** Whether a change was made, and why not when it was not. */
  public record Outcome(boolean changed, String message) implements CborSerializable {}

  /**
   * An instrument whose reported position differs from the one booked from its fills (a fill the
   * portfolio has not received): the reported one is the entity's journaled truth.
   */
  public record Divergence(String instrument, double bookedBase, double reportedBase)
      implements CborSerializable {}

  /** The portfolio read-out. */
  public record PortfolioView(
      com.marketmaker.core.portfolio.book.BookTotals totals,
      List<com.marketmaker.core.portfolio.book.PositionView> positions,
      com.marketmaker.core.portfolio.book.Exposures exposures,
      double drawdownUsd,
      double peakPnlUsd,
      int instrumentsReporting,
      List<Divergence> divergences,
      java.util.Map<String, PortfolioAdvice> advice,
      String hostedOn)
      implements CborSerializable {}

  /** The risk read-out. */
  public record RiskView(
      com.marketmaker.core.portfolio.book.RiskResult risk,
      com.marketmaker.core.portfolio.book.PortfolioLimits limits,
      String limitsSetBy,
      List<com.marketmaker.core.portfolio.book.Breach> breaches,
      long breachesSinceMillis,
      String clearedBy,
      long clearedAtMillis,
      long evaluatedAtMillis,
      String error)
      implements CborSerializable {}

  /** The cointegration read-out. */
  public record CointegrationView(
      com.marketmaker.core.portfolio.book.ScanResult scan, long scannedAtMillis)
      implements CborSerializable {}

  /**
   * A plan and its progress: per leg, the share of the trade done (from the booked positions).
   *
   * @param status PROPOSED, EXECUTING or ENDED (with its outcome)
   * @param legsDone the instruments whose leg reached its target while the plan executed (done for
   *     good: they lean no more)
   */
  public record PlanView(
      boolean found,
      RebalancePlan plan,
      String status,
      String outcome,
      java.util.Map<String, Double> progress,
      List<String> legsDone,
      String error)
      implements CborSerializable {}

  /**
   * The report is recorded: fills up to {@code lastTradeId} need not be sent again, and {@code
   * advice} is what the portfolio asks of the instrument's quotes now.
   */
  public record ReportAck(String instrument, long lastTradeId, PortfolioAdvice advice)
      implements CborSerializable {}
}
