package com.marketmaker.bench;

import com.marketmaker.core.book.OrderBook;
import com.marketmaker.core.book.PriceLadderOrderBook;
import com.marketmaker.core.book.Side;
import com.marketmaker.core.book.TreeMapOrderBook;
import com.marketmaker.core.feed.BinanceDecoder;
import com.marketmaker.core.feed.DepthUpdate;
import com.marketmaker.core.feed.LevelBuffer;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Level updates per second applied to a book, for the ladder and the TreeMap reference, on two
 * workloads:
 *
 * <ul>
 *   <li>{@code synthetic}: the mid random-walks; 90% of updates fall near the touch (exponential
 *       distance, mean 10 ticks), 10% up to 5000 ticks deep; 40% are removals.
 *   <li>{@code binance}: every level update of the recorded Binance spot BTCUSDT session (REST
 *       snapshot then all diffs of both files, 0.01 tick), replayed in a loop; each pass starts
 *       with {@code clear()} (timed). On this feed only about half the updates fall within 30 USD
 *       (3072 ticks) of the mid.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OrderBookBenchmark {

  static final int BATCH = 1 << 16;
  private static final int STREAM = 1 << 22;

  @Param({"ladder", "treemap"})
  public String book;

  @Param({"synthetic", "binance"})
  public String workload;

  /** Ladder window in ticks per side. */
  @Param({"4096", "65536"})
  public int capacity;

  private int streamLength;

  private OrderBook target;
  private boolean[] bid = new boolean[STREAM];
  private long[] price = new long[STREAM];
  private long[] size = new long[STREAM];
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws java.io.IOException {
    streamLength = STREAM;
    if (workload.equals("binance")) {
      loadBinance();
    } else {
      generate();
    }
    target = book.equals("ladder") ? new PriceLadderOrderBook(capacity) : new TreeMapOrderBook();
    // Warm the book to a steady state with one pass over the stream.
    for (int i = 0; i < streamLength; i++) {
      target.apply(bid[i] ? Side.BID : Side.ASK, price[i], size[i]);
    }
  }

  private void loadBinance() throws java.io.IOException {
    InstrumentSpec spec =
        InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "BTCUSDT"), "0.01", "0.00000001");
    BinanceDecoder decoder = new BinanceDecoder(spec);
    int n = 0;
    long snapshotId = Long.MAX_VALUE;
    for (String file : new String[] {"spot_btcusdt_20240808", "spot_btcusdt_20240809"}) {
      for (byte[] json : BinanceRecording.messages(file)) {
        BinanceDecoder.Kind kind = decoder.decode(json);
        DepthUpdate d = decoder.depth();
        if (kind == BinanceDecoder.Kind.SNAPSHOT) {
          snapshotId = d.finalUpdateId;
        } else if (kind != BinanceDecoder.Kind.DEPTH_UPDATE || d.finalUpdateId <= snapshotId) {
          continue;
        }
        for (int side = 0; side < 2; side++) {
          LevelBuffer levels = side == 0 ? d.bids : d.asks;
          for (int k = 0; k < levels.count(); k++) {
            if (n == bid.length) {
              bid = java.util.Arrays.copyOf(bid, n * 2);
              price = java.util.Arrays.copyOf(price, n * 2);
              size = java.util.Arrays.copyOf(size, n * 2);
            }
            bid[n] = side == 0;
            price[n] = levels.price(k);
            size[n] = levels.size(k);
            n++;
          }
        }
      }
    }
    streamLength = n;
  }

  private void generate() {
    SplittableRandom rnd = new SplittableRandom(42);
    long mid = 6_000_000;
    for (int i = 0; i < STREAM; i++) {
      if (rnd.nextDouble() < 0.3) {
        mid += rnd.nextInt(-2, 3);
      }
      boolean b = rnd.nextBoolean();
      long distance =
          rnd.nextDouble() < 0.9
              ? (long) (-Math.log(1 - rnd.nextDouble()) * 10)
              : rnd.nextLong(30, 5000);
      bid[i] = b;
      price[i] = b ? mid - 1 - distance : mid + 1 + distance;
      size[i] = rnd.nextDouble() < 0.4 ? 0 : 1 + rnd.nextLong(100_000);
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long applyLevelUpdates() {
    OrderBook b = target;
    int i = next;
    int end = streamLength;
    for (int k = 0; k < BATCH; k++) {
      b.apply(bid[i] ? Side.BID : Side.ASK, price[i], size[i]);
      if (++i == end) {
        i = 0;
        if (end != STREAM) {
          b.clear(); // a recording replays from its snapshot on a fresh book
        }
      }
    }
    next = i;
    // The touch, not the state hash: the ladder sums that over all its levels when asked.
    return b.bestBid() + b.bestAskSize();
  }
}
