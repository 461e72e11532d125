package com.marketmaker.core.orders;

/** What happened to an order in one execution event (Binance's {@code x}). */
public enum ExecutionType {
  NEW,
  CANCELED,
  REJECTED,
  TRADE,
  EXPIRED
}
