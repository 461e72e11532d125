package com.marketmaker.core.portfolio.risk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.hipparchus.distribution.continuous.TDistribution;
import org.junit.jupiter.api.Test;

/** Monte Carlo estimates against the closed forms, within four standard errors. */
class MonteCarloRiskTest {

  private static final int N = 100_000;
  private static final long SEED = 42L;
  private static final double NU = 5.0;

  private static MonteCarloRisk portfolio() {
    double[] positions = {2.0, -1.0, 0.5};
    double[] mean = {0.0005, 0.0002, -0.0001};
    double[] vol = {0.02, 0.015, 0.03};
    double[][] corr = {{1.0, 0.6, -0.2}, {0.6, 1.0, 0.1}, {-0.2, 0.1, 1.0}};
    double[][] cov = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        cov[i][j] = corr[i][j] * vol[i] * vol[j];
      }
    }
    return new MonteCarloRisk(positions, mean, cov);
  }

  @Test
  void portfolioMomentsAreExact() {
    MonteCarloRisk mc = portfolio();
    assertEquals(2 * 0.0005 - 0.0002 - 0.5 * 0.0001, mc.meanPnl(), 1e-15);
    double v =
        4 * 4e-4
            + 2.25e-4
            + 0.25 * 9e-4
            + 2 * (2 * -1 * 0.6 * 0.02 * 0.015)
            + 2 * (2 * 0.5 * -0.2 * 0.02 * 0.03)
            + 2 * (-1 * 0.5 * 0.1 * 0.015 * 0.03);
    assertEquals(Math.sqrt(v), mc.sdPnl(), 1e-15);
  }

  @Test
  void normalMatchesClosedForm() {
    MonteCarloRisk mc = portfolio();
    double[] pnl = mc.simulateNormal(N, SEED);
    for (double c : new double[] {0.95, 0.99}) {
      RiskEstimate exact = mc.analyticNormal(c);
      double alpha = 1.0 - c;
      double z = ParametricRisk.normalQuantile(alpha);
      double density = ParametricRisk.normalDensity(z) / mc.sdPnl();
      check(pnl, c, exact, density);
      assertEquals(HistoricalRisk.estimate(pnl, c), mc.normal(N, SEED, c));
    }
  }

  @Test
  void studentTMatchesClosedForm() {
    MonteCarloRisk mc = portfolio();
    double[] pnl = mc.simulateStudentT(N, NU, SEED);
    double scale = mc.sdPnl() * Math.sqrt((NU - 2.0) / NU);
    TDistribution t = new TDistribution(NU);
    for (double c : new double[] {0.95, 0.99}) {
      RiskEstimate exact = mc.analyticStudentT(NU, c);
      double density = t.density(t.inverseCumulativeProbability(1.0 - c)) / scale;
      check(pnl, c, exact, density);
      assertEquals(HistoricalRisk.estimate(pnl, c), mc.studentT(N, NU, SEED, c));
    }
    // fat tails: the t CVaR at 99% exceeds the normal one of equal variance
    assertTrue(mc.analyticStudentT(NU, 0.99).cvar() > mc.analyticNormal(0.99).cvar());
  }

  @Test
  void sameSeedSameFigures() {
    MonteCarloRisk mc = portfolio();
    assertArrayEquals(mc.simulateNormal(1000, 7L), mc.simulateNormal(1000, 7L));
    assertArrayEquals(mc.simulateStudentT(1000, NU, 7L), mc.simulateStudentT(1000, NU, 7L));
    assertEquals(mc.normal(N, 11L, 0.99), portfolio().normal(N, 11L, 0.99));
    assertEquals(mc.studentT(N, NU, 11L, 0.99), portfolio().studentT(N, NU, 11L, 0.99));
    assertNotEquals(mc.normal(N, 11L, 0.99).var(), mc.normal(N, 12L, 0.99).var());
  }

  /**
   * VaR within 4 standard errors {@code sqrt(alpha (1 - alpha) / N) / f(q)}; CVaR within 4 standard
   * errors {@code sqrt((Var(L | L >= VaR) + (1 - alpha)(CVaR - VaR)^2) / (N alpha))}.
   */
  private static void check(double[] pnl, double c, RiskEstimate exact, double density) {
    double alpha = 1.0 - c;
    RiskEstimate est = HistoricalRisk.estimate(pnl, c);
    double seVar = Math.sqrt(alpha * (1.0 - alpha) / pnl.length) / density;
    assertEquals(exact.var(), est.var(), 4.0 * seVar, "VaR@" + c);

    double[] tail = Arrays.stream(pnl).map(x -> -x).filter(l -> l >= est.var()).toArray();
    double mean = Arrays.stream(tail).average().orElseThrow();
    double var = Arrays.stream(tail).map(l -> (l - mean) * (l - mean)).sum() / (tail.length - 1);
    double gap = est.cvar() - est.var();
    double seCvar = Math.sqrt((var + (1.0 - alpha) * gap * gap) / (pnl.length * alpha));
    assertEquals(exact.cvar(), est.cvar(), 4.0 * seCvar, "CVaR@" + c);
  }
}
