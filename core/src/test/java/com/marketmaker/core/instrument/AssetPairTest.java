package com.marketmaker.core.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AssetPairTest {

  private static AssetPair of(String id) {
    return AssetPair.of(InstrumentId.parse(id));
  }

  @Test
  void readsEachVenuesSymbols() {
    assertEquals(new AssetPair("BTC", "USDT"), of("BINANCE:BTCUSDT"));
    assertEquals(new AssetPair("ETH", "BTC"), of("BINANCE:ETHBTC"));
    assertEquals(new AssetPair("BTC", "FDUSD"), of("BINANCE:BTCFDUSD"));
    assertEquals(new AssetPair("SYNF001", "USDT"), of("BINANCE_USDM:SYNF001USDT"));
    assertEquals(new AssetPair("BTC", "USD"), of("KRAKEN:XBT/USD"));
    assertEquals(new AssetPair("DOGE", "USD"), of("KRAKEN:XDG/USD"));
    assertEquals(new AssetPair("ETH", "USD"), of("COINBASE:ETH-USD"));
  }

  @Test
  void refusesASymbolWithoutAKnownQuote() {
    assertThrows(IllegalArgumentException.class, () -> of("BINANCE:FOOBAR"));
    assertThrows(IllegalArgumentException.class, () -> of("BINANCE:USDT"));
  }
}
