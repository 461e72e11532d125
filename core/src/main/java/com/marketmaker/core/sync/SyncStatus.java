package com.marketmaker.core.sync;

/** Whether a book can be trusted. Only a {@link #LIVE} book may be quoted from. */
public enum SyncStatus {
  /** Waiting for a snapshot, or for the first diff that bridges the snapshot. */
  SYNCING,
  /** Snapshot plus every diff since, in sequence: the book mirrors the venue's. */
  LIVE,
  /** A sequence gap or checksum mismatch was seen: the book is wrong until a new snapshot. */
  GAP_NEEDS_SNAPSHOT
}
