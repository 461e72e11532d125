package com.marketmaker.streams.recorder;

import com.marketmaker.actors.feed.FeedEvent;
import com.marketmaker.core.book.OrderBook;
import com.marketmaker.core.book.TreeMapOrderBook;
import com.marketmaker.core.feed.BookTicker;
import com.marketmaker.core.feed.DepthUpdate;
import com.marketmaker.core.sync.BinanceBookSync;
import com.marketmaker.core.sync.BookSync;
import java.util.HashMap;
import java.util.Map;

/**
 * A book rebuilt from a REST snapshot and the feed's diffs with core's {@link BinanceBookSync},
 * checked against the venue's own oracle: every bookTicker whose {@code u} equals an applied diff's
 * final id must show that book's best bid and ask (price and size).
 */
final class TickerOracle {

  final BinanceBookSync sync;
  private final Map<Long, long[]> topAfterDiff = new HashMap<>();
  private final Map<Long, long[]> pendingTickers = new HashMap<>();
  int diffs;
  int tickers;
  int trades;
  int resyncs;
  int matched;
  String mismatch;

  TickerOracle(BinanceBookSync.Rule rule) {
    this.sync = new BinanceBookSync(new TreeMapOrderBook(), rule);
  }

  /** Summary compared between runs. */
  record Result(int diffs, int tickers, int trades, int matched, long gaps, boolean live) {}

  Result result() {
    return new Result(diffs, tickers, trades, matched, sync.gapCount(), sync.isLive());
  }

  int received() {
    return diffs + tickers + trades;
  }

  void onSnapshot(DepthUpdate snapshot) {
    sync.onSnapshot(snapshot);
  }

  void onEvent(FeedEvent e) {
    if (e instanceof FeedEvent.Depth d) {
      diffs++;
      DepthUpdate u = d.update();
      if (sync.onDepthUpdate(u) == BookSync.Outcome.APPLIED) {
        OrderBook b = sync.book();
        long[] top = {b.bestBid(), b.bestBidSize(), b.bestAsk(), b.bestAskSize()};
        topAfterDiff.put(u.finalUpdateId, top);
        long[] t = pendingTickers.remove(u.finalUpdateId);
        if (t != null) {
          compare(t, top, u.finalUpdateId);
        }
      }
    } else if (e instanceof FeedEvent.Ticker t) {
      tickers++;
      BookTicker bt = t.ticker();
      long[] ticker = {bt.bidPrice, bt.bidSize, bt.askPrice, bt.askSize};
      long[] top = topAfterDiff.get(bt.updateId);
      if (top != null) {
        compare(ticker, top, bt.updateId);
      } else {
        pendingTickers.put(bt.updateId, ticker);
      }
    } else if (e instanceof FeedEvent.PublicTrade) {
      trades++;
    } else if (e instanceof FeedEvent.Resync) {
      resyncs++;
    }
  }

  private void compare(long[] ticker, long[] top, long u) {
    for (int i = 0; i < 4; i++) {
      if (ticker[i] != top[i] && mismatch == null) {
        mismatch = "bookTicker at u=" + u + " field " + i + ": " + ticker[i] + " != " + top[i];
      }
    }
    matched++;
  }
}
