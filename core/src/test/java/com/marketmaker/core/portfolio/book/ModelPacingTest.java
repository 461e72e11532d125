package com.marketmaker.core.portfolio.book;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.portfolio.ModelPacing;
import com.marketmaker.core.portfolio.ModelPacing.SliceGate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The pacing of the portfolio's models: the gate's arithmetic on a hand-driven clock, and the
 * checkpoints reached from inside the real scan and risk computations on a paced thread, with the
 * same results as on any other thread.
 */
class ModelPacingTest {

  private static final long MS = 1_000_000L;

  /** A clock the test moves; sleeping moves it by the rest. */
  private static final class FakeTime {
    long now;
    final List<Long> rests = new ArrayList<>();

    SliceGate gate(double share, long slice) {
      return new SliceGate(
          share,
          slice,
          () -> now,
          n -> {
            rests.add(n);
            now += n;
          });
    }
  }

  @Test
  void afterEachSliceTheGateRestsSoThatWorkIsAtMostTheShareOfTheTime() {
    FakeTime t = new FakeTime();
    SliceGate gate = t.gate(0.1, 2 * MS);
    gate.pace(); // starts the first slice at 0
    t.now = MS;
    gate.pace(); // within the slice: no rest
    assertTrue(t.rests.isEmpty());
    t.now = 2_500_000;
    gate.pace(); // 2.5 ms of work: 22.5 ms of rest at a share of 0.1
    assertEquals(List.of(22_500_000L), t.rests);
    assertEquals(25 * MS, t.now);
    t.now += 2 * MS; // the next slice is counted from the end of the rest
    gate.pace();
    assertEquals(List.of(22_500_000L, 18 * MS), t.rests);
    double work = 2.5 + 2;
    double rest = t.rests.stream().mapToLong(Long::longValue).sum() / (double) MS;
    assertEquals(0.1, work / (work + rest), 1e-12);
    assertEquals(40_500_000L, gate.restedNanos());
  }

  @Test
  void theTimeBetweenTwoComputationsIsNotCountedAsWork() {
    FakeTime t = new FakeTime();
    SliceGate gate = t.gate(0.25, 2 * MS);
    gate.pace();
    t.now = MS;
    gate.idle(); // the computation ended after 1 ms
    t.now = 5_000 * MS; // the next one starts seconds later
    gate.pace();
    t.now += MS;
    gate.pace();
    assertTrue(t.rests.isEmpty(), "one 1 ms slice and another: no rest yet, got " + t.rests);
    t.now += MS;
    gate.pace();
    assertEquals(List.of(6 * MS), t.rests); // 2 ms of work at a quarter: 6 ms of rest
  }

  @Test
  void aZeroSliceOrAWholeCoreNeverRests() {
    FakeTime t = new FakeTime();
    SliceGate off = t.gate(0.1, 0);
    SliceGate whole = t.gate(1.0, 2 * MS);
    for (int i = 0; i < 100; i++) {
      off.pace();
      whole.pace();
      t.now += MS;
    }
    assertTrue(t.rests.isEmpty());
    assertThrows(IllegalArgumentException.class, () -> t.gate(0, MS));
    assertThrows(IllegalArgumentException.class, () -> t.gate(1.5, MS));
    assertThrows(IllegalArgumentException.class, () -> t.gate(0.5, -1));
  }

  @Test
  void anInterruptEndsTheRestAndStaysOnTheThread() {
    long[] now = {0};
    SliceGate gate =
        new SliceGate(
            0.5,
            MS,
            () -> now[0],
            n -> {
              throw new InterruptedException();
            });
    gate.pace();
    now[0] = 2 * MS;
    gate.pace();
    assertTrue(Thread.interrupted(), "the interrupt is kept (and cleared here)");
  }

  /** A thread that counts its checkpoints. */
  private static final class CountingThread extends Thread implements ModelPacing.Paced {
    long checkpoints;

