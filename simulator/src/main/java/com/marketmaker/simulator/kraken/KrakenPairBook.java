package com.marketmaker.simulator.kraken;

import com.marketmaker.core.book.OrderBook;
import com.marketmaker.core.book.Side;
import com.marketmaker.core.feed.KrakenBookMessage;
import com.marketmaker.core.instrument.FixedPoint;
import com.marketmaker.core.sync.BookSync;
import com.marketmaker.core.sync.KrakenBookSync;
import java.util.HashMap;
import java.util.Map;

/**
 * The simulator's book of one Kraken pair: the recorded snapshot plus every replayed update,
 * applied (and checksum-verified) with core's {@link KrakenBookSync} at the recorded depth, with
 * each level's Kraken timestamp. Serves the snapshot of a new subscription and the updates of a
 * subscription shallower than the recorded one. Not thread-safe: the venue's lock guards it.
 */
final class KrakenPairBook {

  final KrakenCapture.Pair pair;
  private final KrakenBookSync sync;
  private final KrakenBookMessage message = new KrakenBookMessage();
  private final Map<Long, String> askTimes = new HashMap<>();
  private final Map<Long, String> bidTimes = new HashMap<>();

  KrakenPairBook(KrakenCapture.Pair pair) {
    this.pair = pair;
    this.sync = KrakenCapture.syncOf(pair);
    this.message.spec = pair.spec();
    apply(pair.snapshot());
  }

  OrderBook book() {
    return sync.book();
  }

  /**
   * Applies a recorded snapshot or update.
   *
   * @throws IllegalStateException if its checksum does not verify (the capture is broken)
   */
  void apply(KrakenCapture.BookRecord r) {
    message.snapshot = r.snapshot();
    message.asks.clear();
    message.bids.clear();
    for (KrakenCapture.Level l : r.asks()) {
      message.asks.add(l.price(), l.volume());
    }
    for (KrakenCapture.Level l : r.bids()) {
      message.bids.add(l.price(), l.volume());
    }
    message.checksum = r.checksum();
    BookSync.Outcome o = sync.onMessage(message);
    if (o != BookSync.Outcome.APPLIED) {
      throw new IllegalStateException(pair.name() + ": " + o + " " + sync.lastGapReason());
    }
    if (r.snapshot()) {
      askTimes.clear();
      bidTimes.clear();
    }
    times(r.asks(), askTimes);
    times(r.bids(), bidTimes);
    if (askTimes.size() + bidTimes.size() > 8 * pair.depth()) {
      prune(Side.ASK, askTimes);
      prune(Side.BID, bidTimes);
    }
  }

  private static void times(KrakenCapture.Level[] levels, Map<Long, String> times) {
    for (KrakenCapture.Level l : levels) {
      if (l.volume() == 0) {
        times.remove(l.price());
      } else {
        times.put(l.price(), l.time());
      }
    }
  }

  /** Forgets the times of levels trimmed out of the book. */
  private void prune(Side side, Map<Long, String> times) {
    times.keySet().removeIf(p -> sync.book().sizeAtPrice(side, p) == 0);
  }

  /** The best {@code n} levels of a side: {prices, volumes}. */
  long[][] top(Side side, int n) {
    OrderBook b = sync.book();
    int count = Math.min(n, b.levelCount(side));
    long[][] out = new long[2][count];
    int[] i = {0};
    b.forEachLevel(
        side,
        (price, size) -> {
          if (i[0] >= count) {
            return false;
          }
          out[0][i[0]] = price;
          out[1][i[0]] = size;
          i[0]++;
          return true;
        });
    return out;
  }

  /** {@code [channelID,{"as":[..],"bs":[..]},"book-N","PAIR"]} of the best {@code depth} levels. */
  String snapshotJson(int depth) {
    StringBuilder sb = new StringBuilder(64 + 96 * depth);
    sb.append('[').append(pair.channelId()).append(",{\"as\":[");
    levelsJson(sb, Side.ASK, top(Side.ASK, depth), askTimes);
    sb.append("],\"bs\":[");
    levelsJson(sb, Side.BID, top(Side.BID, depth), bidTimes);
    sb.append("]},\"book-").append(depth).append("\",\"").append(pair.name()).append("\"]");
    return sb.toString();
  }

