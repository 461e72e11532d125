package com.marketmaker.testsupport;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;

/**
 * Tick and lot sizes of the instruments in the recorded cryptofeed captures, as plain decimal
 * strings: the Coinbase products of {@code cryptofeed/COINBASE.ws.28.0} (the finest price and size
 * decimals Coinbase printed for each product in that capture) and the Kraken pairs of {@code
 * cryptofeed/KRAKEN.ws.50.0} (prices in the decimals Kraken prints the pair with, volumes in 8).
 */
public final class RecordedInstruments {

  /** A tick (price increment) and a lot (size increment), e.g. {@code "0.0001"}. */
  public record TickLot(String tick, String lot) {

    /** Decimals of the tick: the decimals prices are printed with. */
    public int priceDecimals() {
      return new BigDecimal(tick).scale();
    }

    /** Decimals of the lot: the decimals sizes are printed with. */
    public int sizeDecimals() {
      return new BigDecimal(lot).scale();
    }
  }

  private static final Map<String, TickLot> COINBASE =
      Map.of(
          "BAND-GBP", new TickLot("0.0001", "0.01"),
          "SKL-GBP", new TickLot("0.0001", "0.1"),
          "NU-GBP", new TickLot("0.0001", "0.000001"),
          "YFI-BTC", new TickLot("0.00001", "0.000001"),
          "SKL-BTC", new TickLot("0.00000001", "0.1"),
          "CRV-EUR", new TickLot("0.0001", "0.01"),
          "BAND-BTC", new TickLot("0.00000001", "0.01"),
          "DASH-BTC", new TickLot("0.00000001", "0.00000001"),
          "NMR-EUR", new TickLot("0.0001", "0.001"),
          "SKL-USD", new TickLot("0.0001", "0.1"));

  private static final String KRAKEN_LOT = "0.00000001";

  private static final Map<String, TickLot> KRAKEN =
      Map.of(
          "ADA/XBT", new TickLot("0.000000001", KRAKEN_LOT),
          "XBT/CHF", new TickLot("0.00001", KRAKEN_LOT),
          "OMG/USD", new TickLot("0.000001", KRAKEN_LOT),
          "OCEAN/XBT", new TickLot("0.000000001", KRAKEN_LOT),
          "ETH/CHF", new TickLot("0.00001", KRAKEN_LOT),
          "SC/EUR", new TickLot("0.000001", KRAKEN_LOT),
          "GRT/ETH", new TickLot("0.000000001", KRAKEN_LOT),
          "KSM/XBT", new TickLot("0.00000001", KRAKEN_LOT),
          "XMR/USD", new TickLot("0.00000001", KRAKEN_LOT),
          "WAVES/EUR", new TickLot("0.000001", KRAKEN_LOT));

  private RecordedInstruments() {}

  /** A recorded Coinbase product's tick and lot ({@code "SKL-USD"}), or null for another. */
  public static TickLot coinbase(String product) {
    return COINBASE.get(product);
  }

  /** The recorded Coinbase products. */
  public static Set<String> coinbaseProducts() {
    return COINBASE.keySet();
  }

  /** A recorded Kraken pair's tick and lot ({@code "XBT/CHF"}), or null for another. */
  public static TickLot kraken(String pair) {
    return KRAKEN.get(pair);
  }

  /** The recorded Kraken pairs, as Kraken names them ({@code "XBT/CHF"}). */
  public static Set<String> krakenPairs() {
    return KRAKEN.keySet();
  }
}
