package com.marketmaker.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.quote.QuoteDecision;
import com.marketmaker.core.risk.RiskGuard;
import com.marketmaker.core.signals.BookSignals;
import com.marketmaker.core.strategy.MakerParameters;
import com.marketmaker.core.strategy.StrategyConfig;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine on every real Binance capture, driven by a plain loop: its σ agrees with the realized
 * volatility of the mid that this test measures on its own; a replay with every price move doubled
 * doubles σ and widens the quotes; the intensities calibrate to finite positive values with
 * standard errors.
 */
class EngineReplayTest {

  private static final long S = 1_000_000_000L;

  /** The realized-volatility grid of this test: four samples a second. */
  private static final long GRID = S / 4;

  static Stream<CaptureDriver.Capture> captures() {
    return CaptureDriver.CAPTURES.stream();
  }

  static QuotingEngine engine(CaptureDriver.Capture c, StrategyConfig strategy) {
    // One lot of the book grid is 1e-8 BTC on spot: quote 0.001 (100,000 lots), at most 0.01.
    long lot = c.spec().id().venue() == com.marketmaker.core.instrument.Venue.BINANCE ? 100_000 : 1;
    return new QuotingEngine(
        c.spec(),
        new MakerParameters(0.01, 60, 0.5, 50, lot, 10 * lot),
        strategy,
        EngineModelsTest.settings(),
        RiskGuard.State.CLEAR,
        0);
  }

  /** What one replay saw. */
  static final class Run {
    double realizedSum; // Σ Δm² on the test's grid, ticks²
    double realizedSeconds;
    double engineVarianceSum; // Σ σ² of the engine at the same grid instants
    long gridSamples;
    double spreadSum; // quoted ask − bid at the touch level, ticks
    long twoSided;
    long decisions;
    long nextGrid = Long.MIN_VALUE;
    double gridMid = Double.NaN;
    double lastMid = Double.NaN;
    double lastSigma;
    long start = Long.MIN_VALUE;
    final java.util.Map<String, Integer> reasons = new java.util.TreeMap<>();
    final java.util.List<Double> vpins = new java.util.ArrayList<>();

    void observe(long nanos, QuoteDecision d, QuotingEngine e, long warmUpNanos) {
      decisions++;
      double v = e.signals(nanos).vpin();
      if (Double.isFinite(v)) {
        vpins.add(v);
      }
      if (d.isPull()) {
        reasons.merge(d.reason().replaceAll("[0-9.]+", "#"), 1, Integer::sum);
      }
      if (!e.inSync()) {
        return;
      }
      double mid = BookSignals.mid(e.book().book());
      if (start == Long.MIN_VALUE) {
        start = nanos;
        nextGrid = nanos + GRID;
        gridMid = mid;
      }
      while (nanos >= nextGrid) {
        // Previous-tick sampling: the mid at the grid instant is the last one before it.
        if (nextGrid - start >= warmUpNanos) {
          double move = lastMid - gridMid;
          realizedSum += move * move;
          realizedSeconds += GRID / 1e9;
          engineVarianceSum += lastSigma * lastSigma;
          gridSamples++;
        }
        gridMid = lastMid;
        nextGrid += GRID;
      }
      lastMid = mid;
      lastSigma = e.signals(nanos).volatilityTicksPerSqrtSecond();
      if (!d.isPull() && !d.bids().isEmpty() && !d.asks().isEmpty()) {
        spreadSum += d.asks().get(0).priceTicks() - d.bids().get(0).priceTicks();
        twoSided++;
      }
    }

    double realizedTicksPerSqrtSecond() {
      return Math.sqrt(realizedSum / realizedSeconds);
    }

    double engineTicksPerSqrtSecond() {
      return Math.sqrt(engineVarianceSum / gridSamples);
    }

    double meanSpreadTicks() {
      return spreadSum / twoSided;
    }
  }

