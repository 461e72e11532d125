package com.marketmaker.streams.kraken;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketmaker.actors.feed.FeedEvent;
import com.marketmaker.core.feed.Trade;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.simulator.kraken.KrakenVenueSimulator;
import com.marketmaker.simulator.socket.StreamVenueSettings;
import com.marketmaker.streams.feed.FeedMetrics;
import com.marketmaker.streams.feed.StreamFeedSettings;
import com.marketmaker.testsupport.Eventually;
import com.marketmaker.testsupport.SharedData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Kraken public trades end to end: trades published on the Kraken simulator's {@code POST
 * /admin/trades} reach the subscriber of the pair through the client's {@code trade} channel, as
 * Kraken's websocket v1 prints them.
 *
 * <p>Reference values: the two trades of the trade message example in Kraken's websocket v1
 * documentation ({@code ["5541.20000","0.15850568","1534614057.321597","s","l",""]} and {@code
 * ["6060.00000","0.02455000","1534614057.324998","b","l",""]}), published on XBT/CHF, whose spec
 * here (tick 0.00001, lot 0.00000001, the decimals Kraken prints the pair with) holds them exactly:
 * 5541.20000 / 0.00001 = 554 120 000 ticks, 0.15850568 / 0.00000001 = 15 850 568 lots, 1534614057
 * .321597 s = 1 534 614 057 321 ms (rounded down), {@code s} a taker sell.
 */
class KrakenPublicTradesTest {

  private static final ActorTestKit kit = ActorTestKit.create("kraken-trades");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final InstrumentSpec XBT_CHF =
      InstrumentSpec.of(new InstrumentId(Venue.KRAKEN, "XBT-CHF"), "0.00001", "0.00000001");
  private static final InstrumentSpec ETH_CHF =
      InstrumentSpec.of(new InstrumentId(Venue.KRAKEN, "ETH-CHF"), "0.00001", "0.00000001");

  /** The documentation's two trades, in one request. */
  private static final String DOC_TRADES =
      "{\"pair\":\"XBT/CHF\",\"trades\":["
          + "{\"price\":\"5541.20000\",\"volume\":\"0.15850568\",\"time\":\"1534614057.321597\","
          + "\"side\":\"s\",\"orderType\":\"l\"},"
          + "{\"price\":\"6060.00000\",\"volume\":\"0.02455000\",\"time\":\"1534614057.324998\","
          + "\"side\":\"b\",\"orderType\":\"l\"}]}";

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  private static KrakenVenueSimulator simulator() {
    return KrakenVenueSimulator.start(
        kit.system(),
        StreamVenueSettings.defaults(SharedData.dir()).withSymbols(List.of("XBT/CHF", "ETH/CHF")));
  }

