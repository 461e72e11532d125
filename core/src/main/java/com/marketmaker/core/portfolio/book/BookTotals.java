package com.marketmaker.core.portfolio.book;

import java.util.List;

/**
 * Portfolio totals in the reporting currency ({@link ReportingCurrency}), from {@link
 * PortfolioBook#totals()}; unconverted instruments are left out of the sums and listed.
 *
 * @param realizedUsd Σ realized P&amp;L
 * @param unrealizedUsd Σ unrealized P&amp;L
 * @param feesUsd Σ fees paid (negative for net rebates)
 * @param netPnlUsd realized + unrealized − fees
 * @param fillsBooked fills booked since the book began
 * @param duplicatesRefused fills refused by the trade-id rule ({@link TradeIdWindow})
 * @param unconvertedInstruments instruments with P&amp;L or a position but no conversion rate
 */
public record BookTotals(
    double realizedUsd,
    double unrealizedUsd,
    double feesUsd,
    double netPnlUsd,
    long fillsBooked,
    long duplicatesRefused,
    List<String> unconvertedInstruments) {

  /** Copies the list. */
  public BookTotals {
    unconvertedInstruments = List.copyOf(unconvertedInstruments);
  }
}
