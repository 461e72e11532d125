package com.marketmaker.core.portfolio.book;

import java.util.List;

/**
 * Johansen's (1991) trace test on a group of three or more instruments that the pairwise scan links
 * together (a connected component of the cointegrated pairs).
 *
 * @param instruments the group, in the scan's order
 * @param traceRank95 the cointegrating rank chosen by sequential trace tests at 95% (−1 when the
 *     test could not be run, e.g. more than 12 series or too few bars)
 * @param traceStatistics the trace statistics for r = 0..k−1
 * @param traceCritical95 their 95% critical values (MacKinnon, Haug &amp; Michelis 1999)
 * @param eigenvalues the eigenvalues, descending
 */
public record GroupResult(
    List<String> instruments,
    int traceRank95,
    double[] traceStatistics,
    double[] traceCritical95,
    double[] eigenvalues) {

  /** Copies the list. */
  public GroupResult {
    instruments = List.copyOf(instruments);
  }
}
