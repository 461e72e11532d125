package com.marketmaker.simulator.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.instrument.ContractType;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.orders.ExecutionType;
import com.marketmaker.core.orders.OrderStatus;
import com.marketmaker.core.orders.OrderType;
import com.marketmaker.core.orders.TimeInForce;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The engine against hand-worked books: tick 0.01, lot 0.001, so 100.00 is 10000 ticks and 1.000 is
 * 1000 lots; a fill of 1.000 at 100.00 has a quote amount of exactly 100 (10^10 at 8 places).
 */
class MatchingEngineTest {

  static final InstrumentSpec SPEC =
      InstrumentSpec.of(
          new InstrumentId(Venue.BINANCE, "SYN001USDT"), "0.01", "0.001", ContractType.SPOT, "5");

  final List<OrderUpdate> updates = new ArrayList<>();
  final List<LedgerEntry> fills = new ArrayList<>();
  final List<long[]> trades = new ArrayList<>();
  final List<long[]> levels = new ArrayList<>();
  long now = 1_000;

  final MatchingEngine engine =
      new MatchingEngine(
          "SYN001USDT",
          SPEC,
          FeeSchedule.of("-0.0001", "0.0005"),
          () -> now,
          new EngineListener() {
            @Override
            public void onOrderUpdate(OrderUpdate u) {
              updates.add(u);
            }

            @Override
            public void onFill(LedgerEntry f) {
              fills.add(f);
            }

            @Override
            public void onTrade(long id, long price, long lots, boolean buyerMaker, long t) {
              trades.add(new long[] {id, price, lots, buyerMaker ? 1 : 0});
            }

            @Override
            public void onLevel(
                com.marketmaker.core.book.Side side, long price, long total, long updateId) {
              levels.add(new long[] {side.ordinal(), price, total, updateId});
            }
          });

  MatchingEngine.Result limit(String account, String cid, Side side, long price, long lots) {
    return engine.place(
        new MatchingEngine.NewOrder(
            account, cid, side, OrderType.LIMIT, TimeInForce.GTC, PostOnly.NONE, price, lots));
  }

  MatchingEngine.Result order(
      String account,
      Side side,
      OrderType type,
      TimeInForce tif,
      PostOnly po,
      long price,
      long lots) {
    return engine.place(
        new MatchingEngine.NewOrder(account, null, side, type, tif, po, price, lots));
  }

  @Test
  void fillsBestPriceFirstThenOldestFirstAtTheRestingPrice() {
    limit("a", "a1", Side.SELL, 10_001, 1_000);
    limit("b", "b1", Side.SELL, 10_000, 500);
    limit("c", "c1", Side.SELL, 10_000, 700);
    MatchingEngine.Result r = limit("d", "d1", Side.BUY, 10_002, 1_500);
    // 500 from b (oldest at the best price), 700 from c, then 300 from a at 100.01.
    assertEquals(3, r.fills().size());
    assertEquals(10_000, r.fills().get(0).priceTicks());
    assertEquals(500, r.fills().get(0).lots());
    assertEquals(700, r.fills().get(1).lots());
    assertEquals(10_001, r.fills().get(2).priceTicks());
    assertEquals(300, r.fills().get(2).lots());
    assertEquals(OrderStatus.FILLED, r.order().status());
    assertEquals(List.of(1L, 2L, 3L), r.fills().stream().map(Execution::tradeId).toList());
    assertEquals(10_001, engine.bestAsk());
    assertEquals(700, engine.levelLots(com.marketmaker.core.book.Side.ASK, 10_001));
    assertEquals(-1, engine.bestBid());
    OrderView a = engine.order("a", -1, "a1");
    assertEquals(OrderStatus.PARTIALLY_FILLED, a.status());
    assertEquals(300, a.executedLots());
    // every public trade: the buyer took, so m = false
    assertTrue(trades.stream().allMatch(t -> t[3] == 0));
  }

