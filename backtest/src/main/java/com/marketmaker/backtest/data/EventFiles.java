package com.marketmaker.backtest.data;

import com.marketmaker.core.instrument.InstrumentSpec;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts recorded captures into binary event files once, and opens and merges those files for
 * replay.
 *
 * <h2>Binary event file, version 1</h2>
 *
 * All numbers are little-endian; prices are long ticks and sizes long lots of the instrument's grid
 * given in the header; times are nanoseconds (receive time) or milliseconds (venue event times).
 *
 * <pre>
 * header   magic "MMEVENTS" (8 bytes), version int32 = 1, table length int32 N,
 *          instrument table (N bytes), CRC32C of the table int32
 * table    count int32, then per instrument: id "VENUE:SYMBOL" (uint16 length + UTF-8),
 *          tick unscaled int64, price scale int32, lot unscaled int64, size scale int32,
 *          contract type (uint16 length + ASCII name), minimum notional unscaled int64
 * block*   payload length int32 L &gt; 0, record count int32, CRC32C of the payload int32,
 *          payload: records (about 64 KiB a block; a larger record gets a block of its own)
 * end      int32 -1, int32 0, event count int64, "EVENTEND" (8 bytes)
 *
 * record   kind uint8 (1 snapshot, 2 depth diff, 3 trade, 4 book ticker, 5 stream snapshot),
 *          flags uint8 (trade: bit 0 = buyer aggressor), instrument index uint16,
 *          aux int32 (stream snapshot: book depth, 0 when unbounded; else 0),
 *          receive time ns int64, then by kind:
 *   book kinds (1, 2, 5)  first update id, final update id, previous final update id,
 *                         event time ms, checksum (depth diff: Kraken CRC32 or -1; else -1)
 *                         (int64 each), bid count int32, ask count int32,
 *                         then bids and asks as (price ticks int64, size lots int64)
 *   trade (3)             trade id, price ticks, size lots, trade time ms (int64 each)
 *   book ticker (4)       update id, bid price ticks, bid size lots, ask price ticks,
 *                         ask size lots (int64 each)
 * </pre>
 *
 * Absent update ids are -1. A reader refuses a file whose magic, version, header checksum or end
 * marker is wrong, a block whose checksum or length is wrong, and a record that does not fit its
 * block or names an unknown kind or instrument ({@link EventFileException}, with the file and the
 * offset).
 */
public final class EventFiles {

  private EventFiles() {}

  /**
   * What a conversion wrote.
   *
   * @param file the event file
   * @param instruments the instruments of the file, in index order
   * @param events events written
   * @param bytes the file's size
   * @param captureTruncated whether the capture's compressed data ended early (its events up to the
   *     last complete line were converted)
   */
  public record Conversion(
      Path file,
      List<InstrumentSpec> instruments,
      long events,
      long bytes,
      boolean captureTruncated) {}

  /**
   * Writes every event of {@code source} to the event file {@code target}, then closes the source.
   * The file is written next to the target as {@code <target>.part} and renamed when complete, so a
   * failed conversion leaves no event file behind.
   */
  public static Conversion convert(MarketEventSource source, Path target) throws IOException {
    Path part = target.resolveSibling(target.getFileName() + ".part");
    List<InstrumentSpec> instruments = source.instruments();
    long events;
    boolean truncated;
    try (source) {
      EventFileWriter writer = new EventFileWriter(part, instruments);
      try {
        MarketEvent e;
        while ((e = source.next()) != null) {
          writer.write(e);
        }
        truncated = source.truncated();
        writer.close();
        events = writer.eventCount();
      } catch (IOException | RuntimeException | Error e) {
        writer.abandon();
        Files.deleteIfExists(part);
        throw e;
      }
    }
    try {
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return new Conversion(target, instruments, events, Files.size(target), truncated);
  }

  /**
   * Converts one instrument's Binance capture ({@code <receive ns> <json>} gzip lines, continued
   * over {@code captures} in order); see {@link BinanceCaptureReader}.
   */
  public static Conversion convertBinance(InstrumentSpec spec, List<Path> captures, Path target)
      throws IOException {
    return convert(new BinanceCaptureReader(spec, captures), target);
  }

  /**
   * Converts the book channel of the {@code instruments} from a cryptofeed Kraken capture; see
   * {@link KrakenCaptureReader}.
   */
  public static Conversion convertKraken(
      List<InstrumentSpec> instruments, Path capture, Path target) throws IOException {
    return convert(new KrakenCaptureReader(instruments, capture), target);
  }

  /**
   * Converts the book, ticker and trades of the {@code instruments} from a cryptofeed Coinbase
   * capture; see {@link CoinbaseCaptureReader}.
   */
  public static Conversion convertCoinbase(
      List<InstrumentSpec> instruments, Path capture, Path target) throws IOException {
    return convert(new CoinbaseCaptureReader(instruments, capture), target);
  }

  /**
   * Opens an event file for replay.
   *
   * @throws EventFileException when it is not a complete event file of this version
   */
  public static EventFileReader open(Path file) throws IOException {
    return EventFileReader.open(file);
  }

  /**
   * Opens event files and merges them in receive-time order (ties in the order of {@code files});
   * see {@link MergedEventSource}. Closing the result closes every file.
   */
  public static MergedEventSource merge(List<Path> files) throws IOException {
    List<EventFileReader> readers = new ArrayList<>();
    try {
      for (Path f : files) {
        readers.add(EventFileReader.open(f));
      }
      return new MergedEventSource(readers);
    } catch (IOException | RuntimeException e) {
      for (EventFileReader r : readers) {
        try {
          r.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }
}
