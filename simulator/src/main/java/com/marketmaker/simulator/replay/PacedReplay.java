package com.marketmaker.simulator.replay;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replay of one venue's recorded frames on a thread of its own, in the recorded order: paced at
 * {@code speed} times the recorded pace, or as fast as the connections take the frames ({@code
 * max}); held back by a delay fault, which shifts the rest of the replay as a venue hiccup would.
 * It starts once; a stop or an interrupt ends it where it is. Subclasses say what the frames are
 * and what replaying one does.
 */
public abstract class PacedReplay {

  private static final Logger log = LoggerFactory.getLogger(PacedReplay.class);

  /** Where the replay is. */
  public enum State {
    IDLE,
    RUNNING,
    DONE,
    FAILED,
    STOPPED
  }

  private final String venue;
  private final Faults faults;
  private volatile State state = State.IDLE;
  private volatile int position;
  private volatile double speed;
  private volatile String error;
  private Thread thread;

  protected PacedReplay(String venue, Faults faults) {
    this.venue = venue;
    this.faults = faults;
  }

  /** Frames to replay. */
  protected abstract int frameCount();

  /** Receive time of frame {@code i}, in nanoseconds. */
  protected abstract long frameNanos(int i);

  /**
   * Replays frame {@code i}: applies it to the simulator's book and sends it where it goes.
   *
   * @param max whether the replay runs at max speed (sends then wait for room)
   */
  protected abstract void replay(int i, boolean max);

  /** The replay's counters, as the admin status endpoint shows them. */
  public abstract Record status();

  /** The venue's name, as statuses and logs show it. */
  public final String venue() {
    return venue;
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

  public final State state() {
    return state;
  }

  /** Frames replayed so far. */
  protected final int position() {
    return position;
  }

  /** The speed as started: {@code max}, the factor, or null before the start. */
  protected final String speedName() {
    double sp = speed;
    return sp == 0 ? null : Double.isInfinite(sp) ? "max" : Double.toString(sp);
  }

  /** What ended a failed replay, else null. */
  protected final String error() {
    return error;
  }

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
          // The stall shifts the whole replay, as a venue hiccup would.
          startNanos += TimeUnit.MILLISECONDS.toNanos(delay);
        }
        replay(i, max);
        position = i + 1;
      }
      state = State.DONE;
      log.info("{}: replay done, {} frames", venue, total);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      error = e.toString();
      state = State.FAILED;
      log.error("{}: replay failed at frame {}", venue, position, e);
    }
  }
}
