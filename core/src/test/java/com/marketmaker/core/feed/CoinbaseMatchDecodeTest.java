package com.marketmaker.core.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.testsupport.RecordedInstruments;
import com.marketmaker.testsupport.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Coinbase {@code match} and {@code last_match} decoding: the documented example message, every
 * field refused at the boundary with its reason, and every match of the recorded capture against
 * the ticker Coinbase sent for the same trade.
 */
class CoinbaseMatchDecodeTest {

  private static final JsonFactory JSON = new JsonFactory();

  private static final InstrumentSpec BTC_USD =
      InstrumentSpec.of(new InstrumentId(Venue.COINBASE, "BTC-USD"), "0.01", "0.00000001");

  /** A product of the recorded capture as an instrument, or null for another product. */
  private static InstrumentSpec spec(String product) {
    RecordedInstruments.TickLot t = RecordedInstruments.coinbase(product);
    return t == null
        ? null
        : InstrumentSpec.of(new InstrumentId(Venue.COINBASE, product), t.tick(), t.lot());
  }

  /**
   * The example of Coinbase Exchange's WebSocket documentation (channels, "match"): "The side field
   * indicates the maker order side. If the side is sell this indicates the maker was a sell order
   * and the match is considered an up-tick."
   */
  private static final String DOCUMENTED =
      "{\"type\":\"match\",\"trade_id\":10,\"sequence\":50,"
          + "\"maker_order_id\":\"ac928c66-ca53-498f-9c13-a110027a60e8\","
          + "\"taker_order_id\":\"132fb6ae-456b-4654-b4e0-d681ac05cea1\","
          + "\"time\":\"2014-11-07T08:19:27.028459Z\",\"product_id\":\"BTC-USD\","
          + "\"size\":\"5.23512\",\"price\":\"400.23\",\"side\":\"sell\"}";

  private static CoinbaseDecoder decoder() {
    return new CoinbaseDecoder(p -> p.equals("BTC-USD") ? BTC_USD : null);
  }

