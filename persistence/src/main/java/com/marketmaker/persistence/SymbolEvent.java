package com.marketmaker.persistence;

import com.marketmaker.core.accounting.Fill;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.strategy.MakerParameters;

/**
 * The journaled facts of one instrument. Everything that cannot be rebuilt from the venue is one of
 * these; the order book and the market signals are not journaled.
 */
public sealed interface SymbolEvent extends CborSerializable {

  /** Wall-clock time of the command that caused the event, epoch milliseconds. */
  long timestampMillis();

  /** Quoting switched on, with the instrument's grid and the parameters, by an operator. */
  record MakingStarted(
      InstrumentSpec spec, MakerParameters parameters, String requestedBy, long timestampMillis)
      implements SymbolEvent {}

  /** Quoting switched off by an operator. Inventory stays. */
  record MakingStopped(String requestedBy, long timestampMillis) implements SymbolEvent {}

  /** New strategy parameters, by an operator. */
  record ParametersUpdated(MakerParameters parameters, String requestedBy, long timestampMillis)
      implements SymbolEvent {}

  /** A venue fill booked into the position; never journaled twice for one trade id. */
  record FillBooked(Fill fill, long timestampMillis) implements SymbolEvent {}
}
