package com.marketmaker.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.marketmaker.core.book.OrderBook;
import com.marketmaker.core.book.PriceLadderOrderBook;
import com.marketmaker.core.book.Side;
import com.marketmaker.core.feed.DepthUpdate;
import org.junit.jupiter.api.Test;

/** Binance sequencing rules on small hand-made streams. */
class BinanceBookSyncTest {

  private static DepthUpdate diff(long first, long last, long previous, long bidPrice, long size) {
    DepthUpdate d = new DepthUpdate();
    d.firstUpdateId = first;
    d.finalUpdateId = last;
    d.previousFinalUpdateId = previous;
    d.bids.add(bidPrice, size);
    return d;
  }

  private static DepthUpdate snapshot(long lastUpdateId) {
    DepthUpdate s = new DepthUpdate();
    s.firstUpdateId = lastUpdateId;
    s.finalUpdateId = lastUpdateId;
    s.bids.add(100, 1);
    s.asks.add(101, 1);
    return s;
  }

  @Test
  void spotGapDuringReplayKeepsLaterDiffsInOrder() {
    OrderBook book = new PriceLadderOrderBook();
    BinanceBookSync sync = new BinanceBookSync(book, BinanceBookSync.Rule.SPOT);
    sync.onDepthUpdate(diff(1, 5, -1, 90, 1));
    sync.onDepthUpdate(diff(6, 8, -1, 91, 1));
    sync.onDepthUpdate(diff(10, 12, -1, 92, 1)); // 9 is missing
    sync.onDepthUpdate(diff(13, 15, -1, 93, 1));
    assertEquals(4, sync.bufferedCount());
    sync.onSnapshot(snapshot(5));
    // [1,5] is stale, [6,8] bridges 5+1, [10,12] exposes the gap.
    assertEquals(SyncStatus.GAP_NEEDS_SNAPSHOT, sync.status());
    assertEquals(1, sync.staleCount());
    assertEquals(2, sync.bufferedCount());
    assertEquals(0, book.levelCount(Side.BID), "an out-of-sync book is emptied");
    // A snapshot at 9 is bridged by [10,12], then [13,15] follows: order was kept.
    sync.onSnapshot(snapshot(9));
    assertEquals(SyncStatus.LIVE, sync.status());
    assertEquals(15, sync.lastUpdateId());
    assertEquals(1, book.sizeAtPrice(Side.BID, 92));
    assertEquals(1, book.sizeAtPrice(Side.BID, 93));
    assertEquals(1, sync.gapCount());
    // Live: the next diff must start at 16.
    assertEquals(BookSync.Outcome.APPLIED, sync.onDepthUpdate(diff(16, 16, -1, 94, 2)));
    assertEquals(BookSync.Outcome.STALE, sync.onDepthUpdate(diff(14, 16, -1, 94, 3)));
    assertEquals(BookSync.Outcome.GAP, sync.onDepthUpdate(diff(18, 20, -1, 95, 1)));
  }

  @Test
  void usdmUsesPreviousFinalUpdateId() {
    OrderBook book = new PriceLadderOrderBook();
    BinanceBookSync sync = new BinanceBookSync(book, BinanceBookSync.Rule.USDM_FUTURES);
    sync.onSnapshot(snapshot(100));
    // Futures: drop u < lastUpdateId; the first applied has U <= 100 <= u.
    assertEquals(BookSync.Outcome.STALE, sync.onDepthUpdate(diff(90, 99, 89, 90, 1)));
    assertEquals(BookSync.Outcome.APPLIED, sync.onDepthUpdate(diff(95, 100, 94, 91, 1)));
    assertEquals(SyncStatus.LIVE, sync.status());
    // Futures ids are not contiguous: only pu == previous u matters.
    assertEquals(BookSync.Outcome.APPLIED, sync.onDepthUpdate(diff(150, 170, 100, 92, 1)));
    assertEquals(BookSync.Outcome.GAP, sync.onDepthUpdate(diff(180, 190, 175, 93, 1)));
    assertEquals(SyncStatus.GAP_NEEDS_SNAPSHOT, sync.status());
  }