  @Test
  void restsTheUnfilledPartOfAGtcLimit() {
    limit("a", "a1", Side.SELL, 10_000, 400);
    MatchingEngine.Result r = limit("b", "b1", Side.BUY, 10_000, 1_000);
    assertEquals(OrderStatus.PARTIALLY_FILLED, r.order().status());
    assertEquals(400, r.order().executedLots());
    assertEquals(10_000, engine.bestBid());
    assertEquals(600, engine.levelLots(com.marketmaker.core.book.Side.BID, 10_000));
    assertEquals(
        List.of("b1"), engine.openOrders("b").stream().map(OrderView::clientOrderId).toList());
    assertTrue(engine.openOrders("a").isEmpty());
  }

  @Test
  void chargesMakerRebateAndTakerFeeOnTheExactQuoteAmount() {
    limit("a", "a1", Side.SELL, 10_000, 1_000);
    limit("b", "b1", Side.BUY, 10_000, 1_000);
    // quote 100.00000000 USDT; maker -0.0001 -> -0.01; taker 0.0005 -> 0.05
    LedgerEntry maker = fills.stream().filter(LedgerEntry::maker).findFirst().orElseThrow();
    LedgerEntry taker = fills.stream().filter(f -> !f.maker()).findFirst().orElseThrow();
    assertEquals(10_000_000_000L, maker.quote());
    assertEquals(-1_000_000L, maker.fee());
    assertEquals(5_000_000L, taker.fee());
    assertEquals("a", maker.account());
    assertEquals(Side.SELL, maker.side());
    assertEquals(Side.BUY, taker.side());
    assertEquals(1, maker.tradeId());
  }

  @Test
  void feeRoundsHalfEvenAtEightPlaces() {
    FeeSchedule tenth = FeeSchedule.of("0.1", "0.1");
    assertEquals(0, tenth.fee(5, true)); // 0.5 unit -> 0 (even)
    assertEquals(2, tenth.fee(15, true)); // 1.5 -> 2
    assertEquals(2, tenth.fee(25, true)); // 2.5 -> 2
    assertEquals(3, tenth.fee(26, true)); // 2.6 -> 3
    assertEquals(-2, FeeSchedule.of("-0.1", "0.1").fee(25, true));
    // 92,233,720,368.54775807 USDT (Long.MAX_VALUE units) at 0.001 = 92,233,720.36854775807:
    // exact without overflow, 0.807 of a unit rounds up
    assertEquals(
        9_223_372_036_854_776L, FeeSchedule.of("0.001", "0.001").fee(Long.MAX_VALUE, false));
  }

  @Test
  void postOnlyThatWouldTakeIsRefusedOnSpotAndExpiredOnUsdm() {
    limit("a", "a1", Side.SELL, 10_000, 1_000);
    OrderRejectedException e =
        assertThrows(
            OrderRejectedException.class,
            () ->
                order(
                    "b",
                    Side.BUY,
                    OrderType.LIMIT_MAKER,
                    TimeInForce.GTC,
                    PostOnly.REJECT,
                    10_000,
                    10));
    assertEquals(-2010, e.code());
    assertEquals("Order would immediately match and take.", e.getMessage());
    MatchingEngine.Result gtx =
        order("b", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, PostOnly.EXPIRE, 10_000, 10);
    assertEquals(OrderStatus.EXPIRED, gtx.order().status());
    assertEquals(0, gtx.order().executedLots());
    assertEquals(1_000, engine.levelLots(com.marketmaker.core.book.Side.ASK, 10_000));
    MatchingEngine.Result maker =
        order("b", Side.BUY, OrderType.LIMIT_MAKER, TimeInForce.GTC, PostOnly.REJECT, 9_999, 10);
    assertEquals(OrderStatus.NEW, maker.order().status());
    assertEquals(9_999, engine.bestBid());
  }

