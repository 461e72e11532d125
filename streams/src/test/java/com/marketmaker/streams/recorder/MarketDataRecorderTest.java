package com.marketmaker.streams.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.instrument.Venue;
import com.marketmaker.testsupport.Eventually;
import com.marketmaker.testsupport.SharedData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder's files, fed with the lines of the real spot captures (their own receive times):
 * rotation by size and by time, complete files whose concatenation is the input, and the reading of
 * a {@code .part} file cut where a crash would cut it.
 */
class MarketDataRecorderTest {

  @TempDir Path dir;

  /** Lines {@code <ns> <json>} of a capture, as recorded. */
  static List<String> captureLines(String... names) throws IOException {
    List<String> out = new ArrayList<>();
    for (String name : names) {
      out.addAll(plainGzipLines(SharedData.file("binance/" + name)));
    }
    return out;
  }

  /** Reads with the JDK alone: fails on a file that is not complete gzip. */
  static List<String> plainGzipLines(Path file) throws IOException {
    List<String> out = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        out.add(line);
      }
    }
    return out;
  }

  RecorderSettings settings(long rotateBytes, Duration interval, int queue) {
    return new RecorderSettings(
        true,
        dir,
        rotateBytes,
        interval,
        Set.of(Venue.BINANCE, Venue.BINANCE_USDM),
        queue,
        Duration.ofMillis(50),
        true);
  }

  /** A clock that stands at the latest receive time handed to it: idle rotation never fires. */
  static final class DataClock implements ReceiveClock {
    final AtomicLong now = new AtomicLong();

    @Override
    public long epochNanos(long nanoTime) {
      throw new UnsupportedOperationException("lines carry their own receive time");
    }

    @Override
    public long nowEpochNanos() {
      return now.get();
    }
  }

  /** Records every line with its own receive time; blocks (test only) when the queue is full. */
  static void recordAll(MarketDataRecorder r, DataClock clock, String symbol, List<String> lines)
      throws Exception {
    for (String line : lines) {
      RecordingReader.Line l = RecordingReader.Line.parse(line);
      clock.now.accumulateAndGet(l.receivedEpochNanos(), Math::max);
      while (!r.recordAt(Venue.BINANCE, symbol, l.receivedEpochNanos(), l.json())) {
        r.flush().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
  }

  List<Path> files(String glob) throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("binance"))) {
      return s.filter(
              p -> p.getFileSystem().getPathMatcher("glob:" + glob).matches(p.getFileName()))
          .sorted()
          .toList();
    }
  }

  @Test
  void rotationBySizeGivesSeveralCompleteFilesWhoseConcatenationIsTheStream() throws Exception {
    List<String> input = captureLines("spot_btcusdt_20240808.gz");
    long rotateBytes = 256 * 1024;
    DataClock clock = new DataClock();
    MarketDataRecorder r =
        MarketDataRecorder.start(settings(rotateBytes, Duration.ofDays(1), 4096), clock);
    recordAll(r, clock, "btcusdt", input);
    r.close();

    List<Path> finished = files("spot_btcusdt_*.gz");
    assertTrue(finished.size() >= 3, "files: " + finished);
    assertTrue(files("*.part").isEmpty(), "no .part left after close");
    List<String> concatenated = new ArrayList<>();
    for (int i = 0; i < finished.size(); i++) {
      Path f = finished.get(i);
      assertTrue(
          f.getFileName().toString().matches("spot_btcusdt_\\d{8}T\\d{6}\\.\\d{3}Z_\\d{6}\\.gz"),
          f.toString());
      if (i < finished.size() - 1) {
        assertTrue(Files.size(f) >= rotateBytes, f + " rotated early: " + Files.size(f));
      }
      concatenated.addAll(plainGzipLines(f)); // the JDK reads each to its trailer
    }
    assertEquals(input, concatenated);
    RecorderMetrics m = r.metrics();
    assertEquals(input.size(), m.written());
    assertEquals(finished.size(), m.filesFinished());
    assertEquals(0, m.openFiles());
    assertEquals(0, m.writeErrors());
    long onDisk = 0;
    for (Path f : finished) {
      onDisk += Files.size(f);
    }
    assertEquals(onDisk, m.compressedBytes());
  }

  @Test
  void rotationByTimeCutsAtEveryMinuteTheReceiveTimesCross() throws Exception {
    // The two spot files span 23:54 to 00:05 UTC.
    List<String> input = captureLines("spot_ethusdt_20240808.gz", "spot_ethusdt_20240809.gz");
    long minute = 60_000_000_000L;
    // Reference: the distinct minutes of the receive times, read from the data itself. The
    // capture's times are non-decreasing per file, so each minute is one contiguous run.
    Set<Long> minutes = new TreeSet<>();
    for (String line : input) {
      minutes.add(Math.floorDiv(RecordingReader.Line.parse(line).receivedEpochNanos(), minute));
    }
    DataClock clock = new DataClock();
    MarketDataRecorder r =
        MarketDataRecorder.start(settings(1L << 40, Duration.ofMinutes(1), 4096), clock);
    recordAll(r, clock, "ethusdt", input);
    r.close();

    List<Path> finished = files("spot_ethusdt_*.gz");
    assertEquals(minutes.size(), finished.size(), "one file per minute: " + finished);
    List<String> concatenated = new ArrayList<>();
    for (Path f : finished) {
      List<String> lines = plainGzipLines(f);
      Set<Long> inFile = new TreeSet<>();
      for (String line : lines) {
        inFile.add(Math.floorDiv(RecordingReader.Line.parse(line).receivedEpochNanos(), minute));
      }
      assertEquals(1, inFile.size(), f + " spans minutes " + inFile);
      concatenated.addAll(lines);
    }
    assertEquals(input, concatenated);
  }

  @Test
  void anIdleFileIsFinishedWhenTheClockCrossesItsInterval() throws Exception {
    List<String> input = captureLines("spot_btcusdt_20240808.gz").subList(0, 100);
    DataClock clock = new DataClock();
    MarketDataRecorder r =
        MarketDataRecorder.start(settings(1L << 40, Duration.ofMinutes(1), 4096), clock);
    try {
      recordAll(r, clock, "btcusdt", input);
      r.flush().toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertEquals(1, r.metrics().openFiles());
      long last = RecordingReader.Line.parse(input.get(input.size() - 1)).receivedEpochNanos();
      clock.now.set(last + 61_000_000_000L);
      Eventually.await(
          Duration.ofSeconds(30),
          Duration.ofMillis(20),
          () -> r.metrics().filesFinished() == 1,
          "idle file finished");
      assertEquals(input, plainGzipLines(files("spot_btcusdt_*.gz").get(0)));
      assertTrue(files("*.part").isEmpty());
    } finally {
      r.close();
    }
  }

  @Test
  void aTruncatedPartFileIsReadUpToItsLastCompleteLine() throws Exception {
    List<String> input = captureLines("spot_btcusdt_20240808.gz").subList(0, 5000);
    DataClock clock = new DataClock();
    MarketDataRecorder r =
        MarketDataRecorder.start(settings(1L << 40, Duration.ofDays(1), 8192), clock);
    byte[] part;
    try {
      recordAll(r, clock, "btcusdt", input);
      r.flush().toCompletableFuture().get(30, TimeUnit.SECONDS);
      List<Path> parts = files("spot_btcusdt_*.gz.part");
      assertEquals(1, parts.size());
      part = Files.readAllBytes(parts.get(0)); // what a crash now would leave
    } finally {
      r.close();
    }
    // The whole flushed part: every line, but no gzip trailer.
    Path whole = dir.resolve("whole.gz.part");
    Files.write(whole, part);
    try (RecordingReader reader = RecordingReader.open(whole)) {
      List<String> got = new ArrayList<>();
      String line;
      while ((line = reader.nextLine()) != null) {
        got.add(line);
      }
      assertEquals(input, got);
      assertTrue(reader.truncated());
    }
    // Cut anywhere, including inside the header: a prefix of whole lines, never a cut line. (A cut
    // in the last sync-flush marker loses no line.)
    int previous = -1;
    for (int cut :
        new int[] {
          0,
          5,
          9,
          100,
          part.length / 7,
          part.length / 3,
          part.length / 2,
          part.length - 1000,
          part.length - 1
        }) {
      Path p = dir.resolve("cut" + cut + ".gz.part");
      Files.write(p, Arrays.copyOf(part, cut));
      List<String> got = RecordingReader.readLines(p);
      if (cut <= part.length - 1000) {
        assertTrue(got.size() < input.size(), "cut at " + cut + " cannot hold every line");
      }
      assertEquals(input.subList(0, got.size()), got, "cut at " + cut);
      assertTrue(got.size() >= previous, "a longer prefix never reads fewer lines");
      previous = got.size();
      if (cut == part.length / 2) {
        assertTrue(got.size() > input.size() / 4, "half the bytes hold many lines: " + got.size());
        long kept = RecordingReader.salvage(p);
        assertEquals(got.size(), kept);
        assertFalse(Files.exists(p));
        assertEquals(got, plainGzipLines(dir.resolve("cut" + cut + ".gz")));
      }
    }
  }

  @Test
  void acceptedAndDroppedLinesAddUpAndWhatIsWrittenKeepsTheFeedsOrder() throws Exception {
    List<String> input = captureLines("spot_btcusdt_20240808.gz");
    MarketDataRecorder r =
        MarketDataRecorder.start(settings(1L << 40, Duration.ofDays(1), 64), new DataClock());
    long offered = 0;
    for (String line : input) {
      RecordingReader.Line l = RecordingReader.Line.parse(line);
      r.recordAt(Venue.BINANCE, "btcusdt", l.receivedEpochNanos(), l.json());
      offered++;
    }
    r.close();
    assertFalse(r.recordAt(Venue.BINANCE, "btcusdt", 1, "{}"), "closed: refused and counted");
    RecorderMetrics m = r.metrics();
    assertEquals(offered + 1, m.accepted() + m.droppedTotal());
    assertEquals(m.accepted(), m.written());
    List<String> written = new ArrayList<>();
    for (Path f : files("spot_btcusdt_*.gz")) {
      written.addAll(plainGzipLines(f));
    }
    assertEquals(m.written(), written.size());
    // What was written is the input with some lines left out, in the input's order.
    int i = 0;
    for (String w : written) {
      while (i < input.size() && !input.get(i).equals(w)) {
        i++;
      }
      assertTrue(i < input.size(), "written line not in the input in order: " + w);
      i++;
    }
  }

  @Test
  void framesOfNoInstrumentAndBadSymbolsGoToTheVenuesOtherFileAndLineBreaksAreSpaces()
      throws Exception {
    MarketDataRecorder r =
        MarketDataRecorder.start(settings(1L << 40, Duration.ofDays(1), 64), new DataClock());
    r.recordAt(Venue.BINANCE_USDM, null, 1_723_161_254_000_000_000L, "{\"result\":null,\"id\":1}");
    r.recordAt(Venue.BINANCE_USDM, "../etc", 1_723_161_254_000_000_001L, "{\"a\":\n1}");
    r.recordAt(Venue.BINANCE_USDM, "btcusdt", 1_723_161_254_000_000_002L, " ");
    r.close();
    List<Path> other = files("usdm-other_20240808T235414.000Z_000001.gz");
    assertEquals(1, other.size());
    assertEquals(
        List.of("1723161254000000000 {\"result\":null,\"id\":1}", "1723161254000000001 {\"a\": 1}"),
        plainGzipLines(other.get(0)));
    assertEquals(1, r.metrics().rejected());
    assertEquals(1, r.metrics().rewritten());
    assertTrue(files("usdm_btcusdt_*").isEmpty(), "a blank line opens no file");
  }
}
