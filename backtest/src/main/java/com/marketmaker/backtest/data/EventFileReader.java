package com.marketmaker.backtest.data;

import static com.marketmaker.backtest.data.EventFileFormat.BLOCK_HEADER_BYTES;
import static com.marketmaker.backtest.data.EventFileFormat.END_BYTES;
import static com.marketmaker.backtest.data.EventFileFormat.LEVEL_BYTES;

import com.marketmaker.core.feed.LevelBuffer;
import com.marketmaker.core.instrument.InstrumentSpec;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Streams the events of a binary event file (format in {@link EventFiles}) in constant memory: one
 * block in memory at a time, one reused {@link MarketEvent} (or the caller's, decoded straight into
 * by {@link #next(MarketEvent)}). Opening checks the magic, the format version, the header's
 * checksum and that the file ends with its end marker, so a truncated or unfinished file is refused
 * before any event is read; each block's CRC32C is checked before any of its records is decoded,
 * and every record's kind, instrument and length are checked. Problems are reported as an {@link
 * EventFileException} naming the file and the offset.
 */
public final class EventFileReader implements MarketEventSource {

  // Little-endian views of the block's bytes: one bounds check per field, no buffer position.
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle SHORT =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

  private final Path file;
  private final FileChannel channel;
  private final long size;
  private final List<InstrumentSpec> instruments;
  private final int version;
  private final long endOffset;
  private final long declaredEvents;
  private final MarketEvent event = new MarketEvent();
  private final ByteBuffer blockHeader =
      ByteBuffer.allocate(BLOCK_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
  private ByteBuffer block =
      ByteBuffer.allocate(EventFileFormat.BLOCK_TARGET_BYTES).order(ByteOrder.LITTLE_ENDIAN);
  private long position;
  private long blockPayloadOffset;
  // The block being decoded: its bytes, the next record's offset and the payload's end.
  private byte[] bytes = block.array();
  private int at;
  private int end;
  private int blockRecordsLeft;
  private long events;
  private boolean done;

  private EventFileReader(Path file, FileChannel channel) throws IOException {
    this.file = file;
    this.channel = channel;
    this.size = channel.size();
    block.limit(0);
    if (size < EventFileFormat.PREFIX_BYTES) {
      throw error(0, "not an event file: " + size + " bytes, shorter than the header");
    }
    ByteBuffer prefix = read(0, EventFileFormat.PREFIX_BYTES);
    byte[] magic = new byte[EventFileFormat.MAGIC.length];
    prefix.get(magic);
    if (!Arrays.equals(magic, EventFileFormat.MAGIC)) {
      throw error(0, "not an event file: bad magic");
    }
    version = prefix.getInt();
    if (version != EventFileFormat.VERSION) {
      throw error(
          8,
          "unsupported format version "
              + version
              + " (this reader reads version "
              + EventFileFormat.VERSION
              + ")");
    }
    int tableLength = prefix.getInt();
    long dataStart = EventFileFormat.PREFIX_BYTES + (long) tableLength + 4;
    if (tableLength < 4 || tableLength > EventFileFormat.MAX_TABLE_BYTES) {
      throw error(12, "corrupt header: instrument table length " + tableLength);
    }
    if (dataStart + END_BYTES > size) {
      throw error(size, "truncated: the header and end marker need " + (dataStart + END_BYTES));
    }
    ByteBuffer table = read(EventFileFormat.PREFIX_BYTES, tableLength + 4);
    int stored = table.getInt(tableLength);
    if (stored != EventFileFormat.crc(table.array(), 0, tableLength)) {
      throw error(EventFileFormat.PREFIX_BYTES, "corrupt header: checksum mismatch");
    }
    try {
      instruments = EventFileFormat.decodeTable(table.limit(tableLength));
    } catch (RuntimeException e) {
      throw error(EventFileFormat.PREFIX_BYTES, "corrupt instrument table: " + e.getMessage());
    }
    endOffset = size - END_BYTES;
    ByteBuffer end = read(endOffset, END_BYTES);
    int mark = end.getInt();
    int zero = end.getInt();
    declaredEvents = end.getLong();
    byte[] endMagic = new byte[EventFileFormat.END_MAGIC.length];
    end.get(endMagic);
    if (mark != EventFileFormat.END_MARK
        || zero != 0
        || declaredEvents < 0
        || !Arrays.equals(endMagic, EventFileFormat.END_MAGIC)) {
      throw error(endOffset, "truncated or unfinished: no end marker (file is " + size + " bytes)");
    }
    position = dataStart;
  }

  /**
   * Opens an event file and checks its header and end marker.
   *
   * @throws EventFileException when it is not a valid event file of this version
   */
  public static EventFileReader open(Path file) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      return new EventFileReader(file, channel);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** The format version of the file. */
  public int formatVersion() {
    return version;
  }

  /** The number of events the file's end marker declares. */
  public long declaredEvents() {
    return declaredEvents;
  }

  @Override
  public List<InstrumentSpec> instruments() {
    return instruments;
  }

  @Override
  public MarketEvent next() throws IOException {
    return next(event) ? event : null;
  }

  /** Decodes the next event straight into {@code into}. */
  @Override
  public boolean next(MarketEvent into) throws IOException {
    if (!hasNext()) {
      return false;
    }
    decodeRecord(into);
    blockRecordsLeft--;
    events++;
    return true;
  }

  @Override
  public boolean canPeek() {
    return true;
  }

  /** Whether another event follows; loads (and checks) its block when this one is done. */
  @Override
  public boolean hasNext() throws IOException {
    if (blockRecordsLeft == 0) {
      if (at < end) {
        throw error(
            blockPayloadOffset + at, (end - at) + " bytes after the last record of its block");
      }
      return !done && nextBlock();
    }
    return true;
  }

  /** The next record's receive time, read from its header; the record itself is not decoded. */
  @Override
  public long peekReceivedNanos() throws IOException {
    if (!hasNext()) {
      throw new NoSuchElementException("no event after the end of " + file);
    }
    if (end - at < EventFileFormat.RECORD_HEADER_BYTES) {
      throw error(blockPayloadOffset + at, "short record: block ends inside a record header");
    }
    return (long) LONG.get(bytes, at + 8);
  }

  private boolean nextBlock() throws IOException {
    if (position == endOffset) {
      done = true;
      if (events != declaredEvents) {
        throw error(
            endOffset, "end marker declares " + declaredEvents + " events, blocks hold " + events);
      }
      return false;
    }
    if (position + BLOCK_HEADER_BYTES > endOffset) {
      throw error(position, "truncated block header");
    }
    readFully(blockHeader.clear(), position);
    blockHeader.flip();
    int length = blockHeader.getInt();
    int records = blockHeader.getInt();
    int crc = blockHeader.getInt();
    long payload = position + BLOCK_HEADER_BYTES;
    if (length <= 0 || length > EventFileFormat.MAX_BLOCK_BYTES) {
      throw error(position, "corrupt block header: length " + length);
    }
    if (payload + length > endOffset) {
      throw error(position, "truncated block: " + length + " bytes do not fit before the end");
    }
    if (records <= 0 || records > length / EventFileFormat.MIN_RECORD_BYTES) {
      throw error(
          position, "corrupt block header: " + records + " records in " + length + " bytes");
    }
    if (block.capacity() < length) {
      block = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
      bytes = block.array();
    }
    block.clear().limit(length);
    readFully(block, payload);
    if (EventFileFormat.crc(bytes, 0, length) != crc) {
      throw error(position, "corrupt block: checksum mismatch");
    }
    at = 0;
    end = length;
    blockPayloadOffset = payload;
    blockRecordsLeft = records;
    position = payload + length;
    return true;
  }

  private void decodeRecord(MarketEvent e) throws EventFileException {
    byte[] b = bytes;
    int start = at;
    if (end - start < EventFileFormat.RECORD_HEADER_BYTES) {
      throw error(blockPayloadOffset + start, "short record: block ends inside a record header");
    }
    int code = b[start];
    int flags = b[start + 1];
    int instrument = Short.toUnsignedInt((short) SHORT.get(b, start + 2));
    int aux = (int) INT.get(b, start + 4);
    long nanos = (long) LONG.get(b, start + 8);
    at = start + EventFileFormat.RECORD_HEADER_BYTES;
    EventKind kind = EventKind.ofCode(code);
    if (kind == null) {
      throw error(blockPayloadOffset + start, "unknown event kind " + code);
    }
    if (instrument >= instruments.size()) {
      throw error(blockPayloadOffset + start, "instrument " + instrument + " is not in the header");
    }
    int allowedFlags = kind == EventKind.TRADE ? EventFileFormat.FLAG_BUYER_AGGRESSOR : 0;
    if ((flags & ~allowedFlags) != 0
        || aux < 0
        || (aux != 0 && kind != EventKind.STREAM_SNAPSHOT)) {
      throw error(blockPayloadOffset + start, "corrupt record header of a " + kind);
    }
    e.reset(kind, nanos, instrument);
    switch (kind) {
      case SNAPSHOT, DEPTH, STREAM_SNAPSHOT -> {
        need(start, EventFileFormat.BOOK_BODY_BYTES);
        int p = at;
        e.depth.firstUpdateId = (long) LONG.get(b, p);
        e.depth.finalUpdateId = (long) LONG.get(b, p + 8);
        e.depth.previousFinalUpdateId = (long) LONG.get(b, p + 16);
        e.depth.eventTimeMillis = (long) LONG.get(b, p + 24);
        e.checksum = (long) LONG.get(b, p + 32);
        e.bookDepth = aux;
        int bids = (int) INT.get(b, p + 40);
        int asks = (int) INT.get(b, p + 44);
        at = p + EventFileFormat.BOOK_BODY_BYTES;
        if (bids < 0
            || asks < 0
            || bids > EventFileFormat.MAX_LEVELS
            || asks > EventFileFormat.MAX_LEVELS) {
          throw error(blockPayloadOffset + start, "corrupt level counts " + bids + "/" + asks);
        }
        need(start, (long) LEVEL_BYTES * (bids + asks));
        at = getLevels(b, at, bids, e.depth.bids);
        at = getLevels(b, at, asks, e.depth.asks);
      }
      case TRADE -> {
        need(start, EventFileFormat.TRADE_BODY_BYTES);
        int p = at;
        e.trade.tradeId = (long) LONG.get(b, p);
        e.trade.price = (long) LONG.get(b, p + 8);
        e.trade.size = (long) LONG.get(b, p + 16);
        e.trade.tradeTimeMillis = (long) LONG.get(b, p + 24);
        e.trade.buyerAggressor = (flags & EventFileFormat.FLAG_BUYER_AGGRESSOR) != 0;
        at = p + EventFileFormat.TRADE_BODY_BYTES;
      }
      case BOOK_TICKER -> {
        need(start, EventFileFormat.TICKER_BODY_BYTES);
        int p = at;
        e.ticker.updateId = (long) LONG.get(b, p);
        e.ticker.bidPrice = (long) LONG.get(b, p + 8);
        e.ticker.bidSize = (long) LONG.get(b, p + 16);
        e.ticker.askPrice = (long) LONG.get(b, p + 24);
        e.ticker.askSize = (long) LONG.get(b, p + 32);
        at = p + EventFileFormat.TICKER_BODY_BYTES;
      }
    }
  }

  private void need(int recordStart, long bytes) throws EventFileException {
    if (end - at < bytes) {
      throw error(
          blockPayloadOffset + recordStart,
          "short record: needs " + bytes + " more bytes, its block has " + (end - at));
    }
  }

  /** Decodes {@code count} (price, size) pairs at {@code from}; returns the offset after them. */
  private static int getLevels(byte[] b, int from, int count, LevelBuffer out) {
    out.clear(count);
    int p = from;
    for (int i = 0; i < count; i++, p += LEVEL_BYTES) {
      out.add((long) LONG.get(b, p), (long) LONG.get(b, p + 8));
    }
    return p;
  }

  private ByteBuffer read(long offset, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    readFully(b, offset);
    return b.flip();
  }

  private void readFully(ByteBuffer b, long offset) throws IOException {
    long at = offset;
    while (b.hasRemaining()) {
      int n = channel.read(b, at);
      if (n < 0) {
        throw error(at, "truncated: the file ends at " + at);
      }
      at += n;
    }
  }

  private EventFileException error(long offset, String reason) {
    return new EventFileException(file, offset, reason);
  }

  /** The event file. */
  public Path file() {
    return file;
  }

  @Override
  public void close() throws IOException {
    done = true;
    channel.close();
  }
}
