package com.marketmaker.simulator.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.book.Side;
import com.marketmaker.simulator.Dialect;
import com.marketmaker.simulator.exchange.EngineListener;
import com.marketmaker.simulator.exchange.FeeSchedule;
import com.marketmaker.simulator.exchange.MatchingEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The crowd's events are a function of the seed; its books are two-sided and sane. */
class CrowdFlowTest {

  record Run(List<String> events, MatchingEngine engine, CrowdFlow flow) {}

  static Run run(long seed, double seconds, FlowParameters params) {
    SyntheticInstrument ins = SyntheticInstrument.defaults(1).get(0);
    List<String> events = new ArrayList<>();
    long[] clock = {0};
    MatchingEngine engine =
        new MatchingEngine(
            ins.symbol(),
            ins.spec(Dialect.SPOT),
            FeeSchedule.SPOT_DEFAULT,
            () -> clock[0],
            new EngineListener() {
              @Override
              public void onLevel(Side side, long price, long total, long updateId) {
                events.add("L" + side + price + ":" + total + "@" + updateId);
              }

              @Override
              public void onTrade(long id, long price, long lots, boolean buyerMaker, long t) {
                events.add("T" + id + ":" + price + "x" + lots + (buyerMaker ? "m" : "t"));
              }
            });
    CrowdFlow flow =
        new CrowdFlow(engine, params, ins.initialTicks(Dialect.SPOT), new SplittableRandom(seed));
    for (int beat = 1; beat <= seconds * 10; beat++) {
      clock[0] = beat * 100L;
      flow.advanceTo(beat / 10.0);
    }
    return new Run(events, engine, flow);
  }

  @Test
  void sameSeedGivesTheSameEventSequence() {
    Run a = run(11, 300, FlowParameters.defaults());
    Run b = run(11, 300, FlowParameters.defaults());
    Run c = run(12, 300, FlowParameters.defaults());
    assertTrue(a.events().size() > 5_000, "events: " + a.events().size());
    assertEquals(a.events(), b.events());
    assertNotEquals(a.events(), c.events());
  }

  @Test
  void hawkesFlowIsDeterministicToo() {
    FlowParameters p =
        FlowParameters.defaults()
            .withArrivals(
                ArrivalSpec.hawkes(4, 3, 5), ArrivalSpec.hawkes(0.5, 1, 2), ArrivalSpec.poisson(6));
    assertEquals(run(3, 120, p).events(), run(3, 120, p).events());
  }

  @Test
  void keepsATwoSidedBookAroundTheFairMid() {
    Run r = run(5, 600, FlowParameters.defaults());
    long bid = r.engine().bestBid();
    long ask = r.engine().bestAsk();
    assertTrue(bid > 0 && ask > bid, bid + " / " + ask);
    double mid = r.flow().fairMidTicks();
    assertTrue(Math.abs((bid + ask) / 2.0 - mid) < 50, "book mid far from fair mid " + mid);
    assertTrue(r.engine().crowdRestingCount() <= FlowParameters.defaults().maxRestingOrders());
    // about 10 limit orders, 1 market order, 8 cancels per second
    assertEquals(6_000, r.flow().limitOrders(), 4 * Math.sqrt(6_000));
    assertEquals(600, r.flow().marketOrders(), 4 * Math.sqrt(600));
  }
}
