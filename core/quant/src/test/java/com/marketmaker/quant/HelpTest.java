package com.marketmaker.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code --help} of every subcommand documents every one of its options. */
class HelpTest {

  static final Set<String> SUBCOMMANDS =
      Set.of("adf", "coint", "johansen", "modwt", "sinkhorn", "var", "cvar");

  @Test
  void theTopLevelListsEverySubcommand() {
    Cli.Run run = Cli.run("--help");
    assertEquals(0, run.code());
    for (String name : SUBCOMMANDS) {
      assertTrue(run.out().contains("\n  " + name + " "), name);
    }
    assertEquals(run.out(), Cli.run().out(), "no subcommand prints the help too");
  }

  @Test
  void everySubcommandDocumentsEveryOption() {
    CommandLine cl = QuantCommand.commandLine(System.in);
    assertEquals(SUBCOMMANDS, cl.getSubcommands().keySet());
    for (CommandLine sub : cl.getSubcommands().values()) {
      CommandSpec spec = sub.getCommandSpec();
      String name = spec.name();
      Cli.Run run = Cli.run(name, "--help");
      assertEquals(0, run.code(), name);
      assertEquals("", run.err(), name);
      String help = run.out();
      assertTrue(help.startsWith("Usage: quant " + name), name);
      assertFalse(help.contains("%n"), "descriptions format cleanly");
      List<OptionSpec> options = spec.options();
      assertTrue(options.size() >= 4, name);
      for (OptionSpec option : options) {
        for (String optionName : option.names()) {
          assertTrue(help.contains(optionName), name + " --help names " + optionName);
        }
        String description = String.join(" ", option.description());
        assertFalse(description.isBlank(), name + " " + option.longestName() + " described");
        String firstWords = description.substring(0, Math.min(20, description.length()));
        assertTrue(
            help.replaceAll("\\s+", " ").contains(firstWords),
            name + " --help describes " + option.longestName());
      }
      assertTrue(help.contains("Exit codes:"), name);
      assertTrue(help.contains("--compact"), name);
    }
  }

  @Test
  void theOptionsNamedInTheBriefArePresent() {
    String[][] expected = {
      {"adf", "--columns", "--maxlag", "--autolag", "--regression", "--compact"},
      {"coint", "--columns", "--zscore-window", "--spread", "--join", "--header"},
      {"johansen", "--det-order", "--k-ar-diff", "--level"},
      {"modwt", "--filter", "--levels", "--coefficients"},
      {
        "sinkhorn",
        "--source",
        "--target",
        "--cost",
        "--epsilon",
        "--tolerance",
        "--log-domain",
        "--max-iterations"
      },
      {
        "var", "--confidence", "--scenarios", "--seed", "--nu", "--kind", "--positions", "--methods"
      },
      {"cvar", "--confidence", "--scenarios", "--seed", "--nu", "--kind", "--positions"}
    };
    for (String[] row : expected) {
      String help = Cli.run(row[0], "--help").out();
      for (int i = 1; i < row.length; i++) {
        assertTrue(help.contains(row[i]), row[0] + " " + row[i]);
      }
    }
  }
}
