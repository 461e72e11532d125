package com.marketmaker.streams.recorder;

import java.time.Instant;

/**
 * Turns {@link System#nanoTime()} readings, which the feed takes when a frame arrives, into wall
 * clock nanoseconds since the Unix epoch, the receive time of the recorded line format.
 *
 * <p>The {@linkplain #calibrated() system clock} samples {@link Instant#now()} once, bracketed by
 * two {@code nanoTime} reads (the narrowest of several brackets wins), and keeps the offset for its
 * whole life. So receive times are as fine and as monotonic as {@code nanoTime} within a run, and
 * their absolute value is as good as the wall clock at calibration (microseconds on Linux, plus the
 * host's NTP error). The offset does not follow later NTP steps or slews: over a day the drift is
 * the oscillator's (tens of ppm, a few ms), never a step backwards inside a recording.
 */
public interface ReceiveClock {

  /** Epoch nanoseconds of a {@link System#nanoTime()} reading. */
  long epochNanos(long nanoTime);

  /** Epoch nanoseconds now. */
  default long nowEpochNanos() {
    return epochNanos(System.nanoTime());
  }

  /** The host's clock, calibrated now. */
  static ReceiveClock calibrated() {
    long bestWidth = Long.MAX_VALUE;
    long offset = 0;
    for (int i = 0; i < 16; i++) {
      long before = System.nanoTime();
      Instant wall = Instant.now();
      long after = System.nanoTime();
      long width = after - before;
      if (width < bestWidth) {
        bestWidth = width;
        long wallNanos = wall.getEpochSecond() * 1_000_000_000L + wall.getNano();
        offset = wallNanos - (before + width / 2);
      }
    }
    long fixedOffset = offset;
    return nanoTime -> nanoTime + fixedOffset;
  }
}
