package com.marketmaker.backtest.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.testsupport.SharedData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event files merged into one run: receive times never decrease, every event of every file comes
 * exactly once, in the order of a stable sort by receive time of the files' events concatenated in
 * the order given (so ties go to the file listed first), with instruments numbered across the run.
 */
class MergedEventSourceTest {

  @TempDir static Path dir;

  static Path spotBtc;
  static Path spotEth;
  static Path usdmBtc;
  static Path kraken;

  @BeforeAll
  static void convert() throws IOException {
    spotBtc = dir.resolve("spot_btc.events");
    spotEth = dir.resolve("spot_eth.events");
    usdmBtc = dir.resolve("usdm_btc.events");
    kraken = dir.resolve("kraken.events");
    Captures.Binance b = Captures.SPOT_BTC_CAPTURE;
    EventFiles.convertBinance(b.spec(), b.paths(), spotBtc);
    b = Captures.SPOT_ETH_CAPTURE;
    EventFiles.convertBinance(b.spec(), b.paths(), spotEth);
    b = Captures.USDM_BTC_CAPTURE;
    EventFiles.convertBinance(b.spec(), b.paths(), usdmBtc);
    EventFiles.convertKraken(Captures.krakenPairs(), SharedData.file(Captures.KRAKEN_FILE), kraken);
  }

  /** An event as a source gave it: where from, when, its run-wide instrument, its content. */
  record Seen(int source, long nanos, InstrumentId instrument, long fingerprint) {}

  /** A hash of every field of the event except its instrument index. */
  static long fingerprint(MarketEvent e) {
    long h = e.kind.code();
    h = 31 * h + e.receivedNanos;
    switch (e.kind) {
      case SNAPSHOT, DEPTH, STREAM_SNAPSHOT -> {
        h = 31 * h + e.depth.firstUpdateId;
        h = 31 * h + e.depth.finalUpdateId;
        h = 31 * h + e.depth.previousFinalUpdateId;
        h = 31 * h + e.depth.eventTimeMillis;
        h = 31 * h + e.checksum;
        h = 31 * h + e.bookDepth;
        for (int i = 0; i < e.depth.bids.count(); i++) {
          h = 31 * (31 * h + e.depth.bids.price(i)) + e.depth.bids.size(i);
        }
        h = 31 * h + e.depth.bids.count();
        for (int i = 0; i < e.depth.asks.count(); i++) {
          h = 31 * (31 * h + e.depth.asks.price(i)) + e.depth.asks.size(i);
        }
      }
      case TRADE -> {
        h = 31 * h + e.trade.tradeId;
        h = 31 * h + e.trade.price;
        h = 31 * h + e.trade.size;
        h = 31 * h + (e.trade.buyerAggressor ? 1 : 0);
        h = 31 * h + e.trade.tradeTimeMillis;
      }
      case BOOK_TICKER -> {
        h = 31 * h + e.ticker.updateId;
        h = 31 * h + e.ticker.bidPrice;
        h = 31 * h + e.ticker.bidSize;
        h = 31 * h + e.ticker.askPrice;
        h = 31 * h + e.ticker.askSize;
      }
    }
    return h;
  }

  /** The expected run: every file read on its own, concatenated, stably sorted by time. */
  static List<Seen> expected(List<Path> files) throws IOException {
    List<Seen> all = new ArrayList<>();
    for (int s = 0; s < files.size(); s++) {
      try (EventFileReader r = EventFiles.open(files.get(s))) {
        for (MarketEvent e = r.next(); e != null; e = r.next()) {
          all.add(
              new Seen(s, e.receivedNanos, r.instruments().get(e.instrument).id(), fingerprint(e)));
        }
      }
    }
    all.sort(Comparator.comparingLong(Seen::nanos)); // List.sort is stable
    return all;
  }

  /** The event the merge returned last, as seen. */
  static Seen seen(MergedEventSource m, MarketEvent e) {
    return new Seen(
        m.lastSource(), e.receivedNanos, m.instruments().get(e.instrument).id(), fingerprint(e));
  }

