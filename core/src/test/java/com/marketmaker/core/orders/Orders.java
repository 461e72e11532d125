package com.marketmaker.core.orders;

import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;

/** Builders of venue reports for the order tests. */
final class Orders {

  static final InstrumentId BTC = InstrumentId.parse("BINANCE:BTCUSDT");
  static final InstrumentSpec SPEC = InstrumentSpec.of(BTC, "0.01", "0.00001");
  static final ClientOrderIds IDS = new ClientOrderIds(BTC, 1_718_000_000L);

  private Orders() {}

  static OrderRequest request(long seq, Side side, long price, long size) {
    return OrderRequest.postOnly(BTC, IDS.idFor(seq), side, price, size);
  }

  static OrderEvent.Submitted submitted(long seq, Side side, int level, long price, long size) {
    return new OrderEvent.Submitted(request(seq, side, price, size), seq, level, 0);
  }

  static VenueOrder venue(OrderRequest r, long venueId, long executed, OrderStatus status) {
    return new VenueOrder(
        BTC,
        r.clientOrderId(),
        venueId,
        r.side(),
        r.type(),
        r.priceTicks(),
        r.sizeLots(),
        executed,
        status,
        0);
  }

  static OwnTrade trade(OrderRequest r, long tradeId, long venueId, long lots) {
    return new OwnTrade(
        BTC, tradeId, venueId, r.clientOrderId(), r.side(), r.priceTicks(), lots, 0, true, 0);
  }

  static OrderEvent.Executed stream(
      OrderRequest r, long venueId, long executed, OrderStatus status, ExecutionType type) {
    return new OrderEvent.Executed(
        new ExecutionEvent(BTC, type, venue(r, venueId, executed, status), null, "", 0), 0);
  }

  static OrderEvent.Executed streamTrade(
      OrderRequest r, long venueId, long executed, OrderStatus status, OwnTrade t) {
    return new OrderEvent.Executed(
        new ExecutionEvent(BTC, ExecutionType.TRADE, venue(r, venueId, executed, status), t, "", 0),
        0);
  }
}
