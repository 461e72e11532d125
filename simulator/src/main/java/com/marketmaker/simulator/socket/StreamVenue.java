package com.marketmaker.simulator.socket;

import com.marketmaker.simulator.replay.Faults;
import com.marketmaker.simulator.replay.ReplayEngine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A venue whose book snapshots travel on the WebSocket (Kraken, Coinbase), replaying a recorded
 * capture: the dialect answers subscriptions with a snapshot of the simulator's current book and
 * forwards each recorded update to the connections subscribed to it.
 *
 * <p>The replay runs on its own thread in the capture's order, paced at {@code speed} times the
 * recorded pace or as fast as the connections take the frames ({@code max}). Applying an update to
 * the simulator's book and sending it, and taking a snapshot for a new subscription, happen under
 * one lock: a snapshot is always followed by exactly the updates after it, so a client's book built
 * from it stays consistent (Kraken's checksums keep verifying).
 */
public abstract class StreamVenue implements SessionHub.Handler {

  private static final Logger log = LoggerFactory.getLogger(StreamVenue.class);

  /**
   * A replay status.
   *
   * @param updatesReplayed per symbol, book updates applied to the simulator's book so far
   * @param droppedUpdates updates withheld from clients by the dropUpdates fault
   * @param snapshotsServed snapshots sent for subscriptions
   * @param badRequests client requests answered with an error
   */
  public record Status(
      String venue,
      ReplayEngine.State state,
      boolean done,
      String speed,
      int position,
      int total,
      Map<String, Long> updatesReplayed,
      long deliveries,
      long droppedUpdates,
      long snapshotsServed,
      long malformedFramesSent,
      int openConnections,
      long acceptedConnections,
      long overflowCloses,
      long faultDisconnects,
      long badRequests,
      String error) {}

  protected final String venue;
  protected final SessionHub hub;
  protected final Faults faults = new Faults();

  /** Guards the books and the subscriptions against the replay thread. */
  protected final Object lock = new Object();

  protected final AtomicLong deliveries = new AtomicLong();
  protected final AtomicLong snapshotsServed = new AtomicLong();
  protected final AtomicLong badRequests = new AtomicLong();
  private final AtomicLong malformedSent = new AtomicLong();
  private AtomicLongArray updatesReplayed;

  private volatile ReplayEngine.State state = ReplayEngine.State.IDLE;
  private volatile int position;
  private volatile double speed;
  private volatile String error;
  private Thread thread;

  protected StreamVenue(String venue, SessionHub hub) {
    this.venue = venue;
    this.hub = hub;
    hub.setHandler(this);
  }

  /** The replayed symbols in the venue's own spelling, in capture order. */
  public abstract List<String> symbols();

  /** Frames to replay. */
  protected abstract int frameCount();

  /** Receive time of frame {@code i}, in nanoseconds. */
  protected abstract long frameNanos(int i);

  /**
   * Replays frame {@code i}: applies it to the book and sends it where it goes.
   *
   * @param max whether the replay runs at max speed (sends then wait for room)
   */
  protected abstract void replay(int i, boolean max);

  public SessionHub hub() {
    return hub;
  }

  public Faults faults() {
    return faults;
  }

  /** Counts an update applied to the book of symbol {@code index}. */
  protected final void countReplayed(int index) {
    if (updatesReplayed == null) {
      synchronized (this) {
        if (updatesReplayed == null) {
          updatesReplayed = new AtomicLongArray(symbols().size());
        }
      }
    }
    updatesReplayed.incrementAndGet(index);
  }

  /**
   * Starts the replay.
   *
   * @param speed factor over the recorded pace, or {@code Double.POSITIVE_INFINITY} for max
   * @return false if it was already started
   */
  public synchronized boolean start(double speed) {
    if (!(speed > 0)) {
      throw new IllegalArgumentException("speed must be positive");
    }
    if (state != ReplayEngine.State.IDLE) {
      return false;
    }
    this.speed = speed;
    state = ReplayEngine.State.RUNNING;
    thread = new Thread(this::run, "replay-" + venue);
    thread.setDaemon(true);
    thread.start();
    return true;
  }

  public synchronized void stop() {
    if (thread != null) {
      thread.interrupt();
    }
    if (state == ReplayEngine.State.RUNNING || state == ReplayEngine.State.IDLE) {
      state = ReplayEngine.State.STOPPED;
    }
  }

  public ReplayEngine.State state() {
    return state;
  }

  /** Sends {@code n} frames cut short (as a torn write would deliver them) to every connection. */
  public int sendMalformed(int n) {
    int reached = 0;
    for (int i = 0; i < n; i++) {
      reached = hub.broadcast(malformedFrame(i), false);
      malformedSent.incrementAndGet();
    }
    return reached;
  }

  /** A frame of this venue's shape cut short. */
  protected abstract String malformedFrame(int i);

  private void run() {
    boolean max = Double.isInfinite(speed);
    long startNanos = System.nanoTime();
    int total = frameCount();
    long firstRecorded = total > 0 ? frameNanos(0) : 0;
    try {
      for (int i = 0; i < total; i++) {
        if (Thread.currentThread().isInterrupted()) {
          return;
        }
        if (!max) {
          long due = startNanos + (long) ((frameNanos(i) - firstRecorded) / speed);
          long wait;
          while ((wait = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
            if (Thread.currentThread().isInterrupted()) {
              return;
            }
          }
        }
        long delay = faults.consumeDelay();
        if (delay > 0) {
          Thread.sleep(delay);
          startNanos += TimeUnit.MILLISECONDS.toNanos(delay);
        }
        replay(i, max);
        position = i + 1;
      }
      state = ReplayEngine.State.DONE;
      log.info("{}: replay done, {} frames", venue, total);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      error = e.toString();
      state = ReplayEngine.State.FAILED;
      log.error("{}: replay failed at frame {}", venue, position, e);
    }
  }

  public Status status() {
    Map<String, Long> replayed = new LinkedHashMap<>();
    List<String> symbols = symbols();
    for (int s = 0; s < symbols.size(); s++) {
      replayed.put(symbols.get(s), updatesReplayed == null ? 0 : updatesReplayed.get(s));
    }
    double sp = speed;
    return new Status(
        venue,
        state,
        state == ReplayEngine.State.DONE,
        sp == 0 ? null : Double.isInfinite(sp) ? "max" : Double.toString(sp),
        position,
        frameCount(),
        replayed,
        deliveries.get(),
        faults.droppedDiffs(),
        snapshotsServed.get(),
        malformedSent.get(),
        hub.openConnections(),
        hub.acceptedConnections(),
        hub.overflowCloses(),
        hub.faultCloses(),
        badRequests.get(),
        error);
  }

  /** Sends to one connection, counting the delivery. */
  protected final void deliver(Session s, String text, boolean max) {
    if (hub.send(s, text, max)) {
      deliveries.incrementAndGet();
    }
  }

  /** Sends a reply to a request; errors are counted. */
  protected final void reply(Session s, String text, boolean error) {
    if (error) {
      badRequests.incrementAndGet();
    }
    hub.send(s, text, false);
  }
}