  static List<Seen> merged(MergedEventSource m) throws IOException {
    List<Seen> out = new ArrayList<>();
    long previous = Long.MIN_VALUE;
    for (MarketEvent e = m.next(); e != null; e = m.next()) {
      assertTrue(
          e.receivedNanos >= previous,
          "receive time went back from " + previous + " to " + e.receivedNanos);
      previous = e.receivedNanos;
      out.add(seen(m, e));
    }
    assertNull(m.next());
    assertEquals(-1, m.lastSource());
    return out;
  }

  @Test
  void threeOverlappingCapturesComeInReceiveTimeOrderEachEventOnce() throws IOException {
    List<Path> files = List.of(spotBtc, usdmBtc, spotEth);
    List<Seen> got;
    try (MergedEventSource m = EventFiles.merge(files)) {
      assertEquals(
          List.of(Captures.SPOT_BTC, Captures.USDM_BTC, Captures.SPOT_ETH), m.instruments());
      got = merged(m);
    }
    List<Seen> want = expected(files);
    assertEquals(want.size(), got.size(), "events");
    for (int i = 0; i < want.size(); i++) {
      assertEquals(want.get(i), got.get(i), "merged event " + i);
    }
    // The captures overlap in time: the merge interleaves them.
    long switches = 0;
    for (int i = 1; i < got.size(); i++) {
      switches += got.get(i).source() != got.get(i - 1).source() ? 1 : 0;
    }
    assertTrue(switches > 10_000, "source switches: " + switches);
  }

  /** The run read with {@link MergedEventSource#next(MarketEvent)} into two events in turn. */
  static List<Seen> mergedInto(MergedEventSource m) throws IOException {
    List<Seen> out = new ArrayList<>();
    MarketEvent[] mine = {new MarketEvent(), new MarketEvent()};
    MarketEvent previous = null;
    long previousFingerprint = 0;
    for (int i = 0; m.next(mine[i & 1]); i++) {
      MarketEvent e = mine[i & 1];
      if (previous != null) {
        assertEquals(previousFingerprint, fingerprint(previous), "the caller's last event moved");
        assertTrue(e.receivedNanos >= previous.receivedNanos, "receive time went back");
      }
      out.add(seen(m, e));
      previous = e;
      previousFingerprint = fingerprint(e);
    }
    assertFalse(m.next(new MarketEvent()));
    assertEquals(-1, m.lastSource());
    return out;
  }

  /** The same source, without its ability to peek: a merge of it copies each event. */
  static MarketEventSource withoutPeeking(MarketEventSource s) {
    return new MarketEventSource() {
      @Override
      public List<InstrumentSpec> instruments() {
        return s.instruments();
      }

      @Override
      public MarketEvent next() throws IOException {
        return s.next();
      }

      @Override
      public void close() throws IOException {
        s.close();
      }
    };
  }

  @Test
  void decodingStraightIntoTheCallersEventGivesTheRunThatCopyingGives() throws IOException {
    List<Path> files = List.of(spotBtc, usdmBtc, spotEth);
    List<Seen> want = expected(files);
    try (MergedEventSource m = EventFiles.merge(files)) {
      assertEquals(want, mergedInto(m), "event files, decoded straight into the caller's events");
    }
    List<MarketEventSource> copying = new ArrayList<>();
    for (Path f : files) {
      copying.add(withoutPeeking(EventFiles.open(f)));
    }
    try (MergedEventSource m = new MergedEventSource(copying)) {
      assertEquals(want, mergedInto(m), "the same files through sources that cannot peek");
    }
    // One source that cannot peek puts the whole merge on copies, with the same run.
    try (MergedEventSource m =
        new MergedEventSource(
            List.of(
                EventFiles.open(spotBtc),
                withoutPeeking(EventFiles.open(usdmBtc)),
                EventFiles.open(spotEth)))) {
      assertEquals(want, mergedInto(m), "a merge with one source that cannot peek");
    }
  }

