package com.marketmaker.quant;

import picocli.CommandLine.Command;

/** {@code quant var}: Value-at-Risk, with the CVaR alongside. */
@Command(
    name = "var",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Value-at-Risk (and CVaR alongside) of a P&L sample or of positions in assets, by method"
          + " and confidence level; the same figures as cvar.",
      RiskCommand.DESCRIPTION,
      RiskCommand.PRINTS
    })
final class VarCommand extends RiskCommand {}
