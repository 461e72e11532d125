package com.marketmaker.streams.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.actors.feed.FeedEvent;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.streams.feed.FeedDelivery;
import com.marketmaker.streams.feed.FeedMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The feed against a Binance-like server on loopback, fed with frames from the real spot captures.
 * Expected values are read from the raw frames with regular expressions, not from the decoder.
 */
class BinanceMarketDataFeedTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  static final InstrumentSpec BTC =
      InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "BTCUSDT"), "0.01", "0.00000001");
  static final InstrumentSpec ETH =
      InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "ETHUSDT"), "0.01", "0.00000001");
  static final List<String> BTC_STREAMS =
      List.of("btcusdt@depth@100ms", "btcusdt@bookTicker", "btcusdt@trade");
  static final List<String> ETH_STREAMS =
      List.of("ethusdt@depth@100ms", "ethusdt@bookTicker", "ethusdt@trade");
  static final Duration WAIT = Duration.ofSeconds(10);

  FakeBinance server;
  BinanceMarketDataFeed feed;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void startServer() throws Exception {
    server = new FakeBinance(testKit.system());
  }

  @AfterEach
  void stop() throws Exception {
    if (feed != null) {
      feed.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    server.close();
  }

  BinanceFeedSettings settings(Duration staleAfter, int laneCapacity) {
    return new BinanceFeedSettings(
        Venue.BINANCE,
        server.wsUrl(),
        server.restUrl(),
        "depth@100ms",
        staleAfter,
        laneCapacity,
        Duration.ofMillis(100),
        Duration.ofSeconds(1),
        0.2,
        Duration.ofSeconds(5),
        6000,
        0.8,
        1024,
        5);
  }

  void start(Duration staleAfter, int laneCapacity, FeedDelivery delivery) {
    feed =
        BinanceMarketDataFeed.start(testKit.system(), settings(staleAfter, laneCapacity), delivery);
  }

  static long longField(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\":(\\d+)").matcher(json);
    assertTrue(m.find(), field + " in " + json);
    return Long.parseLong(m.group(1));
  }

  static String stringField(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\":\"([^\"]*)\"").matcher(json);
    assertTrue(m.find(), field + " in " + json);
    return m.group(1);
  }

  /** Asserts that {@code event} is the decoding of the raw combined-stream {@code frame}. */
  static void assertDecodedFrom(String frame, FeedEvent event, InstrumentSpec spec) {
    assertEquals(spec.id(), event.instrument(), "routed to the wrong instrument: " + frame);
    String stream = stringField(frame, "stream");
    if (stream.contains("@depth")) {
      FeedEvent.Depth d = (FeedEvent.Depth) event;
      assertEquals(longField(frame, "U"), d.update().firstUpdateId);
      assertEquals(longField(frame, "u"), d.update().finalUpdateId);
    } else if (stream.endsWith("@bookTicker")) {
      FeedEvent.Ticker t = (FeedEvent.Ticker) event;
      assertEquals(longField(frame, "u"), t.ticker().updateId);
      assertEquals(spec.priceToTicks(stringField(frame, "b")), t.ticker().bidPrice);
      assertEquals(spec.priceToTicks(stringField(frame, "a")), t.ticker().askPrice);
    } else {
      FeedEvent.PublicTrade t = (FeedEvent.PublicTrade) event;
      assertEquals(longField(frame, "t"), t.trade().tradeId);
      assertEquals(spec.priceToTicks(stringField(frame, "p")), t.trade().price);
    }
    assertTrue(event.receivedNanos() != 0);
  }

  static List<String> frames(String file, int n) throws Exception {
    return Captures.messages(file, "{\"stream\":", n);
  }

  static List<String> depthFrames(String file, int n) throws Exception {
    return Captures.messages(file, "{\"stream\":\"btcusdt@depth", n);
  }

  @Test
  void routesTwoInstrumentsOverOneConnectionAndUnsubscribesWhenTheLastSubscriberLeaves()
      throws Exception {
    start(Duration.ofMinutes(5), 4096, FeedDelivery.TELL);
    TestProbe<FeedEvent> btc = testKit.createTestProbe();
    TestProbe<FeedEvent> eth = testKit.createTestProbe();
    TestProbe<FeedEvent> eth2 = testKit.createTestProbe();
    feed.subscribe(BTC, btc.ref());
    feed.subscribe(ETH, eth.ref());
    feed.subscribe(ETH, eth2.ref()); // a second subscriber: no new SUBSCRIBE
    FakeBinance.Connection conn = server.awaitConnection();
    List<String> all = new ArrayList<>(BTC_STREAMS);
    all.addAll(ETH_STREAMS);
    List<FakeBinance.Control> subs = server.awaitStreams("SUBSCRIBE", all);
    subs.forEach(c -> assertEquals(conn.number, c.connection()));

    List<String> btcFrames = frames("spot_btcusdt_20240808.gz", 40);
    List<String> ethFrames = frames("spot_ethusdt_20240808.gz", 40);
    for (int i = 0; i < 40; i++) {
      conn.push(btcFrames.get(i));
      conn.push(ethFrames.get(i));
    }
    for (String f : btcFrames) {
      assertDecodedFrom(f, btc.expectMessageClass(FeedEvent.class, WAIT), BTC);
    }
    for (String f : ethFrames) {
      FeedEvent a = eth.expectMessageClass(FeedEvent.class, WAIT);
      FeedEvent b = eth2.expectMessageClass(FeedEvent.class, WAIT);
      assertDecodedFrom(f, a, ETH);
      assertDecodedFrom(f, b, ETH);
      if (a instanceof FeedEvent.Depth da && b instanceof FeedEvent.Depth db) {
        assertNotSame(da.update(), db.update(), "each subscriber gets its own copy");
      }
    }
    assertEquals(1, server.connectionCount());

    feed.unsubscribe(ETH.id(), eth.ref());
    feed.unsubscribe(BTC.id(), btc.ref());
    FakeBinance.Control unsub = server.awaitControl();
    assertEquals("UNSUBSCRIBE", unsub.method());
    assertEquals(BTC_STREAMS, unsub.params(), "eth still has a subscriber");
    feed.unsubscribe(ETH.id(), eth2.ref());
    server.awaitStreams("UNSUBSCRIBE", ETH_STREAMS);
    FeedMetrics m = feed.metrics();
    assertEquals(1, m.connects());
    assertEquals(0, m.malformedFrames());
  }

  @Test
  void reconnectsAfterTheServerClosesResubscribesAndResyncsEverySubscriber() throws Exception {
    start(Duration.ofMinutes(5), 4096, FeedDelivery.TELL);
    TestProbe<FeedEvent> btc = testKit.createTestProbe();
    TestProbe<FeedEvent> eth = testKit.createTestProbe();
    feed.subscribe(BTC, btc.ref());
    feed.subscribe(ETH, eth.ref());
    FakeBinance.Connection first = server.awaitConnection();
    List<String> all = new ArrayList<>(BTC_STREAMS);
    all.addAll(ETH_STREAMS);
    server.awaitStreams("SUBSCRIBE", all);
    List<String> btcFrames = frames("spot_btcusdt_20240808.gz", 2);
    first.push(btcFrames.get(0));
    assertDecodedFrom(btcFrames.get(0), btc.expectMessageClass(FeedEvent.class, WAIT), BTC);

    first.close();
    FakeBinance.Connection second = server.awaitConnection();
    List<FakeBinance.Control> resubscribed = server.awaitStreams("SUBSCRIBE", all);
    resubscribed.forEach(c -> assertEquals(second.number, c.connection()));
    FeedEvent.Resync r1 = btc.expectMessageClass(FeedEvent.Resync.class, WAIT);
    FeedEvent.Resync r2 = eth.expectMessageClass(FeedEvent.Resync.class, WAIT);
    assertEquals(BTC.id(), r1.instrument());
    assertEquals(ETH.id(), r2.instrument());

    second.push(btcFrames.get(1));
    assertDecodedFrom(btcFrames.get(1), btc.expectMessageClass(FeedEvent.class, WAIT), BTC);
    FeedMetrics m = feed.metrics();
    assertEquals(2, m.connects());
    assertEquals(1, m.reconnects());
    assertTrue(m.connected());
    assertEquals(1, m.instruments().get(BTC.id()).resyncs());
  }

  @Test
  void malformedFramesAreCountedAndSkippedAndTheConnectionStaysUp() throws Exception {
    start(Duration.ofMinutes(5), 4096, FeedDelivery.TELL);
    TestProbe<FeedEvent> btc = testKit.createTestProbe();
    feed.subscribe(BTC, btc.ref());
    FakeBinance.Connection conn = server.awaitConnection();
    server.awaitStreams("SUBSCRIBE", BTC_STREAMS);
    List<String> f = frames("spot_btcusdt_20240808.gz", 2);
    conn.push(f.get(0));
    conn.push("this is not json {");
    // An envelope of a subscribed stream whose diff lacks u, b and a.
    conn.push(
        "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"s\":\"BTCUSDT\","
            + "\"U\":5}}");
    // Truncated mid-frame.
    conn.push(f.get(1).substring(0, f.get(1).length() / 2));
    conn.push(f.get(1));
    assertDecodedFrom(f.get(0), btc.expectMessageClass(FeedEvent.class, WAIT), BTC);
    assertDecodedFrom(f.get(1), btc.expectMessageClass(FeedEvent.class, WAIT), BTC);
    FeedMetrics m = feed.metrics();
    assertEquals(1, m.malformedFrames());
    assertEquals(2, m.instruments().get(BTC.id()).decodeErrors());
    assertEquals(4, m.instruments().get(BTC.id()).messages());
    assertEquals(1, m.connects());
    assertTrue(m.connected());
  }

  @Test
  void staleIsSignalledForTheSilentInstrumentOnly() throws Exception {
    start(Duration.ofMillis(500), 4096, FeedDelivery.TELL);
    TestProbe<FeedEvent> btc = testKit.createTestProbe();
    feed.subscribe(BTC, btc.ref());
    FakeBinance.Connection conn = server.awaitConnection();
    server.awaitStreams("SUBSCRIBE", BTC_STREAMS);
    List<String> f = frames("spot_btcusdt_20240808.gz", 2);
    conn.push(f.get(0));
    // On a loaded machine the silence between subscribing and the first frame may itself pass the
    // threshold: such a Stale is right, and counted.
    FeedEvent firstEvent = btc.expectMessageClass(FeedEvent.class, WAIT);
    int staleBeforeData = 0;
    while (firstEvent instanceof FeedEvent.Stale) {
      staleBeforeData++;
      firstEvent = btc.expectMessageClass(FeedEvent.class, WAIT);
    }
    assertTrue(staleBeforeData <= 1, "one Stale per silence");
    assertDecodedFrom(f.get(0), firstEvent, BTC);
    FeedEvent.Stale stale = btc.expectMessageClass(FeedEvent.Stale.class, WAIT);
    assertEquals(BTC.id(), stale.instrument());
    assertTrue(stale.silentMillis() >= 500, "silent " + stale.silentMillis() + " ms");
    // Data again clears it; the next silence is signalled again.
    conn.push(f.get(1));
    assertDecodedFrom(f.get(1), btc.expectMessageClass(FeedEvent.class, WAIT), BTC);
    btc.expectMessageClass(FeedEvent.Stale.class, WAIT);
    assertEquals(staleBeforeData + 2, feed.metrics().instruments().get(BTC.id()).stales());
  }

  @Test
  void aSubscriberThatFallsBehindGetsAResyncAfterTheLastDiffItReceived() throws Exception {
    int capacity = 4;
    start(Duration.ofMinutes(5), capacity, FeedDelivery.TELL);
    // A bounded subscriber that handles nothing (it never reports an event consumed) and an
    // observer without flow control, on the same instrument.
    TestProbe<FeedEvent> slow = testKit.createTestProbe();
    TestProbe<FeedEvent> observer = testKit.createTestProbe();
    feed.subscribe(BTC, slow.ref(), true);
    feed.subscribe(BTC, observer.ref());
    FakeBinance.Connection conn = server.awaitConnection();
    server.awaitStreams("SUBSCRIBE", BTC_STREAMS);
    List<String> diffs = depthFrames("spot_btcusdt_20240808.gz", 21);
    for (int i = 0; i < 20; i++) {
      conn.push(diffs.get(i));
    }
    // The observer gets all 20; the slow subscriber its capacity, the other 16 are dropped.
    for (int i = 0; i < 20; i++) {
      assertDecodedFrom(
          diffs.get(i), observer.expectMessageClass(FeedEvent.Depth.class, WAIT), BTC);
    }
    List<FeedEvent> got = new ArrayList<>();
    for (int i = 0; i < capacity; i++) {
      got.add(slow.expectMessageClass(FeedEvent.Depth.class, WAIT));
    }
    FeedMetrics.Instrument m = feed.metrics().instruments().get(BTC.id());
    assertEquals(20, m.messages());
    assertEquals(16, m.drops());
    assertEquals(capacity, m.queued());
    slow.expectNoMessage(Duration.ofMillis(200));

    // It handles one event: it has room again and is told at once that it missed some.
    feed.consumed(BTC.id(), slow.ref());
    FeedEvent.Resync r = slow.expectMessageClass(FeedEvent.Resync.class, WAIT);
    assertTrue(r.reason().contains("16 events dropped"), r.reason());
    got.add(r);
    for (int i = 0; i < capacity; i++) {
      feed.consumed(BTC.id(), slow.ref());
    }
    conn.push(diffs.get(20));
    FeedEvent.Depth last = slow.expectMessageClass(FeedEvent.Depth.class, WAIT);
    assertEquals(longField(diffs.get(20), "u"), last.update().finalUpdateId);
    got.add(last);
    observer.expectMessageClass(FeedEvent.Depth.class, WAIT);

    // Between two diffs without a Resync in between, ids are contiguous (spot: U == prev u + 1).
    long prevU = -1;
    int resyncs = 0;
    for (FeedEvent e : got) {
      if (e instanceof FeedEvent.Resync) {
        resyncs++;
        prevU = -1;
      } else if (e instanceof FeedEvent.Depth d) {
        if (prevU >= 0) {
          assertEquals(prevU + 1, d.update().firstUpdateId, "a gap without a Resync");
        }
        prevU = d.update().finalUpdateId;
      }
    }
    assertEquals(1, resyncs);
    assertEquals(capacity + 2, got.size());
    FeedMetrics.Instrument after = feed.metrics().instruments().get(BTC.id());
    assertEquals(16, after.drops());
    assertEquals(1, after.resyncs());
    assertEquals(1, after.queued(), "5 delivered and 5 consumed before the last diff");
  }
}
