package com.marketmaker.core.quote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.pricing.AvellanedaStoikov;
import com.marketmaker.core.pricing.GlftParameters;
import com.marketmaker.core.pricing.GlftQuotes;
import com.marketmaker.core.pricing.HjbParameters;
import com.marketmaker.core.pricing.HjbSolver;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Seeded random contexts and policies; the invariants the order manager relies on. */
class QuotePolicyPropertyTest {

  static final InstrumentSpec SPEC =
      InstrumentSpec.of(InstrumentId.of("BINANCE", "BTCUSDT"), "0.01", "0.00001");
  private static final int CASES = 20_000;
  private static final long MAX_POSITION = 40;

  private static final List<QuoteStep> BASES;

  static {
    var glft = new GlftParameters(0.05, 3.0, 2.0, 0.4, 0.05, 1, 50, 0.0);
    var hjb = HjbSolver.solve(HjbParameters.of(glft, -20, 200, 60, 600));
    BASES =
        List.of(
            new DynamicSpreadModel(4, 1.5, ReferencePrice.MID),
            new AvellanedaStoikovModel(
                new AvellanedaStoikov(0.05, 0.4, AvellanedaStoikov.Horizon.rolling(30)),
                ReferencePrice.MICRO_PRICE),
            new GlftClosedFormModel(glft, ReferencePrice.MID),
            DepthTableModel.stationary(
                "glft-stationary", new GlftQuotes(glft).stationary(), ReferencePrice.MID),
            DepthTableModel.hjb(hjb, 0, ReferencePrice.MICRO_PRICE));
  }

  static QuoteContext randomContext(SplittableRandom r, long inventory) {
    long bestBid = 1 + r.nextLong(1, 200_000);
    long bestAsk = bestBid + 1 + (r.nextInt(4) == 0 ? r.nextLong(0, 50) : 0);
    double mid = 0.5 * (bestBid + bestAsk);
    double micro = bestBid + r.nextDouble() * (bestAsk - bestBid);
    boolean calibrated = r.nextBoolean();
    return new QuoteContext(
        SPEC,
        bestBid,
        bestAsk,
        mid,
        micro,
        micro,
        r.nextDouble() * 20,
        r.nextDouble() * 2 - 1,
        r.nextDouble() * 0.85,
        (r.nextDouble() * 2 - 1) * 100,
        calibrated ? 0.5 + r.nextDouble() * 5 : Double.NaN,
        calibrated ? 0.05 + r.nextDouble() : Double.NaN,
        calibrated ? 0.5 + r.nextDouble() * 5 : Double.NaN,
        calibrated ? 0.05 + r.nextDouble() : Double.NaN,
        inventory,
        r.nextDouble() * 60);
  }

  static QuotePolicy randomPolicy(SplittableRandom r) {
    var b = QuotePolicy.builder(BASES.get(r.nextInt(BASES.size())));
    if (r.nextBoolean()) {
      b.adjust(new InventoryLean(r.nextLong(-5, 6), r.nextDouble() * 2));
    }
    if (r.nextBoolean()) {
      b.adjust(new BookPressure(new double[] {0.3, 0.7}, new double[] {1, 3}));
    }
    if (r.nextBoolean()) {
      b.adjust(new TradeFlowEmergency(50, r.nextDouble() * 5, r.nextDouble() * 5));
    }
    if (r.nextBoolean()) {
      b.adjust(new VpinGuard(0.5, 1 + r.nextDouble() * 2, 0.8));
    }
    if (r.nextBoolean()) {
      b.adjust(new ImbalanceSkew(r.nextDouble() * 3));
    }
    if (r.nextBoolean()) {
      double min = r.nextDouble() * 5;
      b.constrain(new SpreadLimits(min, min + 1 + r.nextDouble() * 100));
    }
    b.constrain(new PositionLimit(MAX_POSITION));
    if (r.nextBoolean()) {
      b.constrain(new SizeShaping(r.nextDouble() * 0.1));
    }
    int levels = 1 + r.nextInt(5);
    long min = 1 + r.nextLong(0, 3);
    b.ladder(new Ladder(levels, 1 + r.nextLong(0, 5), 0.3 + 0.7 * r.nextDouble(), min, min + 20));
    b.baseSize(min + r.nextDouble() * 30);
    return b.build();
  }

