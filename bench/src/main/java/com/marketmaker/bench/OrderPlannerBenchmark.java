package com.marketmaker.bench;

import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.orders.ClientOrderIds;
import com.marketmaker.core.orders.ExecutionEvent;
import com.marketmaker.core.orders.ExecutionType;
import com.marketmaker.core.orders.OrderEvent;
import com.marketmaker.core.orders.OrderLedger;
import com.marketmaker.core.orders.OrderPlanner;
import com.marketmaker.core.orders.OrderRequest;
import com.marketmaker.core.orders.OrderStatus;
import com.marketmaker.core.orders.OrderType;
import com.marketmaker.core.orders.TimeInForce;
import com.marketmaker.core.orders.VenueOrder;
import com.marketmaker.core.orders.VenueRateLimits;
import com.marketmaker.core.quote.QuoteDecision;
import com.marketmaker.core.quote.QuoteLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One order plan on a 5-level ladder per side with the ten orders resting: {@code steady} decisions
 * stay within the price tolerance (every order kept, the common tick), {@code moving} ones are
 * beyond it (ten cancels and ten placements with new client order ids). Decisions cycle through
 * 1,024 pre-generated ladders; the rate limiter is large enough never to defer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OrderPlannerBenchmark {

  private static final long MS = 1_000_000L;
  private static final int LEVELS = 5;

  @Param({"steady", "moving"})
  public String market;

  private OrderPlanner planner;
  private OrderLedger ledger;
  private VenueRateLimits limits;
  private QuoteDecision[] decisions;
  private int next;
  private long now;

  @Setup
  public void setUp() {
    InstrumentId btc = InstrumentId.of("BINANCE", "BTCUSDT");
    ClientOrderIds ids = new ClientOrderIds(btc, 1_718_000_000L);
    planner =
        new OrderPlanner(
            btc,
            new OrderPlanner.Config(
                2,
                0,
                1,
                50 * MS,
                3_600_000 * MS,
                1_000_000,
                1_000 * MS,
                5_000 * MS,
                OrderType.LIMIT_MAKER,
                TimeInForce.GTC));
    ledger = new OrderLedger(ids);
    limits =
        new VenueRateLimits(
            new VenueRateLimits.Config(
                List.of(new VenueRateLimits.Limit(1_000_000_000_000L, 1_000 * MS)),
                List.of(new VenueRateLimits.Limit(1_000_000_000_000L, 1_000 * MS)),
                0.5),
            0);
    long mid = 6_000_000;
    long seq = 0;
    for (int level = 0; level < LEVELS; level++) {
      for (Side side : Side.values()) {
        long price = side == Side.BUY ? mid - 5 - 3L * level : mid + 5 + 3L * level;
        OrderRequest r = OrderRequest.postOnly(btc, ids.idFor(seq), side, price, 100);
        ledger.apply(new OrderEvent.Submitted(r, seq, level, 0));
        VenueOrder ack =
            new VenueOrder(
                btc, r.clientOrderId(), 1 + seq, side, r.type(), price, 100, 0, OrderStatus.NEW, 0);
        ledger.apply(
            new OrderEvent.Executed(
                new ExecutionEvent(btc, ExecutionType.NEW, ack, null, "", 0), 0));
        seq++;
      }
    }
    SplittableRandom rnd = new SplittableRandom(42);
    decisions = new QuoteDecision[1024];
    for (int i = 0; i < decisions.length; i++) {
      long shift = market.equals("steady") ? rnd.nextLong(-2, 3) : 3 + rnd.nextLong(0, 6);
      List<QuoteLevel> bids = new ArrayList<>();
      List<QuoteLevel> asks = new ArrayList<>();
      for (int level = 0; level < LEVELS; level++) {
        bids.add(new QuoteLevel(mid - 5 - 3L * level + shift, 100));
        asks.add(new QuoteLevel(mid + 5 + 3L * level + shift, 100));
      }
      decisions[i] = new QuoteDecision(QuoteDecision.Action.QUOTE, bids, asks, "", List.of());
    }
    now = 1_000 * MS;
  }

  @Benchmark
  public OrderPlanner.Plan plan() {
    QuoteDecision d = decisions[next];
    next = (next + 1) & (decisions.length - 1);
    now += 1_000; // 1 µs per tick: orders stay older than the minimum age, younger than the maximum
    return planner.plan(d, ledger, 0, now, limits);
  }
}
