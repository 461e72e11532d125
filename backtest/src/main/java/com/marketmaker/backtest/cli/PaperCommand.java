package com.marketmaker.backtest.cli;

import com.marketmaker.backtest.paper.AvellanedaStoikovExperiment;
import com.marketmaker.backtest.paper.ExperimentResult;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The simulation experiment of Avellaneda and Stoikov (2008), section 4, with its fill model. */
@Command(
    name = "avellaneda-stoikov-2008",
    mixinStandardHelpOptions = true,
    description =
        "Runs the paper's experiment (S0 = 100, T = 1, σ = 2, dt = 0.005, A = 140, k = 1.5,"
            + " 1000 paths) for γ = 0.1, 0.01 and 0.5 and prints its Tables 1-3: the inventory"
            + " strategy (the project's AvellanedaStoikov quotes) against the symmetric one.")
final class PaperCommand implements Callable<Integer> {

  @Option(names = "--seed", defaultValue = "2008", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    AvellanedaStoikovExperiment experiment = AvellanedaStoikovExperiment.paper();
    System.out.println(
        "| gamma | strategy  | avg spread | mean profit | std profit | mean final q | std final q |");
    System.out.println(
        "|------:|-----------|-----------:|------------:|-----------:|-------------:|------------:|");
    for (double gamma : new double[] {0.1, 0.01, 0.5}) {
      ExperimentResult r = experiment.run(gamma, seed);
      row(gamma, "inventory", r.inventory());
      row(gamma, "symmetric", r.symmetric());
    }
    return 0;
  }

  private static void row(double gamma, String name, ExperimentResult.StrategyStatistics s) {
    System.out.printf(
        Locale.ROOT,
        "| %5s | %-9s | %10.2f | %11.2f | %10.2f | %12.2f | %11.2f |%n",
        gamma,
        name,
        s.averageSpread(),
        s.meanProfit(),
        s.profitStdDev(),
        s.meanFinalInventory(),
        s.finalInventoryStdDev());
  }
}
