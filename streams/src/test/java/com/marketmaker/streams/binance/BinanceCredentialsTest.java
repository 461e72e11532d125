package com.marketmaker.streams.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.instrument.Venue;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Request signing and the handling of the API secret. */
class BinanceCredentialsTest {

  // Binance spot REST documentation, "SIGNED Endpoint Examples for POST /api/v3/order".
  static final String DOC_API_KEY =
      "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
  static final String DOC_SECRET =
      "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";

  @Test
  void signsBinancesDocumentedExample() {
    BinanceCredentials c = BinanceCredentials.of(DOC_API_KEY, DOC_SECRET);
    assertEquals(
        "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71",
        c.sign(
            "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1"
                + "&recvWindow=5000&timestamp=1499827319559"));
  }

  @Test
  void signsTheDocumentedMixedQueryAndBodyExample() {
    // Example 3: query string and body concatenated without '&'.
    BinanceCredentials c = BinanceCredentials.of(DOC_API_KEY, DOC_SECRET);
    assertEquals(
        "0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77",
        c.sign(
            "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC"
                + "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"));
  }

  @Test
  void toStringNeverShowsTheSecretOrTheWholeKey() {
    String text = BinanceCredentials.of(DOC_API_KEY, DOC_SECRET).toString();
    assertFalse(text.contains(DOC_SECRET), text);
    assertFalse(text.contains(DOC_API_KEY), text);
    assertTrue(text.contains("<redacted>"), text);
  }

  @Test
  void readsTheVenueBlockAndRefusesHalfAConfiguration() {
    Config both =
        ConfigFactory.parseMap(
            Map.of(
                "market-maker.venues.binance-usdm.api-key", DOC_API_KEY,
                "market-maker.venues.binance-usdm.api-secret", DOC_SECRET));
    assertEquals(
        BinanceCredentials.of(DOC_API_KEY, DOC_SECRET),
        BinanceCredentials.fromConfig(Venue.BINANCE_USDM, both).orElseThrow());
    assertTrue(BinanceCredentials.fromConfig(Venue.BINANCE, both).isEmpty());

    Config keyOnly =
        ConfigFactory.parseMap(Map.of("market-maker.venues.binance.api-key", DOC_API_KEY));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> BinanceCredentials.fromConfig(Venue.BINANCE, keyOnly));
    assertTrue(e.getMessage().contains("api-secret is missing"), e.getMessage());
    assertTrue(e.getMessage().contains("MM_BINANCE_API_SECRET"), e.getMessage());
    assertFalse(e.getMessage().contains(DOC_API_KEY), e.getMessage());

    Config spaced =
        ConfigFactory.parseMap(
            Map.of(
                "market-maker.venues.binance.api-key",
                DOC_API_KEY,
                "market-maker.venues.binance.api-secret",
                "abc def"));
    IllegalArgumentException bad =
        assertThrows(
            IllegalArgumentException.class,
            () -> BinanceCredentials.fromConfig(Venue.BINANCE, spaced));
    assertFalse(bad.getMessage().contains("abc def"), bad.getMessage());
  }

  @Test
  void environmentOverridesAreWiredInTheNodeConfig() {
    // The node's config substitutes the environment variables; resolve it against fake ones.
    Config env =
        ConfigFactory.parseMap(
            Map.of(
                "MM_BINANCE_USDM_API_KEY", "usdmKey123",
                "MM_BINANCE_USDM_API_SECRET", "usdmSecret456"));
    Config node =
        ConfigFactory.parseFile(
                java.nio.file.Path.of(System.getProperty("user.dir"))
                    .resolveSibling("config")
                    .resolve("venues.conf")
                    .toFile())
            .withFallback(env)
            .resolve();
    BinanceCredentials c = BinanceCredentials.fromConfig(Venue.BINANCE_USDM, node).orElseThrow();
    assertEquals("usdmKey123", c.apiKey());
    assertEquals(BinanceCredentials.of("usdmKey123", "usdmSecret456"), c);
    assertTrue(BinanceCredentials.fromConfig(Venue.BINANCE, node).isEmpty());
  }
}
