package com.marketmaker.simulator;

import com.marketmaker.core.book.OrderBook;
import com.marketmaker.core.book.TreeMapOrderBook;
import com.marketmaker.core.feed.BinanceDecoder;
import com.marketmaker.core.feed.BookTicker;
import com.marketmaker.core.feed.DepthUpdate;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.sync.BinanceBookSync;
import com.marketmaker.core.sync.BookSync;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * What a genuine Binance client does with the frames: buffer diffs, fetch the REST snapshot after
 * the first diff, sync with core's {@link BinanceBookSync}, and check every bookTicker whose {@code
 * u} equals an applied diff's final id against its own book.
 */
final class BookSyncClient {

  interface SnapshotSource {
    String fetch() throws Exception;
  }

  final InstrumentSpec spec;
  final BinanceDecoder decoder;
  final BinanceBookSync sync;
  private final SnapshotSource snapshots;
  private final Map<Long, long[]> topAfterDiff = new HashMap<>();
  private final Map<Long, long[]> pendingTickers = new HashMap<>();
  boolean snapshotRequested;
  int tickersMatched;
  int tickers;
  int diffs;
  int trades;
  int rejected;
  String mismatch;

  BookSyncClient(InstrumentSpec spec, BinanceBookSync.Rule rule, SnapshotSource snapshots) {
    this.spec = spec;
    this.decoder = new BinanceDecoder(spec);
    this.sync = new BinanceBookSync(new TreeMapOrderBook(), rule);
    this.snapshots = snapshots;
  }

  /** Handles one received frame. */
  void onFrame(String text) throws Exception {
    switch (decoder.decode(text.getBytes(StandardCharsets.UTF_8))) {
      case DEPTH_UPDATE -> {
        diffs++;
        DepthUpdate d = decoder.depth();
        BookSync.Outcome o = sync.onDepthUpdate(d);
        if (o == BookSync.Outcome.APPLIED) {
          OrderBook b = sync.book();
          long[] top = {b.bestBid(), b.bestBidSize(), b.bestAsk(), b.bestAskSize()};
          topAfterDiff.put(d.finalUpdateId, top);
          long[] t = pendingTickers.remove(d.finalUpdateId);
          if (t != null) {
            compare(t, top, d.finalUpdateId);
          }
        }
        if (!snapshotRequested) {
          snapshotRequested = true;
          resync();
        }
      }
      case BOOK_TICKER -> {
        tickers++;
        BookTicker t = decoder.bookTicker();
        long[] ticker = {t.bidPrice, t.bidSize, t.askPrice, t.askSize};
        long[] top = topAfterDiff.get(t.updateId);
        if (top != null) {
          compare(ticker, top, t.updateId);
        } else {
          pendingTickers.put(t.updateId, ticker);
        }
      }
      case TRADE -> trades++;
      case REJECTED -> rejected++;
      default -> {}
    }
  }

  /** Fetches a REST snapshot and loads it. */
  void resync() throws Exception {
    BinanceDecoder snapDecoder = new BinanceDecoder(spec);
    if (snapDecoder.decode(snapshots.fetch().getBytes(StandardCharsets.UTF_8))
        != BinanceDecoder.Kind.SNAPSHOT) {
      throw new AssertionError("bad snapshot: " + snapDecoder.rejections().lastDetail());
    }
    sync.onSnapshot(snapDecoder.depth());
  }

  private void compare(long[] ticker, long[] top, long u) {
    for (int i = 0; i < 4; i++) {
      if (ticker[i] != top[i] && mismatch == null) {
        mismatch = "bookTicker at u=" + u + " field " + i + ": " + ticker[i] + " != " + top[i];
      }
    }
    tickersMatched++;
  }
}
