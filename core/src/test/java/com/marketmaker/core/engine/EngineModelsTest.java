package com.marketmaker.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.feed.DepthUpdate;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.orders.OrderPlanner;
import com.marketmaker.core.orders.OrderType;
import com.marketmaker.core.orders.TimeInForce;
import com.marketmaker.core.orders.VenueRateLimits;
import com.marketmaker.core.quote.QuoteDecision;
import com.marketmaker.core.risk.RiskGuard;
import com.marketmaker.core.strategy.MakerParameters;
import com.marketmaker.core.strategy.StrategyConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every model an operator can choose quotes from the engine's first trusted book, leans with
 * inventory and obeys the position limit.
 */
class EngineModelsTest {

  static final InstrumentSpec SPEC =
      InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "SYNS001USDT"), "0.01", "0.001");
  static final long S = 1_000_000_000L;

  static QuotingEngine.Settings settings() {
    return new QuotingEngine.Settings(
        new OrderPlanner.Config(
            1, 0, 0, S / 10, 10 * S, 1_000, S, 2 * S, OrderType.LIMIT_MAKER, TimeInForce.GTC),
        new VenueRateLimits.Config(
            List.of(VenueRateLimits.Limit.perSeconds(100, 1)),
            List.of(VenueRateLimits.Limit.perSeconds(100, 1)),
            0.5),
        5 * S,
        0);
  }

  static QuotingEngine engine(StrategyConfig strategy, double horizonSeconds) {
    return new QuotingEngine(
        SPEC,
        new MakerParameters(0.05, horizonSeconds, 1, 200, 100, 1_000),
        strategy,
        settings(),
        RiskGuard.State.CLEAR,
        0);
  }

  /** A Binance snapshot of 100.00 / 100.02 (mid 10,001 ticks) at update id 10. */
  static DepthUpdate snapshot() {
    DepthUpdate d = new DepthUpdate();
    d.finalUpdateId = 10;
    d.bids.add(10_000, 5_000);
    d.bids.add(9_990, 5_000);
    d.asks.add(10_002, 5_000);
    d.asks.add(10_012, 5_000);
    return d;
  }

  /** A diff with update id {@code u} moving the best ask between 100.02 and 100.03. */
  static DepthUpdate flip(long u, boolean up) {
    DepthUpdate d = new DepthUpdate();
    d.firstUpdateId = u;
    d.finalUpdateId = u;
    d.asks.add(10_002, up ? 0 : 5_000);
    d.asks.add(10_003, up ? 5_000 : 0);
    return d;
  }

  /** The snapshot, then the mid moving by half a tick every second for 20 s. */
  static QuotingEngine warm(QuotingEngine e) {
    e.onSnapshot(snapshot(), 0);
    for (int i = 1; i <= 20; i++) {
      e.onDepth(flip(10 + i, i % 2 == 1), VenueBook.NO_CHECKSUM, i * S);
    }
    // Back at 100.00 / 100.02.
    if (e.book().book().bestAsk() != 10_002) {
      e.onDepth(flip(31, false), VenueBook.NO_CHECKSUM, 20 * S);
    }
    return e;
  }

  private static StrategyConfig strategy(StrategyConfig.Model model) {
    return new StrategyConfig(model, 1.0, 0.3, 1, 1, 30, 1_000, 1_000);
  }

  @ParameterizedTest
  @EnumSource(StrategyConfig.Model.class)
  void quotesFromTheFirstTrustedBook(StrategyConfig.Model model) {
    QuotingEngine e = engine(strategy(model), 60);
    assertTrue(e.decide(0, 0).isPull(), "no book yet");
    e.onSnapshot(snapshot(), S);
    // Binance: the book is trusted once a diff bridges the snapshot.
    e.onDepth(flip(11, false), VenueBook.NO_CHECKSUM, S);
    QuoteDecision d = e.decide(0, S);
    assertFalse(d.isPull(), model + ": " + d.reason());
    assertEquals(1, d.bids().size());
    assertEquals(1, d.asks().size());
    assertTrue(e.signals(S).volatilityTicksPerSqrtSecond() > 0, "the prior σ");
  }

  @ParameterizedTest
  @EnumSource(StrategyConfig.Model.class)
  void quotesBothSidesAroundTheMidAndLeansAgainstInventory(StrategyConfig.Model model) {
    QuotingEngine t = warm(engine(strategy(model), 60));
    QuoteDecision flat = t.decide(0, 20 * S);
    assertFalse(flat.isPull(), flat.reason());
    long bid = flat.bids().get(0).priceTicks();
    long ask = flat.asks().get(0).priceTicks();
    assertTrue(bid < 10_001 && 10_001 < ask, model + ": " + bid + " / " + ask);

    QuoteDecision longInventory = t.decide(500, 20 * S);
    long longBid = longInventory.bids().get(0).priceTicks();
    long longAsk = longInventory.asks().get(0).priceTicks();
    assertTrue(
        longBid + longAsk < bid + ask,
        model + ": long 500 lots should quote lower: " + longBid + "/" + longAsk);
    assertTrue(
        longInventory.bids().get(0).sizeLots() < longInventory.asks().get(0).sizeLots(),
        "a long book buys less than it sells");
    QuoteDecision shortInventory = t.decide(-500, 20 * S);
    assertTrue(
        shortInventory.bids().get(0).priceTicks() + shortInventory.asks().get(0).priceTicks()
            > bid + ask,
        model + ": short should quote higher");

    QuoteDecision atLimit = t.decide(1_000, 20 * S);
    assertTrue(atLimit.bids().isEmpty(), model + ": no bid at the position limit");
    assertFalse(atLimit.asks().isEmpty(), model + ": the reducing side still quotes");
  }

  @Test
  void theHjbTableFarFromTheHorizonIsTheStationaryGlftSolution() {
    // Guéant (2017): far from the terminal time the HJB's depths converge to the stationary
    // (ergodic) ones, which GLFT (2013) give in closed form from the ground state of their matrix.
    QuotingEngine hjb = warm(engine(strategy(StrategyConfig.Model.HJB), 600));
    QuotingEngine exact = warm(engine(strategy(StrategyConfig.Model.GLFT_EXACT), 600));
    for (long q = -900; q <= 900; q += 100) {
      QuoteDecision h = hjb.decide(q, 20 * S);
      QuoteDecision g = exact.decide(q, 20 * S);
      assertEquals(prices(g), prices(h), "inventory " + q);
    }
  }

  private static List<Long> prices(QuoteDecision d) {
    return List.of(
        d.bids().isEmpty() ? -1 : d.bids().get(0).priceTicks(),
        d.asks().isEmpty() ? -1 : d.asks().get(0).priceTicks());
  }

  @Test
  void aSweptSideIsQuotedFromTheLastSpreadForAFewSecondsThenPulled() {
    QuotingEngine e = engine(strategy(StrategyConfig.Model.GLFT), 60);
    e.onSnapshot(snapshot(), 0);
    e.onDepth(flip(11, false), VenueBook.NO_CHECKSUM, 0); // 100.00 / 100.02: spread 2 ticks
    DepthUpdate sweep = new DepthUpdate();
    sweep.firstUpdateId = 12;
    sweep.finalUpdateId = 12;
    sweep.asks.add(10_002, 0);
    sweep.asks.add(10_012, 0);
    e.onDepth(sweep, VenueBook.NO_CHECKSUM, S);
    assertFalse(e.book().book().hasTwoSides(), "every ask swept");
    assertTrue(e.inSync());
    assertEquals(10_002, e.askTicks(), "the stand-in ask: the last spread above the bid");
    QuoteDecision d = e.decide(0, 2 * S);
    assertFalse(d.isPull(), d.reason());
    assertTrue(d.asks().get(0).priceTicks() > 10_000, "the ask above the remaining bid");
    QuoteDecision late = e.decide(0, (1 + QuotingEngine.SWEPT_SIDE_GRACE_SECONDS) * S + 1);
    assertTrue(late.isPull(), "a side gone for longer is not made up");
    assertTrue(late.reason().contains("one-sided"), late.reason());
  }
}
