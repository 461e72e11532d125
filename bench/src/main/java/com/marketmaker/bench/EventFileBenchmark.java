package com.marketmaker.bench;

import com.marketmaker.backtest.data.BinanceCaptureReader;
import com.marketmaker.backtest.data.EventFileReader;
import com.marketmaker.backtest.data.EventFileWriter;
import com.marketmaker.backtest.data.EventFiles;
import com.marketmaker.backtest.data.MarketEvent;
import com.marketmaker.backtest.data.MergedEventSource;
import com.marketmaker.core.engine.VenueBook;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * The backtester's market data, in events per second on one thread (one op = one event): {@code
 * convert}, a Binance capture's gzip text decoded and written to an event file; {@code replay}, the
 * event file read back; {@code replayIntoBook}, read and applied to the instrument's {@link
 * VenueBook} (snapshot, diffs through the sync, every book ticker checked against the book); {@code
 * replayMerged}, the spot BTC, spot ETH and USD-M BTC files merged in receive-time order. When a
 * capture or file runs out it is opened again (and the book created again), inside the measured op
 * once per pass: spot BTC is 99,574 events a pass, USD-M BTC 93,954.
 *
 * <p>Data: {@code -Dshared.data.dir=...}, default {@code ../shared/data} relative to the working
 * directory (the repository root). Event files are written to a temporary directory.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EventFileBenchmark {

  static final InstrumentSpec SPOT_BTC =
      InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "BTCUSDT"), "0.01", "0.00000001");
  static final InstrumentSpec SPOT_ETH =
      InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "ETHUSDT"), "0.01", "0.00000001");
  static final InstrumentSpec USDM_BTC =
      InstrumentSpec.of(new InstrumentId(Venue.BINANCE_USDM, "BTCUSDT"), "0.10", "0.001");

  static Path data() {
    return Path.of(System.getProperty("shared.data.dir", "../shared/data")).resolve("binance");
  }

  /** A capture's instrument and files by name. */
  static InstrumentSpec spec(String capture) {
    return switch (capture) {
      case "spot_btcusdt" -> SPOT_BTC;
      case "spot_ethusdt" -> SPOT_ETH;
      case "usdm_btcusdt" -> USDM_BTC;
      default -> throw new IllegalArgumentException(capture);
    };
  }

  static List<Path> files(String capture) {
    List<Path> out = new ArrayList<>();
    out.add(data().resolve(capture + "_20240808.gz"));
    if (capture.startsWith("spot")) {
      out.add(data().resolve(capture + "_20240809.gz"));
    }
    return out;
  }

  static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.list(dir)) {
      for (Path p : paths.toList()) {
        Files.deleteIfExists(p);
      }
    }
    Files.deleteIfExists(dir);
  }

  /** A capture converted once to an event file. */
  @State(Scope.Thread)
  public static class EventFile {
    @Param({"spot_btcusdt", "usdm_btcusdt"})
    public String capture;

    Path dir;
    Path file;
    InstrumentSpec spec;
    EventFileReader reader;
    VenueBook book;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      spec = spec(capture);
      dir = Files.createTempDirectory("event-file-bench");
      file = dir.resolve(capture + ".events");
      EventFiles.Conversion c = EventFiles.convertBinance(spec, files(capture), file);
      System.out.printf(
          "%n%s: %d events, %d bytes (%.1f bytes/event)%n",
          capture, c.events(), c.bytes(), (double) c.bytes() / c.events());
      reader = EventFiles.open(file);
      book = VenueBook.create(spec);
    }

    MarketEvent next() throws IOException {
      MarketEvent e = reader.next();
      if (e == null) {
        reader.close();
        reader = EventFiles.open(file);
        book = VenueBook.create(spec);
        e = reader.next();
      }
      return e;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      reader.close();
      deleteTree(dir);
    }
  }

  /** A capture read as text and written to an event file, event by event. */
  @State(Scope.Thread)
  public static class Conversion {
    @Param({"spot_btcusdt", "usdm_btcusdt"})
    public String capture;

    Path dir;
    InstrumentSpec spec;
    BinanceCaptureReader reader;
    EventFileWriter writer;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      spec = spec(capture);
      dir = Files.createTempDirectory("event-file-bench");
      open();
    }

    private void open() throws IOException {
      reader = new BinanceCaptureReader(spec, files(capture));
      writer = new EventFileWriter(dir.resolve(capture + ".events"), List.of(spec));
    }

    MarketEvent next() throws IOException {
      MarketEvent e = reader.next();
      if (e == null) {
        reader.close();
        writer.close();
        open();
        e = reader.next();
      }
      return e;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      reader.close();
      writer.close();
      deleteTree(dir);
    }
  }

  /** Three overlapping captures' event files, merged. */
  @State(Scope.Thread)
  public static class Merged {
    Path dir;
    List<Path> files = new ArrayList<>();
    MergedEventSource source;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      dir = Files.createTempDirectory("event-file-bench");
      for (String capture : List.of("spot_btcusdt", "spot_ethusdt", "usdm_btcusdt")) {
        Path f = dir.resolve(capture + ".events");
        EventFiles.convertBinance(spec(capture), files(capture), f);
        files.add(f);
      }
      source = EventFiles.merge(files);
    }

    MarketEvent next() throws IOException {
      MarketEvent e = source.next();
      if (e == null) {
        source.close();
        source = EventFiles.merge(files);
        e = source.next();
      }
      return e;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      source.close();
      deleteTree(dir);
    }
  }

  /** One capture event decoded from text and written to the event file. */
  @Benchmark
  public long convert(Conversion s) throws IOException {
    MarketEvent e = s.next();
    s.writer.write(e);
    return e.receivedNanos;
  }

  /** One event read from the event file. */
  @Benchmark
  public long replay(EventFile s) throws IOException {
    return s.next().receivedNanos;
  }

  /** One event read from the event file and applied to the instrument's book. */
  @Benchmark
  public boolean replayIntoBook(EventFile s) throws IOException {
    MarketEvent e = s.next();
    return e.applyTo(s.book);
  }

  /** One event of three files merged in receive-time order. */
  @Benchmark
  public long replayMerged(Merged s) throws IOException {
    MarketEvent e = s.next();
    return e.receivedNanos + e.instrument;
  }
}
