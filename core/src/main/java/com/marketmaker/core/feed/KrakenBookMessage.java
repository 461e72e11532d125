package com.marketmaker.core.feed;

import com.marketmaker.core.instrument.InstrumentSpec;

/**
 * A decoded Kraken v1 {@code book} channel message: a snapshot ({@code as}/{@code bs}) or an update
 * ({@code a}/{@code b}, possibly both, with the CRC32 {@code c} of the top 10 levels after it).
 * Mutable and reused by {@link KrakenDecoder}.
 */
public final class KrakenBookMessage {

  /** Marks an update without a checksum. */
  public static final long NO_CHECKSUM = -1;

  public InstrumentSpec spec;
  public boolean snapshot;
  public final LevelBuffer asks = new LevelBuffer();
  public final LevelBuffer bids = new LevelBuffer();

  /** Levels flagged {@code "r"}: republished because they came back into the subscribed depth. */
  public int republished;

  /** The venue's checksum as an unsigned 32-bit value, or {@link #NO_CHECKSUM}. */
  public long checksum = NO_CHECKSUM;

  void clear() {
    spec = null;
    snapshot = false;
    asks.clear();
    bids.clear();
    republished = 0;
    checksum = NO_CHECKSUM;
  }
}
