package com.marketmaker.core.strategy;

import java.util.ArrayList;
import java.util.List;

/**
 * The risk limits of one instrument, the fields of {@link MakerParameters} and {@link
 * StrategyConfig} that bound what it may lose or hold. They are kept apart from the tuning fields
 * so that the one who tunes the quotes is not the one who sets how far they may go: lowering a
 * limit is always allowed, raising one needs the authority to set limits.
 *
 * @param maxPositionLots absolute inventory limit, in lots
 * @param maxLoss halt when the total P&amp;L falls below −maxLoss, quote currency
 * @param maxDrawdown halt when the P&amp;L falls this far below its peak, quote currency
 */
public record RiskLimits(long maxPositionLots, double maxLoss, double maxDrawdown) {

  /** The limits an instrument runs with. */
  public static RiskLimits of(MakerParameters parameters, StrategyConfig strategy) {
    return new RiskLimits(parameters.maxPositionLots(), strategy.maxLoss(), strategy.maxDrawdown());
  }

  /** The names of the limits that are higher here than in {@code before}, in field order. */
  public List<String> raisedFrom(RiskLimits before) {
    List<String> raised = new ArrayList<>(3);
    if (maxPositionLots > before.maxPositionLots) {
      raised.add("maxPosition");
    }
    if (maxLoss > before.maxLoss) {
      raised.add("maxLoss");
    }
    if (maxDrawdown > before.maxDrawdown) {
      raised.add("maxDrawdown");
    }
    return raised;
  }

  /**
   * {@code parameters} with this position limit.
   *
   * @throws IllegalArgumentException if the limit is below one order of {@code parameters}
   */
  public MakerParameters applyTo(MakerParameters parameters) {
    return new MakerParameters(
        parameters.riskAversion(),
        parameters.horizonSeconds(),
        parameters.minSpreadBps(),
        parameters.maxSpreadBps(),
        parameters.orderSizeLots(),
        maxPositionLots);
  }

  /**
   * {@code strategy} with these loss and drawdown limits.
   *
   * @throws IllegalArgumentException if either is not a finite number above zero
   */
  public StrategyConfig applyTo(StrategyConfig strategy) {
    return new StrategyConfig(
        strategy.model(),
        strategy.intensityA(),
        strategy.intensityK(),
        strategy.levels(),
        strategy.levelSpacingTicks(),
        strategy.volatilityHalfLifeSeconds(),
        maxLoss,
        maxDrawdown,
        strategy.quoting());
  }
}
