package com.marketmaker.core.portfolio.book;

import java.util.List;

/**
 * A limit exceeded, with the quoting action it calls for and the instruments it applies to.
 *
 * @param kind which limit
 * @param subject what it was measured on: the asset, the venue, or {@code PORTFOLIO}
 * @param value the measured value (absolute value for net exposures; probability for drawdown)
 * @param limit the limit
 * @param action the action
 * @param instruments the instruments whose quotes the action applies to, sorted
 */
public record Breach(
    Kind kind,
    String subject,
    double value,
    double limit,
    Action action,
    List<String> instruments) {

  /** The subject of portfolio-wide limits. */
  public static final String PORTFOLIO = "PORTFOLIO";

  /** Copies the list. */
  public Breach {
    instruments = List.copyOf(instruments);
  }

  /** value / limit. */
  public double ratio() {
    return value / limit;
  }

  /** The limit kinds. */
  public enum Kind {
    /** 99% CVaR over the risk horizon. */
    CVAR_99,
    /** Probability of a drawdown beyond the threshold over the horizon. */
    DRAWDOWN_PROBABILITY,
    /** |Net notional| of one base asset. */
    ASSET_NET_EXPOSURE,
    /** Gross notional on one venue. */
    VENUE_GROSS_EXPOSURE,
    /** Portfolio gross notional. */
    GROSS_EXPOSURE,
    /** |Portfolio net notional|. */
    NET_EXPOSURE
  }

  /** The quoting actions, least severe first. */
  public enum Action {
    /** Reduce quote sizes. */
    SHRINK,
    /** Widen spreads. */
    WIDEN,
    /** Pull quotes. */
    PULL
  }
}
