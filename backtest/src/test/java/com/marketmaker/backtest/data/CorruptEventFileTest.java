package com.marketmaker.backtest.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.instrument.InstrumentSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that are not complete, valid event files are refused with an {@link EventFileException}
 * naming the file and the offset, never read as garbage: a wrong magic, version or header checksum,
 * a file cut anywhere, a block whose bytes changed, and records that do not fit their block or name
 * an unknown kind or instrument.
 */
class CorruptEventFileTest {

  @TempDir static Path dir;

  static Path good;
  static byte[] bytes;
  static int dataStart;

  @BeforeAll
  static void convert() throws IOException {
    good = dir.resolve("good.events");
    Captures.Binance c = Captures.USDM_ETH_CAPTURE;
    EventFiles.convertBinance(c.spec(), c.paths(), good);
    bytes = Files.readAllBytes(good);
    dataStart = EventFileFormat.PREFIX_BYTES + le(bytes).getInt(12) + 4;
  }

  private static ByteBuffer le(byte[] b) {
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static Path write(String name, byte[] content) throws IOException {
    Path f = dir.resolve(name);
    Files.write(f, content);
    return f;
  }

  /** Reads every event; returns how many came before the end. */
  private static long readAll(Path file) throws IOException {
    long n = 0;
    try (EventFileReader r = EventFiles.open(file)) {
      while (r.next() != null) {
        n++;
      }
    }
    return n;
  }

  private static EventFileException refused(Path file, long offset, String words) {
    EventFileException e = assertThrows(EventFileException.class, () -> readAll(file));
    assertEquals(file, e.file());
    assertEquals(offset, e.byteOffset(), e.getMessage());
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("offset " + offset), e.getMessage());
    assertTrue(e.getMessage().contains(words), e.getMessage());
    return e;
  }

  @Test
  void theGoodFileReadsToTheEnd() throws IOException {
    assertTrue(readAll(good) > 70_000);
  }

  @Test
  void badMagicIsRefused() throws IOException {
    byte[] b = bytes.clone();
    b[0] = 'X';
    refused(write("magic.events", b), 0, "magic");
    refused(write("text.events", "1723161253937085768 {}\n".getBytes()), 0, "magic");
    refused(write("empty.events", new byte[0]), 0, "shorter than the header");
  }

  @Test
  void anotherVersionIsRefused() throws IOException {
    byte[] b = bytes.clone();
    le(b).putInt(8, 2);
    refused(write("version.events", b), 8, "version 2");
  }

  @Test
  void aChangedHeaderIsRefused() throws IOException {
    byte[] b = bytes.clone();
    b[EventFileFormat.PREFIX_BYTES + 10] ^= 0x20; // inside the instrument's id
    refused(write("header.events", b), EventFileFormat.PREFIX_BYTES, "checksum");
  }

  @Test
  void aFileCutAnywhereIsRefusedBeforeAnyEvent() throws IOException {
    int firstBlock = le(bytes).getInt(dataStart);
    int blockBoundary = dataStart + EventFileFormat.BLOCK_HEADER_BYTES + firstBlock;
    int[] cuts = {
      4,
      12,
      EventFileFormat.PREFIX_BYTES + 5,
      dataStart,
      dataStart + 7,
      dataStart + 100,
      blockBoundary,
      blockBoundary + 3,
      bytes.length / 2,
      bytes.length - EventFileFormat.END_BYTES,
      bytes.length - 8,
      bytes.length - 1
    };
    for (int cut : cuts) {
      Path f = write("cut" + cut + ".events", Arrays.copyOf(bytes, cut));
      EventFileException e = assertThrows(EventFileException.class, () -> EventFiles.open(f));
      assertTrue(e.getMessage().startsWith(f + " at offset "), e.getMessage());
    }
  }

  @Test
  void aChangedByteInABlockIsRefusedAtThatBlock() throws IOException {
    // The third block: events of the first two come, then the refusal.
    ByteBuffer b = le(bytes.clone());
    int at = dataStart;
    long before = 0;
    for (int i = 0; i < 2; i++) {
      before += b.getInt(at + 4);
      at += EventFileFormat.BLOCK_HEADER_BYTES + b.getInt(at);
    }
    byte[] changed = b.array();
    changed[at + EventFileFormat.BLOCK_HEADER_BYTES + 20] ^= 1;
    Path f = write("flipped.events", changed);
    long[] read = new long[1];
    EventFileException e =
        assertThrows(
            EventFileException.class,
            () -> {
              try (EventFileReader r = EventFiles.open(f)) {
                while (r.next() != null) {
                  read[0]++;
                }
              }
            });
    assertEquals(at, e.byteOffset());
    assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    assertEquals(before, read[0], "events of the blocks before");
  }

