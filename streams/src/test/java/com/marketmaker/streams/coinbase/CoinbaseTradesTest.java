package com.marketmaker.streams.coinbase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketmaker.actors.feed.FeedEvent;
import com.marketmaker.core.feed.Trade;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.simulator.coinbase.CoinbaseVenueSimulator;
import com.marketmaker.simulator.replay.ReplayEngine;
import com.marketmaker.simulator.socket.StreamVenueSettings;
import com.marketmaker.streams.feed.FeedMetrics;
import com.marketmaker.streams.feed.StreamFeedSettings;
import com.marketmaker.testsupport.Eventually;
import com.marketmaker.testsupport.RecordedInstruments;
import com.marketmaker.testsupport.SharedData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Coinbase trades end to end: the Coinbase simulator replays the recorded capture over the venue's
 * WebSocket protocol and the node's {@link CoinbaseMarketDataFeed} follows its {@code matches}
 * channel. The oracle is the venue's own: for every trade Coinbase also sent a {@code ticker}
 * carrying the same {@code trade_id}, price, size ({@code last_size}), time and the taker's side,
 * read here straight from the capture.
 */
class CoinbaseTradesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ActorTestKit kit = ActorTestKit.create("coinbase-trades");

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  /** A product of the recorded capture as an instrument, or null for another product. */
  static InstrumentSpec spec(String product) {
    RecordedInstruments.TickLot t = RecordedInstruments.coinbase(product);
    return t == null
        ? null
        : InstrumentSpec.of(new InstrumentId(Venue.COINBASE, product), t.tick(), t.lot());
  }

  /** The capture's received messages of the given type, as JSON, in file order. */
  static List<JsonNode> recorded(String type) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    // Without the recorder's own lines (connection, sent subscriptions).
    for (String json : SharedData.received("cryptofeed/" + CoinbaseVenueSimulator.CAPTURE)) {
      JsonNode n = JSON.readTree(json);
      if (n.path("type").asText().equals(type)) {
        out.add(n);
      }
    }
    return out;
  }

  private static String key(String product, long tradeId) {
    return product + "/" + tradeId;
  }

  /** Recorded tickers by product and trade id: the oracle of every trade. */
  static Map<String, JsonNode> tickersByTrade() throws Exception {
    Map<String, JsonNode> out = new HashMap<>();
    for (JsonNode t : recorded("ticker")) {
      out.put(key(t.get("product_id").asText(), t.get("trade_id").asLong()), t);
    }
    return out;
  }

  /** Checks one published trade against the recorded ticker of the same trade id. */
  static void assertEqualsTicker(JsonNode ticker, InstrumentSpec spec, Trade t) {
    String what = spec.id() + " trade " + t.tradeId;
    assertEquals(spec.priceToTicks(ticker.get("price").asText()), t.price, what);
    assertEquals(spec.sizeToLots(ticker.get("last_size").asText()), t.size, what);
    assertEquals(Instant.parse(ticker.get("time").asText()).toEpochMilli(), t.tradeTimeMillis);
    // The ticker's side is the taker's: "buy" means the buyer took liquidity.
    assertEquals(ticker.get("side").asText().equals("buy"), t.buyerAggressor, what);
  }

  private static void await(String what, BooleanSupplier condition) throws Exception {
    Eventually.await(Duration.ofSeconds(90), Duration.ofMillis(20), condition::getAsBoolean, what);
  }

  private static StreamFeedSettings settings(String url) {
    return StreamFeedSettings.fromConfig(Venue.COINBASE, kit.system().settings().config())
        .withWsUrl(url)
        .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));
  }

  /** What one instrument's subscriber received: its trades in order, and its snapshots. */
  static final class Received {
    final ConcurrentLinkedQueue<Trade> trades = new ConcurrentLinkedQueue<>();
    final AtomicLong snapshots = new AtomicLong();

    Behavior<FeedEvent> behavior() {
      return Behaviors.receiveMessage(
          e -> {
            if (e instanceof FeedEvent.PublicTrade t) {
              trades.add(t.trade());
            } else if (e instanceof FeedEvent.Snapshot) {
              snapshots.incrementAndGet();
            }
            return Behaviors.same();
          });
    }
  }

  private static long tradeIds(Received r, long id) {
    return r.trades.stream().filter(t -> t.tradeId == id).count();
  }

  @Test
  void everyRecordedMatchArrivesAsThePublicTradeOfItsTicker() throws Exception {
    Map<String, JsonNode> tickers = tickersByTrade();
    List<JsonNode> matches = recorded("match");
    List<JsonNode> lastMatches = recorded("last_match");
    // Per product, the trade ids a subscriber from the start must get, in order: the last_match
    // Coinbase answered the subscription with, then every match.
    Map<String, List<Long>> expected = new HashMap<>();
    for (JsonNode m : lastMatches) {
      expected.put(
          m.get("product_id").asText(), new ArrayList<>(List.of(m.get("trade_id").asLong())));
    }
    for (JsonNode m : matches) {
      expected.get(m.get("product_id").asText()).add(m.get("trade_id").asLong());
    }

    try (CoinbaseVenueSimulator sim =
            CoinbaseVenueSimulator.start(
                kit.system(), StreamVenueSettings.defaults(SharedData.dir()));
        CoinbaseMarketDataFeed feed =
            CoinbaseMarketDataFeed.start(kit.system(), settings(sim.wsUrl()))) {
      Map<String, Received> received = new ConcurrentHashMap<>();
      for (String product : sim.symbols()) {
        Received r = new Received();
        received.put(product, r);
        ActorRef<FeedEvent> subscriber = kit.spawn(r.behavior());
        feed.subscribe(spec(product), subscriber);
      }
      await(
          "a snapshot and the last_match of every product",
          () ->
              received.values().stream()
                  .allMatch(r -> r.snapshots.get() == 1 && r.trades.size() == 1));
      assertTrue(sim.startReplay(Double.POSITIVE_INFINITY));
      long total = matches.size() + lastMatches.size();
      await(
          "every trade",
          () -> received.values().stream().mapToLong(r -> r.trades.size()).sum() >= total);
      await("the replay's end", () -> sim.status().state() == ReplayEngine.State.DONE);

      int matchesCompared = 0;
      int lastMatchesCompared = 0;
      for (Map.Entry<String, Received> e : received.entrySet()) {
        String product = e.getKey();
        InstrumentSpec spec = spec(product);
        List<Trade> got = new ArrayList<>(e.getValue().trades);
        assertEquals(
            expected.get(product), got.stream().map(t -> t.tradeId).toList(), product + " ids");
        for (int i = 0; i < got.size(); i++) {
          Trade t = got.get(i);
          JsonNode ticker = tickers.get(key(product, t.tradeId));
          assertNotNull(ticker, "no recorded ticker for " + product + " trade " + t.tradeId);
          assertEqualsTicker(ticker, spec, t);
          if (i == 0) {
            lastMatchesCompared++;
          } else {
            matchesCompared++;
          }
        }
        FeedMetrics.Instrument m = feed.metrics().instruments().get(spec.id());
        assertEquals(got.size(), m.trades(), product + ": the lane's trade count");
        assertEquals(0, m.decodeErrors(), product);
        assertEquals(0, m.drops(), product);
      }
      System.out.printf(
          "coinbase trades: %d of %d matches and %d of %d last_matches equal their tickers%n",
          matchesCompared, matches.size(), lastMatchesCompared, lastMatches.size());
      assertEquals(matches.size(), matchesCompared);
      assertEquals(97, matchesCompared, "the capture's matches");
      assertEquals(lastMatches.size(), lastMatchesCompared);
      FeedMetrics metrics = feed.metrics();
      assertEquals(0, metrics.malformedFrames());
      assertEquals(0, metrics.decodeErrors());
      assertEquals(0, metrics.controlErrors(), "the matches channel was accepted");
    }
  }

  private static long resyncs(CoinbaseMarketDataFeed feed) {
    return feed.metrics().instruments().values().stream()
        .mapToLong(FeedMetrics.Instrument::resyncs)
        .sum();
  }

  @Test
  void tornFramesAreSkippedARepeatedLastMatchIsNotATradeAndUnsubscribingStopsTheMatches()
      throws Exception {
    long lastRecorded =
        recorded("last_match").stream()
            .filter(n -> n.get("product_id").asText().equals("SKL-USD"))
            .findFirst()
            .orElseThrow()
            .get("trade_id")
            .asLong();
    List<Long> sklUsdMatches =
        recorded("match").stream()
            .filter(n -> n.get("product_id").asText().equals("SKL-USD"))
            .map(n -> n.get("trade_id").asLong())
            .toList();
    Map<String, JsonNode> tickers = tickersByTrade();
    try (CoinbaseVenueSimulator sim =
            CoinbaseVenueSimulator.start(
                kit.system(),
                StreamVenueSettings.defaults(SharedData.dir())
                    .withSymbols(List.of("SKL-USD", "DASH-BTC")));
        CoinbaseMarketDataFeed feed =
            CoinbaseMarketDataFeed.start(kit.system(), settings(sim.wsUrl()))) {
      Received skl = new Received();
      Received dash = new Received();
      feed.subscribe(spec("SKL-USD"), kit.spawn(skl.behavior()));
      ActorRef<FeedEvent> dashSubscriber = kit.spawn(dash.behavior());
      feed.subscribe(spec("DASH-BTC"), dashSubscriber);
      await("last_matches", () -> skl.trades.size() == 1 && dash.trades.size() == 1);
      assertEquals(lastRecorded, skl.trades.peek().tradeId);

      // Frames cut short are counted and skipped; the connection carries on. Each could have been
      // a book update (level2 has no sequence numbers): the books it may concern are resynced.
      long resyncsBefore = resyncs(feed);
      assertEquals(1, sim.sendMalformed(2));
      await("torn frames counted", () -> feed.metrics().malformedFrames() == 2);
      await("books resynced after the torn frames", () -> resyncs(feed) >= resyncsBefore + 2);

      // After a reconnect Coinbase answers the new subscription with the same last_match: the
      // instrument already has that trade, so it is not published again.
      assertEquals(1, sim.disconnectAll());
      await("resubscribed", () -> skl.snapshots.get() == 2 && feed.metrics().connects() == 2);
      assertTrue(
          feed.metrics().instruments().get(spec("SKL-USD").id()).subscribed(),
          "the new connection's book confirms the subscription");
      await(
          "the repeat seen",
          () ->
              feed.metrics().instruments().get(spec("SKL-USD").id()).ignored() >= 1
                  && feed.metrics().instruments().get(spec("DASH-BTC").id()).ignored() >= 1);
      assertEquals(1, tradeIds(skl, lastRecorded));

      // Unsubscribed from every channel: no DASH-BTC frame may come back unrouted.
      feed.unsubscribe(spec("DASH-BTC").id(), dashSubscriber);
      // The venue answers requests in order: once a later resubscription's book has come, it has
      // taken the unsubscribe.
      feed.depthSnapshot(spec("SKL-USD"), 0).toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertTrue(sim.startReplay(Double.POSITIVE_INFINITY));
      await("SKL-USD's matches", () -> skl.trades.size() >= 1 + sklUsdMatches.size());
      await("the replay's end", () -> sim.status().state() == ReplayEngine.State.DONE);
      List<Long> ids = skl.trades.stream().map(t -> t.tradeId).toList();
      List<Long> want = new ArrayList<>(List.of(lastRecorded));
      want.addAll(sklUsdMatches);
      assertEquals(want, ids);
      for (Trade t : skl.trades) {
        assertEqualsTicker(tickers.get(key("SKL-USD", t.tradeId)), spec("SKL-USD"), t);
      }
      assertEquals(1, dash.trades.size(), "only the last_match before the unsubscribe");
      FeedMetrics metrics = feed.metrics();
      assertEquals(0, metrics.unroutedFrames(), "the venue kept sending an unsubscribed product");
      assertEquals(2, metrics.malformedFrames());
      assertEquals(0, metrics.decodeErrors());
    }
  }
}
