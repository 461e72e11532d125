package com.marketmaker.core.portfolio.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.portfolio.book.RiskResult.Method;
import com.marketmaker.core.portfolio.risk.CornishFisherRisk;
import com.marketmaker.core.portfolio.risk.DrawdownEstimate;
import com.marketmaker.core.portfolio.risk.DrawdownProbability;
import com.marketmaker.core.portfolio.risk.ParametricRisk;
import com.marketmaker.core.portfolio.risk.RiskEstimate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two instruments with notionals +1,000 and −500 USD over ten hand-chosen bar returns; the bar
 * P&amp;L 1000 r_A − 500 r_B is, bar by bar, 10, −25, 10, −2, 10, −10, 10, −6, 15, −20.
 */
class PortfolioRiskTest {

  static final List<String> NAMES = List.of("BINANCE:AUSDT", "BINANCE:BUSDT");
  static final double[] W = {1000, -500};
  static final double[][] R = {
    {0.01, -0.02, 0.005, 0.0, 0.015, -0.01, 0.02, -0.005, 0.01, -0.015},
    {0.0, 0.01, -0.01, 0.004, 0.01, 0.0, 0.02, 0.002, -0.01, 0.01}
  };
  static final double[] PNL = {10, -25, 10, -2, 10, -10, 10, -6, 15, -20};

  static RiskConfig config(int horizonBars) {
    return config(horizonBars, 20_000);
  }

  static RiskConfig config(int horizonBars, int scenarios) {
    return new RiskConfig(
        1000, 5, horizonBars, scenarios, 5, 42L, Double.NaN, 20, 2000, Double.NaN);
  }

  static RiskResult.MethodRisk get(RiskResult r, Method m, double c) {
    return r.estimate(m, c).orElseThrow();
  }

  @Test
  void historicalByHand() {
    RiskResult r = PortfolioRisk.compute(NAMES, W, R, List.of(), config(1), 0);
    assertTrue(r.sufficientData());
    assertEquals(10, r.returns());
    // sorted P&L: -25, -20, -10, -6, -2, 10, 10, 10, 10, 15. Type-7 quantile at 5%: h = 9 * 0.05 =
    // 0.45, q = -25 + 0.45 * (-20 + 25) = -22.75; losses at or beyond 22.75: {25}.
    assertEquals(22.75, get(r, Method.HISTORICAL, 0.95).varPerBarUsd(), 1e-9);
    assertEquals(25, get(r, Method.HISTORICAL, 0.95).cvarPerBarUsd(), 1e-9);
    // at 1%: h = 0.09, q = -25 + 0.09 * 5 = -24.55
    assertEquals(24.55, get(r, Method.HISTORICAL, 0.99).varPerBarUsd(), 1e-9);
    assertEquals(25, get(r, Method.HISTORICAL, 0.99).cvarPerBarUsd(), 1e-9);
  }

  @Test
  void gaussianByHandAndSquareRootOfTime() {
    RiskResult r = PortfolioRisk.compute(NAMES, W, R, List.of(), config(4), 0);
    // mean -8 / 10 = -0.8; squared deviations 4 * 10.8^2 + 24.2^2 + 1.2^2 + 9.2^2 + 5.2^2 + 15.8^2
    // + 19.2^2 = 1783.6; sd = sqrt(1783.6 / 9)
    double mean = -0.8;
    double sd = Math.sqrt(1783.6 / 9);
    assertEquals(mean, r.meanPnlPerBarUsd(), 1e-12);
    assertEquals(sd, r.sdPnlPerBarUsd(), 1e-12);
    // z_0.05 = -1.6448536269514722, phi(z) = 0.10313564037537128 (standard normal tables)
    double var95 = -(mean - 1.6448536269514722 * sd);
    double cvar95 = -mean + sd * 0.10313564037537128 / 0.05;
    RiskResult.MethodRisk g = get(r, Method.GAUSSIAN, 0.95);
    assertEquals(var95, g.varPerBarUsd(), 1e-9);
    assertEquals(cvar95, g.cvarPerBarUsd(), 1e-9);
    // z_0.01 = -2.3263478740408408, phi(z) = 0.02665214220345808
    RiskResult.MethodRisk g99 = get(r, Method.GAUSSIAN, 0.99);
    assertEquals(-(mean - 2.3263478740408408 * sd), g99.varPerBarUsd(), 1e-9);
    assertEquals(-mean + sd * 0.02665214220345808 / 0.01, g99.cvarPerBarUsd(), 1e-9);
    // horizon of 4 bars: every figure times sqrt(4) = 2
    for (RiskResult.MethodRisk m : r.estimates()) {
      assertEquals(2 * m.varPerBarUsd(), m.varHorizonUsd(), 1e-12);
      assertEquals(2 * m.cvarPerBarUsd(), m.cvarHorizonUsd(), 1e-12);
    }
    assertEquals(10, r.estimates().size());
  }

