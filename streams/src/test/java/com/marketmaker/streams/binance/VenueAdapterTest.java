package com.marketmaker.streams.binance;

import static com.marketmaker.streams.binance.BinanceCredentialsTest.DOC_API_KEY;
import static com.marketmaker.streams.binance.BinanceCredentialsTest.DOC_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.orders.OrderRequest;
import com.marketmaker.core.orders.OrderStatus;
import com.marketmaker.streams.VenueAdapter;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A venue's adapter started from config, with and without credentials. */
class VenueAdapterTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  static Config config(FakeBinanceAccount server, boolean credentials) {
    Map<String, Object> values = new HashMap<>();
    values.put("market-maker.venues.binance.rest-url", server.restUrl());
    values.put("market-maker.venues.binance.ws-url", server.wsUrl());
    if (credentials) {
      values.put("market-maker.venues.binance.api-key", DOC_API_KEY);
      values.put("market-maker.venues.binance.api-secret", DOC_SECRET);
    }
    return ConfigFactory.parseMap(values).withFallback(ConfigFactory.load()).resolve();
  }

  @Test
  void withoutCredentialsOnlyMarketDataAndTheCatalogAreAvailable() throws Exception {
    try (FakeBinanceAccount server =
        new FakeBinanceAccount(testKit.system(), Venue.BINANCE, DOC_API_KEY, DOC_SECRET)) {
      server.exchangeInfo = BinanceInstrumentCatalogTest.SPOT;
      VenueAdapter adapter =
          VenueAdapter.start(testKit.system(), Venue.BINANCE, config(server, false));
      try {
        assertTrue(adapter.orderGateway().isEmpty());
        String reason = adapter.orderEntryUnavailableReason().orElseThrow();
        assertTrue(reason.contains("MM_BINANCE_API_KEY"), reason);
        IllegalStateException e =
            assertThrows(IllegalStateException.class, adapter::requireOrderGateway);
        assertEquals(reason, e.getMessage());
        assertThrows(
            IllegalStateException.class,
            () -> adapter.startUserData(s -> Optional.empty(), event -> {}));
        assertTrue(
            adapter.marketData() instanceof BinanceMarketDataFeed feed
                && feed.venue() == Venue.BINANCE);
        List<InstrumentSpec> specs =
            adapter
                .catalog()
                .specs(List.of("BTCUSDT"))
                .toCompletableFuture()
                .get(20, TimeUnit.SECONDS);
        assertEquals("BTCUSDT", specs.get(0).id().symbol());
      } finally {
        adapter.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void withCredentialsBundlesGatewayAndUserData() throws Exception {
    try (FakeBinanceAccount server =
        new FakeBinanceAccount(testKit.system(), Venue.BINANCE, DOC_API_KEY, DOC_SECRET)) {
      server.exchangeInfo = BinanceInstrumentCatalogTest.SPOT;
      VenueAdapter adapter =
          VenueAdapter.start(testKit.system(), Venue.BINANCE, config(server, true));
      try {
        InstrumentSpec btc =
            adapter
                .catalog()
                .specs(List.of("BTCUSDT"))
                .toCompletableFuture()
                .get(20, TimeUnit.SECONDS)
                .get(0);
        BinanceUserDataStream stream =
            adapter.startUserData(
                s -> s.equals("BTCUSDT") ? Optional.of(btc) : Optional.empty(), e -> {});
        server.awaitConnection();
        assertThrows(
            IllegalStateException.class,
            () -> adapter.startUserData(s -> Optional.empty(), e -> {}),
            "one user-data stream per venue");
        assertEquals(
            OrderStatus.NEW,
            adapter
                .requireOrderGateway()
                .place(btc, OrderRequest.postOnly(btc.id(), "v-1", Side.BUY, 5_000_000, 100))
                .toCompletableFuture()
                .get(20, TimeUnit.SECONDS)
                .status());
        assertEquals(stream, adapter.userData().orElseThrow());
        assertEquals(1, adapter.accountMetrics().endpoints().get("POST /api/v3/order").requests());
      } finally {
        adapter.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }
  }
}
