package com.marketmaker.core.quote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.pricing.GlftParameters;
import com.marketmaker.core.risk.RiskBreach;
import com.marketmaker.core.risk.RiskCheck;
import com.marketmaker.core.risk.RiskVerdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each step on a fixed context, with expected values worked out by hand in the comments. */
class QuoteStepsTest {

  /** Book 1000 x 1010, mid 1005, σ = 2 ticks/√s, calm, flat. */
  private static QuoteContext ctx(long q, double imbalance, double vpin, double flow) {
    return new QuoteContext(
        QuotePolicyPropertyTest.SPEC,
        1000,
        1010,
        1005,
        1005,
        1005,
        2.0,
        imbalance,
        vpin,
        flow,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        q,
        0);
  }

  private static QuotePolicy.Builder dynamic() {
    // spread = 4 + 1.5·2 = 7 ticks around 1005: bid 1001.5, ask 1008.5
    return QuotePolicy.builder(new DynamicSpreadModel(4, 1.5, ReferencePrice.MID)).baseSize(10);
  }

  @Test
  void baseModelAloneRoundsOutward() {
    QuoteDecision d = dynamic().build().decide(ctx(0, 0, 0, 0));
    assertEquals(List.of(new QuoteLevel(1001, 10)), d.bids());
    assertEquals(List.of(new QuoteLevel(1009, 10)), d.asks());
    assertEquals("dynamic-spread", d.explanation().get(0).step());
    // Base model, then rounding: bid 1001.5 → 1001 (−0.5), ask 1008.5 → 1009 (+0.5).
    assertEquals(2, d.explanation().size());
    Contribution rounding = d.explanation().get(1);
    assertEquals("grid-rounding", rounding.step());
    assertEquals(-0.5, rounding.bidShift(), 1e-12);
    assertEquals(0.5, rounding.askShift(), 1e-12);
  }

  @Test
  void inventoryLeanShiftsAgainstExcessInventory() {
    // q = 7, target 2, lean 0.5: shift −2.5 → bid 999.0, ask 1006.0
    QuoteDecision d = dynamic().adjust(new InventoryLean(2, 0.5)).build().decide(ctx(7, 0, 0, 0));
    assertEquals(999, d.bids().get(0).priceTicks());
    assertEquals(1006, d.asks().get(0).priceTicks());
    Contribution lean = d.explanation().get(1);
    assertEquals("inventory-lean", lean.step());
    assertEquals(-2.5, lean.bidShift(), 1e-12);
    assertEquals(-2.5, lean.askShift(), 1e-12);
  }

  @Test
  void bookPressureAppliesTheHighestTierReached() {
    var step = new BookPressure(new double[] {0.3, 0.7}, new double[] {1, 3});
    QuotePolicy p = dynamic().adjust(step).build();
    assertEquals(2, p.decide(ctx(0, 0.2, 0, 0)).explanation().size()); // below every tier
    assertEquals(1.0, p.decide(ctx(0, 0.5, 0, 0)).explanation().get(1).bidShift(), 0);
    assertEquals(3.0, p.decide(ctx(0, 0.9, 0, 0)).explanation().get(1).bidShift(), 0);
    assertEquals(-3.0, p.decide(ctx(0, -0.75, 0, 0)).explanation().get(1).askShift(), 0);
  }

  @Test
  void tradeFlowEmergencyShiftsWithTheFlowAndWidensTheHitSide() {
    QuotePolicy p = dynamic().adjust(new TradeFlowEmergency(50, 2, 3)).build();
    Contribution buy = p.decide(ctx(0, 0, 0, 80)).explanation().get(1);
    assertEquals(2, buy.bidShift(), 0);
    assertEquals(5, buy.askShift(), 0);
    Contribution sell = p.decide(ctx(0, 0, 0, -80)).explanation().get(1);
    assertEquals(-5, sell.bidShift(), 0);
    assertEquals(-2, sell.askShift(), 0);
    assertEquals(2, p.decide(ctx(0, 0, 0, 49)).explanation().size());
  }

  @Test
  void vpinWidensThenPulls() {
    QuotePolicy p = dynamic().adjust(new VpinGuard(0.5, 2, 0.8)).build();
    // 7-tick spread doubled to 14 around 1005: 998 / 1012
    QuoteDecision wide = p.decide(ctx(0, 0, 0.6, 0));
    assertEquals(998, wide.bids().get(0).priceTicks());
    assertEquals(1012, wide.asks().get(0).priceTicks());
    QuoteDecision pulled = p.decide(ctx(0, 0, 0.85, 0));
    assertTrue(pulled.isPull());
    assertTrue(pulled.reason().contains("VPIN"), pulled.reason());
  }

  @Test
  void imbalanceSkewIsLinearInImbalance() {
    QuotePolicy p = dynamic().adjust(new ImbalanceSkew(4)).build();
    assertEquals(-1.0, p.decide(ctx(0, -0.25, 0, 0)).explanation().get(1).bidShift(), 1e-12);
  }

  @Test
  void spreadLimitsClampAroundTheCentre() {
    QuoteDecision tight =
        dynamic().constrain(new SpreadLimits(10, 20)).build().decide(ctx(0, 0, 0, 0));
    // widened from 7 to 10 around 1005: 1000 / 1010
    assertEquals(1000, tight.bids().get(0).priceTicks());
    assertEquals(1010, tight.asks().get(0).priceTicks());
    QuoteDecision wide =
        dynamic().constrain(new SpreadLimits(1, 3)).build().decide(ctx(0, 0, 0, 0));
    // narrowed to 3 around 1005: 1003.5 / 1006.5 → 1003 / 1007
    assertEquals(1003, wide.bids().get(0).priceTicks());
    assertEquals(1007, wide.asks().get(0).priceTicks());
  }

