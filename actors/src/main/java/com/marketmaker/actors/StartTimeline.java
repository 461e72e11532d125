package com.marketmaker.actors;

import java.util.Locale;

/**
 * How long one incarnation of an instrument took to quote after it started (the shard started it:
 * on a node's start, after a failover or a hand-over), phase by phase: its journal recovered, the
 * venue's orders and trades reconciled, its book in sync with the feed (with the book's own steps:
 * the first diff received, the first depth snapshot's answer, the book first trusted, and then
 * two-sided), and its first quotes sent (the first plan that places an order; one that only pulls
 * what an earlier incarnation left does not count) or its first quotes kept (the first turn that
 * prices the instrument and finds the acknowledged orders an earlier incarnation left all within
 * tolerance, so that it places nothing and manages them from then on). The entity logs it once,
 * then, so that an operator sees what held an instrument after a failover; the phases run partly
 * side by side (the book syncs while the reconciliation is out), so each is given from the start,
 * not from the one before.
 *
 * <p>All times are the entity's clock in nanoseconds. Not thread-safe: the entity's own state.
 */
final class StartTimeline {

  private static final long UNSET = Long.MIN_VALUE;

  private final long startNanos;
  private long recoveredNanos = UNSET;
  private long reconciledNanos = UNSET;
  private long bookNanos = UNSET;
  private long firstDiffNanos = UNSET;
  private long snapshotNanos = UNSET;
  private long liveNanos = UNSET;
  private boolean told;

  StartTimeline(long startNanos) {
    this.startNanos = startNanos;
  }

  /** The journal's recovery completed. */
  void recovered(long nowNanos) {
    if (recoveredNanos == UNSET) {
      recoveredNanos = nowNanos;
    }
  }

  /** The first reconciliation with the venue completed (quoting may start). */
  void reconciled(long nowNanos) {
    if (reconciledNanos == UNSET) {
      reconciledNanos = nowNanos;
    }
  }

  /** Whether the book's first sync has been noted. */
  boolean bookKnown() {
    return bookNanos != UNSET;
  }

  /** The book was first seen in sync with the feed. */
  void bookInSync(long nowNanos) {
    if (bookNanos == UNSET) {
      bookNanos = nowNanos;
    }
  }

  /** The first diff of the feed reached the entity (the stream delivers). */
  void firstDiff(long nowNanos) {
    if (firstDiffNanos == UNSET) {
      firstDiffNanos = nowNanos;
    }
  }

  /** A depth snapshot's answer arrived (the first one counts). */
  void snapshot(long nowNanos) {
    if (snapshotNanos == UNSET) {
      snapshotNanos = nowNanos;
    }
  }

  /** Whether the book has been seen trusted (in sequence, not silent). */
  boolean liveKnown() {
    return liveNanos != UNSET;
  }

  /**
   * The book was first seen trusted; it is in sync once it is also two-sided (or a side was swept
   * only moments ago, see the engine).
   */
  void bookLive(long nowNanos) {
    if (liveNanos == UNSET) {
      liveNanos = nowNanos;
    }
  }

  /** Whether the first quotes have been told. */
  boolean told() {
    return told;
  }

  /**
   * The line to log when quotes have been sent at {@code nowNanos}: the first time, the phases in
   * milliseconds from the start; {@code null} every later time.
   */
  String firstQuotes(long nowNanos) {
    if (told) {
      return null;
    }
    told = true;
    return "first quotes sent " + millis(nowNanos) + " after the entity started " + phases();
  }

  /**
   * The line to log when a turn at {@code nowNanos} kept all {@code orders} acknowledged working
   * orders it found (placing and cancelling nothing) before this incarnation sent any quotes: the
   * first time, the phases in milliseconds from the start; {@code null} once either line was told.
   */
  String firstQuotesKept(long nowNanos, int orders) {
    if (told) {
      return null;
    }
    told = true;
    return String.format(
        Locale.ROOT,
        "first quotes kept %s after the entity started: the %d working orders left before it are"
            + " within tolerance %s",
        millis(nowNanos),
        orders,
        phases());
  }

  private String phases() {
    return String.format(
        Locale.ROOT,
        "(journal recovered at %s, reconciled at %s, book in sync at %s; first diff at %s,"
            + " snapshot at %s, book live at %s)",
        millis(recoveredNanos),
        millis(reconciledNanos),
        millis(bookNanos),
        millis(firstDiffNanos),
        millis(snapshotNanos),
        millis(liveNanos));
  }

  private String millis(long atNanos) {
    if (atNanos == UNSET) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.1f ms", (atNanos - startNanos) / 1e6);
  }
}
