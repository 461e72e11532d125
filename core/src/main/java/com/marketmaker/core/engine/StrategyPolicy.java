package com.marketmaker.core.engine;

import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.pricing.AvellanedaStoikov;
import com.marketmaker.core.pricing.GlftParameters;
import com.marketmaker.core.pricing.GlftQuotes;
import com.marketmaker.core.pricing.HjbParameters;
import com.marketmaker.core.pricing.HjbSolver;
import com.marketmaker.core.quote.AvellanedaStoikovModel;
import com.marketmaker.core.quote.BookPressure;
import com.marketmaker.core.quote.DepthTableModel;
import com.marketmaker.core.quote.GlftClosedFormModel;
import com.marketmaker.core.quote.ImbalanceSkew;
import com.marketmaker.core.quote.InventoryLean;
import com.marketmaker.core.quote.Ladder;
import com.marketmaker.core.quote.PositionLimit;
import com.marketmaker.core.quote.QuotePolicy;
import com.marketmaker.core.quote.QuoteStep;
import com.marketmaker.core.quote.ReferencePrice;
import com.marketmaker.core.quote.SizeShaping;
import com.marketmaker.core.quote.SpreadLimits;
import com.marketmaker.core.quote.TradeFlowEmergency;
import com.marketmaker.core.quote.VpinGuard;
import com.marketmaker.core.strategy.MakerParameters;
import com.marketmaker.core.strategy.QuoteSettings;
import com.marketmaker.core.strategy.StrategyConfig;

/**
 * Assembles the quote policy of an instrument from its parameters and strategy, in the order a desk
 * reads a quote: the base model around the chosen reference price; then the adjusters (inventory
 * lean, book-pressure tiers, imbalance skew, trade-flow emergency, VPIN guard); then the
 * constraints (spread limits with the volatility floor, size shaping, position limit); then the
 * ladder.
 *
 * <p>Spread limits are set in basis points of the mid, so the policy is rebuilt when the mid has
 * moved more than 5% from the one it was built for. The table models ({@code GLFT_EXACT}, {@code
 * HJB}) are solved for one σ, A and k: theirs is rebuilt when one of them has moved more than 25%.
 * The closed-form models read σ, A and k from every decision's context.
 */
final class StrategyPolicy {

  private static final com.marketmaker.core.quote.PortfolioOverlay PORTFOLIO =
      new com.marketmaker.core.quote.PortfolioOverlay();

  private final InstrumentSpec spec;
  private final MakerParameters parameters;
  private final StrategyConfig strategy;
  private QuotePolicy policy;
  private double builtMid = Double.NaN;
  private double builtSigma = Double.NaN;
  private double builtA = Double.NaN;
  private double builtK = Double.NaN;
  private long builds;

  StrategyPolicy(InstrumentSpec spec, MakerParameters parameters, StrategyConfig strategy) {
    this.spec = spec;
    this.parameters = parameters;
    this.strategy = strategy;
  }

  /** Times the policy was (re)built, for tests and read-outs. */
  long builds() {
    return builds;
  }

  /** The policy for the market now; σ ticks per √s, A per second, k per tick (side means). */
  QuotePolicy policy(double midTicks, double sigmaTicks, double a, double k) {
    boolean table =
        strategy.model() == StrategyConfig.Model.GLFT_EXACT
            || strategy.model() == StrategyConfig.Model.HJB;
    if (policy != null
        && Math.abs(midTicks - builtMid) <= 0.05 * builtMid
        && (!table || (near(sigmaTicks, builtSigma) && near(a, builtA) && near(k, builtK)))) {
      return policy;
    }
    policy = build(midTicks, sigmaTicks, a, k);
    builtMid = midTicks;
    builtSigma = sigmaTicks;
    builtA = a;
    builtK = k;
    builds++;
    return policy;
  }

  /**
   * γ per tick and lot. The operator's risk aversion is per tick and per order of the configured
   * size, so the same γ means the same thing on any lot grid (a spot book's lot of 1e-8 BTC or a
   * future's 0.001): with Δ the order size in lots, the models read γ/Δ per lot, which makes their
   * inventory term (2n + 1)/2·ω per n orders held and their depth offset ln(1 + γ/k)/γ, exactly the
   * unit-order formulas of GLFT (2013).
   */
  private double gammaPerLot() {
    return parameters.riskAversion() / parameters.orderSizeLots();
  }

  private static boolean near(double now, double built) {
    return Math.abs(now - built) <= 0.25 * built;
  }

