/**
 * The deterministic core of the portfolio: booking fills into positions across instruments and
 * venues ({@link com.marketmaker.core.portfolio.book.PortfolioBook}), close bars from marks ({@link
 * com.marketmaker.core.portfolio.book.PriceBars}), the cointegration scan of the bars ({@link
 * com.marketmaker.core.portfolio.book.CointegrationScan}), the portfolio's VaR, CVaR and drawdown
 * probability ({@link com.marketmaker.core.portfolio.book.PortfolioRisk}), limit checks with the
 * quoting actions they call for ({@link com.marketmaker.core.portfolio.book.LimitCheck}) and the
 * basket quote skews of cointegrated legs ({@link com.marketmaker.core.portfolio.book.BasketSkew}).
 *
 * <p>Nothing here reads a clock, starts a thread or draws unseeded random numbers: given the same
 * inputs in the same order every class gives the same output, so an actor that journals its inputs
 * can replay them. State is held in plain fields and records; the mutable classes offer deep copies
 * and plain-record snapshots.
 *
 * <p>Units: prices in quote currency per base unit, quantities in base units, money in US dollars
 * where a name ends in {@code Usd} (stablecoin quotes count 1:1, see {@link
 * com.marketmaker.core.portfolio.book.ReportingCurrency}) and in the instrument's quote currency
 * where it ends in {@code Quote}; times in epoch milliseconds ({@code Millis}), skews in basis
 * points ({@code Bps}), bar counts in {@code Bars}.
 */
package com.marketmaker.core.portfolio.book;
