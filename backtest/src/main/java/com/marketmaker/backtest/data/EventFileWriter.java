package com.marketmaker.backtest.data;

import static com.marketmaker.backtest.data.EventFileFormat.BLOCK_HEADER_BYTES;
import static com.marketmaker.backtest.data.EventFileFormat.BLOCK_TARGET_BYTES;

import com.marketmaker.core.feed.LevelBuffer;
import com.marketmaker.core.instrument.InstrumentSpec;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Writes market events to a binary event file (format in {@link EventFiles}): the header naming the
 * instruments and their grids, then the events in the order written, in checksummed blocks of about
 * 64 KiB, then the end marker written by {@link #close()}. A file without its end marker (a writer
 * that failed or was {@linkplain #abandon() abandoned}) is refused by {@link EventFileReader}.
 */
public final class EventFileWriter implements Closeable {

  private final Path file;
  private final FileChannel channel;
  private final int instrumentCount;
  private final ByteBuffer blockHeader =
      ByteBuffer.allocate(BLOCK_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
  private ByteBuffer block = ByteBuffer.allocate(BLOCK_TARGET_BYTES).order(ByteOrder.LITTLE_ENDIAN);
  private int blockRecords;
  private long events;
  private long bytes;
  private boolean closed;

  /**
   * Creates (or replaces) {@code file} and writes its header.
   *
   * @param instruments the instruments events refer to by index, with their grids
   * @throws IllegalArgumentException for more than 65,535 instruments
   */
  public EventFileWriter(Path file, List<InstrumentSpec> instruments) throws IOException {
    if (instruments.size() > EventFileFormat.MAX_INSTRUMENTS) {
      throw new IllegalArgumentException("too many instruments: " + instruments.size());
    }
    this.file = file;
    this.instrumentCount = instruments.size();
    this.channel =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
    try {
      byte[] table = EventFileFormat.encodeTable(instruments);
      ByteBuffer h =
          ByteBuffer.allocate(EventFileFormat.PREFIX_BYTES + table.length + 4)
              .order(ByteOrder.LITTLE_ENDIAN);
      h.put(EventFileFormat.MAGIC).putInt(EventFileFormat.VERSION).putInt(table.length);
      h.put(table).putInt(EventFileFormat.crc(table, 0, table.length));
      writeFully(h.flip());
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * Appends one event.
   *
   * @throws IllegalArgumentException when the event's instrument index is not one of the file's, or
   *     it holds more than 2^20 levels a side
   */
  public void write(MarketEvent e) throws IOException {
    if (closed) {
      throw new IllegalStateException("writer of " + file + " is closed");
    }
    if (e.instrument < 0 || e.instrument >= instrumentCount) {
      throw new IllegalArgumentException(
          "instrument " + e.instrument + " is not one of the file's " + instrumentCount);
    }
    int size = EventFileFormat.recordBytes(e);
    if (e.kind.hasLevels()
        && (e.depth.bids.count() > EventFileFormat.MAX_LEVELS
            || e.depth.asks.count() > EventFileFormat.MAX_LEVELS)) {
      throw new IllegalArgumentException("too many levels in " + e);
    }
    if (block.position() + size > block.capacity()) {
      if (blockRecords > 0) {
        flushBlock();
      }
      if (size > block.capacity()) {
        block = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
      }
    }
    encode(e, block);
    blockRecords++;
    events++;
  }

  private static void encode(MarketEvent e, ByteBuffer b) {
    int flags = e.kind == EventKind.TRADE && e.trade.buyerAggressor ? 1 : 0;
    int aux = e.kind == EventKind.STREAM_SNAPSHOT ? e.bookDepth : 0;
    if (aux < 0) {
      throw new IllegalArgumentException("negative book depth in " + e);
    }
    b.put((byte) e.kind.code()).put((byte) flags).putShort((short) e.instrument).putInt(aux);
    b.putLong(e.receivedNanos);
    switch (e.kind) {
      case SNAPSHOT, DEPTH, STREAM_SNAPSHOT -> {
        b.putLong(e.depth.firstUpdateId);
        b.putLong(e.depth.finalUpdateId);
        b.putLong(e.depth.previousFinalUpdateId);
        b.putLong(e.depth.eventTimeMillis);
        b.putLong(e.kind == EventKind.DEPTH ? e.checksum : MarketEvent.NO_CHECKSUM);
        b.putInt(e.depth.bids.count());
        b.putInt(e.depth.asks.count());
        putLevels(e.depth.bids, b);
        putLevels(e.depth.asks, b);
      }
      case TRADE -> {
        b.putLong(e.trade.tradeId);
        b.putLong(e.trade.price);
        b.putLong(e.trade.size);
        b.putLong(e.trade.tradeTimeMillis);
      }
      case BOOK_TICKER -> {
        b.putLong(e.ticker.updateId);
        b.putLong(e.ticker.bidPrice);
        b.putLong(e.ticker.bidSize);
        b.putLong(e.ticker.askPrice);
        b.putLong(e.ticker.askSize);
      }
    }
  }

  private static void putLevels(LevelBuffer levels, ByteBuffer b) {
    for (int i = 0; i < levels.count(); i++) {
      b.putLong(levels.price(i)).putLong(levels.size(i));
    }
  }

  private void flushBlock() throws IOException {
    int length = block.position();
    blockHeader.clear();
    blockHeader.putInt(length).putInt(blockRecords);
    blockHeader.putInt(EventFileFormat.crc(block.array(), 0, length));
    writeFully(blockHeader.flip());
    writeFully(block.flip());
    block.clear();
    blockRecords = 0;
  }

  private void writeFully(ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      bytes += channel.write(b);
    }
  }

  /** Events written so far. */
  public long eventCount() {
    return events;
  }

  /** Bytes written to the file so far (the last block is written on {@link #close()}). */
  public long bytesWritten() {
    return bytes;
  }

  /** Writes the last block and the end marker, and closes the file. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try (FileChannel c = channel) {
      if (blockRecords > 0) {
        flushBlock();
      }
      ByteBuffer end =
          ByteBuffer.allocate(EventFileFormat.END_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      end.putInt(EventFileFormat.END_MARK).putInt(0).putLong(events).put(EventFileFormat.END_MAGIC);
      writeFully(end.flip());
      c.force(false);
    }
  }

  /** Closes the file without its end marker: readers will refuse it. */
  public void abandon() throws IOException {
    if (!closed) {
      closed = true;
      channel.close();
    }
  }
}
