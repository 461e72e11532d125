package com.marketmaker.simulator.synthetic;

import com.marketmaker.simulator.exchange.Exchange;
import com.marketmaker.simulator.exchange.ExchangeJournal;
import com.marketmaker.simulator.replay.Faults;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that drives every synthetic instrument of an {@link Exchange} on a fixed beat: while
 * the flow runs, each beat advances every instrument's {@link CrowdFlow} by one beat of simulated
 * time; on every beat (flow running or not, so trading accounts' own orders are published too) it
 * flushes every instrument's market data and expires stale listen keys.
 *
 * <p>The instruments do not all publish at the same instant: a beat is cut into up to {@value
 * #MAX_SLOTS} evenly spaced slots and instrument {@code k} is advanced and flushed in slot {@code k
 * mod slots}, as on Binance, where the event times of different symbols' {@code depth@100ms}
 * streams are spread evenly over the 100 ms (recorded BTCUSDT and ETHUSDT spot: event time modulo
 * 100 ms uniform over 3,000 diffs each), rather than one burst of every instrument per beat.
 *
 * <p>Simulated time advances by exactly one beat per beat whatever the wall clock does, and each
 * instrument draws from its own generator split off the seed in instrument order: the crowd's
 * events depend only on the seed (and on what trading accounts do). A late slot is run at once (a
 * late beat counted), not skipped. The {@code delay} fault stalls the beat.
 *
 * <p>When the exchange keeps its state, each instrument's fair mid is checkpointed every {@value
 * #CHECKPOINT_MILLIS} ms of beats and when the market stops, and a new market over that state
 * starts where the last checkpoint left it: the trading accounts' orders kept on the book then
 * still sit around the market they were placed in, not around the configured initial price. The
 * crowd's own resting orders are not kept; it rebuilds its side of the book within seconds. While
 * the exchange cannot keep its state ({@link Exchange#available()}) the crowd does not trade, so
 * nothing fills an account's order that the next start would not know of.
 */
public final class SyntheticMarket {

  private static final Logger log = LoggerFactory.getLogger(SyntheticMarket.class);

  /** Simulated time between two checkpoints of the fair mids. */
  static final long CHECKPOINT_MILLIS = 5_000;

  /** At most this many publication slots per beat. */
  static final int MAX_SLOTS = 100;

  /** Where the synthetic market is. */
  public record Status(
      String venue,
      boolean flowRunning,
      int instruments,
      long beats,
      double simulatedSeconds,
      long lateBeats,
      long framesSent,
      long crowdLimitOrders,
      long crowdMarketOrders,
      long crowdCancels,
      long crowdFills,
      long accountFills,
      long listenKeysExpired,
      long userEventsSent,
      long diffsWithheld,
      String error) {}

  private final String venue;
  private final Exchange exchange;
  private final Faults faults;
  private final long tickMillis;
  private final List<Exchange.Instrument> instruments;
  private final List<CrowdFlow> flows = new ArrayList<>();
  // The marks last checkpointed, per instrument; beat thread (or the stopping one once it ended).
  private final List<ExchangeJournal.Mark> checkpointed = new ArrayList<>();
  private volatile boolean flowRunning;
  private volatile boolean stopped;
  private volatile long beats;
  private volatile long lateBeats;
  private volatile double simulated;
  // The current beat's decisions, taken in its first slot; beat thread only.
  private boolean beatFlows;
  private double beatTime;
  private volatile String error;
  private Thread thread;

  public SyntheticMarket(
      String venue, Exchange exchange, Faults faults, long seed, long tickMillis) {
    this.venue = venue;
    this.exchange = exchange;
    this.faults = faults;
    this.tickMillis = tickMillis;
    this.instruments = List.copyOf(exchange.instruments());
    SplittableRandom root = new SplittableRandom(seed);
    for (Exchange.Instrument i : instruments) {
      flows.add(
          new CrowdFlow(
              i.engine(),
              i.config().flow(),
              i.config().initialTicks(exchange.dialect()),
              root.split()));
    }
    link(instruments.stream().map(i -> i.config().symbol()).toList(), flows);
    // Leaders first: a follower's mid is computed from its leader's.
    for (boolean leaders : new boolean[] {true, false}) {
      for (int k = 0; k < flows.size(); k++) {
        CrowdFlow f = flows.get(k);
        ExchangeJournal.Mark m = exchange.restoredMark(instruments.get(k).config().symbol());
        if (m != null && (f.parameters().pairing() == null) == leaders) {
          f.restore(m.logMid(), m.spread());
        }
      }
    }
    exchange.restored();
    for (CrowdFlow f : flows) {
      checkpointed.add(new ExchangeJournal.Mark(f.logMid(), f.spread()));
    }
  }

  /**
   * Keeps the fair mid of every instrument whose market moved since the last checkpoint with the
   * exchange (when it keeps its state), which also forces its journal to the disk.
   */
  void checkpoint() {
    Map<String, ExchangeJournal.Mark> marks = new LinkedHashMap<>();
    for (int k = 0; k < flows.size(); k++) {
      CrowdFlow f = flows.get(k);
      ExchangeJournal.Mark m = new ExchangeJournal.Mark(f.logMid(), f.spread());
      if (!m.equals(checkpointed.get(k))) {
        marks.put(instruments.get(k).config().symbol(), m);
        checkpointed.set(k, m);
      }
    }
    exchange.checkpoint(marks);
  }

  /**
   * Makes every flow with a {@link Pairing} follow its leader's flow.
   *
   * @throws IllegalArgumentException when a leader is not among the instruments
   */
  public static void link(List<String> symbols, List<CrowdFlow> flows) {
    for (int i = 0; i < symbols.size(); i++) {
      Pairing pairing = flows.get(i).parameters().pairing();
      if (pairing == null) {
        continue;
      }
      int leader = symbols.indexOf(pairing.leader());
      if (leader < 0) {
        throw new IllegalArgumentException(
            symbols.get(i) + " follows " + pairing.leader() + ", which is not simulated here");
      }
      flows.get(i).follow(flows.get(leader));
    }
  }

  /** Starts the beat (market data and listen keys); the crowd waits for {@link #startFlow()}. */
  public synchronized void start() {
    if (thread != null) {
      return;
    }
    thread = new Thread(this::run, "synthetic-" + venue);
    thread.setDaemon(true);
    thread.start();
  }

  /** Lets the crowd trade; false if it already does. */
  public boolean startFlow() {
    if (flowRunning) {
      return false;
    }
    flowRunning = true;
    return true;
  }

  /** Stops the crowd (the beat goes on); false if it was not running. */
  public boolean stopFlow() {
    if (!flowRunning) {
      return false;
    }
    flowRunning = false;
    return true;
  }

  public boolean flowRunning() {
    return flowRunning;
  }

  /** Stops the beat and, once its thread has ended, checkpoints the fair mids. */
  public synchronized void stop() {
    stopped = true;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (thread.isAlive()) {
        return;
      }
    }
    checkpoint();
  }

  private void run() {
    long start = System.nanoTime();
    long tickNanos = TimeUnit.MILLISECONDS.toNanos(tickMillis);
    int slots = slots();
    long slotNanos = tickNanos / slots;
    long done = 0; // beats completed
    int slot = 0;
    try {
      while (!stopped) {
        long due = start + done * tickNanos + slot * slotNanos;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
          if (stopped) {
            return;
          }
          if (due - System.nanoTime() > 0) {
            continue; // woke early
          }
        }
        if (slot == 0) {
          if (wait < -tickNanos) {
            lateBeats++;
          }
          long delay = faults.consumeDelay();
          if (delay > 0) {
            Thread.sleep(delay);
            start += TimeUnit.MILLISECONDS.toNanos(delay);
          }
          beginBeat(done + 1);
        }
        runSlot(done + 1, slot, slots);
        if (++slot == slots) {
          slot = 0;
          done++;
          beats = done;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      error = e.toString();
      log.error("{}: synthetic market failed at beat {}", venue, done + 1, e);
    }
  }

  /** The crowd of the {@code k}-th instrument. */
  CrowdFlow flow(int k) {
    return flows.get(k);
  }

  /** Publication slots per beat: one per instrument, at most {@link #MAX_SLOTS}. */
  int slots() {
    return Math.max(1, Math.min(MAX_SLOTS, instruments.size()));
  }

  /** The first slot of a beat: whether the crowd trades in it, its simulated time, listen keys. */
  void beginBeat(long beat) {
    beatFlows = flowRunning && exchange.available();
    if (beatFlows) {
      beatTime = simulated + tickMillis / 1000.0;
      simulated = beatTime;
    }
    if (beat % 5 == 0) {
      exchange.userStreams().expire();
    }
    if (beat % Math.max(1, CHECKPOINT_MILLIS / tickMillis) == 0) {
      checkpoint();
    }
  }

  /** One slot of a beat: crowd events (when running) and market data of its instruments. */
  void runSlot(long beat, int slot, int slots) {
    for (int k = slot; k < instruments.size(); k += slots) {
      if (beatFlows) {
        flows.get(k).advanceTo(beatTime);
      }
      instruments.get(k).feed().flush(exchange.now(), beat);
    }
  }

  public Status status() {
    long frames = 0;
    long withheld = 0;
    for (Exchange.Instrument i : instruments) {
      frames += i.feed().framesSent();
      withheld += i.feed().diffsWithheld();
    }
    long limits = 0;
    long markets = 0;
    long cancels = 0;
    for (CrowdFlow f : flows) {
      limits += f.limitOrders();
      markets += f.marketOrders();
      cancels += f.cancels();
    }
    return new Status(
        venue,
        flowRunning,
        instruments.size(),
        beats,
        simulated,
        lateBeats,
        frames,
        limits,
        markets,
        cancels,
        exchange.ledger().crowdFills(),
        exchange.ledger().entries(null, null).size(),
        exchange.userStreams().expiredKeys(),
        exchange.userStreams().eventsSent(),
        withheld,
        error);
  }
}
