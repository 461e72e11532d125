package com.marketmaker.simulator.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.orders.OrderType;
import com.marketmaker.core.orders.TimeInForce;
import com.marketmaker.simulator.Dialect;
import com.marketmaker.simulator.ExchangeSettings;
import com.marketmaker.simulator.exchange.Exchange;
import com.marketmaker.simulator.exchange.ExchangeAccount;
import com.marketmaker.simulator.exchange.FeeSchedule;
import com.marketmaker.simulator.exchange.MatchingEngine;
import com.marketmaker.simulator.exchange.PostOnly;
import com.marketmaker.simulator.replay.Faults;
import com.marketmaker.simulator.ws.StreamHub;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kept synthetic market starts again where its last checkpoint left it (a leader's fair mid, a
 * follower's spread), so the account's orders kept on the book still sit around its market; while
 * its exchange cannot keep state, the crowd does not trade.
 */
class SyntheticMarketRestartTest {

  static ActorSystem<Void> system;

  @TempDir Path dir;

  @BeforeAll
  static void startSystem() {
    system = ActorSystem.create(Behaviors.empty(), "synthetic-restart-test");
  }

  @AfterAll
  static void stopSystem() {
    system.terminate();
  }

  static List<SyntheticInstrument> pair() {
    List<SyntheticInstrument> d = SyntheticInstrument.defaults(2);
    SyntheticInstrument f = d.get(1);
    return List.of(
        d.get(0),
        new SyntheticInstrument(
            f.symbol(),
            f.filters(),
            f.initialPrice(),
            f.flow().withPairing(new Pairing(d.get(0).symbol(), 0.05, 0.002))));
  }

  Exchange exchange() {
    return new Exchange(
        Dialect.SPOT,
        pair(),
        List.of(new ExchangeAccount("mm", "mmKey1", "mm-secret-0001")),
        FeeSchedule.SPOT_DEFAULT,
        1_000,
        Duration.ofMinutes(60),
        100,
        new StreamHub("SPOT", system, 64, Duration.ofSeconds(5), Duration.ofHours(1)),
        new Faults(),
        System::currentTimeMillis,
        dir,
        ExchangeSettings.DEFAULT_UNFILLED_ORDER_RETENTION,
        ExchangeSettings.DEFAULT_FILL_RETENTION);
  }

  static void beats(SyntheticMarket m, long from, long to) {
    int slots = m.slots();
    for (long b = from; b <= to; b++) {
      m.beginBeat(b);
      for (int s = 0; s < slots; s++) {
        m.runSlot(b, s, slots);
      }
    }
  }

  @Test
  void aRestartedMarketStartsFromItsLastCheckpoint() {
    Exchange ex = exchange();
    SyntheticMarket m = new SyntheticMarket("SPOT", ex, new Faults(), 11, 100);
    m.startFlow();
    double start = m.flow(0).logMid();
    // 120 s of flow; the checkpoint every 5 s is taken as beat 1200 begins
    beats(m, 1, 1199);
    m.beginBeat(1200);
    double leader = m.flow(0).logMid();
    double spread = m.flow(1).spread();
    double follower = m.flow(1).logMid();
    assertNotEquals(start, leader, "the market moved");
    // then a few more beats the checkpoint does not hold, and the process is killed
    beats(m, 1201, 1230);
    long mm =
        ex.instrument("SYN001USDT")
            .engine()
            .place(
                new MatchingEngine.NewOrder(
                    "mm",
                    "b1",
                    Side.BUY,
                    OrderType.LIMIT,
                    TimeInForce.GTC,
                    PostOnly.NONE,
                    (long) Math.floor(Math.exp(leader)) - 30,
                    100))
            .order()
            .orderId();
    ex.close();
    // a closed (or failed) exchange keeps nothing: the crowd stops trading
    double flowTime = m.flow(0).now();
    beats(m, 1231, 1240);
    assertEquals(flowTime, m.flow(0).now());

    Exchange again = exchange();
    SyntheticMarket restarted = new SyntheticMarket("SPOT", again, new Faults(), 11, 100);
    assertEquals(leader, restarted.flow(0).logMid());
    assertEquals(spread, restarted.flow(1).spread());
    assertEquals(follower, restarted.flow(1).logMid(), 1e-12);
    // the account's bid is back on the book, a few ticks under the market the crowd rebuilds
    MatchingEngine e = again.instrument("SYN001USDT").engine();
    assertEquals(mm, e.openOrders("mm").get(0).orderId());
    restarted.startFlow();
    beats(restarted, 1, 50);
    assertTrue(e.bestAsk() > e.openOrders("mm").get(0).priceTicks(), "the book is not crossed");
    // stopping checkpoints where it is now, and the next start takes that
    restarted.stop();
    double stopped = restarted.flow(0).logMid();
    again.close();
    Exchange third = exchange();
    assertEquals(
        stopped, new SyntheticMarket("SPOT", third, new Faults(), 11, 100).flow(0).logMid());
    third.close();
  }
}
