package com.marketmaker.simulator.exchange;

import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.orders.OrderStatus;
import com.marketmaker.core.orders.OrderType;
import com.marketmaker.core.orders.TimeInForce;

/** The engine's mutable order; only the engine touches it, under its lock. */
final class ExchangeOrder {
  final String account;
  final boolean crowd;
  final long orderId;
  final String clientOrderId;
  final Side side;
  final OrderType type;
  final TimeInForce timeInForce;
  final PostOnly postOnly;
  final long priceTicks;
  final long origLots;
  final long timeMillis;
  long executedLots;
  long cumulativeQuote;
  OrderStatus status = OrderStatus.NEW;
  boolean expiredInMatch;
  long preventedLots;
  long updateTimeMillis;
  long workingTimeMillis = -1;

  /** Position in the engine's list of resting crowd orders, -1 when not in it. */
  int crowdIndex = -1;

  ExchangeOrder(
      String account,
      boolean crowd,
      long orderId,
      String clientOrderId,
      Side side,
      OrderType type,
      TimeInForce timeInForce,
      PostOnly postOnly,
      long priceTicks,
      long origLots,
      long timeMillis) {
    this.account = account;
    this.crowd = crowd;
    this.orderId = orderId;
    this.clientOrderId = clientOrderId;
    this.side = side;
    this.type = type;
    this.timeInForce = timeInForce;
    this.postOnly = postOnly;
    this.priceTicks = priceTicks;
    this.origLots = origLots;
    this.timeMillis = timeMillis;
    this.updateTimeMillis = timeMillis;
  }

  long remaining() {
    return origLots - executedLots;
  }

  OrderView view(String symbol) {
    return new OrderView(
        account,
        symbol,
        orderId,
        clientOrderId,
        side,
        type,
        timeInForce,
        postOnly,
        priceTicks,
        origLots,
        executedLots,
        cumulativeQuote,
        status,
        expiredInMatch,
        preventedLots,
        timeMillis,
        updateTimeMillis,
        workingTimeMillis);
  }
}
