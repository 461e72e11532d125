package com.marketmaker.core.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.testsupport.SharedData;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The byte scanner behind {@link BinanceDecoder} must change nothing but speed: for every line of
 * every recorded Binance capture, on the instruments' own grids and on grids and symbols that
 * refuse much of it, and for a large set of damaged messages, the scanner-backed decoder and the
 * Jackson-only decoder return the same kind, hold the same content in every reusable object (level
 * by level, also after refusals) and account the same rejections and ignored messages.
 */
class BinanceScannerCrossCheckTest {

  private static final String[] SPOT = {
    "spot_btcusdt_20240808",
    "spot_btcusdt_20240809",
    "spot_ethusdt_20240808",
    "spot_ethusdt_20240809"
  };
  private static final String[] USDM = {"usdm_btcusdt_20240808", "usdm_ethusdt_20240808"};

  /** What follows a message in a buffer: digits and a quote, as if its last value went on. */
  private static final byte[] TRAILER =
      "00000000000000000001\"]],\"x\":1}}".getBytes(StandardCharsets.US_ASCII);

  private static InstrumentSpec spec(String file, String symbol, String tick, String lot) {
    Venue venue = file.startsWith("usdm") ? Venue.BINANCE_USDM : Venue.BINANCE;
    return InstrumentSpec.of(new InstrumentId(venue, symbol), tick, lot);
  }

  private static String symbol(String file) {
    return file.contains("btcusdt") ? "BTCUSDT" : "ETHUSDT";
  }

  /** The instrument's own grid: every recorded line decodes. */
  private static InstrumentSpec natural(String file) {
    if (file.startsWith("usdm")) {
      return spec(file, symbol(file), file.contains("btc") ? "0.10" : "0.01", "0.001");
    }
    return spec(file, symbol(file), "0.01", "0.00000001");
  }

  /**
   * Grids that refuse part of the recording or take the less common conversions: ticks and lots of
   * two units (division, and off-grid values), coarser powers of ten (read at a shorter scale, and
   * off-grid values), a price scale too fine for the fast digits, and a symbol that matches no
   * line.
   */
  private static List<InstrumentSpec> others(String file) {
    boolean usdm = file.startsWith("usdm");
    return List.of(
        usdm
            ? spec(file, symbol(file), "0.20", "0.002")
            : spec(file, symbol(file), "0.02", "0.00000002"),
        usdm
            ? spec(file, symbol(file), "1.00", "0.010")
            : spec(file, symbol(file), "0.10", "0.00010000"),
        spec(file, symbol(file), "0.00000000000001", "0.0001"),
        spec(file, "BTCETH", "0.01", "0.001"));
  }

