package com.marketmaker.bench;

import com.marketmaker.core.book.PriceLadderOrderBook;
import com.marketmaker.core.feed.BinanceDecoder;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.sync.BinanceBookSync;
import com.marketmaker.core.sync.BookSync;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
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
 * <p>Data: {@code -Dshared.data.dir=...}, default {@code ../shared/data} relative to the working
 * directory (the repository root).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BinanceDepthBenchmark {

  @Param({"spot_btcusdt_20240808", "usdm_btcusdt_20240808"})
  public String recording;

  private byte[][] messages;
  private BinanceDecoder decoder;
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
    Path dir = Path.of(System.getProperty("shared.data.dir", "../shared/data"));
    Path file = dir.resolve("binance").resolve(recording + ".gz");
    List<byte[]> depth = new ArrayList<>();
    byte[] snapshot = null;
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.US_ASCII))) {
      String line;
      BinanceDecoder probe = new BinanceDecoder(spec);
      BinanceBookSync probeSync = new BinanceBookSync(new PriceLadderOrderBook(), rule);
      List<byte[]> pending = new ArrayList<>();
      while ((line = r.readLine()) != null) {
        byte[] json = line.substring(line.indexOf(' ') + 1).getBytes(StandardCharsets.US_ASCII);
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
        throw new IllegalStateException("recording did not replay cleanly: " + file);
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
    }
    decoder = new BinanceDecoder(spec);
    sync = new BinanceBookSync(new PriceLadderOrderBook(), rule);
    System.out.printf(
        "%n%s: %d messages per pass, %.1f levels per diff%n",
        recording, messages.length, (double) levelsPerPass / Math.max(1, depth.size()));
  }

  /** One message decoded and applied per call. */
  @Benchmark
  public long decodeAndApply() {
    byte[] m = messages[next];
    next = next + 1 == messages.length ? 0 : next + 1;
    switch (decoder.decode(m)) {
      case SNAPSHOT -> sync.onSnapshot(decoder.depth());
      case DEPTH_UPDATE -> {
        if (sync.onDepthUpdate(decoder.depth()) == BookSync.Outcome.GAP) {
          throw new IllegalStateException("gap in benchmark replay: " + sync.lastGapReason());
        }
      }
      default -> throw new IllegalStateException("unexpected message");
    }
    return sync.book().bestBid();
  }
}
