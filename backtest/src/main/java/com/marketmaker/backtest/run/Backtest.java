package com.marketmaker.backtest.run;

import com.marketmaker.backtest.data.EventKind;
import com.marketmaker.backtest.data.MarketEvent;
import com.marketmaker.backtest.data.MarketEventSource;
import com.marketmaker.core.instrument.InstrumentSpec;
import java.io.IOException;
import java.util.ArrayDeque;
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
  private final ArrayDeque<Held> inFlight = new ArrayDeque<>();
  private final ArrayDeque<MarketEvent> pool = new ArrayDeque<>();
  private long lastVenueNanos = Long.MIN_VALUE;
  private long nextSampleNanos = Long.MIN_VALUE;
  private long marketEvents;
  private LongConsumer progress = n -> {};

  /** A market event on its way from the venue to us. */
  private record Held(MarketEvent event, long venueNanos) {}

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
    long nextVenue = next == null ? Long.MAX_VALUE : venueTime(next);
    while (true) {
      long strategyAt =
          inFlight.isEmpty() ? Long.MAX_VALUE : inFlight.peekFirst().event().receivedNanos;
      InstrumentRun due = null;
      long dueAt = Long.MAX_VALUE;
      for (InstrumentRun r : runs) {
        long t = r.exchange.nextDueNanos();
        if (t < dueAt) {
          dueAt = t;
          due = r;
        }
      }
      if (next != null && nextVenue <= dueAt && nextVenue <= strategyAt) {
        atVenue(next, nextVenue);
        inFlight.addLast(new Held(next, nextVenue));
        next = read();
        nextVenue = next == null ? Long.MAX_VALUE : venueTime(next);
      } else if (due != null && dueAt <= strategyAt) {
        sampleUntil(dueAt);
        due.exchange.runUntil(dueAt, due::onAnswer);
      } else if (strategyAt != Long.MAX_VALUE) {
        Held h = inFlight.pollFirst();
        sampleUntil(strategyAt);
        atStrategy(h.event());
        pool.addLast(h.event());
      } else {
        break;
      }
    }
    return BacktestResult.of(config, runs, marketEvents, source.truncated());
  }

  private MarketEvent read() throws IOException {
    MarketEvent e = source.next();
    if (e == null) {
      return null;
    }
    MarketEvent copy = pool.isEmpty() ? new MarketEvent() : pool.pollFirst();
    copy.copyFrom(e);
    if (++marketEvents % 65_536 == 0) {
      progress.accept(marketEvents);
    }
    return copy;
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
    if (e.kind.hasLevels()) {
      r.onBook(now);
      r.quote(now);
    } else if (e.kind == EventKind.TRADE) {
      r.engine.onClock(now);
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
      for (InstrumentRun r : runs) {
        r.sample(nextSampleNanos);
      }
      nextSampleNanos += interval;
    }
  }
}
