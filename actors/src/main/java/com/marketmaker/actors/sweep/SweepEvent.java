package com.marketmaker.actors.sweep;

import com.marketmaker.actors.sweep.SweepProtocol.PointOutcome;
import com.marketmaker.actors.sweep.SweepProtocol.SweepSpec;
import com.marketmaker.persistence.CborSerializable;

/** The journaled facts of the sweep coordinator: sweeps submitted and point outcomes recorded. */
public sealed interface SweepEvent extends CborSerializable {

  /** A sweep was accepted with all its points. */
  record SweepSubmitted(SweepSpec spec) implements SweepEvent {}

  /** A point's outcome, recorded once whichever node ran it and however often it was reported. */
  record PointRecorded(PointOutcome outcome, long timestampMillis) implements SweepEvent {}
}