  @Test
  void cornishFisherOfTheHandSeries() {
    RiskResult r = PortfolioRisk.compute(NAMES, W, R, List.of(), config(1), 0);
    for (double c : PortfolioRisk.CONFIDENCES) {
      RiskEstimate cf = CornishFisherRisk.estimate(PNL, c);
      assertEquals(cf.var(), get(r, Method.CORNISH_FISHER, c).varPerBarUsd(), 1e-9);
      assertEquals(cf.cvar(), get(r, Method.CORNISH_FISHER, c).cvarPerBarUsd(), 1e-9);
    }
  }

  @Test
  void monteCarloConvergesToTheClosedFormsAndIsSeeded() {
    RiskResult r = PortfolioRisk.compute(NAMES, W, R, List.of(), config(1, 100_000), 0);
    double mean = r.meanPnlPerBarUsd();
    double sd = r.sdPnlPerBarUsd();
    for (double c : PortfolioRisk.CONFIDENCES) {
      // 100,000 scenarios: the normal VaR's standard error sd sqrt(a(1-a)) / (phi(z) sqrt(N)) is
      // 0.09 (95%) and 0.17 (99%), the tail means' about 0.2; Student-t(5) tails are wider
      RiskEstimate normal = ParametricRisk.gaussian(mean, sd, c);
      assertEquals(normal.var(), get(r, Method.MONTE_CARLO_NORMAL, c).varPerBarUsd(), 0.6);
      assertEquals(normal.cvar(), get(r, Method.MONTE_CARLO_NORMAL, c).cvarPerBarUsd(), 0.6);
      RiskEstimate t = ParametricRisk.studentT(mean, sd, 5, c);
      assertEquals(t.var(), get(r, Method.MONTE_CARLO_STUDENT_T, c).varPerBarUsd(), 0.8);
      assertEquals(t.cvar(), get(r, Method.MONTE_CARLO_STUDENT_T, c).cvarPerBarUsd(), 1.5);
    }
    RiskResult again = PortfolioRisk.compute(NAMES, W, R, List.of(), config(1, 100_000), 0);
    assertEquals(r.estimates(), again.estimates());
  }

