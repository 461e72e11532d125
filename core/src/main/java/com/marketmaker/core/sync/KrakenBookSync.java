package com.marketmaker.core.sync;

import com.marketmaker.core.book.OrderBook;
import com.marketmaker.core.book.Side;
import com.marketmaker.core.feed.KrakenBookMessage;

/**
 * Kraken websocket v1 {@code book} sync for one pair. Kraken has no sequence numbers; integrity
 * comes from the CRC32 checksum of the top 10 levels sent with every update, verified here after
 * each update is applied: a mismatch is a gap. Updates apply asks then bids in message order, and
 * the book is trimmed to the subscribed depth afterwards because Kraken does not send removals for
 * levels that fall out of that depth (they are re-sent, flagged {@code "r"}, if they come back).
 */
public final class KrakenBookSync extends BookSync {

  private final int depth;
  private final KrakenChecksum checksum;
  private long verified;

  /**
   * @param depth the subscribed book depth (10, 25, 100, 500 or 1000)
   */
  public KrakenBookSync(OrderBook book, int depth, KrakenChecksum checksum) {
    super(book);
    this.depth = depth;
    this.checksum = checksum;
  }

  /** Updates whose checksum was verified. */
  public long verifiedCount() {
    return verified;
  }

  /** Feeds a decoded snapshot or update of this pair. */
  public Outcome onMessage(KrakenBookMessage m) {
    if (m.snapshot) {
      book.clear();
      m.asks.applyTo(book, Side.ASK);
      m.bids.applyTo(book, Side.BID);
      trim();
      snapshotLoaded();
      setStatus(SyncStatus.LIVE);
      return applied();
    }
    if (!isLive()) {
      return stale(); // no snapshot to apply it to; a resubscription brings a new one
    }
    m.asks.applyTo(book, Side.ASK);
    m.bids.applyTo(book, Side.BID);
    trim();
    if (m.checksum != KrakenBookMessage.NO_CHECKSUM) {
      long local = checksum.compute(book);
      if (local != m.checksum) {
        return gap("checksum " + local + " != venue's " + m.checksum);
      }
      verified++;
    }
    return applied();
  }

  private void trim() {
    book.truncate(Side.ASK, depth);
    book.truncate(Side.BID, depth);
  }
}
