package com.marketmaker.backtest.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/backtest}: convert captures, run a backtest, run a sweep. */
@Command(
    name = "backtest",
    mixinStandardHelpOptions = true,
    version = "backtest 0.1",
    description =
        "Replays recorded markets through the live quoting engine with a venue model (latency,"
            + " queue position, fees, rate limits) and reports P&L, risk and execution figures.",
    subcommands = {ConvertCommand.class, RunCommand.class, SweepCommand.class, PaperCommand.class})
public final class BacktestCommand implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code (0 ok, 1 failed, 2 bad usage). */
  public static int execute(String... args) {
    CommandLine cl = new CommandLine(new BacktestCommand());
    cl.setExecutionExceptionHandler(
        (e, line, parse) -> {
          line.getErr().println("backtest: " + e.getMessage());
          return 1;
        });
    return cl.execute(args);
  }
}