  @Test
  void drawdownProbabilityMatchesTheCoreSimulation() {
    RiskConfig cfg = config(1).withDrawdown(50, 20, 4000);
    RiskResult r = PortfolioRisk.compute(NAMES, W, R, List.of(), cfg, 10);
    DrawdownEstimate dd = r.drawdown();
    assertNotNull(dd);
    assertEquals(50, dd.threshold());
    assertEquals(20, dd.steps());
    assertEquals(10, dd.currentDrawdown());
    double[] mu = {mean(R[0]), mean(R[1])};
    double[][] cov = new double[2][2];
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        for (int t = 0; t < 10; t++) {
          cov[i][j] += (R[i][t] - mu[i]) * (R[j][t] - mu[j]) / 9;
        }
      }
    }
    DrawdownEstimate direct = new DrawdownProbability(W, mu, cov).normal(20, 50, 10, 4000, 42L);
    // same seed, same P&L law: the basis-point rescaling changes only rounding
    assertEquals(direct.probability(), dd.probability(), 2.0 / 4000);
    assertEquals(direct.meanMaxDrawdown(), dd.meanMaxDrawdown(), 1e-6);
    RiskResult deeper = PortfolioRisk.compute(NAMES, W, R, List.of(), cfg, 30);
    assertTrue(deeper.drawdown().probability() >= dd.probability());
    assertTrue(deeper.drawdown().probability() > 0);
  }

  @Test
  void singularCovarianceIsRidgedAndZeroVarianceAddsNoRisk() {
    double[][] r = {R[0], R[1], new double[10]}; // a third instrument whose price never moved
    RiskResult out =
        PortfolioRisk.compute(
            List.of("A:X", "B:Y", "C:Z"),
            new double[] {1000, -500, 700},
            r,
            List.of(),
            config(1, 20_000),
            0);
    RiskResult.MethodRisk mc = get(out, Method.MONTE_CARLO_NORMAL, 0.99);
    assertFalse(Double.isNaN(mc.varPerBarUsd()));
    assertEquals(
        ParametricRisk.gaussian(-0.8, Math.sqrt(1783.6 / 9), 0.99).var(), mc.varPerBarUsd(), 1.5);
  }

  @Test
  void fewReturnsAreFlaggedAndNoPositionsMeanNoRisk() {
    double[][] shortR = {{0.01, 0.02}, {0.0, 0.01}};
    RiskResult r = PortfolioRisk.compute(NAMES, W, shortR, List.of(), config(1), 0);
    assertFalse(r.sufficientData());
    assertTrue(r.estimates().isEmpty());
    assertNull(r.drawdown());
    RiskResult none =
        PortfolioRisk.compute(List.of(), new double[0], new double[0][], List.of(), config(1), 0);
    assertEquals(0, none.maxCvarHorizonUsd(0.99));
    assertThrows(
        IllegalArgumentException.class,
        () -> PortfolioRisk.compute(NAMES, W, R, List.of(), config(1), -1));
  }

  @Test
  void fromBookAndBars() {
    PortfolioBook book = new PortfolioBook(100);
    PriceBars bars = new PriceBars(1000, 100);
    book.apply(
        new PortfolioFill("BINANCE:AUSDT", "BINANCE", "A", "USDT", 1, Side.BUY, 100, 10, 0, 0));
    book.apply(
        new PortfolioFill("BINANCE:BUSDT", "BINANCE", "B", "USDT", 1, Side.SELL, 50, 10, 0, 0));
    book.apply(new PortfolioFill("KRAKEN:CXBT", "KRAKEN", "C", "XBT", 1, Side.BUY, 1, 1, 0, 0));
    book.apply(new PortfolioFill("KRAKEN:DUSD", "KRAKEN", "D", "USD", 1, Side.BUY, 5, 1, 0, 0));
    double a = 100;
    double b = 50;
    for (int t = 0; t <= 10; t++) {
      if (t > 0) {
        a *= Math.exp(R[0][t - 1]);
        b *= Math.exp(R[1][t - 1]);
      }
      bars.mark("BINANCE:AUSDT", a, t * 1000L);
      bars.mark("BINANCE:BUSDT", b, t * 1000L);
    }
    book.mark("BINANCE:AUSDT", 100, 0);
    book.mark("BINANCE:BUSDT", 50, 0);
    RiskResult r = PortfolioRisk.compute(book, bars, config(1), 0);
    assertEquals(NAMES, r.instruments());
    assertEquals(List.of("KRAKEN:CXBT", "KRAKEN:DUSD"), r.excludedInstruments());
    assertEquals(10, r.returns());
    // notionals +1000 and -500: the hand series again
    assertEquals(22.75, get(r, Method.HISTORICAL, 0.95).varPerBarUsd(), 1e-9);
  }

  @Test
  void configFollowsTheDrawdownLimit() {
    PortfolioLimits limits =
        new PortfolioLimits(
            Double.NaN, 0.05, 50, 20, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    RiskConfig cfg = RiskConfig.defaults().forLimits(limits);
    assertEquals(50, cfg.drawdownThresholdUsd());
    assertEquals(20, cfg.drawdownHorizonBars());
    assertTrue(
        Double.isNaN(
            RiskConfig.defaults().forLimits(PortfolioLimits.none()).drawdownThresholdUsd()));
  }

  @Test
  void drawdownTracker() {
    DrawdownTracker t = DrawdownTracker.INITIAL.update(10).update(25).update(5).update(12);
    assertEquals(25, t.peakUsd());
    assertEquals(13, t.drawdownUsd());
    assertEquals(0, t.update(30).drawdownUsd());
    assertEquals(5, DrawdownTracker.INITIAL.update(-5).drawdownUsd());
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }
}
