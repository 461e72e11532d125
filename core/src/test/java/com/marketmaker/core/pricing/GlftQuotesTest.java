package com.marketmaker.core.pricing;

import static com.marketmaker.core.pricing.AvellanedaStoikovTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * GLFT exact and stationary depths against the multiple-precision reference written by {@code
 * core/src/test/python/glft_reference.py} (mpmath eigen decomposition at 60 digits).
 */
class GlftQuotesTest {

  private record Row(String tau, long q, double bid, double ask) {}

  private static final Map<String, GlftParameters> PARAMS = new HashMap<>();
  private static final Map<String, List<Row>> ROWS = new HashMap<>();

  static {
    try (var in =
        new BufferedReader(
            new InputStreamReader(
                GlftQuotesTest.class.getResourceAsStream("/fixtures/glft_reference.csv"),
                StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("#")) {
          continue;
        }
        String[] f = line.split(",");
        if (f[0].equals("param")) {
          PARAMS.put(
              f[1],
              new GlftParameters(
                  Double.parseDouble(f[2]),
                  Double.parseDouble(f[3]),
                  Double.parseDouble(f[4]),
                  Double.parseDouble(f[5]),
                  Double.parseDouble(f[6]),
                  Integer.parseInt(f[7]),
                  Integer.parseInt(f[8]),
                  Double.parseDouble(f[9])));
        } else {
          ROWS.computeIfAbsent(f[1], c -> new ArrayList<>())
              .add(new Row(f[2], Long.parseLong(f[3]), parseDepth(f[4]), parseDepth(f[5])));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void exactAndStationaryDepthsMatchMultiplePrecisionReference() {
    assertEquals(3, PARAMS.size());
    int compared = 0;
    for (var entry : PARAMS.entrySet()) {
      GlftQuotes glft = new GlftQuotes(entry.getValue());
      Map<String, DepthTable> tables = new HashMap<>();
      for (Row row : ROWS.get(entry.getKey())) {
        DepthTable table =
            tables.computeIfAbsent(
                row.tau(),
                t -> t.equals("inf") ? glft.stationary() : glft.exact(Double.parseDouble(t)));
        String where = entry.getKey() + " tau=" + row.tau() + " q=" + row.q();
        assertClose(row.bid(), table.bidDepth(row.q()), 1e-9, where + " bid");
        assertClose(row.ask(), table.askDepth(row.q()), 1e-9, where + " ask");
        compared++;
      }
    }
    assertTrue(compared > 400);
  }

  @Test
  void exactSolutionTendsToStationaryQuotesForLongHorizons() {
    GlftQuotes glft = new GlftQuotes(GlftParameters.glft2013(0.01, 0.3, 0.9, 0.3, 30));
    DepthTable stationary = glft.stationary();
    DepthTable longHorizon = glft.exact(20_000);
    for (long q = -29; q <= 29; q++) {
      assertClose(stationary.bidDepth(q), longHorizon.bidDepth(q), 1e-8, "bid q=" + q);
      assertClose(stationary.askDepth(q), longHorizon.askDepth(q), 1e-8, "ask q=" + q);
    }
  }

  /**
   * GLFT 2013 derive the closed form from the continuous (harmonic oscillator) limit of the
   * eigenproblem: it becomes exact when the ground state is wide compared with one order, i.e. as
   * ω·k → 0 with Q large. Shrinking σ drives ω·k → 0 (here ω·k = √2·σ); the error of the closed
   * form against the exact stationary depths, in units of the per-lot skew ω, must fall toward
   * zero.
   */
  @Test
  void closedFormConvergesToStationaryQuotesInTheContinuousLimit() {
    double previous = Double.POSITIVE_INFINITY;
    double last = Double.NaN;
    for (double sigma : new double[] {1.0, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001}) {
      GlftQuotes glft = new GlftQuotes(GlftParameters.glft2013(1.0, sigma, 1.0, 1.0, 200));
      DepthTable exact = glft.stationary();
      double omega = glft.closedFormSkewPerLot();
      double worst = 0;
      for (long q = -5; q <= 5; q++) {
        OptimalDepths approx = glft.closedForm(q);
        worst = Math.max(worst, Math.abs(approx.bidDepth() - exact.bidDepth(q)) / omega);
        worst = Math.max(worst, Math.abs(approx.askDepth() - exact.askDepth(q)) / omega);
      }
      if (omega * 1.0 < 0.05) {
        // First order in the continuous-limit parameter ω·k (here k = 1): error/ω = O(ω·k).
        assertTrue(worst < 1.5 * omega, "first-order convergence: " + worst + " vs ωk " + omega);
      }
      assertTrue(worst < previous, "error must shrink: " + worst + " after " + previous);
      previous = worst;
      last = worst;
    }
    assertTrue(last < 2e-3, "closed form within 0.2% of a lot's skew at the finest limit: " + last);
  }

  @Test
  void boundsAreQuotedOneSidedAndSkewHasTheRightSign() {
    GlftQuotes glft = new GlftQuotes(GlftParameters.glft2013(0.01, 0.3, 0.9, 0.3, 30));
    for (DepthTable t : List.of(glft.exact(60), glft.stationary(), glft.closedFormTable())) {
      assertFalse(t.depths(30).quotesBid());
      assertTrue(t.depths(30).quotesAsk());
      assertFalse(t.depths(-30).quotesAsk());
      assertTrue(t.depths(-30).quotesBid());
      for (long q = -29; q < 29; q++) {
        // Longer inventory: bid further away, ask closer.
        assertTrue(t.bidDepth(q + 1) > t.bidDepth(q), "bid depth increases in q at " + q);
        assertTrue(t.askDepth(q + 1) < t.askDepth(q), "ask depth decreases in q at " + q);
      }
    }
  }

  /**
   * When v spans more orders of magnitude than a double holds (here σ = 1000, Q = 100), the exact
   * route reports it instead of returning meaningless log-ratios.
   */
  @Test
  void exactSolutionReportsOutOfRangeInsteadOfReturningGarbage() {
    var wide = GlftParameters.glft2013(1.0, 1000.0, 1.0, 1.0, 100);
    var e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ArithmeticException.class, () -> new GlftQuotes(wide).exact(100));
    assertTrue(e.getMessage().contains("too wide"), e.getMessage());
  }

  @Test
  void rejectsBadParameters() {
    assertMessage(() -> GlftParameters.glft2013(0, 0.3, 0.9, 0.3, 30), "gamma");
    assertMessage(() -> GlftParameters.glft2013(-1, 0.3, 0.9, 0.3, 30), "gamma");
    assertMessage(() -> GlftParameters.glft2013(0.01, Double.NaN, 0.9, 0.3, 30), "sigma");
    assertMessage(() -> GlftParameters.glft2013(0.01, 0.3, 0, 0.3, 30), "intensity A");
    assertMessage(() -> GlftParameters.glft2013(0.01, 0.3, 0.9, 0, 30), "k");
    assertMessage(() -> GlftParameters.glft2013(0.01, 0.3, 0.9, -0.3, 30), "k");
    assertMessage(() -> GlftParameters.glft2013(0.01, 0.3, 0.9, 0.3, 0), "Q");
    assertMessage(() -> new GlftParameters(0.01, 0.3, 0.9, 0.3, 0.01, 2, 5, 0), "multiple");
    assertMessage(() -> new GlftParameters(0.01, 0.3, 0.9, 0.3, -1, 1, 5, 0), "xi");
    assertMessage(() -> new GlftParameters(0.01, 0.3, 0.9, 0.3, 0.01, 1, 5, -1), "alpha");
  }

  private static double parseDepth(String s) {
    return s.equals("nan") ? Double.NaN : Double.parseDouble(s);
  }

  static void assertClose(double expected, double actual, double relative, String what) {
    if (Double.isNaN(expected)) {
      assertTrue(Double.isNaN(actual), what + ": expected not quoted, got " + actual);
      return;
    }
    double tol = relative * Math.max(1.0, Math.abs(expected));
    assertEquals(expected, actual, tol, what);
  }
}
