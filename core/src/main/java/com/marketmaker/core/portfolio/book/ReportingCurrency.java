package com.marketmaker.core.portfolio.book;

import java.util.Collection;
import java.util.Set;

/**
 * The portfolio's single reporting currency, US dollars ("USD" in field names), and the conversion
 * of an instrument's quote currency into it.
 *
 * <p>Rule. The quote assets {@code USDT, USDC, USD, BUSD, FDUSD} count 1:1 as dollars: their de-peg
 * risk is not modelled (a deliberate simplification; a depegged stablecoin is not detected here).
 * Any other quote asset Q is converted at the mid of a mark of an instrument whose symbol is {@code
 * Q + "USDT"} on any venue (for example {@code BINANCE:BTCUSDT} for BTC); if several venues have
 * such a mark, the latest mark wins and equal times go to the lexicographically first instrument,
 * so the choice is deterministic. Without such a mark the rate is NaN and the instrument's values
 * are reported unconverted and flagged. Realized P&amp;L and fees in such a currency are converted
 * at the current rate, not at the rates of the days they were earned.
 */
public final class ReportingCurrency {

  /** The quote assets counted 1:1 as US dollars. */
  public static final Set<String> DOLLAR_EQUIVALENTS =
      Set.of("USDT", "USDC", "USD", "BUSD", "FDUSD");

  /** The asset whose {@code <ASSET>USDT} mark converts a non-dollar quote. */
  public static final String CONVERSION_QUOTE = "USDT";

  private ReportingCurrency() {}

  /** Whether {@code asset} counts 1:1 as US dollars. */
  public static boolean isDollar(String asset) {
    return DOLLAR_EQUIVALENTS.contains(asset);
  }

  /**
   * The US-dollar value of one unit of {@code quoteAsset}: 1 for the dollar equivalents, else the
   * mid of the chosen {@code <QUOTE>USDT} mark, NaN when there is none.
   */
  public static double usdPerUnit(String quoteAsset, Collection<BookSnapshot.Mark> marks) {
    if (isDollar(quoteAsset)) {
      return 1.0;
    }
    String symbol = quoteAsset + CONVERSION_QUOTE;
    BookSnapshot.Mark best = null;
    for (BookSnapshot.Mark m : marks) {
      if (!PortfolioFill.symbolOf(m.instrument()).equals(symbol)) {
        continue;
      }
      if (best == null
          || m.timestampMillis() > best.timestampMillis()
          || (m.timestampMillis() == best.timestampMillis()
              && m.instrument().compareTo(best.instrument()) < 0)) {
        best = m;
      }
    }
    return best == null ? Double.NaN : best.mid();
  }
}
