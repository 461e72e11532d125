package com.marketmaker.streams.kraken;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.actors.feed.FeedEvent;
import com.marketmaker.core.feed.DepthUpdate;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.simulator.kraken.KrakenVenueSimulator;
import com.marketmaker.simulator.socket.StreamVenueSettings;
import com.marketmaker.streams.feed.StreamFeedSettings;
import com.marketmaker.testsupport.Eventually;
import com.marketmaker.testsupport.SharedData;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The Kraken client against the Kraken simulator: snapshots, resubscription, refusal, reconnect.
 */
class KrakenMarketDataFeedTest {

  private static final ActorTestKit kit = ActorTestKit.create("kraken-feed");
  private static final InstrumentSpec XBT_CHF =
      InstrumentSpec.of(new InstrumentId(Venue.KRAKEN, "XBT-CHF"), "0.00001", "0.00000001");
  private static final InstrumentSpec XBT_USD =
      InstrumentSpec.of(new InstrumentId(Venue.KRAKEN, "XBT-USD"), "0.1", "0.00000001");

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
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

  @Test
  void snapshotsOnSubscribeOnRequestAndAfterAReconnectRefusalsFailTheRequest() throws Exception {
    try (KrakenVenueSimulator sim =
            KrakenVenueSimulator.start(
                kit.system(),
                StreamVenueSettings.defaults(SharedData.dir()).withSymbols(List.of("XBT/CHF")));
        KrakenMarketDataFeed feed =
            KrakenMarketDataFeed.start(
                kit.system(),
                StreamFeedSettings.fromConfig(Venue.KRAKEN, kit.system().settings().config())
                    .withWsUrl(sim.wsUrl())
                    .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)))) {
      TestProbe<FeedEvent> probe = kit.createTestProbe();
      feed.subscribe(XBT_CHF, probe.getRef());
      FeedEvent.Snapshot first = next(probe, FeedEvent.Snapshot.class);
      assertEquals(100, first.depth(), "the configured depth (reference.conf)");
      assertEquals(100, first.book().asks.count());
      assertEquals(100, first.book().bids.count());

      // A requested snapshot is a resubscription: the book comes again on the stream and the
      // request completes with a copy of it.
      DepthUpdate requested =
          feed.depthSnapshot(XBT_CHF, 1000).toCompletableFuture().get(30, TimeUnit.SECONDS);
      FeedEvent.Snapshot again = next(probe, FeedEvent.Snapshot.class);
      assertEquals(again.book().asks.price(0), requested.asks.price(0));
      assertEquals(again.book().bids.count(), requested.bids.count());
      assertEquals(1, feed.metrics().restRequests());

      // Updates flow with Kraken's checksum.
      sim.startReplay(5.0);
      FeedEvent.Depth d = next(probe, FeedEvent.Depth.class);
      assertTrue(d.checksum() >= 0, "checksum carried");

      // A pair the venue does not list: the subscription is refused and so is the request.
      TestProbe<FeedEvent> other = kit.createTestProbe();
      feed.subscribe(XBT_USD, other.getRef());
      ExecutionException refused =
          assertThrows(
              ExecutionException.class,
              () ->
                  feed.depthSnapshot(XBT_USD, 10).toCompletableFuture().get(30, TimeUnit.SECONDS));
      assertTrue(
          refused.getCause().getMessage().contains("Currency pair not supported"),
          refused.getCause().getMessage());
      assertTrue(feed.metrics().controlErrors() >= 1);

      // The venue drops the connection: Resync first, then the new subscription's snapshot.
      assertEquals(1, sim.disconnectAll());
      FeedEvent.Resync r = next(probe, FeedEvent.Resync.class);
      assertTrue(r.reason().contains("lost"), r.reason());
      next(probe, FeedEvent.Snapshot.class);
      assertEquals(1, feed.metrics().reconnects());
      assertEquals(0, feed.metrics().malformedFrames());

      // Truncated frames are counted and skipped; the connection stays up.
      sim.sendMalformed(2);
      Eventually.await(
          Duration.ofSeconds(30),
          Duration.ofMillis(20),
          () -> feed.metrics().malformedFrames() >= 2,
          "malformed frames counted");
      assertTrue(feed.metrics().connected());
    }
  }
}
