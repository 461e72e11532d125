package com.marketmaker.simulator.exchange;

import com.marketmaker.core.instrument.InstrumentSpec;
import java.util.List;

/**
 * The records a venue's state is kept in, as token lists for {@link JournalCodec}: a symbol's grid
 * ({@code SYMBOL}), ids reserved ({@code IDS}), a synthetic market's position ({@code MARK}), and
 * the engine's events of a trading account's order ({@code NEW}, {@code FILL}, {@code CANCEL},
 * {@code EXPIRE}). Prices are in ticks and quantities in lots, as the engine holds them, so that
 * reading them back is exact; {@link JournalState} reads them. Kept apart so that what is written
 * and what is read can be compared side by side.
 */
final class JournalRecords {

  private JournalRecords() {}

  static List<String> symbolRecord(InstrumentSpec spec) {
    return List.of("SYMBOL", spec.id().symbol(), spec.tickSize(), spec.lotSize());
  }

  static List<String> idsRecord(String symbol, long nextOrderId, long nextTradeId) {
    return List.of("IDS", symbol, Long.toString(nextOrderId), Long.toString(nextTradeId));
  }

  static List<String> markRecord(String symbol, ExchangeJournal.Mark m) {
    return List.of("MARK", symbol, Double.toString(m.logMid()), Double.toString(m.spread()));
  }

  /** The record of one engine event of a trading account's order. */
  static List<String> eventRecord(OrderUpdate u) {
    OrderView o = u.order();
    return switch (u.type()) {
      case NEW -> newRecord(o);
      case TRADE ->
          fillRecord(
              o.symbol(),
              o.account(),
              o.orderId(),
              u.tradeId(),
              u.lastPriceTicks(),
              u.lastLots(),
              u.lastQuote(),
              u.fee(),
              u.maker(),
              u.eventTimeMillis());
      case CANCELED -> cancelRecord(o.symbol(), o.account(), o.orderId(), u.eventTimeMillis());
      case EXPIRED ->
          expireRecord(
              o.symbol(),
              o.account(),
              o.orderId(),
              u.eventTimeMillis(),
              u.lastPreventedLots(),
              o.expiredInMatch());
      case REJECTED -> throw new IllegalArgumentException("the engine rejects before accepting");
    };
  }

  static List<String> newRecord(OrderView o) {
    return List.of(
        "NEW",
        o.symbol(),
        o.account(),
        Long.toString(o.orderId()),
        o.clientOrderId(),
        o.side().name(),
        o.type().name(),
        o.timeInForce().name(),
        o.postOnly().name(),
        Long.toString(o.priceTicks()),
        Long.toString(o.origLots()),
        Long.toString(o.timeMillis()),
        Long.toString(o.workingTimeMillis()));
  }

  static List<String> fillRecord(
      String symbol,
      String account,
      long orderId,
      long tradeId,
      long price,
      long lots,
      long quote,
      long fee,
      boolean maker,
      long time) {
    return List.of(
        "FILL",
        symbol,
        account,
        Long.toString(orderId),
        Long.toString(tradeId),
        Long.toString(price),
        Long.toString(lots),
        Long.toString(quote),
        Long.toString(fee),
        maker ? "M" : "T",
        Long.toString(time));
  }

  static List<String> cancelRecord(String symbol, String account, long orderId, long time) {
    return List.of("CANCEL", symbol, account, Long.toString(orderId), Long.toString(time));
  }

  static List<String> expireRecord(
      String symbol, String account, long orderId, long time, long prevented, boolean inMatch) {
    return List.of(
        "EXPIRE",
        symbol,
        account,
        Long.toString(orderId),
        Long.toString(time),
        Long.toString(prevented),
        inMatch ? "1" : "0");
  }
}
