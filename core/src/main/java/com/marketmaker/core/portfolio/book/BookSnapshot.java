package com.marketmaker.core.portfolio.book;

import java.util.List;

/**
 * The complete state of a {@link PortfolioBook} as plain data, for an actor's snapshot: {@link
 * PortfolioBook#snapshot()} writes it and {@link PortfolioBook#restore(BookSnapshot)} rebuilds an
 * equal book. Lists are copied on construction; arrays are shared, so treat them as read-only.
 *
 * @param tradeIdWindowSize the per-instrument trade-id window size
 * @param ledgers the instruments' accounts, by instrument name
 * @param marks the latest mark of every marked instrument, by instrument name
 * @param fillsBooked the number of fills booked
 * @param duplicatesRefused the number of fills refused by the trade-id rule
 */
public record BookSnapshot(
    int tradeIdWindowSize,
    List<Ledger> ledgers,
    List<Mark> marks,
    long fillsBooked,
    long duplicatesRefused) {

  /** Copies the lists. */
  public BookSnapshot {
    ledgers = List.copyOf(ledgers);
    marks = List.copyOf(marks);
  }

  /**
   * One instrument's account.
   *
   * @param instrument {@code VENUE:SYMBOL}
   * @param venue the venue
   * @param baseAsset the base asset
   * @param quoteAsset the quote asset
   * @param positionBase the signed position, base units
   * @param averagePrice the average entry price, quote per base (0 when flat)
   * @param realizedQuote the realized P&amp;L, quote currency
   * @param feesQuote the fees paid, quote currency
   * @param fillsBooked the fills booked on this instrument
   * @param lastFillPrice the last fill's price (NaN before the first fill)
   * @param lastFillMillis the last fill's time (−1 before the first fill)
   * @param tradeIds the trade-id window, ascending
   * @param windowEvicted whether the window has evicted an id
   */
  public record Ledger(
      String instrument,
      String venue,
      String baseAsset,
      String quoteAsset,
      double positionBase,
      double averagePrice,
      double realizedQuote,
      double feesQuote,
      long fillsBooked,
      double lastFillPrice,
      long lastFillMillis,
      long[] tradeIds,
      boolean windowEvicted) {}

  /**
   * The latest mark of an instrument.
   *
   * @param instrument {@code VENUE:SYMBOL}
   * @param mid the mid price, quote per base
   * @param timestampMillis the mark's time, epoch milliseconds
   */
  public record Mark(String instrument, double mid, long timestampMillis) {}
}
