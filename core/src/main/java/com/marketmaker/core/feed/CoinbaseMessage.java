package com.marketmaker.core.feed;

import com.marketmaker.core.instrument.InstrumentSpec;

/**
 * A decoded Coinbase Exchange websocket message of the {@code level2} channel ({@code snapshot},
 * {@code l2update}), the {@code ticker} channel or the {@code matches} channel ({@code match},
 * {@code last_match}). Mutable and reused by {@link CoinbaseDecoder}; only the fields of the
 * decoded kind are meaningful.
 */
public final class CoinbaseMessage {

  public InstrumentSpec spec;

  /** Snapshot levels, or l2update changes ("buy" → bids, "sell" → asks), in message order. */
  public final LevelBuffer bids = new LevelBuffer();

  public final LevelBuffer asks = new LevelBuffer();

  /** Venue timestamp in microseconds since the epoch (l2update, ticker, match); 0 if absent. */
  public long timeMicros;

  /**
   * Ticker: the venue's best bid and ask in ticks, its sequence (also a match's) and the last
   * trade.
   */
  public long bestBid;

  public long bestAsk;
  public long sequence;
  public long lastPrice;
  public long lastSize;

  /** Match and last_match: the trade (time in milliseconds, aggressor from the maker's side). */
  public final Trade trade = new Trade();

  void clear() {
    spec = null;
    bids.clear();
    asks.clear();
    timeMicros = 0;
    bestBid = bestAsk = sequence = lastPrice = lastSize = 0;
    trade.tradeId = trade.price = trade.size = trade.tradeTimeMillis = 0;
    trade.buyerAggressor = false;
  }
}