  @Test
  void iocExpiresTheRestAndFokTradesAllOrNothing() {
    limit("a", "a1", Side.SELL, 10_000, 300);
    limit("a", "a2", Side.SELL, 10_001, 300);
    MatchingEngine.Result fok =
        order("b", Side.BUY, OrderType.LIMIT, TimeInForce.FOK, PostOnly.NONE, 10_001, 700);
    assertEquals(OrderStatus.EXPIRED, fok.order().status());
    assertEquals(0, fok.order().executedLots());
    assertTrue(trades.isEmpty());
    MatchingEngine.Result ioc =
        order("b", Side.BUY, OrderType.LIMIT, TimeInForce.IOC, PostOnly.NONE, 10_000, 700);
    assertEquals(OrderStatus.EXPIRED, ioc.order().status());
    assertEquals(300, ioc.order().executedLots());
    assertEquals(-1, engine.bestBid()); // nothing rested
    MatchingEngine.Result fok2 =
        order("b", Side.BUY, OrderType.LIMIT, TimeInForce.FOK, PostOnly.NONE, 10_001, 300);
    assertEquals(OrderStatus.FILLED, fok2.order().status());
    MatchingEngine.Result market =
        order("c", Side.SELL, OrderType.MARKET, TimeInForce.GTC, PostOnly.NONE, 0, 50);
    assertEquals(OrderStatus.EXPIRED, market.order().status()); // empty bid side
    assertEquals(0, market.order().executedLots());
  }

  @Test
  void marketOrderSweepsLevels() {
    limit("a", "a1", Side.BUY, 10_000, 300);
    limit("a", "a2", Side.BUY, 9_990, 300);
    MatchingEngine.Result m =
        order("b", Side.SELL, OrderType.MARKET, TimeInForce.GTC, PostOnly.NONE, 0, 450);
    assertEquals(OrderStatus.FILLED, m.order().status());
    assertEquals(
        SPEC.notional(10_000, 300) + SPEC.notional(9_990, 150), m.order().cumulativeQuote());
    assertEquals(9_990, engine.bestBid());
    // seller took from resting buyers: m = true
    assertTrue(trades.stream().allMatch(t -> t[3] == 1));
  }

  @Test
  void neverTradesWithItsOwnAccountAndExpiresTheTakerRemainder() {
    limit("b", "b1", Side.SELL, 10_000, 200);
    limit("a", "a1", Side.SELL, 10_000, 300);
    limit("b", "b2", Side.SELL, 10_000, 400);
    MatchingEngine.Result r = limit("a", "a2", Side.BUY, 10_000, 1_000);
    // trades 200 with b, then meets its own a1: the rest (800) expires, a1 stays
    assertEquals(200, r.order().executedLots());
    assertEquals(OrderStatus.EXPIRED, r.order().status());
    assertTrue(r.order().expiredInMatch());
    assertEquals(800, r.order().preventedLots());
    assertEquals(700, engine.levelLots(com.marketmaker.core.book.Side.ASK, 10_000));
    assertEquals(OrderStatus.NEW, engine.order("a", -1, "a1").status());
    OrderUpdate last = updates.get(updates.size() - 1);
    assertEquals(ExecutionType.EXPIRED, last.type());
    assertEquals(800, last.lastPreventedLots());
    assertEquals(engine.order("a", -1, "a1").orderId(), last.counterOrderId());
    // FOK counts only what it can reach before its own order
    MatchingEngine.Result fok =
        order("a", Side.BUY, OrderType.LIMIT, TimeInForce.FOK, PostOnly.NONE, 10_000, 100);
    assertEquals(OrderStatus.EXPIRED, fok.order().status());
    assertEquals(0, fok.order().executedLots());
  }

  @Test
  void cancelsByOrderIdOrClientIdAndRefusesUnknownOrders() {
    long id = limit("a", "a1", Side.BUY, 9_000, 100).order().orderId();
    limit("a", "a2", Side.BUY, 9_000, 100);
    limit("a", "a3", Side.SELL, 11_000, 100);
    OrderView c = engine.cancel("a", id, null, "x1");
    assertEquals(OrderStatus.CANCELED, c.status());
    assertEquals("x1", updates.get(updates.size() - 1).cancelClientOrderId());
    assertEquals(100, engine.levelLots(com.marketmaker.core.book.Side.BID, 9_000));
    assertEquals(OrderStatus.CANCELED, engine.cancel("a", -1, "a2", null).status());
    assertEquals(-1, engine.bestBid());
    OrderRejectedException again =
        assertThrows(OrderRejectedException.class, () -> engine.cancel("a", id, null, null));
    assertEquals(-2011, again.code());
    assertEquals("Unknown order sent.", again.getMessage());
    assertEquals(
        -2011,
        assertThrows(OrderRejectedException.class, () -> engine.cancel("b", -1, "a3", null))
            .code());
    assertEquals(
        -2013,
        assertThrows(OrderRejectedException.class, () -> engine.order("a", 99, null)).code());
    assertEquals(1, engine.cancelAll("a").size());
    assertTrue(engine.openOrders("a").isEmpty());
    assertEquals(-1, engine.bestAsk());
  }

