package com.marketmaker.simulator.exchange;

import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.instrument.InstrumentSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One trading account's orders on one {@link MatchingEngine}: every order it was accepted (by id,
 * and by client id for the latest that used it), its working ones by client id (a client id is
 * unique among them), and those resting on the book, oldest first. Kept apart from the engine's
 * book so that the engine reads as matching; only the engine touches it, under its lock.
 */
final class AccountOrders {

  final Map<Long, ExchangeOrder> byId = new HashMap<>();
  final Map<String, ExchangeOrder> byClientId = new HashMap<>();
  final LinkedHashMap<Long, ExchangeOrder> open = new LinkedHashMap<>();
  final Map<String, ExchangeOrder> openByClientId = new HashMap<>();

  /** Takes in an accepted order, working until {@link #closed}. */
  void accepted(ExchangeOrder o) {
    byId.put(o.orderId, o);
    byClientId.put(o.clientOrderId, o);
    if (o.status.working()) {
      openByClientId.put(o.clientOrderId, o);
    }
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
