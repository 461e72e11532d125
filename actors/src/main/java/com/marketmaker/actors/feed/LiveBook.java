package com.marketmaker.actors.feed;

import com.marketmaker.core.book.OrderBook;
import com.marketmaker.core.book.PriceLadderOrderBook;
import com.marketmaker.core.book.Side;
import com.marketmaker.core.feed.BookTicker;
import com.marketmaker.core.feed.DepthUpdate;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.signals.BookSignals;
import com.marketmaker.core.sync.BinanceBookSync;
import com.marketmaker.core.sync.BookSync;
import com.marketmaker.core.sync.SyncStatus;
import com.marketmaker.persistence.CborSerializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * An instrument's order book as its entity keeps it: never journaled, rebuilt from a venue snapshot
 * after every start, recovery, reconnect or gap, through core's sync state machine.
 *
 * <p>It also checks itself against the venue: each book ticker whose update id equals the final id
 * of an applied diff must show the same best bid and ask, price and size, as the book at that id.
 * Tickers arrive on their own stream, before or after the diff, so the tops of the last diffs and
 * the tickers ahead of the book are both kept for a short while.
 */
public final class LiveBook {

  private static final int REMEMBERED = 256;

  private final InstrumentSpec spec;
  private final BinanceBookSync sync;
  private final ArrayDeque<long[]> recentTops =
      new ArrayDeque<>(); // {u, bid, bidSize, ask, askSize}
  private final ArrayDeque<long[]> earlyTickers = new ArrayDeque<>();
  private boolean snapshotRequested;
  private boolean snapshotLoaded;
  private boolean stale;
  private long resyncs;
  private long tickersMatched;
  private long tickersMismatched;
  private long tickersNotComparable;
  private String lastMismatch = "";

  private LiveBook(InstrumentSpec spec, BinanceBookSync sync) {
    this.spec = spec;
    this.sync = sync;
  }

  /** Whether the venue's book protocol is one this class can follow. */
  public static boolean supports(Venue venue) {
    return venue == Venue.BINANCE || venue == Venue.BINANCE_USDM;
  }

  public static LiveBook create(InstrumentSpec spec) {
    Venue venue = spec.id().venue();
    if (!supports(venue)) {
      throw new IllegalArgumentException("no live book for venue " + venue);
    }
    BinanceBookSync.Rule rule =
        venue == Venue.BINANCE_USDM ? BinanceBookSync.Rule.USDM_FUTURES : BinanceBookSync.Rule.SPOT;
    return new LiveBook(spec, new BinanceBookSync(new PriceLadderOrderBook(), rule));
  }

  public OrderBook book() {
    return sync.book();
  }

  public SyncStatus status() {
    return sync.status();
  }

  /** A book that may be quoted from: in sequence and not silent. */
  public boolean trusted() {
    return sync.isLive() && !stale;
  }

  /**
   * Applies a diff. Returns true when a (new) snapshot is needed: the book is waiting for its first
   * one, or the diff revealed a gap.
   */
  public boolean onDepth(DepthUpdate update) {
    stale = false;
    BookSync.Outcome outcome = sync.onDepthUpdate(update);
    if (outcome == BookSync.Outcome.APPLIED) {
      rememberTop(update.finalUpdateId);
      checkEarlyTickers(update.finalUpdateId);
    } else if (outcome == BookSync.Outcome.GAP) {
      snapshotRequested = false;
      snapshotLoaded = false;
      forgetTops();
    }
    return needsSnapshot();
  }

  /**
   * Whether a snapshot should be fetched now: none is being fetched, and the book either has none
   * or lost it to a gap. A loaded snapshot that is newer than the diffs received so far is not
   * replaced: the sync waits for the diff that bridges it.
   */
  public boolean needsSnapshot() {
    return !snapshotRequested
        && (sync.status() == SyncStatus.GAP_NEEDS_SNAPSHOT
            || (sync.status() == SyncStatus.SYNCING && !snapshotLoaded));
  }

  /** Marks a snapshot request as under way. */
  public void snapshotRequested() {
    snapshotRequested = true;
  }

  /** A snapshot arrived; true if the book still needs another one (it was too old). */
  public boolean onSnapshot(DepthUpdate snapshot) {
    snapshotRequested = false;
    forgetTops();
    sync.onSnapshot(snapshot);
    snapshotLoaded = sync.status() != SyncStatus.GAP_NEEDS_SNAPSHOT;
    return !snapshotLoaded;
  }

  /** The snapshot request failed; a later diff or timer asks again. */
  public void onSnapshotFailed() {
    snapshotRequested = false;
  }

