package com.marketmaker.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.simulator.replay.ReplayEngine;
import com.marketmaker.testsupport.SharedData;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A slow reader is closed without holding up the replay or others; connections age out. */
class ConnectionLimitsTest {

  // Small socket buffers so a reader that stops reading fills its connection quickly.
  static ActorSystem<Void> system =
      ActorSystem.create(
          Behaviors.empty(),
          "connection-limits-test",
          ConfigFactory.parseString(
                  "pekko.http.server.socket-options.so-send-buffer-size = 8k\n"
                      + "pekko.http.client.socket-options.so-receive-buffer-size = 8k")
              .withFallback(ConfigFactory.load()));

  @AfterAll
  static void shutdown() {
    system.terminate();
  }

  @Test
  void slowConnectionIsClosedAndCountedWhileOthersGetEveryFrame() throws Exception {
    Settings s =
        Settings.defaults(SharedData.dir())
            .withSymbols(List.of("BTCUSDT"), List.of())
            .withMaxFramesPerSymbol(5000)
            // A reader stalled for 3 s is closed: long enough that the healthy reader, starved of
            // CPU on a busy machine, is never taken for a slow one; the stalled one never reads.
            .withConnection(64, Duration.ofSeconds(3), Duration.ofSeconds(20), Duration.ofHours(1));
    String streams = "/stream?streams=btcusdt@depth@100ms/btcusdt@bookTicker/btcusdt@trade";
    try (BinanceVenueSimulator sim = BinanceVenueSimulator.start(system, s)) {
      WsTestClient stalled =
          WsTestClient.connect(system, "ws://127.0.0.1:" + sim.spotPort() + streams, true);
      WsTestClient healthy =
          WsTestClient.connect(system, "ws://127.0.0.1:" + sim.spotPort() + streams);
      sim.startReplay(Dialect.SPOT, Double.POSITIVE_INFINITY);
      List<String> expected =
          Recorded.read(false, 5000, "spot_btcusdt_20240808.gz")
              .of(Set.of("btcusdt@depth@100ms", "btcusdt@bookTicker", "btcusdt@trade"));
      for (int i = 0; i < expected.size(); i++) {
        assertEquals(expected.get(i), healthy.next(Duration.ofSeconds(30)), "frame " + i);
      }
      ReplayEngine.Status st = ReplayEngineStatusCheck.done(sim, Dialect.SPOT);
      assertEquals(1, st.overflowCloses(), st.toString());
      assertEquals(1, st.openConnections());
      // The stalled reader cannot see the abort (it reads nothing); the server has dropped it.
      assertTrue(stalled.frames.isEmpty());
    }
  }

  @Test
  void connectionIsClosedAtTheEndOfItsLifetime() throws Exception {
    Settings s =
        Settings.defaults(SharedData.dir())
            .withSymbols(List.of("BTCUSDT"), List.of())
            .withMaxFramesPerSymbol(10)
            .withConnection(
                64, Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(1));
    try (BinanceVenueSimulator sim = BinanceVenueSimulator.start(system, s)) {
      WsTestClient ws = WsTestClient.connect(system, "ws://127.0.0.1:" + sim.spotPort() + "/ws");
      ws.closed.get(20, TimeUnit.SECONDS);
      assertEquals(1, sim.status(Dialect.SPOT).lifetimeCloses());
    }
  }
}
