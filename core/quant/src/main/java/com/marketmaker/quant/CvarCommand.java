package com.marketmaker.quant;

import picocli.CommandLine.Command;

/** {@code quant cvar}: conditional Value-at-Risk (expected shortfall), with the VaR alongside. */
@Command(
    name = "cvar",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Conditional Value-at-Risk, the expected shortfall beyond the VaR (and the VaR alongside),"
          + " of a P&L sample or of positions in assets, by method and confidence level; the"
          + " same figures as var.",
      RiskCommand.DESCRIPTION,
      RiskCommand.PRINTS
    })
final class CvarCommand extends RiskCommand {}
