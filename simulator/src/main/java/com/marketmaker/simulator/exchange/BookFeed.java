package com.marketmaker.simulator.exchange;

import com.marketmaker.core.book.Side;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.simulator.DepthSource;
import com.marketmaker.simulator.Dialect;
import com.marketmaker.simulator.replay.BookImage;
import com.marketmaker.simulator.replay.Faults;
import com.marketmaker.simulator.rest.BinanceJson;
import com.marketmaker.simulator.ws.StreamHub;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The public market data of one synthetic instrument, in Binance's stream formats: depth diffs
 * ({@code depthUpdate} with {@code U}/{@code u}, plus {@code pu} on USD-M) batched per stream
 * interval, {@code trade} frames and {@code bookTicker}; and the REST depth snapshot.
 *
 * <p>Book changes are collected as the engine makes them (under its lock) and sent on the beat
 * ({@link #flush}): each depth stream gets one diff per interval holding the final size of every
 * level that changed, with {@code U} the first and {@code u} the last book update id it covers, so
 * a client that loads a snapshot with {@code lastUpdateId} L and applies the diffs from the one
 * with {@code U <= L+1 <= u} (spot) or {@code U <= L <= u} (USD-M) holds the engine's book. A
 * {@code bookTicker} goes out on the beat whenever the best bid or ask changed, with {@code u} the
 * book's update id at that moment (which is also the {@code u} of that beat's fastest diff); it is
 * not sent while either side is empty.
 */
public final class BookFeed implements DepthSource {

  private static final int IMAGE_EVERY_FLUSHES = 20;
  private static final int IMAGES_KEPT = 3;

  private final class DepthBatch {
    final String stream;
    final int everyBeats;
    final TreeMap<Long, Long> bids = new TreeMap<>(Comparator.reverseOrder());
    final TreeMap<Long, Long> asks = new TreeMap<>();
    long firstId = -1;
    long lastId;
    long previousFinalId;
    boolean withholdNext;

    DepthBatch(String stream, int everyBeats) {
      this.stream = stream;
      this.everyBeats = everyBeats;
    }
  }

  private final Dialect dialect;
  private final String symbol;
  private final String lower;
  private final InstrumentSpec spec;
  private final int priceScale;
  private final int sizeScale;
  private final StreamHub hub;
  private final Faults faults;
  private final List<DepthBatch> batches = new ArrayList<>();
  private final List<long[]> pendingTrades = new ArrayList<>();
  private final ArrayDeque<BookImage> history = new ArrayDeque<>();
  private final String tradeStream;
  private final String tickerStream;
  private MatchingEngine engine;
  private long tickerBid = -1;
  private long tickerBidLots;
  private long tickerAsk = -1;
  private long tickerAskLots;
  private long lastEventTime;
  private int flushesWithChanges;
  private long framesSent;
  private long diffsWithheld;

  /**
   * @param tickMillis the beat; a stream's interval is rounded to a whole number of beats (at least
   *     one)
   */
  public BookFeed(
      Dialect dialect,
      String symbol,
      InstrumentSpec spec,
      Dialect.SymbolFilters filters,
      StreamHub hub,
      Faults faults,
      long tickMillis) {
    this.dialect = dialect;
    this.symbol = symbol;
    this.lower = symbol.toLowerCase(Locale.ROOT);
    this.spec = spec;
    this.priceScale = dialect.priceDisplayScale(filters);
    this.sizeScale = dialect.sizeDisplayScale(filters);
    this.hub = hub;
    this.faults = faults;
    this.tradeStream = lower + "@trade";
    this.tickerStream = lower + "@bookTicker";
    Map<String, Integer> intervals =
        dialect == Dialect.SPOT
            ? Map.of("@depth@100ms", 100, "@depth", 1000)
            : Map.of("@depth@0ms", 0, "@depth@100ms", 100, "@depth", 250, "@depth@500ms", 500);
    intervals.entrySet().stream()
        .sorted(Map.Entry.comparingByValue())
        .forEach(
            e ->
                batches.add(
                    new DepthBatch(
                        lower + e.getKey(),
                        (int) Math.max(1, Math.round(e.getValue() / (double) tickMillis)))));
  }

  /** Connects the engine whose book this feed publishes (once, before any change). */
  public void attach(MatchingEngine engine) {
    this.engine = engine;
  }

  @Override
  public InstrumentSpec spec() {
    return spec;
  }

  public String symbol() {
    return symbol;
  }

  /** Names of the depth streams this feed serves. */
  public List<String> depthStreams() {
    return batches.stream().map(b -> b.stream).toList();
  }

  // ---- called by the engine, under its lock ----

  void onLevel(Side side, long price, long total, long updateId) {
    for (DepthBatch b : batches) {
      (side == Side.BID ? b.bids : b.asks).put(price, total);
      if (b.firstId < 0) {
        b.firstId = updateId;
      }
      b.lastId = updateId;
    }
  }

  void onTrade(long tradeId, long price, long lots, boolean buyerMaker, long timeMillis) {
    pendingTrades.add(new long[] {tradeId, price, lots, buyerMaker ? 1 : 0, timeMillis});
  }

  // ---- the beat ----

  /**
   * Sends what changed since the last beat: trades, the diffs of every depth stream whose interval
   * ends at {@code beat}, and the bookTicker if the top changed.
   *
   * @return frames published
   */
  public int flush(long nowMillis, long beat) {
    synchronized (engine) {
      lastEventTime = nowMillis;
      int sent = 0;
      for (long[] t : pendingTrades) {
        sent += publish(tradeStream, tradeJson(t, nowMillis));
      }
      pendingTrades.clear();
      boolean any = false;
      // A dropDiffs fault withholds the next diff frame of every depth stream of the symbol, so a
      // client sees the gap whichever stream it follows (taken when a frame is due to go out).
      for (DepthBatch b : batches) {
        if (b.firstId >= 0 && beat % b.everyBeats == 0) {
          if (faults.consumeDrop(symbol)) {
            for (DepthBatch x : batches) {
              x.withholdNext = true;
            }
          }
          break;
        }
      }
      for (DepthBatch b : batches) {
        if (b.firstId < 0 || beat % b.everyBeats != 0) {
          continue;
        }
        any = true;
        if (b.withholdNext) {
          b.withholdNext = false;
          diffsWithheld++;
        } else {
          sent += publish(b.stream, diffJson(b, nowMillis));
        }
        b.previousFinalId = b.lastId;
        b.firstId = -1;
        b.bids.clear();
        b.asks.clear();
      }
      if (any && ++flushesWithChanges % IMAGE_EVERY_FLUSHES == 0) {
        if (history.size() == IMAGES_KEPT) {
          history.pollFirst();
        }
        history.addLast(engine.image(1000, nowMillis));
      }
      long bid = engine.bestBid();
      long ask = engine.bestAsk();
      if (bid > 0 && ask > 0) {
        long bidLots = engine.levelLots(Side.BID, bid);
        long askLots = engine.levelLots(Side.ASK, ask);
        if (bid != tickerBid
            || ask != tickerAsk
            || bidLots != tickerBidLots
            || askLots != tickerAskLots) {
          tickerBid = bid;
          tickerAsk = ask;
          tickerBidLots = bidLots;
          tickerAskLots = askLots;
          sent += publish(tickerStream, tickerJson(engine.updateId(), nowMillis));
        }
      }
      framesSent += sent;
      return sent;
    }
  }

  private int publish(String stream, String payload) {
    String combined = "{\"stream\":\"" + stream + "\",\"data\":" + payload + "}";
    hub.publish(stream, combined, () -> payload, false);
    return 1;
  }

  /** Frames published so far. */
  public long framesSent() {
    synchronized (engine) {
      return framesSent;
    }
  }

  /** Diff frames a dropDiffs fault withheld. */
  public long diffsWithheld() {
    synchronized (engine) {
      return diffsWithheld;
    }
  }

  // ---- REST ----

  @Override
  public BookImage current(int limit) {
    synchronized (engine) {
      return engine.image(limit, lastEventTime);
    }
  }

  @Override
  public BookImage stale(int limit) {
    synchronized (engine) {
      BookImage oldest = history.peekFirst();
      if (oldest == null || oldest.lastUpdateId() >= engine.updateId()) {
        return null;
      }
      return oldest.truncate(limit);
    }
  }

  // ---- JSON ----

  private String price(long ticks) {
    return BinanceJson.scaled(ticks * spec.tickUnscaled(), spec.priceScale(), priceScale);
  }

  private String size(long lots) {
    return BinanceJson.scaled(lots * spec.lotUnscaled(), spec.sizeScale(), sizeScale);
  }

  private String diffJson(DepthBatch b, long now) {
    StringBuilder sb = new StringBuilder(96 + 32 * (b.bids.size() + b.asks.size()));
    sb.append("{\"e\":\"depthUpdate\",\"E\":").append(now);
    if (dialect == Dialect.USDM) {
      sb.append(",\"T\":").append(now);
    }
    sb.append(",\"s\":\"").append(symbol).append("\",\"U\":").append(b.firstId);
    sb.append(",\"u\":").append(b.lastId);
    if (dialect == Dialect.USDM) {
      sb.append(",\"pu\":").append(b.previousFinalId);
    }
    sb.append(",\"b\":");
    levels(sb, b.bids);
    sb.append(",\"a\":");
    levels(sb, b.asks);
    return sb.append('}').toString();
  }

  private void levels(StringBuilder sb, TreeMap<Long, Long> side) {
    sb.append('[');
    boolean first = true;
    for (Map.Entry<Long, Long> e : side.entrySet()) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      sb.append("[\"")
          .append(price(e.getKey()))
          .append("\",\"")
          .append(size(e.getValue()))
          .append("\"]");
    }
    sb.append(']');
  }

  private String tradeJson(long[] t, long now) {
    StringBuilder sb = new StringBuilder(160);
    sb.append("{\"e\":\"trade\",\"E\":").append(now);
    if (dialect == Dialect.USDM) {
      sb.append(",\"T\":").append(t[4]);
    }
    sb.append(",\"s\":\"").append(symbol).append("\",\"t\":").append(t[0]);
    sb.append(",\"p\":\"").append(price(t[1])).append("\",\"q\":\"").append(size(t[2])).append('"');
    if (dialect == Dialect.SPOT) {
      sb.append(",\"T\":").append(t[4]);
    } else {
      sb.append(",\"X\":\"MARKET\"");
    }
    sb.append(",\"m\":").append(t[3] == 1);
    if (dialect == Dialect.SPOT) {
      sb.append(",\"M\":true");
    }
    return sb.append('}').toString();
  }

  private String tickerJson(long updateId, long now) {
    StringBuilder sb = new StringBuilder(160);
    sb.append('{');
    if (dialect == Dialect.USDM) {
      sb.append("\"e\":\"bookTicker\",");
    }
    sb.append("\"u\":").append(updateId);
    if (dialect == Dialect.USDM) {
      sb.append(",\"E\":").append(now).append(",\"T\":").append(now);
    }
    sb.append(",\"s\":\"").append(symbol).append('"');
    sb.append(",\"b\":\"")
        .append(price(tickerBid))
        .append("\",\"B\":\"")
        .append(size(tickerBidLots));
    sb.append("\",\"a\":\"")
        .append(price(tickerAsk))
        .append("\",\"A\":\"")
        .append(size(tickerAskLots));
    return sb.append("\"}").toString();
  }
}
