package com.marketmaker.core.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Bad venue input is refused with the right reason and counted, never thrown. */
class MalformedMessageTest {

  private static final InstrumentSpec BTC =
      InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "BTCUSDT"), "0.01", "0.00001");

  private static final String GOOD_DEPTH =
      "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BTCUSDT\","
          + "\"U\":10,\"u\":12,\"b\":[[\"61737.63\",\"0.5\"]],\"a\":[[\"61837.64\",\"1.54698\"]]}}";

  private static void assertRejected(String json, RejectReason reason) {
    BinanceDecoder d = new BinanceDecoder(BTC);
    assertEquals(BinanceDecoder.Kind.REJECTED, d.decode(json.getBytes(StandardCharsets.UTF_8)));
    assertEquals(1, d.rejections().total());
    assertEquals(1, d.rejections().count(reason), () -> d.rejections().lastDetail());
    assertEquals(reason, d.rejections().lastReason());
    assertNotNull(d.rejections().lastDetail());
  }

  @Test
  void wellFormedDepthDecodesToTicksAndLots() {
    BinanceDecoder d = new BinanceDecoder(BTC);
    assertEquals(
        BinanceDecoder.Kind.DEPTH_UPDATE, d.decode(GOOD_DEPTH.getBytes(StandardCharsets.UTF_8)));
    assertEquals(10, d.depth().firstUpdateId);
    assertEquals(12, d.depth().finalUpdateId);
    assertEquals(6173763, d.depth().bids.price(0));
    assertEquals(50000, d.depth().bids.size(0));
    assertEquals(154698, d.depth().asks.size(0));
    assertEquals(0, d.rejections().total());
  }

  @Test
  void binanceRejections() {
    assertRejected(GOOD_DEPTH.substring(0, GOOD_DEPTH.length() - 7), RejectReason.MALFORMED_JSON);
    assertRejected("", RejectReason.MALFORMED_JSON);
    assertRejected("[1,2]", RejectReason.MALFORMED_JSON);
    assertRejected(GOOD_DEPTH + "}", RejectReason.MALFORMED_JSON);
    assertRejected(GOOD_DEPTH.replace("\"U\":10,", ""), RejectReason.MISSING_FIELD);
    assertRejected(
        GOOD_DEPTH.replace(",\"a\":[[\"61837.64\",\"1.54698\"]]", ""), RejectReason.MISSING_FIELD);
    assertRejected(GOOD_DEPTH.replace("61737.63", "61737.6x"), RejectReason.BAD_NUMBER);
    assertRejected(GOOD_DEPTH.replace("61737.63", "6.17e4"), RejectReason.BAD_NUMBER);
    assertRejected(GOOD_DEPTH.replace("\"61737.63\"", "61737.63"), RejectReason.BAD_NUMBER);
    assertRejected(GOOD_DEPTH.replace("\"U\":10", "\"U\":\"10\""), RejectReason.BAD_NUMBER);
    assertRejected(GOOD_DEPTH.replace("61737.63", "61737.635"), RejectReason.OFF_GRID);
    assertRejected(GOOD_DEPTH.replace("\"0.5\"", "\"0.000001\""), RejectReason.OFF_GRID);
    assertRejected(GOOD_DEPTH.replace("\"0.5\"", "\"-0.5\""), RejectReason.NEGATIVE_SIZE);
    assertRejected(GOOD_DEPTH.replace("61737.63", "-61737.63"), RejectReason.NON_POSITIVE_PRICE);
    assertRejected(
        GOOD_DEPTH.replace("\"s\":\"BTCUSDT\"", "\"s\":\"ETHUSDT\""),
        RejectReason.UNKNOWN_INSTRUMENT);
    assertRejected(GOOD_DEPTH.replace("\"U\":10", "\"U\":13"), RejectReason.MALFORMED_JSON);
    assertRejected(
        "{\"u\":5,\"s\":\"BTCUSDT\",\"b\":\"1.00\",\"B\":\"1\",\"a\":\"1.01\"}",
        RejectReason.MISSING_FIELD);
    assertRejected(
        "{\"e\":\"trade\",\"s\":\"BTCUSDT\",\"t\":1,\"p\":\"1.00\",\"q\":\"1\",\"m\":\"yes\"}",
        RejectReason.MALFORMED_JSON);
  }

  @Test
  void countsAccumulateAcrossMessages() {
    BinanceDecoder d = new BinanceDecoder(BTC);
    d.decode("{".getBytes(StandardCharsets.UTF_8));
    d.decode(GOOD_DEPTH.replace("\"0.5\"", "\"-0.5\"").getBytes(StandardCharsets.UTF_8));
    d.decode(GOOD_DEPTH.getBytes(StandardCharsets.UTF_8));
    d.decode("{\"e\":\"kline\",\"k\":{}}".getBytes(StandardCharsets.UTF_8));
    assertEquals(2, d.rejections().total());
    assertEquals(1, d.rejections().count(RejectReason.MALFORMED_JSON));
    assertEquals(1, d.rejections().count(RejectReason.NEGATIVE_SIZE));
    assertEquals(1, d.ignored());
  }

  @Test
  void krakenRejections() {
    KrakenDecoder d =
        new KrakenDecoder(
            pair ->
                pair.equals("XBT/USD")
                    ? InstrumentSpec.of(
                        new InstrumentId(Venue.KRAKEN, "XBT-USD"), "0.1", "0.00000001")
                    : null);
    String sub =
        "{\"channelID\":7,\"channelName\":\"book-10\",\"event\":\"subscriptionStatus\","
            + "\"pair\":\"XBT/USD\",\"status\":\"subscribed\"}";
    assertEquals(KrakenDecoder.Kind.SUBSCRIBED, d.decode(sub.getBytes(StandardCharsets.UTF_8)));
    String good =
        "[7,{\"b\":[[\"100.1\",\"1.00000000\",\"1.5\"]],\"c\":\"123\"},\"book-10\",\"XBT/USD\"]";
    assertEquals(KrakenDecoder.Kind.BOOK, d.decode(good.getBytes(StandardCharsets.UTF_8)));
    assertEquals(123, d.book().checksum);
    assertEquals(0, d.book().republished);
    String republish =
        "[7,{\"a\":[[\"100.2\",\"2.00000000\",\"1.5\",\"r\"]]},{\"b\":[[\"100.1\",\"0.00000000\","
            + "\"1.6\"]],\"c\":\"9\"},\"book-10\",\"XBT/USD\"]";
    assertEquals(KrakenDecoder.Kind.BOOK, d.decode(republish.getBytes(StandardCharsets.UTF_8)));
    assertEquals(1, d.book().republished);
    assertEquals(1002, d.book().asks.price(0));
    assertEquals(200_000_000, d.book().asks.size(0));
    assertEquals(0, d.book().bids.size(0));
    String[][] bad = {
      {good.replace("[7,", "[8,"), "UNKNOWN_INSTRUMENT"},
      {good.replace("XBT/USD", "ETH/USD"), "UNKNOWN_INSTRUMENT"},
      {good.replace("100.1", "100.15"), "OFF_GRID"},
      {good.replace("\"1.00000000\"", "\"-1\""), "NEGATIVE_SIZE"},
      {good.replace("\"123\"", "\"12a\""), "BAD_NUMBER"},
      {good.replace("\"123\"", "\"99999999999\""), "BAD_NUMBER"},
      {good.substring(0, 30), "MALFORMED_JSON"},
      {"[7,{\"c\":\"1\"},\"book-10\",\"XBT/USD\"]", "MISSING_FIELD"},
      {sub.replace("\"channelID\":7,", ""), "MISSING_FIELD"},
    };
    for (String[] b : bad) {
      long before = d.rejections().count(RejectReason.valueOf(b[1]));
      assertEquals(KrakenDecoder.Kind.REJECTED, d.decode(b[0].getBytes(StandardCharsets.UTF_8)));
      assertEquals(before + 1, d.rejections().count(RejectReason.valueOf(b[1])), b[0]);
    }
    assertEquals(bad.length, d.rejections().total());
  }

  @Test
  void coinbaseRejections() {
    CoinbaseDecoder d =
        new CoinbaseDecoder(
            p ->
                p.equals("BTC-USD")
                    ? InstrumentSpec.of(
                        new InstrumentId(Venue.COINBASE, "BTC-USD"), "0.01", "0.00000001")
                    : null);
    String good =
        "{\"type\":\"l2update\",\"product_id\":\"BTC-USD\",\"changes\":[[\"buy\",\"100.01\",\"0.5\"]],"
            + "\"time\":\"2021-04-17T16:43:37.075687Z\"}";
    assertEquals(CoinbaseDecoder.Kind.L2UPDATE, d.decode(good.getBytes(StandardCharsets.UTF_8)));
    // 2021-04-17T16:43:37.075687Z = 1618677817.075687 s since the epoch.
    assertEquals(1_618_677_817_075_687L, d.message().timeMicros);
    assertEquals(10001, d.message().bids.price(0));
    // Price before product_id is still converted with the product's grid.
    String reordered =
        "{\"changes\":[[\"sell\",\"100.02\",\"1\"]],\"type\":\"l2update\","
            + "\"time\":\"2021-04-17T16:43:37Z\",\"product_id\":\"BTC-USD\"}";
    assertEquals(
        CoinbaseDecoder.Kind.L2UPDATE, d.decode(reordered.getBytes(StandardCharsets.UTF_8)));
    assertEquals(10002, d.message().asks.price(0));
    String[][] bad = {
      {good.replace("BTC-USD", "ETH-USD"), "UNKNOWN_INSTRUMENT"},
      {good.replace("100.01", "100.011"), "OFF_GRID"},
      {good.replace("\"0.5\"", "\"-0.5\""), "NEGATIVE_SIZE"},
      {good.replace("100.01", "abc"), "BAD_NUMBER"},
      {good.replace("\"buy\"", "\"hold\""), "MALFORMED_JSON"},
      {good.replace("2021-04-17T", "2021-04-17 "), "MALFORMED_JSON"},
      {good.replace(",\"product_id\":\"BTC-USD\"", ""), "MISSING_FIELD"},
      {good.substring(0, good.length() - 1), "MALFORMED_JSON"},
      {"{\"type\":\"ticker\",\"product_id\":\"BTC-USD\",\"best_bid\":\"1.00\"}", "MISSING_FIELD"},
    };
    for (String[] b : bad) {
      long before = d.rejections().count(RejectReason.valueOf(b[1]));
      assertEquals(CoinbaseDecoder.Kind.REJECTED, d.decode(b[0].getBytes(StandardCharsets.UTF_8)));
      assertEquals(before + 1, d.rejections().count(RejectReason.valueOf(b[1])), b[0]);
    }
    assertEquals(bad.length, d.rejections().total());
  }
}