  @Test
  void refusesAClientIdOfAWorkingOrderButAcceptsItAgainOnceDone() {
    limit("a", "same", Side.BUY, 9_000, 100);
    OrderRejectedException dup =
        assertThrows(OrderRejectedException.class, () -> limit("a", "same", Side.BUY, 9_001, 100));
    assertEquals(-2010, dup.code());
    assertEquals("Duplicate order sent.", dup.getMessage());
    limit("b", "same", Side.BUY, 9_000, 100); // another account may use it
    engine.cancel("a", -1, "same", null);
    MatchingEngine.Result again = limit("a", "same", Side.BUY, 9_002, 100);
    assertEquals(OrderStatus.NEW, again.order().status());
    assertEquals(again.order().orderId(), engine.order("a", -1, "same").orderId());
  }

  @Test
  void reportsEachOrderChangeInOrderAndOneUpdateIdPerOperation() {
    limit("a", "a1", Side.SELL, 10_000, 300); // update 1
    limit("a", "a2", Side.SELL, 10_001, 300); // update 2
    limit("b", "b1", Side.BUY, 10_001, 500); // update 3: two ask levels change
    List<String> seen =
        updates.stream()
            .map(u -> u.order().clientOrderId() + ":" + u.type() + ":" + u.order().status())
            .toList();
    assertEquals(
        List.of(
            "a1:NEW:NEW",
            "a2:NEW:NEW",
            "b1:NEW:NEW",
            "a1:TRADE:FILLED",
            "b1:TRADE:PARTIALLY_FILLED",
            "a2:TRADE:PARTIALLY_FILLED",
            "b1:TRADE:FILLED"),
        seen);
    assertEquals(3, engine.updateId());
    assertEquals(List.of(1L, 2L, 3L, 3L), levels.stream().map(l -> l[3]).toList());
    // the ledger agrees with the TRADE events
    List<OrderUpdate> tradeEvents =
        updates.stream().filter(u -> u.type() == ExecutionType.TRADE).toList();
    assertEquals(fills.size(), tradeEvents.size());
    for (int i = 0; i < fills.size(); i++) {
      assertEquals(fills.get(i).tradeId(), tradeEvents.get(i).tradeId());
      assertEquals(fills.get(i).fee(), tradeEvents.get(i).fee());
    }
  }

  @Test
  void crowdOrdersTradeWithEachOtherAndCancelAtRandom() {
    String crowd = ExchangeAccount.CROWD;
    limit(crowd, null, Side.SELL, 10_000, 100);
    MatchingEngine.Result r = limit(crowd, null, Side.BUY, 10_000, 40);
    assertEquals(40, r.order().executedLots());
    assertTrue(updates.isEmpty()); // the crowd has no user stream
    assertEquals(1, engine.crowdRestingCount());
    assertTrue(engine.cancelRandomCrowdOrder(new SplittableRandom(1)));
    assertFalse(engine.cancelRandomCrowdOrder(new SplittableRandom(1)));
    assertEquals(-1, engine.bestAsk());
  }