  static Run replay(CaptureDriver.Capture c, StrategyConfig strategy, long scale)
      throws IOException {
    QuotingEngine e = engine(c, strategy);
    Run run = new Run();
    // Three half-lives: the prior's weight is down to 1/8.
    long warmUp = (long) (3 * strategy.volatilityHalfLifeSeconds() * S);
    new CaptureDriver(e, c.spec(), scale)
        .run(c.files(), (nanos, d, engine) -> run.observe(nanos, d, engine, warmUp));
    return run;
  }

  @ParameterizedTest
  @MethodSource("captures")
  void sigmaAgreesWithTheRealizedVolatilityOfTheMid(CaptureDriver.Capture c) throws IOException {
    Run run = replay(c, StrategyConfig.defaults(), 1);
    double realized = run.realizedTicksPerSqrtSecond();
    double engine = run.engineTicksPerSqrtSecond();
    System.out.printf(
        "%s: realized %.4f ticks/√s, engine %.4f ticks/√s over %.0f s; mean spread %.2f ticks,"
            + " two-sided %d of %d decisions; %s%n",
        c.name(),
        realized,
        engine,
        run.realizedSeconds,
        run.meanSpreadTicks(),
        run.twoSided,
        run.decisions,
        run.reasons);
    java.util.Collections.sort(run.vpins);
    int n = run.vpins.size();
    if (n > 0) {
      System.out.printf(
          "VPIN n=%d p10 %.3f p50 %.3f p90 %.3f%n",
          n, run.vpins.get(n / 10), run.vpins.get(n / 2), run.vpins.get(9 * n / 10));
    }
    assertTrue(run.realizedSeconds > 60, "enough data: " + run.realizedSeconds);
    assertEquals(realized, engine, 0.10 * realized, "σ within 10% of the realized volatility");
  }

  @ParameterizedTest
  @MethodSource("captures")
  void aReplayWithTheMovesDoubledDoublesSigmaAndWidensTheQuotes(CaptureDriver.Capture c)
      throws IOException {
    Run plain = replay(c, StrategyConfig.defaults(), 1);
    Run doubled = replay(c, StrategyConfig.defaults(), 2);
    double ratio = doubled.engineTicksPerSqrtSecond() / plain.engineTicksPerSqrtSecond();
    System.out.printf(
        "%s: σ x%.3f, mean quoted spread %.1f -> %.1f ticks%n",
        c.name(), ratio, plain.meanSpreadTicks(), doubled.meanSpreadTicks());
    assertEquals(2.0, ratio, 0.2, "σ doubles with the moves");
    assertTrue(
        doubled.meanSpreadTicks() > 1.05 * plain.meanSpreadTicks(),
        "quotes widen: " + plain.meanSpreadTicks() + " -> " + doubled.meanSpreadTicks());
  }

  @ParameterizedTest
  @MethodSource("captures")
  void intensitiesCalibrateToFinitePositiveValuesWithStandardErrors(CaptureDriver.Capture c)
      throws IOException {
    QuotingEngine e = engine(c, StrategyConfig.defaults());
    new CaptureDriver(e, c.spec(), 1).run(c.files(), null);
    for (IntensityEstimate.Value v :
        new IntensityEstimate.Value[] {e.bidIntensity(), e.askIntensity()}) {
      System.out.printf("%s: %s%n", c.name(), v);
      assertTrue(v.calibrated(), "calibrated from the public trades: " + v);
      assertTrue(v.aPerSecond() > 0 && Double.isFinite(v.aPerSecond()), v.toString());
      assertTrue(v.kPerTick() > 0 && Double.isFinite(v.kPerTick()), v.toString());
      assertTrue(v.standardErrorA() > 0 && v.standardErrorA() < v.aPerSecond(), v.toString());
      assertTrue(v.standardErrorK() > 0 && v.standardErrorK() < v.kPerTick(), v.toString());
    }
  }
}
