package com.marketmaker.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.orders.ClientOrderIds;
import com.marketmaker.core.orders.ExecutionEvent;
import com.marketmaker.core.orders.ExecutionType;
import com.marketmaker.core.orders.OrderEvent;
import com.marketmaker.core.orders.OrderLedger;
import com.marketmaker.core.orders.OrderPlanner;
import com.marketmaker.core.orders.OrderRequest;
import com.marketmaker.core.orders.OrderStatus;
import com.marketmaker.core.orders.OrderType;
import com.marketmaker.core.orders.TimeInForce;
import com.marketmaker.core.orders.VenueOrder;
import com.marketmaker.core.risk.RiskGuard;
import com.marketmaker.core.strategy.MakerParameters;
import com.marketmaker.core.strategy.StrategyConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine's plans never put more on a side than the instrument's position limit leaves, counting
 * the orders still working there, those being cancelled included (they can fill until the venue
 * confirms the cancel). The planner is configured as the live entity configures it: no ceiling of
 * its own, so the limit comes from the operator's parameters, and a change of them applies at once.
 */
class PositionLimitExposureTest {

  private static final long S = EngineModelsTest.S;
  private static final long LIMIT = 500;

  private final QuotingEngine engine =
      new QuotingEngine(
          EngineModelsTest.SPEC,
          new MakerParameters(0.05, 60, 1, 200, 100, LIMIT),
          new StrategyConfig(
              StrategyConfig.Model.AVELLANEDA_STOIKOV, 1.0, 0.3, 1, 1, 30, 1_000, 1_000),
          new QuotingEngine.Settings(
              new OrderPlanner.Config(
                  0,
                  0,
                  0,
                  S / 10,
                  10 * S,
                  Long.MAX_VALUE,
                  S,
                  2 * S,
                  OrderType.LIMIT_MAKER,
                  TimeInForce.GTC),
              EngineModelsTest.settings().rateLimits(),
              5 * S,
              0),
          RiskGuard.State.CLEAR,
          0);
  private final OrderLedger ledger =
      new OrderLedger(new ClientOrderIds(EngineModelsTest.SPEC.id(), 1_800_000_000L));
  private long venueIds = 1;

  @Test
  void aReplacementWaitsForItsCancelWhenBothCouldFillBeyondTheLimit() {
    EngineModelsTest.warm(engine);
    long inventory = -316; // short: the ask side has 184 lots of room
    List<OrderRequest> first = turn(inventory, 20 * S);
    OrderRequest ask = only(first, Side.SELL);
    assertEquals(100, ask.sizeLots());
    acknowledge(first, 20 * S);

    // The operator raises the order size: both quotes are replaced. The new ask (150) and the old
    // one, still working until its cancel is confirmed, could fill together: 316 + 100 + 150 > 500.
    engine.reconfigure(new MakerParameters(0.05, 60, 1, 200, 150, LIMIT), engine.strategy());
    OrderPlanner.Plan replace = plan(inventory, 21 * S);
    assertTrue(cancels(replace, Side.SELL), describe(replace));
    assertTrue(places(replace).stream().noneMatch(r -> r.side() == Side.SELL), describe(replace));
    assertTrue(replace.blockedByPosition() >= 1, describe(replace));
    assertWithinLimit(inventory);

    // The venue confirms the cancel: the next turn places the ask.
    cancelled(ask, 21 * S + 5_000_000);
    List<OrderRequest> after = turn(inventory, 21 * S + 10_000_000);
    assertEquals(150, only(after, Side.SELL).sizeLots());
    assertWithinLimit(inventory);
  }

  @Test
  void aLowerLimitFromTheOperatorAppliesToTheNextPlan() {
    EngineModelsTest.warm(engine);
    long inventory = 300;
    acknowledge(turn(inventory, 20 * S), 20 * S);
    // Limit lowered to 420 and size raised to 110 with 300 held: the bid is replaced, and the new
    // one must wait for the old one's cancel (300 + 100 + 110 > 420), judged by the new limit.
    engine.reconfigure(new MakerParameters(0.05, 60, 1, 200, 110, 420), engine.strategy());
    OrderPlanner.Plan plan = plan(inventory, 21 * S);
    assertTrue(cancels(plan, Side.BUY), describe(plan));
    assertTrue(places(plan).stream().noneMatch(r -> r.side() == Side.BUY), describe(plan));
    assertTrue(plan.blockedByPosition() >= 1, describe(plan));
    assertTrue(inventory + ledger.openExposure(Side.BUY) <= 420, describe(plan));
  }

  /** Plans at {@code now}, applies the plan's events and returns its placements. */
  private List<OrderRequest> turn(long inventory, long now) {
    return places(plan(inventory, now));
  }

  private OrderPlanner.Plan plan(long inventory, long now) {
    RiskGuard.Decision risk = engine.risk(inventory, 0, false, now);
    OrderPlanner.Plan plan = engine.quote(risk, inventory, ledger, now).plan();
    plan.events(now).forEach(ledger::apply);
    return plan;
  }

  private void assertWithinLimit(long inventory) {
    assertTrue(
        inventory + ledger.openExposure(Side.BUY) <= LIMIT,
        "bids could take the position to " + (inventory + ledger.openExposure(Side.BUY)));
    assertTrue(
        -inventory + ledger.openExposure(Side.SELL) <= LIMIT,
        "asks could take the position to " + (inventory - ledger.openExposure(Side.SELL)));
  }

  private void acknowledge(List<OrderRequest> placed, long now) {
    for (OrderRequest r : placed) {
      report(r, OrderStatus.NEW, ExecutionType.NEW, now);
    }
  }

  private void cancelled(OrderRequest r, long now) {
    report(r, OrderStatus.CANCELED, ExecutionType.CANCELED, now);
  }

  private void report(OrderRequest r, OrderStatus status, ExecutionType type, long now) {
    long venueId = ledger.find(r.clientOrderId()).venueOrderId();
    VenueOrder vo =
        new VenueOrder(
            r.instrument(),
            r.clientOrderId(),
            venueId != 0 ? venueId : venueIds++,
            r.side(),
            r.type(),
            r.priceTicks(),
            r.sizeLots(),
            0,
            status,
            now / 1_000_000);
    ledger.apply(
        new OrderEvent.Executed(
            new ExecutionEvent(r.instrument(), type, vo, null, "", now / 1_000_000), now));
  }

  private static List<OrderRequest> places(OrderPlanner.Plan plan) {
    List<OrderRequest> out = new ArrayList<>();
    for (OrderPlanner.Action a : plan.actions()) {
      if (a instanceof OrderPlanner.Place p) {
        out.add(p.request());
      }
    }
    return out;
  }

  private static boolean cancels(OrderPlanner.Plan plan, Side side) {
    return plan.actions().stream()
        .anyMatch(a -> a instanceof OrderPlanner.Cancel c && c.side() == side);
  }

  private static OrderRequest only(List<OrderRequest> placed, Side side) {
    List<OrderRequest> of = placed.stream().filter(r -> r.side() == side).toList();
    assertEquals(1, of.size(), side + " placements: " + placed);
    return of.get(0);
  }

  private static String describe(OrderPlanner.Plan plan) {
    return plan.actions() + " blocked " + plan.blockedByPosition();
  }
}
