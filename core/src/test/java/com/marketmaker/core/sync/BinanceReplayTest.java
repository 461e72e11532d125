package com.marketmaker.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.book.OrderBook;
import com.marketmaker.core.book.PriceLadderOrderBook;
import com.marketmaker.core.book.Side;
import com.marketmaker.core.book.TreeMapOrderBook;
import com.marketmaker.core.feed.BinanceDecoder;
import com.marketmaker.core.feed.BookTicker;
import com.marketmaker.core.feed.DepthUpdate;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.testsupport.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rebuilds Binance books from the recorded snapshot and diffs and checks them against the venue's
 * own bookTicker messages: wherever a bookTicker's update id equals the {@code u} of an applied
 * diff, both refer to the same book state and best bid/ask price and size must be equal.
 */
class BinanceReplayTest {

  // Spot book quantities are aggregates of orders placed under older, finer step sizes (e.g.
  // 25.426189 BTC), so the book's size grid is the feed's 8-decimal precision, not the order lot.
  private static final InstrumentSpec SPOT_BTC =
      InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "BTCUSDT"), "0.01", "0.00000001");
  private static final InstrumentSpec SPOT_ETH =
      InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "ETHUSDT"), "0.01", "0.00000001");
  private static final InstrumentSpec USDM_BTC =
      InstrumentSpec.of(new InstrumentId(Venue.BINANCE_USDM, "BTCUSDT"), "0.10", "0.001");
  private static final InstrumentSpec USDM_ETH =
      InstrumentSpec.of(new InstrumentId(Venue.BINANCE_USDM, "ETHUSDT"), "0.01", "0.001");

  /** Result of replaying one file. */
  record FileResult(int depthApplied, int tickersMatched, int tickers) {}

  /** Replays files in order through one decoder and sync, checking bookTickers per file. */
  static final class Replay {
    final BinanceDecoder decoder;
    final BinanceBookSync sync;
    final Map<Long, long[]> topAfterDiff = new HashMap<>();
    final Map<Long, long[]> pendingTickers = new HashMap<>();
    int matched;
    int applied;
    int tickers;

    Replay(InstrumentSpec spec, OrderBook book, BinanceBookSync.Rule rule) {
      decoder = new BinanceDecoder(spec);
      sync = new BinanceBookSync(book, rule);
    }

    FileResult run(List<String> lines, long skipDiffWithU) {
      int matchedBefore = matched;
      int appliedBefore = applied;
      int tickersBefore = tickers;
      for (String line : lines) {
        byte[] json = line.substring(line.indexOf(' ') + 1).getBytes(StandardCharsets.US_ASCII);
        BinanceDecoder.Kind kind = decoder.decode(json);
        switch (kind) {
          case SNAPSHOT -> sync.onSnapshot(decoder.depth());
          case DEPTH_UPDATE -> {
            DepthUpdate d = decoder.depth();
            if (d.firstUpdateId == skipDiffWithU) {
              continue;
            }
            if (sync.onDepthUpdate(d) == BookSync.Outcome.APPLIED) {
              applied++;
              OrderBook b = sync.book();
              long[] top = {b.bestBid(), b.bestBidSize(), b.bestAsk(), b.bestAskSize()};
              topAfterDiff.put(d.finalUpdateId, top);
              long[] ticker = pendingTickers.remove(d.finalUpdateId);
              if (ticker != null) {
                compare(ticker, top, d.finalUpdateId);
              }
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
          case TRADE, IGNORED -> {}
          case REJECTED ->
              throw new AssertionError(
                  "rejected real message: " + decoder.rejections().lastDetail() + " in " + line);
        }
      }
      return new FileResult(
          applied - appliedBefore, matched - matchedBefore, tickers - tickersBefore);
    }

    private void compare(long[] ticker, long[] top, long u) {
      assertEquals(ticker[0], top[0], () -> "best bid price at u=" + u);
      assertEquals(ticker[1], top[1], () -> "best bid size at u=" + u);
      assertEquals(ticker[2], top[2], () -> "best ask price at u=" + u);
      assertEquals(ticker[3], top[3], () -> "best ask size at u=" + u);
      matched++;
    }
  }

  private static void replayAndCheck(
      InstrumentSpec spec, BinanceBookSync.Rule rule, int minMatchedPerFile, String... files)
      throws IOException {
    for (OrderBook book : new OrderBook[] {new PriceLadderOrderBook(), new TreeMapOrderBook()}) {
      Replay replay = new Replay(spec, book, rule);
      for (String f : files) {
        FileResult r = replay.run(SharedData.lines("binance/" + f), DepthUpdate.NO_ID);
        System.out.printf(
            "%s %s: %d diffs applied, %d of %d bookTickers at a diff's final id, all matched%n",
            f, book.getClass().getSimpleName(), r.depthApplied(), r.tickersMatched(), r.tickers());
        assertTrue(r.depthApplied() > 2500, f + " applied diffs");
        assertTrue(
            r.tickersMatched() >= minMatchedPerFile,
            f + ": only " + r.tickersMatched() + " bookTickers matched");
      }
      assertEquals(0, replay.sync.gapCount(), () -> "gaps: " + replay.sync.lastGapReason());
      assertEquals(1, replay.sync.snapshotCount());
      assertTrue(replay.sync.isLive());
      assertEquals(0, replay.decoder.rejections().total());
      assertFalse(replay.sync.book().isCrossed());
    }
  }

  @Test
  void spotBtcusdtMatchesEveryBookTickerAcrossBothFiles() throws IOException {
    replayAndCheck(
        SPOT_BTC,
        BinanceBookSync.Rule.SPOT,
        400,
        "spot_btcusdt_20240808.gz",
        "spot_btcusdt_20240809.gz");
  }

  @Test
  void spotEthusdtMatchesEveryBookTickerAcrossBothFiles() throws IOException {
    replayAndCheck(
        SPOT_ETH,
        BinanceBookSync.Rule.SPOT,
        400,
        "spot_ethusdt_20240808.gz",
        "spot_ethusdt_20240809.gz");
  }

  @Test
  void usdmBtcusdtMatchesEveryBookTicker() throws IOException {
    replayAndCheck(USDM_BTC, BinanceBookSync.Rule.USDM_FUTURES, 400, "usdm_btcusdt_20240808.gz");
  }

  @Test
  void usdmEthusdtMatchesEveryBookTicker() throws IOException {
    replayAndCheck(USDM_ETH, BinanceBookSync.Rule.USDM_FUTURES, 400, "usdm_ethusdt_20240808.gz");
  }

  @Test
  void missingDiffIsDetectedAsGapAndBookStaysOutOfSyncUntilNewSnapshot() throws IOException {
    List<String> lines = SharedData.lines("binance/spot_btcusdt_20240808.gz");
    BinanceDecoder decoder = new BinanceDecoder(SPOT_BTC);
    BinanceBookSync truth = new BinanceBookSync(new TreeMapOrderBook(), BinanceBookSync.Rule.SPOT);
    BinanceBookSync broken =
        new BinanceBookSync(new PriceLadderOrderBook(), BinanceBookSync.Rule.SPOT);
    int diffsAfterSync = 0;
    int dropAt = 500;
    int resnapshotAt = 600;
    int checkedAfterResync = 0;
    for (String line : lines) {
      byte[] json = line.substring(line.indexOf(' ') + 1).getBytes(StandardCharsets.US_ASCII);
      BinanceDecoder.Kind kind = decoder.decode(json);
      if (kind == BinanceDecoder.Kind.SNAPSHOT) {
        truth.onSnapshot(decoder.depth());
        broken.onSnapshot(decoder.depth());
        continue;
      }
      if (kind != BinanceDecoder.Kind.DEPTH_UPDATE) {
        continue;
      }
      DepthUpdate d = decoder.depth();
      BookSync.Outcome t = truth.onDepthUpdate(d);
      if (!truth.isLive()) {
        broken.onDepthUpdate(d);
        continue;
      }
      assertEquals(BookSync.Outcome.APPLIED, t);
      diffsAfterSync++;
      if (diffsAfterSync == dropAt) {
        continue; // the diff lost in transit
      }
      BookSync.Outcome b = broken.onDepthUpdate(d);
      if (diffsAfterSync < dropAt) {
        assertEquals(BookSync.Outcome.APPLIED, b);
        assertEquals(truth.book().stateHash(), broken.book().stateHash());
      } else if (diffsAfterSync == dropAt + 1) {
        assertEquals(BookSync.Outcome.GAP, b, "the diff after the lost one exposes the gap");
        assertEquals(SyncStatus.GAP_NEEDS_SNAPSHOT, broken.status());
        assertTrue(broken.lastGapReason().contains("U=" + d.firstUpdateId));
      } else if (diffsAfterSync < resnapshotAt) {
        assertEquals(BookSync.Outcome.BUFFERED, b, "no diff is applied to an out-of-sync book");
        assertEquals(SyncStatus.GAP_NEEDS_SNAPSHOT, broken.status());
        assertEquals(0, broken.book().levelCount(Side.BID));
      } else if (diffsAfterSync == resnapshotAt) {
        // A fresh REST snapshot, taken from the correct book at the current update id.
        broken.onSnapshot(snapshotOf(truth.book(), d.finalUpdateId));
        // Newer than every diff buffered since the gap: the book is the venue's as of now.
        assertEquals(SyncStatus.LIVE, broken.status(), "a snapshot ahead of the stream is live");
        assertEquals(truth.book().stateHash(), broken.book().stateHash());
      } else {
        assertEquals(BookSync.Outcome.APPLIED, b);
        assertEquals(SyncStatus.LIVE, broken.status());
        assertEquals(truth.book().stateHash(), broken.book().stateHash());
        checkedAfterResync++;
      }
    }
    assertEquals(1, broken.gapCount());
    assertEquals(0, truth.gapCount());
    assertTrue(checkedAfterResync > 1000, "resynced book followed the truth afterwards");
    assertTrue(broken.staleCount() > 0, "buffered diffs older than the new snapshot dropped");
  }

  private static DepthUpdate snapshotOf(OrderBook book, long lastUpdateId) {
    DepthUpdate s = new DepthUpdate();
    s.firstUpdateId = lastUpdateId;
    s.finalUpdateId = lastUpdateId;
    book.forEachLevel(
        Side.BID,
        (p, q) -> {
          s.bids.add(p, q);
          return true;
        });
    book.forEachLevel(
        Side.ASK,
        (p, q) -> {
          s.asks.add(p, q);
          return true;
        });
    return s;
  }
}
