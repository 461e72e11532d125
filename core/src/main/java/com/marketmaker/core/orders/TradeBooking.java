package com.marketmaker.core.orders;

import com.marketmaker.core.accounting.Performance;
import com.marketmaker.core.accounting.Side;
import java.util.List;

/**
 * Books order events into an order ledger and the P&amp;L scorecard, the one way both live trading
 * (through the journal) and the backtester book them: the ledger applies the event (fills
 * deduplicated by venue trade id), every newly booked trade goes to the scorecard marked against
 * the touch the event was recorded with, and the quote-uptime clock sees which sides are live.
 */
public final class TradeBooking {

  private final OrderLedger ledger;
  private final Performance performance;

  public TradeBooking(OrderLedger ledger, Performance performance) {
    this.ledger = ledger;
    this.performance = performance;
  }

  public OrderLedger ledger() {
    return ledger;
  }

  public Performance performance() {
    return performance;
  }

  /**
   * Applies one order event.
   *
   * @param bidTicks best bid when the event was recorded (0 when the book was not usable)
   * @param askTicks best ask when the event was recorded
   * @param quoting whether the instrument is making and not halted (for the uptime clock)
   * @return the trades booked by this event, oldest first
   */
  public List<OwnTrade> apply(OrderEvent event, long bidTicks, long askTicks, boolean quoting) {
    OrderLedger.Applied applied = ledger.apply(event);
    long t = event.timeNanos();
    if (event instanceof OrderEvent.Submitted s) {
      performance.onOrderPlaced(s.request().sizeLots(), t);
    }
    for (OwnTrade trade : applied.booked()) {
      TrackedOrder order = ledger.find(trade.clientOrderId());
      boolean first = order == null || order.bookedLots() == trade.sizeLots();
      long bid = bidTicks;
      long ask = askTicks;
      if (bid <= 0 || ask < bid) {
        // No usable book when the fill was recorded: mark it at its own price.
        bid = trade.priceTicks();
        ask = trade.priceTicks();
      }
      performance.onFill(trade, bid, ask, first, t);
    }
    performance.onQuoteState(
        quoting, ledger.isLive(Side.BUY), ledger.isLive(Side.SELL), Math.max(0, t));
    return applied.booked();
  }
}
