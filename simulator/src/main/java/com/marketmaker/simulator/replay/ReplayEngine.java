package com.marketmaker.simulator.replay;

import com.marketmaker.simulator.ws.StreamHub;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays one venue's {@link Capture} on its own thread, in the capture's fixed order: each depth
 * diff is first applied to the simulator's book, then (unless a drop fault withholds it) sent to
 * the subscribed connections; other frames are sent as they are. Paced at {@code speed} times the
 * recorded pace, or as fast as the connections take them ({@code max}).
 */
public final class ReplayEngine {

  private static final Logger log = LoggerFactory.getLogger(ReplayEngine.class);

  /** Where the replay is. */
  public enum State {
    IDLE,
    RUNNING,
    DONE,
    FAILED,
    STOPPED
  }

  /**
   * A replay status.
   *
   * @param framesSent per stream, frames replayed to clients (dropped diffs not counted)
   * @param lastUpdateId per symbol, the simulator's book position
   */
  public record Status(
      String venue,
      State state,
      boolean done,
      String speed,
      int position,
      int total,
      Map<String, Long> framesSent,
      Map<String, Long> lastUpdateId,
      long deliveries,
      long droppedDiffs,
      long staleSnapshotsServed,
      long framesDelayed,
      long malformedFramesSent,
      int openConnections,
      long acceptedConnections,
      long overflowCloses,
      long lifetimeCloses,
      long faultDisconnects,
      long badRequests,
      String error) {}

  private final String venue;
  private final Capture capture;
  private final List<SimulatedBook> books;
  private final StreamHub hub;
  private final Faults faults;
  private final AtomicLongArray framesSent;
  private volatile State state = State.IDLE;
  private volatile int position;
  private volatile double speed;
  private volatile String error;
  private volatile long deliveries;
  private volatile long malformedSent;
  private Thread thread;

  public ReplayEngine(
      String venue, Capture capture, List<SimulatedBook> books, StreamHub hub, Faults faults) {
    this.venue = venue;
    this.capture = capture;
    this.books = books;
    this.hub = hub;
    this.faults = faults;
    this.framesSent = new AtomicLongArray(capture.streams().size());
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
    if (state != State.IDLE) {
      return false;
    }
    this.speed = speed;
    state = State.RUNNING;
    thread = new Thread(this::run, "replay-" + venue);
    thread.setDaemon(true);
    thread.start();
    return true;
  }

  public synchronized void stop() {
    if (thread != null) {
      thread.interrupt();
    }
    if (state == State.RUNNING || state == State.IDLE) {
      state = State.STOPPED;
    }
  }

  public State state() {
    return state;
  }

  /** Sends {@code n} malformed frames to every connection now. */
  public synchronized int sendMalformed(int n) {
    int reached = 0;
    for (int i = 0; i < n; i++) {
      // A frame cut short, as a broken proxy or a torn write would deliver it.
      reached =
          hub.broadcast("{\"stream\":\"malformed\",\"data\":{\"e\":\"depthUpdate\",\"E\":" + i);
      malformedSent++;
    }
    return reached;
  }

  private void run() {
    boolean max = Double.isInfinite(speed);
    long startNanos = System.nanoTime();
    long firstRecorded = capture.size() > 0 ? capture.frame(0).receivedNanos() : 0;
    List<String> streams = capture.streams();
    try {
      for (int i = 0; i < capture.size(); i++) {
        if (Thread.currentThread().isInterrupted()) {
          return;
        }
        RecordedFrame f = capture.frame(i);
        if (!max) {
          long due = startNanos + (long) ((f.receivedNanos() - firstRecorded) / speed);
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
          // The stall shifts the whole replay, as a venue hiccup would.
          startNanos += TimeUnit.MILLISECONDS.toNanos(delay);
        }
        String symbol = capture.symbols().get(f.symbol()).symbol();
        if (f.depth()) {
          books.get(f.symbol()).applyDiff(f.raw());
          if (faults.consumeDrop(symbol)) {
            position = i + 1;
            continue;
          }
        }
        String stream = streams.get(f.stream());
        deliveries += hub.publish(stream, f.raw(), () -> f.payload(stream), max);
        framesSent.incrementAndGet(f.stream());
        position = i + 1;
      }
      state = State.DONE;
      log.info("{}: replay done, {} frames", venue, capture.size());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      error = e.toString();
      state = State.FAILED;
      log.error("{}: replay failed at frame {}", venue, position, e);
    }
  }

  public Status status() {
    Map<String, Long> sent = new LinkedHashMap<>();
    for (int s = 0; s < capture.streams().size(); s++) {
      sent.put(capture.streams().get(s), framesSent.get(s));
    }
    Map<String, Long> ids = new LinkedHashMap<>();
    for (int s = 0; s < books.size(); s++) {
      ids.put(capture.symbols().get(s).symbol(), books.get(s).lastUpdateId());
    }
    double sp = speed;
    return new Status(
        venue,
        state,
        state == State.DONE,
        sp == 0 ? null : Double.isInfinite(sp) ? "max" : Double.toString(sp),
        position,
        capture.size(),
        sent,
        ids,
        deliveries,
        faults.droppedDiffs(),
        faults.staleSnapshotsServed(),
        faults.framesDelayed(),
        malformedSent,
        hub.openConnections(),
        hub.acceptedConnections(),
        hub.overflowCloses(),
        hub.lifetimeCloses(),
        hub.faultCloses(),
        hub.badRequests(),
        error);
  }
}
