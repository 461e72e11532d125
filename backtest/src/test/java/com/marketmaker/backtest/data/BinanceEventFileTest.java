package com.marketmaker.backtest.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.marketmaker.core.book.OrderBook;
import com.marketmaker.core.engine.QuotingEngine;
import com.marketmaker.core.engine.VenueBook;
import com.marketmaker.core.feed.BinanceDecoder;
import com.marketmaker.core.orders.OrderPlanner;
import com.marketmaker.core.orders.OrderType;
import com.marketmaker.core.orders.TimeInForce;
import com.marketmaker.core.orders.VenueRateLimits;
import com.marketmaker.core.quote.QuoteDecision;
import com.marketmaker.core.risk.RiskGuard;
import com.marketmaker.core.strategy.MakerParameters;
import com.marketmaker.core.strategy.StrategyConfig;
import com.marketmaker.testsupport.SharedData;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Binance capture converted to an event file: the file replays exactly the events a plain
 * decode of the text gives (every field of every event, in order), and so does the capture reader;
 * the spot BTC book rebuilt from the file through {@link VenueBook} equals every {@code bookTicker}
 * at the same update id; the quoting engine fed from the file decides as when fed from the text.
 */
class BinanceEventFileTest {

  private static final long S = 1_000_000_000L;

  @TempDir Path dir;

  static Stream<Captures.Binance> captures() {
    return Captures.BINANCE.stream();
  }

  /** A plain decode of the text, line by line: the expected sequence. */
  private interface DirectListener {
    void on(BinanceDecoder.Kind kind, long nanos, BinanceDecoder decoder, String where)
        throws IOException;
  }

