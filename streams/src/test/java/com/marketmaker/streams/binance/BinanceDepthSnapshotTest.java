package com.marketmaker.streams.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.feed.DepthUpdate;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.streams.feed.FeedMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** REST depth snapshots against a Binance-like server on loopback. */
class BinanceDepthSnapshotTest {

  static final ActorTestKit testKit = ActorTestKit.create();
  static final InstrumentSpec BTC =
      InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "BTCUSDT"), "0.01", "0.00000001");

  FakeBinance server;
  BinanceMarketDataFeed feed;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void start() throws Exception {
    server = new FakeBinance(testKit.system());
    feed = BinanceMarketDataFeed.start(testKit.system(), settings(server.restUrl()));
  }

  BinanceFeedSettings settings(String restUrl) {
    return new BinanceFeedSettings(
        Venue.BINANCE,
        server.wsUrl(),
        restUrl,
        "depth@100ms",
        Duration.ofMinutes(5),
        1024,
        Duration.ofMillis(100),
        Duration.ofSeconds(1),
        0.2,
        Duration.ofSeconds(5),
        6000,
        0.8,
        1024,
        5);
  }

  @AfterEach
  void stop() throws Exception {
    feed.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    server.close();
  }

  static BinanceRestException failure(java.util.concurrent.CompletionStage<DepthUpdate> stage) {
    ExecutionException e =
        assertThrows(
            ExecutionException.class, () -> stage.toCompletableFuture().get(10, TimeUnit.SECONDS));
    return assertInstanceOf(BinanceRestException.class, e.getCause());
  }

  @Test
  void decodesTheRecordedSnapshotAndAccountsItsWeight() throws Exception {
    String recorded = Captures.messages("spot_btcusdt_20240808.gz", "{\"lastUpdateId\":", 1).get(0);
    server.depthHandler =
        (symbol, limit) ->
            FakeBinance.json(200, recorded)
                .addHeader(RawHeader.create("X-MBX-USED-WEIGHT-1M", "7"));

    DepthUpdate snapshot =
        feed.depthSnapshot(BTC, 1000).toCompletableFuture().get(10, TimeUnit.SECONDS);

    FakeBinance.RestRequest request = server.restRequests.poll(5, TimeUnit.SECONDS);
    assertEquals(new FakeBinance.RestRequest("/api/v3/depth", "BTCUSDT", "1000"), request);
    Matcher id = Pattern.compile("\"lastUpdateId\":(\\d+)").matcher(recorded);
    assertTrue(id.find());
    assertEquals(Long.parseLong(id.group(1)), snapshot.finalUpdateId);
    String bids = recorded.substring(recorded.indexOf("\"bids\":"), recorded.indexOf("\"asks\":"));
    String asks = recorded.substring(recorded.indexOf("\"asks\":"));
    assertEquals(count(bids, "[\""), snapshot.bids.count());
    assertEquals(count(asks, "[\""), snapshot.asks.count());
    assertEquals(BTC.priceToTicks(firstPrice(bids)), snapshot.bids.price(0));
    assertEquals(BTC.priceToTicks(firstPrice(asks)), snapshot.asks.price(0));
    // Spot depth at limit 1000 weighs 50; the venue's header said less, so the local count holds.
    FeedMetrics m = feed.metrics();
    assertEquals(50, m.restWeightUsed());
    assertEquals(4800, m.restWeightBudget());
    assertEquals(1, m.restRequests());
  }

  @Test
  void refusesLocallyWhenTheVenueReportsTheBudgetSpent() throws Exception {
    String recorded = Captures.messages("spot_btcusdt_20240808.gz", "{\"lastUpdateId\":", 1).get(0);
    server.depthHandler =
        (symbol, limit) ->
            FakeBinance.json(200, recorded)
                .addHeader(RawHeader.create("X-MBX-USED-WEIGHT-1M", "4798"));
    feed.depthSnapshot(BTC, 100).toCompletableFuture().get(10, TimeUnit.SECONDS);
    BinanceRestException e = failure(feed.depthSnapshot(BTC, 100));
    assertTrue(e.getMessage().contains("request-weight budget exhausted"), e.getMessage());
    assertEquals(0, e.status());
    assertEquals(1, server.restRequests.size(), "the refused request never reached the venue");
  }

  @Test
  void aBurstRefusedWhileWaitingCompletesEveryRequest() throws Exception {
    // Every book of a node resyncing at once: thousands of snapshot requests wait behind the eight
    // on the wire. The first answer reports the minute's weight spent, so each waiting request is
    // refused the moment it is taken from the queue, on the thread that took it. Every one must
    // still complete (an admission that recursed into the next request would run out of stack).
    String recorded = Captures.messages("spot_btcusdt_20240808.gz", "{\"lastUpdateId\":", 1).get(0);
    server.depthHandler =
        (symbol, limit) ->
            FakeBinance.json(200, recorded)
                .addHeader(RawHeader.create("X-MBX-USED-WEIGHT-1M", "4800"));
    int n = 4000;
    List<java.util.concurrent.CompletableFuture<DepthUpdate>> burst = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      burst.add(feed.depthSnapshot(BTC, 100).toCompletableFuture());
    }
    int answered = 0;
    int refused = 0;
    for (java.util.concurrent.CompletableFuture<DepthUpdate> f : burst) {
      try {
        f.get(30, TimeUnit.SECONDS);
        answered++;
      } catch (ExecutionException e) {
        assertInstanceOf(BinanceRestException.class, e.getCause());
        assertTrue(
            e.getCause().getMessage().contains("request-weight budget exhausted"),
            e.getCause().getMessage());
        refused++;
      }
    }
    assertEquals(n, answered + refused);
    assertTrue(answered >= 1 && answered <= 8, "answered " + answered);
    assertEquals(answered, server.restRequests.size());
  }

  @Test
  void aRequestThatCannotBeBuiltFailsAndFreesItsSlot() throws Exception {
    // A REST base that is not a URI: building the request throws on the admitting thread. Each
    // answer must still complete, and the slot come free, or the requests beyond the eight in
    // flight would wait for ever.
    BinanceDepthSnapshots snapshots =
        new BinanceDepthSnapshots(testKit.system(), settings("http://127.0.0.1:1/not a uri"));
    for (int i = 0; i < 2 * BinanceDepthSnapshots.MAX_IN_FLIGHT + 1; i++) {
      BinanceRestException e = failure(snapshots.fetch(BTC, 100));
      assertTrue(e.getMessage().contains("request not sent"), e.getMessage());
    }
    assertEquals(0, server.restRequests.size());
    BinanceDepthSnapshots.Usage usage = snapshots.usage();
    assertEquals(0, usage.weightUsed(), "no weight spent on requests never sent");
    assertEquals(0, usage.requests());
    assertEquals(2 * BinanceDepthSnapshots.MAX_IN_FLIGHT + 1, usage.failures());
  }

  @Test
  void rateLimitedAnswerBacksOffForRetryAfter() throws Exception {
    server.depthHandler =
        (symbol, limit) ->
            FakeBinance.json(
                    429,
                    "{\"code\":-1003,\"msg\":\"Too many requests; current limit of IP(127.0.0.1)"
                        + " is 6000 requests per minute.\"}")
                .addHeader(RawHeader.create("Retry-After", "30"));
    BinanceRestException first = failure(feed.depthSnapshot(BTC, 100));
    assertEquals(429, first.status());
    assertEquals(-1003, first.venueCode());
    assertTrue(first.getMessage().contains("Too many requests"), first.getMessage());
    assertTrue(first.getMessage().contains("30 s per Retry-After"), first.getMessage());

    BinanceRestException second = failure(feed.depthSnapshot(BTC, 100));
    assertTrue(second.getMessage().contains("rate limit in force"), second.getMessage());
    assertEquals(1, server.restRequests.size(), "no request during the back-off");
  }

  @Test
  void unknownSymbolFailsWithTheVenuesMessage() throws Exception {
    server.depthHandler =
        (symbol, limit) -> FakeBinance.json(400, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");
    InstrumentSpec nope =
        InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "NOPEUSDT"), "0.01", "0.01");
    BinanceRestException e = failure(feed.depthSnapshot(nope, 100));
    assertEquals(400, e.status());
    assertEquals(-1121, e.venueCode());
    assertEquals("Invalid symbol.", e.venueMessage());
    assertTrue(e.getMessage().contains("NOPEUSDT"), e.getMessage());
  }

  @Test
  void aLimitTheVenueRejectsIsRefusedBeforeSending() throws Exception {
    BinanceRestException e = failure(feed.depthSnapshot(BTC, 0));
    assertTrue(e.getMessage().contains("limit not accepted"), e.getMessage());
    assertTrue(server.restRequests.isEmpty());
  }

  /** Weights from Binance's docs for GET /api/v3/depth and GET /fapi/v1/depth. */
  @Test
  void depthWeightsFollowTheVenuesTables() {
    for (int[] row :
        List.of(
            new int[] {1, 5},
            new int[] {100, 5},
            new int[] {101, 25},
            new int[] {500, 25},
            new int[] {1000, 50},
            new int[] {5000, 250},
            new int[] {5001, -1})) {
      assertEquals(row[1], BinanceDepthSnapshots.weight(Venue.BINANCE, row[0]), "spot " + row[0]);
    }
    for (int[] row :
        List.of(
            new int[] {5, 2},
            new int[] {50, 2},
            new int[] {100, 5},
            new int[] {500, 10},
            new int[] {1000, 20},
            new int[] {7, -1})) {
      assertEquals(
          row[1], BinanceDepthSnapshots.weight(Venue.BINANCE_USDM, row[0]), "usdm " + row[0]);
    }
  }

  @Test
  void budgetCountsPerClockMinuteAndTakesTheVenuesHigherCount() {
    RequestWeightBudget b = new RequestWeightBudget(100);
    long t = 1_723_161_240_000L; // a whole minute
    assertTrue(b.tryAcquire(60, t));
    assertFalse(b.tryAcquire(50, t + 1_000));
    b.observeUsed(90, t + 2_000);
    assertFalse(b.tryAcquire(20, t + 3_000));
    assertTrue(b.tryAcquire(10, t + 3_000));
    assertTrue(b.tryAcquire(100, t + 60_000), "a new minute starts from zero");
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  private static String firstPrice(String side) {
    int from = side.indexOf("[\"") + 2;
    return side.substring(from, side.indexOf('"', from));
  }
}
