package com.marketmaker.core.portfolio.book;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of a {@link CointegrationScan}.
 *
 * @param instruments the instruments scanned, in order
 * @param bars the number of common bars used
 * @param barIntervalMillis the bar interval
 * @param pairsTested the number of pairs tested, the family size of the correction
 * @param correction the multiple-testing adjustment
 * @param significance the level the adjusted p-values are compared with
 * @param pairs every pair tested, in the order (x, y) = (0, 1), (0, 2), …, (1, 2), …
 * @param groups Johansen results for the groups of three or more linked instruments
 */
public record ScanResult(
    List<String> instruments,
    int bars,
    long barIntervalMillis,
    int pairsTested,
    MultipleTesting.Correction correction,
    double significance,
    List<PairResult> pairs,
    List<GroupResult> groups) {

  /** Copies the lists. */
  public ScanResult {
    instruments = List.copyOf(instruments);
    pairs = List.copyOf(pairs);
    groups = List.copyOf(groups);
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
