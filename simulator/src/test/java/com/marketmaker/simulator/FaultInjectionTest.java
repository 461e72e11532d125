package com.marketmaker.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketmaker.core.feed.BinanceDecoder;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.sync.BinanceBookSync;
import com.marketmaker.testsupport.Eventually;
import com.marketmaker.testsupport.SharedData;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each fault of {@code POST /admin/faults} has its effect on a real client; bad input is 400. */
class FaultInjectionTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final InstrumentSpec BTC =
      InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "BTCUSDT"), "0.01", "0.00000001");
  private static final String ALL_BTC =
      "/stream?streams=btcusdt@depth@100ms/btcusdt@bookTicker/btcusdt@trade";

  static ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "fault-test");
  BinanceVenueSimulator sim;
  int port;

  @BeforeEach
  void start() {
    // The first 4000 frames of spot BTCUSDT: about 25 s at the recorded pace.
    sim =
        BinanceVenueSimulator.start(
            system,
            Settings.defaults(SharedData.dir())
                .withSymbols(List.of("BTCUSDT"), List.of())
                .withMaxFramesPerSymbol(4000));
    port = sim.spotPort();
  }

  @AfterEach
  void stop() {
    sim.stop();
  }

  @AfterAll
  static void shutdown() {
    system.terminate();
  }

  private HttpResponse<String> fault(String body) throws Exception {
    return Rest.post(port, "/admin/faults", body);
  }

  private BookSyncClient syncClient() {
    return new BookSyncClient(
        BTC,
        BinanceBookSync.Rule.SPOT,
        () -> Rest.ok(port, "/api/v3/depth?symbol=BTCUSDT&limit=1000"));
  }

  private static void feedUntil(
      WsTestClient ws, BookSyncClient c, java.util.function.BooleanSupplier done) throws Exception {
    ws.readUntil(c::onFrame, done, Duration.ofSeconds(30));
  }

  @Test
  void droppedDiffsAreASequenceGapForClientsWhileTheSnapshotStaysConsistent() throws Exception {
    WsTestClient ws = WsTestClient.connect(system, "ws://127.0.0.1:" + port + ALL_BTC);
    BookSyncClient c = syncClient();
    sim.startReplay(Dialect.SPOT, 1.0);
    feedUntil(ws, c, () -> c.sync.isLive() && c.sync.appliedCount() >= 3);
    assertEquals(0, c.sync.gapCount());

    assertEquals(
        200, fault("{\"type\":\"dropDiffs\",\"symbol\":\"BTCUSDT\",\"count\":2}").statusCode());
    feedUntil(ws, c, () -> c.sync.gapCount() == 1);
    assertTrue(c.sync.lastGapReason().startsWith("diff U="), c.sync.lastGapReason());

    // The simulator's own book applied the dropped diffs: a fresh snapshot resyncs the client.
    c.resync();
    long applied = c.sync.appliedCount();
    feedUntil(ws, c, () -> c.sync.isLive() && c.sync.appliedCount() >= applied + 3);
    assertEquals(1, c.sync.gapCount());
    assertEquals(2, sim.status(Dialect.SPOT).droppedDiffs());
  }

  @Test
  void disconnectClosesEveryConnection() throws Exception {
    WsTestClient a = WsTestClient.connect(system, "ws://127.0.0.1:" + port + "/ws");
    WsTestClient b = WsTestClient.connect(system, "ws://127.0.0.1:" + port + ALL_BTC);
    HttpResponse<String> r = fault("{\"type\":\"disconnect\"}");
    assertEquals(200, r.statusCode());
    assertEquals(2, JSON.readTree(r.body()).path("connections").asInt());
    a.closed.get(10, TimeUnit.SECONDS);
    b.closed.get(10, TimeUnit.SECONDS);
    assertEquals(2, sim.status(Dialect.SPOT).faultDisconnects());
  }

  @Test
  void malformedFramesArriveAndFailToDecode() throws Exception {
    WsTestClient ws = WsTestClient.connect(system, "ws://127.0.0.1:" + port + ALL_BTC);
    assertEquals(200, fault("{\"type\":\"malformedFrames\",\"count\":3}").statusCode());
    BinanceDecoder decoder = new BinanceDecoder(BTC);
    for (int i = 0; i < 3; i++) {
      String f = ws.next(Duration.ofSeconds(10));
      assertEquals(
          BinanceDecoder.Kind.REJECTED, decoder.decode(f.getBytes(StandardCharsets.UTF_8)), f);
    }
    assertEquals(3, decoder.rejections().total());
    assertEquals(3, sim.status(Dialect.SPOT).malformedFramesSent());
  }

  @Test
  void staleSnapshotHasAnOlderLastUpdateId() throws Exception {
    long recorded = depthId();
    sim.startReplay(Dialect.SPOT, 50.0);
    Eventually.poll(
        Duration.ofSeconds(15),
        Duration.ofMillis(50),
        () -> sim.status(Dialect.SPOT).lastUpdateId().get("BTCUSDT"),
        id -> id != recorded);
    long fresh = depthId();
    assertTrue(fresh > recorded);
    assertEquals(200, fault("{\"type\":\"staleSnapshot\",\"symbol\":\"BTCUSDT\"}").statusCode());
    long stale = depthId();
    assertTrue(stale < fresh, "stale " + stale + " not older than " + fresh);
    assertTrue(depthId() >= fresh, "only the next snapshot is stale");
    assertEquals(1, sim.status(Dialect.SPOT).staleSnapshotsServed());
  }

  private long depthId() throws Exception {
    return JSON.readTree(Rest.ok(port, "/api/v3/depth?symbol=BTCUSDT&limit=5"))
        .path("lastUpdateId")
        .asLong();
  }

  @Test
  void delayHoldsTheNextFrame() throws Exception {
    WsTestClient ws = WsTestClient.connect(system, "ws://127.0.0.1:" + port + ALL_BTC);
    sim.startReplay(Dialect.SPOT, 1.0);
    for (int i = 0; i < 10; i++) {
      ws.next(Duration.ofSeconds(10));
    }
    assertEquals(200, fault("{\"type\":\"delay\",\"millis\":1500,\"frames\":1}").statusCode());
    // A lower bound only: the replay held one frame 1.5 s, so some gap between arrivals is at
    // least about that long (recorded gaps in this window are far shorter).
    long last = System.nanoTime();
    long maxGap = 0;
    long until = last + TimeUnit.SECONDS.toNanos(4);
    while (System.nanoTime() < until) {
      String f = ws.frames.poll(100, TimeUnit.MILLISECONDS);
      long now = System.nanoTime();
      if (f != null) {
        maxGap = Math.max(maxGap, now - last);
        last = now;
      }
    }
    assertTrue(TimeUnit.NANOSECONDS.toMillis(maxGap) >= 1000, "max gap " + maxGap / 1_000_000);
    assertEquals(1, sim.status(Dialect.SPOT).framesDelayed());
  }

  @Test
  void badAdminInputIsRejectedWith400() throws Exception {
    for (String body :
        List.of(
            "not json",
            "[]",
            "{}",
            "{\"type\":\"nope\"}",
            "{\"type\":\"dropDiffs\",\"symbol\":\"BTCUSDT\"}",
            "{\"type\":\"dropDiffs\",\"symbol\":\"XRPUSDT\",\"count\":1}",
            "{\"type\":\"dropDiffs\",\"symbol\":\"BTCUSDT\",\"count\":-1}",
            "{\"type\":\"dropDiffs\",\"symbol\":\"BTCUSDT\",\"count\":1.5}",
            "{\"type\":\"delay\",\"millis\":\"x\"}",
            "{\"type\":\"delay\",\"millis\":100,\"frames\":0}",
            "{\"type\":\"disconnect\",\"extra\":1}")) {
      HttpResponse<String> r = fault(body);
      assertEquals(400, r.statusCode(), body);
      JsonNode err = JSON.readTree(r.body());
      assertTrue(err.path("error").asText().length() > 10, r.body());
    }
    for (String speed : List.of("abc", "0", "-1", "NaN", "1e9")) {
      assertEquals(
          400, Rest.post(port, "/admin/replay/start?speed=" + speed, "").statusCode(), speed);
    }
    assertEquals(200, Rest.post(port, "/admin/replay/start?speed=max", "").statusCode());
    assertEquals(409, Rest.post(port, "/admin/replay/start?speed=max", "").statusCode());
  }
}
