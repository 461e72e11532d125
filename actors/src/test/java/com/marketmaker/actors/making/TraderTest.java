package com.marketmaker.actors.making;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.book.OrderBook;
import com.marketmaker.core.book.Side;
import com.marketmaker.core.book.TreeMapOrderBook;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.orders.OrderPlanner;
import com.marketmaker.core.orders.OrderType;
import com.marketmaker.core.orders.TimeInForce;
import com.marketmaker.core.orders.VenueRateLimits;
import com.marketmaker.core.quote.QuoteDecision;
import com.marketmaker.core.strategy.MakerParameters;
import com.marketmaker.core.strategy.StrategyConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every model an operator can choose quotes a live book, leans with inventory and obeys limits. */
class TraderTest {

  private static final InstrumentSpec SPEC =
      InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "SYNS001USDT"), "0.01", "0.001");
  private static final long S = 1_000_000_000L;

  private static Trader trader(StrategyConfig.Model model, double horizonSeconds) {
    return new Trader(
        SPEC,
        new MakerParameters(0.05, horizonSeconds, 1, 200, 100, 1_000),
        new StrategyConfig(model, 1.0, 0.3, 1, 1, 30, 1_000, 1_000),
        new OrderPlanner.Config(
            1, 0, 0, S / 10, 10 * S, 1_000, S, 2 * S, OrderType.LIMIT_MAKER, TimeInForce.GTC),
        new VenueRateLimits.Config(
            List.of(VenueRateLimits.Limit.perSeconds(100, 1)),
            List.of(VenueRateLimits.Limit.perSeconds(100, 1)),
            0.5),
        5 * S,
        0);
  }

  /** 100.00 / 100.02: mid 10,001 ticks. */
  private static OrderBook book() {
    OrderBook b = new TreeMapOrderBook();
    b.apply(Side.BID, 10_000, 5_000);
    b.apply(Side.BID, 9_990, 5_000);
    b.apply(Side.ASK, 10_002, 5_000);
    b.apply(Side.ASK, 10_012, 5_000);
    return b;
  }

  private static QuoteDecision decide(Trader t, long inventory) {
    OrderBook b = book();
    return t.decide(b, inventory, 20 * S);
  }

  /** Mids alternating by one tick each second: the volatility estimate has two mids and more. */
  private static Trader warm(Trader t) {
    for (int i = 0; i <= 20; i++) {
      OrderBook b = book();
      if (i % 2 == 1) {
        b.apply(Side.ASK, 10_002, 0);
        b.apply(Side.ASK, 10_003, 5_000);
      }
      t.onBook(b, i * S);
    }
    return t;
  }

  @Test
  void pullsUntilTheVolatilityEstimateHasTwoMids() {
    for (StrategyConfig.Model m : StrategyConfig.Model.values()) {
      Trader t = trader(m, 60);
      OrderBook b = book();
      t.onBook(b, S);
      QuoteDecision d = t.decide(b, 0, S);
      assertTrue(d.isPull(), m + ": " + d);
      assertTrue(d.reason().contains("volatility not available"), d.reason());
    }
  }

  @ParameterizedTest
  @EnumSource(StrategyConfig.Model.class)
  void quotesBothSidesAroundTheMidAndLeansAgainstInventory(StrategyConfig.Model model) {
    Trader t = warm(trader(model, 60));
    QuoteDecision flat = decide(t, 0);
    assertFalse(flat.isPull(), flat.reason());
    long bid = flat.bids().get(0).priceTicks();
    long ask = flat.asks().get(0).priceTicks();
    assertTrue(bid < 10_001 && 10_001 < ask, model + ": " + bid + " / " + ask);
    assertEquals(100, flat.bids().get(0).sizeLots());

    QuoteDecision longInventory = decide(t, 500);
    long longBid = longInventory.bids().get(0).priceTicks();
    long longAsk = longInventory.asks().get(0).priceTicks();
    assertTrue(
        longBid + longAsk < bid + ask,
        model + ": long 500 lots should quote lower: " + longBid + "/" + longAsk);
    QuoteDecision shortInventory = decide(t, -500);
    assertTrue(
        shortInventory.bids().get(0).priceTicks() + shortInventory.asks().get(0).priceTicks()
            > bid + ask,
        model + ": short should quote higher");

    QuoteDecision atLimit = decide(t, 1_000);
    assertTrue(atLimit.bids().isEmpty(), model + ": no bid at the position limit");
    assertFalse(atLimit.asks().isEmpty(), model + ": the reducing side still quotes");
  }

  @Test
  void theHjbTableFarFromTheHorizonIsTheStationaryGlftSolution() {
    // Guéant (2017): far from the terminal time the HJB's depths converge to the stationary
    // (ergodic) ones, which GLFT (2013) give in closed form from the ground state of their matrix.
    Trader hjb = warm(trader(StrategyConfig.Model.HJB, 600));
    Trader exact = warm(trader(StrategyConfig.Model.GLFT_EXACT, 600));
    for (long q = -900; q <= 900; q += 100) {
      QuoteDecision h = decide(hjb, q);
      QuoteDecision g = decide(exact, q);
      assertEquals(prices(g), prices(h), "inventory " + q);
    }
  }

  private static List<Long> prices(QuoteDecision d) {
    return List.of(
        d.bids().isEmpty() ? -1 : d.bids().get(0).priceTicks(),
        d.asks().isEmpty() ? -1 : d.asks().get(0).priceTicks());
  }
}
