package com.marketmaker.actors.portfolio;

import com.marketmaker.actors.portfolio.PortfolioProtocol.InstrumentReport;

/** Where an instrument entity sends its reports: the portfolio actor, or nowhere. */
@FunctionalInterface
public interface PortfolioLink {

  /** No portfolio: reports are dropped (tests, and nodes without one). */
  PortfolioLink NONE = report -> {};

  void report(InstrumentReport report);
}
