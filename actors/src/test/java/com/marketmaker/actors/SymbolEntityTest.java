package com.marketmaker.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.actors.SymbolProtocol.Accepted;
import com.marketmaker.actors.SymbolProtocol.Change;
import com.marketmaker.actors.SymbolProtocol.Command;
import com.marketmaker.actors.SymbolProtocol.Confirmation;
import com.marketmaker.actors.SymbolProtocol.FillReport;
import com.marketmaker.actors.SymbolProtocol.Reason;
import com.marketmaker.actors.SymbolProtocol.Rejected;
import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.strategy.MakerParameters;
import com.marketmaker.core.strategy.StrategyConfig;
import com.marketmaker.persistence.SymbolEvent;
import com.marketmaker.persistence.SymbolState;
import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SymbolEntityTest {

  private static final ActorTestKit testKit =
      ActorTestKit.create(
          ConfigFactory.parseString("market-maker.entity.snapshot-every = 3")
              .withFallback(EventSourcedBehaviorTestKit.config())
              .withFallback(ConfigFactory.load()));

  private static final String ID = "BINANCE:BTCUSDT";
  private static final InstrumentSpec SPEC =
      InstrumentSpec.of(InstrumentId.parse(ID), "0.01", "0.00001");
  private static final MakerParameters PARAMS = new MakerParameters(0.1, 60, 1, 50, 100, 5000);
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

  private final AtomicInteger passivations = new AtomicInteger();
  private EventSourcedBehaviorTestKit<Command, SymbolEvent, SymbolState> kit;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void setUp() {
    // Serialization of every command, event, reply and state is checked by the kit (on by default).
    kit =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            SymbolEntity.create(
                ID,
                SymbolEntity.Dependencies.of(
                    EntitySettings.fromConfig(testKit.system().settings().config()), CLOCK),
                self -> passivations.incrementAndGet()));
  }

  private CommandResultWithReply<Command, SymbolEvent, SymbolState, Confirmation> run(
      Function<ActorRef<Confirmation>, Command> command) {
    return kit.<Confirmation>runCommand(command::apply);
  }

  private CommandResultWithReply<Command, SymbolEvent, SymbolState, Confirmation> start(
      MakerParameters p) {
    return run(r -> new SymbolProtocol.Start(SPEC, p, "alice", r));
  }

  private CommandResultWithReply<Command, SymbolEvent, SymbolState, Confirmation> fill(
      long tradeId, Side side, String price, String size, String fee) {
    return run(
        r -> new SymbolProtocol.RecordFill(new FillReport(tradeId, side, price, size, fee), r));
  }

  private static SymbolProtocol.Summary summary(Confirmation c) {
    return assertInstanceOf(Accepted.class, c).summary();
  }

  @Test
  void unknownInstrumentAnswersNotFoundAndAsksToBePassivated() {
    var result = run(SymbolProtocol.GetStatus::new);
    Rejected rejected = assertInstanceOf(Rejected.class, result.reply());
    assertEquals(Reason.UNKNOWN_INSTRUMENT, rejected.reason());
    assertTrue(result.hasNoEvents());
    assertEquals(1, passivations.get());

    var stop = run(r -> new SymbolProtocol.Stop("bob", r));
    assertEquals(
        Reason.UNKNOWN_INSTRUMENT, assertInstanceOf(Rejected.class, stop.reply()).reason());
    var f = fill(1, Side.BUY, "100.00", "0.001", "0");
    assertEquals(Reason.UNKNOWN_INSTRUMENT, assertInstanceOf(Rejected.class, f.reply()).reason());
    assertTrue(f.hasNoEvents());
  }

  @Test
  void startPersistsWhoAskedAndTheParameters() {
    var result = start(PARAMS);
    assertEquals(
        new SymbolEvent.MakingStarted(
            SPEC, PARAMS, StrategyConfig.defaults(), "alice", CLOCK.millis()),
        result.event());
    var s = summary(result.reply());
    assertTrue(s.making());
    assertEquals(PARAMS, s.parameters());
    assertEquals("0.00100", s.orderSize());
    assertEquals("0.05000", s.maxPosition());
    assertEquals("alice", s.lastChangedBy());
    assertEquals(Change.CHANGED, ((Accepted) result.reply()).change());
  }

  @Test
  void repeatedStartIsIdempotentButOtherParametersConflict() {
    start(PARAMS);
    var again = start(PARAMS);
    assertTrue(again.hasNoEvents());
    assertEquals(Change.UNCHANGED, assertInstanceOf(Accepted.class, again.reply()).change());

    var other = start(new MakerParameters(0.2, 60, 1, 50, 100, 5000));
    assertTrue(other.hasNoEvents());
    assertEquals(Reason.CONFLICT, assertInstanceOf(Rejected.class, other.reply()).reason());
  }

  @Test
  void startWithAnotherGridIsRefused() {
    start(PARAMS);
    run(r -> new SymbolProtocol.Stop("bob", r));
    var other = InstrumentSpec.of(InstrumentId.parse(ID), "0.1", "0.00001");
    var result = run(r -> new SymbolProtocol.Start(other, PARAMS, "alice", r));
    assertTrue(result.hasNoEvents());
    assertEquals(Reason.CONFLICT, assertInstanceOf(Rejected.class, result.reply()).reason());
  }

  @Test
  void startForAnotherInstrumentIsRefused() {
    var eth = InstrumentSpec.of(InstrumentId.parse("BINANCE:ETHUSDT"), "0.01", "0.0001");
    var result = run(r -> new SymbolProtocol.Start(eth, PARAMS, "alice", r));
    assertTrue(result.hasNoEvents());
    assertEquals(Reason.INVALID, assertInstanceOf(Rejected.class, result.reply()).reason());
  }

  @Test
  void stopKeepsInventoryAndRecordsWhoAsked() {
    start(PARAMS);
    fill(10, Side.BUY, "60000.00", "0.002", "0.01");
    var stop = run(r -> new SymbolProtocol.Stop("bob", r));
    assertEquals(new SymbolEvent.MakingStopped("bob", CLOCK.millis()), stop.event());
    var s = summary(stop.reply());
    assertFalse(s.making());
    assertEquals("0.00200", s.inventory());
    assertEquals("bob", s.lastChangedBy());

    var again = run(r -> new SymbolProtocol.Stop("bob", r));
    assertTrue(again.hasNoEvents());
    // A stopped instrument can be started again with new parameters.
    var restart = start(new MakerParameters(0.5, 30, 2, 20, 100, 1000));
    assertEquals(2, summary(restart.reply()).counters().starts());
  }

  @Test
  void updateParametersPersistsOnlyAChange() {
    start(PARAMS);
    var newParams = new MakerParameters(0.3, 120, 2, 40, 200, 4000);
    var update = run(r -> new SymbolProtocol.UpdateParameters(newParams, "carol", r));
    assertEquals(
        new SymbolEvent.ParametersUpdated(newParams, "carol", CLOCK.millis()), update.event());
    assertEquals(newParams, summary(update.reply()).parameters());
    var same = run(r -> new SymbolProtocol.UpdateParameters(newParams, "carol", r));
    assertTrue(same.hasNoEvents());
  }

  @Test
  void fillsAreBookedIntoInventoryCashAndPnl() {
    start(PARAMS);
    // Buy 0.002 @ 60000.00, fee 0.012; buy 0.001 @ 60003.00, fee 0.006; sell 0.002 @ 60010.00, fee
    // 0.012. Hand-derived: average entry (2*60000 + 1*60003)/3 = 60001.00; realized on 0.002 sold =
    // (60010 - 60001) * 0.002 = 0.018; cash = -120 - 0.012 - 60.003 - 0.006 + 120.02 - 0.012.
    fill(1, Side.BUY, "60000.00", "0.002", "0.012");
    fill(2, Side.BUY, "60003.00", "0.001", "0.006");
    var last = fill(3, Side.SELL, "60010.00", "0.002", "0.012");
    var s = summary(last.reply());
    assertEquals("0.00100", s.inventory());
    assertEquals(100, s.inventoryLots());
    assertEquals("-60.01300000", s.cash());
    assertEquals("0.03000000", s.fees());
    assertEquals(60001.00, s.averageEntryPrice(), 1e-9);
    assertEquals(0.018, s.realizedPnl(), 1e-12);
    assertEquals(3, s.lastTradeId());
    assertEquals(3, s.counters().fills());
    assertEquals("0.00300", s.bought());
    assertEquals("0.00200", s.sold());
  }

  @Test
  void duplicateFillIsAcknowledgedAndChangesNothing() {
    start(PARAMS);
    fill(7, Side.BUY, "60000.00", "0.001", "0");
    var before = kit.getState();
    var dup = fill(7, Side.BUY, "60000.00", "0.001", "0");
    assertTrue(dup.hasNoEvents());
    assertEquals(Change.DUPLICATE_FILL, assertInstanceOf(Accepted.class, dup.reply()).change());
    assertEquals(before, kit.getState());
  }

  @Test
  void lateFillWithinTheWindowIsBookedOnce() {
    start(PARAMS);
    fill(20, Side.BUY, "60000.00", "0.001", "0");
    var late = fill(15, Side.BUY, "60000.00", "0.001", "0");
    assertEquals(1, late.events().size());
    assertEquals(20, summary(late.reply()).lastTradeId());
    assertTrue(fill(15, Side.BUY, "60000.00", "0.001", "0").hasNoEvents());
    assertEquals(200, kit.getState().position().inventoryLots());
  }

  @Test
  void fillOlderThanTheDedupWindowIsRefusedNotGuessed() {
    start(PARAMS);
    for (int i = 0; i < SymbolState.DEDUP_WINDOW; i++) {
      fill(1000 + i, i % 2 == 0 ? Side.BUY : Side.SELL, "60000.00", "0.001", "0");
    }
    var old = fill(999, Side.BUY, "60000.00", "0.001", "0");
    assertTrue(old.hasNoEvents());
    assertEquals(Reason.CONFLICT, assertInstanceOf(Rejected.class, old.reply()).reason());
  }

  @Test
  void fillOffTheGridOrMalformedIsRefused() {
    start(PARAMS);
    for (var bad :
        List.of(
            new FillReport(1, Side.BUY, "60000.001", "0.001", "0"),
            new FillReport(2, Side.BUY, "60000.00", "0.0000001", "0"),
            new FillReport(3, Side.BUY, "abc", "0.001", "0"),
            new FillReport(4, Side.BUY, "60000.00", "0.001", "0.000000001"),
            new FillReport(5, null, "60000.00", "0.001", "0"),
            new FillReport(6, Side.BUY, "60000.00", "0", "0"),
            new FillReport(7, Side.BUY, "-60000.00", "0.001", "0"),
            new FillReport(8, Side.BUY, "9223372036854775.80", "92233720368.54775", "0"))) {
      var result = run(r -> new SymbolProtocol.RecordFill(bad, r));
      assertTrue(result.hasNoEvents(), bad.toString());
      assertEquals(
          Reason.INVALID,
          assertInstanceOf(Rejected.class, result.reply()).reason(),
          bad.toString());
    }
    assertEquals(-1, kit.getState().lastTradeId());
  }

  @Test
  void restartRecoversIdenticalStateFromEventsAndSnapshots() {
    start(PARAMS);
    for (int i = 1; i <= 10; i++) {
      fill(i, i % 3 == 0 ? Side.SELL : Side.BUY, "6000" + (i % 10) + ".00", "0.00" + i, "0.001");
    }
    run(
        r ->
            new SymbolProtocol.UpdateParameters(
                new MakerParameters(0.4, 10, 1, 9, 100, 900), "dave", r));
    run(r -> new SymbolProtocol.Stop("erin", r));
    SymbolState before = kit.getState();
    var restarted = kit.restart();
    assertEquals(before, restarted.state());
    var c = before.counters();
    assertEquals(13, c.starts() + c.fills() + c.parameterUpdates() + c.stops());
  }
}
