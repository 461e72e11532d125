package com.marketmaker.core.feed;

/**
 * A decoded order-book diff, or a snapshot (then {@link #finalUpdateId} is the snapshot's {@code
 * lastUpdateId} and the levels are the full book). Mutable and reused by decoders to keep the hot
 * path allocation-free; {@link #copy()} it to keep it.
 *
 * <p>Binance fields: {@code U} = {@link #firstUpdateId}, {@code u} = {@link #finalUpdateId}, USD-M
 * futures {@code pu} = {@link #previousFinalUpdateId} ({@link #NO_ID} when absent).
 */
public final class DepthUpdate {

  /** Marks an absent update id. */
  public static final long NO_ID = -1;

  public long firstUpdateId = NO_ID;
  public long finalUpdateId = NO_ID;
  public long previousFinalUpdateId = NO_ID;
  public long eventTimeMillis;
  public final LevelBuffer bids = new LevelBuffer();
  public final LevelBuffer asks = new LevelBuffer();

  public void clear() {
    firstUpdateId = NO_ID;
    finalUpdateId = NO_ID;
    previousFinalUpdateId = NO_ID;
    eventTimeMillis = 0;
    bids.clear();
    asks.clear();
  }

  /** An independent copy. */
  public DepthUpdate copy() {
    DepthUpdate c = new DepthUpdate();
    c.firstUpdateId = firstUpdateId;
    c.finalUpdateId = finalUpdateId;
    c.previousFinalUpdateId = previousFinalUpdateId;
    c.eventTimeMillis = eventTimeMillis;
    c.bids.copyFrom(bids);
    c.asks.copyFrom(asks);
    return c;
  }
}
