package com.marketmaker.core.portfolio.cointegration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Consistency of the 1994 p-value surfaces with the 2010 asymptotic critical values. */
class MacKinnonTest {

  @Test
  void asymptoticCriticalValuesAreTheBetaInfinity() {
    assertEquals(
        -2.86154,
        MacKinnon.criticalValues(DeterministicTerms.CONSTANT, 1, Double.POSITIVE_INFINITY)[1]);
    assertEquals(
        -3.33613,
        MacKinnon.criticalValues(DeterministicTerms.CONSTANT, 2, Double.POSITIVE_INFINITY)[1]);
  }

  @Test
  void pValueAtAsymptoticCriticalValueIsItsLevel() {
    double[] levels = {0.01, 0.05, 0.10};
    for (DeterministicTerms terms : DeterministicTerms.values()) {
      int maxN = terms == DeterministicTerms.NONE ? 1 : MacKinnon.MAX_N;
      for (int n = 1; n <= maxN; n++) {
        double[] crit = MacKinnon.criticalValues(terms, n, Double.POSITIVE_INFINITY);
        for (int i = 0; i < 3; i++) {
          double p = MacKinnon.pValue(crit[i], terms, n);
          assertEquals(levels[i], p, 0.1 * levels[i] + 0.002, terms + " N=" + n + " " + i);
        }
      }
    }
  }

  @Test
  void boundsAndRange() {
    assertEquals(1.0, MacKinnon.pValue(5, DeterministicTerms.CONSTANT, 1));
    assertEquals(0.0, MacKinnon.pValue(-40, DeterministicTerms.CONSTANT, 1));
    assertThrows(
        IllegalArgumentException.class, () -> MacKinnon.pValue(-2, DeterministicTerms.CONSTANT, 7));
  }
}