  @Test
  void bufferIsBounded() {
    BinanceBookSync sync =
        new BinanceBookSync(new PriceLadderOrderBook(), BinanceBookSync.Rule.SPOT, 3);
    for (int i = 0; i < 10; i++) {
      sync.onDepthUpdate(diff(i * 10 + 1, i * 10 + 10, -1, 90, 1));
    }
    assertEquals(3, sync.bufferedCount());
    assertEquals(7, sync.droppedFromBuffer());
    // The oldest kept diff starts at 71: a snapshot at 50 cannot be bridged.
    sync.onSnapshot(snapshot(50));
    assertEquals(SyncStatus.GAP_NEEDS_SNAPSHOT, sync.status());
  }

  @Test
  void aSnapshotAheadOfTheBufferedDiffsIsLiveAtOnceAndTheNextDiffMustStillBridgeIt() {
    for (BinanceBookSync.Rule rule : BinanceBookSync.Rule.values()) {
      boolean spot = rule == BinanceBookSync.Rule.SPOT;
      OrderBook book = new PriceLadderOrderBook();
      BinanceBookSync sync = new BinanceBookSync(book, rule);
      sync.onDepthUpdate(diff(1, 5, 0, 90, 1));
      sync.onDepthUpdate(diff(6, 8, 5, 91, 1));
      // Taken after both diffs and before the next (a quiet book: nothing changed since 9).
      sync.onSnapshot(snapshot(9));
      assertEquals(SyncStatus.LIVE, sync.status(), rule + ": the venue's book as of 9");
      assertEquals(2, sync.staleCount());
      assertEquals(1, book.sizeAtPrice(Side.BID, 100));
      assertEquals(0, book.sizeAtPrice(Side.BID, 91), "the older diffs are not applied");
      // Still bridging: an older diff is dropped, one that does not bridge 9 is a gap.
      assertEquals(BookSync.Outcome.STALE, sync.onDepthUpdate(diff(7, 8, 6, 92, 1)));
      assertEquals(SyncStatus.LIVE, sync.status());
      long bridgeFirst = spot ? 10 : 9;
      assertEquals(
          BookSync.Outcome.GAP, sync.onDepthUpdate(diff(bridgeFirst + 1, 14, 8, 93, 1)), rule + "");
      assertEquals(0, book.levelCount(Side.BID), "an out-of-sync book is emptied");

      BinanceBookSync again = new BinanceBookSync(new PriceLadderOrderBook(), rule);
      again.onDepthUpdate(diff(1, 5, 0, 90, 1));
      again.onSnapshot(snapshot(9));
      assertEquals(SyncStatus.LIVE, again.status());
      // The bridging diff applies on the spot rule U <= 10 <= u, USD-M U <= 9 <= u.
      assertEquals(
          BookSync.Outcome.APPLIED, again.onDepthUpdate(diff(bridgeFirst - 1, 12, 5, 94, 2)));
      assertEquals(2, again.book().sizeAtPrice(Side.BID, 94));
      // From then on, the ordinary sequence rule.
      assertEquals(BookSync.Outcome.APPLIED, again.onDepthUpdate(diff(13, 13, 12, 95, 1)));
      assertEquals(BookSync.Outcome.GAP, again.onDepthUpdate(diff(15, 16, 14, 96, 1)));
    }
  }

  @Test
  void aSnapshotWithNoDiffBeforeItWaitsForTheBridgingDiff() {
    BinanceBookSync sync =
        new BinanceBookSync(new PriceLadderOrderBook(), BinanceBookSync.Rule.SPOT);
    sync.onSnapshot(snapshot(9));
    assertEquals(SyncStatus.SYNCING, sync.status(), "nothing shows the stream delivers");
    assertEquals(BookSync.Outcome.APPLIED, sync.onDepthUpdate(diff(10, 11, -1, 91, 1)));
    assertEquals(SyncStatus.LIVE, sync.status());
    BinanceBookSync other =
        new BinanceBookSync(new PriceLadderOrderBook(), BinanceBookSync.Rule.SPOT);
    other.onSnapshot(snapshot(9));
    assertEquals(BookSync.Outcome.STALE, other.onDepthUpdate(diff(5, 9, -1, 90, 1)));
    assertEquals(SyncStatus.LIVE, other.status(), "an older diff after the snapshot shows it");
    assertEquals(BookSync.Outcome.GAP, other.onDepthUpdate(diff(11, 12, -1, 91, 1)));
  }
}
