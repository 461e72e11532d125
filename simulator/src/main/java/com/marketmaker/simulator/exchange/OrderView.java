package com.marketmaker.simulator.exchange;

import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.orders.OrderStatus;
import com.marketmaker.core.orders.OrderType;
import com.marketmaker.core.orders.TimeInForce;

/**
 * An immutable picture of one order at the venue at one moment: what the REST answers and the
 * user-data events are written from.
 *
 * @param priceTicks limit price in ticks, 0 for a market order
 * @param executedLots filled so far
 * @param cumulativeQuote quote amount filled so far at 8 places (sum of the fills' notionals)
 * @param expiredInMatch expired by self-trade prevention (Binance spot: {@code EXPIRED_IN_MATCH})
 * @param preventedLots quantity expired by self-trade prevention
 * @param timeMillis when the venue accepted the order
 * @param updateTimeMillis the last change
 * @param workingTimeMillis when it went on the book, -1 if it never did
 */
public record OrderView(
    String account,
    String symbol,
    long orderId,
    String clientOrderId,
    Side side,
    OrderType type,
    TimeInForce timeInForce,
    PostOnly postOnly,
    long priceTicks,
    long origLots,
    long executedLots,
    long cumulativeQuote,
    OrderStatus status,
    boolean expiredInMatch,
    long preventedLots,
    long timeMillis,
    long updateTimeMillis,
    long workingTimeMillis) {

  public long remainingLots() {
    return origLots - executedLots;
  }

  /** Whether the order rests on the book (Binance's {@code isWorking}/{@code w}). */
  public boolean onBook() {
    return status.working() && workingTimeMillis >= 0;
  }
}
