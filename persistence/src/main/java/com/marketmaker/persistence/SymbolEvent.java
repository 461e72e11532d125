package com.marketmaker.persistence;

import com.marketmaker.core.accounting.Fill;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.orders.OrderEvent;
import com.marketmaker.core.strategy.MakerParameters;
import com.marketmaker.core.strategy.StrategyConfig;

/**
 * The journaled facts of one instrument. Everything that cannot be rebuilt from the venue is one of
 * these; the order book and the market signals are not journaled.
 */
public sealed interface SymbolEvent extends CborSerializable {

  /** Wall-clock time of the command that caused the event, epoch milliseconds. */
  long timestampMillis();

  /** Quoting switched on, with the instrument's grid and the parameters, by an operator. */
  record MakingStarted(
      InstrumentSpec spec,
      MakerParameters parameters,
      StrategyConfig strategy,
      String requestedBy,
      long timestampMillis)
      implements SymbolEvent {}

  /** Quoting switched off by an operator. Inventory stays. */
  record MakingStopped(String requestedBy, long timestampMillis) implements SymbolEvent {}

  /** New strategy parameters, by an operator. */
  record ParametersUpdated(
      MakerParameters parameters, StrategyConfig strategy, String requestedBy, long timestampMillis)
      implements SymbolEvent {
    /** A parameter change that keeps the strategy (also how older journals read). */
    public ParametersUpdated(MakerParameters parameters, String requestedBy, long timestampMillis) {
      this(parameters, null, requestedBy, timestampMillis);
    }
  }

  /** A venue fill booked into the position; never journaled twice for one trade id. */
  record FillBooked(Fill fill, long timestampMillis) implements SymbolEvent {}

  /**
   * One change of the order ledger (a request decided, a venue answer, a user-data report, a
   * reconciliation), with the venue's top of book when it was journaled, which marks its fills.
   */
  record OrderEventJournaled(OrderEvent event, long bidTicks, long askTicks, long timestampMillis)
      implements SymbolEvent {}

  /**
   * Quoting halted: every order cancelled, nothing placed until cleared.
   *
   * @param cause the breached risk check, or KILL_SWITCH
   * @param requestedBy the operator for a kill, "risk" for a breach
   */
  record Halted(String cause, String reason, String requestedBy, long timestampMillis)
      implements SymbolEvent {}

  /** A halt lifted, by an operator or at the end of its cool-off ("risk"). */
  record HaltCleared(String requestedBy, long timestampMillis) implements SymbolEvent {}

  /**
   * The instrument left node {@code fromNode} in an orderly way (a rolling restart, a rebalance)
   * with its quotes working at the venue, for its next incarnation to take over.
   */
  record HandedOff(String fromNode, long timestampMillis) implements SymbolEvent {}
}
