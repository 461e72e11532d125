package com.marketmaker.core.sync;

/** Whether a book can be trusted. Only a {@link #LIVE} book may be quoted from. */
public enum SyncStatus {
  /**
   * Waiting for a snapshot, or for the first diff that bridges the snapshot (Binance: only until a
   * diff older than the snapshot shows the stream is behind it; see {@code BinanceBookSync}).
   */
  SYNCING,
  /**
   * Snapshot plus every diff since, in sequence (Binance: the next diff may still have to bridge
   * the snapshot): the book mirrors the venue's.
   */
  LIVE,
  /** A sequence gap or checksum mismatch was seen: the book is wrong until a new snapshot. */
  GAP_NEEDS_SNAPSHOT
}
