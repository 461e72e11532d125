package com.marketmaker.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.sync.BinanceBookSync;
import com.marketmaker.testsupport.Eventually;
import com.marketmaker.testsupport.SharedData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replays both spot BTCUSDT files (and ETHUSDT beside them) at max speed to real WebSocket clients:
 * a syncing client, a client that subscribes and unsubscribes live, and a raw {@code /ws} client
 * named in the URL.
 */
class SpotReplayTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> BTC_STREAMS =
      Set.of("btcusdt@depth@100ms", "btcusdt@bookTicker", "btcusdt@trade");
  private static final InstrumentSpec BTC =
      InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "BTCUSDT"), "0.01", "0.00000001");

  static ActorSystem<Void> system;
  static BinanceVenueSimulator sim;
  static Recorded btc;
  static Recorded eth;
  static BookSyncClient syncClient;
  static List<String> syncReceived = new ArrayList<>();
  static List<String> replies = new ArrayList<>();
  static List<String> tradeClientFrames = new ArrayList<>();
  static List<String> rawClientFrames = new ArrayList<>();
  static JsonNode status;

  @BeforeAll
  static void replayWholeCapture() throws Exception {
    system = ActorSystem.create(Behaviors.empty(), "spot-replay-test");
    // Replay fidelity, not the slow-consumer policy (ConnectionLimitsTest): each connection may
    // hold the whole capture, so a client starved of CPU on a loaded machine is not closed.
    Settings settings =
        Settings.defaults(SharedData.dir())
            .withSymbols(List.of("BTCUSDT", "ETHUSDT"), List.of())
            .withConnection(
                262_144, Duration.ofSeconds(60), Duration.ofSeconds(20), Duration.ofHours(24));
    sim = BinanceVenueSimulator.start(system, settings);
    int port = sim.spotPort();
    btc = Recorded.read(false, 0, "spot_btcusdt_20240808.gz", "spot_btcusdt_20240809.gz");
    eth = Recorded.read(false, 0, "spot_ethusdt_20240808.gz", "spot_ethusdt_20240809.gz");

    WsTestClient a = WsTestClient.connect(system, "ws://127.0.0.1:" + port + "/stream");
    replies.add(
        a.request(
            "{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@depth@100ms\",\"btcusdt@bookTicker\","
                + "\"btcusdt@trade\"],\"id\":1}"));

    WsTestClient b = WsTestClient.connect(system, "ws://127.0.0.1:" + port + "/stream");
    replies.add(
        b.request(
            "{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@trade\",\"ethusdt@trade\"],\"id\":7}"));
    replies.add(b.request("{\"method\":\"UNSUBSCRIBE\",\"params\":[\"ethusdt@trade\"],\"id\":8}"));
    replies.add(b.request("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":9}"));
    replies.add(b.request("{\"method\":\"SUBSCRIBEX\",\"params\":[],\"id\":10}"));
    replies.add(b.request("not json"));
    replies.add(b.request("{\"method\":\"SUBSCRIBE\",\"params\":\"btcusdt@trade\",\"id\":11}"));
    replies.add(b.request("{\"method\":\"SUBSCRIBE\",\"params\":[\"BTCUSDT@trade\"],\"id\":12}"));

    WsTestClient c =
        WsTestClient.connect(system, "ws://127.0.0.1:" + port + "/ws/ethusdt@depth@100ms");

    assertEquals(200, Rest.post(port, "/admin/replay/start?speed=max", "").statusCode());

    syncClient =
        new BookSyncClient(
            BTC,
            BinanceBookSync.Rule.SPOT,
            () -> Rest.ok(port, "/api/v3/depth?symbol=BTCUSDT&limit=5000"));
    int expected = btc.of(BTC_STREAMS).size();
    while (syncReceived.size() < expected) {
      String f = a.frames.poll(30, java.util.concurrent.TimeUnit.SECONDS);
      if (f == null) {
        throw new AssertionError(
            "received " + syncReceived.size() + " of " + expected + "; " + status(port));
      }
      syncReceived.add(f);
      syncClient.onFrame(f);
    }
    status =
        Eventually.poll(
            Duration.ofSeconds(60),
            Duration.ofMillis(100),
            () -> status(port),
            s -> "DONE".equals(s.path("state").asText()));
    int trades = btc.of(Set.of("btcusdt@trade")).size();
    while (tradeClientFrames.size() < trades) {
      tradeClientFrames.add(b.next(Duration.ofSeconds(30)));
    }
    int ethDiffs = eth.of(Set.of("ethusdt@depth@100ms")).size();
    while (rawClientFrames.size() < ethDiffs) {
      rawClientFrames.add(c.next(Duration.ofSeconds(30)));
    }
    Thread.sleep(200); // anything beyond the expected frames would be a failure; let it arrive
    a.frames.drainTo(syncReceived);
    b.frames.drainTo(tradeClientFrames);
    c.frames.drainTo(rawClientFrames);
  }

  private static JsonNode status(int port) throws Exception {
    return JSON.readTree(Rest.ok(port, "/admin/replay/status"));
  }

  @AfterAll
  static void shutdown() {
    sim.stop();
    system.terminate();
  }

  @Test
  void syncingClientStaysLiveWithZeroGapsAndMatchesEveryBookTicker() {
    BookSyncClient s = syncClient;
    System.out.printf(
        "spot BTCUSDT: %d diffs, %d trades, %d bookTickers, %d matched a diff's final id%n",
        s.diffs, s.trades, s.tickers, s.tickersMatched);
    assertNull(s.mismatch);
    assertEquals(0, s.sync.gapCount(), () -> "gap: " + s.sync.lastGapReason());
    assertEquals(1, s.sync.snapshotCount());
    assertTrue(s.sync.isLive());
    assertEquals(0, s.rejected);
    assertTrue(s.tickersMatched >= 300, "bookTickers matched: " + s.tickersMatched);
    assertTrue(s.diffs > 5000, "diffs " + s.diffs);
  }

  @Test
  void receivedFramesAreTheRecordedFramesInOrder() {
    List<String> expected = btc.of(BTC_STREAMS);
    assertEquals(expected.size(), syncReceived.size());
    for (int i = 0; i < expected.size(); i++) {
      int n = i;
      assertEquals(expected.get(i), syncReceived.get(i), () -> "frame " + n);
    }
  }

  @Test
  void statusCountsEveryReplayedFramePerStream() {
    assertTrue(status.path("done").asBoolean(), status::toString);
    assertEquals(btc.frames.size() + eth.frames.size(), status.path("total").asInt());
    assertEquals(status.path("total").asInt(), status.path("position").asInt());
    for (String stream : BTC_STREAMS) {
      assertEquals(
          btc.of(Set.of(stream)).size(), status.path("framesSent").path(stream).asInt(), stream);
    }
    assertEquals(
        eth.of(Set.of("ethusdt@depth@100ms")).size(),
        status.path("framesSent").path("ethusdt@depth@100ms").asInt());
  }

  @Test
  void subscriptionRepliesAreBinances() throws Exception {
    assertEquals("{\"result\":null,\"id\":1}", replies.get(0));
    assertEquals("{\"result\":null,\"id\":7}", replies.get(1));
    assertEquals("{\"result\":null,\"id\":8}", replies.get(2));
    assertEquals("{\"result\":[\"btcusdt@trade\"],\"id\":9}", replies.get(3));
    JsonNode unknown = JSON.readTree(replies.get(4));
    assertEquals(2, unknown.path("error").path("code").asInt());
    assertEquals(10, unknown.path("id").asInt());
    assertEquals(3, JSON.readTree(replies.get(5)).path("error").path("code").asInt());
    assertEquals(2, JSON.readTree(replies.get(6)).path("error").path("code").asInt());
    assertEquals(2, JSON.readTree(replies.get(7)).path("error").path("code").asInt());
  }

  @Test
  void unsubscribedStreamIsNotReceived() {
    List<String> trades = btc.of(Set.of("btcusdt@trade"));
    assertEquals(trades, tradeClientFrames);
    assertTrue(tradeClientFrames.stream().noneMatch(f -> f.contains("ethusdt")));
    assertTrue(syncReceived.stream().noneMatch(f -> f.contains("ethusdt")));
  }

  @Test
  void rawConnectionGetsPayloadsWithoutEnvelope() {
    List<String> recorded = eth.of(Set.of("ethusdt@depth@100ms"));
    assertEquals(recorded.size(), rawClientFrames.size());
    String prefix = "{\"stream\":\"ethusdt@depth@100ms\",\"data\":";
    for (int i = 0; i < recorded.size(); i++) {
      String r = recorded.get(i);
      assertEquals(r.substring(prefix.length(), r.length() - 1), rawClientFrames.get(i));
    }
  }
}
