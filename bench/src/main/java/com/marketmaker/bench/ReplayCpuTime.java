package com.marketmaker.bench;

import com.marketmaker.backtest.run.BacktestResult;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The replay of {@link BacktestReplayBenchmark} timed in CPU time instead of wall time, for a
 * figure that the other tenants of a shared machine move less: each replay's CPU time on the
 * replaying thread (minimum, median and 90th percentile, and events per CPU second at the median),
 * and the whole process's CPU time over all measured replays (which adds the collector's threads;
 * the compiler's are quiet after the warm-up replays).
 *
 * <pre>java -cp bench/target/benchmarks.jar com.marketmaker.bench.ReplayCpuTime spot_btcusdt 300
 * </pre>
 *
 * Arguments: the capture ({@code spot_btcusdt}, {@code usdm_btcusdt} or {@code merged}), then the
 * number of measured replays (after as many warm-up replays, at least 50). Run from the repository
 * root (the captures are read from {@code ../shared/data}).
 */
public final class ReplayCpuTime {

  private ReplayCpuTime() {}

  public static void main(String[] args) throws Exception {
    String capture = args.length > 0 ? args[0] : "spot_btcusdt";
    int replays = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    if (replays < 1) {
      throw new IllegalArgumentException("replays must be positive");
    }
    BacktestReplayBenchmark bench = new BacktestReplayBenchmark();
    bench.capture = capture;
    bench.convert();
    try {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      com.sun.management.OperatingSystemMXBean os =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long events = 0;
      for (int i = 0; i < Math.max(50, replays); i++) {
        events = bench.replay().marketEvents();
      }
      long[] thread = new long[replays];
      long sink = 0;
      long processStart = os.getProcessCpuTime();
      for (int i = 0; i < replays; i++) {
        long t0 = threads.getCurrentThreadCpuTime();
        BacktestResult r = bench.replay();
        thread[i] = threads.getCurrentThreadCpuTime() - t0;
        sink += r.marketEvents();
      }
      double processMean = (os.getProcessCpuTime() - processStart) / (double) replays;
      if (sink != events * replays) {
        throw new IllegalStateException("replays disagree on the number of events");
      }
      System.out.printf(
          "%s: %d events per replay, %d replays (after %d warm-up), %s%n",
          capture, events, replays, Math.max(50, replays), Runtime.version());
      report(thread, events);
      System.out.printf(
          "  process CPU per replay (mean; adds the collector's threads): %.2f ms -> %.2f M"
              + " events/s%n",
          processMean / 1e6, events / (processMean / 1e9) / 1e6);
    } finally {
      bench.delete();
    }
  }

  private static void report(long[] nanos, long events) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    long median = sorted[sorted.length / 2];
    System.out.printf(
        "  thread CPU per replay: min %.2f ms, median %.2f ms, p90 %.2f ms -> %.2f M events/s at"
            + " the median%n",
        sorted[0] / 1e6,
        median / 1e6,
        sorted[(int) (sorted.length * 0.9)] / 1e6,
        events / (median / 1e9) / 1e6);
  }
}
