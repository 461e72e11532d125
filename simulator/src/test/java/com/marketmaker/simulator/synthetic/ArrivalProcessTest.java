package com.marketmaker.simulator.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Long seeded runs of the arrival processes against their theory. Counts over a horizon T: Poisson
 * has mean and variance λT; a stationary Hawkes process with exponential kernel has mean μT/(1−n)
 * and, for T much longer than 1/(β(1−n)), variance μT/(1−n)³ with n = α/β (Hawkes 1971; Bacry,
 * Mastromatteo &amp; Muzy 2015, "Hawkes processes in finance", §2). Each check allows four standard
 * deviations (a false alarm about once in 16 000 seeds; the seeds are fixed, so the outcome is
 * too).
 */
class ArrivalProcessTest {

  static long[] windowCounts(ArrivalSpec spec, long seed, double horizon, double window) {
    ArrivalProcess p = new ArrivalProcess(spec, 0);
    SplittableRandom rng = new SplittableRandom(seed);
    long[] counts = new long[(int) (horizon / window)];
    double t;
    while ((t = p.next(rng)) < horizon) {
      counts[(int) (t / window)]++;
    }
    return counts;
  }

  static double sum(long[] c) {
    double s = 0;
    for (long v : c) {
      s += v;
    }
    return s;
  }

  /** Variance over mean of the window counts (1 for Poisson; about 1/(1−n)² for Hawkes). */
  static double dispersion(long[] c) {
    double mean = sum(c) / c.length;
    double var = 0;
    for (long v : c) {
      var += (v - mean) * (v - mean);
    }
    return var / (c.length - 1) / mean;
  }

  @Test
  void poissonCountMatchesItsRate() {
    double horizon = 20_000;
    long[] c = windowCounts(ArrivalSpec.poisson(5), 42, horizon, 50);
    double mean = 5 * horizon;
    assertEquals(mean, sum(c), 4 * Math.sqrt(mean));
    double d = dispersion(c);
    assertTrue(d > 0.75 && d < 1.3, "Poisson dispersion " + d);
  }

  @Test
  void hawkesCountMatchesItsStationaryMeanAndIsOverDispersed() {
    double mu = 1;
    double alpha = 1.5;
    double beta = 3; // n = 0.5
    double n = alpha / beta;
    double horizon = 40_000;
    ArrivalSpec spec = ArrivalSpec.hawkes(mu, alpha, beta);
    assertEquals(2.0, spec.meanRate(), 1e-12);
    long[] c = windowCounts(spec, 7, horizon, 100);
    double mean = mu * horizon / (1 - n);
    double sd = Math.sqrt(mu * horizon / Math.pow(1 - n, 3));
    assertEquals(mean, sum(c), 4 * sd);
    // windows of 100 s >> 1/(β(1−n)) = 0.67 s: dispersion close to 1/(1−n)² = 4
    double d = dispersion(c);
    assertTrue(d > 3 && d < 5, "Hawkes dispersion " + d);
  }

  @Test
  void nearlyCriticalHawkesStillMatchesItsMean() {
    ArrivalSpec spec = ArrivalSpec.hawkes(0.5, 8, 10); // n = 0.8, mean rate 2.5
    double horizon = 100_000;
    long[] c = windowCounts(spec, 99, horizon, 1000);
    double sd = Math.sqrt(0.5 * horizon / Math.pow(0.2, 3));
    assertEquals(2.5 * horizon, sum(c), 4 * sd);
  }

  @Test
  void refusesNonStationaryOrMalformedSpecs() {
    assertThrows(IllegalArgumentException.class, () -> ArrivalSpec.hawkes(1, 2, 2));
    assertThrows(IllegalArgumentException.class, () -> ArrivalSpec.hawkes(1, 3, 2));
    assertThrows(IllegalArgumentException.class, () -> ArrivalSpec.hawkes(0, 1, 2));
    assertThrows(IllegalArgumentException.class, () -> ArrivalSpec.poisson(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new ArrivalSpec(false, 1, 1, 2));
  }

  @Test
  void sameSeedSameTimes() {
    ArrivalSpec spec = ArrivalSpec.hawkes(2, 1, 4);
    ArrivalProcess a = new ArrivalProcess(spec, 0);
    ArrivalProcess b = new ArrivalProcess(spec, 0);
    SplittableRandom ra = new SplittableRandom(5);
    SplittableRandom rb = new SplittableRandom(5);
    for (int i = 0; i < 10_000; i++) {
      assertEquals(a.next(ra), b.next(rb));
    }
  }
}
