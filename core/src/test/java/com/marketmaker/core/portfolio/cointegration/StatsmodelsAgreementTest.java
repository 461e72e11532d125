package com.marketmaker.core.portfolio.cointegration;

import static com.marketmaker.core.portfolio.cointegration.Fixtures.doubles;
import static com.marketmaker.core.portfolio.cointegration.Fixtures.list;
import static com.marketmaker.core.portfolio.cointegration.Fixtures.map;
import static com.marketmaker.core.portfolio.cointegration.Fixtures.num;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * ADF and Engle–Granger results against statsmodels' {@code adfuller(autolag="AIC")} and {@code
 * coint}, from the fixtures that {@code src/test/fixtures/cointegration/generate.py} wrote.
 */
class StatsmodelsAgreementTest {

  static final double STAT_REL = 1e-6;
  static final double P_ABS = 1e-4;
  static final double CRIT_ABS = 1e-4;

  @Test
  void realBtcEthCloses() throws IOException {
    Map<String, Object> fx = Fixtures.json("real.json");
    TreeMap<Long, Double> btc = Fixtures.closes("bars/btcusd_20170903_trade.zip");
    TreeMap<Long, Double> eth = Fixtures.closes("bars/ethusd_20170903_trade.zip");
    List<Double> b = new ArrayList<>();
    List<Double> e = new ArrayList<>();
    for (Map.Entry<Long, Double> en : btc.entrySet()) {
      Double other = eth.get(en.getKey());
      if (other != null) {
        b.add(en.getValue());
        e.add(other);
      }
    }
    assertEquals(num(fx.get("n")), b.size());
    double[] bs = b.stream().mapToDouble(Double::doubleValue).toArray();
    double[] es = e.stream().mapToDouble(Double::doubleValue).toArray();
    checkAdfs("btc", bs, fx.get("btcAdf"));
    checkAdfs("eth", es, fx.get("ethAdf"));
    checkCoint("eth~btc", EngleGranger.test(es, bs), map(fx.get("ethOnBtc")));
    checkCoint("btc~eth", EngleGranger.test(bs, es), map(fx.get("btcOnEth")));
  }

  @Test
  void generatedSeries() throws IOException {
    Map<String, Object> fx = Fixtures.json("generated.json");
    Map<String, Object> series = map(fx.get("series"));
    double[] x1 = doubles(series.get("x1"));
    double[] x2 = doubles(series.get("x2"));
    double[] y = doubles(series.get("y"));
    double[] basket = doubles(series.get("basket"));
    double[] w1 = doubles(series.get("w1"));
    double[] w2 = doubles(series.get("w2"));
    Map<String, Object> adf = map(fx.get("adf"));
    checkAdfs("y", y, adf.get("y"));
    checkAdfs("w1", w1, adf.get("w1"));
    checkAdfs("spread", doubles(series.get("spread")), adf.get("spread"));
    checkCoint("pair", EngleGranger.test(y, x1), map(fx.get("pair")));
    checkCoint("basket", EngleGranger.test(basket, new double[][] {x1, x2}), map(fx.get("basket")));
    checkCoint("walks", EngleGranger.test(w1, w2), map(fx.get("walks")));
  }

  static void checkAdfs(String name, double[] x, Object expected) {
    for (Object o : list(expected)) {
      Map<String, Object> want = map(o);
      DeterministicTerms terms = DeterministicTerms.ofCode((String) want.get("terms"));
      boolean auto = want.containsKey("icBest");
      AugmentedDickeyFuller.Result got =
          auto
              ? AugmentedDickeyFuller.test(x, terms)
              : AugmentedDickeyFuller.test(x, terms, (int) num(want.get("usedLag")), false);
      String label = name + " " + terms.code() + (auto ? " aic" : " fixed");
      assertEquals((int) num(want.get("usedLag")), got.usedLag(), label + " lag");
      assertEquals((int) num(want.get("nobs")), got.nobs(), label + " nobs");
      assertRel(num(want.get("statistic")), got.statistic(), STAT_REL, label + " statistic");
      checkP(num(want.get("pValue")), got.pValue(), label);
      assertArrayClose(doubles(want.get("criticalValues")), got.criticalValues(), label);
      if (auto) {
        assertRel(num(want.get("icBest")), got.icBest(), STAT_REL, label + " aic");
      }
    }
  }

  static void checkCoint(String label, EngleGranger.Result got, Map<String, Object> want) {
    assertRel(num(want.get("statistic")), got.statistic(), STAT_REL, label + " statistic");
    checkP(num(want.get("pValue")), got.pValue(), label);
    assertArrayClose(doubles(want.get("criticalValues")), got.criticalValues(), label);
    double[] ratios = doubles(want.get("hedgeRatios"));
    for (int i = 0; i < ratios.length; i++) {
      assertRel(ratios[i], got.hedgeRatios()[i], STAT_REL, label + " hedge ratio " + i);
    }
    assertRel(num(want.get("intercept")), got.intercept(), STAT_REL, label + " intercept");
    double[] rev = EngleGranger.meanReversion(got.spread());
    assertRel(num(want.get("reversionBeta")), rev[0], STAT_REL, label + " reversion beta");
    assertRel(
        num(want.get("halfLife")), EngleGranger.halfLife(got.spread()), STAT_REL, label + " hl");
  }

  static double worstStatRel;
  static double worstP;
  static double worstCrit;

  @AfterAll
  static void report() {
    System.out.printf(
        "statsmodels agreement: statistic rel %.2e, p-value abs %.2e, critical abs %.2e%n",
        worstStatRel, worstP, worstCrit);
  }

  static void assertRel(double want, double got, double rel, String label) {
    if (label.endsWith("statistic")) {
      worstStatRel = Math.max(worstStatRel, Math.abs(got - want) / Math.abs(want));
    }
    assertEquals(want, got, rel * Math.max(Math.abs(want), 1e-12), label);
  }

  static void checkP(double want, double got, String label) {
    worstP = Math.max(worstP, Math.abs(got - want));
    assertEquals(want, got, P_ABS, label + " p-value");
  }

  static void assertArrayClose(double[] want, double[] got, String label) {
    assertEquals(want.length, got.length, label);
    for (int i = 0; i < want.length; i++) {
      worstCrit = Math.max(worstCrit, Math.abs(got[i] - want[i]));
      assertEquals(want[i], got[i], CRIT_ABS, label + " critical value " + i);
    }
  }
}
