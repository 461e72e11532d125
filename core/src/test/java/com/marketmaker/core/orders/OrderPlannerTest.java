package com.marketmaker.core.orders;

import static com.marketmaker.core.orders.Orders.BTC;
import static com.marketmaker.core.orders.Orders.IDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.orders.OrderPlanner.Action;
import com.marketmaker.core.orders.OrderPlanner.Cancel;
import com.marketmaker.core.orders.OrderPlanner.Place;
import com.marketmaker.core.orders.OrderPlanner.Plan;
import com.marketmaker.core.quote.QuoteDecision;
import com.marketmaker.core.quote.QuoteLevel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderPlannerTest {

  private static final long MS = 1_000_000L;
  private static final long S = 1_000 * MS;

  private static OrderPlanner.Config config(double bps, long maxPosition) {
    return new OrderPlanner.Config(
        1, bps, 0, 100 * MS, 10 * S, maxPosition, S, 2 * S, OrderType.LIMIT_MAKER, TimeInForce.GTC);
  }

  private final OrderPlanner planner = new OrderPlanner(BTC, config(0, 1_000));
  private final OrderLedger ledger = new OrderLedger(IDS);
  private VenueRateLimits limits = generous();

  private static VenueRateLimits generous() {
    return new VenueRateLimits(
        new VenueRateLimits.Config(
            List.of(VenueRateLimits.Limit.perSeconds(10_000, 1)),
            List.of(VenueRateLimits.Limit.perSeconds(10_000, 1)),
            0.5),
        0);
  }

  /** Bids at bid, bid-1, ...; asks at ask, ask+1, ...; all of {@code size}. */
  private static QuoteDecision ladder(long bid, long ask, int levels, long size) {
    List<QuoteLevel> bids = new ArrayList<>();
    List<QuoteLevel> asks = new ArrayList<>();
    for (int i = 0; i < levels; i++) {
      bids.add(new QuoteLevel(bid - i, size));
      asks.add(new QuoteLevel(ask + i, size));
    }
    return new QuoteDecision(QuoteDecision.Action.QUOTE, bids, asks, "", List.of());
  }

  /** Plans, then persists and applies the plan's events and acknowledges every placement. */
  private Plan step(QuoteDecision d, long inventory, long now) {
    Plan plan = planner.plan(d, ledger, inventory, now, limits);
    for (OrderEvent e : plan.events(now)) {
      ledger.apply(e);
    }
    for (Action a : plan.actions()) {
      if (a instanceof Place p) {
        ledger.apply(
            Orders.stream(p.request(), 1000 + p.sequence(), 0, OrderStatus.NEW, ExecutionType.NEW));
      }
    }
    return plan;
  }

  private static List<String> describe(Plan plan) {
    List<String> out = new ArrayList<>();
    for (Action a : plan.actions()) {
      if (a instanceof Place p) {
        out.add("place " + p.request().side() + " L" + p.level() + " @" + p.request().priceTicks());
      } else if (a instanceof Cancel c) {
        out.add("cancel " + c.side() + " L" + c.level() + " " + c.reason());
      } else {
        out.add(a.toString());
      }
    }
    return out;
  }

  @Test
  void anEmptyBookGetsTheWholeLadderTouchFirstWithConsecutiveIds() {
    Plan plan = step(ladder(100_000, 100_010, 2, 5), 0, 0);
    assertEquals(
        List.of(
            "place BUY L0 @100000",
            "place SELL L0 @100010",
            "place BUY L1 @99999",
            "place SELL L1 @100011"),
        describe(plan));
    for (int i = 0; i < 4; i++) {
      Place p = (Place) plan.actions().get(i);
      assertEquals(i, p.sequence());
      assertEquals(IDS.idFor(i), p.request().clientOrderId());
      assertEquals(OrderType.LIMIT_MAKER, p.request().type());
    }
    assertEquals(4, ledger.nextSequence());
  }

  @Test
  void ordersWithinTheTickToleranceAreKeptBeyondItReplaced() {
    step(ladder(100_000, 100_010, 1, 5), 0, 0);
    Plan within = step(ladder(100_001, 100_011, 1, 5), 0, S);
    assertTrue(within.actions().isEmpty(), describe(within).toString());
    assertEquals(2, within.kept());
    Plan beyond = step(ladder(100_002, 100_010, 1, 5), 0, 2 * S);
    assertEquals(List.of("cancel BUY L0 PRICE_MOVED", "place BUY L0 @100002"), describe(beyond));
    assertEquals(1, beyond.kept());
  }

  @Test
  void theBasisPointToleranceScalesWithPrice() {
    OrderPlanner bpsPlanner = new OrderPlanner(BTC, config(5, 1_000));
    Plan first = bpsPlanner.plan(ladder(100_000, 100_100, 1, 5), ledger, 0, 0, limits);
    first.events(0).forEach(ledger::apply);
    // 5 bps of 100,000 ticks = 50 ticks
    assertTrue(
        bpsPlanner.plan(ladder(100_050, 100_150, 1, 5), ledger, 0, S, limits).actions().isEmpty());
    Plan moved = bpsPlanner.plan(ladder(100_051, 100_150, 1, 5), ledger, 0, S, limits);
    assertEquals(List.of("cancel BUY L0 PRICE_MOVED", "place BUY L0 @100051"), describe(moved));
  }

  @Test
  void aYoungOrderIsNotReplacedButAPullCancelsItAtOnce() {
    step(ladder(100_000, 100_010, 1, 5), 0, 0);
    Plan young = step(ladder(99_990, 100_000 + 5, 1, 5), 0, 50 * MS);
    assertTrue(young.actions().isEmpty(), describe(young).toString());
    assertEquals(2, young.kept());
    Plan pull = step(QuoteDecision.pull("stale book", List.of()), 0, 60 * MS);
    assertEquals(List.of("cancel BUY L0 PULL", "cancel SELL L0 PULL"), describe(pull));
    Plan again = step(QuoteDecision.pull("stale book", List.of()), 0, 70 * MS);
    assertTrue(again.actions().isEmpty(), "no second cancel while the first is pending");
  }

  @Test
  void aSideNoLongerQuotedOrCrossingOurOwnQuoteIsCancelledEvenWhenYoung() {
    step(ladder(100_000, 100_010, 1, 5), 0, 0);
    QuoteDecision bidsOnly =
        new QuoteDecision(
            QuoteDecision.Action.QUOTE,
            List.of(new QuoteLevel(100_000, 5)),
            List.of(),
            "ask side at position limit",
            List.of());
    assertEquals(List.of("cancel SELL L0 SIDE_NOT_QUOTED"), describe(step(bidsOnly, 0, MS)));

    OrderLedger l2 = new OrderLedger(IDS);
    OrderPlanner p2 = new OrderPlanner(BTC, config(0, 1_000));
    p2.plan(ladder(100_000, 100_010, 1, 5), l2, 0, 0, limits).events(0).forEach(l2::apply);
    // fair value fell: the new ask sits at our resting bid
    Plan crossing = p2.plan(ladder(99_990, 100_000, 1, 5), l2, 0, MS, limits);
    // the young ask is kept (inside its minimum age), the bid is replaced at once
    assertEquals(List.of("cancel BUY L0 CROSSING", "place BUY L0 @99990"), describe(crossing));
  }

  @Test
  void aCrossingOrderWhoseCancelHasNoTokenKeepsItsLevel() {
    step(ladder(100_000, 100_010, 1, 5), 0, 0);
    limits =
        new VenueRateLimits(
            new VenueRateLimits.Config(
                List.of(VenueRateLimits.Limit.perSeconds(10, 10)),
                List.of(VenueRateLimits.Limit.perSeconds(2, 10)),
                0.5),
            S);
    // burst 0.5: one cancel token, spent elsewhere
    assertTrue(limits.tryCancel(S));
    // fair value fell through our bid, and no cancel can be sent now: the bid stays where it is,
    // and no second bid joins it on the level
    Plan crossing = step(ladder(99_990, 100_000, 1, 5), 0, S);
    assertTrue(
        describe(crossing).stream().noneMatch(a -> a.startsWith("place BUY")),
        describe(crossing).toString());
    assertEquals(2, crossing.deferredCancels(), "the crossing bid and the repriced ask");
    assertOneOrderPerLevel();
  }

  @Test
  void anOrderPastItsMaximumAgeIsRefreshed() {
    step(ladder(100_000, 100_010, 1, 5), 0, 0);
    Plan plan = step(ladder(100_000, 100_010, 1, 5), 0, 10 * S);
    assertEquals(
        List.of(
            "cancel BUY L0 MAX_AGE",
            "cancel SELL L0 MAX_AGE",
            "place BUY L0 @100000",
            "place SELL L0 @100010"),
        describe(plan));
  }

  @Test
  void aPartlyFilledOrderKeepsItsQueuePlaceWhileHalfTheWantedSizeRests() {
    Plan first = step(ladder(100_000, 100_010, 1, 5), 0, 0);
    OrderRequest bid = ((Place) first.actions().get(0)).request();
    // 2 of 5 filled: 3 rest, at least half of the 5 wanted: kept.
    ledger.apply(
        Orders.streamTrade(
            bid, 1000, 2, OrderStatus.PARTIALLY_FILLED, Orders.trade(bid, 1, 1000, 2)));
    assertEquals(List.of(), describe(step(ladder(100_000, 100_010, 1, 5), 2, S)));
    // 4 of 5 filled: 1 rests, less than half: replaced.
    ledger.apply(
        Orders.streamTrade(
            bid, 1000, 4, OrderStatus.PARTIALLY_FILLED, Orders.trade(bid, 2, 1000, 2)));
    Plan plan = step(ladder(100_000, 100_010, 1, 5), 4, 2 * S);
    assertEquals(List.of("cancel BUY L0 SIZE_CHANGED", "place BUY L0 @100000"), describe(plan));
  }

  @Test
  void aRepriceWaitsForATokenToPlaceItsReplacementAndEmptyLevelsComeFirst() {
    // A burst of one order, then one every 20 s.
    limits =
        new VenueRateLimits(
            new VenueRateLimits.Config(
                List.of(VenueRateLimits.Limit.perSeconds(2, 20)), List.of(), 0.5),
            0);
    Plan first = step(ladder(100_000, 100_010, 1, 5), 0, 0);
    assertEquals(List.of("place BUY L0 @100000"), describe(first), "one token: the bid");
    // The wanted bid moves while the ask level is still empty and no token is left: the bid keeps
    // quoting at its old price (no cancel without its replacement), the ask waits.
    Plan moved = step(ladder(100_050, 100_060, 1, 5), 0, 10 * S);
    assertEquals(List.of(), describe(moved));
    assertEquals(1, moved.deferredCancels());
    // The next token goes to the empty ask, not to moving the bid.
    Plan next = step(ladder(100_050, 100_060, 1, 5), 0, 21 * S);
    assertEquals(List.of("place SELL L0 @100060"), describe(next));
  }

  @Test
  void underTheRateLimitCancelsComeFirstTouchFirstAndNoLevelGetsASecondOrder() {
    step(ladder(100_000, 100_010, 3, 5), 0, 0);
    limits =
        new VenueRateLimits(
            new VenueRateLimits.Config(
                List.of(new VenueRateLimits.Limit(2, 10 * S)),
                List.of(new VenueRateLimits.Limit(3, 10 * S)),
                0.5),
            S);
    // burst 0.5: one place token (floor(2 × 0.5)) and one cancel token (floor(3 × 0.5))
    Plan plan = step(ladder(99_980, 100_030, 3, 5), 0, S);
    // all six orders moved; the one cancel token goes to the touch bid, whose level is then free
    assertEquals(List.of("cancel BUY L0 PRICE_MOVED", "place BUY L0 @99980"), describe(plan));
    assertEquals(5, plan.deferredCancels());
    // a level whose old order could not be cancelled gets no new order
    assertEquals(0, plan.deferredPlaces());
    assertOneOrderPerLevel();
    // a fall that puts our resting asks through the new bid: those cancels jump the queue
    Plan crossing = step(ladder(100_011, 100_040, 3, 5), 0, 11 * S);
    assertEquals("cancel SELL L0 CROSSING", describe(crossing).get(0));
    assertOneOrderPerLevel();
  }

  @Test
  void aPlacementThatCouldBreachThePositionLimitWithPendingCancelsIsHeldBack() {
    OrderPlanner tight = new OrderPlanner(BTC, config(0, 1_000));
    Plan first = tight.plan(ladder(100_000, 100_010, 1, 60), ledger, 900, 0, limits);
    first.events(0).forEach(ledger::apply);
    // the bid is being replaced: its 60 lots can still fill while the cancel is pending
    QuoteDecision lower =
        new QuoteDecision(
            QuoteDecision.Action.QUOTE,
            List.of(new QuoteLevel(99_000, 50)),
            List.of(new QuoteLevel(100_010, 60)),
            "",
            List.of());
    Plan replace = tight.plan(lower, ledger, 900, S, limits);
    assertEquals(List.of("cancel BUY L0 PRICE_MOVED"), describe(replace));
    assertEquals(1, replace.blockedByPosition(), "900 + 60 pending + 50 > 1000");
    replace.events(S).forEach(ledger::apply);
    OrderRequest old = ((Place) first.actions().get(0)).request();
    ledger.apply(Orders.stream(old, 7, 0, OrderStatus.CANCELED, ExecutionType.CANCELED));
    Plan after = tight.plan(lower, ledger, 900, S + MS, limits);
    assertEquals(List.of("place BUY L0 @99000"), describe(after));
  }

  @Test
  void levelsBeyondAShorterLadderAreCancelledOnceOldEnough() {
    step(ladder(100_000, 100_010, 3, 5), 0, 0);
    assertTrue(step(ladder(100_000, 100_010, 1, 5), 0, 50 * MS).actions().isEmpty());
    Plan plan = step(ladder(100_000, 100_010, 1, 5), 0, 200 * MS);
    assertEquals(
        List.of(
            "cancel BUY L1 SURPLUS_LEVEL",
            "cancel SELL L1 SURPLUS_LEVEL",
            "cancel BUY L2 SURPLUS_LEVEL",
            "cancel SELL L2 SURPLUS_LEVEL"),
        describe(plan));
  }

  @Test
  void aSecondOrderOnALevelIsCancelled() {
    ledger.apply(Orders.submitted(0, Side.BUY, 0, 100_000, 5));
    ledger.apply(Orders.submitted(1, Side.BUY, 0, 100_000, 5));
    Plan plan = planner.plan(ladder(100_000, 100_010, 1, 5), ledger, 0, MS, limits);
    assertEquals(List.of("cancel BUY L0 DUPLICATE_LEVEL", "place SELL L0 @100010"), describe(plan));
    assertEquals(IDS.idFor(1), ((Cancel) plan.actions().get(0)).clientOrderId());
  }

  @Test
  void anUnansweredCancelIsSentAgainAndALongUnacknowledgedOrderAsksForReconciliation() {
    ledger.apply(Orders.submitted(0, Side.BUY, 0, 100_000, 5));
    ledger.apply(new OrderEvent.CancelRequested(IDS.idFor(0), 0));
    QuoteDecision pull = QuoteDecision.pull("stop", List.of());
    assertTrue(planner.plan(pull, ledger, 0, 999 * MS, limits).actions().isEmpty());
    Plan retry = planner.plan(pull, ledger, 0, S, limits);
    assertEquals(List.of("cancel BUY L0 RETRY"), describe(retry));

    OrderLedger l2 = new OrderLedger(IDS);
    l2.apply(Orders.submitted(0, Side.BUY, 0, 100_000, 5));
    assertFalse(
        planner.plan(ladder(100_000, 100_010, 1, 5), l2, 0, S, limits).needsReconciliation());
    assertTrue(
        planner.plan(ladder(100_000, 100_010, 1, 5), l2, 0, 2 * S, limits).needsReconciliation());
  }

  @Test
  void cancelAllIsOneRequestAndMarksEveryOrderPending() {
    step(ladder(100_000, 100_010, 2, 5), 0, 0);
    Plan plan = planner.cancelAll(ledger, "DAILY_LOSS", MS, limits);
    assertEquals(1, plan.actions().size());
    assertInstanceOf(OrderPlanner.CancelAll.class, plan.actions().get(0));
    plan.events(MS).forEach(ledger::apply);
    for (TrackedOrder o : ledger.workingOrders()) {
      assertEquals(OrderState.PENDING_CANCEL, o.state());
    }
    assertTrue(planner.cancelAll(ledger, "DAILY_LOSS", 2 * MS, limits).actions().isEmpty());
  }

  @Test
  void theSameInputsGiveTheSamePlan() {
    step(ladder(100_000, 100_010, 3, 5), 0, 0);
    OrderLedger copy = new OrderLedger(IDS, ledger.snapshot());
    OrderPlanner other = new OrderPlanner(BTC, config(0, 1_000));
    QuoteDecision d = ladder(100_004, 100_012, 4, 7);
    Plan a = planner.plan(d, ledger, 3, 5 * S, generous());
    Plan b = other.plan(d, copy, 3, 5 * S, generous());
    assertEquals(a, b);
    assertFalse(a.actions().isEmpty());
  }

  private void assertOneOrderPerLevel() {
    List<String> held = new ArrayList<>();
    for (TrackedOrder o : ledger.workingOrders()) {
      if (o.state().holdsSlot()) {
        String key = o.side() + "/" + o.level();
        assertFalse(held.contains(key), "two orders hold " + key);
        held.add(key);
      }
    }
  }
}
