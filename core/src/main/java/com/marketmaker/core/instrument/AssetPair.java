package com.marketmaker.core.instrument;

import java.util.List;
import java.util.Map;

/**
 * The base and quote assets of an instrument, read from its symbol as the venues write them:
 * Binance concatenates ({@code BTCUSDT}, {@code ETHBTC}), Kraken separates with a slash ({@code
 * XBT/USD}), Coinbase with a dash ({@code BTC-USD}). Kraken's legacy names are mapped to the common
 * ones ({@code XBT} is {@code BTC}, {@code XDG} is {@code DOGE}), so one asset has one name across
 * venues.
 */
public record AssetPair(String base, String quote) {

  /** Quote assets a concatenated symbol may end with, longest first so USDT is not read as USD. */
  private static final List<String> QUOTES =
      List.of(
          "FDUSD", "USDT", "USDC", "BUSD", "TUSD", "USD", "EUR", "GBP", "TRY", "BTC", "ETH", "BNB");

  private static final Map<String, String> ALIASES = Map.of("XBT", "BTC", "XDG", "DOGE");

  public AssetPair {
    if (base == null || base.isEmpty() || quote == null || quote.isEmpty()) {
      throw new IllegalArgumentException("base and quote assets are required");
    }
  }

  /**
   * The assets of {@code id}.
   *
   * @throws IllegalArgumentException when the symbol names no known quote asset
   */
  public static AssetPair of(InstrumentId id) {
    String s = id.symbol();
    int sep = Math.max(s.indexOf('/'), s.indexOf('-'));
    if (sep > 0 && sep < s.length() - 1) {
      return new AssetPair(alias(s.substring(0, sep)), alias(s.substring(sep + 1)));
    }
    for (String q : QUOTES) {
      if (s.length() > q.length() && s.endsWith(q)) {
        return new AssetPair(alias(s.substring(0, s.length() - q.length())), q);
      }
    }
    throw new IllegalArgumentException(
        "cannot tell the base and quote assets of " + id + ": no known quote asset at its end");
  }

  private static String alias(String asset) {
    return ALIASES.getOrDefault(asset, asset);
  }
}
