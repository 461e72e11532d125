package com.marketmaker.quant;

import java.io.InputStream;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.Spec;

/**
 * {@code bin/quant}: the analysts' command line over core's portfolio math. Each subcommand reads
 * CSV series, runs one of the {@code com.marketmaker.core.portfolio} routines and prints its
 * outcome as JSON on standard output.
 */
@Command(
    name = "quant",
    mixinStandardHelpOptions = true,
    version = "quant 0.1",
    description = {
      "Unit-root and cointegration tests, wavelet variance, entropic optimal transport, VaR and"
          + " CVaR over CSV series, printed as JSON.",
      "",
      "Inputs are CSV files with a header row and one column per series ('-' reads standard"
          + " input). Statistic names follow statsmodels where it has a counterpart. Values that"
          + " are not finite (an infinite half-life, a missing critical value) are written as"
          + " null."
    },
    subcommands = {
      AdfCommand.class,
      CointCommand.class,
      JohansenCommand.class,
      ModwtCommand.class,
      SinkhornCommand.class,
      VarCommand.class,
      CvarCommand.class
    })
public final class QuantCommand implements Runnable {

  /** Exit code of a successful run. */
  public static final int OK = 0;

  /** Exit code when the computation itself failed (e.g. the plain Sinkhorn kernel underflowed). */
  public static final int FAILED = 1;

  /** Exit code of bad usage or bad input: an unknown option, a bad cell, a too short series. */
  public static final int BAD_INPUT = 2;

  private static final Map<String, String> EXIT_CODES =
      Map.of(
          " " + OK,
          "success",
          " " + FAILED,
          "the computation failed",
          " " + BAD_INPUT,
          "bad usage or bad input (a bad cell is named by file, line and column)");

  private final InputStream stdin;

  /** The command reading {@code -} from {@link System#in}. */
  public QuantCommand() {
    this(System.in);
  }

  /** The command reading {@code -} from {@code stdin}. */
  public QuantCommand(InputStream stdin) {
    this.stdin = stdin;
  }

  /** What an input named {@code -} reads. */
  InputStream stdin() {
    return stdin;
  }

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(commandLine(System.in).execute(args));
  }

  /**
   * The configured command line: enum values case-insensitive, exit codes 0 (success), 1 (the
   * computation failed) and 2 (bad usage or input), errors as one line on standard error without a
   * stack trace. Set its out and err writers to capture the output.
   */
  public static CommandLine commandLine(InputStream stdin) {
    CommandLine cl = new CommandLine(new QuantCommand(stdin));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    describeExitCodes(cl);
    cl.setExecutionExceptionHandler(
        (e, line, parse) -> {
          boolean input = e instanceof InputException || e instanceof IllegalArgumentException;
          String message = e.getMessage() != null ? e.getMessage() : e.toString();
          line.getErr().println(line.getCommandSpec().qualifiedName() + ": " + message);
          line.getErr().flush();
          return input ? BAD_INPUT : FAILED;
        });
    cl.setParameterExceptionHandler(
        (e, args) -> {
          CommandLine line = e.getCommandLine();
          String name = line.getCommandSpec().qualifiedName();
          line.getErr().println(name + ": " + e.getMessage());
          CommandLine.UnmatchedArgumentException.printSuggestions(e, line.getErr());
          line.getErr().println("Try '" + name + " --help' for every option.");
          line.getErr().flush();
          return BAD_INPUT;
        });
    return cl;
  }

  private static void describeExitCodes(CommandLine cl) {
    UsageMessageSpec usage = cl.getCommandSpec().usageMessage();
    usage.exitCodeListHeading("%nExit codes:%n");
    usage.exitCodeList(new TreeMap<>(EXIT_CODES));
    for (CommandLine sub : cl.getSubcommands().values()) {
      describeExitCodes(sub);
    }
  }

  /** The spec's root command, for the subcommands. */
  static QuantCommand root(CommandSpec spec) {
    CommandSpec s = spec;
    while (s.parent() != null) {
      s = s.parent();
    }
    return (QuantCommand) s.userObject();
  }
}
