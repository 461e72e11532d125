package com.marketmaker.backtest.paper;

/**
 * One run of the simulation experiment of Avellaneda &amp; Stoikov, "High-frequency trading in a
 * limit order book", Quantitative Finance 8(3), 2008, §4, for one risk aversion γ: the columns of
 * the paper's Tables 1–3 for the inventory strategy and for the symmetric strategy.
 *
 * @param gamma risk aversion γ
 * @param seed seed of the random numbers
 * @param paths number of simulated paths
 * @param inventory quotes around the reservation price
 * @param symmetric the same spread around the mid-price
 */
public record ExperimentResult(
    double gamma,
    long seed,
    int paths,
    StrategyStatistics inventory,
    StrategyStatistics symmetric) {

  /**
   * One row of Avellaneda &amp; Stoikov (2008), Tables 1–3.
   *
   * @param averageSpread quoted ask − bid averaged over every step of every path
   * @param meanProfit mean of the final profit, cash + q·S at T
   * @param profitStdDev sample standard deviation of the final profit
   * @param meanFinalInventory mean of the final inventory q at T
   * @param finalInventoryStdDev sample standard deviation of the final inventory
   */
  public record StrategyStatistics(
      double averageSpread,
      double meanProfit,
      double profitStdDev,
      double meanFinalInventory,
      double finalInventoryStdDev) {}
}
