package com.marketmaker.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.orders.ClientOrderIds;
import com.marketmaker.core.orders.ExecutionEvent;
import com.marketmaker.core.orders.ExecutionType;
import com.marketmaker.core.orders.OrderEvent;
import com.marketmaker.core.orders.OrderLedger;
import com.marketmaker.core.orders.OrderRequest;
import com.marketmaker.core.orders.OrderStatus;
import com.marketmaker.core.orders.OwnTrade;
import com.marketmaker.core.orders.VenueOrder;
import com.marketmaker.core.strategy.MakerParameters;
import com.marketmaker.core.strategy.StrategyConfig;
import com.marketmaker.persistence.SymbolEvent;
import com.marketmaker.persistence.SymbolState;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The entity applies order events to its live ledger in place instead of restoring the ledger from
 * the state before and after each event. Over long random order lives (placements, acks, partial
 * and full fills, cancels, duplicate reports) the state it reaches is the state restoring gives,
 * and the live ledger holds exactly the state's orders after every event.
 */
class LiveLedgerTest {

  private static final InstrumentId BTC = InstrumentId.parse("BINANCE:BTCUSDT");
  private static final InstrumentSpec SPEC = InstrumentSpec.of(BTC, "0.01", "0.00001");

  private record Live(OrderRequest request, long venueId, long[] executed) {}

  @Test
  void applyingInPlaceReachesTheSameStateAsRestoring() {
    for (long seed = 1; seed <= 5; seed++) {
      Random r = new Random(seed);
      SymbolEvent start =
          new SymbolEvent.MakingStarted(
              SPEC,
              new MakerParameters(0.1, 60, 1, 50, 100, 100_000),
              StrategyConfig.defaults(),
              "test",
              0);
      SymbolState restored = SymbolState.EMPTY.apply(start);
      SymbolState.KeptLedger holder = new SymbolState.KeptLedger();
      SymbolState live = SymbolState.EMPTY.apply(start, holder);
      ClientOrderIds ids = restored.trading().ids(SPEC);
      List<Live> working = new ArrayList<>();
      long seq = 0;
      long tradeId = 1;
      OrderLedger first = null;
      for (int step = 0; step < 3_000; step++) {
        OrderEvent event;
        int what = r.nextInt(10);
        if (working.isEmpty() || what < 3) {
          Side side = r.nextBoolean() ? Side.BUY : Side.SELL;
          OrderRequest q =
              OrderRequest.postOnly(
                  BTC, ids.idFor(seq), side, 6_000_000 + r.nextInt(100), 100 + r.nextInt(400));
          working.add(new Live(q, 10_000 + seq, new long[1]));
          event = new OrderEvent.Submitted(q, seq++, 0, step);
        } else {
          Live o = working.get(r.nextInt(working.size()));
          if (what < 5) {
            event = new OrderEvent.VenueAnswer(venue(o, OrderStatus.NEW), step);
          } else if (what < 8) {
            long lots = Math.min(o.request().sizeLots() - o.executed()[0], 1 + r.nextInt(200));
            o.executed()[0] += lots;
            boolean done = o.executed()[0] == o.request().sizeLots();
            OrderStatus status = done ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED;
            OwnTrade t =
                new OwnTrade(
                    BTC,
                    // now and then a trade id delivered again
                    r.nextInt(20) == 0 && tradeId > 1 ? tradeId - 1 : tradeId++,
                    o.venueId(),
                    o.request().clientOrderId(),
                    o.request().side(),
                    o.request().priceTicks(),
                    lots,
                    3,
                    true,
                    step);
            event =
                new OrderEvent.Executed(
                    new ExecutionEvent(BTC, ExecutionType.TRADE, venue(o, status), t, "", step),
                    step);
            if (done) {
              working.remove(o);
            }
          } else if (what < 9) {
            event = new OrderEvent.CancelRequested(o.request().clientOrderId(), step);
          } else {
            event = new OrderEvent.VenueAnswer(venue(o, OrderStatus.CANCELED), step);
            working.remove(o);
          }
        }
        SymbolEvent journaled =
            new SymbolEvent.OrderEventJournaled(event, 5_999_990, 6_000_010, step);
        restored = restored.apply(journaled);
        live = live.apply(journaled, holder);
        assertEquals(restored, live, "seed " + seed + ", step " + step + ": " + event);
        OrderLedger kept = holder.of(live.trading().orders());
        assertNotNull(kept);
        assertEquals(live.trading().orders(), kept.snapshot(), "step " + step);
        if (first == null) {
          first = kept;
        }
        assertSame(first, kept, "changed in place, never restored: step " + step);
      }
    }
  }

  private static VenueOrder venue(Live o, OrderStatus status) {
    return new VenueOrder(
        BTC,
        o.request().clientOrderId(),
        o.venueId(),
        o.request().side(),
        o.request().type(),
        o.request().priceTicks(),
        o.request().sizeLots(),
        o.executed()[0],
        status,
        0);
  }
}
