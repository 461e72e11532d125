package com.marketmaker.core.feed;

/**
 * A public trade: price in ticks, size in lots, and which side was the aggressor (the taker). A
 * taker buy lifts the ask; a taker sell hits the bid. Mutable and reused by the decoder.
 */
public final class Trade {
  public long tradeId;
  public long price;
  public long size;

  /** True when the buyer took liquidity (Binance {@code m == false}). */
  public boolean buyerAggressor;

  public long tradeTimeMillis;

  /** An independent copy. */
  public Trade copy() {
    Trade c = new Trade();
    c.tradeId = tradeId;
    c.price = price;
    c.size = size;
    c.buyerAggressor = buyerAggressor;
    c.tradeTimeMillis = tradeTimeMillis;
    return c;
  }
}
