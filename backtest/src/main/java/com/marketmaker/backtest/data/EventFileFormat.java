package com.marketmaker.backtest.data;

import com.marketmaker.core.instrument.ContractType;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Layout of the binary event file; every number little-endian. See {@link EventFiles} for the
 * description of the format.
 */
final class EventFileFormat {

  private EventFileFormat() {}

  /** The first 8 bytes of every event file. */
  static final byte[] MAGIC = "MMEVENTS".getBytes(StandardCharsets.US_ASCII);

  /** The last 8 bytes of a finished event file. */
  static final byte[] END_MAGIC = "EVENTEND".getBytes(StandardCharsets.US_ASCII);

  /** The format version this code writes and reads. */
  static final int VERSION = 1;

  /** Magic, version and the instrument table's length. */
  static final int PREFIX_BYTES = 16;

  /** A block's payload length, record count and CRC32C. */
  static final int BLOCK_HEADER_BYTES = 12;

  /** The end marker: -1, 0, the event count and {@link #END_MAGIC}. */
  static final int END_BYTES = 24;

  /** The block length that marks the end. */
  static final int END_MARK = -1;

  /** Blocks are cut at about this many payload bytes (a larger record gets a block of its own). */
  static final int BLOCK_TARGET_BYTES = 1 << 16;

  /** No block is longer: a length beyond it is corruption. */
  static final int MAX_BLOCK_BYTES = 1 << 26;

  /** No instrument table is longer. */
  static final int MAX_TABLE_BYTES = 1 << 24;

  /** Levels per side a record may hold. */
  static final int MAX_LEVELS = 1 << 20;

  /** Kind, flags, instrument, aux and receive time. */
  static final int RECORD_HEADER_BYTES = 16;

  /** Update ids, event time, checksum and the two level counts. */
  static final int BOOK_BODY_BYTES = 48;

  /** Trade id, price, size, trade time. */
  static final int TRADE_BODY_BYTES = 32;

  /** Update id, bid price and size, ask price and size. */
  static final int TICKER_BODY_BYTES = 40;

  static final int LEVEL_BYTES = 16;

  /** The smallest record: a trade. */
  static final int MIN_RECORD_BYTES = RECORD_HEADER_BYTES + TRADE_BODY_BYTES;

  /** Flag of a trade whose buyer was the aggressor. */
  static final int FLAG_BUYER_AGGRESSOR = 1;

  /** Most instruments a file may name (the record's index is 16 bits). */
  static final int MAX_INSTRUMENTS = 0xFFFF;

  static int crc(byte[] data, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(data, off, len);
    return (int) c.getValue();
  }

  /** The instrument table: count, then per instrument its id, grid, contract type, minimum. */
  static byte[] encodeTable(List<InstrumentSpec> instruments) {
    int size = 4;
    List<byte[]> ids = new ArrayList<>();
    List<byte[]> types = new ArrayList<>();
    for (InstrumentSpec s : instruments) {
      byte[] id = s.id().toString().getBytes(StandardCharsets.UTF_8);
      byte[] type = s.contractType().name().getBytes(StandardCharsets.US_ASCII);
      ids.add(id);
      types.add(type);
      size += 2 + id.length + 8 + 4 + 8 + 4 + 2 + type.length + 8;
    }
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(instruments.size());
    for (int i = 0; i < instruments.size(); i++) {
      InstrumentSpec s = instruments.get(i);
      b.putShort((short) ids.get(i).length).put(ids.get(i));
      b.putLong(s.tickUnscaled()).putInt(s.priceScale());
      b.putLong(s.lotUnscaled()).putInt(s.sizeScale());
      b.putShort((short) types.get(i).length).put(types.get(i));
      b.putLong(s.minNotionalUnscaled());
    }
    return b.array();
  }

  /**
   * Parses the instrument table.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  static List<InstrumentSpec> decodeTable(ByteBuffer b) {
    int count = b.getInt();
    if (count < 0 || count > MAX_INSTRUMENTS) {
      throw new IllegalArgumentException("instrument count " + count);
    }
    List<InstrumentSpec> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      InstrumentId id = InstrumentId.parse(text(b));
      long tick = b.getLong();
      int priceScale = b.getInt();
      long lot = b.getLong();
      int sizeScale = b.getInt();
      ContractType type = ContractType.valueOf(text(b));
      long minNotional = b.getLong();
      out.add(new InstrumentSpec(id, tick, priceScale, lot, sizeScale, type, minNotional));
    }
    if (b.hasRemaining()) {
      throw new IllegalArgumentException(b.remaining() + " bytes after the instrument table");
    }
    return List.copyOf(out);
  }

  private static String text(ByteBuffer b) {
    int len = Short.toUnsignedInt(b.getShort());
    byte[] bytes = new byte[len];
    b.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The encoded length of an event's record. */
  static int recordBytes(MarketEvent e) {
    return switch (e.kind) {
      case SNAPSHOT, DEPTH, STREAM_SNAPSHOT ->
          RECORD_HEADER_BYTES
              + BOOK_BODY_BYTES
              + LEVEL_BYTES * (e.depth.bids.count() + e.depth.asks.count());
      case TRADE -> RECORD_HEADER_BYTES + TRADE_BODY_BYTES;
      case BOOK_TICKER -> RECORD_HEADER_BYTES + TICKER_BODY_BYTES;
    };
  }
}
