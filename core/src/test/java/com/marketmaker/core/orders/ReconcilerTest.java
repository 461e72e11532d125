package com.marketmaker.core.orders;

import static com.marketmaker.core.orders.Orders.BTC;
import static com.marketmaker.core.orders.Orders.IDS;
import static com.marketmaker.core.orders.Orders.request;
import static com.marketmaker.core.orders.Orders.stream;
import static com.marketmaker.core.orders.Orders.streamTrade;
import static com.marketmaker.core.orders.Orders.submitted;
import static com.marketmaker.core.orders.Orders.trade;
import static com.marketmaker.core.orders.Orders.venue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.instrument.InstrumentId;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ReconcilerTest {

  private final OrderLedger ledger = new OrderLedger(IDS);
  private final OrderRequest a = request(0, Side.BUY, 100_000, 50);
  private final OrderRequest b = request(1, Side.SELL, 100_100, 50);
  private final OrderRequest c = request(2, Side.BUY, 99_990, 50);
  private final OrderRequest foreign = OrderRequest.postOnly(BTC, "web_1", Side.SELL, 100_200, 3);
  private final OrderRequest earlierLife =
      OrderRequest.postOnly(BTC, new ClientOrderIds(BTC, 1).idFor(0), Side.BUY, 99_000, 4);

  ReconcilerTest() {
    ledger.apply(submitted(0, Side.BUY, 0, 100_000, 50));
    ledger.apply(submitted(1, Side.SELL, 0, 100_100, 50));
    ledger.apply(submitted(2, Side.BUY, 1, 99_990, 50));
    ledger.apply(stream(a, 70, 0, OrderStatus.NEW, ExecutionType.NEW));
    ledger.apply(stream(b, 71, 0, OrderStatus.NEW, ExecutionType.NEW));
    // trade 5 on b was booked; b's cancellation at the venue was missed
    ledger.apply(streamTrade(b, 71, 5, OrderStatus.PARTIALLY_FILLED, trade(b, 5, 71, 5)));
  }

  private static Set<String> ids(List<?> orders) {
    return orders.stream()
        .map(
            o -> o instanceof VenueOrder v ? v.clientOrderId() : ((TrackedOrder) o).clientOrderId())
        .collect(Collectors.toSet());
  }

  @Test
  void booksMissedFillsCancelsUnknownOrdersAndClosesWhatTheVenueNoLongerHas() {
    List<VenueOrder> open =
        List.of(
            venue(a, 70, 10, OrderStatus.PARTIALLY_FILLED),
            venue(foreign, 90, 0, OrderStatus.NEW),
            venue(earlierLife, 91, 0, OrderStatus.NEW));
    OwnTrade missed = trade(a, 7, 70, 10);
    List<OwnTrade> trades = List.of(trade(b, 5, 71, 5), missed);

    Reconciler.Reconciliation r = Reconciler.reconcile(ledger, open, trades, true, 100);

    assertEquals(List.of(missed), r.missedTrades());
    assertEquals(Set.of(a.clientOrderId()), ids(r.adopt()));
    assertEquals(Set.of("web_1", earlierLife.clientOrderId()), ids(r.cancel()));
    assertEquals(Set.of(b.clientOrderId(), c.clientOrderId()), ids(r.close()));
    assertFalse(r.mayQuote());
    assertTrue(r.reason().contains("2 unknown order(s)"), r.reason());

    OrderLedger.Applied applied = ledger.apply(r.event());
    assertEquals(List.of(missed), applied.booked());
    assertEquals(2, applied.orphans().size());
    assertEquals(ids(open), ids(ledger.workingOrders()), "working orders equal the venue's");
    assertEquals(10, ledger.find(a.clientOrderId()).bookedLots());
    assertEquals(OrderState.PARTIALLY_FILLED, ledger.find(a.clientOrderId()).state());
    TrackedOrder closedB = ledger.find(b.clientOrderId());
    assertEquals(OrderState.CANCELED, closedB.state());
    assertEquals(OrderLedger.ABSENT_AT_VENUE, closedB.reason());
    assertEquals(OrderState.PENDING_CANCEL, ledger.find("web_1").state());

    // applying the same answer again changes nothing
    OrderLedger.State once = ledger.snapshot();
    assertTrue(ledger.apply(r.event()).booked().isEmpty());
    assertEquals(
        once.orders().stream().map(TrackedOrder::state).toList(),
        ledger.snapshot().orders().stream().map(TrackedOrder::state).toList());

    // the unknown orders were cancelled at the venue: the next reconciliation lets quoting start
    Reconciler.Reconciliation next =
        Reconciler.reconcile(
            ledger, List.of(venue(a, 70, 10, OrderStatus.PARTIALLY_FILLED)), List.of(), true, 200);
    assertTrue(next.mayQuote(), next.reason());
    assertTrue(next.missedTrades().isEmpty());
    assertTrue(next.adopt().isEmpty());
    ledger.apply(next.event());
    assertEquals(Set.of(a.clientOrderId()), ids(ledger.workingOrders()));
  }

  @Test
  void quotingWaitsForTheWholeTradeHistory() {
    Reconciler.Reconciliation r =
        Reconciler.reconcile(
            ledger,
            List.of(
                venue(a, 70, 0, OrderStatus.NEW), venue(b, 71, 5, OrderStatus.PARTIALLY_FILLED)),
            List.of(),
            false,
            100);
    assertFalse(r.mayQuote());
    assertEquals("trade history not fetched to the end", r.reason());
  }

  @Test
  void recordsOfAnotherInstrumentAreIgnoredWithAReason() {
    InstrumentId eth = InstrumentId.parse("BINANCE:ETHUSDT");
    VenueOrder ethOrder =
        new VenueOrder(eth, "x1", 1, Side.BUY, OrderType.LIMIT, 10, 1, 0, OrderStatus.NEW, 0);
    OwnTrade ethTrade = new OwnTrade(eth, 3, 1, "x1", Side.BUY, 10, 1, 0, true, 0);
    Reconciler.Reconciliation r =
        Reconciler.reconcile(
            ledger,
            List.of(
                ethOrder,
                venue(a, 70, 0, OrderStatus.NEW),
                venue(b, 71, 5, OrderStatus.PARTIALLY_FILLED)),
            List.of(ethTrade),
            true,
            100);
    assertEquals(2, r.ignored().size(), r.ignored().toString());
    assertTrue(r.cancel().isEmpty());
    assertTrue(r.missedTrades().isEmpty());
    assertTrue(r.mayQuote());
  }
}
