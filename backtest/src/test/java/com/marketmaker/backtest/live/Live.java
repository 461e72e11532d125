package com.marketmaker.backtest.live;

import com.marketmaker.core.accounting.Performance;
import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.orders.ClientOrderIds;
import com.marketmaker.core.orders.OrderEvent;
import com.marketmaker.core.orders.OrderLedger;
import com.marketmaker.core.orders.OwnTrade;
import com.marketmaker.core.orders.TradeBooking;
import com.marketmaker.persistence.SymbolEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A live session read back from the instrument's journal: its fills as booked (replayed through the
 * same {@link TradeBooking} as live), its P&amp;L at the last journaled touch, and the round trips
 * of its orders (request journaled to the venue's answer).
 *
 * @param fills {@code [nanos, +1 buy / -1 sell, price ticks, lots]} in booking order
 */
record Live(
    List<long[]> fills,
    long totalCash,
    long inventoryLots,
    long[] roundTripsNanos,
    long sessionNanos) {

  static Live of(List<Object> journal, InstrumentSpec spec) {
    long incarnation = 0;
    TradeBooking booking = null;
    Map<String, Long> submitted = new HashMap<>();
    List<Long> roundTrips = new ArrayList<>();
    List<long[]> fills = new ArrayList<>();
    long bid = 0;
    long ask = 0;
    long first = Long.MAX_VALUE;
    long last = 0;
    for (Object o : journal) {
      if (o instanceof SymbolEvent.MakingStarted s && booking == null) {
        incarnation = Math.max(1, s.timestampMillis() / 1000);
        booking =
            new TradeBooking(
                new OrderLedger(
                    new ClientOrderIds(spec.id(), incarnation), OrderLedger.State.EMPTY),
                new Performance(spec, s.parameters().maxPositionLots()));
      }
      if (!(o instanceof SymbolEvent.OrderEventJournaled j) || booking == null) {
        continue;
      }
      OrderEvent e = j.event();
      first = Math.min(first, e.timeNanos());
      last = Math.max(last, e.timeNanos());
      if (j.bidTicks() > 0 && j.askTicks() >= j.bidTicks()) {
        bid = j.bidTicks();
        ask = j.askTicks();
      }
      if (e instanceof OrderEvent.Submitted s) {
        submitted.put(s.request().clientOrderId(), s.timeNanos());
      } else if (e instanceof OrderEvent.VenueAnswer a) {
        Long sent = submitted.remove(a.order().clientOrderId());
        if (sent != null && a.timeNanos() > sent) {
          roundTrips.add(a.timeNanos() - sent);
        }
      }
      for (OwnTrade t : booking.apply(e, j.bidTicks(), j.askTicks(), true)) {
        fills.add(
            new long[] {
              e.timeNanos(), t.side() == Side.BUY ? 1 : -1, t.priceTicks(), t.sizeLots()
            });
      }
    }
    if (booking == null) {
      throw new AssertionError("the journal holds no start");
    }
    return new Live(
        fills,
        booking.performance().pnl().total(spec, bid, ask),
        booking.performance().pnl().inventoryLots(),
        roundTrips.stream().mapToLong(Long::longValue).toArray(),
        last - first);
  }

  int fillCount() {
    return fills.size();
  }

  /** Half of each measured round trip: the backtester's order-entry and response delays. */
  long[] oneWayLatenciesNanos() {
    long[] out = new long[roundTripsNanos.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = roundTripsNanos[i] / 2;
    }
    return out.length == 0 ? new long[] {5_000_000L} : out;
  }

  /** Inventory (lots) just after {@code nanos}. */
  long inventoryAt(long nanos) {
    long q = 0;
    for (long[] f : fills) {
      if (f[0] > nanos) {
        break;
      }
      q += f[1] * f[3];
    }
    return q;
  }
}
