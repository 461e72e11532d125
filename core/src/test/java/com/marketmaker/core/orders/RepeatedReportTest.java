package com.marketmaker.core.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.Venue;
import org.junit.jupiter.api.Test;

/** A venue report that repeats what the ledger knows leaves it exactly as it was. */
class RepeatedReportTest {

  private static final InstrumentId ID = new InstrumentId(Venue.BINANCE, "BTCUSDT");

  private static VenueOrder view(String id, OrderStatus status, long executed) {
    return new VenueOrder(
        ID, id, 42, Side.BUY, OrderType.LIMIT_MAKER, 1_000, 10, executed, status, 0);
  }

  @Test
  void theStreamsNewAfterTheRestAcknowledgementChangesNothing() {
    OrderLedger ledger = new OrderLedger(new ClientOrderIds(ID, 1));
    String id = ledger.ids().idFor(0);
    ledger.apply(
        new OrderEvent.Submitted(OrderRequest.postOnly(ID, id, Side.BUY, 1_000, 10), 0, 0, 100));
    ledger.apply(new OrderEvent.VenueAnswer(view(id, OrderStatus.NEW, 0), 200));
    OrderLedger.State acknowledged = ledger.snapshot();

    ledger.apply(
        new OrderEvent.Executed(
            new ExecutionEvent(ID, ExecutionType.NEW, view(id, OrderStatus.NEW, 0), null, "", 0),
            300));
    assertEquals(acknowledged, ledger.snapshot(), "a repeated NEW changes nothing");

    // A report with news still changes the order, and its update time.
    ledger.apply(new OrderEvent.VenueAnswer(view(id, OrderStatus.CANCELED, 0), 400));
    assertNotEquals(acknowledged, ledger.snapshot());
    assertEquals(400, ledger.find(id).updatedNanos());
    assertEquals(OrderState.CANCELED, ledger.find(id).state());
  }
}
