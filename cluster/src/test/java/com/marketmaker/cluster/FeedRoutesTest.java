package com.marketmaker.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketmaker.actors.feed.FeedEvent;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.simulator.BinanceVenueSimulator;
import com.marketmaker.simulator.Dialect;
import com.marketmaker.simulator.Settings;
import com.marketmaker.streams.MarketDataFeeds;
import com.marketmaker.testsupport.SharedData;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.Test;

/** {@code GET /feeds/metrics[?instrument=]} and {@code /feeds/recorder} on a real binding. */
class FeedRoutesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void metricsOfOneInstrumentAndClearErrorsForBadOrUnknownOnes() throws Exception {
    ActorTestKit probeKit =
        ActorTestKit.create(
            "sim",
            ConfigFactory.parseString("pekko.actor.provider = local")
                .withFallback(ConfigFactory.defaultReference()));
    BinanceVenueSimulator sim =
        BinanceVenueSimulator.start(
            probeKit.system(),
            Settings.defaults(SharedData.dir())
                .withSymbols(List.of("BTCUSDT", "ETHUSDT"), List.of()));
    String host = "127.0.0.1:" + sim.spotPort();
    Config config =
        ConfigFactory.parseString(
                "pekko.actor.provider = local\n"
                    + "market-maker.venues.binance { ws-url = \"ws://"
                    + host
                    + "\", rest-url = \"http://"
                    + host
                    + "\" }")
            .withFallback(ConfigFactory.defaultReference())
            .resolve();
    ActorTestKit kit = ActorTestKit.create("feed-routes", config);
    try {
      MarketDataFeeds feeds = MarketDataFeeds.start(kit.system(), EnumSet.of(Venue.BINANCE));
      TestProbe<FeedEvent> btc = kit.createTestProbe();
      TestProbe<FeedEvent> eth = kit.createTestProbe();
      feeds.require(Venue.BINANCE).subscribe(Dialect.SPOT.bookSpec("BTCUSDT"), btc.ref());
      feeds.require(Venue.BINANCE).subscribe(Dialect.SPOT.bookSpec("ETHUSDT"), eth.ref());
      ServerBinding binding =
          Http.get(kit.system())
              .newServerAt("127.0.0.1", 0)
              .bind(new FeedRoutes(feeds).routes())
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      String base = "http://127.0.0.1:" + binding.localAddress().getPort();

      HttpResponse<String> all = get(base + "/feeds/metrics");
      assertEquals(200, all.statusCode());
      assertEquals(2, JSON.readTree(all.body()).get(0).path("instruments").size());

      HttpResponse<String> one = get(base + "/feeds/metrics?instrument=BINANCE:BTCUSDT");
      assertEquals(200, one.statusCode(), one.body());
      JsonNode venue = JSON.readTree(one.body()).get(0);
      assertEquals("BINANCE", venue.path("venue").asText());
      JsonNode instruments = venue.path("instruments");
      assertEquals(1, instruments.size(), one.body());
      JsonNode i = instruments.path("BINANCE:BTCUSDT");
      assertEquals(0, i.path("connection").asInt());
      for (String field : List.of("messagesPerSecond", "decodeErrors", "gaps", "resyncs")) {
        assertTrue(i.has(field), field + " in " + i);
        assertTrue(venue.has(field), field + " in the venue's totals");
      }
      assertEquals(1, venue.path("connections").size());

      HttpResponse<String> bad = get(base + "/feeds/metrics?instrument=BTCUSDT");
      assertEquals(400, bad.statusCode());
      assertTrue(bad.body().contains("VENUE:SYMBOL"), bad.body());
      HttpResponse<String> unknown = get(base + "/feeds/metrics?instrument=BINANCE:XRPUSDT");
      assertEquals(404, unknown.statusCode());
      assertTrue(unknown.body().contains("BINANCE:XRPUSDT"), unknown.body());
      assertEquals(404, get(base + "/feeds/recorder").statusCode(), "recording is off");

      binding.terminate(Duration.ofSeconds(2)).toCompletableFuture().get(5, TimeUnit.SECONDS);
      feeds.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      kit.shutdownTestKit();
      sim.stop();
      probeKit.shutdownTestKit();
    }
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
