package com.marketmaker.streams.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.actors.feed.FeedEvent;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.sync.BinanceBookSync;
import com.marketmaker.streams.feed.FeedMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The feed with a small stream limit (6 streams, two instruments, per connection) against a
 * Binance-like server on loopback. Each instrument replays the real spot BTCUSDT capture under its
 * own symbol, so every book can be checked against the capture's bookTickers.
 */
class BinanceConnectionLimitsTest {

  static final ActorTestKit testKit = ActorTestKit.create();
  static final Duration WAIT = Duration.ofSeconds(30);
  static final int MAX_STREAMS = 6;
  static final int MAX_CONTROL_PER_SECOND = 5;
  static final int FRAMES = 400;

  FakeBinance server;
  BinanceMarketDataFeed feed;
  String snapshot;
  List<String> btcFrames;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void start() throws Exception {
    server = new FakeBinance(testKit.system());
    snapshot = Captures.messages("spot_btcusdt_20240808.gz", "{\"lastUpdateId\"", 1).get(0);
    btcFrames = Captures.messages("spot_btcusdt_20240808.gz", "{\"stream\":", FRAMES);
    server.depthHandler = (symbol, limit) -> FakeBinance.json(200, snapshot);
    BinanceFeedSettings settings =
        new BinanceFeedSettings(
                Venue.BINANCE,
                server.wsUrl(),
                server.restUrl(),
                "depth@100ms",
                Duration.ofMinutes(5),
                4096,
                Duration.ofMillis(100),
                Duration.ofSeconds(1),
                0.2,
                Duration.ofSeconds(5),
                6000,
                0.8,
                1024,
                5)
            .withConnectionLimits(MAX_STREAMS, MAX_CONTROL_PER_SECOND);
    feed = BinanceMarketDataFeed.start(testKit.system(), settings);
  }

  @AfterEach
  void stop() throws Exception {
    feed.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    server.close();
  }

  static InstrumentSpec spec(String symbol) {
    return InstrumentSpec.of(new InstrumentId(Venue.BINANCE, symbol), "0.01", "0.00000001");
  }

  static List<String> streams(String symbol) {
    String s = symbol.toLowerCase(Locale.ROOT);
    return List.of(s + "@depth@100ms", s + "@bookTicker", s + "@trade");
  }

  /** The BTCUSDT frame as if it were {@code symbol}'s. */
  static String renamed(String frame, String symbol) {
    return frame
        .replace("\"stream\":\"btcusdt@", "\"stream\":\"" + symbol.toLowerCase(Locale.ROOT) + "@")
        .replace("\"s\":\"BTCUSDT\"", "\"s\":\"" + symbol + "\"");
  }

  /** Streams each server connection is subscribed to now, from the control requests it got. */
  Map<Integer, Set<String>> subscribedByConnection() {
    Map<Integer, Set<String>> out = new HashMap<>();
    for (FakeBinance.Control c : server.controlLog) {
      Set<String> s = out.computeIfAbsent(c.connection(), k -> new HashSet<>());
      if (c.method().equals("SUBSCRIBE")) {
        s.addAll(c.params());
      } else {
        c.params().forEach(s::remove);
      }
    }
    return out;
  }

  int connectionOf(String symbol) {
    String depth = streams(symbol).get(0);
    int found = -1;
    for (Map.Entry<Integer, Set<String>> e : subscribedByConnection().entrySet()) {
      if (e.getValue().contains(depth)) {
        found = e.getKey();
      }
    }
    return found;
  }

  void awaitSubscribed(List<String> symbols) {
    testKit
        .createTestProbe()
        .awaitAssert(
            WAIT,
            () -> {
              FeedMetrics m = feed.metrics();
              for (String s : symbols) {
                FeedMetrics.Instrument i = m.instruments().get(spec(s).id());
                assertTrue(i != null && i.subscribed(), s + " subscribed");
              }
              return null;
            });
  }