  /** Diffs may have been lost upstream: forget the book until a new snapshot. */
  public void resync(String reason) {
    resyncs++;
    snapshotRequested = false;
    snapshotLoaded = false;
    forgetTops();
    earlyTickers.clear();
    sync.invalidate("feed resync: " + reason);
  }

  public void onStale() {
    stale = true;
  }

  public void onTicker(BookTicker t) {
    long last = sync.lastUpdateId();
    if (!sync.isLive() || t.updateId > last) {
      if (earlyTickers.size() == REMEMBERED) {
        earlyTickers.pollFirst();
        tickersNotComparable++;
      }
      earlyTickers.addLast(new long[] {t.updateId, t.bidPrice, t.bidSize, t.askPrice, t.askSize});
      return;
    }
    for (long[] top : recentTops) {
      if (top[0] == t.updateId) {
        compare(top, new long[] {t.updateId, t.bidPrice, t.bidSize, t.askPrice, t.askSize});
        return;
      }
    }
    tickersNotComparable++;
  }

  private void checkEarlyTickers(long appliedId) {
    for (Iterator<long[]> it = earlyTickers.iterator(); it.hasNext(); ) {
      long[] t = it.next();
      if (t[0] == appliedId) {
        compare(recentTops.peekLast(), t);
        it.remove();
      } else if (t[0] < appliedId) {
        tickersNotComparable++; // its id lies inside a diff's range: no book state to compare
        it.remove();
      }
    }
  }

  private void compare(long[] top, long[] ticker) {
    if (top[1] == ticker[1] && top[2] == ticker[2] && top[3] == ticker[3] && top[4] == ticker[4]) {
      tickersMatched++;
    } else {
      tickersMismatched++;
      lastMismatch =
          "at update "
              + ticker[0]
              + ": book "
              + spec.ticksToPrice(top[1])
              + "/"
              + spec.ticksToPrice(top[3])
              + ", venue "
              + spec.ticksToPrice(ticker[1])
              + "/"
              + spec.ticksToPrice(ticker[3]);
    }
  }

  private void rememberTop(long updateId) {
    OrderBook b = sync.book();
    if (recentTops.size() == REMEMBERED) {
      recentTops.pollFirst();
    }
    recentTops.addLast(
        new long[] {updateId, b.bestBid(), b.bestBidSize(), b.bestAsk(), b.bestAskSize()});
  }

  private void forgetTops() {
    recentTops.clear();
  }

  /** What operators see of the book. */
  public record Status(
      String sync,
      boolean trusted,
      boolean stale,
      long lastUpdateId,
      String bestBid,
      String bestBidSize,
      String bestAsk,
      String bestAskSize,
      double mid,
      long spreadTicks,
      double imbalanceTop5,
      long diffsApplied,
      long gaps,
      long snapshots,
      long resyncs,
      long tickersMatched,
      long tickersMismatched,
      long tickersNotComparable,
      String lastGap,
      String lastMismatch)
      implements CborSerializable {}

  public Status status(boolean includeSignals) {
    OrderBook b = sync.book();
    boolean twoSided = b.hasTwoSides();
    return new Status(
        sync.status().name(),
        trusted(),
        stale,
        sync.lastUpdateId(),
        twoSided ? spec.ticksToPrice(b.bestBid()) : null,
        twoSided ? spec.lotsToSize(b.bestBidSize()) : null,
        twoSided ? spec.ticksToPrice(b.bestAsk()) : null,
        twoSided ? spec.lotsToSize(b.bestAskSize()) : null,
        twoSided && includeSignals ? BookSignals.mid(b) * spec.ticksToDouble(1) : Double.NaN,
        twoSided ? BookSignals.spread(b) : -1,
        twoSided && includeSignals ? BookSignals.imbalance(b, 5) : Double.NaN,
        sync.appliedCount(),
        sync.gapCount(),
        sync.snapshotCount(),
        resyncs,
        tickersMatched,
        tickersMismatched,
        tickersNotComparable,
        sync.lastGapReason(),
        lastMismatch);
  }

  /** One price level as decimal text. */
  public record Level(String price, String size) implements CborSerializable {}

  /** The top {@code depth} levels of each side. */
  public record View(
      String sync, boolean trusted, long lastUpdateId, List<Level> bids, List<Level> asks)
      implements CborSerializable {}

  public View view(int depth) {
    OrderBook b = sync.book();
    return new View(
        sync.status().name(),
        trusted(),
        sync.lastUpdateId(),
        levels(b, Side.BID, depth),
        levels(b, Side.ASK, depth));
  }

  private List<Level> levels(OrderBook b, Side side, int depth) {
    int n = Math.min(depth, b.levelCount(side));
    List<Level> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new Level(spec.ticksToPrice(b.priceAt(side, i)), spec.lotsToSize(b.sizeAt(side, i))));
    }
    return out;
  }
}
