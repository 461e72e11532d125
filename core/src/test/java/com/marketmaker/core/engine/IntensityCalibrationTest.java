package com.marketmaker.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.feed.DepthUpdate;
import com.marketmaker.core.feed.Trade;
import com.marketmaker.core.strategy.StrategyConfig;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The engine's online calibration recovers known, asymmetric intensities λ±(δ) = A±·e^(−k±·δ)
 * (Avellaneda and Stoikov 2008, §2.3) from simulated flow. Market orders reach the bid and the ask
 * as two Poisson processes of rates A− and A+; each reaches a depth D ~ Exp(k) below or above the
 * mid, so a resting order δ ticks away is reached at rate A·P(D ≥ δ) = A·e^(−kδ). Prices are whole
 * ticks: a sweep to depth D prints at mid ± floor(D), which reaches δ (whole) exactly when D ≥ δ.
 */
class IntensityCalibrationTest {

  private static final long S = 1_000_000_000L;

  /** A two-tick book, 99.99 / 100.01: the mid is the whole tick 10,000. */
  private static DepthUpdate snapshot() {
    DepthUpdate d = new DepthUpdate();
    d.finalUpdateId = 10;
    d.bids.add(9_999, 5_000);
    d.asks.add(10_001, 5_000);
    return d;
  }

  private static DepthUpdate bridge() {
    DepthUpdate d = new DepthUpdate();
    d.firstUpdateId = 11;
    d.finalUpdateId = 11;
    d.bids.add(9_999, 5_000);
    return d;
  }

  private static Trade trade(long price, boolean buyer) {
    Trade t = new Trade();
    t.price = price;
    t.size = 1;
    t.buyerAggressor = buyer;
    return t;
  }

  @Test
  void recoversKnownAsymmetricIntensitiesWithinTheirStandardErrors() {
    double bidA = 2.0;
    double bidK = 0.5;
    double askA = 4.0;
    double askK = 0.25;
    // The prior is far from the truth, so a fit near the truth can only come from the data.
    QuotingEngine e =
        EngineModelsTest.engine(
            new StrategyConfig(StrategyConfig.Model.GLFT, 0.7, 1.5, 1, 1, 30, 1_000, 1_000), 60);
    e.onSnapshot(snapshot(), 0);
    e.onDepth(bridge(), VenueBook.NO_CHECKSUM, 0);
    assertTrue(e.inSync());
    assertFalse(e.bidIntensity().calibrated(), "the prior before any flow");
    assertEquals(0.7, e.bidIntensity().aPerSecond());

    SplittableRandom random = new SplittableRandom(20261203);
    double nextBid = exponential(random, bidA);
    double nextAsk = exponential(random, askA);
    double end = 3_600; // an hour of flow: 720 windows of 5 s
    while (Math.min(nextBid, nextAsk) < end) {
      boolean ask = nextAsk < nextBid;
      double t = ask ? nextAsk : nextBid;
      long nanos = (long) (t * S);
      e.onClock(nanos);
      long depth = (long) Math.floor(exponential(random, ask ? askK : bidK));
      e.onTrade(trade(ask ? 10_000 + depth : 10_000 - depth, ask), nanos);
      if (ask) {
        nextAsk += exponential(random, askA);
      } else {
        nextBid += exponential(random, bidA);
      }
    }
    e.onClock((long) (end * S));

    check("bid", e.bidIntensity(), bidA, bidK);
    check("ask", e.askIntensity(), askA, askK);
  }

  private static void check(String side, IntensityEstimate.Value v, double a, double k) {
    System.out.printf(
        "%s: A %.3f ± %.3f (true %.2f), k %.4f ± %.4f (true %.2f), %d windows%n",
        side,
        v.aPerSecond(),
        v.standardErrorA(),
        a,
        v.kPerTick(),
        v.standardErrorK(),
        k,
        v.windows());
    assertTrue(v.calibrated(), side + ": " + v);
    assertEquals(a, v.aPerSecond(), 3 * v.standardErrorA(), side + " A within 3 standard errors");
    assertEquals(k, v.kPerTick(), 3 * v.standardErrorK(), side + " k within 3 standard errors");
    // And the errors are informative: a few percent of the values, not a blanket tolerance.
    assertTrue(v.standardErrorA() < 0.1 * a, side + " A's error " + v.standardErrorA());
    assertTrue(v.standardErrorK() < 0.1 * k, side + " k's error " + v.standardErrorK());
  }

  private static double exponential(SplittableRandom r, double rate) {
    return -Math.log(1 - r.nextDouble()) / rate;
  }
}
