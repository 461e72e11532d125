package com.marketmaker.backtest.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.marketmaker.core.engine.VenueBook;
import com.marketmaker.core.feed.DepthUpdate;
import com.marketmaker.core.feed.KrakenBookMessage;
import com.marketmaker.core.feed.KrakenDecoder;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.testsupport.SharedData;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kraken capture converted to an event file: it replays exactly what a plain decode of the text
 * gives, and the books rebuilt from it through {@link VenueBook} reproduce every one of Kraken's
 * 4,269 checksums.
 */
class KrakenEventFileTest {

  @TempDir Path dir;

  private Path convert(List<InstrumentSpec> pairs) throws IOException {
    Path file = dir.resolve("kraken.events");
    EventFiles.Conversion c =
        EventFiles.convertKraken(pairs, SharedData.file(Captures.KRAKEN_FILE), file);
    assertEquals(pairs, c.instruments());
    assertFalse(c.captureTruncated());
    return file;
  }

  @Test
  void theEventFileReplaysExactlyTheDecodedText() throws IOException {
    List<InstrumentSpec> pairs = Captures.krakenPairs();
    Path file = convert(pairs);
    Map<String, InstrumentSpec> byPair = new HashMap<>();
    for (InstrumentSpec s : pairs) {
      byPair.put(s.id().symbol().replace('-', '/'), s);
    }
    KrakenDecoder decoder = new KrakenDecoder(byPair::get);
    DepthUpdate expected = new DepthUpdate();
    int events = 0;
    int snapshots = 0;
    try (EventFileReader r = EventFiles.open(file);
        KrakenCaptureReader text =
            new KrakenCaptureReader(pairs, SharedData.file(Captures.KRAKEN_FILE));
        BufferedReader lines = SharedData.reader(Captures.KRAKEN_FILE)) {
      assertEquals(pairs, r.instruments());
      int lineNumber = 0;
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        lineNumber++;
        if (line.isEmpty() || !Character.isDigit(line.charAt(0))) {
          continue;
        }
        int colon = line.indexOf(": ");
        long nanos =
            new java.math.BigDecimal(line.substring(0, colon)).movePointRight(9).longValue();
        KrakenDecoder.Kind kind =
            decoder.decode(line.substring(colon + 2).getBytes(StandardCharsets.UTF_8));
        if (kind == KrakenDecoder.Kind.REJECTED) {
          fail("line " + lineNumber + ": " + decoder.rejections().lastDetail());
        }
        if (kind != KrakenDecoder.Kind.BOOK) {
          continue;
        }
        KrakenBookMessage m = decoder.book();
        int index = pairs.indexOf(m.spec);
        expected.clear();
        expected.bids.copyFrom(m.bids);
        expected.asks.copyFrom(m.asks);
        EventKind k = m.snapshot ? EventKind.STREAM_SNAPSHOT : EventKind.DEPTH;
        // The capture subscribed every pair at depth 1000 ("book-1000").
        int depth = m.snapshot ? 1000 : 0;
        long checksum = m.checksum == KrakenBookMessage.NO_CHECKSUM ? -1 : m.checksum;
        for (MarketEventSource source : List.of(r, text)) {
          String where = "line " + lineNumber + " (" + source.getClass().getSimpleName() + ")";
          MarketEvent e = source.next();
          SameEvents.header(where, k, nanos, index, e);
          SameEvents.book(where, expected, checksum, depth, e);
        }
        events++;
        snapshots += m.snapshot ? 1 : 0;
      }
      assertNull(r.next());
      assertNull(text.next());
    }
    assertEquals(10, snapshots);
    assertTrue(events > 4_269, "book messages: " + events);
  }

  @Test
  void booksRebuiltFromTheEventFileReproduceEveryChecksum() throws IOException {
    List<InstrumentSpec> pairs = Captures.krakenPairs();
    Path file = convert(pairs);
    List<VenueBook> books = new ArrayList<>();
    for (InstrumentSpec s : pairs) {
      books.add(VenueBook.create(s));
    }
    long checksummed = 0;
    try (EventFileReader r = EventFiles.open(file)) {
      for (MarketEvent e = r.next(); e != null; e = r.next()) {
        VenueBook book = books.get(e.instrument);
        String what = e.toString();
        assertFalse(e.applyTo(book), what);
        assertTrue(book.trusted(), what);
        if (e.kind == EventKind.DEPTH && e.checksum != MarketEvent.NO_CHECKSUM) {
          checksummed++;
        }
      }
    }
    long verified = 0;
    for (int i = 0; i < books.size(); i++) {
      VenueBook.Status s = books.get(i).status(null);
      assertEquals(0, s.checksumsFailed(), pairs.get(i).id() + ": " + s.lastGap());
      assertEquals(0, s.gaps(), pairs.get(i).id() + ": " + s.lastGap());
      assertEquals(1, s.snapshots(), pairs.get(i).id().toString());
      verified += s.checksumsVerified();
    }
    assertEquals(4_269, checksummed, "checksummed updates in the recording");
    assertEquals(4_269, verified, "checksums reproduced");
  }

  @Test
  void aReaderGivesOnlyThePairsAskedFor() throws IOException {
    List<InstrumentSpec> all = Captures.krakenPairs();
    List<InstrumentSpec> two = List.of(all.get(3), all.get(7));
    int[] perInstrument = new int[2];
    long previous = Long.MIN_VALUE;
    try (KrakenCaptureReader r =
        new KrakenCaptureReader(two, SharedData.file(Captures.KRAKEN_FILE))) {
      assertEquals(two, r.instruments());
      for (MarketEvent e = r.next(); e != null; e = r.next()) {
        perInstrument[e.instrument]++;
        assertTrue(e.receivedNanos >= previous);
        previous = e.receivedNanos;
      }
    }
    assertTrue(perInstrument[0] > 1 && perInstrument[1] > 1);
  }
}
