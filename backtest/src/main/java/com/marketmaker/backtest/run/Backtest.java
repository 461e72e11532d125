package com.marketmaker.backtest.run;

import com.marketmaker.backtest.data.EventKind;
import com.marketmaker.backtest.data.MarketEvent;
import com.marketmaker.backtest.data.MarketEventSource;
import com.marketmaker.backtest.exchange.SimulatedExchange;
import com.marketmaker.core.instrument.InstrumentSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Replays a recorded market through the live quoting engine, one {@link InstrumentRun} per
 * instrument, on one clock. Three streams are merged in time order: the market events at the venue
 * (their venue time: the receive stamp minus the feed latency), the venue's pending work (our
 * requests arriving, its answers reaching us), and the market events at the strategy (their receive
 * stamp). At equal times the venue sees the market first, then requests and answers are handled,
 * then the strategy sees the market. Constant memory: events are streamed, and only those between
 * their venue time and their receive time are held (a few, for millisecond feed latencies).
 * Deterministic for the same data and configuration (latency models are seeded).
 */
public final class Backtest {

  private final MarketEventSource source;
  private final BacktestConfig config;
  private final List<InstrumentRun> runs = new ArrayList<>();

  /**
   * Market events on their way from the venue to us, oldest first: {@code inFlight} of them from
   * {@code head} in a ring whose slots keep their event objects for reuse; the slot after the
   * newest holds the next event read.
   */
  private MarketEvent[] ring = new MarketEvent[16];

  private int head;
  private int inFlight;
  private long lastVenueNanos = Long.MIN_VALUE;
  private long nextSampleNanos = Long.MIN_VALUE;
  private long marketEvents;
  private LongConsumer progress = n -> {};

  public Backtest(MarketEventSource source, BacktestConfig config) {
    this.source = source;
    this.config = config;
  }

  /** Called with the number of market events replayed, every 2^16 events. */
  public Backtest onProgress(LongConsumer listener) {
    this.progress = listener;
    return this;
  }

  /** Runs the whole source and returns the results. */
  public BacktestResult run() throws IOException {
    List<InstrumentSpec> specs = source.instruments();
    MarketEvent next = read();
    long start = next == null ? 0 : next.receivedNanos;
    for (int i = 0; i < specs.size(); i++) {
      InstrumentSpec spec = specs.get(i);
      int onVenue = (int) specs.stream().filter(x -> x.id().venue() == spec.id().venue()).count();
      runs.add(new InstrumentRun(spec, config, start, i, onVenue));
    }
    // The exchanges in an array: every step of the loop asks each for its next due time.
    SimulatedExchange[] exchanges = new SimulatedExchange[runs.size()];
    for (int i = 0; i < exchanges.length; i++) {
      exchanges[i] = runs.get(i).exchange;
    }
    long nextVenue = next == null ? Long.MAX_VALUE : venueTime(next);
    while (true) {
      MarketEvent arriving = inFlight == 0 ? null : ring[head];
      long strategyAt = arriving == null ? Long.MAX_VALUE : arriving.receivedNanos;
      int due = -1;
      long dueAt = Long.MAX_VALUE;
      for (int i = 0; i < exchanges.length; i++) {
        long t = exchanges[i].nextDueNanos();
        if (t < dueAt) {
          dueAt = t;
          due = i;
        }
      }
      if (next != null && nextVenue <= dueAt && nextVenue <= strategyAt) {
        atVenue(next, nextVenue);
        inFlight++; // next is the newest in flight; read() fills the slot after it
        next = read();
        nextVenue = next == null ? Long.MAX_VALUE : venueTime(next);
      } else if (due >= 0 && dueAt <= strategyAt) {
        sampleUntil(dueAt);
        exchanges[due].runUntil(dueAt, runs.get(due));
      } else if (strategyAt != Long.MAX_VALUE) {
        head = (head + 1) & (ring.length - 1); // its slot is reused once atStrategy is done
        inFlight--;
        sampleUntil(strategyAt);
        atStrategy(arriving);
      } else {
        break;
      }
    }
    return BacktestResult.of(config, runs, marketEvents, source.truncated());
  }

  /** The next event, in the ring's slot after the newest in flight; null at the end. */
  private MarketEvent read() throws IOException {
    if (inFlight == ring.length) {
      grow();
    }
    int slot = (head + inFlight) & (ring.length - 1);
    MarketEvent into = ring[slot];
    if (into == null) {
      into = new MarketEvent();
      ring[slot] = into;
    }
    if (!source.next(into)) {
      return null;
    }
    if (++marketEvents % 65_536 == 0) {
      progress.accept(marketEvents);
    }
    return into;
  }

  /** Doubles the ring, the events in flight first in order. */
  private void grow() {
    MarketEvent[] bigger = new MarketEvent[ring.length * 2];
    for (int i = 0; i < ring.length; i++) {
      bigger[i] = ring[(head + i) & (ring.length - 1)];
    }
    ring = bigger;
    head = 0;
  }

  /** The venue's time of an event: never after its receipt, never before the previous one's. */
  private long venueTime(MarketEvent e) {
    long t = e.receivedNanos;
    long venue;
    if (config.feedLatencyNanos() >= 0) {
      venue = t - config.feedLatencyNanos();
    } else {
      long millis =
          switch (e.kind) {
            case TRADE -> e.trade.tradeTimeMillis;
            case DEPTH, SNAPSHOT, STREAM_SNAPSHOT -> e.depth.eventTimeMillis;
            default -> 0;
          };
      venue = millis > 0 ? millis * 1_000_000L : t;
    }
    venue = Math.min(t, Math.max(venue, lastVenueNanos));
    lastVenueNanos = venue;
    return venue;
  }

  private void atVenue(MarketEvent e, long venueNanos) {
    InstrumentRun r = runs.get(e.instrument);
    switch (e.kind) {
      case SNAPSHOT, STREAM_SNAPSHOT, DEPTH -> {
        e.applyTo(r.venueBook);
        if (r.venueBook.trusted()) {
          r.exchange.onBook(e.depth, e.kind != EventKind.DEPTH, venueNanos);
        }
      }
      case TRADE -> r.exchange.onTrade(e.trade, venueNanos);
      default -> {}
    }
  }

  private void atStrategy(MarketEvent e) {
    InstrumentRun r = runs.get(e.instrument);
    long now = e.receivedNanos;
    r.events++;
    if (e.applyTo(r.engine)) {
      r.booksNeedingSnapshot++; // a recording cannot be asked for a snapshot: quotes stay pulled
    }
    // A trade moves the engine's clock itself (onTrade); a book change is followed by a turn.
    if (e.kind.hasLevels()) {
      r.onBook(now);
      r.quote(now);
    }
  }

  /** Samples every instrument at each interval boundary up to {@code nowNanos}. */
  private void sampleUntil(long nowNanos) {
    long interval = config.sampleIntervalNanos();
    if (nextSampleNanos == Long.MIN_VALUE) {
      nextSampleNanos = (nowNanos / interval + 1) * interval;
      return;
    }
    while (nextSampleNanos <= nowNanos) {
      for (int i = 0; i < runs.size(); i++) {
        runs.get(i).sample(nextSampleNanos);
      }
      nextSampleNanos += interval;
    }
  }
}
