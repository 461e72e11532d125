package com.marketmaker.core.portfolio.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HistoricalRiskTest {

  @Test
  void quantileIsNumpyLinear() {
    double[] s = {1.0, 2.0, 3.0, 4.0};
    // numpy.quantile([1, 2, 3, 4], p) for p = 0, 0.1, 0.5, 0.9, 1
    assertEquals(1.0, HistoricalRisk.quantileSorted(s, 0.0), 1e-15);
    assertEquals(1.3, HistoricalRisk.quantileSorted(s, 0.1), 1e-15);
    assertEquals(2.5, HistoricalRisk.quantileSorted(s, 0.5), 1e-15);
    assertEquals(3.7, HistoricalRisk.quantileSorted(s, 0.9), 1e-15);
    assertEquals(4.0, HistoricalRisk.quantileSorted(s, 1.0), 1e-15);
  }

  @Test
  void smallSampleByHand() {
    double[] pnl = new double[21];
    for (int i = 0; i < pnl.length; i++) {
      pnl[i] = i - 10.0; // -10 .. 10
    }
    // alpha 0.05: h = 20 * 0.05 = 1, quantile = -9, VaR = 9, tail losses {10, 9}
    RiskEstimate e = HistoricalRisk.estimate(pnl, 0.95);
    assertEquals(9.0, e.var(), 1e-12);
    assertEquals(9.5, e.cvar(), 1e-12);
    assertEquals(0.05, e.alpha(), 1e-15);
  }

  @Test
  void rejectsBadConfidence() {
    assertThrows(
        IllegalArgumentException.class, () -> HistoricalRisk.estimate(new double[] {1}, 1));
    assertThrows(IllegalArgumentException.class, () -> HistoricalRisk.estimate(new double[0], 0.9));
  }

  @Test
  void cornishFisherReducesToGaussianWithoutHigherMoments() {
    RiskEstimate g = ParametricRisk.gaussian(0.001, 0.02, 0.99);
    RiskEstimate cf = CornishFisherRisk.estimate(0.001, 0.02, 0.0, 0.0, 0.99);
    assertEquals(g.var(), cf.var(), 1e-15);
    assertEquals(g.cvar(), cf.cvar(), 1e-15);
  }

  @Test
  void studentTApproachesGaussianForLargeDegreesOfFreedom() {
    RiskEstimate g = ParametricRisk.gaussian(0.0, 1.0, 0.99);
    RiskEstimate t = ParametricRisk.studentT(0.0, 1.0, 1e7, 0.99);
    assertEquals(g.var(), t.var(), 1e-5);
    assertEquals(g.cvar(), t.cvar(), 1e-5);
  }
}
