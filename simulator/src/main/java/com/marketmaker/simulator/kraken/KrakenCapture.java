package com.marketmaker.simulator.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import com.marketmaker.core.book.TreeMapOrderBook;
import com.marketmaker.core.feed.KrakenBookMessage;
import com.marketmaker.core.instrument.FixedPoint;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.sync.BookSync;
import com.marketmaker.core.sync.KrakenBookSync;
import com.marketmaker.core.sync.KrakenChecksum;
import com.marketmaker.simulator.socket.RecordedMessage;
import com.marketmaker.simulator.socket.StreamVenue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Kraken websocket v1 capture ({@code cryptofeed/KRAKEN.ws.*}) ready to replay: per pair its
 * recorded {@code book} snapshot, channel id, depth and wire precision, and the book updates and
 * heartbeats in file order. Loading replays every update through core's {@link KrakenBookSync} and
 * refuses a capture whose checksums do not all verify.
 */
final class KrakenCapture {

  /** One recorded level: price in ticks, volume in lots, Kraken's timestamp text. */
  record Level(long price, long volume, String time) {}

  /** A recorded book message of one pair. */
  record BookRecord(int pair, boolean snapshot, Level[] asks, Level[] bids, long checksum) {}

  /**
   * A frame to replay: a heartbeat ({@code book == null}) or a book update.
   *
   * @param raw the message exactly as recorded
   */
  record Frame(long receivedNanos, BookRecord book, String raw) implements StreamVenue.Timed {}

  /** A recorded pair: its spec at the wire precision, channel id, depth and first snapshot. */
  record Pair(
      String name,
      InstrumentSpec spec,
      int priceDecimals,
      int volumeDecimals,
      long channelId,
      int depth,
      BookRecord snapshot,
      long checksummedUpdates) {}

  final List<Pair> pairs;
  final List<Frame> frames;

  private KrakenCapture(List<Pair> pairs, List<Frame> frames) {
    this.pairs = pairs;
    this.frames = frames;
  }

  /** The spec the simulator uses for a pair: tick and lot at Kraken's wire precision. */
  static InstrumentSpec specOf(String pair, int priceDecimals, int volumeDecimals) {
    return InstrumentSpec.of(
        new InstrumentId(Venue.KRAKEN, pair.replace('/', '-')),
        FixedPoint.format(1, priceDecimals),
        FixedPoint.format(1, volumeDecimals));
  }

