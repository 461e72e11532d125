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
import com.marketmaker.testsupport.SharedData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Replays the USD-M BTCUSDT capture at max speed to a client syncing with the {@code pu} rule. */
class UsdmReplayTest {

  private static final Set<String> STREAMS =
      Set.of("btcusdt@depth@0ms", "btcusdt@bookTicker", "btcusdt@trade");
  private static final InstrumentSpec BTC =
      InstrumentSpec.of(new InstrumentId(Venue.BINANCE_USDM, "BTCUSDT"), "0.10", "0.001");

  static ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "usdm-replay-test");

  @AfterAll
  static void shutdown() {
    system.terminate();
  }

  @Test
  void syncingClientStaysLiveWithZeroGapsAndMatchesEveryBookTicker() throws Exception {
    Settings settings =
        Settings.defaults(SharedData.dir())
            .withSymbols(List.of(), List.of("BTCUSDT"))
            .withConnection(
                4096, Duration.ofSeconds(60), Duration.ofSeconds(20), Duration.ofHours(1));
    try (BinanceVenueSimulator sim = BinanceVenueSimulator.start(system, settings)) {
      int port = sim.usdmPort();
      assertEquals(-1, sim.spotPort());
      Recorded rec = Recorded.read(true, 0, "usdm_btcusdt_20240808.gz");
      WsTestClient ws = WsTestClient.connect(system, "ws://127.0.0.1:" + port + "/ws");
      assertEquals(
          "{\"result\":null,\"id\":\"a1\"}",
          ws.request(
              "{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@depth@0ms\",\"btcusdt@bookTicker\","
                  + "\"btcusdt@trade\"],\"id\":\"a1\"}"));
      assertEquals(
          "{\"result\":null,\"id\":2}",
          ws.request("{\"method\":\"SET_PROPERTY\",\"params\":[\"combined\",true],\"id\":2}"));
      assertEquals(
          "{\"result\":true,\"id\":3}",
          ws.request("{\"method\":\"GET_PROPERTY\",\"params\":[\"combined\"],\"id\":3}"));
      sim.startReplay(Dialect.USDM, Double.POSITIVE_INFINITY);

      BookSyncClient client =
          new BookSyncClient(
              BTC,
              BinanceBookSync.Rule.USDM_FUTURES,
              () -> Rest.ok(port, "/fapi/v1/depth?symbol=BTCUSDT&limit=1000"));
      List<String> expected = rec.of(STREAMS);
      List<String> received = new ArrayList<>(expected.size());
      while (received.size() < expected.size()) {
        String f = ws.frames.poll(30, TimeUnit.SECONDS);
        if (f == null) {
          throw new AssertionError(
              "received "
                  + received.size()
                  + " of "
                  + expected.size()
                  + "; "
                  + sim.status(Dialect.USDM));
        }
        received.add(f);
        client.onFrame(f);
      }
      System.out.printf(
          "USD-M BTCUSDT: %d diffs, %d trades, %d bookTickers, %d matched a diff's final id%n",
          client.diffs, client.trades, client.tickers, client.tickersMatched);
      assertNull(client.mismatch);
      assertEquals(0, client.sync.gapCount(), () -> "gap: " + client.sync.lastGapReason());
      assertEquals(1, client.sync.snapshotCount());
      assertTrue(client.sync.isLive());
      assertEquals(0, client.rejected);
      assertTrue(client.tickersMatched >= 300, "bookTickers matched: " + client.tickersMatched);
      assertEquals(expected, received);

      JsonNode snapshot =
          new ObjectMapper().readTree(Rest.ok(port, "/fapi/v1/depth?symbol=BTCUSDT&limit=5"));
      assertEquals(client.sync.lastUpdateId(), snapshot.path("lastUpdateId").asLong());
      assertTrue(snapshot.path("E").asLong() > 0 && snapshot.path("T").asLong() > 0);
      assertEquals(5, snapshot.path("bids").size());
      String bestBid = snapshot.path("bids").get(0).get(0).asText();
      assertTrue(bestBid.matches("\\d+\\.\\d{2}"), "USD-M BTCUSDT prints 2 decimals: " + bestBid);
      assertEquals(client.sync.book().bestBid(), BTC.priceToTicks(bestBid));
      ReplayEngineStatusCheck.done(sim, Dialect.USDM);
    }
  }
}