  private static KrakenMarketDataFeed feed(KrakenVenueSimulator sim) {
    return KrakenMarketDataFeed.start(
        kit.system(),
        StreamFeedSettings.fromConfig(Venue.KRAKEN, kit.system().settings().config())
            .withWsUrl(sim.wsUrl())
            .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)));
  }

  /** The next event of {@code type}, skipping others. */
  private static <T extends FeedEvent> T next(TestProbe<FeedEvent> probe, Class<T> type) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      FeedEvent e = probe.receiveMessage(Duration.ofSeconds(30));
      if (type.isInstance(e)) {
        return type.cast(e);
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " within 30 s");
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    Eventually.await(Duration.ofSeconds(30), Duration.ofMillis(20), condition::getAsBoolean, what);
  }

  /** POSTs trades to the simulator's admin endpoint; returns how many connections got them. */
  private static int publish(KrakenVenueSimulator sim, String body) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.port() + "/admin/trades"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    JsonNode answer = JSON.readTree(r.body());
    return answer.get("connections").asInt();
  }

  private static String oneTrade(
      String pair, String price, String volume, String time, String side, String type) {
    return "{\"pair\":\""
        + pair
        + "\",\"trades\":[{\"price\":\""
        + price
        + "\",\"volume\":\""
        + volume
        + "\",\"time\":\""
        + time
        + "\",\"side\":\""
        + side
        + "\",\"orderType\":\""
        + type
        + "\"}]}";
  }

  private static void assertTrade(
      InstrumentSpec spec,
      long ticks,
      long lots,
      long millis,
      boolean buyerAggressor,
      FeedEvent.PublicTrade e) {
    assertEquals(spec.id(), e.instrument());
    Trade t = e.trade();
    assertEquals(ticks, t.price, "price ticks");
    assertEquals(lots, t.size, "size lots");
    assertEquals(millis, t.tradeTimeMillis, "time");
    assertEquals(buyerAggressor, t.buyerAggressor, "aggressor");
    assertEquals(0, t.tradeId, "v1 trades carry no id");
    assertTrue(e.receivedNanos() > 0);
  }

  private static FeedMetrics.Instrument lane(KrakenMarketDataFeed feed, InstrumentSpec spec) {
    return feed.metrics().instruments().get(spec.id());
  }

  @Test
  void publishedTradesArriveInOrderOnTheirPairOnlyWhileSubscribed() throws Exception {
    try (KrakenVenueSimulator sim = simulator();
        KrakenMarketDataFeed feed = feed(sim)) {
      TestProbe<FeedEvent> xbt = kit.createTestProbe();
      feed.subscribe(XBT_CHF, xbt.getRef());
      next(xbt, FeedEvent.Snapshot.class);
      assertTrue(lane(feed, XBT_CHF).subscribed(), "the book confirms the subscription");
      await(() -> sim.tradeSubscriptions("XBT/CHF") == 1, "the trade subscription");

      // Both documented trades in one message, in their order.
      assertEquals(1, publish(sim, DOC_TRADES));
      assertDocumentedTrades(xbt);

      // A pair the feed did not subscribe: the venue sends it to no one; the next XBT/CHF trade is
      // the next to arrive.
      assertEquals(0, sim.tradeSubscriptions("ETH/CHF"));
      assertEquals(
          0,
          publish(
              sim, oneTrade("ETH/CHF", "3000.00000", "1.00000000", "1534614058.000001", "b", "l")));
      assertEquals(
          1,
          publish(
              sim, oneTrade("XBT/CHF", "5542.00000", "0.00000001", "1534614058.999999", "b", "m")));
      assertTrade(
          XBT_CHF,
          554_200_000L,
          1L,
          1_534_614_058_999L,
          true,
          next(xbt, FeedEvent.PublicTrade.class));

      // Two pairs on the connection: each trade reaches its own pair's subscriber only.
      TestProbe<FeedEvent> eth = kit.createTestProbe();
      feed.subscribe(ETH_CHF, eth.getRef());
      next(eth, FeedEvent.Snapshot.class);
      await(() -> sim.tradeSubscriptions("ETH/CHF") == 1, "the ETH/CHF trade subscription");
      assertEquals(
          1,
          publish(sim, oneTrade("ETH/CHF", "3000.00000", "1.00000000", "1534614059.5", "s", "m")));
      assertEquals(
          1, publish(sim, oneTrade("XBT/CHF", "5543.10000", "2.5", "1534614060", "s", "l")));
      assertTrade(
          ETH_CHF,
          300_000_000L,
          100_000_000L,
          1_534_614_059_500L,
          false,
          next(eth, FeedEvent.PublicTrade.class));
      assertTrade(
          XBT_CHF,
          554_310_000L,
          250_000_000L,
          1_534_614_060_000L,
          false,
          next(xbt, FeedEvent.PublicTrade.class));

      // A requested snapshot resubscribes the book only: the trades keep coming.
      feed.depthSnapshot(XBT_CHF, 100).toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertEquals(1, sim.tradeSubscriptions("XBT/CHF"));
      assertEquals(
          1, publish(sim, oneTrade("XBT/CHF", "5544.00000", "0.1", "1534614061.25", "b", "l")));
      assertTrade(
          XBT_CHF,
          554_400_000L,
          10_000_000L,
          1_534_614_061_250L,
          true,
          next(xbt, FeedEvent.PublicTrade.class));

      // Lane metrics count what was published on each pair.
      assertEquals(5, lane(feed, XBT_CHF).trades());
      assertEquals(1, lane(feed, ETH_CHF).trades());
      assertEquals(0, feed.metrics().decodeErrors());

      // The last subscriber leaves: the feed unsubscribes the pair's trade channel, the venue sends
      // it nothing more, and nothing reaches the feed (an XBT/CHF trade would be counted as
      // unrouted before the ETH/CHF one published after it arrives).
      feed.unsubscribe(XBT_CHF.id(), xbt.getRef());
      await(() -> sim.tradeSubscriptions("XBT/CHF") == 0, "the trade unsubscription");
      assertFalse(feed.metrics().instruments().containsKey(XBT_CHF.id()));
      long unrouted = feed.metrics().unroutedFrames();
      assertEquals(0, publish(sim, DOC_TRADES));
      assertEquals(1, publish(sim, oneTrade("ETH/CHF", "3001.00000", "1", "1534614062", "b", "l")));
      assertTrade(
          ETH_CHF,
          300_100_000L,
          100_000_000L,
          1_534_614_062_000L,
          true,
          next(eth, FeedEvent.PublicTrade.class));
      assertEquals(unrouted, feed.metrics().unroutedFrames());
      assertEquals(2, lane(feed, ETH_CHF).trades());
      assertEquals(0, feed.metrics().malformedFrames());
    }
  }

  @Test
  void malformedTradeMessagesAreCountedAndSkippedAndLaterTradesArrive() throws Exception {
    try (KrakenVenueSimulator sim = simulator();
        KrakenMarketDataFeed feed = feed(sim)) {
      TestProbe<FeedEvent> xbt = kit.createTestProbe();
      feed.subscribe(XBT_CHF, xbt.getRef());
      next(xbt, FeedEvent.Snapshot.class);
      await(() -> sim.tradeSubscriptions("XBT/CHF") == 1, "the trade subscription");

      String good = "[\"5541.20000\",\"0.15850568\",\"1534614057.321597\",\"s\",\"l\",\"\"]";
      List<String> broken =
          List.of(
              // bad price
              "[[\"55x1.20000\",\"0.15850568\",\"1534614057.321597\",\"s\",\"l\",\"\"]],\"trade\",\"XBT/CHF\"]",
              // price off the pair's tick grid
              "[[\"5541.200001\",\"0.15850568\",\"1534614057.321597\",\"s\",\"l\",\"\"]],\"trade\",\"XBT/CHF\"]",
              // zero volume
              "[[\"5541.20000\",\"0.00000000\",\"1534614057.321597\",\"s\",\"l\",\"\"]],\"trade\",\"XBT/CHF\"]",
              // a trade of five fields
              "[[\"5541.20000\",\"0.15850568\",\"1534614057.321597\",\"s\",\"l\"]],\"trade\",\"XBT/CHF\"]",
              // unknown side
              "[[\"5541.20000\",\"0.15850568\",\"1534614057.321597\",\"x\",\"l\",\"\"]],\"trade\",\"XBT/CHF\"]",
              // unknown order type
              "[[\"5541.20000\",\"0.15850568\",\"1534614057.321597\",\"s\",\"q\",\"\"]],\"trade\",\"XBT/CHF\"]",
              // negative time
              "[[\"5541.20000\",\"0.15850568\",\"-1534614057.3\",\"s\",\"l\",\"\"]],\"trade\",\"XBT/CHF\"]",
              // a valid trade, then an invalid one: neither is published
              "[" + good + ",[\"1\",\"1\",\"1\",\"s\"]],\"trade\",\"XBT/CHF\"]",
              // message without its pair
              "[" + good + "],\"trade\"]",
              // another pair's name on this channel
              "[" + good + "],\"trade\",\"ETH/CHF\"]",
              // cut short
              "[" + good.substring(0, 20));
      for (String rest : broken) {
        assertEquals(1, sim.sendTradeChannelFrame("XBT/CHF", rest));
      }
      await(
          () -> lane(feed, XBT_CHF).decodeErrors() == broken.size(),
          "every broken trade message counted as a decode error");

      // The connection stays up and the next trades, sent after the broken ones, arrive first.
      assertEquals(1, publish(sim, DOC_TRADES));
      assertDocumentedTrades(xbt);
      FeedMetrics m = feed.metrics();
      assertTrue(m.connected());
      assertEquals(0, m.reconnects());
      assertEquals(broken.size(), m.decodeErrors());
      assertEquals(2, lane(feed, XBT_CHF).trades());
      assertEquals(0, m.malformedFrames());
    }
  }

  /** Kraken's two documented example trades on XBT/CHF, in their order. */
  private static void assertDocumentedTrades(TestProbe<FeedEvent> xbt) {
    assertTrade(
        XBT_CHF,
        554_120_000L,
        15_850_568L,
        1_534_614_057_321L,
        false,
        next(xbt, FeedEvent.PublicTrade.class));
    assertTrade(
        XBT_CHF,
        606_000_000L,
        2_455_000L,
        1_534_614_057_324L,
        true,
        next(xbt, FeedEvent.PublicTrade.class));
  }
}
