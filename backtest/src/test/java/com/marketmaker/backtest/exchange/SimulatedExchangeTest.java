package com.marketmaker.backtest.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.accounting.FeeSchedule;
import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.book.OrderBook;
import com.marketmaker.core.book.TreeMapOrderBook;
import com.marketmaker.core.feed.DepthUpdate;
import com.marketmaker.core.feed.Trade;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.orders.OrderEvent;
import com.marketmaker.core.orders.OrderRequest;
import com.marketmaker.core.orders.OrderStatus;
import com.marketmaker.core.orders.OrderType;
import com.marketmaker.core.orders.TimeInForce;
import com.marketmaker.core.orders.VenueException.Kind;
import com.marketmaker.core.orders.VenueRateLimits;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The venue model against hand-worked scenarios: queue, latency, crossing, races, fees, limits. */
class SimulatedExchangeTest {

  private static final InstrumentSpec SPEC =
      InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "BTCUSDT"), "0.01", "0.001");
  private static final long MS = 1_000_000L;
  // 1 ms to the venue, 2 ms to cancel, 3 ms back.
  private static final LatencyModel ENTRY = LatencyModel.constant(MS);
  private static final LatencyModel CANCEL = LatencyModel.constant(2 * MS);
  private static final LatencyModel RESPONSE = LatencyModel.constant(3 * MS);

  private final List<OrderEvent> answers = new ArrayList<>();
  private final List<Kind> refusals = new ArrayList<>();

  private final OrderBook market = new TreeMapOrderBook();

  private SimulatedExchange exchange(QueueModel queue, FeeSchedule fees) {
    return new SimulatedExchange(
        SPEC, new SimulatedExchange.Config(ENTRY, CANCEL, RESPONSE, queue, fees, null), market);
  }

  /** The market's book moves (a snapshot replaces it), then the venue sees the change. */
  private void depth(SimulatedExchange x, DepthUpdate d, boolean snapshot, long nanos) {
    if (snapshot) {
      market.clear();
    }
    d.bids.applyTo(market, com.marketmaker.core.book.Side.BID);
    d.asks.applyTo(market, com.marketmaker.core.book.Side.ASK);
    x.onBook(d, snapshot, nanos);
  }

  private void run(SimulatedExchange x, long until) {
    x.runUntil(
        until,
        (e, k) -> {
          answers.add(e);
          refusals.add(k);
        });
  }

  /** A book with one bid level and one ask level (prices in ticks, sizes in lots). */
  private static DepthUpdate book(long bid, long bidLots, long ask, long askLots) {
    DepthUpdate d = new DepthUpdate();
    d.bids.add(bid, bidLots);
    d.asks.add(ask, askLots);
    return d;
  }

  private static DepthUpdate bidLevel(long price, long lots) {
    DepthUpdate d = new DepthUpdate();
    d.bids.add(price, lots);
    return d;
  }

  private static Trade sellTrade(long price, long lots) {
    Trade t = new Trade();
    t.price = price;
    t.size = lots;
    t.buyerAggressor = false;
    return t;
  }

  private static OrderRequest postOnlyBuy(String id, long price, long lots) {
    return OrderRequest.postOnly(SPEC.id(), id, Side.BUY, price, lots);
  }

  @Test
  void aTradeFillsUsOnlyOnceTheSizeAheadIsUsedUpAndPartiallyWhenItIsSmaller() {
    SimulatedExchange x = exchange(QueueModel.RISK_AVERSE, FeeSchedule.ofBps(0, 0));
    depth(x, book(10_000, 5, 10_001, 7), true, 0);
    x.place(postOnlyBuy("b1", 10_000, 10), 0);
    run(x, MS); // reaches the venue at 1 ms: 5 lots displayed ahead of it
    assertEquals(5, x.aheadLots("b1"));
    x.onTrade(sellTrade(10_000, 3), 2 * MS); // 3 of the 5 ahead
    assertEquals(2, x.aheadLots("b1"));
    x.onTrade(sellTrade(10_000, 4), 3 * MS); // 2 ahead, then 2 of ours
    assertEquals(0, x.aheadLots("b1"));
    run(x, 10 * MS);
    OrderEvent.Executed fill = assertInstanceOf(OrderEvent.Executed.class, answers.get(1));
    assertEquals(2, fill.event().trade().sizeLots());
    assertEquals(OrderStatus.PARTIALLY_FILLED, fill.event().order().status());
    assertEquals(6 * MS, fill.timeNanos(), "filled at 3 ms, reported 3 ms later");
    assertTrue(fill.event().trade().maker());

    x.onTrade(sellTrade(9_999, 1), 11 * MS); // a trade through our price: all 8 left fill
    run(x, 20 * MS);
    OrderEvent.Executed rest = assertInstanceOf(OrderEvent.Executed.class, answers.get(2));
    assertEquals(8, rest.event().trade().sizeLots());
    assertEquals(OrderStatus.FILLED, rest.event().order().status());
    assertEquals(0, x.restingOrders());
  }

  @Test
  void theAcknowledgementArrivesAfterEntryAndResponseLatency() {
    SimulatedExchange x = exchange(QueueModel.RISK_AVERSE, FeeSchedule.ofBps(0, 0));
    depth(x, book(10_000, 5, 10_001, 7), true, 0);
    x.place(postOnlyBuy("b1", 9_999, 1), 100 * MS);
    run(x, 103 * MS);
    assertTrue(answers.isEmpty(), "at the venue at 101 ms, answer back at 104 ms");
    run(x, 104 * MS);
    OrderEvent.VenueAnswer ack = assertInstanceOf(OrderEvent.VenueAnswer.class, answers.get(0));
    assertEquals(OrderStatus.NEW, ack.order().status());
    assertEquals(104 * MS, ack.timeNanos());
  }

  @Test
  void cancelsAheadMoveUsUpAsEachQueueModelEstimates() {
    // 2 lots ahead of us, 8 behind; the level drops from 10 to 6 without a trade.
    // Risk-averse: only a level smaller than what is ahead moves us: 2 stay ahead.
    // Power n=2: f(back)=64, f(front)=4, 64/68 of the 4 lots (3.76, so 4) come from behind: 2.
    // Logarithmic: ln 9 / (ln 9 + ln 3) = 2/3 of 4 (2.67, so 3) behind, 1 ahead: 1 left.
    assertEquals(2, aheadAfterCancels(QueueModel.RISK_AVERSE));
    assertEquals(2, aheadAfterCancels(QueueModel.power(2)));
    assertEquals(1, aheadAfterCancels(QueueModel.logarithmic()));
    // Power n=0.5: sqrt 8 / (sqrt 8 + sqrt 2) = 2/3 behind as well: 1 left.
    assertEquals(1, aheadAfterCancels(QueueModel.power(0.5)));
  }

  private long aheadAfterCancels(QueueModel model) {
    SimulatedExchange x = exchange(model, FeeSchedule.ofBps(0, 0));
    depth(x, book(10_000, 2, 10_001, 7), true, 0);
    x.place(postOnlyBuy("b1", 10_000, 1), 0);
    run(x, MS);
    depth(x, bidLevel(10_000, 10), false, 2 * MS); // 8 join behind us
    assertEquals(2, x.aheadLots("b1"));
    depth(x, bidLevel(10_000, 6), false, 3 * MS);
    return x.aheadLots("b1");
  }

  @Test
  void aDecreaseExplainedByTradesAtOurPriceIsNotCountedTwice() {
    SimulatedExchange x = exchange(QueueModel.logarithmic(), FeeSchedule.ofBps(0, 0));
    depth(x, book(10_000, 4, 10_001, 7), true, 0);
    x.place(postOnlyBuy("b1", 10_000, 1), 0);
    run(x, MS);
    x.onTrade(sellTrade(10_000, 3), 2 * MS); // 1 ahead left
    depth(x, bidLevel(10_000, 1), false, 3 * MS); // the diff shows the same 3 lots gone
    assertEquals(1, x.aheadLots("b1"));
  }

  @Test
  void aPostOnlyOrderThatWouldCrossIsRefusedAPlainLimitTakes() {
    SimulatedExchange x = exchange(QueueModel.RISK_AVERSE, FeeSchedule.ofBps(2, 5));
    depth(x, book(10_000, 5, 10_001, 7), true, 0);
    x.place(postOnlyBuy("b1", 10_001, 1), 0);
    run(x, 10 * MS);
    OrderEvent.PlaceRefused refused =
        assertInstanceOf(OrderEvent.PlaceRefused.class, answers.get(0));
    assertTrue(refused.definitive());
    assertEquals(Kind.REFUSED, refusals.get(0));

    OrderRequest limit =
        new OrderRequest(SPEC.id(), "b2", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 10_002, 10);
    x.place(limit, 20 * MS);
    run(x, 30 * MS);
    OrderEvent.Executed taken = assertInstanceOf(OrderEvent.Executed.class, answers.get(2));
    assertEquals(7, taken.event().trade().sizeLots(), "the 7 displayed at 100.01");
    assertEquals(10_001, taken.event().trade().priceTicks());
    assertFalse(taken.event().trade().maker());
    assertEquals(1, x.restingOrders(), "the 3 lots left rest at 100.02");
    assertEquals(0, x.aheadLots("b2"), "first at a price nobody else bids");
    // Taker fee 5 bps of 100.01 x 0.007 = 0.00035003500 -> cash scale.
    assertEquals(exactFee("100.01", "0.007", "0.0005"), taken.event().trade().fee());
  }

  @Test
  void aCancelRacingAFillLosesAndIsReportedAsUnknown() {
    SimulatedExchange x = exchange(QueueModel.RISK_AVERSE, FeeSchedule.ofBps(0, 0));
    depth(x, book(10_000, 0, 10_001, 7), true, 0);
    x.place(postOnlyBuy("b1", 10_000, 2), 0);
    run(x, MS);
    x.cancel("b1", 5 * MS); // reaches the venue at 7 ms
    x.onTrade(sellTrade(10_000, 2), 6 * MS); // fills it first
    run(x, 20 * MS);
    assertInstanceOf(OrderEvent.VenueAnswer.class, answers.get(0));
    assertInstanceOf(OrderEvent.Executed.class, answers.get(1));
    OrderEvent.CancelRefused lost =
        assertInstanceOf(OrderEvent.CancelRefused.class, answers.get(2));
    assertTrue(lost.unknownOrder());
    assertEquals(Kind.UNKNOWN_ORDER, refusals.get(2));
  }

  @Test
  void makerRebatesAreNegativeFeesExactToTheCashScale() {
    SimulatedExchange x = exchange(QueueModel.RISK_AVERSE, FeeSchedule.ofBps(-1, 5));
    depth(x, book(10_000, 0, 10_001, 7), true, 0);
    x.place(postOnlyBuy("b1", 10_000, 3), 0);
    run(x, MS);
    x.onTrade(sellTrade(10_000, 3), 2 * MS);
    run(x, 10 * MS);
    OrderEvent.Executed fill = assertInstanceOf(OrderEvent.Executed.class, answers.get(1));
    long fee = fill.event().trade().fee();
    assertTrue(fee < 0, "a rebate");
    assertEquals(exactFee("100.00", "0.003", "-0.0001"), fee);
  }

  @Test
  void ordersBeyondTheRateLimitAreRefusedUntilTheWindowMoves() {
    VenueRateLimits.Config limits =
        new VenueRateLimits.Config(
            List.of(VenueRateLimits.Limit.perSeconds(2, 1)),
            List.of(VenueRateLimits.Limit.perSeconds(10, 1)),
            0.5);
    SimulatedExchange x =
        new SimulatedExchange(
            SPEC,
            new SimulatedExchange.Config(
                ENTRY, CANCEL, RESPONSE, QueueModel.RISK_AVERSE, FeeSchedule.ofBps(0, 0), limits),
            market);
    depth(x, book(10_000, 1, 10_001, 7), true, 0);
    x.place(postOnlyBuy("a", 9_990, 1), 0);
    x.place(postOnlyBuy("b", 9_991, 1), 0);
    x.place(postOnlyBuy("c", 9_992, 1), 0);
    x.place(postOnlyBuy("d", 9_993, 1), 1_000 * MS);
    run(x, 2_000 * MS);
    assertEquals(Kind.RATE_LIMITED, refusals.get(2));
    assertInstanceOf(OrderEvent.PlaceRefused.class, answers.get(2));
    assertInstanceOf(OrderEvent.VenueAnswer.class, answers.get(3));
    assertEquals(1, x.refusedForRate());
  }

  /** Fee = price x size x rate, rounded half-even at the cash scale. */
  private static long exactFee(String price, String size, String rate) {
    return new BigDecimal(price)
        .multiply(new BigDecimal(size))
        .multiply(new BigDecimal(rate))
        .setScale(InstrumentSpec.CASH_SCALE, RoundingMode.HALF_EVEN)
        .unscaledValue()
        .longValueExact();
  }
}
