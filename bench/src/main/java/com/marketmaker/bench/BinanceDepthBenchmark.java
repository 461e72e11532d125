package com.marketmaker.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.marketmaker.core.book.PriceLadderOrderBook;
import com.marketmaker.core.feed.BinanceDecoder;
import com.marketmaker.core.feed.DepthUpdate;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.sync.BinanceBookSync;
import com.marketmaker.core.sync.BookSync;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Real Binance depth messages decoded (bytes → ticks/lots) and applied through the sync state
 * machine to the ladder book, per second. The recording's snapshot plus every diff the sync applies
 * are replayed in a loop; each loop starts by decoding and loading the snapshot again (counted as
 * one message), so sequence checks hold on every pass.
 *
 * <p>{@code decodeAndApply} and {@code decodeOnly} use the decoder as every caller gets it (the
 * byte scanner, Jackson only for what it cannot prove well-formed); the {@code jackson*} variants
 * decode with Jackson's streaming parser alone, for comparison. {@code applyOnly} replays messages
 * decoded beforehand, to show what the book and the sync cost on their own.
 *
 * <p>Data: {@code -Dshared.data.dir=...}, default {@code ../shared/data} relative to the working
 * directory (the repository root).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BinanceDepthBenchmark {

  @Param({"spot_btcusdt_20240808", "usdm_btcusdt_20240808"})
  public String recording;

  private static final JsonFactory JSON = new JsonFactory();

  /** Ladder window sized for BTCUSDT's fine tick (see PriceLadderOrderBook). */
  static final int LADDER_CAPACITY = 65536;

  private byte[][] messages;
  private BinanceDecoder decoder;
  private BinanceDecoder jackson;
  private DepthUpdate[] decoded;
  private BinanceBookSync sync;
  private int next;
  private long levelsPerPass;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    boolean usdm = recording.startsWith("usdm");
    InstrumentSpec spec =
        usdm
            ? InstrumentSpec.of(new InstrumentId(Venue.BINANCE_USDM, "BTCUSDT"), "0.10", "0.001")
            : InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "BTCUSDT"), "0.01", "0.00000001");
    BinanceBookSync.Rule rule =
        usdm ? BinanceBookSync.Rule.USDM_FUTURES : BinanceBookSync.Rule.SPOT;
    List<byte[]> depth = new ArrayList<>();
    byte[] snapshot = null;
    BinanceDecoder probe = new BinanceDecoder(spec);
    BinanceBookSync probeSync = new BinanceBookSync(new PriceLadderOrderBook(), rule);
    List<byte[]> pending = new ArrayList<>();
    for (byte[] json : BinanceRecording.messages(recording)) {
      switch (probe.decode(json)) {
        case SNAPSHOT -> {
          snapshot = json;
          probeSync.onSnapshot(probe.depth());
        }
        case DEPTH_UPDATE -> {
          if (snapshot == null) {
            pending.add(json);
            probeSync.onDepthUpdate(probe.depth());
          } else if (probeSync.onDepthUpdate(probe.depth()) == BookSync.Outcome.APPLIED) {
            depth.add(json);
            levelsPerPass += probe.depth().bids.count() + probe.depth().asks.count();
          }
        }
        default -> {}
      }
    }
    if (snapshot == null || probeSync.gapCount() != 0) {
      throw new IllegalStateException("recording did not replay cleanly: " + recording);
    }
    // Diffs buffered before the snapshot and applied on it: replay them after the snapshot too.
    List<byte[]> bridged = new ArrayList<>();
    BinanceDecoder d2 = new BinanceDecoder(spec);
    d2.decode(snapshot);
    long snapshotId = d2.depth().finalUpdateId;
    for (byte[] p : pending) {
      d2.decode(p);
      boolean older =
          usdm ? d2.depth().finalUpdateId < snapshotId : d2.depth().finalUpdateId <= snapshotId;
      if (!older) {
        bridged.add(p);
      }
    }
    List<byte[]> all = new ArrayList<>();
    all.add(snapshot);
    all.addAll(bridged);
    all.addAll(depth);
    messages = all.toArray(new byte[0][]);
    decoded = new DepthUpdate[messages.length];
    for (int i = 0; i < messages.length; i++) {
      d2.decode(messages[i]);
      decoded[i] = d2.depth().copy();
    }
    decoder = new BinanceDecoder(spec);
    jackson = BinanceDecoder.withoutScanner(spec);
    sync = new BinanceBookSync(new PriceLadderOrderBook(LADDER_CAPACITY), rule);
    System.out.printf(
        "%n%s: %d messages per pass, %.1f levels per diff%n",
        recording, messages.length, (double) levelsPerPass / Math.max(1, depth.size()));
  }

  /** One message decoded and applied per call. */
  @Benchmark
  public long decodeAndApply() {
    return decodeAndApply(decoder);
  }

  /** The same with the Jackson-only decoder. */
  @Benchmark
  public long jacksonDecodeAndApply() {
    return decodeAndApply(jackson);
  }

  private long decodeAndApply(BinanceDecoder d) {
    byte[] m = messages[next];
    next = next + 1 == messages.length ? 0 : next + 1;
    switch (d.decode(m)) {
      case SNAPSHOT -> sync.onSnapshot(d.depth());
      case DEPTH_UPDATE -> apply(d.depth());
      default -> throw new IllegalStateException("unexpected message");
    }
    return sync.book().bestBid();
  }

  private void apply(DepthUpdate update) {
    if (sync.onDepthUpdate(update) == BookSync.Outcome.GAP) {
      throw new IllegalStateException("gap in benchmark replay: " + sync.lastGapReason());
    }
  }

  /** Decoding alone (bytes → ticks/lots into the reusable message), without the book. */
  @Benchmark
  public long decodeOnly() {
    byte[] m = messages[next];
    next = next + 1 == messages.length ? 0 : next + 1;
    decoder.decode(m);
    return decoder.depth().finalUpdateId;
  }

  /** The same with the Jackson-only decoder. */
  @Benchmark
  public long jacksonDecodeOnly() {
    byte[] m = messages[next];
    next = next + 1 == messages.length ? 0 : next + 1;
    jackson.decode(m);
    return jackson.depth().finalUpdateId;
  }

  /** The sync and the book alone: the same messages, decoded before the measurement. */
  @Benchmark
  public long applyOnly() {
    int i = next;
    next = next + 1 == messages.length ? 0 : next + 1;
    if (i == 0) {
      sync.onSnapshot(decoded[0]);
    } else {
      apply(decoded[i]);
    }
    return sync.book().bestBid();
  }

  /**
   * Baseline: Jackson tokenising the same bytes and materialising every string's characters, with
   * no decoding logic: the ceiling for any decoder built on Jackson's streaming parser.
   */
  @Benchmark
  public long jacksonTokensOnly() throws IOException {
    byte[] m = messages[next];
    next = next + 1 == messages.length ? 0 : next + 1;
    long sum = 0;
    try (JsonParser p = JSON.createParser(m)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.VALUE_STRING) {
          sum += p.getTextCharacters()[p.getTextOffset()];
        }
      }
    }
    return sum;
  }
}
