package com.marketmaker.core.portfolio.book;

/**
 * One instrument's position as {@link PortfolioBook#positions()} reports it. Fields ending in
 * {@code Quote} are in the instrument's quote currency, those ending in {@code Usd} in the
 * reporting currency ({@link ReportingCurrency}); the latter are NaN when {@code converted} is
 * false.
 *
 * @param instrument {@code VENUE:SYMBOL}
 * @param venue the venue
 * @param baseAsset the base asset
 * @param quoteAsset the quote asset
 * @param quantityBase the signed position, base units
 * @param averagePrice the average entry price, quote per base (0 when flat)
 * @param markPrice the valuation price: the last mid mark, or the last fill price while the
 *     instrument has never been marked (then {@code marked} is false); NaN with neither
 * @param markTimestampMillis the time of {@code markPrice} (−1 with neither)
 * @param marked whether {@code markPrice} is a mark rather than a fill price
 * @param notionalQuote quantityBase × markPrice (0 when flat)
 * @param unrealizedQuote quantityBase × (markPrice − averagePrice) (0 when flat)
 * @param realizedQuote the realized P&amp;L
 * @param feesQuote the fees paid (negative for net rebates)
 * @param netPnlQuote realized + unrealized − fees
 * @param usdPerQuote the conversion rate, US dollars per unit of quote (NaN when unknown)
 * @param converted whether the rate is known
 * @param notionalUsd {@code notionalQuote × usdPerQuote}
 * @param unrealizedUsd {@code unrealizedQuote × usdPerQuote}
 * @param realizedUsd {@code realizedQuote × usdPerQuote}
 * @param feesUsd {@code feesQuote × usdPerQuote}
 * @param netPnlUsd {@code netPnlQuote × usdPerQuote}
 * @param fillsBooked the number of fills booked on the instrument
 */
public record PositionView(
    String instrument,
    String venue,
    String baseAsset,
    String quoteAsset,
    double quantityBase,
    double averagePrice,
    double markPrice,
    long markTimestampMillis,
    boolean marked,
    double notionalQuote,
    double unrealizedQuote,
    double realizedQuote,
    double feesQuote,
    double netPnlQuote,
    double usdPerQuote,
    boolean converted,
    double notionalUsd,
    double unrealizedUsd,
    double realizedUsd,
    double feesUsd,
    double netPnlUsd,
    long fillsBooked) {}
