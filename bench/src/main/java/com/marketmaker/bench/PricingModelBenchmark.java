package com.marketmaker.bench;

import com.marketmaker.core.pricing.DepthTable;
import com.marketmaker.core.pricing.GlftParameters;
import com.marketmaker.core.pricing.GlftQuotes;
import com.marketmaker.core.pricing.HjbParameters;
import com.marketmaker.core.pricing.HjbSolution;
import com.marketmaker.core.pricing.HjbSolver;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Off-hot-path model builds: the numerical HJB for Q = 50 over 1,000 time steps, and the exact and
 * stationary GLFT tables for the same grid. Parameters of the GLFT (2013) numerical example (σ =
 * 0.3, A = 0.9, k = 0.3, γ = 0.01) over T = 600 s.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PricingModelBenchmark {

  private static final GlftParameters GLFT = GlftParameters.glft2013(0.01, 0.3, 0.9, 0.3, 50);

  /** The HJB inputs, per time scheme. */
  @State(Scope.Thread)
  public static class Hjb {
    @Param({"RUNGE_KUTTA_4", "EXPLICIT_EULER"})
    public HjbParameters.TimeScheme scheme;

    HjbParameters params;

    @Setup
    public void setUp() {
      params = HjbParameters.of(GLFT, -50, 50, 600, 1000).withScheme(scheme, 1000);
    }
  }

  /** A prepared GLFT model (matrix and smallest eigenvalue built once). */
  @State(Scope.Thread)
  public static class Glft {
    GlftQuotes quotes;

    @Setup
    public void setUp() {
      quotes = new GlftQuotes(GLFT);
    }
  }

  @Benchmark
  public HjbSolution hjbSolveQ50Steps1000(Hjb s) {
    return HjbSolver.solve(s.params);
  }

  /** Matrix exponential of the 101 x 101 system at T - t = 300 s. */
  @Benchmark
  public DepthTable glftExactQ50(Glft s) {
    return s.quotes.exact(300);
  }

  /** Eigenvalue of M plus the ratio recurrence, including building the model. */
  @Benchmark
  public DepthTable glftStationaryQ50() {
    return new GlftQuotes(GLFT).stationary();
  }
}