  @Test
  void ordersThatEndedUnfilledAreForgottenAfterTheRetentionAndTheOthersStay() {
    MatchingEngine kept =
        new MatchingEngine(
            "SYN001USDT", SPEC, FeeSchedule.SPOT_DEFAULT, () -> now, null, 60_000, Long.MAX_VALUE);
    long cancelled = place(kept, "mm", "c1", Side.BUY, 9_900, 100).order().orderId();
    kept.cancel("mm", cancelled, null, null);
    long partly = place(kept, "mm", "p1", Side.BUY, 10_000, 100).order().orderId();
    place(kept, "crowd-taker", "t1", Side.SELL, 10_000, 40);
    kept.cancel("mm", partly, null, null);
    long working = place(kept, "mm", "w1", Side.BUY, 9_800, 100).order().orderId();
    long expired =
        kept.place(
                new MatchingEngine.NewOrder(
                    "mm",
                    "i1",
                    Side.BUY,
                    OrderType.LIMIT,
                    TimeInForce.IOC,
                    PostOnly.NONE,
                    9_700,
                    100))
            .order()
            .orderId();
    // A client id used again: the earlier order is forgotten, the later one still found by it.
    long reusedFirst = place(kept, "mm", "r1", Side.SELL, 10_300, 100).order().orderId();
    kept.cancel("mm", reusedFirst, null, null);

    now += 30_000;
    long reusedLater = place(kept, "mm", "r1", Side.SELL, 10_400, 100).order().orderId();
    kept.cancel("mm", reusedLater, null, null);

    now += 29_999; // 59.999 s after the first ended: everything is still there
    place(kept, "mm", "x1", Side.BUY, 9_000, 100);
    for (long id : new long[] {cancelled, partly, working, expired, reusedFirst, reusedLater}) {
      kept.order("mm", id, null);
    }
    assertEquals(7, kept.heldOrders("mm"));

    now += 2; // the first four ended over 60 s ago
    place(kept, "mm", "x2", Side.BUY, 9_001, 100);
    for (long id : new long[] {cancelled, expired, reusedFirst}) {
      OrderRejectedException gone =
          assertThrows(OrderRejectedException.class, () -> kept.order("mm", id, null));
      assertEquals(-2013, gone.code());
    }
    assertThrows(OrderRejectedException.class, () -> kept.order("mm", -1, "c1"));
    assertThrows(OrderRejectedException.class, () -> kept.order("mm", -1, "i1"));
    assertEquals(OrderStatus.CANCELED, kept.order("mm", partly, null).status());
    assertEquals(40, kept.order("mm", partly, null).executedLots());
    assertEquals(OrderStatus.NEW, kept.order("mm", working, null).status());
    assertEquals(reusedLater, kept.order("mm", -1, "r1").orderId());
    assertEquals(5, kept.heldOrders("mm"));
    assertEquals(8, kept.acceptedOrders("mm"));

    now += 30_000;
    place(kept, "mm", "x3", Side.BUY, 9_002, 100);
    assertThrows(OrderRejectedException.class, () -> kept.order("mm", -1, "r1"));
    assertEquals(
        List.of(working, kept.order("mm", -1, "x1").orderId()),
        kept.openOrders("mm").subList(0, 2).stream().map(OrderView::orderId).toList());
  }

  @Test
  void anAccountReplacingItsQuotesAllDayHoldsOnlyTheRetentionsWorth() {
    MatchingEngine kept =
        new MatchingEngine(
            "SYN001USDT", SPEC, FeeSchedule.SPOT_DEFAULT, () -> now, null, 60_000, Long.MAX_VALUE);
    int maxHeld = 0;
    // A quote replaced every 100 ms for a simulated day: 864,000 orders.
    for (int i = 0; i < 864_000; i++) {
      now += 100;
      long id =
          place(kept, "mm", "q" + (i % 1000), Side.BUY, 9_000 + i % 500, 100).order().orderId();
      kept.cancel("mm", id, null, null);
      maxHeld = Math.max(maxHeld, kept.heldOrders("mm"));
    }
    // 60 s of orders at 10 a second, and the one just placed.
    assertTrue(maxHeld <= 601, "held " + maxHeld);
    assertTrue(maxHeld >= 600, "held " + maxHeld);
    assertEquals(864_000, kept.acceptedOrders("mm"));
  }