  private QuotePolicy build(double mid, double sigma, double a, double k) {
    QuoteSettings q = strategy.quoting();
    ReferencePrice reference = ReferencePrice.parse(q.reference());
    double minTicks = Math.max(1, parameters.minSpreadBps() * mid / 10_000);
    double maxTicks = Math.max(minTicks, parameters.maxSpreadBps() * mid / 10_000);
    long size = parameters.orderSizeLots();
    long maxPos = parameters.maxPositionLots();
    QuoteStep base =
        switch (strategy.model()) {
          case AVELLANEDA_STOIKOV ->
              new AvellanedaStoikovModel(
                  new AvellanedaStoikov(
                      gammaPerLot(),
                      strategy.intensityK(),
                      AvellanedaStoikov.Horizon.rolling(parameters.horizonSeconds())),
                  reference);
          case GLFT ->
              // Orders of Δ = the quote size, inventory in lots (GLFT 2013 §6); the closed form
              // reads the live σ, A and k of every decision.
              new GlftClosedFormModel(tableParameters(sigma, a, k, size, maxPos), reference);
          case GLFT_EXACT ->
              DepthTableModel.stationary(
                  "glft-exact",
                  new GlftQuotes(tableParameters(sigma, a, k, size, maxPos)).stationary(),
                  reference);
          case HJB -> {
            double horizon = parameters.horizonSeconds();
            // Depths may go through the mid as in GLFT (an inventory is unloaded aggressively);
            // the spread limits bound the quotes. Output steps of 0.1 s (the solver splits them
            // further where the fill rates demand it).
            int steps = (int) Math.min(100_000, Math.max(100, Math.ceil(horizon * 10)));
            HjbParameters hjb =
                HjbParameters.of(
                    tableParameters(sigma, a, k, size, maxPos),
                    -maxTicks,
                    maxTicks,
                    horizon,
                    steps);
            yield DepthTableModel.stationary("hjb", HjbSolver.solve(hjb).atStep(0), reference);
          }
        };
    QuotePolicy.Builder b = QuotePolicy.builder(base);
    if (q.inventoryLeanTicks() > 0) {
      b.adjust(new InventoryLean(0, q.inventoryLeanTicks() / maxPos));
    }
    if (!q.pressureThresholds().isEmpty()) {
      b.adjust(
          new BookPressure(
              q.pressureThresholds().stream().mapToDouble(Double::doubleValue).toArray(),
              q.pressureShiftTicks().stream().mapToDouble(Double::doubleValue).toArray()));
    }
    if (q.imbalanceSkewTicks() > 0) {
      b.adjust(new ImbalanceSkew(q.imbalanceSkewTicks()));
    }
    if (q.tradeFlowShiftTicks() > 0 || q.tradeFlowWidenTicks() > 0) {
      b.adjust(
          new TradeFlowEmergency(
              q.tradeFlowThreshold(), q.tradeFlowShiftTicks(), q.tradeFlowWidenTicks()));
    }
    b.adjust(
        new VpinGuard(
            q.vpinWidenThreshold(),
            q.vpinWidenFactor(),
            q.vpinSizeFactor(),
            q.vpinPullThreshold()));
    // The portfolio's skew, widening, size cut or pull; the constraints below still bound it.
    b.adjust(PORTFOLIO);
    b.constrain(new SpreadLimits(minTicks, maxTicks, q.volatilitySpreadSqrtSeconds()));
    if (q.sizeShapingAtLimit() > 0) {
      // In quarter steps: a fill of one order does not resize (and re-place) both sides.
      b.constrain(new SizeShaping(q.sizeShapingAtLimit() / maxPos, 0.25));
    }
    b.constrain(new PositionLimit(maxPos));
    long minLots = Math.min(size, minimumOrderLots(mid));
    return b.baseSize(size)
        .ladder(new Ladder(strategy.levels(), strategy.levelSpacingTicks(), 1.0, minLots, maxPos))
        .build();
  }

  /**
   * The smallest order the venue takes near this price: enough lots for the venue's minimum
   * notional at 10% below the mid (the policy is rebuilt before the price moves that far), at least
   * one lot. When the spec does not know the venue's minimum, the configured order size: nothing
   * smaller is known to be accepted. Steps that shrink an order (VPIN, size shaping, the position
   * headroom) never go below it.
   */
  private long minimumOrderLots(double midTicks) {
    long low = Math.max(1, (long) Math.floor(0.9 * midTicks));
    long size = parameters.orderSizeLots();
    if (spec.minNotionalUnscaled() <= 0) {
      return size;
    }
    if (spec.meetsMinNotional(low, 1)) {
      return 1;
    }
    long lo = 1;
    long hi = size;
    if (!spec.meetsMinNotional(low, hi)) {
      return size;
    }
    while (hi - lo > 1) {
      long m = (lo + hi) >>> 1;
      if (spec.meetsMinNotional(low, m)) {
        hi = m;
      } else {
        lo = m;
      }
    }
    return hi;
  }

  /**
   * GLFT inputs of the table models: orders of the configured size Δ (lots), the inventory bound
   * the largest multiple of Δ within the position limit (at least one order), ξ = γ, no terminal
   * penalty; σ in ticks per √second, A per second, k per tick.
   */
  private GlftParameters tableParameters(double sigma, double a, double k, long size, long maxPos) {
    long orders = Math.max(1, maxPos / size);
    return new GlftParameters(
        gammaPerLot(),
        Math.max(sigma, 1e-6),
        a,
        k,
        gammaPerLot(),
        Math.toIntExact(size),
        Math.toIntExact(orders * size),
        0.0);
  }
}