  /**
   * Syncs a book from the feed's snapshot, pushes the capture and checks it against its tickers.
   */
  void assertBookGoesLive(String symbol, TestProbe<FeedEvent> probe, FakeBinance.Connection conn)
      throws Exception {
    BookCheck check = new BookCheck();
    check.sync.onSnapshot(
        feed.depthSnapshot(spec(symbol), 1000).toCompletableFuture().get(10, TimeUnit.SECONDS));
    for (String f : btcFrames) {
      conn.push(renamed(f, symbol));
    }
    while (check.received < btcFrames.size()) {
      FeedEvent e = probe.receiveMessage(WAIT);
      assertEquals(spec(symbol).id(), e.instrument());
      check.onEvent(e);
    }
    assertNull(check.mismatch, symbol + ": " + check.mismatch);
    assertTrue(check.sync.isLive(), symbol + " live");
    assertEquals(0, check.sync.gapCount(), symbol + " gaps");
    assertTrue(check.matched > 0, symbol + ": no bookTicker checked");
  }

  @Test
  void opensAConnectionPerTwoInstrumentsReusesFreedRoomAndResyncsOnlyTheDroppedConnection()
      throws Exception {
    List<String> symbols = List.of("AAAUSDT", "BBBUSDT", "CCCUSDT", "DDDUSDT", "EEEUSDT");
    Map<String, TestProbe<FeedEvent>> probes = new LinkedHashMap<>();
    for (String s : symbols) {
      TestProbe<FeedEvent> p = testKit.createTestProbe();
      probes.put(s, p);
      feed.subscribe(spec(s), p.ref());
    }
    awaitSubscribed(symbols);
    // 5 instruments x 3 streams at 6 per connection: 3 connections, filled in order.
    assertEquals(3, server.connectionCount());
    FeedMetrics m = feed.metrics();
    assertEquals(3, m.connections().size());
    int[] expectedIndex = {0, 0, 1, 1, 2};
    for (int i = 0; i < symbols.size(); i++) {
      assertEquals(expectedIndex[i], m.instruments().get(spec(symbols.get(i)).id()).connection());
    }
    Map<Integer, Set<String>> subscribed = subscribedByConnection();
    Set<String> all = new HashSet<>();
    for (Set<String> s : subscribed.values()) {
      assertTrue(s.size() <= MAX_STREAMS, "over the limit: " + s);
      all.addAll(s);
    }
    for (String s : symbols) {
      assertTrue(all.containsAll(streams(s)), s + " streams subscribed");
    }
    Map<Integer, FakeBinance.Connection> conns = new HashMap<>();
    for (int i = 0; i < 3; i++) {
      FakeBinance.Connection c = server.awaitConnection();
      conns.put(c.number, c);
    }
    for (String s : symbols) {
      assertBookGoesLive(s, probes.get(s), conns.get(connectionOf(s)));
    }

    // The venue drops the connection of CCC and DDD: only they are resubscribed and resynced.
    int droppedNumber = connectionOf("CCCUSDT");
    assertEquals(droppedNumber, connectionOf("DDDUSDT"));
    server.controls.clear();
    conns.get(droppedNumber).close();
    FakeBinance.Connection replacement = server.awaitConnection();
    List<FakeBinance.Control> resubscribe = new ArrayList<>();
    Set<String> resubscribed = new HashSet<>();
    List<String> expected = new ArrayList<>(streams("CCCUSDT"));
    expected.addAll(streams("DDDUSDT"));
    while (!resubscribed.containsAll(expected)) {
      FakeBinance.Control c = server.awaitControl();
      resubscribe.add(c);
      assertEquals(replacement.number, c.connection(), "resubscribed on the new connection");
      assertEquals("SUBSCRIBE", c.method());
      resubscribed.addAll(c.params());
    }
    assertEquals(Set.copyOf(expected), resubscribed, "only the dropped connection's streams");
    for (String s : List.of("CCCUSDT", "DDDUSDT")) {
      probes.get(s).expectMessageClass(FeedEvent.Resync.class, WAIT);
    }
    m = feed.metrics();
    assertEquals(1, m.reconnects());
    assertEquals(1, m.connections().get(1).reconnects());
    for (String s : List.of("AAAUSDT", "BBBUSDT", "EEEUSDT")) {
      assertEquals(0, m.instruments().get(spec(s).id()).resyncs(), s + " not resynced");
      probes.get(s).expectNoMessage(Duration.ofMillis(200));
    }
    assertEquals(4, server.connectionCount());

    // Unsubscribing AAA frees room on the first connection; FFF takes it, no new connection.
    int firstNumber = connectionOf("AAAUSDT");
    feed.unsubscribe(spec("AAAUSDT").id(), probes.get("AAAUSDT").ref());
    TestProbe<FeedEvent> fff = testKit.createTestProbe();
    feed.subscribe(spec("FFFUSDT"), fff.ref());
    awaitSubscribed(List.of("FFFUSDT"));
    assertEquals(firstNumber, connectionOf("FFFUSDT"));
    assertEquals(-1, connectionOf("AAAUSDT"), "AAA unsubscribed");
    assertEquals(4, server.connectionCount());
    assertEquals(0, feed.metrics().instruments().get(spec("FFFUSDT").id()).connection());
    assertBookGoesLive("FFFUSDT", fff, conns.get(firstNumber));

    // The last instrument of the third connection leaves: that connection closes.
    feed.unsubscribe(spec("EEEUSDT").id(), probes.get("EEEUSDT").ref());
    assertEquals(2, feed.metrics().connections().size());
    assertEquals(0, feed.metrics().controlErrors());
  }