  private static long decodeDirectly(Captures.Binance c, DirectListener listener)
      throws IOException {
    BinanceDecoder decoder = new BinanceDecoder(c.spec());
    long events = 0;
    for (String file : c.files()) {
      try (BufferedReader r = SharedData.reader(file)) {
        int lineNumber = 0;
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          lineNumber++;
          int space = line.indexOf(' ');
          long nanos = Long.parseLong(line, 0, space, 10);
          byte[] json = line.substring(space + 1).getBytes(StandardCharsets.US_ASCII);
          BinanceDecoder.Kind kind = decoder.decode(json);
          if (kind == BinanceDecoder.Kind.REJECTED) {
            fail(file + ":" + lineNumber + " " + decoder.rejections().lastDetail());
          }
          if (kind != BinanceDecoder.Kind.IGNORED) {
            events++;
            listener.on(kind, nanos, decoder, file + ":" + lineNumber);
          }
        }
      }
    }
    return events;
  }

  private static void expect(
      BinanceDecoder.Kind kind, long nanos, BinanceDecoder d, String where, MarketEvent actual) {
    switch (kind) {
      case SNAPSHOT, DEPTH_UPDATE -> {
        EventKind k = kind == BinanceDecoder.Kind.SNAPSHOT ? EventKind.SNAPSHOT : EventKind.DEPTH;
        SameEvents.header(where, k, nanos, 0, actual);
        SameEvents.book(where, d.depth(), MarketEvent.NO_CHECKSUM, 0, actual);
      }
      case TRADE -> {
        SameEvents.header(where, EventKind.TRADE, nanos, 0, actual);
        SameEvents.trade(where, d.trade(), actual);
      }
      case BOOK_TICKER -> {
        SameEvents.header(where, EventKind.BOOK_TICKER, nanos, 0, actual);
        SameEvents.ticker(where, d.bookTicker(), actual);
      }
      default -> fail(where + ": unexpected " + kind);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void theEventFileReplaysExactlyTheDecodedText(Captures.Binance c) throws IOException {
    Path file = dir.resolve("capture.events");
    EventFiles.Conversion conversion = EventFiles.convertBinance(c.spec(), c.paths(), file);
    assertEquals(List.of(c.spec()), conversion.instruments());
    assertFalse(conversion.captureTruncated());
    assertEquals(Files.size(file), conversion.bytes());
    Map<EventKind, Long> kinds = new EnumMap<>(EventKind.class);
    long expected;
    try (EventFileReader binary = EventFiles.open(file);
        BinanceCaptureReader text = new BinanceCaptureReader(c.spec(), c.paths())) {
      assertEquals(List.of(c.spec()), binary.instruments());
      assertEquals(1, binary.formatVersion());
      expected =
          decodeDirectly(
              c,
              (kind, nanos, d, where) -> {
                MarketEvent fromFile = binary.next();
                expect(kind, nanos, d, where + " (event file)", fromFile);
                kinds.merge(fromFile.kind, 1L, Long::sum);
                expect(kind, nanos, d, where + " (capture reader)", text.next());
              });
      assertNull(binary.next(), "events after the text's last");
      assertNull(text.next(), "capture reader events after the text's last");
      assertEquals(expected, binary.declaredEvents());
      assertFalse(text.truncated());
    }
    assertEquals(expected, conversion.events());
    System.out.printf(
        "%s: %d events %s, %d bytes (%.1f bytes/event)%n",
        c, expected, kinds, conversion.bytes(), (double) conversion.bytes() / expected);
    assertEquals(1L, kinds.get(EventKind.SNAPSHOT), "one snapshot");
    assertTrue(kinds.get(EventKind.DEPTH) > 6_000, "depth events");
    assertTrue(kinds.get(EventKind.TRADE) > 14_000, "trades");
    assertTrue(kinds.get(EventKind.BOOK_TICKER) > 0, "tickers");
  }

  private static long[] top(OrderBook b) {
    return new long[] {b.bestBid(), b.bestBidSize(), b.bestAsk(), b.bestAskSize()};
  }

  @Test
  void spotBtcBookFromTheEventFileEqualsEveryBookTickerAtItsUpdateId() throws IOException {
    Captures.Binance c = Captures.SPOT_BTC_CAPTURE;
    Path file = dir.resolve("spot_btcusdt.events");
    EventFiles.convertBinance(c.spec(), c.paths(), file);
    VenueBook book = VenueBook.create(c.spec());
    Map<Long, long[]> topByUpdateId = new HashMap<>();
    List<long[]> tickers = new ArrayList<>();
    try (EventFileReader r = EventFiles.open(file)) {
      for (MarketEvent e = r.next(); e != null; e = r.next()) {
        e.applyTo(book);
        if (e.kind == EventKind.DEPTH && book.trusted()) {
          topByUpdateId.put(e.depth.finalUpdateId, top(book.book()));
        } else if (e.kind == EventKind.BOOK_TICKER) {
          tickers.add(
              new long[] {
                e.ticker.updateId,
                e.ticker.bidPrice,
                e.ticker.bidSize,
                e.ticker.askPrice,
                e.ticker.askSize
              });
        }
      }
    }
    int compared = 0;
    for (long[] t : tickers) {
      long[] top = topByUpdateId.get(t[0]);
      if (top != null) {
        compared++;
        for (int i = 0; i < 4; i++) {
          assertEquals(top[i], t[i + 1], "book ticker at update id " + t[0] + ", field " + i);
        }
      }
    }
    VenueBook.Status s = book.status(null);
    System.out.printf(
        "spot BTC: %d tickers, %d at an applied update id equal the book; VenueBook: %d matched,"
            + " %d mismatched, %d not comparable, %d gaps%n",
        tickers.size(),
        compared,
        s.tickersMatched(),
        s.tickersMismatched(),
        s.tickersNotComparable(),
        s.gaps());
    assertTrue(compared > 1_000, "tickers compared: " + compared);
    assertEquals(0, s.gaps());
    assertEquals(0, s.tickersMismatched(), s.lastMismatch());
    assertTrue(s.tickersMatched() >= compared, "VenueBook's own comparisons");
    assertEquals(tickers.size(), s.tickersMatched() + s.tickersNotComparable());
    assertTrue(book.trusted());
  }

  private static QuotingEngine engine(Captures.Binance c) {
    QuotingEngine.Settings settings =
        new QuotingEngine.Settings(
            new OrderPlanner.Config(
                1, 0, 0, S / 10, 10 * S, 1_000, S, 2 * S, OrderType.LIMIT_MAKER, TimeInForce.GTC),
            new VenueRateLimits.Config(
                List.of(VenueRateLimits.Limit.perSeconds(100, 1)),
                List.of(VenueRateLimits.Limit.perSeconds(100, 1)),
                0.5),
            5 * S,
            0);
    return new QuotingEngine(
        c.spec(),
        new MakerParameters(0.01, 60, 0.5, 50, 100_000, 1_000_000),
        StrategyConfig.defaults(),
        settings,
        RiskGuard.State.CLEAR,
        0);
  }

  @Test
  void theEngineFedFromTheEventFileDecidesAsFromTheText() throws IOException {
    Captures.Binance c = Captures.SPOT_ETH_CAPTURE;
    Path file = dir.resolve("spot_ethusdt.events");
    EventFiles.convertBinance(c.spec(), c.paths(), file);
    QuotingEngine fromText = engine(c);
    QuotingEngine fromFile = engine(c);
    long[] decisions = new long[2];
    try (EventFileReader r = EventFiles.open(file)) {
      decodeDirectly(
          c,
          (kind, nanos, d, where) -> {
            MarketEvent e = r.next();
            assertNotNull(e, where);
            e.applyTo(fromFile);
            switch (kind) {
              case SNAPSHOT -> fromText.onSnapshot(d.depth(), nanos);
              case DEPTH_UPDATE -> fromText.onDepth(d.depth(), VenueBook.NO_CHECKSUM, nanos);
              case TRADE -> fromText.onTrade(d.trade(), nanos);
              case BOOK_TICKER -> fromText.onTicker(d.bookTicker());
              default -> fail(where);
            }
            if (kind == BinanceDecoder.Kind.DEPTH_UPDATE) {
              QuoteDecision expected = fromText.decide(0, nanos);
              QuoteDecision actual = fromFile.decide(0, e.receivedNanos);
              assertEquals(expected, actual, where);
              decisions[0]++;
              if (!actual.isPull()) {
                decisions[1]++;
              }
            }
          });
    }
    assertTrue(decisions[1] > 1_000, "decisions with quotes: " + decisions[1]);
    assertEquals(
        fromText.book().status(null).tickersMatched(),
        fromFile.book().status(null).tickersMatched());
  }
}