  @Test
  void quotesAreOnTheGridNeverCrossAndRespectSizesAndLimits() {
    var r = new SplittableRandom(20260421);
    int quoted = 0;
    int twoSided = 0;
    for (int i = 0; i < CASES; i++) {
      QuotePolicy policy = randomPolicy(r);
      long q = r.nextLong(-MAX_POSITION - 5, MAX_POSITION + 6);
      QuoteContext c = randomContext(r, q);
      QuoteDecision d = policy.decide(c);
      String where = "case " + i + " " + c + " -> " + d;
      if (d.isPull()) {
        assertTrue(d.bids().isEmpty() && d.asks().isEmpty(), where);
        assertFalse(d.reason().isEmpty(), where);
        continue;
      }
      quoted++;
      long bidLots = 0;
      long askLots = 0;
      for (int k = 0; k < d.bids().size(); k++) {
        QuoteLevel l = d.bids().get(k);
        assertTrue(l.priceTicks() <= c.bestAskTicks() - 1, "bid crosses: " + where);
        assertTrue(l.priceTicks() >= 1, where);
        assertOnGrid(l.priceTicks());
        assertTrue(l.sizeLots() >= 1 && l.sizeLots() <= 23, "bid size: " + where);
        if (k > 0) {
          assertTrue(l.priceTicks() < d.bids().get(k - 1).priceTicks(), where);
        }
        bidLots += l.sizeLots();
      }
      for (int k = 0; k < d.asks().size(); k++) {
        QuoteLevel l = d.asks().get(k);
        assertTrue(l.priceTicks() >= c.bestBidTicks() + 1, "ask crosses: " + where);
        assertOnGrid(l.priceTicks());
        assertTrue(l.sizeLots() >= 1 && l.sizeLots() <= 23, "ask size: " + where);
        if (k > 0) {
          assertTrue(l.priceTicks() > d.asks().get(k - 1).priceTicks(), where);
        }
        askLots += l.sizeLots();
      }
      assertTrue(bidLots <= Math.max(0, MAX_POSITION - q), "bid lots beyond headroom: " + where);
      assertTrue(askLots <= Math.max(0, MAX_POSITION + q), "ask lots beyond headroom: " + where);
      if (!d.bids().isEmpty() && !d.asks().isEmpty()) {
        twoSided++;
        assertTrue(d.bids().get(0).priceTicks() < d.asks().get(0).priceTicks(), where);
      }
      if (q >= MAX_POSITION) {
        assertTrue(d.bids().isEmpty(), "bid at long limit: " + where);
      }
      if (q <= -MAX_POSITION) {
        assertTrue(d.asks().isEmpty(), "ask at short limit: " + where);
      }
      // Rounding never tightens: the rounded best bid is at or below the last unrounded bid.
      List<Contribution> steps = d.explanation();
      assertEquals("grid-rounding", steps.get(steps.size() - 1).step(), where);
      Contribution last = steps.get(steps.size() - 2);
      if (!d.bids().isEmpty() && !Double.isNaN(last.bid())) {
        assertTrue(d.bids().get(0).priceTicks() <= last.bid() + 1e-9, where);
      }
    }
    // The generator must exercise the interesting cases, not pull everything.
    assertTrue(quoted > CASES / 2, "quoted " + quoted);
    assertTrue(twoSided > CASES / 3, "two-sided " + twoSided);
  }

  private static void assertOnGrid(long ticks) {
    // The decimal price the venue receives is on the tick grid and maps back to the same tick.
    assertEquals(ticks, SPEC.priceToTicks(SPEC.ticksToPrice(ticks)));
  }

