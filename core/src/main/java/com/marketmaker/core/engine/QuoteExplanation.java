package com.marketmaker.core.engine;

import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.quote.Contribution;
import com.marketmaker.core.quote.QuoteContext;
import com.marketmaker.core.quote.QuoteDecision;
import com.marketmaker.core.quote.QuoteLevel;
import com.marketmaker.core.strategy.StrategyConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The last quote decision of an instrument explained: its inputs, what each step did (in ticks),
 * the resulting ladder and why a side is missing. Prices in the instrument's decimals, σ in price,
 * basis points and ticks per √s, A per second, k per tick.
 *
 * @param inputs null when the decision was a pull before any model ran (risk, no book)
 */
public record QuoteExplanation(
    String instrument,
    String model,
    String reference,
    long timeNanos,
    String action,
    String reason,
    Inputs inputs,
    List<Step> steps,
    List<Level> bids,
    List<Level> asks,
    long priceToleranceTicks,
    long orderTokensAvailable) {

  /** What the policy read. */
  public record Inputs(
      String bestBid,
      String bestAsk,
      double mid,
      double microPrice,
      double weightedMid,
      double sigmaPricePerSqrtSecond,
      double sigmaBpsPerSqrtSecond,
      double sigmaTicksPerSqrtSecond,
      Intensity bidIntensity,
      Intensity askIntensity,
      long inventoryLots,
      String inventory,
      double vpin,
      double tradeFlowImbalance,
      double bookImbalance) {}

  /**
   * A side's fill intensity A·e^(−kδ): A per second, k per tick, standard errors (NaN for the
   * prior), and whether it is calibrated or the prior.
   */
  public record Intensity(
      double aPerSecond,
      double kPerTick,
      double standardErrorA,
      double standardErrorK,
      long fills,
      boolean calibrated) {
    static Intensity of(IntensityEstimate.Value v) {
      return new Intensity(
          v.aPerSecond(),
          v.kPerTick(),
          v.standardErrorA(),
          v.standardErrorK(),
          v.fills(),
          v.calibrated());
    }
  }

  /** One step: shifts and prices in ticks, sizes in lots (fractional before rounding). */
  public record Step(
      String step,
      double bidShiftTicks,
      double askShiftTicks,
      double bidTicks,
      double askTicks,
      double bidSizeLots,
      double askSizeLots,
      String note) {}

  /** One order of the ladder. */
  public record Level(String price, String size, long priceTicks, long sizeLots) {}

  static QuoteExplanation of(
      InstrumentSpec spec,
      StrategyConfig strategy,
      QuoteContext c,
      QuoteDecision d,
      long timeNanos,
      IntensityEstimate.Value bid,
      IntensityEstimate.Value ask,
      long toleranceTicks,
      long tokens) {
    double tick = spec.ticksToDouble(1);
    Inputs inputs = null;
    if (c != null) {
      double sigma = c.volatility();
      inputs =
          new Inputs(
              spec.ticksToPrice(c.bestBidTicks()),
              spec.ticksToPrice(c.bestAskTicks()),
              c.mid() * tick,
              c.microPrice() * tick,
              c.weightedMid() * tick,
              sigma * tick,
              sigma / c.mid() * 1e4,
              sigma,
              Intensity.of(bid),
              Intensity.of(ask),
              c.inventoryLots(),
              spec.lotsToSize(c.inventoryLots()),
              c.vpin(),
              c.tradeFlow(),
              c.imbalance());
    }
    List<Step> steps = new ArrayList<>(d.explanation().size());
    for (Contribution x : d.explanation()) {
      steps.add(
          new Step(
              x.step(),
              x.bidShift(),
              x.askShift(),
              x.bid(),
              x.ask(),
              x.bidSize(),
              x.askSize(),
              x.note()));
    }
    return new QuoteExplanation(
        spec.id().toString(),
        strategy.model().name(),
        strategy.quoting().reference(),
        timeNanos,
        d.action().name(),
        d.reason(),
        inputs,
        steps,
        levels(spec, d.bids()),
        levels(spec, d.asks()),
        toleranceTicks,
        tokens);
  }

  private static List<Level> levels(InstrumentSpec spec, List<QuoteLevel> levels) {
    List<Level> out = new ArrayList<>(levels.size());
    for (QuoteLevel l : levels) {
      out.add(
          new Level(
              spec.ticksToPrice(l.priceTicks()),
              spec.lotsToSize(l.sizeLots()),
              l.priceTicks(),
              l.sizeLots()));
    }
    return out;
  }
}
