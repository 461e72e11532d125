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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.accounting.Side;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderLedgerTest {

  private final OrderLedger ledger = new OrderLedger(IDS);
  private final OrderRequest bid = request(0, Side.BUY, 100_000, 50);

  private TrackedOrder bid() {
    return ledger.find(bid.clientOrderId());
  }

  @Test
  void submittedOrderIsPendingNewAndAdvancesTheSequence() {
    ledger.apply(submitted(0, Side.BUY, 0, 100_000, 50));
    assertEquals(OrderState.PENDING_NEW, bid().state());
    assertEquals(1, ledger.nextSequence());
    assertFalse(bid().acknowledged());
    ledger.apply(submitted(0, Side.BUY, 0, 100_000, 50));
    assertEquals(1, ledger.workingCount(), "a replayed submission is applied once");
  }

  @Test
  void restAckAfterTheStreamsNewChangesNothing() {
    ledger.apply(submitted(0, Side.BUY, 0, 100_000, 50));
    ledger.apply(stream(bid, 77, 0, OrderStatus.NEW, ExecutionType.NEW));
    TrackedOrder afterStream = bid();
    assertEquals(OrderState.NEW, afterStream.state());
    assertEquals(77, afterStream.venueOrderId());
    ledger.apply(new OrderEvent.VenueAnswer(venue(bid, 77, 0, OrderStatus.NEW), 0));
    ledger.apply(stream(bid, 77, 0, OrderStatus.NEW, ExecutionType.NEW));
    assertEquals(afterStream, bid());
  }

  @Test
  void aFillBeforeTheAckIsBookedOnceAndTheLateAckDoesNotUndoIt() {
    ledger.apply(submitted(0, Side.BUY, 0, 100_000, 50));
    OwnTrade t = trade(bid, 1001, 77, 20);
    OrderLedger.Applied a = ledger.apply(streamTrade(bid, 77, 20, OrderStatus.PARTIALLY_FILLED, t));
    assertEquals(List.of(t), a.booked());
    assertEquals(
        OrderLedger.Applied.NOTHING,
        ledger.apply(streamTrade(bid, 77, 20, OrderStatus.PARTIALLY_FILLED, t)),
        "the same trade again books nothing");
    ledger.apply(new OrderEvent.VenueAnswer(venue(bid, 77, 0, OrderStatus.NEW), 0));
    assertEquals(OrderState.PARTIALLY_FILLED, bid().state());
    assertEquals(20, bid().bookedLots());
    assertEquals(30, bid().remainingLots());
    assertEquals(1001, ledger.lastTradeId());
  }

  @Test
  void fillsCompleteTheOrderAndALateNewAfterTheFillIsIgnored() {
    ledger.apply(submitted(0, Side.BUY, 0, 100_000, 50));
    ledger.apply(streamTrade(bid, 77, 30, OrderStatus.PARTIALLY_FILLED, trade(bid, 1, 77, 30)));
    ledger.apply(streamTrade(bid, 77, 50, OrderStatus.FILLED, trade(bid, 2, 77, 20)));
    assertEquals(OrderState.FILLED, bid().state());
    assertEquals(0, ledger.workingCount());
    ledger.apply(stream(bid, 77, 0, OrderStatus.NEW, ExecutionType.NEW));
    assertEquals(OrderState.FILLED, bid().state());
    assertEquals(50, bid().bookedLots());
  }

  @Test
  void aLateRestAckAfterTheStreamsCancelDoesNotReopenTheOrder() {
    ledger.apply(submitted(0, Side.BUY, 0, 100_000, 50));
    ledger.apply(new OrderEvent.CancelRequested(bid.clientOrderId(), 5));
    assertEquals(OrderState.PENDING_CANCEL, bid().state());
    ledger.apply(stream(bid, 77, 0, OrderStatus.CANCELED, ExecutionType.CANCELED));
    assertEquals(OrderState.CANCELED, bid().state());
    OrderLedger.Applied late =
        ledger.apply(new OrderEvent.VenueAnswer(venue(bid, 77, 0, OrderStatus.NEW), 9));
    assertEquals(OrderState.CANCELED, bid().state());
    assertTrue(late.orphans().isEmpty());
  }

  @Test
  void aFillWhileTheCancelIsPendingIsBookedAndTheOrderStaysPendingCancel() {
    ledger.apply(submitted(0, Side.BUY, 0, 100_000, 50));
    ledger.apply(stream(bid, 77, 0, OrderStatus.NEW, ExecutionType.NEW));
    ledger.apply(new OrderEvent.CancelRequested(bid.clientOrderId(), 5));
    ledger.apply(streamTrade(bid, 77, 10, OrderStatus.PARTIALLY_FILLED, trade(bid, 5, 77, 10)));
    assertEquals(OrderState.PENDING_CANCEL, bid().state());
    assertEquals(40, ledger.openExposure(Side.BUY), "pending cancel still counts as exposure");
    ledger.apply(stream(bid, 77, 10, OrderStatus.CANCELED, ExecutionType.CANCELED));
    assertEquals(OrderState.CANCELED, bid().state());
    assertEquals(10, bid().bookedLots());
    assertEquals(0, ledger.openExposure(Side.BUY));
  }

  @Test
  void aFillReportedBeforeItsTradeStaysExposureUntilTheTradeIsBooked() {
    ledger.apply(submitted(0, Side.BUY, 0, 100_000, 50));
    ledger.apply(stream(bid, 77, 0, OrderStatus.NEW, ExecutionType.NEW));
    // The cancel's answer says 20 lots were filled; the trade itself is still on its way.
    ledger.apply(new OrderEvent.CancelRequested(bid.clientOrderId(), 5));
    ledger.apply(new OrderEvent.VenueAnswer(venue(bid, 77, 20, OrderStatus.CANCELED), 6));
    assertEquals(OrderState.CANCELED, bid().state());
    assertEquals(0, ledger.workingCount());
    assertEquals(20, ledger.openExposure(Side.BUY), "20 lots filled but not in the inventory yet");
    assertEquals(20, new OrderLedger(IDS, ledger.snapshot()).openExposure(Side.BUY), "restored");
    ledger.apply(streamTrade(bid, 77, 20, OrderStatus.CANCELED, trade(bid, 5, 77, 20)));
    assertEquals(20, bid().bookedLots());
    assertEquals(0, ledger.openExposure(Side.BUY), "booked: the inventory holds them now");
    // A working order's reported fill counts the same way until its trade is booked.
    OrderRequest ask = request(1, Side.SELL, 100_500, 30);
    ledger.apply(new OrderEvent.Submitted(ask, 1, 0, 10));
    ledger.apply(new OrderEvent.VenueAnswer(venue(ask, 78, 10, OrderStatus.PARTIALLY_FILLED), 11));
    assertEquals(30, ledger.openExposure(Side.SELL));
  }

  @Test
  void aRefusedCancelIsRetriedAndAnUnknownOrderAnswerClosesAnAcknowledgedOrder() {
    ledger.apply(submitted(0, Side.BUY, 0, 100_000, 50));
    ledger.apply(streamTrade(bid, 77, 10, OrderStatus.PARTIALLY_FILLED, trade(bid, 5, 77, 10)));
    ledger.apply(new OrderEvent.CancelRequested(bid.clientOrderId(), 5));
    ledger.apply(new OrderEvent.CancelRefused(bid.clientOrderId(), 0, "timeout", false, 6));
    assertEquals(OrderState.PENDING_CANCEL, bid().state(), "still to be cancelled");
    assertEquals("cancel refused: 0 timeout", bid().reason());
    assertEquals(6, bid().updatedNanos(), "the retry delay runs from the refusal");
    // "Unknown order" for an acknowledged order: it is no longer open at the venue
    ledger.apply(new OrderEvent.CancelRequested(bid.clientOrderId(), 7));
    ledger.apply(
        new OrderEvent.CancelRefused(bid.clientOrderId(), -2011, "Unknown order sent.", true, 8));
    assertEquals(OrderState.CANCELED, bid().state());
    assertTrue(bid().closedLocally());
    // ... and its final report, late, still corrects it
    ledger.apply(streamTrade(bid, 77, 50, OrderStatus.FILLED, trade(bid, 6, 77, 40)));
    assertEquals(OrderState.FILLED, bid().state());
    assertEquals(50, bid().bookedLots());
  }

  @Test
  void aCancelThatOvertookItsPlacementDoesNotCloseTheOrderWhenTheVenueCallsItUnknown() {
    // Sent on separate connections, the cancel reaches the venue first ("unknown order"), then the
    // placement lands and rests. Its acknowledgement arrives before the refusal: the refusal
    // answers a cancel sent before the venue knew the order, so the order may still fill.
    ledger.apply(submitted(0, Side.BUY, 0, 100_000, 50));
    ledger.apply(new OrderEvent.CancelRequested(bid.clientOrderId(), 5));
    ledger.apply(stream(bid, 77, 0, OrderStatus.NEW, ExecutionType.NEW));
    ledger.apply(
        new OrderEvent.CancelRefused(bid.clientOrderId(), -2011, "Unknown order sent.", true, 8));
    assertEquals(OrderState.PENDING_CANCEL, bid().state(), "the cancel is to be sent again");
    assertFalse(bid().closedLocally());
    assertEquals(50, ledger.openExposure(Side.BUY), "its lots may still trade");
    // It fills before the retry: booked against a working order, exposure released by the fill.
    ledger.apply(streamTrade(bid, 77, 50, OrderStatus.FILLED, trade(bid, 9, 77, 50)));
    assertEquals(OrderState.FILLED, bid().state());
    assertEquals(50, bid().bookedLots());
    assertEquals(0, ledger.openExposure(Side.BUY));
  }

  @Test
  void aRetriedCancelSentAfterTheAcknowledgementClosesTheOrderOnUnknown() {
    ledger.apply(submitted(0, Side.BUY, 0, 100_000, 50));
    ledger.apply(new OrderEvent.CancelRequested(bid.clientOrderId(), 5));
    ledger.apply(stream(bid, 77, 0, OrderStatus.NEW, ExecutionType.NEW));
    ledger.apply(
        new OrderEvent.CancelRefused(bid.clientOrderId(), -2011, "Unknown order sent.", true, 8));
    assertEquals(OrderState.PENDING_CANCEL, bid().state());
    // The retry goes out with the acknowledgement in hand: now "unknown" means gone.
    ledger.apply(new OrderEvent.CancelRequested(bid.clientOrderId(), 20));
    ledger.apply(
        new OrderEvent.CancelRefused(bid.clientOrderId(), -2011, "Unknown order sent.", true, 22));
    assertEquals(OrderState.CANCELED, bid().state());
    assertTrue(bid().closedLocally());
    assertEquals(0, ledger.openExposure(Side.BUY));
  }

  @Test
  void aDefinitiveRefusalRejectsWithTheVenuesReasonAnUncertainOneKeepsItPending() {
    ledger.apply(submitted(0, Side.BUY, 0, 100_000, 50));
    ledger.apply(new OrderEvent.PlaceRefused(bid.clientOrderId(), 0, "unreachable", false, 1));
    assertEquals(OrderState.PENDING_NEW, bid().state());
    ledger.apply(
        new OrderEvent.PlaceRefused(
            bid.clientOrderId(), -2010, "Order would immediately match and take.", true, 2));
    assertEquals(OrderState.REJECTED, bid().state());
    assertEquals("-2010 Order would immediately match and take.", bid().reason());
  }

  @Test
  void aRefusedRetryOfAnAcknowledgedOrderIsIgnored() {
    ledger.apply(submitted(0, Side.BUY, 0, 100_000, 50));
    ledger.apply(stream(bid, 77, 0, OrderStatus.NEW, ExecutionType.NEW));
    ledger.apply(
        new OrderEvent.PlaceRefused(bid.clientOrderId(), -2010, "Duplicate order sent.", true, 3));
    assertEquals(OrderState.NEW, bid().state());
  }

  @Test
  void aStreamRejectionCarriesTheReason() {
    ledger.apply(submitted(0, Side.BUY, 0, 100_000, 50));
    ledger.apply(
        new OrderEvent.Executed(
            new ExecutionEvent(
                BTC,
                ExecutionType.REJECTED,
                venue(bid, 77, 0, OrderStatus.REJECTED),
                null,
                "INSUFFICIENT_BALANCE",
                0),
            1));
    assertEquals(OrderState.REJECTED, bid().state());
    assertEquals("INSUFFICIENT_BALANCE", bid().reason());
  }

  @Test
  void anUnknownWorkingOrderOnTheStreamIsTakenInForCancel() {
    OrderRequest foreign = OrderRequest.postOnly(BTC, "web_123", Side.SELL, 100_500, 5);
    OrderLedger.Applied a = ledger.apply(stream(foreign, 9, 0, OrderStatus.NEW, ExecutionType.NEW));
    assertEquals(1, a.orphans().size());
    TrackedOrder o = ledger.find("web_123");
    assertEquals(OrderState.PENDING_CANCEL, o.state());
    assertEquals(-1, o.level());
    assertEquals(5, ledger.openExposure(Side.SELL));
    // an unknown order already closed needs nothing
    OrderRequest gone = OrderRequest.postOnly(BTC, "web_124", Side.SELL, 100_500, 5);
    assertTrue(
        ledger.apply(stream(gone, 10, 0, OrderStatus.CANCELED, ExecutionType.CANCELED)).isEmpty());
    assertNull(ledger.find("web_124"));
  }

  @Test
  void aReconciliationListOlderThanAnAcknowledgementDoesNotCloseTheOrder() {
    // Open orders asked for at t=20; the venue takes the order (its answer arrives at t=30) after
    // it listed the open orders; the list is applied at t=40. Closing the order as absent would
    // leave it quoting at the venue with nothing tracking it.
    ledger.apply(submitted(0, Side.BUY, 0, 100_000, 50));
    ledger.apply(new OrderEvent.VenueAnswer(venue(bid, 77, 0, OrderStatus.NEW), 30));
    ledger.apply(new OrderEvent.Reconciled(List.of(), List.of(), 40, 20));
    assertEquals(OrderState.NEW, bid().state());
    assertEquals(1, ledger.workingCount());
    // A list asked for after the acknowledgement does close it: the venue no longer has it.
    ledger.apply(new OrderEvent.Reconciled(List.of(), List.of(), 60, 50));
    assertEquals(OrderState.CANCELED, bid().state());
    assertEquals(OrderLedger.ABSENT_AT_VENUE, bid().reason());
  }

  @Test
  void aPendingCancelAcknowledgedAfterTheListWasAskedForIsNotClosedAsAbsent() {
    // The journal of an instrument left with an untracked order at the venue, under load
    // (seconds, from its first event): placed at 0.00; the open orders asked for at 0.07; a
    // replacement's cancel sent at 2.02 and refused at 3.23 as "unknown order" (it overtook the
    // placement); the venue takes the order and its stream report arrives at 5.30; the list, taken
    // before the venue had the order, is applied at 5.39. The order is working at the venue:
    // closing
    // it as absent would stop the planner from sending its cancel again, and no report would ever
    // correct it.
    long ms = 1_000_000L;
    long inFlight = 7_000 * ms;
    ledger.apply(new OrderEvent.Submitted(bid, 0, 0, 0));
    ledger.apply(new OrderEvent.CancelRequested(bid.clientOrderId(), 2_017 * ms));
    ledger.apply(
        new OrderEvent.CancelRefused(
            bid.clientOrderId(), -2011, "Unknown order sent.", true, 3_229 * ms));
    assertEquals(OrderState.PENDING_CANCEL, bid().state());
    ledger.apply(
        new OrderEvent.Executed(
            new ExecutionEvent(
                BTC, ExecutionType.NEW, venue(bid, 453, 0, OrderStatus.NEW), null, "", 0),
            5_299 * ms));
    assertTrue(bid().acknowledged());
    assertEquals(5_299 * ms, bid().acknowledgedNanos());
    assertTrue(
        Reconciler.reconcile(ledger, List.of(), List.of(), true, 5_394 * ms, 69 * ms, inFlight)
            .close()
            .isEmpty(),
        "the reconciler does not close it");
    ledger.apply(new OrderEvent.Reconciled(List.of(), List.of(), 5_394 * ms, 69 * ms, inFlight));
    assertEquals(OrderState.PENDING_CANCEL, bid().state(), "still to be cancelled");
    assertEquals(50, ledger.openExposure(Side.BUY));
    // The same order acknowledged before the list was asked for, and absent from it, is gone.
    ledger.apply(new OrderEvent.Reconciled(List.of(), List.of(), 9_000 * ms, 8_000 * ms, inFlight));
    assertEquals(OrderState.CANCELED, bid().state());
    assertEquals(OrderLedger.ABSENT_AT_VENUE, bid().reason());
  }

  @Test
  void aPlacementThatMayStillBeOnItsWayIsNotClosedByAListAskedForShortlyAfterIt() {
    // A busy node: the placement sent at t = 0 s waits in the connection pool while the open
    // orders, asked for at t = 2 s, come back without it. It may still reach the venue within its
    // recvWindow and rest there: its exposure must stay counted, or the next order could take the
    // position past its limit once both fill.
    long second = 1_000_000_000L;
    long inFlight = 7 * second;
    ledger.apply(new OrderEvent.Submitted(bid, 0, 0, 0));
    ledger.apply(new OrderEvent.Reconciled(List.of(), List.of(), 3 * second, 2 * second, inFlight));
    assertEquals(OrderState.PENDING_NEW, bid().state());
    assertEquals(50, ledger.openExposure(Side.BUY), "still counted as exposure");
    assertTrue(
        Reconciler.reconcile(ledger, List.of(), List.of(), true, 3 * second, 2 * second, inFlight)
            .close()
            .isEmpty(),
        "the reconciler does not close it either");
    // A list asked for after the venue would refuse the placement for its timestamp is final.
    ledger.apply(new OrderEvent.Reconciled(List.of(), List.of(), 9 * second, 8 * second, inFlight));
    assertEquals(OrderState.CANCELED, bid().state());
    assertEquals(0, ledger.openExposure(Side.BUY));
    // Without the window (journals from before it existed) the first list closes it at once.
    OrderLedger old = new OrderLedger(IDS);
    old.apply(new OrderEvent.Submitted(bid, 0, 0, 0));
    old.apply(new OrderEvent.Reconciled(List.of(), List.of(), 3 * second, 2 * second));
    assertEquals(OrderState.CANCELED, old.find(bid.clientOrderId()).state());
  }

  @Test
  void tradesFromTheVenuesHistoryAreMatchedToTheOrderByTheVenuesOrderId() {
    // Binance's trade history (myTrades) names the venue's order id only. Fills found by
    // reconciliation must still count against their order: a partial one leaves the rest working,
    // a full one closes the order as filled, not as cancelled.
    ledger.apply(submitted(0, Side.BUY, 0, 100_000, 50));
    ledger.apply(new OrderEvent.VenueAnswer(venue(bid, 77, 0, OrderStatus.NEW), 10));
    OwnTrade partial = anonymous(trade(bid, 1001, 77, 20));
    OrderLedger.Applied a =
        ledger.apply(
            new OrderEvent.Reconciled(
                List.of(venue(bid, 77, 20, OrderStatus.PARTIALLY_FILLED)),
                List.of(partial),
                40,
                20));
    assertEquals(List.of(trade(bid, 1001, 77, 20)), a.booked(), "booked under our order's id");
    assertEquals(OrderState.PARTIALLY_FILLED, bid().state());
    assertEquals(20, bid().bookedLots());
    assertEquals(30, bid().remainingLots());
    OwnTrade rest = anonymous(trade(bid, 1002, 77, 30));
    ledger.apply(new OrderEvent.Reconciled(List.of(), List.of(partial, rest), 60, 50));
    assertEquals(OrderState.FILLED, bid().state());
    assertEquals(50, bid().bookedLots());
    assertEquals(0, ledger.workingCount());
    // A trade of an order we never had stays unmatched but is booked (inventory is inventory).
    OwnTrade foreign = anonymous(trade(request(9, Side.SELL, 100_100, 5), 1003, 99, 5));
    assertEquals(
        List.of(foreign),
        ledger.apply(new OrderEvent.Reconciled(List.of(), List.of(foreign), 80, 70)).booked());
  }

  private static OwnTrade anonymous(OwnTrade t) {
    return new OwnTrade(
        t.instrument(),
        t.tradeId(),
        t.venueOrderId(),
        "",
        t.side(),
        t.priceTicks(),
        t.sizeLots(),
        t.fee(),
        t.maker(),
        t.timeMillis());
  }

  @Test
  void anUnacknowledgedOrderWhoseCancelsTheVenueDoesNotKnowIsClosedByTheList() {
    // The placement never reached the venue; cancels of it are refused as unknown, each refusal
    // refreshing the order's time. A list asked for after it was sent closes it all the same.
    ledger.apply(submitted(0, Side.BUY, 0, 100_000, 50));
    ledger.apply(new OrderEvent.CancelRequested(bid.clientOrderId(), 10));
    ledger.apply(
        new OrderEvent.CancelRefused(bid.clientOrderId(), -2011, "Unknown order sent.", true, 30));
    assertEquals(OrderState.PENDING_CANCEL, bid().state());
    ledger.apply(new OrderEvent.Reconciled(List.of(), List.of(), 40, 20));
    assertEquals(OrderState.CANCELED, bid().state());
    assertEquals(0, ledger.workingCount());
    // An order sent after the list was asked for is not judged by it.
    OrderRequest ask = request(1, Side.SELL, 100_500, 50);
    ledger.apply(new OrderEvent.Submitted(ask, 1, 0, 50));
    ledger.apply(new OrderEvent.Reconciled(List.of(), List.of(), 60, 45));
    assertEquals(OrderState.PENDING_NEW, ledger.find(ask.clientOrderId()).state());
  }

  @Test
  void aReconciliationListOlderThanACancelReportDoesNotReopenTheOrder() {
    ledger.apply(submitted(0, Side.BUY, 0, 100_000, 50));
    ledger.apply(new OrderEvent.VenueAnswer(venue(bid, 77, 0, OrderStatus.NEW), 5));
    ledger.apply(
        new OrderEvent.Executed(
            new ExecutionEvent(
                BTC, ExecutionType.CANCELED, venue(bid, 77, 0, OrderStatus.CANCELED), null, "", 0),
            30));
    ledger.apply(
        new OrderEvent.Reconciled(List.of(venue(bid, 77, 0, OrderStatus.NEW)), List.of(), 40, 20));
    assertEquals(OrderState.CANCELED, bid().state());
    assertEquals(0, ledger.workingCount());
  }

  @Test
  void anOwnOrderWhoseSubmissionWasNeverJournaledSpendsItsSequence() {
    // The node sent orders 0 and 1 and died before journaling them: the recovered ledger is empty
    // and would give the next order the id of order 0.
    ledger.apply(submitted(0, Side.BUY, 0, 100_000, 50));
    ledger.apply(new OrderEvent.VenueAnswer(venue(bid, 77, 0, OrderStatus.NEW), 0));
    OrderRequest lost = request(3, Side.SELL, 100_500, 50);
    OrderLedger.Applied a =
        ledger.apply(
            new OrderEvent.Reconciled(
                List.of(venue(bid, 77, 0, OrderStatus.NEW), venue(lost, 78, 0, OrderStatus.NEW)),
                List.of(),
                1));
    assertEquals(List.of(venue(lost, 78, 0, OrderStatus.NEW)), a.orphans());
    assertEquals(4, ledger.nextSequence(), "the next order must not reuse the lost order's id");
    // a foreign id, or one of an earlier incarnation, leaves the sequence alone
    ClientOrderIds earlier = new ClientOrderIds(BTC, IDS.incarnation() - 1);
    ledger.apply(
        stream(
            OrderRequest.postOnly(BTC, earlier.idFor(40), Side.SELL, 100_600, 5),
            79,
            0,
            OrderStatus.NEW,
            ExecutionType.NEW));
    ledger.apply(
        stream(
            OrderRequest.postOnly(BTC, "web_125", Side.SELL, 100_600, 5),
            80,
            0,
            OrderStatus.NEW,
            ExecutionType.NEW));
    assertEquals(4, ledger.nextSequence());
    assertEquals(4, ledger.workingCount());
  }

  @Test
  void tradesOlderThanTheDedupWindowAreRefusedAndCounted() {
    ledger.apply(submitted(0, Side.BUY, 0, 100_000, 100_000));
    for (long id = 1000; id < 1000 + TradeIdWindow.CAPACITY; id++) {
      assertEquals(
          1,
          ledger
              .apply(streamTrade(bid, 77, 1, OrderStatus.PARTIALLY_FILLED, trade(bid, id, 77, 1)))
              .booked()
              .size());
    }
    assertTrue(
        ledger
            .apply(streamTrade(bid, 77, 1, OrderStatus.PARTIALLY_FILLED, trade(bid, 999, 77, 1)))
            .booked()
            .isEmpty());
    assertEquals(1, ledger.tradesBeyondWindow());
    assertEquals(1000, ledger.reconcileFromTradeId());
  }

  @Test
  void aSnapshotRestoresTheSameLedger() {
    ledger.apply(submitted(0, Side.BUY, 0, 100_000, 50));
    ledger.apply(submitted(1, Side.SELL, 0, 100_100, 50));
    ledger.apply(streamTrade(bid, 77, 10, OrderStatus.PARTIALLY_FILLED, trade(bid, 5, 77, 10)));
    ledger.apply(new OrderEvent.CancelRequested(IDS.idFor(1), 4));
    OrderLedger restored = new OrderLedger(IDS, ledger.snapshot());
    assertEquals(ledger.snapshot(), restored.snapshot());
    assertTrue(restored.isBooked(5));
    assertEquals(2, restored.nextSequence());
  }
}