  private void levelsJson(StringBuilder sb, Side side, long[][] top, Map<Long, String> times) {
    for (int i = 0; i < top[0].length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      level(sb, top[0][i], top[1][i], times.getOrDefault(top[0][i], "0.000000"), false);
    }
  }

  private void level(StringBuilder sb, long price, long volume, String time, boolean republish) {
    sb.append("[\"")
        .append(price(price))
        .append("\",\"")
        .append(volume(volume))
        .append("\",\"")
        .append(time)
        .append(republish ? "\",\"r\"]" : "\"]");
  }

  String price(long ticks) {
    return FixedPoint.format(ticks, pair.priceDecimals());
  }

  String volume(long lots) {
    return FixedPoint.format(lots, pair.volumeDecimals());
  }

  /**
   * The update a subscription of {@code depth} levels (shallower than the recorded depth) gets for
   * recorded update {@code r}, given the best levels before it was applied: the levels of its
   * window that changed or appeared (flagged {@code "r"} when they re-entered the window because
   * better ones went away), and deletions of levels that left the book. Levels pushed out of the
   * window by better ones are not sent: the client trims to its depth, as Kraken documents. Null
   * when the window did not change.
   */
  String windowUpdate(
      KrakenCapture.BookRecord r, long[][] asksBefore, long[][] bidsBefore, int depth) {
    StringBuilder asks = new StringBuilder();
    StringBuilder bids = new StringBuilder();
    windowSide(Side.ASK, r.asks(), asksBefore, depth, askTimes, asks);
    windowSide(Side.BID, r.bids(), bidsBefore, depth, bidTimes, bids);
    if (asks.length() == 0 && bids.length() == 0) {
      return null;
    }
    String c =
        r.checksum() == KrakenBookMessage.NO_CHECKSUM ? "" : ",\"c\":\"" + r.checksum() + "\"";
    StringBuilder sb = new StringBuilder(128).append('[').append(pair.channelId()).append(',');
    if (asks.length() > 0 && bids.length() > 0) {
      sb.append("{\"a\":[").append(asks).append("]},{\"b\":[").append(bids).append(']').append(c);
    } else if (asks.length() > 0) {
      sb.append("{\"a\":[").append(asks).append(']').append(c);
    } else {
      sb.append("{\"b\":[").append(bids).append(']').append(c);
    }
    return sb.append("},\"book-")
        .append(depth)
        .append("\",\"")
        .append(pair.name())
        .append("\"]")
        .toString();
  }

  private void windowSide(
      Side side,
      KrakenCapture.Level[] changed,
      long[][] before,
      int depth,
      Map<Long, String> times,
      StringBuilder out) {
    int n = Math.min(depth, before[0].length);
    Map<Long, Long> old = new HashMap<>(2 * n);
    for (int i = 0; i < n; i++) {
      old.put(before[0][i], before[1][i]);
    }
    Map<Long, String> touched = new HashMap<>();
    for (KrakenCapture.Level l : changed) {
      touched.put(l.price(), l.time());
    }
    long[][] after = top(side, depth);
    java.util.Set<Long> now = new java.util.HashSet<>();
    for (int i = 0; i < after[0].length; i++) {
      long p = after[0][i];
      long v = after[1][i];
      now.add(p);
      Long was = old.get(p);
      if (was == null || was != v) {
        boolean republish = was == null && !touched.containsKey(p);
        separate(out);
        level(out, p, v, times.getOrDefault(p, "0.000000"), republish);
      }
    }
    for (Map.Entry<Long, Long> e : old.entrySet()) {
      long p = e.getKey();
      if (!now.contains(p) && sync.book().sizeAtPrice(side, p) == 0 && touched.containsKey(p)) {
        separate(out);
        level(out, p, 0, touched.get(p), false);
      }
    }
  }

  private static void separate(StringBuilder sb) {
    if (sb.length() > 0) {
      sb.append(',');
    }
  }
}
