package com.marketmaker.core.portfolio;

import java.util.function.LongSupplier;

/**
 * Spreads the portfolio's long computations (a cointegration scan over every pair, Monte Carlo VaR
 * and CVaR, drawdown paths) over time, so that on a node they never take a whole core from the
 * instruments' books and quotes for seconds at a time.
 *
 * <p>The models call {@link #checkpoint()} between units of work (a pair tested, a scenario drawn).
 * On a thread that is {@link Paced} (the node's models thread) that lets the thread rest; on any
 * other thread (a test, a benchmark, a tool of its own) it does nothing, and the results never
 * depend on it.
 *
 * <p>{@link SliceGate} is the node's rule: after a slice of work (the thread's CPU time since the
 * last rest) the thread sleeps long enough that, over the slice and its rest, it used at most
 * {@code share} of a core. A 3 s scan at a share of 0.1 then runs as 2 ms of work every 20 ms for
 * 30 s, instead of holding a core for 3 s, during which the node's other threads (and, on a small
 * machine, its journal and venue connections) would share the remaining cores.
 */
public final class ModelPacing {

  private ModelPacing() {}

  /** A thread whose model computations rest at checkpoints. */
  public interface Paced {
    /** Called at a checkpoint on this thread; may sleep. */
    void pace();
  }

  /** A checkpoint between two units of a model's work: a possible rest on a paced thread. */
  public static void checkpoint() {
    if (Thread.currentThread() instanceof Paced p) {
      p.pace();
    }
  }

  /** How a gate sleeps; {@link Thread#sleep} in the node. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(long nanos) throws InterruptedException;
  }

  /**
   * Slices of work, each followed by a rest of {@code slice × (1 − share) / share}: at most {@code
   * share} of a core at any moment longer than a slice. Not thread-safe: one per thread.
   */
  public static final class SliceGate {

    private final double share;
    private final long sliceNanos;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private long sliceStart;
    private boolean started;
    private long restedNanos;

    /**
     * @param share the largest share of one core, in (0, 1]; 1 never rests
     * @param sliceNanos the work between two rests, nanoseconds; 0 never rests
     * @param nanoTime the clock ({@link System#nanoTime} in the node)
     * @param sleeper how to rest
     */
    public SliceGate(double share, long sliceNanos, LongSupplier nanoTime, Sleeper sleeper) {
      if (!(share > 0 && share <= 1)) {
        throw new IllegalArgumentException("share must be in (0, 1], got " + share);
      }
      if (sliceNanos < 0) {
        throw new IllegalArgumentException("slice must not be negative: " + sliceNanos);
      }
      this.share = share;
      this.sliceNanos = sliceNanos;
      this.nanoTime = nanoTime;
      this.sleeper = sleeper;
    }

    /**
     * The node's gate: slices of the calling thread's CPU time (wall-clock time where the JVM
     * cannot measure it), {@link Thread#sleep} rests. Measured in CPU time, a slice is the work
     * done: on busy cores a thread runs only part of each wall-clock millisecond, and wall-clock
     * slices held the models to a small part of their share there (at 300 instruments on two busy
     * cores a scan was still unfinished after 11 minutes). Each gate must be used from one thread
     * only.
     */
    public static SliceGate ofSystem(double share, long sliceNanos) {
      java.lang.management.ThreadMXBean threads =
          java.lang.management.ManagementFactory.getThreadMXBean();
      LongSupplier clock =
          threads.isCurrentThreadCpuTimeSupported()
              ? threads::getCurrentThreadCpuTime
              : System::nanoTime;
      return new SliceGate(
          share, sliceNanos, clock, n -> Thread.sleep(n / 1_000_000, (int) (n % 1_000_000)));
    }

    /**
     * A checkpoint: the first one starts a slice; one at or after the slice's end rests in
     * proportion to the work done since, then starts the next slice. An interrupt ends the rest
     * early and is kept on the thread.
     */
    public void pace() {
      if (sliceNanos == 0 || share >= 1) {
        return;
      }
      long now = nanoTime.getAsLong();
      if (!started) {
        started = true;
        sliceStart = now;
        return;
      }
      long worked = now - sliceStart;
      if (worked < sliceNanos) {
        return;
      }
      long rest = (long) (worked * ((1 - share) / share));
      try {
        sleeper.sleep(rest);
        restedNanos += rest;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      sliceStart = nanoTime.getAsLong();
    }

    /**
     * Ends the current slice without resting: the next checkpoint starts a new one. Called between
     * two computations, so that the wait between them is not counted as work.
     */
    public void idle() {
      started = false;
    }

    /** Total rest asked for so far, nanoseconds. */
    public long restedNanos() {
      return restedNanos;
    }
  }
}