    CountingThread(Runnable r) {
      super(r, "counting-models");
    }

    @Override
    public void pace() {
      checkpoints++;
    }
  }

  private static <T> T onCountingThread(java.util.function.Supplier<T> work, long[] checkpoints)
      throws InterruptedException {
    AtomicReference<T> out = new AtomicReference<>();
    CountingThread t = new CountingThread(() -> out.set(work.get()));
    t.start();
    t.join();
    checkpoints[0] = t.checkpoints;
    return out.get();
  }

  @Test
  void theScanReachesACheckpointForEveryPairOnAPacedThreadAndGivesTheSameResult()
      throws InterruptedException {
    CointegrationScanTest.Universe u = CointegrationScanTest.universe();
    ScanConfig cfg = CointegrationScanTest.config();
    long[] count = {0};
    ScanResult paced =
        onCountingThread(() -> CointegrationScan.scan(u.names(), u.closes(), 1000, cfg), count);
    ScanResult plain = CointegrationScan.scan(u.names(), u.closes(), 1000, cfg);
    int k = u.names().size();
    int pairs = k * (k - 1) / 2;
    assertTrue(
        count[0] >= pairs + k, "checkpoints " + count[0] + " for " + pairs + " pairs of " + k);
    assertEquals(plain.pairs(), paced.pairs());
    assertEquals(plain.unitRootPValues(), paced.unitRootPValues());
    assertEquals(plain.groups().size(), paced.groups().size());
    for (int g = 0; g < plain.groups().size(); g++) {
      assertArrayEquals(plain.groups().get(g).eigenvalues(), paced.groups().get(g).eigenvalues());
    }
    ModelPacing.checkpoint(); // on an ordinary thread: nothing happens
  }

  @Test
  void theNodesGateCountsTheThreadsCpuTimeNotTheTimeItWaited() throws InterruptedException {
    ModelPacing.SliceGate gate = ModelPacing.SliceGate.ofSystem(0.1, 2_000_000L);
    gate.pace();
    Thread.sleep(50); // 50 ms off the CPU: no work done, no rest owed
    gate.pace();
    assertEquals(0, gate.restedNanos(), "a wall-clock slice would have rested 450 ms");
    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long until = threads.getCurrentThreadCpuTime() + 10_000_000L;
    double sink = 0;
    while (threads.getCurrentThreadCpuTime() < until) {
      sink += Math.sqrt(sink + 1); // 10 ms of CPU
    }
    gate.pace();
    assertTrue(sink > 0);
    assertTrue(gate.restedNanos() > 0, "rested after CPU work");
  }

  @Test
  void theRiskModelsReachCheckpointsAcrossTheirScenariosAndPathsWithTheSameResult()
      throws InterruptedException {
    SplittableRandom rng = new SplittableRandom(7);
    int d = 20;
    int n = 400;
    List<String> names = new ArrayList<>();
    double[] notionals = new double[d];
    double[][] returns = new double[d][n];
    for (int i = 0; i < d; i++) {
      names.add("SIM:A" + i);
      notionals[i] = 1_000 * (i % 2 == 0 ? 1 : -1);
      for (int t = 0; t < n; t++) {
        returns[i][t] = 0.001 * CointegrationScanTest.gaussian(rng);
      }
    }
    RiskConfig cfg = RiskConfig.defaults().withDrawdown(50, 60, 2_000);
    long[] count = {0};
    RiskResult paced =
        onCountingThread(
            () -> PortfolioRisk.compute(names, notionals, returns, List.of(), cfg, 0), count);
    RiskResult plain = PortfolioRisk.compute(names, notionals, returns, List.of(), cfg, 0);
    assertTrue(count[0] >= 2_000 + d, "checkpoints " + count[0]);
    assertEquals(plain.estimates(), paced.estimates());
    assertEquals(plain.drawdown(), paced.drawdown());
    assertFalse(paced.estimates().isEmpty());
  }
}
