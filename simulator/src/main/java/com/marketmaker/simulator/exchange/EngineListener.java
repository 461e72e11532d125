package com.marketmaker.simulator.exchange;

import com.marketmaker.core.book.Side;

/**
 * What a {@link MatchingEngine} reports, called on the thread that changed the engine while it
 * holds the engine's lock, in the order of the changes.
 */
public interface EngineListener {

  /** A change of an order of a trading account (never of the crowd's orders). */
  default void onOrderUpdate(OrderUpdate update) {}

  /** A fill of a trading account's order, for the ledger. */
  default void onFill(LedgerEntry fill) {}

  /** The crowd's order filled (counted only). */
  default void onCrowdFill() {}

  /**
   * A price level's total quantity changed, as part of book update {@code updateId} (0 lots: the
   * level is gone).
   */
  default void onLevel(Side side, long priceTicks, long totalLots, long updateId) {}

  /**
   * Order ids below {@code nextOrderId} and trade ids below {@code nextTradeId} may now be used; a
   * kept venue records this before any of them is (see {@link MatchingEngine#restore}).
   */
  default void onIdsReserved(long nextOrderId, long nextTradeId) {}

  /** A public trade; {@code buyerMaker} is Binance's {@code m}. */
  default void onTrade(
      long tradeId, long priceTicks, long lots, boolean buyerMaker, long timeMillis) {}
}
