package com.marketmaker.simulator.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marketmaker.core.instrument.FixedPoint;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.simulator.socket.RecordedMessage;
import com.marketmaker.simulator.socket.StreamVenue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Coinbase Exchange websocket capture ({@code cryptofeed/COINBASE.ws.*}) ready to replay: per
 * product its recorded {@code level2} snapshot and the precision Coinbase printed it with, the
 * {@code last_match} Coinbase answered the recorder's {@code matches} subscription with, and the
 * {@code l2update}, {@code ticker} and {@code match} messages in file order. Loading replays every
 * update through core's {@code CoinbaseBookSync} and refuses a capture whose book would cross.
 */
final class CoinbaseCapture {

  /** Level changes: price in ticks, size in lots (0 removes the level). */
  record Changes(long[] bidPrices, long[] bidSizes, long[] askPrices, long[] askSizes) {}

  /** The channel a replayed frame belongs to, by its Coinbase name. */
  enum Channel {
    LEVEL2("level2"),
    TICKER("ticker"),
    MATCHES("matches");

    final String wireName;

    Channel(String wireName) {
      this.wireName = wireName;
    }
  }

  /**
   * A frame to replay: an {@code l2update} ({@code changes != null}), a {@code ticker} or a {@code
   * match}.
   *
   * @param raw the message exactly as recorded
   * @param asLastMatch a match as the {@code last_match} Coinbase sends for it to a new {@code
   *     matches} subscriber once it is the product's latest trade; null for other frames
   */
  record Frame(
      long receivedNanos,
      int product,
      Channel channel,
      Changes changes,
      String raw,
      String asLastMatch)
      implements StreamVenue.Timed {}

  /**
   * A recorded product: its spec at the finest precision printed, its first snapshot, and the
   * recorded {@code last_match} (null if none was recorded).
   */
  record Product(
      String id,
      InstrumentSpec spec,
      int priceDecimals,
      int sizeDecimals,
      Changes snapshot,
      String lastMatch) {}

  final List<Product> products;
  final List<Frame> frames;

  private CoinbaseCapture(List<Product> products, List<Frame> frames) {
    this.products = products;
    this.frames = frames;
  }

  /**
   * Loads a capture.
   *
   * @param only products to keep ({@code BAND-GBP}); empty for all
   * @throws IllegalArgumentException naming the line when the capture is broken
   */
  static CoinbaseCapture load(Path file, List<String> only) {
    List<RecordedMessage> messages = RecordedMessage.read(file);
    List<JsonNode> nodes = new ArrayList<>();
    Map<String, int[]> decimals = new LinkedHashMap<>();
    // First pass: the finest precision each product is printed with.
    for (RecordedMessage m : messages) {
      JsonNode node = m.parse(file);
      nodes.add(node);
      String type = node.path("type").asText();
      String product = node.path("product_id").asText();
      if (!type.equals("snapshot") && !type.equals("l2update") && !type.equals("ticker")) {
        continue;
      }
      if (!only.isEmpty() && !only.contains(product)) {
        continue;
      }
      int[] d = decimals.computeIfAbsent(product, k -> new int[2]);
      for (String side : List.of("bids", "asks")) {
        for (JsonNode l : node.path(side)) {
          widen(d, l.get(0).asText(), l.get(1).asText());
        }
      }
      for (JsonNode c : node.path("changes")) {
        widen(d, c.get(1).asText(), c.get(2).asText());
      }
      for (String f : List.of("best_bid", "best_ask", "price")) {
        if (node.has(f)) {
          d[0] = Math.max(d[0], places(node.get(f).asText()));
        }
      }
    }
    Map<String, Integer> index = new LinkedHashMap<>();
    List<Product> products = new ArrayList<>();
    List<Frame> frames = new ArrayList<>();
    Map<String, String> lastMatches = new LinkedHashMap<>();
    for (int k = 0; k < nodes.size(); k++) {
      JsonNode node = nodes.get(k);
      RecordedMessage m = messages.get(k);
      String type = node.path("type").asText();
      String product = node.path("product_id").asText();
      if (!decimals.containsKey(product)) {
        continue;
      }
      Integer i = index.get(product);
      try {
        if (type.equals("snapshot")) {
          if (i != null) {
            throw new IllegalArgumentException("a second snapshot of " + product);
          }
          int[] d = decimals.get(product);
          InstrumentSpec spec =
              InstrumentSpec.of(
                  new InstrumentId(Venue.COINBASE, product),
                  FixedPoint.format(1, d[0]),
                  FixedPoint.format(1, d[1]));
          index.put(product, products.size());
          products.add(new Product(product, spec, d[0], d[1], snapshot(node, spec), null));
        } else if (type.equals("l2update")) {
          if (i == null) {
            throw new IllegalArgumentException("l2update of " + product + " before its snapshot");
          }
          frames.add(
              new Frame(
                  m.receivedNanos(),
                  i,
                  Channel.LEVEL2,
                  changes(node, products.get(i).spec()),
                  m.json(),
                  null));
        } else if (type.equals("ticker") && i != null) {
          frames.add(new Frame(m.receivedNanos(), i, Channel.TICKER, null, m.json(), null));
        } else if (type.equals("match") && i != null) {
          frames.add(
              new Frame(m.receivedNanos(), i, Channel.MATCHES, null, m.json(), asLastMatch(node)));
        } else if (type.equals("last_match")) {
          // The answer to the recorder's subscription, not a new trade: served on subscribe.
          lastMatches.put(product, m.json());
        }
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(file + ":" + m.line() + ": " + e.getMessage(), e);
      }
    }
    if (products.isEmpty()) {
      throw new IllegalArgumentException(file + ": no level2 snapshot of " + only);
    }
    for (String want : only) {
      if (!index.containsKey(want)) {
        throw new IllegalArgumentException(
            file + ": product " + want + " not recorded; has " + index.keySet());
      }
    }
    products.replaceAll(
        p ->
            new Product(
                p.id(),
                p.spec(),
                p.priceDecimals(),
                p.sizeDecimals(),
                p.snapshot(),
                lastMatches.get(p.id())));
    CoinbaseCapture capture = new CoinbaseCapture(List.copyOf(products), List.copyOf(frames));
    capture.verify(file);
    return capture;
  }