  @Test
  void quotesThatWouldCrossAreHeldOffTheBook() {
    // Lean of +20 ticks (short 10 lots at 2 ticks/lot) would put the bid at 1021.5 above the ask.
    QuoteDecision d = dynamic().adjust(new InventoryLean(0, 2)).build().decide(ctx(-10, 0, 0, 0));
    assertEquals(1009, d.bids().get(0).priceTicks());
    assertEquals(1029, d.asks().get(0).priceTicks());
    assertEquals("rounded outward, held off the book", d.explanation().get(2).note());
  }

  @Test
  void ladderSpacesLevelsAndDecaysSizesWithinHeadroom() {
    QuotePolicy p =
        dynamic().constrain(new PositionLimit(25)).ladder(new Ladder(4, 2, 0.5, 2, 8)).build();
    // q = 12: bid headroom 13 lots. Sizes 10 → capped 8, then 5 (headroom left 5), then stop.
    QuoteDecision d = p.decide(ctx(12, 0, 0, 0));
    assertEquals(List.of(new QuoteLevel(1001, 8), new QuoteLevel(999, 5)), d.bids());
    // Asks: 8, 5, 2 (2.5 floored), then 1.25 < min 2 stops the ladder.
    assertEquals(
        List.of(new QuoteLevel(1009, 8), new QuoteLevel(1011, 5), new QuoteLevel(1013, 2)),
        d.asks());
  }

  @Test
  void sizeShapingShrinksTheSideThatAddsInventory() {
    QuotePolicy p = dynamic().constrain(new SizeShaping(0.1)).build();
    // q = 5: bid 10·e^−0.5 = 6.07 → 6 ; ask 10·e^0.5 = 16.49 → 16
    QuoteDecision d = p.decide(ctx(5, 0, 0, 0));
    assertEquals(6, d.bids().get(0).sizeLots());
    assertEquals(16, d.asks().get(0).sizeLots());
  }

  @Test
  void glftClosedFormUsesLiveCalibration() {
    var glft = new GlftParameters(0.01, 1, 1, 1, 0.01, 1, 50, 0);
    var model = new GlftClosedFormModel(glft, ReferencePrice.MID);
    // Live: σ = 2, A = 4, k = 0.5, ξΔ = 0.01; offset = ln(1.02)/0.01 ; ω from the formula.
    var c =
        new QuoteContext(
            QuotePolicyPropertyTest.SPEC,
            1000,
            1010,
            1005,
            1005,
            1005,
            2.0,
            0,
            0,
            0,
            4,
            0.5,
            4,
            0.5,
            3,
            0);
    double offset = Math.log(1.02) / 0.01;
    double omega = Math.sqrt(0.01 * 4 / (2 * 4 * 0.5) * Math.pow(1.02, 1 + 50));
    QuoteDecision d = QuotePolicy.builder(model).build().decide(c);
    Contribution base = d.explanation().get(0);
    assertEquals(1005 - offset - 3.5 * omega, base.bid(), 1e-9);
    assertEquals(1005 + offset - 2.5 * omega, base.ask(), 1e-9);
  }

  @Test
  void badMarketDataOrRiskBreachPullsWithReason() {
    QuotePolicy p = dynamic().build();
    var crossed =
        new QuoteContext(
            QuotePolicyPropertyTest.SPEC,
            1010,
            1000,
            1005,
            1005,
            1005,
            2,
            0,
            0,
            0,
            1,
            1,
            1,
            1,
            0,
            0);
    assertTrue(p.decide(crossed).reason().contains("crossed"));
    var noVol =
        new QuoteContext(
            QuotePolicyPropertyTest.SPEC,
            1000,
            1010,
            1005,
            1005,
            1005,
            Double.NaN,
            0,
            0,
            0,
            1,
            1,
            1,
            1,
            0,
            0);
    assertTrue(p.decide(noVol).reason().contains("volatility"));
    var breach = new RiskVerdict(List.of(new RiskBreach(RiskCheck.KILL_SWITCH, "engaged")));
    QuoteDecision d = p.decide(ctx(0, 0, 0, 0), breach);
    assertTrue(d.isPull());
    assertEquals("risk: KILL_SWITCH: engaged", d.reason());
  }

  @Test
  void rejectsBadConfiguration() {
    assertThrows(IllegalArgumentException.class, () -> new SpreadLimits(5, 2));
    var e = assertThrows(IllegalArgumentException.class, () -> new SpreadLimits(5, 2));
    assertTrue(e.getMessage().contains("minimum spread 5.0 exceeds maximum spread 2.0"));
    assertThrows(
        IllegalArgumentException.class, () -> new DynamicSpreadModel(0, 1, ReferencePrice.MID));
    assertThrows(IllegalArgumentException.class, () -> new InventoryLean(0, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new VpinGuard(0.8, 2, 0.5));
    assertThrows(IllegalArgumentException.class, () -> new PositionLimit(0));
    assertThrows(IllegalArgumentException.class, () -> new Ladder(0, 1, 1, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new Ladder(1, 1, 1, 3, 2));
    assertThrows(
        IllegalArgumentException.class,
        () -> new BookPressure(new double[] {0.5, 0.3}, new double[] {1, 2}));
    assertThrows(
        IllegalArgumentException.class,
        () -> dynamic().baseSize(1).ladder(new Ladder(1, 1, 1, 2, 5)).build());
  }
}