  @Test
  void atThePositionLimitOnlyTheReducingSideIsQuoted() {
    var r = new SplittableRandom(7);
    for (int i = 0; i < 5_000; i++) {
      QuotePolicy policy = randomPolicy(r);
      boolean longSide = r.nextBoolean();
      long q = longSide ? MAX_POSITION + r.nextLong(0, 3) : -MAX_POSITION - r.nextLong(0, 3);
      QuoteContext c = randomContext(r, q);
      // Calm market: nothing else may pull the quotes.
      c = withVpin(c, 0.0);
      QuoteDecision d = policy.decide(c);
      String where = "case " + i + " q=" + q + " -> " + d;
      assertFalse(d.isPull(), where);
      if (longSide) {
        assertTrue(d.bids().isEmpty() && !d.asks().isEmpty(), where);
      } else {
        assertTrue(d.asks().isEmpty() && !d.bids().isEmpty(), where);
      }
    }
  }

  @Test
  void inventoryLeanLowersQuotesWhenLongAndRaisesThemWhenShort() {
    var r = new SplittableRandom(11);
    for (int i = 0; i < 5_000; i++) {
      long target = r.nextLong(-5, 6);
      double lean = 0.05 + r.nextDouble() * 2;
      QuotePolicy policy =
          QuotePolicy.builder(new DynamicSpreadModel(4, 1, ReferencePrice.MID))
              .adjust(new InventoryLean(target, lean))
              .build();
      long q1 = r.nextLong(-30, 31);
      long q2 = q1 + 1 + r.nextLong(0, 10);
      QuoteContext base = withSpread(randomContext(r, q1), 400);
      QuoteDecision lower = policy.decide(base);
      QuoteDecision higher = policy.decide(withInventory(base, q2));
      // More inventory: quotes never higher, and strictly lower in the unrounded explanation.
      assertTrue(
          higher.bids().get(0).priceTicks() <= lower.bids().get(0).priceTicks(), "case " + i);
      assertTrue(
          higher.asks().get(0).priceTicks() <= lower.asks().get(0).priceTicks(), "case " + i);
      double shift = leanShift(higher);
      long excess = q2 - target;
      if (excess == 0) {
        assertEquals(0.0, shift, 0.0, "at target no lean, case " + i);
      } else {
        assertEquals(-Math.signum(excess), Math.signum(shift), "case " + i);
        assertEquals(-lean * excess, shift, 1e-9);
      }
    }
  }

  private static double leanShift(QuoteDecision d) {
    return d.explanation().stream()
        .filter(x -> x.step().equals("inventory-lean"))
        .mapToDouble(Contribution::bidShift)
        .findFirst()
        .orElse(0.0);
  }

  static QuoteContext withVpin(QuoteContext c, double vpin) {
    return new QuoteContext(
        c.instrument(),
        c.bestBidTicks(),
        c.bestAskTicks(),
        c.mid(),
        c.microPrice(),
        c.microPrice(),
        c.volatility(),
        c.imbalance(),
        vpin,
        c.tradeFlow(),
        c.bidIntensityA(),
        c.bidIntensityK(),
        c.askIntensityA(),
        c.askIntensityK(),
        c.inventoryLots(),
        c.timeSeconds());
  }

  static QuoteContext withInventory(QuoteContext c, long q) {
    return new QuoteContext(
        c.instrument(),
        c.bestBidTicks(),
        c.bestAskTicks(),
        c.mid(),
        c.microPrice(),
        c.microPrice(),
        c.volatility(),
        c.imbalance(),
        c.vpin(),
        c.tradeFlow(),
        c.bidIntensityA(),
        c.bidIntensityK(),
        c.askIntensityA(),
        c.askIntensityK(),
        q,
        c.timeSeconds());
  }

  /** A wide book, so the book clamp does not mask the lean. */
  static QuoteContext withSpread(QuoteContext c, long ticks) {
    long bid = c.bestBidTicks() + 1000;
    return new QuoteContext(
        c.instrument(),
        bid,
        bid + ticks,
        bid + ticks / 2.0,
        bid + ticks / 2.0,
        bid + ticks / 2.0,
        c.volatility(),
        c.imbalance(),
        c.vpin(),
        c.tradeFlow(),
        c.bidIntensityA(),
        c.bidIntensityK(),
        c.askIntensityA(),
        c.askIntensityK(),
        c.inventoryLots(),
        c.timeSeconds());
  }
}
