package com.marketmaker.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.instrument.Venue;
import com.marketmaker.streams.binance.BinanceFeedSettings;
import com.marketmaker.streams.feed.StreamFeedSettings;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.Test;

class MarketDataFeedsTest {

  @Test
  void referenceConfigHasTheRealVenuesAndTheirDepthStreams() {
    Config config = ConfigFactory.load();
    BinanceFeedSettings spot = BinanceFeedSettings.fromConfig(Venue.BINANCE, config);
    BinanceFeedSettings usdm = BinanceFeedSettings.fromConfig(Venue.BINANCE_USDM, config);
    assertEquals("wss://stream.binance.com:9443/stream", spot.streamUrl());
    assertEquals("https://api.binance.com/api/v3/depth", spot.depthUrl());
    assertEquals("depth@100ms", spot.depthStream());
    assertEquals(6000, spot.requestWeightLimit());
    assertEquals("wss://fstream.binance.com/stream", usdm.streamUrl());
    assertEquals("https://fapi.binance.com/fapi/v1/depth", usdm.depthUrl());
    assertEquals("depth@0ms", usdm.depthStream());
    assertEquals(2400, usdm.requestWeightLimit());
    assertEquals(Duration.ofSeconds(10), usdm.staleAfter(), "shared defaults apply per venue");
    StreamFeedSettings kraken = StreamFeedSettings.fromConfig(Venue.KRAKEN, config);
    StreamFeedSettings coinbase = StreamFeedSettings.fromConfig(Venue.COINBASE, config);
    assertEquals("wss://ws.kraken.com", kraken.wsUrl());
    assertEquals(100, kraken.bookDepth());
    assertEquals("wss://ws-feed.exchange.coinbase.com", coinbase.wsUrl());
    assertEquals("level2", coinbase.bookChannel());
    assertEquals(Duration.ofSeconds(10), coinbase.snapshotTimeout());
  }

  @Test
  void refusesAKrakenDepthKrakenDoesNotServe() {
    Config config =
        ConfigFactory.parseString("market-maker.venues.kraken.book-depth = 50")
            .withFallback(ConfigFactory.load());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> StreamFeedSettings.fromConfig(Venue.KRAKEN, config));
    assertTrue(e.getMessage().contains("book-depth"), e.getMessage());
  }

  @Test
  void startsOneFeedPerVenueFromConfigAndStops() throws Exception {
    Config config =
        ConfigFactory.parseString(
                "market-maker.venues.binance { ws-url = \"ws://127.0.0.1:9\", rest-url ="
                    + " \"http://127.0.0.1:9\" }\n"
                    + "market-maker.venues.binance-usdm { ws-url = \"ws://127.0.0.1:9\","
                    + " rest-url = \"http://127.0.0.1:9\" }\n"
                    + "market-maker.venues.kraken.ws-url = \"ws://127.0.0.1:9\"\n"
                    + "market-maker.venues.coinbase.ws-url = \"ws://127.0.0.1:9\"")
            .withFallback(ConfigFactory.load());
    ActorTestKit kit = ActorTestKit.create("feeds", config);
    try {
      MarketDataFeeds feeds =
          MarketDataFeeds.start(
              kit.system(), EnumSet.of(Venue.BINANCE, Venue.BINANCE_USDM, Venue.KRAKEN));
      assertTrue(feeds.feed(Venue.BINANCE).isPresent());
      assertTrue(feeds.feed(Venue.BINANCE_USDM).isPresent());
      assertTrue(feeds.feed(Venue.KRAKEN).isPresent());
      assertTrue(feeds.feed(Venue.COINBASE).isEmpty());
      assertThrows(IllegalArgumentException.class, () -> feeds.require(Venue.COINBASE));
      assertEquals(3, feeds.metrics().size());
      feeds.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      kit.shutdownTestKit();
    }
  }
}
