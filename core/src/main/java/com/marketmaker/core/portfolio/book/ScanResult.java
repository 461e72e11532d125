package com.marketmaker.core.portfolio.book;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of a {@link CointegrationScan}.
 *
 * @param instruments the instruments scanned, in order
 * @param bars the number of common bars used
 * @param barIntervalMillis the bar interval
 * @param pairsTested the family size of the correction: the pairs of which neither leg is
 *     stationary by itself (all k(k − 1)/2 pairs when none is)
 * @param correction the multiple-testing adjustment
 * @param significance the level the adjusted p-values are compared with
 * @param pairs every pair tested, in the order (x, y) = (0, 1), (0, 2), …, (1, 2), …
 * @param groups Johansen results for the groups of three or more linked instruments
 * @param jumpsRemoved per instrument, in the order of {@code instruments}: the bars whose move the
 *     scan took for a jump and left out of its regressions (empty when nothing was tested)
 * @param unitRootPValues per instrument, in the same order: MacKinnon's p-value of the ADF test
 *     with a constant on its closes (without its jump rows), the null being a unit root (empty when
 *     nothing was tested)
 * @param legLevel the level at which a leg's unit-root p-value marks it stationary by itself, and
 *     every pair with it not cointegrated: the significance over the number of instruments
 */
public record ScanResult(
    List<String> instruments,
    int bars,
    long barIntervalMillis,
    int pairsTested,
    MultipleTesting.Correction correction,
    double significance,
    List<PairResult> pairs,
    List<GroupResult> groups,
    List<Integer> jumpsRemoved,
    List<Double> unitRootPValues,
    double legLevel) {

  /** Copies the lists. */
  public ScanResult {
    instruments = List.copyOf(instruments);
    pairs = List.copyOf(pairs);
    groups = List.copyOf(groups);
    jumpsRemoved = jumpsRemoved == null ? List.of() : List.copyOf(jumpsRemoved);
    unitRootPValues = unitRootPValues == null ? List.of() : List.copyOf(unitRootPValues);
  }

  /** The pairs flagged cointegrated, in scan order. */
  public List<PairResult> cointegratedPairs() {
    List<PairResult> out = new ArrayList<>();
    for (PairResult p : pairs) {
      if (p.cointegrated()) {
        out.add(p);
      }
    }
    return out;
  }
}