  private void verify(Path file) {
    List<CoinbaseProductBook> books = new ArrayList<>();
    products.forEach(p -> books.add(new CoinbaseProductBook(p)));
    for (Frame f : frames) {
      if (f.changes() != null) {
        try {
          books.get(f.product()).apply(f.changes());
        } catch (IllegalStateException e) {
          throw new IllegalArgumentException(file + ": broken capture: " + e.getMessage(), e);
        }
      }
    }
  }

  /** The match as Coinbase's {@code last_match}: the same fields, in order, another type. */
  private static String asLastMatch(JsonNode match) {
    ObjectNode copy = match.deepCopy();
    copy.put("type", "last_match");
    return copy.toString();
  }

  private static void widen(int[] d, String price, String size) {
    d[0] = Math.max(d[0], places(price));
    d[1] = Math.max(d[1], places(size));
  }

  private static int places(String decimal) {
    int dot = decimal.indexOf('.');
    return dot < 0 ? 0 : decimal.length() - dot - 1;
  }

  private static Changes snapshot(JsonNode node, InstrumentSpec spec) {
    JsonNode bids = node.path("bids");
    JsonNode asks = node.path("asks");
    long[] bp = new long[bids.size()];
    long[] bs = new long[bids.size()];
    long[] ap = new long[asks.size()];
    long[] as = new long[asks.size()];
    for (int i = 0; i < bids.size(); i++) {
      bp[i] = spec.priceToTicks(bids.get(i).get(0).asText());
      bs[i] = spec.sizeToLots(bids.get(i).get(1).asText());
    }
    for (int i = 0; i < asks.size(); i++) {
      ap[i] = spec.priceToTicks(asks.get(i).get(0).asText());
      as[i] = spec.sizeToLots(asks.get(i).get(1).asText());
    }
    return new Changes(bp, bs, ap, as);
  }

  private static Changes changes(JsonNode node, InstrumentSpec spec) {
    List<long[]> bids = new ArrayList<>();
    List<long[]> asks = new ArrayList<>();
    for (JsonNode c : node.path("changes")) {
      long[] level = {spec.priceToTicks(c.get(1).asText()), spec.sizeToLots(c.get(2).asText())};
      switch (c.get(0).asText()) {
        case "buy" -> bids.add(level);
        case "sell" -> asks.add(level);
        default -> throw new IllegalArgumentException("change side " + c.get(0));
      }
    }
    return new Changes(
        bids.stream().mapToLong(l -> l[0]).toArray(),
        bids.stream().mapToLong(l -> l[1]).toArray(),
        asks.stream().mapToLong(l -> l[0]).toArray(),
        asks.stream().mapToLong(l -> l[1]).toArray());
  }
}
