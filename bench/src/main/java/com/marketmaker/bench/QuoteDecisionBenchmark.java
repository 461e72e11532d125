package com.marketmaker.bench;

import com.marketmaker.core.book.OrderBook;
import com.marketmaker.core.book.Side;
import com.marketmaker.core.engine.MarketSignals;
import com.marketmaker.core.engine.QuotingEngine;
import com.marketmaker.core.engine.VenueBook;
import com.marketmaker.core.feed.BinanceDecoder;
import com.marketmaker.core.feed.DepthUpdate;
import com.marketmaker.core.feed.Trade;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.orders.ClientOrderIds;
import com.marketmaker.core.orders.OrderLedger;
import com.marketmaker.core.orders.OrderPlanner;
import com.marketmaker.core.orders.OrderType;
import com.marketmaker.core.orders.TimeInForce;
import com.marketmaker.core.orders.VenueRateLimits;
import com.marketmaker.core.quote.QuoteDecision;
import com.marketmaker.core.risk.RiskGuard;
import com.marketmaker.core.strategy.MakerParameters;
import com.marketmaker.core.strategy.StrategyConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The quoting decision as live trading runs it: {@link QuotingEngine} (the entity's class) with
 * {@link StrategyConfig#defaults()} (GLFT closed form, every quote step on: micro-price reference,
 * σ spread floor, inventory lean, pressure tiers, imbalance skew, trade-flow emergency, VPIN guard,
 * size shaping), driven by the recorded Binance USD-M BTCUSDT capture on the capture's own clock.
 * Parameters as the engine replay test's: γ 0.01, 60 s, spreads 0.5–50 bps, 1 lot per quote, at
 * most 10; the decisions are made 3 lots long.
 *
 * <p>Set-up (once per trial): the first 60 s of the capture go through the engine as the engine
 * tests drive it (snapshot, diffs, trades, tickers, a decision after every diff). The 5,403 diffs
 * and 18,812 public trades after that are decoded into copies, and the replay loops over them: when
 * they run out, the engine goes through a feed resync and reloads the book it had at the end of the
 * warm-up (about 4,400 levels) as a REST snapshot that the first diff bridges, and the clock moves
 * on by the length of one pass. So every diff is applied to the book it was recorded against, while
 * σ, the micro-price fit, VPIN and the intensity calibrations keep their state, as across a live
 * reconnect. The resync and snapshot load are inside the measured op once per pass. Before
 * measuring, the loop runs until the micro-price is fitted and VPIN has its buckets (the 345 s
 * capture alone is too short for either). Tickers are not fed after the warm-up: they only verify
 * the book.
 *
 * <p>{@code applyAndDecide}: the public trades received since the previous diff (3.5 per diff on
 * average), the next diff, then {@link QuotingEngine#decide}. {@code applyOnly}: the same without
 * the decision. {@code quoteStep}: the entity's turn after the diff, {@link QuotingEngine#risk}
 * then {@link QuotingEngine#quote} (flat P&amp;L) with an empty {@link OrderLedger}, so every turn
 * plans both placements (the rate limits are sized never to defer). {@code decideOnly}: decisions
 * on one warmed engine's book at a fixed time: the policy and its inputs without the clock's work
 * (σ grid, VPIN bars, intensity windows). The other figures include every cost the engine pays on
 * the recorded clock, amortized: intensity refits at the end of each 5 s window, micro-price refits
 * every 600 s.
 *
 * <p>Data: {@code -Dshared.data.dir=...}, default {@code ../shared/data} relative to the working
 * directory (the repository root).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class QuoteDecisionBenchmark {

  static final String CAPTURE = "usdm_btcusdt_20240808";
  static final InstrumentSpec SPEC =
      InstrumentSpec.of(new InstrumentId(Venue.BINANCE_USDM, "BTCUSDT"), "0.10", "0.001");
  static final MakerParameters PARAMETERS = new MakerParameters(0.01, 60, 0.5, 50, 1, 10);
  static final long INVENTORY_LOTS = 3;
  static final long S = 1_000_000_000L;
  static final long WARM_UP_NANOS = 60 * S;

  /**
   * The entity's engine settings ({@code market-maker.orders} defaults), limits never deferring.
   */
  static QuotingEngine.Settings settings() {
    List<VenueRateLimits.Limit> unlimited = List.of(new VenueRateLimits.Limit(1_000_000_000L, S));
    return new QuotingEngine.Settings(
        new OrderPlanner.Config(
            0,
            0,
            0,
            S / 5,
            60 * S,
            Long.MAX_VALUE,
            2 * S,
            5 * S,
            OrderType.LIMIT_MAKER,
            TimeInForce.GTC),
        new VenueRateLimits.Config(unlimited, unlimited, 0.5),
        10 * S,
        0);
  }

  /** One engine warmed on the capture and the looping replay of the diffs and trades after it. */
  static final class Loop {
    final QuotingEngine engine =
        new QuotingEngine(
            SPEC, PARAMETERS, StrategyConfig.defaults(), settings(), RiskGuard.State.CLEAR, 0);
    final DepthUpdate[] diffs;
    final long[] diffNanos;
    final int[] tradesUpTo; // trades received before diff i: [tradesUpTo[i - 1], tradesUpTo[i])
    final Trade[] trades;
    final long[] tradeNanos;
    final DepthUpdate reload = new DepthUpdate();
    final long period;
    int next;
    long offset;
    long passes;
    long now;
    long pulls;

    Loop() throws IOException {
      BinanceDecoder decoder = new BinanceDecoder(SPEC);
      List<DepthUpdate> d = new ArrayList<>();
      List<Long> dn = new ArrayList<>();
      List<Integer> upTo = new ArrayList<>();
      List<Trade> t = new ArrayList<>();
      List<Long> tn = new ArrayList<>();
      long start = Long.MIN_VALUE;
      long warmEnd = 0;
      for (String line : BinanceRecording.lines(CAPTURE)) {
        int space = line.indexOf(' ');
        long nanos = Long.parseLong(line, 0, space, 10);
        start = start == Long.MIN_VALUE ? nanos : start;
        boolean warm = nanos - start < WARM_UP_NANOS;
        switch (decoder.decode(line.substring(space + 1).getBytes(StandardCharsets.US_ASCII))) {
          case SNAPSHOT -> engine.onSnapshot(decoder.depth(), nanos);
          case DEPTH_UPDATE -> {
            if (warm) {
              engine.onDepth(decoder.depth(), VenueBook.NO_CHECKSUM, nanos);
              engine.decide(INVENTORY_LOTS, nanos);
              warmEnd = nanos;
            } else {
              d.add(decoder.depth().copy());
              dn.add(nanos);
              upTo.add(t.size());
            }
          }
          case TRADE -> {
            if (warm) {
              engine.onTrade(decoder.trade(), nanos);
            } else {
              t.add(decoder.trade().copy());
              tn.add(nanos);
            }
          }
          case BOOK_TICKER -> engine.onTicker(decoder.bookTicker());
          case IGNORED -> {}
          case REJECTED -> throw new IllegalStateException(decoder.rejections().lastDetail());
        }
      }
      if (!engine.inSync()) {
        throw new IllegalStateException("book not in sync after the warm-up");
      }
      diffs = d.toArray(new DepthUpdate[0]);
      diffNanos = dn.stream().mapToLong(Long::longValue).toArray();
      tradesUpTo = upTo.stream().mapToInt(Integer::intValue).toArray();
      trades = t.toArray(new Trade[0]);
      tradeNanos = tn.stream().mapToLong(Long::longValue).toArray();
      OrderBook book = engine.book().book();
      for (Side side : Side.values()) {
        book.forEachLevel(
            side,
            (p, s) -> {
              (side == Side.BID ? reload.bids : reload.asks).add(p, s);
              return true;
            });
      }
      reload.finalUpdateId = diffs[0].finalUpdateId;
      period = diffNanos[diffs.length - 1] - warmEnd;
      now = warmEnd;
    }

    /** Feeds the trades received before the next diff, then the diff; returns its time. */
    long next() {
      if (next == diffs.length) {
        offset += period;
        engine.resync("replay loop");
        engine.onSnapshot(reload, now);
        next = 0;
        passes++;
      }
      int i = next++;
      for (int j = i == 0 ? 0 : tradesUpTo[i - 1]; j < tradesUpTo[i]; j++) {
        engine.onTrade(trades[j], tradeNanos[j] + offset);
      }
      now = diffNanos[i] + offset;
      if (engine.onDepth(diffs[i], VenueBook.NO_CHECKSUM, now)) {
        throw new IllegalStateException("replay out of sequence at diff " + i);
      }
      return now;
    }

    /** Replays until the micro-price is fitted and VPIN complete, at least two passes. */
    Loop warm() {
      while (passes < 2 || !signalsLive()) {
        if (passes > 20) {
          throw new IllegalStateException("signals not live after 20 passes: " + readout());
        }
        pulls += engine.decide(INVENTORY_LOTS, next()).isPull() ? 1 : 0;
      }
      return this;
    }

    private boolean signalsLive() {
      MarketSignals.Readout r = readout();
      return Double.isFinite(r.microPrice()) && Double.isFinite(r.vpin());
    }

    MarketSignals.Readout readout() {
      return engine.signals(now);
    }

    void report(String what) {
      System.out.printf(
          "%n%s: %d diffs and %d trades per pass, %d passes; %s; bid %s; ask %s; last %s%n",
          what,
          diffs.length,
          trades.length,
          passes,
          readout(),
          engine.bidIntensity(),
          engine.askIntensity(),
          engine.lastQuoteDecision());
    }
  }

  /** The looping replay, for the per-book-event benchmarks. */
  @State(Scope.Thread)
  public static class Replay {
    Loop loop;
    OrderLedger ledger;

    @Setup
    public void setUp() throws IOException {
      loop = new Loop().warm();
      loop.report("warmed (" + loop.pulls + " pulls while warming)");
      ledger = new OrderLedger(new ClientOrderIds(SPEC.id(), 1_723_161_255L));
    }

    @TearDown
    public void tearDown() {
      loop.report("after the run");
    }
  }

  /** One warmed engine, its book and clock frozen after the warm-up replay. */
  @State(Scope.Thread)
  public static class Fixed {
    QuotingEngine engine;
    long now;

    @Setup
    public void setUp() throws IOException {
      Loop loop = new Loop().warm();
      loop.report("warmed");
      engine = loop.engine;
      now = loop.now;
    }
  }

  @Benchmark
  public QuoteDecision applyAndDecide(Replay r) {
    long now = r.loop.next();
    return r.loop.engine.decide(INVENTORY_LOTS, now);
  }

  /** The book side of {@code applyAndDecide} alone: trades and diff, no decision. */
  @Benchmark
  public long applyOnly(Replay r) {
    return r.loop.next();
  }

  @Benchmark
  public QuoteDecision decideOnly(Fixed f) {
    return f.engine.decide(INVENTORY_LOTS, f.now);
  }

  @Benchmark
  public QuotingEngine.Step quoteStep(Replay r) {
    long now = r.loop.next();
    QuotingEngine e = r.loop.engine;
    RiskGuard.Decision risk = e.risk(INVENTORY_LOTS, 0, false, now);
    return e.quote(risk, INVENTORY_LOTS, r.ledger, now);
  }
}
