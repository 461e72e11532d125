package com.marketmaker.actors.portfolio;

import com.marketmaker.core.portfolio.book.Breach;
import com.marketmaker.core.portfolio.book.PortfolioFill;
import com.marketmaker.core.portfolio.book.PortfolioLimits;
import com.marketmaker.persistence.CborSerializable;
import java.util.List;

/**
 * The journaled facts of the portfolio: fills booked (each once), limits set, breaches raised and
 * cleared, rebalance plans and their confirmation. Marks are not journaled: they come back within a
 * second of a restart; the price bars built from them are in the snapshots.
 */
public sealed interface PortfolioEvent extends CborSerializable {

  /** Fills of one instrument not booked before (the command side refused the duplicates). */
  record FillsBooked(List<PortfolioFill> fills, long timestampMillis) implements PortfolioEvent {
    public FillsBooked {
      fills = List.copyOf(fills);
    }
  }

  /** New limits, by an operator. */
  record LimitsSet(PortfolioLimits limits, String requestedBy, long timestampMillis)
      implements PortfolioEvent {}

  /**
   * The set of breached limits changed (a limit newly breached, a breach's action escalated, or a
   * breach ended on its own); the instruments are told to shrink, widen or pull accordingly.
   */
  record BreachesChanged(List<Breach> breaches, long timestampMillis) implements PortfolioEvent {
    public BreachesChanged {
      breaches = List.copyOf(breaches);
    }
  }

  /** An operator cleared the breaches, like an instrument's halt. */
  record BreachesCleared(String requestedBy, long timestampMillis) implements PortfolioEvent {}

  /** A rebalance plan was computed for an operator. */
  record PlanCreated(RebalancePlan plan) implements PortfolioEvent {}

  /** An operator confirmed a plan: the instruments execute it from now on. */
  record PlanConfirmed(String planId, String requestedBy, long timestampMillis)
      implements PortfolioEvent {}

  /**
   * Legs of the executing plan reached their target (at least {@code 1 - DONE_SHARE} of their trade
   * done): they are done for the rest of the plan, whatever the instrument's own making does to its
   * position afterwards, and lean no more.
   */
  record PlanLegsDone(String planId, List<String> instruments, long timestampMillis)
      implements PortfolioEvent {
    public PlanLegsDone {
      instruments = List.copyOf(instruments);
    }
  }

  /** A confirmed plan ended: executed, or cancelled by an operator, or past its horizon. */
  record PlanEnded(String planId, String outcome, long timestampMillis) implements PortfolioEvent {}

  /** The bars are worth a snapshot (a timer's checkpoint: marks are not journaled). */
  record Checkpoint(long timestampMillis) implements PortfolioEvent {}
}