  @Test
  void instrumentsAreNumberedAcrossTheRun() throws IOException {
    try (MergedEventSource m = EventFiles.merge(List.of(kraken, spotEth, spotBtc))) {
      List<InstrumentSpec> want = new ArrayList<>(Captures.krakenPairs());
      want.add(Captures.SPOT_ETH);
      want.add(Captures.SPOT_BTC);
      assertEquals(want, m.instruments());
      int[] counts = new int[want.size()];
      for (MarketEvent e = m.next(); e != null; e = m.next()) {
        counts[e.instrument]++;
        assertEquals(m.lastSource() == 0, e.instrument < 10);
      }
      for (int i = 0; i < counts.length; i++) {
        assertTrue(counts[i] > 0, "no events of " + want.get(i).id());
      }
    }
  }

  @Test
  void equalTimesGoToTheSourceListedFirstAndAnInstrumentKeepsOneIndex() throws IOException {
    List<Path> files = List.of(spotEth, spotEth);
    List<Seen> got;
    try (MergedEventSource m = EventFiles.merge(files)) {
      assertEquals(List.of(Captures.SPOT_ETH), m.instruments(), "one instrument, one index");
      got = merged(m);
    }
    assertEquals(expected(files), got);
    assertEquals(0, got.get(0).source());
    assertEquals(1, got.get(1).source());
    assertEquals(got.get(0).fingerprint(), got.get(1).fingerprint());
  }

  @Test
  void anInstrumentWithTwoGridsIsRefused() throws IOException {
    InstrumentSpec coarser =
        InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "ETHUSDT"), "0.01", "0.0001");
    try (EventFileReader a = EventFiles.open(spotEth);
        MarketEventSource b =
            new BinanceCaptureReader(coarser, Captures.SPOT_ETH_CAPTURE.paths())) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> new MergedEventSource(List.of(a, b)));
      assertTrue(e.getMessage().contains("BINANCE:ETHUSDT"), e.getMessage());
    }
  }

  @Test
  void aSourceGoingBackInTimeFailsTheMerge() throws IOException {
    MarketEventSource backwards =
        new MarketEventSource() {
          final MarketEvent e = new MarketEvent();
          int left = 2;

          @Override
          public List<InstrumentSpec> instruments() {
            return List.of(Captures.SPOT_BTC);
          }

          @Override
          public MarketEvent next() {
            if (left == 0) {
              return null;
            }
            e.kind = EventKind.TRADE;
            e.instrument = 0;
            e.receivedNanos = 100 * left--;
            return e;
          }

          @Override
          public void close() {}
        };
    try (MergedEventSource m = new MergedEventSource(List.of(backwards))) {
      m.next();
      IllegalStateException e = assertThrows(IllegalStateException.class, m::next);
      assertTrue(e.getMessage().contains("back in time"), e.getMessage());
      assertFalse(m.truncated());
    }
  }

  @Test
  void anEventFileGoingBackInTimeFailsTheMergeThatPeeksAtIt() throws IOException {
    Path file = dir.resolve("backwards.events");
    try (EventFileWriter w = new EventFileWriter(file, List.of(Captures.SPOT_BTC))) {
      MarketEvent e = new MarketEvent();
      e.kind = EventKind.TRADE;
      e.instrument = 0;
      e.trade.tradeId = 1;
      e.trade.price = 6_000_000;
      e.trade.size = 1_000;
      e.trade.tradeTimeMillis = 1;
      for (long nanos : new long[] {300, 200}) {
        e.receivedNanos = nanos;
        w.write(e);
      }
    }
    try (MergedEventSource m = EventFiles.merge(List.of(spotEth, file))) {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () -> {
                while (m.next(new MarketEvent())) {
                  // read until the file's second event is peeked at
                }
              });
      assertTrue(e.getMessage().contains("source 1 goes back in time"), e.getMessage());
    }
  }
}
