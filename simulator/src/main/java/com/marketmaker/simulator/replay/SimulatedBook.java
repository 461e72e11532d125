package com.marketmaker.simulator.replay;

import com.marketmaker.core.book.OrderBook;
import com.marketmaker.core.book.Side;
import com.marketmaker.core.book.TreeMapOrderBook;
import com.marketmaker.core.feed.BinanceDecoder;
import com.marketmaker.core.feed.DepthUpdate;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.sync.BinanceBookSync;
import com.marketmaker.core.sync.BookSync;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * The simulator's own book of one symbol: the recorded REST snapshot plus every replayed diff,
 * applied with core's {@link BinanceBookSync} so the snapshot it serves is always consistent with
 * the stream. Keeps a few past images to serve a stale snapshot on request.
 *
 * <p>Written by the replay thread, read by REST requests: all methods are synchronized.
 */
public final class SimulatedBook implements com.marketmaker.simulator.DepthSource {

  /** Deepest level Binance serves (spot limit 5000). */
  public static final int MAX_LEVELS = 5000;

  private static final int IMAGE_EVERY_DIFFS = 50;
  private static final int IMAGES_KEPT = 6;

  private final InstrumentSpec spec;
  private final BinanceDecoder decoder;
  private final BinanceBookSync sync;
  private final ArrayDeque<BookImage> history = new ArrayDeque<>();
  private long eventTimeMillis;
  private int diffsSinceImage;

  public SimulatedBook(InstrumentSpec spec, BinanceBookSync.Rule rule) {
    this.spec = spec;
    this.decoder = new BinanceDecoder(spec);
    this.sync = new BinanceBookSync(new TreeMapOrderBook(), rule);
  }

  public InstrumentSpec spec() {
    return spec;
  }

  /** Loads the recorded REST snapshot. */
  public synchronized long loadSnapshot(String json) {
    if (decode(json) != BinanceDecoder.Kind.SNAPSHOT) {
      throw new IllegalArgumentException("not a depth snapshot: " + abbreviate(json));
    }
    sync.onSnapshot(decoder.depth());
    eventTimeMillis = 0;
    history.clear();
    history.addLast(image(MAX_LEVELS));
    return sync.lastUpdateId();
  }

  /**
   * Applies one recorded combined-stream diff.
   *
   * @throws IllegalStateException if the diff does not follow the book (the capture is broken)
   */
  public synchronized long applyDiff(String combinedJson) {
    if (decode(combinedJson) != BinanceDecoder.Kind.DEPTH_UPDATE) {
      throw new IllegalStateException(
          "recorded depth frame rejected: "
              + decoder.rejections().lastDetail()
              + " in "
              + abbreviate(combinedJson));
    }
    DepthUpdate d = decoder.depth();
    if (sync.onDepthUpdate(d) != BookSync.Outcome.APPLIED) {
      throw new IllegalStateException(
          spec.id()
              + ": recorded diff ["
              + d.firstUpdateId
              + ", "
              + d.finalUpdateId
              + "] does not follow the book at "
              + sync.lastUpdateId()
              + " ("
              + sync.lastGapReason()
              + ")");
    }
    eventTimeMillis = d.eventTimeMillis;
    if (++diffsSinceImage >= IMAGE_EVERY_DIFFS) {
      diffsSinceImage = 0;
      if (history.size() == IMAGES_KEPT) {
        history.pollFirst();
      }
      history.addLast(image(MAX_LEVELS));
    }
    return d.finalUpdateId;
  }

  public synchronized long lastUpdateId() {
    return sync.lastUpdateId();
  }

  /** The current book, best {@code limit} levels per side. */
  public synchronized BookImage current(int limit) {
    return image(limit);
  }

  /**
   * An image from before the current position (the oldest kept, up to a few hundred diffs back), or
   * null when the book has not moved since the snapshot.
   */
  public synchronized BookImage stale(int limit) {
    BookImage oldest = history.peekFirst();
    if (oldest == null || oldest.lastUpdateId() >= sync.lastUpdateId()) {
      return null;
    }
    return oldest.truncate(limit);
  }

  private BookImage image(int limit) {
    OrderBook b = sync.book();
    int nb = Math.min(limit, b.levelCount(Side.BID));
    int na = Math.min(limit, b.levelCount(Side.ASK));
    long[] bp = new long[nb];
    long[] bs = new long[nb];
    long[] ap = new long[na];
    long[] as = new long[na];
    fill(b, Side.BID, bp, bs);
    fill(b, Side.ASK, ap, as);
    return new BookImage(sync.lastUpdateId(), eventTimeMillis, bp, bs, ap, as);
  }

  private static void fill(OrderBook b, Side side, long[] prices, long[] sizes) {
    int[] i = {0};
    b.forEachLevel(
        side,
        (price, size) -> {
          if (i[0] >= prices.length) {
            return false;
          }
          prices[i[0]] = price;
          sizes[i[0]] = size;
          i[0]++;
          return true;
        });
  }

  private BinanceDecoder.Kind decode(String json) {
    return decoder.decode(json.getBytes(StandardCharsets.US_ASCII));
  }

  static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }
}