  @Test
  void everyRecordedLineDecodesAlike() throws IOException {
    long lines = 0;
    long checks = 0;
    Map<BinanceDecoder.Kind, Long> kinds = new EnumMap<>(BinanceDecoder.Kind.class);
    for (String file : concat(SPOT, USDM)) {
      List<InstrumentSpec> specs = new ArrayList<>();
      specs.add(natural(file));
      specs.addAll(others(file));
      List<BinanceDecoder[]> pairs = new ArrayList<>();
      for (InstrumentSpec s : specs) {
        pairs.add(new BinanceDecoder[] {new BinanceDecoder(s), new BinanceDecoder(s, false)});
      }
      try (BufferedReader r = SharedData.reader("binance/" + file + ".gz")) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          byte[] json = line.substring(line.indexOf(' ') + 1).getBytes(StandardCharsets.UTF_8);
          lines++;
          // On the instrument's own grid, the line sits in a buffer as a capture reader holds it:
          // after a few bytes, and followed by digits and a quote that would extend its last value.
          byte[] buf = embed(json, 3, TRAILER);
          BinanceDecoder.Kind k = compare(pairs.get(0)[0], pairs.get(0)[1], buf, 3, json.length);
          kinds.merge(k, 1L, Long::sum);
          checks++;
          for (int i = 1; i < pairs.size(); i++) {
            compare(pairs.get(i)[0], pairs.get(i)[1], json);
            checks++;
          }
        }
      }
      BinanceDecoder fast = pairs.get(0)[0];
      assertEquals(0, fast.rejections().total(), file + ": " + fast.rejections().lastDetail());
      for (BinanceDecoder[] p : pairs) {
        // Real messages, refused or not, are all the scanner's own work.
        assertEquals(0, p[0].scannerFallbacks(), file);
        assertEquals(0, p[0].scannerFaults(), file);
      }
      assertTrue(pairs.get(1)[0].rejections().count(RejectReason.OFF_GRID) > 0, file);
      assertTrue(pairs.get(2)[0].rejections().count(RejectReason.OFF_GRID) > 0, file);
      assertTrue(pairs.get(4)[0].rejections().count(RejectReason.UNKNOWN_INSTRUMENT) > 0, file);
    }
    System.out.printf(
        "[scanner cross-check] %d recorded lines, %d decodes compared; kinds %s%n",
        lines, checks, kinds);
    assertTrue(lines > 300_000, "all six captures: " + lines);
  }

  @Test
  void damagedMessagesDecodeAlike() throws IOException {
    List<Seed> seeds = new ArrayList<>();
    for (String file : concat(SPOT, USDM)) {
      seeds(file, seeds);
    }
    List<Seed> depth = seeds.stream().filter(x -> x.depth).toList();
    List<Seed> snapshots = seeds.stream().filter(Seed::snapshot).toList();
    SplittableRandom rnd = new SplittableRandom(20240808);
    BinanceMessageMutator mutator = new BinanceMessageMutator(rnd);
    int n = 200_000;
    long scanned = 0;
    long scannerRefused = 0;
    long fellBack = 0;
    Map<BinanceDecoder.Kind, Long> kinds = new EnumMap<>(BinanceDecoder.Kind.class);
    Map<RejectReason, Long> reasons = new EnumMap<>(RejectReason.class);
    for (int i = 0; i < n; i++) {
      // Depth diffs and snapshots are what the scanner is for: half the draws are theirs.
      int draw = rnd.nextInt(100);
      List<Seed> pool = draw < 3 ? snapshots : draw < 50 ? depth : seeds;
      Seed seed = pool.get(rnd.nextInt(pool.size()));
      byte[] m = rnd.nextInt(10) == 0 ? seed.json : mutator.mutate(seed.json);
      long before = seed.fast.scannerFallbacks();
      BinanceDecoder.Kind k;
      if (rnd.nextBoolean()) {
        k = compare(seed.fast, seed.jackson, m);
      } else {
        // Behind a truncated message lies the rest of the original, as in a reused line buffer.
        byte[] rest =
            Arrays.copyOfRange(seed.json, Math.min(m.length, seed.json.length), seed.json.length);
        k =
            compare(
                seed.fast,
                seed.jackson,
                embed(m, 1, rest.length > 0 ? rest : TRAILER),
                1,
                m.length);
      }
      kinds.merge(k, 1L, Long::sum);
      if (k == BinanceDecoder.Kind.REJECTED) {
        reasons.merge(seed.fast.rejections().lastReason(), 1L, Long::sum);
      }
      if (seed.fast.scannerFallbacks() == before) {
        scanned++;
        scannerRefused += k == BinanceDecoder.Kind.REJECTED ? 1 : 0;
      } else {
        fellBack++;
      }
    }
    for (Seed seed : seeds) {
      assertEquals(0, seed.fast.scannerFaults());
    }
    System.out.printf(
        "[scanner cross-check] %d damaged messages from %d seeds: %d decided by the scanner (%d of"
            + " them refused), %d by Jackson; kinds %s; rejections %s%n",
        n, seeds.size(), scanned, scannerRefused, fellBack, kinds, reasons);
    // Both parsers must have been exercised, on every kind of outcome.
    assertTrue(scanned > n / 4 && fellBack > n / 4, scanned + " / " + fellBack);
    assertTrue(scannerRefused > n / 20, "refusals decided by the scanner: " + scannerRefused);
    for (BinanceDecoder.Kind k : BinanceDecoder.Kind.values()) {
      assertTrue(kinds.getOrDefault(k, 0L) > 200, "too few " + k + ": " + kinds);
    }
    for (RejectReason r : RejectReason.values()) {
      assertTrue(reasons.getOrDefault(r, 0L) > 500, "too few " + r + ": " + reasons);
    }
  }

  @Test
  void scanningAllocatesNothing() throws IOException {
    String file = USDM[0];
    List<byte[]> messages = new ArrayList<>();
    try (BufferedReader r = SharedData.reader("binance/" + file + ".gz")) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        messages.add(line.substring(line.indexOf(' ') + 1).getBytes(StandardCharsets.UTF_8));
      }
    }
    BinanceDecoder d = new BinanceDecoder(natural(file));
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long allocated = Long.MAX_VALUE;
    for (int pass = 0; pass < 3; pass++) {
      long before = threads.getCurrentThreadAllocatedBytes();
      for (byte[] m : messages) {
        d.decode(m);
      }
      allocated = Math.min(allocated, threads.getCurrentThreadAllocatedBytes() - before);
    }
    assertEquals(0, d.scannerFallbacks());
    // Only the level buffers may grow, once, for the snapshot's 1,000 levels a side.
    assertTrue(allocated < 1_000, allocated + " bytes for " + messages.size() + " messages");
  }

  @Test
  void unusualButValidJsonGoesToJackson() {
    InstrumentSpec spec = natural(SPOT[0]);
    String depth =
        "{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BTCUSDT\",\"U\":10,\"u\":12,"
            + "\"b\":[[\"61737.63\",\"0.5\"]],\"a\":[[\"61837.64\",\"1.54698\"]]}";
    String[] fallBack = {
      depth.replace(",\"U\"", ", \"U\""),
      depth.replace("\"s\"", "\"\\u0073\""),
      depth.replace("\"E\":1", "\"E\":1.0"),
      depth.replace("\"E\":1", "\"E\":1e0"),
      depth.replace("\"E\":1", "\"E\":{\"x\":1}"),
      depth.replace("\"E\":1", "\"E\":12345678901234567"),
      depth + "\n",
    };
    for (String json : fallBack) {
      BinanceDecoder fast = new BinanceDecoder(spec);
      compare(fast, new BinanceDecoder(spec, false), json.getBytes(StandardCharsets.UTF_8));
      assertEquals(1, fast.scannerFallbacks(), json);
    }
    BinanceDecoder fast = new BinanceDecoder(spec);
    String reordered =
        "{\"a\":[[\"61837.64\",\"1.54698\"]],\"u\":12,\"b\":[],\"U\":10,\"s\":\"BTCUSDT\"}";
    assertEquals(
        BinanceDecoder.Kind.DEPTH_UPDATE,
        compare(fast, new BinanceDecoder(spec, false), reordered.getBytes(StandardCharsets.UTF_8)));
    assertEquals(0, fast.scannerFallbacks());
  }

  /** Decodes {@code json} with both decoders and fails on the first difference. */
  private static BinanceDecoder.Kind compare(
      BinanceDecoder fast, BinanceDecoder jackson, byte[] m) {
    return compare(fast, jackson, m, 0, m.length);
  }

  /** Decodes {@code buf[off, off+len)} with both decoders and fails on the first difference. */
  private static BinanceDecoder.Kind compare(
      BinanceDecoder fast, BinanceDecoder jackson, byte[] buf, int off, int len) {
    BinanceDecoder.Kind k = fast.decode(buf, off, len);
    BinanceDecoder.Kind expected = jackson.decode(buf, off, len);
    String diff = expected != k ? "kind " + k + " != " + expected : difference(fast, jackson);
    assertNull(diff, () -> diff + " for " + new String(buf, off, len, StandardCharsets.ISO_8859_1));
    return k;
  }

  /**
   * {@code m} inside a larger buffer, after a few bytes and before {@code after}: what a reader of
   * a capture file passes, with the next line behind the message. Nothing past the message may
   * count.
   */
  private static byte[] embed(byte[] m, int before, byte[] after) {
    byte[] buf = new byte[before + m.length + after.length];
    Arrays.fill(buf, 0, before, (byte) '7');
    System.arraycopy(m, 0, buf, before, m.length);
    System.arraycopy(after, 0, buf, before + m.length, after.length);
    return buf;
  }

  private static String difference(BinanceDecoder a, BinanceDecoder b) {
    Rejections ra = a.rejections();
    Rejections rb = b.rejections();
    for (RejectReason r : RejectReason.values()) {
      if (ra.count(r) != rb.count(r)) {
        return "rejections " + r + " " + ra.count(r) + " != " + rb.count(r);
      }
    }
    if (ra.total() != rb.total()
        || ra.lastReason() != rb.lastReason()
        || !Objects.equals(ra.lastDetail(), rb.lastDetail())) {
      return "last rejection " + ra.lastDetail() + " != " + rb.lastDetail();
    }
    if (a.ignored() != b.ignored()) {
      return "ignored " + a.ignored() + " != " + b.ignored();
    }
    String d = depthDifference(a.depth(), b.depth());
    if (d != null) {
      return d;
    }
    BookTicker ta = a.bookTicker();
    BookTicker tb = b.bookTicker();
    long[] tickers = {
      ta.updateId,
      tb.updateId,
      ta.bidPrice,
      tb.bidPrice,
      ta.bidSize,
      tb.bidSize,
      ta.askPrice,
      tb.askPrice,
      ta.askSize,
      tb.askSize
    };
    String t = pairs("bookTicker", tickers);
    if (t != null) {
      return t;
    }
    Trade xa = a.trade();
    Trade xb = b.trade();
    if (xa.buyerAggressor != xb.buyerAggressor) {
      return "trade.buyerAggressor";
    }
    return pairs(
        "trade",
        new long[] {
          xa.tradeId,
          xb.tradeId,
          xa.price,
          xb.price,
          xa.size,
          xb.size,
          xa.tradeTimeMillis,
          xb.tradeTimeMillis
        });
  }

  private static String depthDifference(DepthUpdate a, DepthUpdate b) {
    String ids =
        pairs(
            "depth",
            new long[] {
              a.firstUpdateId, b.firstUpdateId, a.finalUpdateId, b.finalUpdateId,
              a.previousFinalUpdateId, b.previousFinalUpdateId, a.eventTimeMillis, b.eventTimeMillis
            });
    if (ids != null) {
      return ids;
    }
    String bids = levelDifference("bids", a.bids, b.bids);
    return bids != null ? bids : levelDifference("asks", a.asks, b.asks);
  }

  private static String levelDifference(String side, LevelBuffer a, LevelBuffer b) {
    if (a.count() != b.count()) {
      return side + " count " + a.count() + " != " + b.count();
    }
    for (int i = 0; i < a.count(); i++) {
      if (a.price(i) != b.price(i) || a.size(i) != b.size(i)) {
        return side
            + "["
            + i
            + "] "
            + a.price(i)
            + "x"
            + a.size(i)
            + " != "
            + b.price(i)
            + "x"
            + b.size(i);
      }
    }
    return null;
  }

  /** Compares values given as (scanner, Jackson) pairs; names the first that differs by index. */
  private static String pairs(String what, long[] v) {
    for (int i = 0; i < v.length; i += 2) {
      if (v[i] != v[i + 1]) {
        return what + " field #" + i / 2 + ": " + v[i] + " != " + v[i + 1];
      }
    }
    return null;
  }

  /** A message to damage, with the decoders of its capture's instrument. */
  private record Seed(
      byte[] json, boolean depth, boolean snapshot, BinanceDecoder fast, BinanceDecoder jackson) {}

  /**
   * Every 40th line of a capture and every 4th depth diff, plus its snapshot cut to a few sizes
   * (the full one holds 2,000 levels).
   */
  private static void seeds(String file, List<Seed> out) throws IOException {
    InstrumentSpec spec = natural(file);
    BinanceDecoder fast = new BinanceDecoder(spec);
    BinanceDecoder jackson = new BinanceDecoder(spec, false);
    int n = 0;
    try (BufferedReader r = SharedData.reader("binance/" + file + ".gz")) {
      for (String line = r.readLine(); line != null; line = r.readLine(), n++) {
        String json = line.substring(line.indexOf(' ') + 1);
        boolean snapshot = json.startsWith("{\"lastUpdateId\"");
        boolean depth = snapshot || json.contains("@depth");
        List<String> take = new ArrayList<>();
        if (snapshot) {
          for (int levels : new int[] {0, 1, 2, 5, 20, 1000}) {
            take.add(cut(cut(json, "\"bids\":[", levels), "\"asks\":[", levels));
          }
        } else if (n % 40 == 0 || (depth && n % 4 == 0)) {
          take.add(json);
        }
        for (String t : take) {
          out.add(new Seed(t.getBytes(StandardCharsets.UTF_8), depth, snapshot, fast, jackson));
        }
      }
    }
  }

  /** {@code json} with the levels array after {@code key} cut to its first {@code keep} levels. */
  private static String cut(String json, String key, int keep) {
    int from = json.indexOf(key) + key.length();
    int close = json.indexOf("]]", from) + 1;
    int at = from;
    for (int i = 0; i < keep && at < close; i++) {
      at = json.indexOf(']', at) + 1;
    }
    return json.substring(0, Math.min(at, close)) + json.substring(close);
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
