package com.marketmaker.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.book.PriceLadderOrderBook;
import com.marketmaker.core.feed.CoinbaseDecoder;
import com.marketmaker.core.feed.CoinbaseMessage;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.testsupport.RecordedInstruments;
import com.marketmaker.testsupport.SharedData;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Replays the recorded Coinbase level2 + ticker feed. The book must never cross, and a ticker's
 * best bid/ask must equal the book's top as of the ticker's time: the state after the last l2update
 * received before the ticker whose venue time is at or before the ticker's time (later stamped
 * updates already received are not yet reflected in the ticker).
 */
class CoinbaseReplayTest {

  /** The book's top after one l2update, stamped with the update's venue time. */
  record Top(long timeMicros, long bestBid, long bestAsk) {}

  /** A product of the recorded capture as an instrument, or null for another product. */
  private static InstrumentSpec spec(String product) {
    RecordedInstruments.TickLot t = RecordedInstruments.coinbase(product);
    return t == null
        ? null
        : InstrumentSpec.of(new InstrumentId(Venue.COINBASE, product), t.tick(), t.lot());
  }

  @Test
  void bookNeverCrossesAndAgreesWithTickers() throws IOException {
    CoinbaseDecoder decoder = new CoinbaseDecoder(CoinbaseReplayTest::spec);
    Map<String, CoinbaseBookSync> books = new HashMap<>();
    Map<String, ArrayDeque<Top>> history = new HashMap<>();
    int updates = 0;
    int tickersCompared = 0;
    int tickersBeforeBookTime = 0;
    for (byte[] json : SharedData.receivedMessages("cryptofeed/COINBASE.ws.28.0")) {
      CoinbaseDecoder.Kind kind = decoder.decode(json);
      assertFalse(kind == CoinbaseDecoder.Kind.REJECTED, decoder.rejections().lastDetail());
      CoinbaseMessage m = decoder.message();
      switch (kind) {
        case SNAPSHOT -> {
          CoinbaseBookSync sync = new CoinbaseBookSync(new PriceLadderOrderBook());
          books.put(m.spec.id().symbol(), sync);
          assertEquals(BookSync.Outcome.APPLIED, sync.onSnapshot(m));
        }
        case L2UPDATE -> {
          String product = m.spec.id().symbol();
          CoinbaseBookSync sync = books.get(product);
          assertEquals(BookSync.Outcome.APPLIED, sync.onUpdate(m), sync.lastGapReason());
          assertFalse(sync.book().isCrossed());
          updates++;
          ArrayDeque<Top> tops = history.computeIfAbsent(product, k -> new ArrayDeque<>());
          tops.addLast(new Top(m.timeMicros, sync.book().bestBid(), sync.book().bestAsk()));
          if (tops.size() > 256) {
            tops.pollFirst();
          }
        }
        case TICKER -> {
          Top asOf = null;
          for (Top t : history.getOrDefault(m.spec.id().symbol(), new ArrayDeque<>())) {
            if (t.timeMicros() <= m.timeMicros) {
              asOf = t;
            }
          }
          if (asOf == null) {
            tickersBeforeBookTime++; // refers to a trade before our first update of the product
          } else {
            assertEquals(asOf.bestBid(), m.bestBid, "best bid of " + m.spec.id());
            assertEquals(asOf.bestAsk(), m.bestAsk, "best ask of " + m.spec.id());
            tickersCompared++;
          }
        }
        default -> {}
      }
    }
    System.out.printf(
        "coinbase: %d l2updates applied, %d tickers compared, %d older than the first update%n",
        updates, tickersCompared, tickersBeforeBookTime);
    assertEquals(10, books.size());
    assertEquals(9719, updates);
    assertEquals(107, tickersCompared + tickersBeforeBookTime);
    assertTrue(tickersCompared >= 90, "tickers compared: " + tickersCompared);
    for (CoinbaseBookSync s : books.values()) {
      assertEquals(0, s.gapCount());
    }
  }
}
