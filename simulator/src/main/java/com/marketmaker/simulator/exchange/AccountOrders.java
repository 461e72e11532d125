package com.marketmaker.simulator.exchange;

import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.instrument.InstrumentSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One trading account's orders on one {@link MatchingEngine}: every order it was accepted (by id,
 * and by client id for the latest that used it) until it is forgotten, its working ones by client
 * id (a client id is unique among them), and those resting on the book, oldest first. Kept apart
 * from the engine's book so that the engine reads as matching; only the engine touches it, under
 * its lock.
 *
 * <p>Orders that ended without a fill (cancelled or expired with nothing executed) are forgotten
 * once they ended longer ago than the engine's unfilled retention, as Binance archives them (USD-M
 * no longer finds such an order three days after it was made): an account quoting all day replaces
 * its quotes thousands of times an hour, and without this every replaced quote would stay in memory
 * for as long as the venue runs. Orders with a fill are forgotten after the longer fill retention,
 * counted from when they ended, together with their fills in the {@link Ledger}.
 */
final class AccountOrders {

  final Map<Long, ExchangeOrder> byId = new HashMap<>();
  final Map<String, ExchangeOrder> byClientId = new HashMap<>();
  final LinkedHashMap<Long, ExchangeOrder> open = new LinkedHashMap<>();
  final Map<String, ExchangeOrder> openByClientId = new HashMap<>();

  /** Orders that ended without a fill and are still held, in the order they ended. */
  private final ArrayDeque<ExchangeOrder> endedUnfilled = new ArrayDeque<>();

  /** Orders that ended with a fill and are still held, in the order they ended. */
  private final ArrayDeque<ExchangeOrder> endedFilled = new ArrayDeque<>();

  /** Orders ever accepted here, including those forgotten since. */
  private long acceptedCount;

  /** Takes in an accepted order, working until {@link #closed}. */
  void accepted(ExchangeOrder o) {
    byId.put(o.orderId, o);
    byClientId.put(o.clientOrderId, o);
    acceptedCount++;
    if (o.status.working()) {
      openByClientId.put(o.clientOrderId, o);
    }
  }

  /** How many orders were ever accepted here, whether still held or forgotten. */
  long acceptedCount() {
    return acceptedCount;
  }

  /**
   * The order has ended (its status and update time final); it will be forgotten by {@link
   * #forgetEnded}. Orders must be handed in the order their update times run.
   */
  void ended(ExchangeOrder o) {
    if (!o.status.working()) {
      (o.executedLots == 0 ? endedUnfilled : endedFilled).addLast(o);
    }
  }

  /**
   * Forgets the orders that ended without a fill before {@code unfilledBefore} and those that ended
   * with one before {@code filledBefore} (milliseconds): they can no longer be looked up by id or
   * client id.
   *
   * @return how many were forgotten
   */
  int forgetEnded(long unfilledBefore, long filledBefore) {
    return forget(endedUnfilled, unfilledBefore) + forget(endedFilled, filledBefore);
  }

  private int forget(ArrayDeque<ExchangeOrder> ended, long before) {
    int n = 0;
    ExchangeOrder o;
    while ((o = ended.peekFirst()) != null && o.updateTimeMillis < before) {
      ended.pollFirst();
      byId.remove(o.orderId, o);
      // A later order may have taken the client id again: only this order's entry goes.
      byClientId.remove(o.clientOrderId, o);
      n++;
    }
    return n;
  }

  /** Orders held for lookup: working, or ended within the retention for their kind. */
  int held() {
    return byId.size();
  }

  /** The order no longer works (or no longer rests). */
  void closed(ExchangeOrder o) {
    open.remove(o.orderId);
    openByClientId.remove(o.clientOrderId);
  }

  /**
   * The order with {@code orderId} (when {@code >= 0}; null if {@code clientOrderId} names another)
   * or else the latest with {@code clientOrderId}.
   */
  ExchangeOrder find(long orderId, String clientOrderId) {
    if (orderId >= 0) {
      ExchangeOrder o = byId.get(orderId);
      if (o != null && clientOrderId != null && !clientOrderId.equals(o.clientOrderId)) {
        return null;
      }
      return o;
    }
    return clientOrderId == null ? null : byClientId.get(clientOrderId);
  }

  List<OrderView> openViews(String symbol) {
    List<OrderView> out = new ArrayList<>(open.size());
    for (ExchangeOrder o : open.values()) {
      out.add(o.view(symbol));
    }
    return out;
  }

  /** The quote value of the resting buy orders, then of the resting sell orders, at 8 places. */
  long[] openQuote(InstrumentSpec spec) {
    long[] out = new long[2];
    for (ExchangeOrder w : open.values()) {
      out[w.side == Side.BUY ? 0 : 1] += spec.notional(w.priceTicks, w.remaining());
    }
    return out;
  }
}
