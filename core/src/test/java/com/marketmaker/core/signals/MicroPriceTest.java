package com.marketmaker.core.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Stoikov's micro-price estimator on a two-state chain worked by hand. States: low imbalance {@code
 * a} (I in [0, ½)) and high {@code b}, spread 1 tick. Observed path with mid moves: a →b (0), b →b
 * (+1), b →a (0), a →a (−1). With the mirrored transitions (a↔b, ΔM → −ΔM) every state has 4
 * departures: from a, two to b without a move and two to a with ΔM = −1; from b, two to a without a
 * move and two to b with ΔM = +1. Hence Q = [[0, ½], [½, 0]], T = [[½, 0], [0, ½]], R¹ = (−½, ½);
 * (1 − Q)⁻¹ = [[4/3, 2/3], [2/3, 4/3]], g¹ = (−⅓, ⅓), B = [[⅔, ⅓], [⅓, ⅔]] whose eigenvalue on (−1,
 * 1) is ⅓, so g^i = 3^(−i)·(−1, 1) and Σ_{i≤n} g^i = ±(1 − 3^(−n))/2.
 */
class MicroPriceTest {

  @Test
  void matchesTheHandWorkedChain() {
    MicroPrice mp = new MicroPrice(2, 1);
    mp.observe(0.2, 1, 100); // a
    mp.observe(0.8, 1, 100); // b, no move
    mp.observe(0.7, 1, 101); // b, +1
    mp.observe(0.1, 1, 101); // a, no move
    mp.observe(0.3, 1, 100); // a, −1
    mp.fit(1);
    assertEquals(-1.0 / 3, mp.adjustment(0.2, 1), 1e-12);
    assertEquals(1.0 / 3, mp.adjustment(0.9, 1), 1e-12);
    mp.fit(6);
    double six = (1 - Math.pow(3, -6)) / 2;
    assertEquals(-six, mp.adjustment(0.0, 1), 1e-12);
    assertEquals(six, mp.adjustment(1.0, 1), 1e-12);
    assertEquals(100.5 + six, mp.microPrice(100.5, 0.75, 1), 1e-12);
    assertTrue(Double.isNaN(mp.adjustment(0.5, 2)), "spread outside the model");
  }
}