  private static CoinbaseDecoder.Kind decode(CoinbaseDecoder d, String json) {
    return d.decode(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theDocumentedMatchIsABuyerInitiatedTrade() {
    CoinbaseDecoder d = decoder();
    assertEquals(CoinbaseDecoder.Kind.MATCH, decode(d, DOCUMENTED));
    Trade t = d.message().trade;
    assertEquals(10, t.tradeId);
    assertEquals(40023, t.price, "400.23 at 0.01");
    assertEquals(523_512_000L, t.size, "5.23512 at 0.00000001");
    assertTrue(t.buyerAggressor, "a sell maker was lifted by a buyer");
    assertEquals(Instant.parse("2014-11-07T08:19:27.028459Z").toEpochMilli(), t.tradeTimeMillis);
    assertEquals(1_415_348_367_028L, t.tradeTimeMillis);
    assertEquals(1_415_348_367_028_459L, d.message().timeMicros);
    assertEquals(50, d.message().sequence);
    assertSame(BTC_USD, d.message().spec);
    assertEquals(0, d.rejections().total());
    assertEquals(0, d.ignored());
  }

  @Test
  void aBuyMakerIsASellerInitiatedTradeAndLastMatchDecodesAlike() {
    CoinbaseDecoder d = decoder();
    String buy = DOCUMENTED.replace("\"side\":\"sell\"", "\"side\":\"buy\"");
    assertEquals(CoinbaseDecoder.Kind.MATCH, decode(d, buy));
    assertFalse(d.message().trade.buyerAggressor);
    String last = DOCUMENTED.replace("\"type\":\"match\"", "\"type\":\"last_match\"");
    assertEquals(CoinbaseDecoder.Kind.LAST_MATCH, decode(d, last));
    assertEquals(10, d.message().trade.tradeId);
    assertTrue(d.message().trade.buyerAggressor);
    // Field order is free: the price comes before the product names its grid.
    String reordered =
        "{\"price\":\"400.23\",\"size\":\"1\",\"side\":\"buy\",\"time\":\"2014-11-07T08:19:27Z\","
            + "\"sequence\":51,\"trade_id\":11,\"maker_order_id\":\"a\",\"taker_order_id\":\"b\","
            + "\"product_id\":\"BTC-USD\",\"type\":\"match\"}";
    assertEquals(CoinbaseDecoder.Kind.MATCH, decode(d, reordered));
    assertEquals(40023, d.message().trade.price);
    assertEquals(100_000_000L, d.message().trade.size);
    assertEquals(0, d.rejections().total());
  }

  @Test
  void everyBadFieldIsRefusedWithItsReasonAndTheProductNamed() {
    CoinbaseDecoder d = decoder();
    String[][] bad = {
      {DOCUMENTED.replace("\"trade_id\":10,", ""), "MISSING_FIELD"},
      {DOCUMENTED.replace("\"trade_id\":10", "\"trade_id\":\"10\""), "BAD_NUMBER"},
      {DOCUMENTED.replace("\"trade_id\":10", "\"trade_id\":10.5"), "BAD_NUMBER"},
      {DOCUMENTED.replace("\"trade_id\":10", "\"trade_id\":0"), "BAD_NUMBER"},
      {DOCUMENTED.replace("\"trade_id\":10", "\"trade_id\":-3"), "BAD_NUMBER"},
      {DOCUMENTED.replace("\"trade_id\":10", "\"trade_id\":99999999999999999999"), "BAD_NUMBER"},
      {
        DOCUMENTED.replace("\"maker_order_id\":\"ac928c66-ca53-498f-9c13-a110027a60e8\",", ""),
        "MISSING_FIELD"
      },
      {
        DOCUMENTED.replace(
            "\"taker_order_id\":\"132fb6ae-456b-4654-b4e0-d681ac05cea1\"", "\"taker_order_id\":7"),
        "MALFORMED_JSON"
      },
      {
        DOCUMENTED.replace(
            "\"maker_order_id\":\"ac928c66-ca53-498f-9c13-a110027a60e8\"",
            "\"maker_order_id\":\"\""),
        "MALFORMED_JSON"
      },
      {DOCUMENTED.replace(",\"side\":\"sell\"", ""), "MISSING_FIELD"},
      {DOCUMENTED.replace("\"side\":\"sell\"", "\"side\":\"ask\""), "MALFORMED_JSON"},
      {DOCUMENTED.replace("\"side\":\"sell\"", "\"side\":1"), "MALFORMED_JSON"},
      {DOCUMENTED.replace("\"size\":\"5.23512\",", ""), "MISSING_FIELD"},
      {DOCUMENTED.replace("\"size\":\"5.23512\"", "\"size\":5.23512"), "BAD_NUMBER"},
      {DOCUMENTED.replace("\"size\":\"5.23512\"", "\"size\":\"5.2x\""), "BAD_NUMBER"},
      {DOCUMENTED.replace("\"size\":\"5.23512\"", "\"size\":\"0\""), "BAD_NUMBER"},
      {DOCUMENTED.replace("\"size\":\"5.23512\"", "\"size\":\"-5.23512\""), "NEGATIVE_SIZE"},
      {DOCUMENTED.replace("\"size\":\"5.23512\"", "\"size\":\"5.235120001\""), "OFF_GRID"},
      {DOCUMENTED.replace("\"price\":\"400.23\",", ""), "MISSING_FIELD"},
      {DOCUMENTED.replace("\"price\":\"400.23\"", "\"price\":\"abc\""), "BAD_NUMBER"},
      {DOCUMENTED.replace("\"price\":\"400.23\"", "\"price\":400.23"), "BAD_NUMBER"},
      {DOCUMENTED.replace("\"price\":\"400.23\"", "\"price\":\"0\""), "NON_POSITIVE_PRICE"},
      {DOCUMENTED.replace("\"price\":\"400.23\"", "\"price\":\"-400.23\""), "NON_POSITIVE_PRICE"},
      {DOCUMENTED.replace("\"price\":\"400.23\"", "\"price\":\"400.235\""), "OFF_GRID"},
      {DOCUMENTED.replace("\"sequence\":50,", ""), "MISSING_FIELD"},
      {DOCUMENTED.replace("\"sequence\":50", "\"sequence\":\"50\""), "BAD_NUMBER"},
      {DOCUMENTED.replace("\"sequence\":50", "\"sequence\":0"), "BAD_NUMBER"},
      {DOCUMENTED.replace("\"time\":\"2014-11-07T08:19:27.028459Z\",", ""), "MISSING_FIELD"},
      {DOCUMENTED.replace("2014-11-07T08:19:27", "2014-11-07 08:19:27"), "MALFORMED_JSON"},
    };
    for (String[] b : bad) {
      long before = d.rejections().count(RejectReason.valueOf(b[1]));
      assertEquals(CoinbaseDecoder.Kind.REJECTED, decode(d, b[0]), b[0]);
      assertEquals(before + 1, d.rejections().count(RejectReason.valueOf(b[1])), b[0]);
      assertNotNull(d.rejections().lastDetail());
      assertSame(BTC_USD, d.message().spec, "the refusal names its product: " + b[0]);
    }
    assertEquals(bad.length, d.rejections().total());

    long before = d.rejections().total();
    String[][] unnamed = {
      {DOCUMENTED.replace("BTC-USD", "ETH-USD"), "UNKNOWN_INSTRUMENT"},
      {DOCUMENTED.replace(",\"product_id\":\"BTC-USD\"", ""), "MISSING_FIELD"},
      {DOCUMENTED.substring(0, DOCUMENTED.length() - 20), "MALFORMED_JSON"},
    };
    for (String[] b : unnamed) {
      assertEquals(CoinbaseDecoder.Kind.REJECTED, decode(d, b[0]), b[0]);
      assertEquals(RejectReason.valueOf(b[1]), d.rejections().lastReason(), b[0]);
      assertNull(d.message().spec, "no product to charge: " + b[0]);
    }
    assertEquals(before + unnamed.length, d.rejections().total());
    // The decoder goes on after refusals.
    assertEquals(CoinbaseDecoder.Kind.MATCH, decode(d, DOCUMENTED));
    assertEquals(10, d.message().trade.tradeId);
  }

  @Test
  void aTickerWithOddTradeFieldsIsStillATicker() {
    CoinbaseDecoder d = decoder();
    // Trade fields are checked only on matches: a ticker's own side and trade_id stay opaque.
    String ticker =
        "{\"type\":\"ticker\",\"product_id\":\"BTC-USD\",\"best_bid\":\"400.22\","
            + "\"best_ask\":\"400.23\",\"side\":\"up\",\"trade_id\":\"x\",\"size\":1,"
            + "\"time\":\"2014-11-07T08:19:27.028459Z\"}";
    assertEquals(CoinbaseDecoder.Kind.TICKER, decode(d, ticker));
    assertEquals(40022, d.message().bestBid);
  }

  @Test
  void everyRecordedMatchEqualsTheTickerOfItsTrade() throws IOException {
    // The oracle: the ticker Coinbase sent for the same trade_id, read on its own. Its side is
    // the taker's ("buy": the buyer took liquidity), the opposite of the match's maker side.
    Map<String, Map<String, String>> tickers = new HashMap<>();
    Map<String, Integer> types = new HashMap<>();
    for (byte[] json : SharedData.receivedMessages("cryptofeed/COINBASE.ws.28.0")) {
      Map<String, String> n = topLevelScalars(json);
      types.merge(n.get("type"), 1, Integer::sum);
      if ("ticker".equals(n.get("type"))) {
        tickers.put(n.get("product_id") + "/" + n.get("trade_id"), n);
      }
    }
    CoinbaseDecoder d = new CoinbaseDecoder(CoinbaseMatchDecodeTest::spec);
    int matches = 0;
    int lastMatches = 0;
    for (byte[] json : SharedData.receivedMessages("cryptofeed/COINBASE.ws.28.0")) {
      CoinbaseDecoder.Kind kind = d.decode(json);
      assertFalse(kind == CoinbaseDecoder.Kind.REJECTED, () -> d.rejections().lastDetail());
      if (kind != CoinbaseDecoder.Kind.MATCH && kind != CoinbaseDecoder.Kind.LAST_MATCH) {
        continue;
      }
      InstrumentSpec s = d.message().spec;
      Trade t = d.message().trade;
      Map<String, String> ticker = tickers.get(s.id().symbol() + "/" + t.tradeId);
      assertNotNull(ticker, "no ticker for trade " + t.tradeId + " of " + s.id());
      assertEquals(s.priceToTicks(ticker.get("price")), t.price);
      assertEquals(s.sizeToLots(ticker.get("last_size")), t.size);
      assertEquals(ticker.get("side").equals("buy"), t.buyerAggressor);
      assertEquals(Instant.parse(ticker.get("time")).toEpochMilli(), t.tradeTimeMillis);
      if (kind == CoinbaseDecoder.Kind.MATCH) {
        matches++;
      } else {
        lastMatches++;
      }
    }
    System.out.printf(
        "coinbase: %d matches and %d last_matches equal their tickers%n", matches, lastMatches);
    assertEquals(types.get("match"), matches);
    assertEquals(types.get("last_match"), lastMatches);
    assertEquals(97, matches, "the capture's matches");
    assertEquals(10, lastMatches, "one per product");
    assertEquals(0, d.rejections().total());
  }

  /** The top-level string and number fields of a JSON object, as text; nested values skipped. */
  private static Map<String, String> topLevelScalars(byte[] json) throws IOException {
    Map<String, String> out = new HashMap<>();
    try (JsonParser p = JSON.createParser(json)) {
      assertEquals(JsonToken.START_OBJECT, p.nextToken());
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (v.isScalarValue()) {
          out.put(name, p.getText());
        } else {
          p.skipChildren();
        }
      }
    }
    return out;
  }
}
