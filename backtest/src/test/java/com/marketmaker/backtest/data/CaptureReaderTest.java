package com.marketmaker.backtest.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.testsupport.SharedData;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The text capture readers on their edges: a recorder's unfinished gzip file, plain text, a line
 * that is not a capture line, and cryptofeed's receive times to the nanosecond.
 */
class CaptureReaderTest {

  @TempDir Path dir;

  /** The first {@code n} lines of the spot BTC capture. */
  private static List<String> firstLines(int n) throws IOException {
    List<String> out = new ArrayList<>();
    try (BufferedReader r = SharedData.reader(Captures.SPOT_BTC_CAPTURE.files().get(0))) {
      for (String line = r.readLine(); line != null && out.size() < n; line = r.readLine()) {
        out.add(line);
      }
    }
    return out;
  }

  private static byte[] gzip(List<String> lines) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      for (String l : lines) {
        out.write((l + "\n").getBytes(StandardCharsets.US_ASCII));
      }
    }
    return bytes.toByteArray();
  }

  private static int count(MarketEventSource s) throws IOException {
    int n = 0;
    while (s.next() != null) {
      n++;
    }
    return n;
  }

  @Test
  void aCutGzipCaptureGivesItsCompleteLinesAndSaysSo() throws IOException {
    List<String> lines = firstLines(400);
    byte[] whole = gzip(lines);
    Path full = dir.resolve("full.gz");
    Files.write(full, whole);
    Path cut = dir.resolve("cut.gz.part");
    Files.write(cut, Arrays.copyOf(whole, whole.length * 2 / 3));
    int all;
    try (BinanceCaptureReader r = new BinanceCaptureReader(Captures.SPOT_BTC, List.of(full))) {
      all = count(r);
      assertFalse(r.truncated());
    }
    try (BinanceCaptureReader r = new BinanceCaptureReader(Captures.SPOT_BTC, List.of(cut))) {
      int some = count(r);
      assertTrue(r.truncated());
      assertTrue(some > 0 && some < all, some + " of " + all);
    }
    // Plain text reads the same as gzip.
    Path plain = dir.resolve("plain.txt");
    Files.write(plain, lines, StandardCharsets.US_ASCII);
    try (BinanceCaptureReader r = new BinanceCaptureReader(Captures.SPOT_BTC, List.of(plain))) {
      assertEquals(all, count(r));
    }
  }

  @Test
  void aLineThatIsNotACaptureLineFailsNamingFileAndLine() throws IOException {
    List<String> lines = new ArrayList<>(firstLines(5));
    lines.add(3, "17231612539370857x {\"stream\":\"btcusdt@trade\"}");
    Path f = dir.resolve("bad.gz");
    Files.write(f, gzip(lines));
    try (BinanceCaptureReader r = new BinanceCaptureReader(Captures.SPOT_BTC, List.of(f))) {
      CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> count(r));
      assertEquals(4, e.lineNumber());
      assertEquals(f, e.file());
      assertTrue(e.getMessage().startsWith(f + " line 4: "), e.getMessage());
    }
    // A trade off the instrument's grid is refused, not skipped.
    List<String> offGrid = new ArrayList<>(firstLines(2));
    offGrid.add(
        "1723161253937085769 {\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1,"
            + "\"s\":\"BTCUSDT\",\"t\":5,\"p\":\"61000.001\",\"q\":\"1\",\"T\":1,\"m\":true}}");
    Path g = dir.resolve("offgrid.gz");
    Files.write(g, gzip(offGrid));
    try (BinanceCaptureReader r = new BinanceCaptureReader(Captures.SPOT_BTC, List.of(g))) {
      CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> count(r));
      assertEquals(3, e.lineNumber());
      assertTrue(e.getMessage().contains("refused ("), e.getMessage());
    }
  }

  @Test
  void cryptofeedReceiveTimesAreExactNanoseconds() throws IOException {
    List<String> lines =
        List.of(
            "wss://ws.kraken.com <-> 1618678132.3858151",
            "1618678133.2949052: {\"event\":\"heartbeat\"}",
            "1618678133.5: {\"event\":\"heartbeat\"}",
            "1618678134: {\"event\":\"heartbeat\"}");
    assertEquals(
        List.of(1_618_678_133_294_905_200L, 1_618_678_133_500_000_000L, 1_618_678_134_000_000_000L),
        receiveTimes(lines));
  }

  private List<Long> receiveTimes(List<String> lines) throws IOException {
    Path f = dir.resolve("times.txt");
    Files.write(f, lines, StandardCharsets.US_ASCII);
    List<Long> out = new ArrayList<>();
    try (CaptureLines l = CaptureLines.open(f)) {
      while (l.next()) {
        if (Character.isDigit(l.buffer()[l.start()])) {
          out.add(l.parseSecondsAsNanos(l.indexOf((byte) ':', l.start())));
        }
      }
    }
    return out;
  }

  @Test
  void theCoinbaseReaderGivesOnlyTheProductsAskedFor() throws IOException {
    var products = Captures.coinbaseProducts();
    var one = List.of(products.get(4));
    int events = 0;
    try (CoinbaseCaptureReader r =
        new CoinbaseCaptureReader(one, SharedData.file(Captures.COINBASE_FILE))) {
      for (MarketEvent e = r.next(); e != null; e = r.next()) {
        assertEquals(0, e.instrument);
        events++;
      }
      assertNull(r.next());
    }
    assertTrue(events > 10, "events of " + one.get(0).id() + ": " + events);
  }
}
