package com.marketmaker.core.feed;

/**
 * The venue's own best bid and ask (price in ticks, size in lots) as of book update {@link
 * #updateId}. Mutable and reused by the decoder.
 */
public final class BookTicker {
  public long updateId;
  public long bidPrice;
  public long bidSize;
  public long askPrice;
  public long askSize;

  /** An independent copy. */
  public BookTicker copy() {
    BookTicker c = new BookTicker();
    c.updateId = updateId;
    c.bidPrice = bidPrice;
    c.bidSize = bidSize;
    c.askPrice = askPrice;
    c.askSize = askSize;
    return c;
  }
}