  @Test
  void controlMessagesStayUnderTheVenuesLimitPerConnection() throws Exception {
    TestProbe<FeedEvent> probe = testKit.createTestProbe();
    feed.subscribe(spec("AAAUSDT"), probe.ref());
    awaitSubscribed(List.of("AAAUSDT"));
    // Alternating changes cannot be merged: each is one message.
    int toggles = 12;
    for (int i = 0; i < toggles; i++) {
      feed.unsubscribe(spec("AAAUSDT").id(), probe.ref());
      feed.subscribe(spec("AAAUSDT"), probe.ref());
    }
    testKit
        .createTestProbe()
        .awaitAssert(
            WAIT,
            () -> {
              assertTrue(server.controlLog.size() >= 1 + 2 * toggles, "all requests arrived");
              return null;
            });
    awaitSubscribed(List.of("AAAUSDT"));
    List<FakeBinance.Control> log = server.controlLog;
    assertEquals(1 + 2 * toggles, log.size());
    assertEquals(1, server.connectionCount(), "the messages share one connection");
    // In every window of one second the server counts at most the venue's limit.
    int maxInWindow = 0;
    for (int i = 0; i < log.size(); i++) {
      int n = 0;
      for (int j = i; j < log.size(); j++) {
        if (log.get(j).receivedNanos() - log.get(i).receivedNanos() < 1_000_000_000L) {
          n++;
        }
      }
      maxInWindow = Math.max(maxInWindow, n);
    }
    assertTrue(
        maxInWindow <= MAX_CONTROL_PER_SECOND, maxInWindow + " control messages within one second");
    assertTrue(maxInWindow >= 2, "the test sent in bursts: " + maxInWindow);
    assertEquals(1 + 2 * toggles, feed.metrics().connections().get(0).controlMessages());
  }

  /** Book check of one synthetic instrument against its bookTickers. */
  static final class BookCheck {
    final BinanceBookSync sync =
        new BinanceBookSync(
            new com.marketmaker.core.book.TreeMapOrderBook(), BinanceBookSync.Rule.SPOT);
    final Map<Long, long[]> topAfterDiff = new HashMap<>();
    final Map<Long, long[]> pending = new HashMap<>();
    int received;
    int matched;
    String mismatch;

    void onEvent(FeedEvent e) {
      if (e instanceof FeedEvent.Depth d) {
        received++;
        if (sync.onDepthUpdate(d.update()) == com.marketmaker.core.sync.BookSync.Outcome.APPLIED) {
          var b = sync.book();
          long[] top = {b.bestBid(), b.bestBidSize(), b.bestAsk(), b.bestAskSize()};
          topAfterDiff.put(d.update().finalUpdateId, top);
          long[] t = pending.remove(d.update().finalUpdateId);
          if (t != null) {
            compare(t, top);
          }
        }
      } else if (e instanceof FeedEvent.Ticker t) {
        received++;
        long[] ticker = {
          t.ticker().bidPrice, t.ticker().bidSize, t.ticker().askPrice, t.ticker().askSize
        };
        long[] top = topAfterDiff.get(t.ticker().updateId);
        if (top != null) {
          compare(ticker, top);
        } else {
          pending.put(t.ticker().updateId, ticker);
        }
      } else if (e instanceof FeedEvent.PublicTrade) {
        received++;
      }
    }

    private void compare(long[] a, long[] b) {
      for (int i = 0; i < 4; i++) {
        if (a[i] != b[i] && mismatch == null) {
          mismatch = "field " + i + ": ticker " + a[i] + " != book " + b[i];
        }
      }
      matched++;
    }
  }
}
