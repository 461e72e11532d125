package com.marketmaker.core.strategy;

import java.util.Locale;

/**
 * The quoting model of one instrument and its model inputs, chosen by the operator at start.
 * Together with {@link MakerParameters} (γ, horizon, spread bounds, sizes, position limit) it fully
 * determines the quote policy.
 *
 * @param model the base pricing model
 * @param intensityA fill intensity A at zero depth, per second (GLFT; A·e^(−kδ) with δ in ticks)
 * @param intensityK intensity decay k per tick (both models), strictly positive
 * @param levels quote levels per side, 1 to 10
 * @param levelSpacingTicks distance between ladder levels, at least 1 tick
 * @param volatilityHalfLifeSeconds EWMA half-life of the mid's volatility estimate
 * @param maxLoss halt when the total P&amp;L falls below −maxLoss (quote currency), &gt; 0
 * @param maxDrawdown halt when the P&amp;L falls this far below its peak (quote currency), &gt; 0
 * @param quoting the quote steps on top of the model; null (an older journal) means {@link
 *     QuoteSettings#defaults()}
 */
public record StrategyConfig(
    Model model,
    double intensityA,
    double intensityK,
    int levels,
    long levelSpacingTicks,
    double volatilityHalfLifeSeconds,
    double maxLoss,
    double maxDrawdown,
    QuoteSettings quoting) {

  /** Base pricing models an operator can choose. */
  public enum Model {
    /** Avellaneda–Stoikov (2008) reservation price and spread, rolling horizon. */
    AVELLANEDA_STOIKOV,
    /** Guéant–Lehalle–Fernandez-Tapia (2013) closed-form asymptotic quotes. */
    GLFT,
    /**
     * The exact stationary GLFT (2013) solution: optimal depths by inventory from the ground state
     * of the model's matrix, tabulated in orders of the configured size up to the position limit.
     */
    GLFT_EXACT,
    /**
     * The numerical HJB of Guéant (2017) over the configured horizon with exponential intensity,
     * depths within ± the widest spread, the table at the start of the (rolling) horizon.
     */
    HJB;

    /**
     * Parses {@code as}, {@code avellaneda-stoikov}, {@code glft}, {@code glft-exact}, {@code hjb}
     * (any case, - or _).
     */
    public static Model parse(String text) {
      if (text != null) {
        switch (text.trim().toUpperCase(Locale.ROOT).replace('-', '_')) {
          case "AS", "AVELLANEDA_STOIKOV":
            return AVELLANEDA_STOIKOV;
          case "GLFT":
            return GLFT;
          case "GLFT_EXACT":
            return GLFT_EXACT;
          case "HJB":
            return HJB;
          default:
            break;
        }
      }
      throw new IllegalArgumentException(
          "model must be one of avellaneda-stoikov (as), glft, glft-exact, hjb; got '"
              + text
              + "'");
    }
  }

  /** A strategy with the default quote steps. */
  public StrategyConfig(
      Model model,
      double intensityA,
      double intensityK,
      int levels,
      long levelSpacingTicks,
      double volatilityHalfLifeSeconds,
      double maxLoss,
      double maxDrawdown) {
    this(
        model,
        intensityA,
        intensityK,
        levels,
        levelSpacingTicks,
        volatilityHalfLifeSeconds,
        maxLoss,
        maxDrawdown,
        QuoteSettings.defaults());
  }

  /** This strategy with other quote steps. */
  public StrategyConfig withQuoting(QuoteSettings settings) {
    return new StrategyConfig(
        model,
        intensityA,
        intensityK,
        levels,
        levelSpacingTicks,
        volatilityHalfLifeSeconds,
        maxLoss,
        maxDrawdown,
        settings);
  }

  public StrategyConfig {
    quoting = quoting == null ? QuoteSettings.defaults() : quoting;
    if (model == null) {
      throw new IllegalArgumentException("model is missing");
    }
    positive("intensityA", intensityA);
    positive("intensityK", intensityK);
    positive("volatilityHalfLifeSeconds", volatilityHalfLifeSeconds);
    positive("maxLoss", maxLoss);
    positive("maxDrawdown", maxDrawdown);
    if (levels < 1 || levels > 10) {
      throw new IllegalArgumentException("levels must be in [1, 10], got " + levels);
    }
    if (levelSpacingTicks < 1) {
      throw new IllegalArgumentException(
          "levelSpacingTicks must be at least 1, got " + levelSpacingTicks);
    }
  }

  /**
   * Defaults: GLFT, A = 1/s, k = 0.3/tick, one level, 30 s volatility half-life, loss and drawdown
   * limits of 1,000 units of the quote currency.
   */
  public static StrategyConfig defaults() {
    return new StrategyConfig(Model.GLFT, 1.0, 0.3, 1, 1, 30, 1_000, 1_000);
  }

  private static void positive(String name, double v) {
    if (!Double.isFinite(v) || v <= 0) {
      throw new IllegalArgumentException(name + " must be a finite number > 0, got " + v);
    }
  }
}
