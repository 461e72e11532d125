package com.marketmaker.backtest.data;

import com.marketmaker.core.book.Side;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.simulator.Dialect;
import com.marketmaker.simulator.exchange.EngineListener;
import com.marketmaker.simulator.exchange.FeeSchedule;
import com.marketmaker.simulator.exchange.MatchingEngine;
import com.marketmaker.simulator.synthetic.CrowdFlow;
import com.marketmaker.simulator.synthetic.SyntheticInstrument;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The simulator's synthetic markets generated on the fly as recorded events, in constant memory:
 * for each instrument the simulator's matching engine with its {@link CrowdFlow} (limit orders,
 * market orders and cancels around a diffusing fair mid), published the way Binance publishes
 * {@code depth@100ms} — one diff per 100 ms beat holding the levels that changed, instruments
 * spread evenly over the beat — with every trade as it happens. The source starts with an empty
 * snapshot (update id 0); each diff takes the next update id. Every instrument draws from its own
 * generator split off the seed in instrument order, so the events depend only on the seed.
 */
public final class SyntheticEventSource implements MarketEventSource {

  private static final long BEAT_NANOS = 100_000_000L;

  private final List<InstrumentSpec> specs = new ArrayList<>();
  private final List<Lane> lanes = new ArrayList<>();
  private final long startNanos;
  private final long endNanos;
  private final long feedLatencyNanos;
  private final MarketEvent event = new MarketEvent();
  private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
  private long beat;
  private boolean snapshotsSent;

  /** One instrument: its engine, its crowd, and what changed since the last diff. */
  private final class Lane implements EngineListener {
    final int index;
    final MatchingEngine engine;
    final CrowdFlow flow;
    final TreeMap<Long, Long> bids = new TreeMap<>();
    final TreeMap<Long, Long> asks = new TreeMap<>();
    final ArrayDeque<long[]> trades = new ArrayDeque<>(); // id, price, lots, buyerMaker, millis
    long nowMillis;
    long updateId;

    Lane(int index, SyntheticInstrument instrument, SplittableRandom random) {
      this.index = index;
      InstrumentSpec spec = instrument.spec(Dialect.SPOT);
      this.engine =
          new MatchingEngine(
              instrument.symbol(), spec, FeeSchedule.SPOT_DEFAULT, () -> nowMillis, this);
      this.flow =
          new CrowdFlow(engine, instrument.flow(), instrument.initialTicks(Dialect.SPOT), random);
    }

    @Override
    public void onLevel(Side side, long priceTicks, long totalLots, long id) {
      (side == Side.BID ? bids : asks).put(priceTicks, totalLots);
    }

    @Override
    public void onTrade(long tradeId, long priceTicks, long lots, boolean buyerMaker, long millis) {
      trades.addLast(new long[] {tradeId, priceTicks, lots, buyerMaker ? 1 : 0, millis});
    }
  }

  /**
   * @param instruments the simulator's synthetic instruments (e.g. {@link
   *     SyntheticInstrument#defaults})
   * @param startNanos the first beat, epoch ns
   * @param seconds how long the market runs
   * @param feedLatencyNanos receive stamp minus the venue's event time
   */
  public SyntheticEventSource(
      List<SyntheticInstrument> instruments,
      long seed,
      long startNanos,
      double seconds,
      long feedLatencyNanos) {
    SplittableRandom root = new SplittableRandom(seed);
    for (int i = 0; i < instruments.size(); i++) {
      Lane lane = new Lane(i, instruments.get(i), root.split());
      lanes.add(lane);
      specs.add(instruments.get(i).spec(Dialect.SPOT));
    }
    this.startNanos = startNanos;
    this.endNanos = startNanos + Math.round(seconds * 1e9);
    this.feedLatencyNanos = feedLatencyNanos;
  }

  @Override
  public List<InstrumentSpec> instruments() {
    return List.copyOf(specs);
  }

  @Override
  public MarketEvent next() {
    while (ready.isEmpty()) {
      if (!snapshotsSent) {
        snapshotsSent = true;
        for (Lane lane : lanes) {
          ready.addLast(() -> snapshot(lane));
        }
        continue;
      }
      long beatStart = startNanos + (beat + 1) * BEAT_NANOS;
      if (beatStart > endNanos || lanes.isEmpty()) {
        return null;
      }
      beat++;
      for (Lane lane : lanes) {
        long slotNanos = beatStart + lane.index * BEAT_NANOS / lanes.size();
        lane.nowMillis = slotNanos / 1_000_000L;
        lane.flow.advanceTo((slotNanos - startNanos) / 1e9);
        while (!lane.trades.isEmpty()) {
          long[] t = lane.trades.pollFirst();
          ready.addLast(() -> trade(lane, t, slotNanos));
        }
        if (!lane.bids.isEmpty() || !lane.asks.isEmpty()) {
          ready.addLast(() -> diff(lane, slotNanos));
        }
      }
    }
    ready.pollFirst().run();
    return event;
  }

  private void snapshot(Lane lane) {
    event.reset(EventKind.SNAPSHOT, startNanos + feedLatencyNanos, lane.index);
    event.depth.firstUpdateId = 0;
    event.depth.finalUpdateId = 0;
    event.depth.eventTimeMillis = startNanos / 1_000_000L;
  }

  private void trade(Lane lane, long[] t, long slotNanos) {
    event.reset(EventKind.TRADE, slotNanos + feedLatencyNanos, lane.index);
    event.trade.tradeId = t[0];
    event.trade.price = t[1];
    event.trade.size = t[2];
    event.trade.buyerAggressor = t[3] == 0;
    event.trade.tradeTimeMillis = t[4];
  }

  private void diff(Lane lane, long slotNanos) {
    event.reset(EventKind.DEPTH, slotNanos + feedLatencyNanos, lane.index);
    lane.updateId++;
    event.depth.firstUpdateId = lane.updateId;
    event.depth.finalUpdateId = lane.updateId;
    event.depth.eventTimeMillis = slotNanos / 1_000_000L;
    lane.bids.forEach(event.depth.bids::add);
    lane.asks.forEach(event.depth.asks::add);
    lane.bids.clear();
    lane.asks.clear();
  }

  @Override
  public void close() {}
}
