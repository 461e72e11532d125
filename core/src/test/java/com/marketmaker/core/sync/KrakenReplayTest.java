package com.marketmaker.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.book.PriceLadderOrderBook;
import com.marketmaker.core.book.Side;
import com.marketmaker.core.feed.KrakenBookMessage;
import com.marketmaker.core.feed.KrakenDecoder;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.testsupport.RecordedInstruments;
import com.marketmaker.testsupport.SharedData;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Replays the recorded Kraken book-1000 feed and verifies Kraken's own CRC32 checksums. */
class KrakenReplayTest {

  private static InstrumentSpec spec(String pair) {
    RecordedInstruments.TickLot t = RecordedInstruments.kraken(pair);
    if (t == null) {
      return null;
    }
    // XMR/USD trades on a 0.01 grid although Kraken prints 8 decimals: exercises the rescaling.
    String tick = pair.equals("XMR/USD") ? "0.01" : t.tick();
    return InstrumentSpec.of(new InstrumentId(Venue.KRAKEN, pair.replace('/', '-')), tick, t.lot());
  }

  private static List<byte[]> messages() throws IOException {
    return SharedData.receivedMessages("cryptofeed/KRAKEN.ws.50.0");
  }

  private static final class Books {
    final Map<String, KrakenBookSync> byPair = new HashMap<>();

    KrakenBookSync of(InstrumentSpec spec) {
      return byPair.computeIfAbsent(
          spec.id().symbol(),
          s -> {
            String pair = s.replace('-', '/');
            return new KrakenBookSync(
                new PriceLadderOrderBook(),
                1000,
                new KrakenChecksum(spec, RecordedInstruments.kraken(pair).priceDecimals(), 8));
          });
    }
  }

  @Test
  void everyChecksummedUpdateVerifies() throws IOException {
    KrakenDecoder decoder = new KrakenDecoder(KrakenReplayTest::spec);
    Books books = new Books();
    int checksummed = 0;
    int snapshots = 0;
    for (byte[] m : messages()) {
      KrakenDecoder.Kind kind = decoder.decode(m);
      assertTrue(
          kind != KrakenDecoder.Kind.REJECTED,
          () -> decoder.rejections().lastDetail() + " in " + new String(m));
      if (kind != KrakenDecoder.Kind.BOOK) {
        continue;
      }
      KrakenBookMessage b = decoder.book();
      KrakenBookSync sync = books.of(b.spec);
      if (b.snapshot) {
        snapshots++;
      }
      if (b.checksum != KrakenBookMessage.NO_CHECKSUM) {
        checksummed++;
      }
      BookSync.Outcome o = sync.onMessage(b);
      assertEquals(BookSync.Outcome.APPLIED, o, () -> sync.lastGapReason() + " " + new String(m));
      assertTrue(sync.isLive());
    }
    long verified = books.byPair.values().stream().mapToLong(KrakenBookSync::verifiedCount).sum();
    assertEquals(10, snapshots);
    assertEquals(4269, checksummed, "checksummed updates in the recording");
    assertEquals(4269, verified);
    for (KrakenBookSync s : books.byPair.values()) {
      assertEquals(0, s.gapCount());
      assertTrue(s.book().levelCount(Side.BID) > 10);
    }
  }

  @Test
  void corruptedLevelFailsTheChecksum() throws IOException {
    KrakenDecoder decoder = new KrakenDecoder(KrakenReplayTest::spec);
    Books books = new Books();
    int corrupted = 0;
    Map<String, Integer> updatesSeen = new HashMap<>();
    for (byte[] m : messages()) {
      if (decoder.decode(m) != KrakenDecoder.Kind.BOOK) {
        continue;
      }
      KrakenBookMessage b = decoder.book();
      KrakenBookSync sync = books.of(b.spec);
      if (!b.snapshot && b.checksum != KrakenBookMessage.NO_CHECKSUM && sync.isLive()) {
        // Each pair is corrupted once, at its 50th checksummed update.
        if (updatesSeen.merge(b.spec.id().symbol(), 1, Integer::sum) == 50) {
          // One lot more at the best bid, as if an earlier update had been mis-applied.
          var book = sync.book();
          book.apply(Side.BID, book.bestBid(), book.bestBidSize() + 1);
          assertEquals(BookSync.Outcome.GAP, sync.onMessage(b));
          assertEquals(SyncStatus.GAP_NEEDS_SNAPSHOT, sync.status());
          assertTrue(sync.lastGapReason().startsWith("checksum"));
          corrupted++;
          // Updates are refused until the next snapshot.
          continue;
        }
      }
      sync.onMessage(b);
    }
    assertTrue(corrupted >= 5, "corruptions injected: " + corrupted);
    long gaps = books.byPair.values().stream().mapToLong(KrakenBookSync::gapCount).sum();
    assertEquals(corrupted, gaps);
  }
}
