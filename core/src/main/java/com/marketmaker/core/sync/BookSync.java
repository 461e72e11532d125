package com.marketmaker.core.sync;

import com.marketmaker.core.book.OrderBook;

/**
 * Venue-independent part of keeping a local book in step with a venue: the book, its {@link
 * SyncStatus}, and the counters an operator needs. Venue rules (sequence numbers, checksums) live
 * in the subclasses; each is a pure state machine fed with decoded messages, with no I/O. When a
 * gap is detected the book is cleared (so stale levels cannot leak into quotes) and the status asks
 * for a new snapshot.
 */
public abstract class BookSync {

  /** What one message did to the book. */
  public enum Outcome {
    /** The message was applied to the book. */
    APPLIED,
    /** Kept until a snapshot arrives. */
    BUFFERED,
    /** Older than the book's state; dropped as the venue's protocol prescribes. */
    STALE,
    /** Out of sequence or failing its checksum: the book is now out of sync. */
    GAP
  }

  protected final OrderBook book;
  private SyncStatus status = SyncStatus.SYNCING;
  private long applied;
  private long stale;
  private long gaps;
  private long snapshots;
  private String lastGapReason;

  protected BookSync(OrderBook book) {
    this.book = book;
  }

  /** The book maintained; trust it only while {@link #status()} is {@link SyncStatus#LIVE}. */
  public OrderBook book() {
    return book;
  }

  public SyncStatus status() {
    return status;
  }

  public boolean isLive() {
    return status == SyncStatus.LIVE;
  }

  public long appliedCount() {
    return applied;
  }

  public long staleCount() {
    return stale;
  }

  public long gapCount() {
    return gaps;
  }

  public long snapshotCount() {
    return snapshots;
  }

  /** Why the last gap was declared, or null if there was none. */
  public String lastGapReason() {
    return lastGapReason;
  }

  protected final void setStatus(SyncStatus status) {
    this.status = status;
  }

  protected final Outcome applied() {
    applied++;
    return Outcome.APPLIED;
  }

  protected final Outcome stale() {
    stale++;
    return Outcome.STALE;
  }

  protected final void snapshotLoaded() {
    snapshots++;
  }

  /**
   * Forgets the book because messages may have been lost before they reached this sync (a
   * reconnect, an overflowing buffer upstream): counted as a gap, the book is cleared and out of
   * sync until a new snapshot.
   */
  public void invalidate(String reason) {
    gap(reason);
  }

  /** Declares the book out of sync: clears it and waits for a new snapshot. */
  protected final Outcome gap(String reason) {
    gaps++;
    lastGapReason = reason;
    status = SyncStatus.GAP_NEEDS_SNAPSHOT;
    book.clear();
    return Outcome.GAP;
  }
}
