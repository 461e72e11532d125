package com.marketmaker.core.sync;

import com.marketmaker.core.book.OrderBook;
import com.marketmaker.core.book.Side;
import com.marketmaker.core.feed.CoinbaseMessage;

/**
 * Coinbase Exchange {@code level2} sync for one product: a {@code snapshot}, then {@code l2update}
 * changes. The channel carries no sequence numbers, so the integrity check available is the book
 * itself: Coinbase's matching engine never rests a crossed book, so a crossed local book after an
 * update means a message was lost or mis-applied, and is treated as a gap.
 */
public final class CoinbaseBookSync extends BookSync {

  private long lastUpdateMicros;

  public CoinbaseBookSync(OrderBook book) {
    super(book);
  }

  /** Venue time of the last applied l2update, in microseconds since the epoch. */
  public long lastUpdateMicros() {
    return lastUpdateMicros;
  }

  public Outcome onSnapshot(CoinbaseMessage m) {
    book.clear();
    m.bids.applyTo(book, Side.BID);
    m.asks.applyTo(book, Side.ASK);
    snapshotLoaded();
    if (book.isCrossed()) {
      return gap("crossed snapshot");
    }
    setStatus(SyncStatus.LIVE);
    return applied();
  }

  public Outcome onUpdate(CoinbaseMessage m) {
    if (!isLive()) {
      return stale(); // nothing to apply it to until the next snapshot
    }
    m.bids.applyTo(book, Side.BID);
    m.asks.applyTo(book, Side.ASK);
    lastUpdateMicros = m.timeMicros;
    if (book.isCrossed()) {
      return gap("book crossed after l2update: bid " + book.bestBid() + " ask " + book.bestAsk());
    }
    return applied();
  }
}
