package com.marketmaker.core.portfolio.book;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.marketmaker.core.portfolio.book.MultipleTesting.Correction;
import org.junit.jupiter.api.Test;

/**
 * The worked example of Benjamini &amp; Hochberg (1995), section 4: fifteen p-values of which the
 * step-up procedure at q = 0.05 rejects four and Bonferroni three.
 */
class MultipleTestingTest {

  static final double[] BH_1995 = {
    0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262, 0.5719,
    0.6528, 0.7590, 1.000
  };

  @Test
  void benjaminiHochbergRejectsFourOfTheFifteen() {
    // p_(4) = 0.0095 <= 4/15 * 0.05 = 0.01333; p_(5) = 0.0201 > 5/15 * 0.05 = 0.01667, and no
    // later p_(i) clears i/15 * 0.05 either (0.0278 > 0.02, ..., 0.0459 > 0.03).
    assertEquals(4, MultipleTesting.rejections(BH_1995, Correction.BENJAMINI_HOCHBERG, 0.05));
    // Bonferroni: 0.05 / 15 = 0.00333 admits 0.0001, 0.0004, 0.0019.
    assertEquals(3, MultipleTesting.rejections(BH_1995, Correction.BONFERRONI, 0.05));
    assertEquals(9, MultipleTesting.rejections(BH_1995, Correction.NONE, 0.05));
  }

  @Test
  void adjustedValuesByHand() {
    double[] bh = MultipleTesting.adjust(BH_1995, Correction.BENJAMINI_HOCHBERG);
    // adj_(i) = min over j >= i of 15 p_(j) / j
    assertEquals(15 * 0.0001 / 1, bh[0], 1e-15); // 0.0015
    assertEquals(15 * 0.0004 / 2, bh[1], 1e-15); // 0.003
    assertEquals(15 * 0.0019 / 3, bh[2], 1e-15); // 0.0095
    assertEquals(15 * 0.0095 / 4, bh[3], 1e-15); // 0.035625
    // for i = 5 the minimum is at j = 5: 0.0603 < 0.0695 (j=6), 0.06386 (7), 0.0645 (8)
    assertEquals(15 * 0.0201 / 5, bh[4], 1e-15);
    // j = 7 undercuts j = 6: 15 * 0.0298 / 7 = 0.063857 < 0.0695
    assertEquals(15 * 0.0298 / 7, bh[5], 1e-15);
    assertEquals(15 * 0.7590 / 14, bh[13], 1e-15);
    assertEquals(1.0, bh[14], 0);
    double[] bonf = MultipleTesting.adjust(BH_1995, Correction.BONFERRONI);
    assertEquals(0.0015, bonf[0], 1e-15);
    assertEquals(1.0, bonf[9], 0);
  }

  @Test
  void orderOfInputDoesNotMatterAndNaNCountsAsOne() {
    double[] p = {0.04, Double.NaN, 0.001, 0.03};
    double[] adj = MultipleTesting.adjust(p, Correction.BENJAMINI_HOCHBERG);
    // sorted 0.001, 0.03, 0.04, 1: adj = min(4*0.001, ...)=0.004; 0.03*4/2=0.06 vs 0.04*4/3=0.0533
    assertArrayEquals(new double[] {4 * 0.04 / 3, 1.0, 0.004, 4 * 0.04 / 3}, adj, 1e-15);
    assertArrayEquals(
        new double[] {0.04, 1.0, 0.001, 0.03}, MultipleTesting.adjust(p, Correction.NONE), 0);
  }
}