  /** A file of the good file's header, one block of {@code payload}, and the end marker. */
  private static Path crafted(String name, byte[] payload, int records, long declared)
      throws IOException {
    ByteBuffer b =
        ByteBuffer.allocate(
                dataStart
                    + EventFileFormat.BLOCK_HEADER_BYTES
                    + payload.length
                    + EventFileFormat.END_BYTES)
            .order(ByteOrder.LITTLE_ENDIAN);
    b.put(bytes, 0, dataStart);
    b.putInt(payload.length).putInt(records);
    b.putInt(EventFileFormat.crc(payload, 0, payload.length)).put(payload);
    b.putInt(-1).putInt(0).putLong(declared).put(EventFileFormat.END_MAGIC);
    return write(name, b.array());
  }

  private static ByteBuffer trade(ByteBuffer p, int kind, int instrument) {
    p.put((byte) kind).put((byte) 1).putShort((short) instrument).putInt(0).putLong(1_000L);
    return p.putLong(7).putLong(100).putLong(3).putLong(1);
  }

  @Test
  void aRecordThatDoesNotFitItsBlockIsRefused() throws IOException {
    ByteBuffer p = ByteBuffer.allocate(48 + 64).order(ByteOrder.LITTLE_ENDIAN);
    trade(p, EventKind.TRADE.code(), 0);
    // A depth diff claiming 5 bids that its block does not hold.
    p.put((byte) EventKind.DEPTH.code()).put((byte) 0).putShort((short) 0).putInt(0);
    p.putLong(2_000L).putLong(1).putLong(2).putLong(-1).putLong(0).putLong(-1);
    p.putInt(5).putInt(0);
    Path f = crafted("short.events", p.array(), 2, 2);
    try (EventFileReader r = EventFiles.open(f)) {
      MarketEvent first = r.next();
      assertNotNull(first);
      assertEquals(EventKind.TRADE, first.kind);
      assertEquals(100, first.trade.price);
      assertTrue(first.trade.buyerAggressor);
    }
    long recordOffset = dataStart + EventFileFormat.BLOCK_HEADER_BYTES + 48;
    refused(f, recordOffset, "short record");
  }

  @Test
  void anUnknownKindOrInstrumentIsRefused() throws IOException {
    long offset = dataStart + EventFileFormat.BLOCK_HEADER_BYTES;
    ByteBuffer p = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
    refused(crafted("kind.events", trade(p, 9, 0).array(), 1, 1), offset, "unknown event kind 9");
    p = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
    refused(
        crafted("instrument.events", trade(p, EventKind.TRADE.code(), 1).array(), 1, 1),
        offset,
        "instrument 1 is not in the header");
  }

  @Test
  void anEndMarkerCountingOtherEventsIsRefused() throws IOException {
    ByteBuffer p = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
    Path f = crafted("count.events", trade(p, EventKind.TRADE.code(), 0).array(), 1, 2);
    refused(f, Files.size(f) - EventFileFormat.END_BYTES, "declares 2 events");
  }

  @Test
  void aConversionThatFailsLeavesNoFile() throws IOException {
    Path target = dir.resolve("failed.events");
    MarketEventSource failing =
        new MarketEventSource() {
          @Override
          public List<InstrumentSpec> instruments() {
            return List.of(Captures.SPOT_BTC);
          }

          @Override
          public MarketEvent next() throws IOException {
            throw new IOException("capture unreadable");
          }

          @Override
          public void close() {}
        };
    assertThrows(IOException.class, () -> EventFiles.convert(failing, target));
    assertTrue(Files.notExists(target));
    assertTrue(Files.notExists(dir.resolve("failed.events.part")));
  }

  @Test
  void theWriterRefusesAnInstrumentNotInItsHeader() throws IOException {
    try (EventFileWriter w =
        new EventFileWriter(dir.resolve("w.events"), List.of(Captures.SPOT_BTC))) {
      MarketEvent e = new MarketEvent();
      e.kind = EventKind.TRADE;
      e.instrument = 1;
      assertThrows(IllegalArgumentException.class, () -> w.write(e));
    }
  }
}
