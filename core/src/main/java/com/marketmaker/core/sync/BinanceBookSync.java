package com.marketmaker.core.sync;

import com.marketmaker.core.book.OrderBook;
import com.marketmaker.core.book.Side;
import com.marketmaker.core.feed.DepthUpdate;
import java.util.ArrayDeque;

/**
 * Binance "how to manage a local order book correctly", for spot and USD-M futures.
 *
 * <ol>
 *   <li>Buffer diffs while waiting for the REST snapshot (and after a gap, until a new one).
 *   <li>On the snapshot: load it, then replay the buffer. Drop diffs older than the snapshot (spot:
 *       {@code u <= lastUpdateId}; USD-M: {@code u < lastUpdateId}).
 *   <li>The first diff applied must bridge the snapshot (spot: {@code U <= lastUpdateId+1 <= u};
 *       USD-M: {@code U <= lastUpdateId <= u}).
 *   <li>Once a diff older than the snapshot has been seen (buffered before it, or arriving after
 *       it), the stream is shown to deliver and to be behind the snapshot, so the snapshot is the
 *       venue's book as of now: the book is live at once, as it is after applying a diff, and the
 *       next newer diff must still bridge the snapshot as above. Waiting for that diff would leave
 *       a quiet instrument (no change to its book for seconds) unquoted though its book is known
 *       exactly. A snapshot before any diff proves nothing about the stream and waits.
 *   <li>Every later diff must follow its predecessor (spot: {@code U == previous u + 1}; USD-M:
 *       {@code pu == previous u}). Anything else is a gap: the book is cleared and a new snapshot
 *       is needed.
 * </ol>
 */
public final class BinanceBookSync extends BookSync {

  /** Which of Binance's sequencing rules applies. */
  public enum Rule {
    SPOT,
    USDM_FUTURES
  }

  private final Rule rule;
  private final int maxBuffered;
  private final ArrayDeque<DepthUpdate> buffer = new ArrayDeque<>();
  private boolean haveSnapshot;
  private long snapshotId = DepthUpdate.NO_ID;
  private long lastAppliedId = DepthUpdate.NO_ID;
  private long droppedFromBuffer;

  /** The next diff must bridge the snapshot (it may be live already: see the class comment). */
  private boolean bridgePending;

  /**
   * @param maxBuffered diffs kept while waiting for a snapshot; the oldest are dropped beyond it
   *     (the bridge check then fails and asks for a fresher snapshot)
   */
  public BinanceBookSync(OrderBook book, Rule rule, int maxBuffered) {
    super(book);
    this.rule = rule;
    this.maxBuffered = maxBuffered;
  }

  public BinanceBookSync(OrderBook book, Rule rule) {
    this(book, rule, 10_000);
  }

  /** The {@code u} of the last diff applied (or the snapshot's lastUpdateId). */
  public long lastUpdateId() {
    return lastAppliedId;
  }

  /** Diffs waiting for a snapshot. */
  public int bufferedCount() {
    return buffer.size();
  }

  /** Buffered diffs discarded because the buffer was full. */
  public long droppedFromBuffer() {
    return droppedFromBuffer;
  }

  /**
   * Feeds one decoded diff. The object is copied if it has to be buffered, so a decoder may reuse
   * it.
   */
  public Outcome onDepthUpdate(DepthUpdate update) {
    if (!haveSnapshot) {
      while (buffer.size() >= maxBuffered) {
        buffer.pollFirst();
        droppedFromBuffer++;
      }
      buffer.addLast(update.copy());
      return Outcome.BUFFERED;
    }
    return process(update);
  }

  /**
   * Forgets the book and every buffered diff because diffs may have been lost before they reached
   * this sync (a reconnect, an overflowing buffer upstream). The book is out of sync until a new
   * snapshot.
   */
  @Override
  public void invalidate(String reason) {
    haveSnapshot = false;
    buffer.clear();
    gap(reason);
  }

  /** Loads a REST depth snapshot, then replays the diffs buffered so far. */
  public void onSnapshot(DepthUpdate snapshot) {
    book.clear();
    snapshot.bids.applyTo(book, Side.BID);
    snapshot.asks.applyTo(book, Side.ASK);
    snapshotId = snapshot.finalUpdateId;
    lastAppliedId = snapshotId;
    haveSnapshot = true;
    bridgePending = true;
    setStatus(SyncStatus.SYNCING);
    snapshotLoaded();
    while (!buffer.isEmpty() && haveSnapshot) {
      process(buffer.pollFirst());
    }
  }

  private Outcome process(DepthUpdate d) {
    long first = d.firstUpdateId;
    long last = d.finalUpdateId;
    if (bridgePending) {
      boolean older = rule == Rule.SPOT ? last <= snapshotId : last < snapshotId;
      if (older) {
        // The stream delivers, and is behind the snapshot: the snapshot is the book as of now.
        setStatus(SyncStatus.LIVE);
        return stale();
      }
      long bridge = rule == Rule.SPOT ? snapshotId + 1 : snapshotId;
      if (first <= bridge && bridge <= last) {
        bridgePending = false;
        setStatus(SyncStatus.LIVE);
        return apply(d);
      }
      return gapAndBuffer(
          d, "first diff [" + first + ", " + last + "] does not bridge snapshot " + snapshotId);
    }
    boolean inSequence =
        rule == Rule.SPOT ? first == lastAppliedId + 1 : d.previousFinalUpdateId == lastAppliedId;
    if (inSequence) {
      return apply(d);
    }
    if (last <= lastAppliedId) {
      return stale(); // a replayed diff the book already contains
    }
    return gapAndBuffer(
        d,
        rule == Rule.SPOT
            ? "diff U=" + first + " after u=" + lastAppliedId
            : "diff pu=" + d.previousFinalUpdateId + " after u=" + lastAppliedId);
  }

  private Outcome apply(DepthUpdate d) {
    d.bids.applyTo(book, Side.BID);
    d.asks.applyTo(book, Side.ASK);
    lastAppliedId = d.finalUpdateId;
    return applied();
  }

  private Outcome gapAndBuffer(DepthUpdate d, String reason) {
    haveSnapshot = false;
    Outcome o = gap(reason);
    // Keep the diff that exposed the gap: it may bridge the next snapshot. It goes in front:
    // during a snapshot's replay the buffer still holds the diffs that came after it.
    buffer.addFirst(d.copy());
    return o;
  }
}
