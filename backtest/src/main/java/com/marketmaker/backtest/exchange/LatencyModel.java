package com.marketmaker.backtest.exchange;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A one-way delay in nanoseconds drawn for each request or answer. Models draw from their own
 * seeded generator, so a run is repeatable.
 */
public interface LatencyModel {

  /** The delay of the next request or answer, in nanoseconds (never negative). */
  long nextNanos();

  /** Always {@code nanos}. */
  static LatencyModel constant(long nanos) {
    if (nanos < 0) {
      throw new IllegalArgumentException("latency must be >= 0 ns, got " + nanos);
    }
    return () -> nanos;
  }

  /**
   * Log-normal around {@code medianNanos} with log-standard deviation {@code sigma}: the right skew
   * of network round trips (most close to the median, a few several times longer).
   */
  static LatencyModel logNormal(long medianNanos, double sigma, long seed) {
    if (medianNanos <= 0 || !(sigma >= 0) || Double.isInfinite(sigma)) {
      throw new IllegalArgumentException(
          "log-normal latency needs a positive median and sigma >= 0");
    }
    SplittableRandom random = new SplittableRandom(seed);
    double mu = Math.log(medianNanos);
    return () -> Math.round(Math.exp(mu + sigma * gaussian(random)));
  }

  /**
   * Drawn from recorded delays (for instance the gaps between the journaled request and the venue's
   * answer of a live session): inverse-transform sampling of their empirical distribution,
   * interpolated linearly between consecutive order statistics.
   */
  static LatencyModel empirical(long[] samplesNanos, long seed) {
    if (samplesNanos.length == 0) {
      throw new IllegalArgumentException("empirical latency needs at least one sample");
    }
    long[] sorted = samplesNanos.clone();
    Arrays.sort(sorted);
    if (sorted[0] < 0) {
      throw new IllegalArgumentException("latency samples must be >= 0 ns");
    }
    SplittableRandom random = new SplittableRandom(seed);
    return () -> {
      if (sorted.length == 1) {
        return sorted[0];
      }
      double position = random.nextDouble() * (sorted.length - 1);
      int i = (int) position;
      double w = position - i;
      return Math.round(sorted[i] + w * (sorted[Math.min(i + 1, sorted.length - 1)] - sorted[i]));
    };
  }

  private static double gaussian(SplittableRandom r) {
    // Box-Muller on two uniforms in (0, 1].
    double u1 = 1.0 - r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
