package com.marketmaker.backtest.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.marketmaker.core.engine.VenueBook;
import com.marketmaker.core.feed.BookTicker;
import com.marketmaker.core.feed.CoinbaseDecoder;
import com.marketmaker.core.feed.CoinbaseMessage;
import com.marketmaker.core.feed.DepthUpdate;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.testsupport.SharedData;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Coinbase capture converted to an event file: it replays exactly what a plain decode of the
 * text gives, and the books rebuilt from it agree with every comparable ticker.
 */
class CoinbaseEventFileTest {

  @TempDir Path dir;

  @Test
  void theEventFileReplaysExactlyTheDecodedTextAndTheBooksAgreeWithTheTickers() throws IOException {
    List<InstrumentSpec> products = Captures.coinbaseProducts();
    Path file = dir.resolve("coinbase.events");
    EventFiles.Conversion c =
        EventFiles.convertCoinbase(products, SharedData.file(Captures.COINBASE_FILE), file);
    assertFalse(c.captureTruncated());
    Map<String, InstrumentSpec> byProduct = new HashMap<>();
    for (InstrumentSpec s : products) {
      byProduct.put(s.id().symbol(), s);
    }
    CoinbaseDecoder decoder = new CoinbaseDecoder(byProduct::get);
    DepthUpdate book = new DepthUpdate();
    BookTicker ticker = new BookTicker();
    Map<EventKind, Integer> kinds = new EnumMap<>(EventKind.class);
    List<VenueBook> books = new ArrayList<>();
    for (InstrumentSpec s : products) {
      books.add(VenueBook.create(s));
    }
    try (EventFileReader r = EventFiles.open(file);
        BufferedReader lines = SharedData.reader(Captures.COINBASE_FILE)) {
      int lineNumber = 0;
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        lineNumber++;
        if (line.isEmpty() || !Character.isDigit(line.charAt(0))) {
          continue;
        }
        int colon = line.indexOf(": ");
        long nanos = new BigDecimal(line.substring(0, colon)).movePointRight(9).longValue();
        CoinbaseDecoder.Kind kind =
            decoder.decode(line.substring(colon + 2).getBytes(StandardCharsets.UTF_8));
        CoinbaseMessage m = decoder.message();
        String where = "line " + lineNumber;
        switch (kind) {
          case REJECTED -> fail(where + ": " + decoder.rejections().lastDetail());
          case IGNORED -> {
            continue;
          }
          default -> {}
        }
        int index = products.indexOf(m.spec);
        MarketEvent e = r.next();
        switch (kind) {
          case SNAPSHOT, L2UPDATE -> {
            book.clear();
            book.bids.copyFrom(m.bids);
            book.asks.copyFrom(m.asks);
            if (kind == CoinbaseDecoder.Kind.L2UPDATE) {
              book.finalUpdateId = m.timeMicros;
              book.eventTimeMillis = m.timeMicros / 1000;
            }
            EventKind k =
                kind == CoinbaseDecoder.Kind.SNAPSHOT ? EventKind.STREAM_SNAPSHOT : EventKind.DEPTH;
            SameEvents.header(where, k, nanos, index, e);
            SameEvents.book(where, book, MarketEvent.NO_CHECKSUM, 0, e);
          }
          case TICKER -> {
            ticker.updateId = m.timeMicros;
            ticker.bidPrice = m.bestBid;
            ticker.askPrice = m.bestAsk;
            SameEvents.header(where, EventKind.BOOK_TICKER, nanos, index, e);
            SameEvents.ticker(where, ticker, e);
          }
          default -> {
            SameEvents.header(where, EventKind.TRADE, nanos, index, e);
            SameEvents.trade(where, m.trade, e);
          }
        }
        kinds.merge(e.kind, 1, Integer::sum);
        e.applyTo(books.get(index));
      }
      assertNull(r.next());
    }
    System.out.println("coinbase events: " + kinds);
    assertEquals(10, kinds.get(EventKind.STREAM_SNAPSHOT));
    assertEquals(9_719, kinds.get(EventKind.DEPTH));
    assertEquals(97 + 10, kinds.get(EventKind.TRADE), "matches and last matches");
    long matched = 0;
    for (VenueBook b : books) {
      VenueBook.Status s = b.status(null);
      assertEquals(0, s.gaps(), s.lastGap());
      assertEquals(0, s.tickersMismatched(), s.lastMismatch());
      matched += s.tickersMatched();
    }
    assertTrue(matched >= 90, "tickers matched: " + matched);
  }
}
