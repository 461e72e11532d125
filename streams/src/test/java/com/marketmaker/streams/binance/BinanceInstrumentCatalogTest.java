package com.marketmaker.streams.binance;

import static com.marketmaker.streams.binance.BinanceCredentialsTest.DOC_API_KEY;
import static com.marketmaker.streams.binance.BinanceCredentialsTest.DOC_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.instrument.ContractType;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.orders.VenueException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Exchange info against a Binance-like server. The recorded cryptofeed captures hold no
 * exchange-info answers (only depth snapshots), so the answers below are built from Binance's
 * documented formats: the spot {@code /api/v3/exchangeInfo} symbol entry (ETHBTC) with the filter
 * examples of the spot "Filters" section, and the USD-M {@code /fapi/v1/exchangeInfo} symbol entry
 * (BLZUSDT) of the futures documentation.
 */
class BinanceInstrumentCatalogTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  FakeBinanceAccount server;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  BinanceInstrumentCatalog start(Venue venue, String exchangeInfo) throws Exception {
    server = new FakeBinanceAccount(testKit.system(), venue, DOC_API_KEY, DOC_SECRET);
    server.exchangeInfo = exchangeInfo;
    return BinanceInstrumentCatalog.create(
        testKit.system(),
        BinanceOrderGatewayTest.settings(
            venue, server.restUrl(), server.wsUrl(), Map.of(Duration.ofSeconds(10), 100)));
  }

  static final String SPOT =
      "{\"timezone\":\"UTC\",\"serverTime\":1565246363776,\"rateLimits\":[],"
          + "\"exchangeFilters\":[],\"symbols\":["
          // The documented ETHBTC entry with the documented PRICE_FILTER, LOT_SIZE, MIN_NOTIONAL.
          + "{\"symbol\":\"ETHBTC\",\"status\":\"TRADING\",\"baseAsset\":\"ETH\","
          + "\"baseAssetPrecision\":8,\"quoteAsset\":\"BTC\",\"quotePrecision\":8,"
          + "\"quoteAssetPrecision\":8,\"orderTypes\":[\"LIMIT\",\"LIMIT_MAKER\",\"MARKET\"],"
          + "\"icebergAllowed\":true,\"ocoAllowed\":true,\"isSpotTradingAllowed\":true,"
          + "\"isMarginTradingAllowed\":true,\"filters\":["
          + "{\"filterType\":\"PRICE_FILTER\",\"minPrice\":\"0.00000100\","
          + "\"maxPrice\":\"100000.00000000\",\"tickSize\":\"0.00000100\"},"
          + "{\"filterType\":\"PERCENT_PRICE\",\"multiplierUp\":\"1.3000\","
          + "\"multiplierDown\":\"0.7000\",\"avgPriceMins\":5},"
          + "{\"filterType\":\"LOT_SIZE\",\"minQty\":\"0.00100000\","
          + "\"maxQty\":\"100000.00000000\",\"stepSize\":\"0.00100000\"},"
          + "{\"filterType\":\"MIN_NOTIONAL\",\"minNotional\":\"0.00100000\","
          + "\"applyToMarket\":true,\"avgPriceMins\":5}],\"permissions\":[\"SPOT\",\"MARGIN\"]},"
          // The newer NOTIONAL filter.
          + "{\"symbol\":\"BTCUSDT\",\"status\":\"TRADING\",\"baseAsset\":\"BTC\","
          + "\"quoteAsset\":\"USDT\",\"filters\":["
          + "{\"filterType\":\"PRICE_FILTER\",\"minPrice\":\"0.01000000\","
          + "\"maxPrice\":\"1000000.00000000\",\"tickSize\":\"0.01000000\"},"
          + "{\"filterType\":\"LOT_SIZE\",\"minQty\":\"0.00001000\","
          + "\"maxQty\":\"9000.00000000\",\"stepSize\":\"0.00001000\"},"
          + "{\"filterType\":\"NOTIONAL\",\"minNotional\":\"5.00000000\","
          + "\"applyMinToMarket\":true,\"maxNotional\":\"9000000.00000000\","
          + "\"applyMaxToMarket\":false,\"avgPriceMins\":5}]},"
          // A symbol in a break, and one whose tick rule is disabled (0): neither is tradable here.
          + "{\"symbol\":\"LUNAUSDT\",\"status\":\"BREAK\",\"baseAsset\":\"LUNA\","
          + "\"quoteAsset\":\"USDT\",\"filters\":[{\"filterType\":\"PRICE_FILTER\","
          + "\"tickSize\":\"0.01\"},{\"filterType\":\"LOT_SIZE\",\"stepSize\":\"0.01\"}]},"
          + "{\"symbol\":\"ODDBTC\",\"status\":\"TRADING\",\"baseAsset\":\"ODD\","
          + "\"quoteAsset\":\"BTC\",\"filters\":[{\"filterType\":\"PRICE_FILTER\","
          + "\"minPrice\":\"0\",\"maxPrice\":\"0\",\"tickSize\":\"0.00000000\"},"
          + "{\"filterType\":\"LOT_SIZE\",\"stepSize\":\"1.00000000\"}]}"
          + "]}";

  static final String USDM =
      "{\"exchangeFilters\":[],\"rateLimits\":[],\"serverTime\":1565613908500,"
          + "\"assets\":[],\"symbols\":[{\"symbol\":\"BLZUSDT\",\"pair\":\"BLZUSDT\","
          + "\"contractType\":\"PERPETUAL\",\"deliveryDate\":4133404800000,"
          + "\"onboardDate\":1598252400000,\"status\":\"TRADING\",\"maintMarginPercent\":\"2.5000\","
          + "\"requiredMarginPercent\":\"5.0000\",\"baseAsset\":\"BLZ\",\"quoteAsset\":\"USDT\","
          + "\"marginAsset\":\"USDT\",\"pricePrecision\":5,\"quantityPrecision\":0,"
          + "\"baseAssetPrecision\":8,\"quotePrecision\":8,\"underlyingType\":\"COIN\","
          + "\"underlyingSubType\":[\"STORAGE\"],\"settlePlan\":0,\"triggerProtect\":\"0.15\","
          + "\"filters\":[{\"filterType\":\"PRICE_FILTER\",\"maxPrice\":\"300\","
          + "\"minPrice\":\"0.0001\",\"tickSize\":\"0.0001\"},{\"filterType\":\"LOT_SIZE\","
          + "\"maxQty\":\"10000000\",\"minQty\":\"1\",\"stepSize\":\"1\"},"
          + "{\"filterType\":\"MARKET_LOT_SIZE\",\"maxQty\":\"590119\",\"minQty\":\"1\","
          + "\"stepSize\":\"1\"},{\"filterType\":\"MAX_NUM_ORDERS\",\"limit\":200},"
          + "{\"filterType\":\"MAX_NUM_ALGO_ORDERS\",\"limit\":10},"
          + "{\"filterType\":\"MIN_NOTIONAL\",\"notional\":\"5.0\"},"
          + "{\"filterType\":\"PERCENT_PRICE\",\"multiplierUp\":\"1.1500\","
          + "\"multiplierDown\":\"0.8500\",\"multiplierDecimal\":4}],"
          + "\"OrderType\":[\"LIMIT\",\"MARKET\"],\"timeInForce\":[\"GTC\",\"IOC\",\"FOK\",\"GTX\"],"
          + "\"liquidationFee\":\"0.010000\",\"marketTakeBound\":\"0.30\"}],\"timezone\":\"UTC\"}";

  static List<InstrumentSpec> await(java.util.concurrent.CompletionStage<List<InstrumentSpec>> s)
      throws Exception {
    return s.toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  void readsSpotGridsFromTheDocumentedFilters() throws Exception {
    BinanceInstrumentCatalog catalog = start(Venue.BINANCE, SPOT);
    List<InstrumentSpec> all = await(catalog.specs(List.of()));
    server.awaitRequest("GET", "/api/v3/exchangeInfo");
    assertEquals(2, all.size(), "ETHBTC and BTCUSDT; LUNAUSDT is in a break, ODDBTC has no tick");
    assertEquals(2, catalog.rejectedSymbols());

    InstrumentSpec eth = all.get(0);
    assertEquals(new InstrumentId(Venue.BINANCE, "ETHBTC"), eth.id());
    // tickSize 0.00000100 = 1 at 6 decimals; stepSize 0.00100000 = 1 at 3 decimals.
    assertEquals(1, eth.tickUnscaled());
    assertEquals(6, eth.priceScale());
    assertEquals(1, eth.lotUnscaled());
    assertEquals(3, eth.sizeScale());
    assertEquals(ContractType.SPOT, eth.contractType());
    assertEquals(100_000, eth.minNotionalUnscaled(), "0.001 BTC at 8 decimals");

    InstrumentSpec btc = all.get(1);
    assertEquals(2, btc.priceScale());
    assertEquals(5, btc.sizeScale());
    assertEquals(500_000_000, btc.minNotionalUnscaled(), "NOTIONAL.minNotional 5 USDT");
  }

  @Test
  void readsUsdmContractsAsLinear() throws Exception {
    BinanceInstrumentCatalog catalog = start(Venue.BINANCE_USDM, USDM);
    List<InstrumentSpec> specs = await(catalog.specs(List.of("BLZUSDT")));
    server.awaitRequest("GET", "/fapi/v1/exchangeInfo");
    InstrumentSpec blz = specs.get(0);
    assertEquals(new InstrumentId(Venue.BINANCE_USDM, "BLZUSDT"), blz.id());
    assertEquals(ContractType.LINEAR, blz.contractType());
    assertEquals(1, blz.tickUnscaled());
    assertEquals(4, blz.priceScale());
    assertEquals(1, blz.lotUnscaled());
    assertEquals(0, blz.sizeScale());
    assertEquals(500_000_000, blz.minNotionalUnscaled(), "MIN_NOTIONAL.notional 5.0");
  }

  @Test
  void namesRequestedSymbolsThatAreUnknownOrUnusable() throws Exception {
    BinanceInstrumentCatalog catalog = start(Venue.BINANCE, SPOT);
    assertEquals(1, await(catalog.specs(List.of("BTCUSDT"))).size());
    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () ->
                catalog
                    .specs(List.of("BTCUSDT", "NOPE", "LUNAUSDT", "ODDBTC"))
                    .toCompletableFuture()
                    .get(20, TimeUnit.SECONDS));
    VenueException v = assertInstanceOf(VenueException.class, e.getCause());
    assertTrue(v.getMessage().contains("NOPE: not listed"), v.getMessage());
    assertTrue(v.getMessage().contains("LUNAUSDT: status BREAK"), v.getMessage());
    assertTrue(v.getMessage().contains("ODDBTC: tickSize '0.00000000'"), v.getMessage());
  }

  @Test
  void refusesAnAnswerWithoutSymbols() throws Exception {
    BinanceInstrumentCatalog catalog = start(Venue.BINANCE, "{\"timezone\":\"UTC\"}");
    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () -> catalog.specs(List.of()).toCompletableFuture().get(20, TimeUnit.SECONDS));
    VenueException v = assertInstanceOf(VenueException.class, e.getCause());
    assertTrue(v.getMessage().contains("no 'symbols' array"), v.getMessage());
  }
}