  @Test
  void ordersThatEndedWithAFillAreForgottenAfterTheFillRetentionTheWorkingOnesStay() {
    MatchingEngine kept =
        new MatchingEngine(
            "SYN001USDT", SPEC, FeeSchedule.SPOT_DEFAULT, () -> now, null, 60_000, 600_000);
    long filled = place(kept, "mm", "f1", Side.BUY, 10_000, 100).order().orderId();
    place(kept, "crowd-taker", "t1", Side.SELL, 10_000, 100);
    long partly = place(kept, "mm", "p1", Side.BUY, 9_990, 100).order().orderId();
    place(kept, "crowd-taker", "t2", Side.SELL, 9_990, 30);
    long cancelled = place(kept, "mm", "c1", Side.BUY, 9_900, 100).order().orderId();
    kept.cancel("mm", cancelled, null, null);

    now += 599_999; // the filled order ended 599.999 s ago: still there
    place(kept, "mm", "x1", Side.BUY, 9_000, 100);
    assertEquals(OrderStatus.FILLED, kept.order("mm", filled, null).status());
    assertThrows(OrderRejectedException.class, () -> kept.order("mm", cancelled, null));

    now += 2;
    place(kept, "mm", "x2", Side.BUY, 9_001, 100);
    OrderRejectedException gone =
        assertThrows(OrderRejectedException.class, () -> kept.order("mm", filled, null));
    assertEquals(-2013, gone.code());
    assertThrows(OrderRejectedException.class, () -> kept.order("mm", -1, "f1"));
    // Still working, with its fill ten minutes old: it stays.
    assertEquals(OrderStatus.PARTIALLY_FILLED, kept.order("mm", partly, null).status());
    assertEquals(30, kept.order("mm", partly, null).executedLots());
    assertEquals(3, kept.heldOrders("mm"));
    assertEquals(5, kept.acceptedOrders("mm"));
  }

  @Test
  void anAccountFilledAllDayHoldsOnlyTheFillRetentionsWorthOfFillsAndOrders() {
    Ledger ledger = new Ledger(600_000);
    MatchingEngine kept =
        new MatchingEngine(
            "SYN001USDT",
            SPEC,
            FeeSchedule.SPOT_DEFAULT,
            () -> now,
            new EngineListener() {
              @Override
              public void onFill(LedgerEntry f) {
                ledger.add(f);
              }
            },
            60_000,
            600_000);
    int maxFills = 0;
    int maxOrders = 0;
    long firstTrade = -1;
    // A quote filled by another account every second for a simulated day: 86,400 fills each.
    for (int i = 0; i < 86_400; i++) {
      now += 1_000;
      place(kept, "mm", "q" + (i % 1000), Side.BUY, 9_000 + i % 500, 100);
      MatchingEngine.Result take = place(kept, "taker", "t" + (i % 1000), Side.SELL, 8_000, 100);
      assertEquals(OrderStatus.FILLED, take.order().status());
      if (firstTrade < 0) {
        firstTrade = ledger.page("mm", "SYN001USDT", 0, 1).get(0).tradeId();
      }
      maxFills = Math.max(maxFills, ledger.held());
      maxOrders = Math.max(maxOrders, kept.heldOrders("mm"));
    }
    // 600 s of fills at one a second, for each of the two accounts, and the newest.
    assertTrue(maxFills <= 2 * 601, "fills held " + maxFills);
    assertTrue(maxFills >= 2 * 600, "fills held " + maxFills);
    assertTrue(maxOrders <= 602, "orders held " + maxOrders);
    assertEquals(86_400, kept.acceptedOrders("mm"));
    // A page from before the retention starts at the oldest fill still held.
    List<LedgerEntry> page = ledger.page("mm", "SYN001USDT", firstTrade, 10);
    assertEquals(10, page.size());
    assertTrue(page.get(0).timeMillis() >= now - 600_000, "oldest held " + page.get(0));
    assertEquals(ledger.entries("mm", "SYN001USDT").get(0).tradeId(), page.get(0).tradeId());
  }

  static MatchingEngine.Result place(
      MatchingEngine e, String account, String cid, Side side, long price, long lots) {
    return e.place(
        new MatchingEngine.NewOrder(
            account, cid, side, OrderType.LIMIT, TimeInForce.GTC, PostOnly.NONE, price, lots));
  }
}