  /**
   * Loads a capture.
   *
   * @param only pairs to keep ({@code XBT/CHF}); empty for all
   * @throws IllegalArgumentException naming the line when the capture is broken
   */
  static KrakenCapture load(Path file, List<String> only) {
    List<RecordedMessage> messages = RecordedMessage.read(file);
    Map<String, Long> channelIds = new HashMap<>();
    Map<String, Integer> depths = new HashMap<>();
    Map<String, Integer> index = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    List<int[]> decimals = new ArrayList<>();
    List<BookRecord> snapshots = new ArrayList<>();
    List<Frame> frames = new ArrayList<>();
    for (RecordedMessage m : messages) {
      JsonNode node = m.parse(file);
      if (node.isObject()) {
        String event = node.path("event").asText();
        if (event.equals("heartbeat")) {
          frames.add(new Frame(m.receivedNanos(), null, m.json()));
        } else if (event.equals("subscriptionStatus")
            && node.path("status").asText().equals("subscribed")
            && node.path("channelName").asText().startsWith("book-")) {
          String pair = node.path("pair").asText();
          channelIds.put(pair, node.path("channelID").asLong());
          depths.put(pair, Integer.parseInt(node.path("channelName").asText().substring(5)));
        }
        continue; // systemStatus and subscription answers are made per connection
      }
      if (!node.isArray() || node.size() < 4) {
        throw new IllegalArgumentException(file + ":" + m.line() + ": unexpected message");
      }
      String pair = node.get(node.size() - 1).asText();
      if (!node.get(node.size() - 2).asText().startsWith("book-")
          || (!only.isEmpty() && !only.contains(pair))) {
        continue;
      }
      Integer i = index.get(pair);
      boolean snapshot = node.get(1).has("as") || node.get(1).has("bs");
      if (i == null) {
        if (!snapshot) {
          throw new IllegalArgumentException(
              file + ":" + m.line() + ": update of " + pair + " before its snapshot");
        }
        i = names.size();
        index.put(pair, i);
        names.add(pair);
        decimals.add(wireDecimals(node.get(1)));
      } else if (snapshot) {
        throw new IllegalArgumentException(
            file + ":" + m.line() + ": a second snapshot of " + pair + " is not supported");
      }
      int[] d = decimals.get(i);
      InstrumentSpec spec = specOf(pair, d[0], d[1]);
      BookRecord record;
      try {
        record = parse(i, node, spec, snapshot);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(file + ":" + m.line() + ": " + e.getMessage(), e);
      }
      if (snapshot) {
        snapshots.add(record);
      } else {
        frames.add(new Frame(m.receivedNanos(), record, m.json()));
      }
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException(file + ": no book snapshot of " + only);
    }
    for (String want : only) {
      if (!index.containsKey(want)) {
        throw new IllegalArgumentException(file + ": pair " + want + " not recorded; has " + names);
      }
    }
    long[] checksummed = new long[names.size()];
    for (Frame f : frames) {
      if (f.book() != null && f.book().checksum() != KrakenBookMessage.NO_CHECKSUM) {
        checksummed[f.book().pair()]++;
      }
    }
    List<Pair> pairs = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      Long channel = channelIds.get(name);
      Integer depth = depths.get(name);
      if (channel == null || depth == null) {
        throw new IllegalArgumentException(file + ": no subscriptionStatus of " + name);
      }
      int[] d = decimals.get(i);
      pairs.add(
          new Pair(
              name,
              specOf(name, d[0], d[1]),
              d[0],
              d[1],
              channel,
              depth,
              snapshots.get(i),
              checksummed[i]));
    }
    KrakenCapture capture = new KrakenCapture(List.copyOf(pairs), List.copyOf(frames));
    capture.verify(file);
    return capture;
  }

  /** Replays the whole capture through core's sync: every checksum must verify. */
  private void verify(Path file) {
    List<KrakenPairBook> books = new ArrayList<>();
    for (Pair p : pairs) {
      books.add(new KrakenPairBook(p));
    }
    for (Frame f : frames) {
      if (f.book() != null) {
        KrakenPairBook b = books.get(f.book().pair());
        try {
          b.apply(f.book());
        } catch (IllegalStateException e) {
          throw new IllegalArgumentException(file + ": broken capture: " + e.getMessage(), e);
        }
      }
    }
  }

  /** Decimals of the first price and volume of a snapshot: Kraken prints them all alike. */
  private static int[] wireDecimals(JsonNode body) {
    JsonNode levels = body.has("as") ? body.get("as") : body.get("bs");
    JsonNode first = levels.get(0);
    return new int[] {places(first.get(0).asText()), places(first.get(1).asText())};
  }

  private static int places(String decimal) {
    int dot = decimal.indexOf('.');
    return dot < 0 ? 0 : decimal.length() - dot - 1;
  }

  private static BookRecord parse(int pair, JsonNode node, InstrumentSpec spec, boolean snapshot) {
    List<Level> asks = new ArrayList<>();
    List<Level> bids = new ArrayList<>();
    long checksum = KrakenBookMessage.NO_CHECKSUM;
    for (int k = 1; k < node.size() - 2; k++) {
      JsonNode body = node.get(k);
      for (var it = body.fields(); it.hasNext(); ) {
        var field = it.next();
        switch (field.getKey()) {
          case "as", "a" -> levels(field.getValue(), spec, asks);
          case "bs", "b" -> levels(field.getValue(), spec, bids);
          case "c" -> checksum = Long.parseLong(field.getValue().asText());
          default -> {}
        }
      }
    }
    return new BookRecord(
        pair, snapshot, asks.toArray(new Level[0]), bids.toArray(new Level[0]), checksum);
  }

  private static void levels(JsonNode array, InstrumentSpec spec, List<Level> out) {
    for (JsonNode l : array) {
      out.add(
          new Level(
              spec.priceToTicks(l.get(0).asText()),
              spec.sizeToLots(l.get(1).asText()),
              l.get(2).asText()));
    }
  }

  /** A KrakenChecksum of a pair at its wire precision. */
  static KrakenChecksum checksumOf(Pair p) {
    return new KrakenChecksum(p.spec(), p.priceDecimals(), p.volumeDecimals());
  }

  /** A book for verifying: core's sync over a TreeMap book. */
  static KrakenBookSync syncOf(Pair p) {
    return new KrakenBookSync(new TreeMapOrderBook(), p.depth(), checksumOf(p));
  }

  static boolean applied(BookSync.Outcome o) {
    return o == BookSync.Outcome.APPLIED;
  }
}
