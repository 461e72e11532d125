package com.marketmaker.core.risk;

/** The pre-quote risk checks, in the order they are evaluated. */
public enum RiskCheck {
  KILL_SWITCH,
  POSITION_LIMIT,
  DAILY_LOSS,
  DRAWDOWN,
  EXPOSURE,
  QUOTE_LATENCY,
  STALE_MARKET_DATA
}
