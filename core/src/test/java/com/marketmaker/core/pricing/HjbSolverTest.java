package com.marketmaker.core.pricing;

import static com.marketmaker.core.pricing.AvellanedaStoikovTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HjbSolverTest {

  private static final double HORIZON = 5.0;
  private static final double[] TIMES = {0.0, 1.25, 2.5, 4.5, 5.0};

  /**
   * Numerical HJB (finite differences in time on the nonlinear equation for θ) against the exact
   * GLFT solution (matrix exponential of the linearised system): two independent routes to the same
   * optimal depths. Relative agreement 1e-6, scaled by max(|δ|, offset) so that depths crossing
   * zero are not judged on a vanishing denominator.
   */
  @Test
  void numericalHjbMatchesExactGlftOverParameterGrid() {
    List<GlftParameters> grid = new ArrayList<>();
    for (double gamma : new double[] {0.01, 0.1}) {
      for (double sigma : new double[] {0.3, 1.0}) {
        for (double k : new double[] {0.3, 1.5}) {
          for (double a : new double[] {0.9, 5.0}) {
            for (int q : new int[] {3, 12}) {
              grid.add(GlftParameters.glft2013(gamma, sigma, a, k, q));
            }
          }
        }
      }
    }
    // General form of Guéant (2017): ξ ≠ γ, Δ = 2 lots, terminal penalty; and risk-neutral ξ = 0.
    grid.add(new GlftParameters(0.05, 0.5, 2.0, 1.2, 0.02, 2, 20, 0.01));
    grid.add(new GlftParameters(0.1, 1.0, 5.0, 1.0, 0.0, 1, 10, 0.05));
    double worst = 0;
    for (GlftParameters g : grid) {
      GlftQuotes exact = new GlftQuotes(g);
      HjbSolution hjb = HjbSolver.solve(HjbParameters.of(g, -1e3, 1e3, HORIZON, 4000));
      double scale = g.depthOffset();
      for (double t : TIMES) {
        DepthTable e = exact.exact(HORIZON - t);
        DepthTable h = hjb.at(t);
        for (long q = -g.maxInventory(); q <= g.maxInventory(); q += g.orderSize()) {
          String where = g + " t=" + t + " q=" + q;
          worst = Math.max(worst, check(e.bidDepth(q), h.bidDepth(q), scale, where + " bid"));
          worst = Math.max(worst, check(e.askDepth(q), h.askDepth(q), scale, where + " ask"));
        }
      }
    }
    assertTrue(worst < 1e-6, "worst relative difference " + worst);
  }

  private static double check(double exact, double numeric, double scale, String where) {
    if (Double.isNaN(exact)) {
      assertTrue(Double.isNaN(numeric), where + ": side must not be quoted");
      return 0;
    }
    double rel = Math.abs(numeric - exact) / Math.max(Math.abs(exact), scale);
    assertTrue(rel < 1e-6, where + ": exact " + exact + " numeric " + numeric);
    return rel;
  }

  @Test
  void explicitEulerConvergesAtFirstOrder() {
    GlftParameters g = GlftParameters.glft2013(0.1, 1.0, 2.0, 1.0, 5);
    DepthTable exact = new GlftQuotes(g).exact(HORIZON);
    double[] errors = new double[3];
    int[] steps = {500, 1000, 2000};
    for (int s = 0; s < 3; s++) {
      var params =
          HjbParameters.of(g, -1e3, 1e3, HORIZON, 1)
              .withScheme(HjbParameters.TimeScheme.EXPLICIT_EULER, steps[s]);
      DepthTable h = HjbSolver.solve(params).atStep(0);
      double err = 0;
      for (long q = -4; q <= 4; q++) {
        err = Math.max(err, Math.abs(h.bidDepth(q) - exact.bidDepth(q)));
      }
      errors[s] = err;
    }
    // Halving Δt halves the error of a first-order scheme.
    assertEquals(2.0, errors[0] / errors[1], 0.1);
    assertEquals(2.0, errors[1] / errors[2], 0.1);
  }

  @Test
  void depthsStayInsideTheQuotingBand() {
    GlftParameters g = GlftParameters.glft2013(0.1, 1.0, 5.0, 1.0, 10);
    HjbSolution hjb = HjbSolver.solve(HjbParameters.of(g, 0.4, 1.6, HORIZON, 2000));
    boolean lowerBinds = false;
    boolean upperBinds = false;
    for (int m = 0; m <= hjb.steps(); m += 100) {
      DepthTable t = hjb.atStep(m);
      for (long q = -10; q <= 10; q++) {
        for (double d : new double[] {t.bidDepth(q), t.askDepth(q)}) {
          if (!Double.isNaN(d)) {
            assertTrue(d >= 0.4 && d <= 1.6, "depth " + d + " outside the band");
            lowerBinds |= d == 0.4;
            upperBinds |= d == 1.6;
          }
        }
      }
    }
    // The band is narrow enough that both limits are active somewhere: the check is not vacuous.
    assertTrue(lowerBinds && upperBinds);
  }

  /**
   * General intensities: the first-order condition solved by Brent's method must give the maximiser
   * of the Hamiltonian found by brute force on a fine grid.
   */
  @Test
  void logisticIntensityDepthMaximisesTheHamiltonian() {
    var logistic = new LogisticIntensity(3.0, -1.0, 2.5);
    for (double xi : new double[] {0.0, 0.05, 0.5}) {
      for (double p : new double[] {-1.0, -0.2, 0.0, 0.3, 1.0}) {
        double best = Double.NEGATIVE_INFINITY;
        double arg = Double.NaN;
        for (double d = -3; d <= 5; d += 1e-5) {
          double h =
              xi == 0
                  ? logistic.rate(d) * (d - p)
                  : logistic.rate(d) * (1 - Math.exp(-xi * (d - p))) / xi;
          if (h > best) {
            best = h;
            arg = d;
          }
        }
        double foc = logistic.optimalDepth(p, xi, 1, -3, 5);
        assertEquals(arg, foc, 2e-5, "xi=" + xi + " p=" + p);
        assertEquals(best, logistic.hamiltonian(p, xi, 1, foc), 1e-9);
      }
    }
  }

  /**
   * The exponential fast path (closed-form δ*, constant interior factor) must agree with the
   * generic route (Brent on the first-order condition) for the same Λ, inside and at the band.
   */
  @Test
  void exponentialFastPathMatchesGenericFirstOrderCondition() {
    var exp = new ExponentialIntensity(3.0, 0.8);
    IntensityFunction generic =
        new IntensityFunction() {
          @Override
          public double rate(double depth) {
            return exp.rate(depth);
          }

          @Override
          public double slope(double depth) {
            return exp.slope(depth);
          }
        };
    for (double xi : new double[] {0.0, 0.01, 0.3}) {
      for (int size : new int[] {1, 3}) {
        var fast = exp.prepare(xi, size, -0.5, 2.5);
        var slow = generic.prepare(xi, size, -0.5, 2.5);
        for (double p = -4; p <= 4; p += 0.125) {
          double d = fast.optimalDepth(p);
          assertEquals(slow.optimalDepth(p), d, 1e-10, "xi=" + xi + " p=" + p);
          assertEquals(slow.value(p, d), fast.value(p, d), 1e-12 * Math.max(1, slow.value(p, d)));
          assertEquals(
              slow.sensitivity(p, d), fast.sensitivity(p, d), 1e-12 * (1 + fast.sensitivity(p, d)));
        }
      }
    }
  }

  /**
   * Asymmetric sides: the problem with (bid, ask) intensities swapped is the mirror image in
   * inventory, so δ^b(q) of one equals δ^a(−q) of the other.
   */
  @Test
  void swappingSideIntensitiesMirrorsTheQuotes() {
    IntensityFunction strongBuyers = new ExponentialIntensity(4.0, 1.2);
    IntensityFunction weakSellers = new LogisticIntensity(2.0, -0.5, 1.8);
    var a =
        new HjbParameters(
            0.05,
            0.8,
            0.05,
            1,
            8,
            0.02,
            strongBuyers,
            weakSellers,
            -5,
            5,
            2.0,
            1000,
            HjbParameters.TimeScheme.RUNGE_KUTTA_4);
    var b =
        new HjbParameters(
            0.05,
            0.8,
            0.05,
            1,
            8,
            0.02,
            weakSellers,
            strongBuyers,
            -5,
            5,
            2.0,
            1000,
            HjbParameters.TimeScheme.RUNGE_KUTTA_4);
    DepthTable ta = HjbSolver.solve(a).atStep(0);
    DepthTable tb = HjbSolver.solve(b).atStep(0);
    boolean asymmetric = false;
    for (long q = -8; q <= 8; q++) {
      if (q < 8) {
        assertEquals(ta.bidDepth(q), tb.askDepth(-q), 1e-12, "q=" + q);
      }
      asymmetric |= q < 8 && q > -8 && Math.abs(ta.bidDepth(q) - ta.askDepth(-q)) > 1e-3;
    }
    assertTrue(asymmetric, "different sides must give different depths");
    assertFalse(ta.depths(8).quotesBid());
    assertFalse(ta.depths(-8).quotesAsk());
  }

  @Test
  void rejectsBadParameters() {
    var e = new ExponentialIntensity(1, 1);
    var rk = HjbParameters.TimeScheme.RUNGE_KUTTA_4;
    assertMessage(() -> new HjbParameters(0, 1, 0, 1, 5, 0, e, e, 0, 1, 1, 10, rk), "gamma");
    assertMessage(
        () -> new HjbParameters(0.1, Double.NaN, 0, 1, 5, 0, e, e, 0, 1, 1, 10, rk), "sigma");
    assertMessage(() -> new HjbParameters(0.1, 1, 0, 1, 0, 0, e, e, 0, 1, 1, 10, rk), "Q");
    assertMessage(() -> new HjbParameters(0.1, 1, 0, 1, 5, 0, e, e, 2, 1, 1, 10, rk), "exceeds");
    assertMessage(() -> new HjbParameters(0.1, 1, 0, 1, 5, 0, e, e, 0, 1, 1, 0, rk), "steps");
    assertMessage(() -> new ExponentialIntensity(1, 0), "k");
    assertMessage(() -> new ExponentialIntensity(1, -2), "k");
  }
}
