package com.marketmaker.core.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.instrument.Venue;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VenueRateLimitsTest {

  private static final long MS = 1_000_000L;
  private static final long S = 1_000 * MS;

  @Test
  void bucketGrantsCapacityThenOneTokenPerInterval() {
    TokenBucket b = new TokenBucket(3, 100 * MS, 0);
    assertTrue(b.tryAcquire(0));
    assertTrue(b.tryAcquire(0));
    assertTrue(b.tryAcquire(0));
    assertFalse(b.tryAcquire(99 * MS));
    assertEquals(MS, b.nanosUntilAvailable(99 * MS));
    assertTrue(b.tryAcquire(100 * MS));
    assertFalse(b.tryAcquire(150 * MS));
    // the half interval carried over counts: one more token at 200 ms, not 250 ms
    assertTrue(b.tryAcquire(200 * MS));
    assertEquals(3, b.available(10 * S), "refill stops at capacity");
  }

  @Test
  void bucketIgnoresAClockThatGoesBackwards() {
    TokenBucket b = new TokenBucket(1, S, 10 * S);
    assertTrue(b.tryAcquire(10 * S));
    assertFalse(b.tryAcquire(5 * S));
    assertFalse(b.tryAcquire(10 * S));
    assertTrue(b.tryAcquire(11 * S));
  }

  @Test
  void drainToStopsPlacingUntilRefilled() {
    VenueRateLimits limits = new VenueRateLimits(VenueRateLimits.Config.binanceSpot(), 0);
    assertEquals(25, limits.placesAvailable(0), "half of 50 per 10 s as burst");
    limits.onVenueThrottled(0);
    assertFalse(limits.tryPlace(0));
    assertTrue(limits.tryCancel(0), "cancels draw from their own bucket");
    // The 10 s bucket refills 25 tokens per 10 s (one per 400 ms), the daily one 80,000 per day
    // (one per 1.08 s): a placement needs both.
    assertFalse(limits.tryPlace(400 * MS));
    assertFalse(limits.tryPlace(1_079 * MS));
    assertTrue(limits.tryPlace(1_080 * MS));
  }

  @Test
  void cancelsAreNotCountedAgainstOrderLimits() {
    VenueRateLimits limits = new VenueRateLimits(VenueRateLimits.Config.binanceSpot(), 0);
    while (limits.tryPlace(0)) {
      // use up the placements
    }
    for (int i = 0; i < 100; i++) {
      assertTrue(limits.tryCancel(0));
    }
  }

  @Test
  void presetsExistOnlyForVenuesWithDocumentedLimits() {
    assertEquals(
        VenueRateLimits.Config.binanceSpot(), VenueRateLimits.Config.forVenue(Venue.BINANCE));
    assertEquals(
        VenueRateLimits.Config.binanceUsdm(), VenueRateLimits.Config.forVenue(Venue.BINANCE_USDM));
    assertThrows(
        IllegalArgumentException.class, () -> VenueRateLimits.Config.forVenue(Venue.KRAKEN));
  }

  /**
   * Requests arrive in random bursts and lulls for two simulated days; every admitted placement and
   * cancel is recorded, and every window of every configured limit, sliding from each admission,
   * must hold at most the limit's count.
   */
  @Test
  void admittedRequestsNeverExceedAnyLimitInAnyWindow() {
    for (VenueRateLimits.Config config :
        List.of(
            VenueRateLimits.Config.binanceSpot(),
            VenueRateLimits.Config.binanceUsdm(),
            VenueRateLimits.Config.binanceSpot().share(0.1),
            new VenueRateLimits.Config(
                List.of(new VenueRateLimits.Limit(7, 3 * S)), List.of(), 0.9))) {
      for (long seed = 1; seed <= 3; seed++) {
        SplittableRandom rnd = new SplittableRandom(seed);
        VenueRateLimits limits = new VenueRateLimits(config, 0);
        List<Long> places = new ArrayList<>();
        List<Long> cancels = new ArrayList<>();
        long t = 0;
        long end = 2 * 86_400 * S;
        while (t < end) {
          // bursts of back-to-back attempts, then a pause of up to 2 s
          int burst = 1 + rnd.nextInt(40);
          for (int i = 0; i < burst; i++) {
            if (limits.tryPlace(t)) {
              places.add(t);
            }
            if (rnd.nextBoolean() && limits.tryCancel(t)) {
              cancels.add(t);
            }
            t += rnd.nextLong(5 * MS);
          }
          t += rnd.nextLong(2 * S);
        }
        for (VenueRateLimits.Limit l : config.orders()) {
          assertWithin(places, l, config + " seed " + seed);
        }
        for (VenueRateLimits.Limit l : config.cancels()) {
          assertWithin(cancels, l, config + " seed " + seed);
        }
        assertFalse(places.isEmpty());
      }
    }
  }

  /** Two pointers over the admission times: the most admitted in any [t, t + window). */
  private static void assertWithin(List<Long> times, VenueRateLimits.Limit limit, String what) {
    int lo = 0;
    int most = 0;
    for (int hi = 0; hi < times.size(); hi++) {
      while (times.get(hi) - times.get(lo) >= limit.windowNanos()) {
        lo++;
      }
      most = Math.max(most, hi - lo + 1);
    }
    assertTrue(
        most <= limit.count(), what + ": " + most + " in one window of limit " + limit.count());
  }
}
