package com.marketmaker.bench;

import com.marketmaker.core.book.OrderBook;
import com.marketmaker.core.book.PriceLadderOrderBook;
import com.marketmaker.core.book.Side;
import com.marketmaker.core.book.TreeMapOrderBook;
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
 * Level updates per second applied to a book, for the ladder and the TreeMap reference. The update
 * stream is pre-generated and shaped like a live L2 feed: the mid random-walks; 90% of updates fall
 * within ~30 ticks of the touch (exponential distance), 10% deep in the book; 40% are removals.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OrderBookBenchmark {

  static final int BATCH = 1 << 16;
  private static final int STREAM = 1 << 22;

  @Param({"ladder", "treemap"})
  public String book;

  private OrderBook target;
  private final boolean[] bid = new boolean[STREAM];
  private final long[] price = new long[STREAM];
  private final long[] size = new long[STREAM];
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
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
    target = book.equals("ladder") ? new PriceLadderOrderBook() : new TreeMapOrderBook();
    // Warm the book to a steady state with one pass over the stream.
    for (int i = 0; i < STREAM; i++) {
      target.apply(bid[i] ? Side.BID : Side.ASK, price[i], size[i]);
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long applyLevelUpdates() {
    OrderBook b = target;
    int i = next;
    for (int k = 0; k < BATCH; k++) {
      b.apply(bid[i] ? Side.BID : Side.ASK, price[i], size[i]);
      i = (i + 1) & (STREAM - 1);
    }
    next = i;
    return b.stateHash();
  }
}
