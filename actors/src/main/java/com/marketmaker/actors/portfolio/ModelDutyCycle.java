package com.marketmaker.actors.portfolio;

/**
 * Keeps the portfolio's models to a share of one core. The models (cointegration scans over every
 * pair, Monte Carlo VaR and CVaR) grow with the number of instruments, and the node's cores also
 * carry the instruments' books and quotes: at 300 instruments an unbounded evaluation every few
 * seconds took about a quarter of a core. After an evaluation that used {@code t} of CPU time, the
 * next periodic one starts no sooner than {@code t / share} after this one started, so over time
 * the models use at most {@code share} of a core, whatever the portfolio's size; with small
 * portfolios the configured period is what paces them.
 */
final class ModelDutyCycle {

  private final double share;
  private long nextStartMillis = Long.MIN_VALUE;

  /**
   * @param share the largest share of one core the models may use on average, in (0, 1]
   */
  ModelDutyCycle(double share) {
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException("model CPU share must be in (0, 1], got " + share);
    }
    this.share = share;
  }

  /** Whether a periodic evaluation may start at {@code nowMillis}. */
  boolean mayStart(long nowMillis) {
    return nowMillis >= nextStartMillis;
  }

  /** The earliest start of the next periodic evaluation, epoch milliseconds. */
  long nextStartMillis() {
    return nextStartMillis;
  }

  /**
   * Books an evaluation that started at {@code startMillis} and used {@code cpuNanos} of CPU time.
   */
  void finished(long startMillis, long cpuNanos) {
    long restMillis = (long) Math.ceil(Math.max(0, cpuNanos) / 1e6 / share);
    nextStartMillis = startMillis + restMillis;
  }

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  /** CPU time of the calling thread, nanoseconds; 0 where the JVM cannot tell. */
  static long threadCpuNanos() {
    return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : 0;
  }
}
