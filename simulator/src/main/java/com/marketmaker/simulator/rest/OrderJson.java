package com.marketmaker.simulator.rest;

import com.marketmaker.core.instrument.FixedPoint;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.orders.ExecutionType;
import com.marketmaker.core.orders.OrderStatus;
import com.marketmaker.core.orders.OrderType;
import com.marketmaker.simulator.Dialect;
import com.marketmaker.simulator.exchange.Execution;
import com.marketmaker.simulator.exchange.LedgerEntry;
import com.marketmaker.simulator.exchange.MatchingEngine;
import com.marketmaker.simulator.exchange.OrderUpdate;
import com.marketmaker.simulator.exchange.OrderView;
import com.marketmaker.simulator.exchange.PostOnly;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Binance's JSON for the orders, trades and user-data events of one instrument, field by field as
 * Binance documents them: spot ({@code /api/v3}, {@code executionReport}) prints prices, quantities
 * and quote amounts with 8 places; USD-M ({@code /fapi/v1}, {@code ORDER_TRADE_UPDATE}) prints
 * prices and quantities at the symbol's precision and quote amounts at the sum of both. Commissions
 * have 8 places on both. The simulator's self-trade prevention is Binance's {@code EXPIRE_TAKER},
 * reported as such.
 */
public final class OrderJson {

  private static final String STP = "EXPIRE_TAKER";
  private static final String ZERO8 = "0.00000000";

  private final Dialect dialect;
  private final InstrumentSpec spec;
  private final String quoteAsset;
  private final int ps;
  private final int ss;
  private final AtomicLong executionIds = new AtomicLong();

  public OrderJson(Dialect dialect, InstrumentSpec spec, Dialect.SymbolFilters filters) {
    this.dialect = dialect;
    this.spec = spec;
    this.quoteAsset = filters.quoteAsset();
    this.ps = dialect.priceDisplayScale(filters);
    this.ss = dialect.sizeDisplayScale(filters);
  }

  String price(long ticks) {
    return BinanceJson.scaled(ticks * spec.tickUnscaled(), spec.priceScale(), ps);
  }

  String qty(long lots) {
    return BinanceJson.scaled(lots * spec.lotUnscaled(), spec.sizeScale(), ss);
  }

  String quote(long cash) {
    return dialect == Dialect.SPOT
        ? FixedPoint.format(cash, 8)
        : BinanceJson.scaled(cash, 8, Math.min(8, ps + ss));
  }

  static String cash8(long cash) {
    return FixedPoint.format(cash, 8);
  }

  private String avgPrice(OrderView o) {
    if (o.executedLots() == 0) {
      return "0." + "0".repeat(Math.max(ps, 5));
    }
    BigDecimal qty = BigDecimal.valueOf(o.executedLots() * spec.lotUnscaled(), spec.sizeScale());
    return BigDecimal.valueOf(o.cumulativeQuote(), 8)
        .divide(qty, Math.max(ps, 5), RoundingMode.HALF_EVEN)
        .toPlainString();
  }

  private String status(OrderView o) {
    if (o.expiredInMatch() && dialect == Dialect.SPOT) {
      return "EXPIRED_IN_MATCH";
    }
    return o.status().name();
  }

  private static String tif(OrderView o) {
    return o.postOnly() == PostOnly.EXPIRE ? "GTX" : o.timeInForce().name();
  }

  private static String type(OrderView o) {
    return o.type().name();
  }

  private long workingTime(OrderView o) {
    return o.workingTimeMillis() >= 0 ? o.workingTimeMillis() : o.timeMillis();
  }

  // ---- REST: orders ----

  /** The answer to a new order ({@code ACK}, {@code RESULT} or {@code FULL}). */
  public String newOrder(MatchingEngine.Result r, String respType) {
    if (dialect == Dialect.USDM) {
      return usdmOrder(respType.equals("ACK") ? r.accepted() : r.order(), false);
    }
    OrderView o = r.order();
    JsonText j =
        new JsonText()
            .str("symbol", o.symbol())
            .num("orderId", o.orderId())
            .num("orderListId", -1)
            .str("clientOrderId", o.clientOrderId())
            .num("transactTime", o.timeMillis());
    if (respType.equals("ACK")) {
      return j.toString();
    }
    j.str("price", price(o.priceTicks()))
        .str("origQty", qty(o.origLots()))
        .str("executedQty", qty(o.executedLots()))
        .str("origQuoteOrderQty", ZERO8)
        .str("cummulativeQuoteQty", quote(o.cumulativeQuote()))
        .str("status", status(o))
        .str("timeInForce", tif(o))
        .str("type", type(o))
        .str("side", o.side().name())
        .num("workingTime", workingTime(o));
    if (respType.equals("FULL")) {
      StringBuilder fills = new StringBuilder("[");
      for (Execution e : r.fills()) {
        if (fills.length() > 1) {
          fills.append(',');
        }
        fills.append(
            new JsonText()
                .str("price", price(e.priceTicks()))
                .str("qty", qty(e.lots()))
                .str("commission", cash8(e.fee()))
                .str("commissionAsset", quoteAsset)
                .num("tradeId", e.tradeId()));
      }
      j.raw("fills", fills.append(']').toString());
    }
    if (o.expiredInMatch()) {
      j.str("preventedQuantity", qty(o.preventedLots()));
    }
    return j.str("selfTradePreventionMode", STP).toString();
  }

  /** An order as a query or the open-orders list shows it. */
  public String order(OrderView o) {
    if (dialect == Dialect.USDM) {
      return usdmOrder(o, true);
    }
    return new JsonText()
        .str("symbol", o.symbol())
        .num("orderId", o.orderId())
        .num("orderListId", -1)
        .str("clientOrderId", o.clientOrderId())
        .str("price", price(o.priceTicks()))
        .str("origQty", qty(o.origLots()))
        .str("executedQty", qty(o.executedLots()))
        .str("cummulativeQuoteQty", quote(o.cumulativeQuote()))
        .str("status", status(o))
        .str("timeInForce", tif(o))
        .str("type", type(o))
        .str("side", o.side().name())
        .str("stopPrice", ZERO8)
        .str("icebergQty", ZERO8)
        .num("time", o.timeMillis())
        .num("updateTime", o.updateTimeMillis())
        .bool("isWorking", o.workingTimeMillis() >= 0)
        .num("workingTime", workingTime(o))
        .str("origQuoteOrderQty", ZERO8)
        .str("selfTradePreventionMode", STP)
        .toString();
  }

  /** The answer to a cancel; spot names the original and the cancel's own client ids. */
  public String cancel(OrderView o, String cancelClientOrderId) {
    if (dialect == Dialect.USDM) {
      return usdmOrder(o, false);
    }
    return new JsonText()
        .str("symbol", o.symbol())
        .str("origClientOrderId", o.clientOrderId())
        .num("orderId", o.orderId())
        .num("orderListId", -1)
        .str("clientOrderId", cancelClientOrderId)
        .num("transactTime", o.updateTimeMillis())
        .str("price", price(o.priceTicks()))
        .str("origQty", qty(o.origLots()))
        .str("executedQty", qty(o.executedLots()))
        .str("cummulativeQuoteQty", quote(o.cumulativeQuote()))
        .str("status", status(o))
        .str("timeInForce", tif(o))
        .str("type", type(o))
        .str("side", o.side().name())
        .str("selfTradePreventionMode", STP)
        .toString();
  }

  private String usdmOrder(OrderView o, boolean withTime) {
    JsonText j =
        new JsonText()
            .num("orderId", o.orderId())
            .str("symbol", o.symbol())
            .str("status", o.status().name())
            .str("clientOrderId", o.clientOrderId())
            .str("price", o.type() == OrderType.MARKET ? "0" : price(o.priceTicks()))
            .str("avgPrice", avgPrice(o))
            .str("origQty", qty(o.origLots()))
            .str("executedQty", qty(o.executedLots()))
            .str("cumQty", qty(o.executedLots()))
            .str("cumQuote", quote(o.cumulativeQuote()))
            .str("timeInForce", tif(o))
            .str("type", type(o))
            .bool("reduceOnly", false)
            .bool("closePosition", false)
            .str("side", o.side().name())
            .str("positionSide", "BOTH")
            .str("stopPrice", "0")
            .str("workingType", "CONTRACT_PRICE")
            .bool("priceProtect", false)
            .str("origType", type(o))
            .str("priceMatch", "NONE")
            .str("selfTradePreventionMode", STP)
            .num("goodTillDate", 0);
    if (withTime) {
      j.num("time", o.timeMillis());
    }
    return j.num("updateTime", o.updateTimeMillis()).toString();
  }

  /** A JSON array of orders. */
  public String orders(List<OrderView> list) {
    StringBuilder sb = new StringBuilder("[");
    for (OrderView o : list) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      sb.append(order(o));
    }
    return sb.append(']').toString();
  }

  // ---- REST: trades ----

  /** One fill as {@code myTrades} (spot) or {@code userTrades} (USD-M) lists it. */
  public String trade(LedgerEntry e) {
    if (dialect == Dialect.SPOT) {
      return new JsonText()
          .str("symbol", e.symbol())
          .num("id", e.tradeId())
          .num("orderId", e.orderId())
          .num("orderListId", -1)
          .str("price", price(e.priceTicks()))
          .str("qty", qty(e.lots()))
          .str("quoteQty", quote(e.quote()))
          .str("commission", cash8(e.fee()))
          .str("commissionAsset", quoteAsset)
          .num("time", e.timeMillis())
          .bool("isBuyer", e.side() == com.marketmaker.core.accounting.Side.BUY)
          .bool("isMaker", e.maker())
          .bool("isBestMatch", true)
          .toString();
    }
    return new JsonText()
        .bool("buyer", e.side() == com.marketmaker.core.accounting.Side.BUY)
        .str("commission", cash8(e.fee()))
        .str("commissionAsset", quoteAsset)
        .num("id", e.tradeId())
        .bool("maker", e.maker())
        .num("orderId", e.orderId())
        .str("price", price(e.priceTicks()))
        .str("qty", qty(e.lots()))
        .str("quoteQty", quote(e.quote()))
        .str("realizedPnl", "0")
        .str("side", e.side().name())
        .str("positionSide", "BOTH")
        .str("symbol", e.symbol())
        .num("time", e.timeMillis())
        .toString();
  }

  public String trades(List<LedgerEntry> list) {
    StringBuilder sb = new StringBuilder("[");
    for (LedgerEntry e : list) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      sb.append(trade(e));
    }
    return sb.append(']').toString();
  }

  // ---- user-data stream ----

  /**
   * The user-data event of one order change: {@code executionReport} or {@code ORDER_TRADE_UPDATE}.
   */
  public String event(OrderUpdate u) {
    return dialect == Dialect.SPOT ? executionReport(u) : orderTradeUpdate(u);
  }

  private String executionReport(OrderUpdate u) {
    OrderView o = u.order();
    boolean trade = u.type() == ExecutionType.TRADE;
    boolean canceled = u.type() == ExecutionType.CANCELED;
    boolean prevented = o.expiredInMatch() && u.lastPreventedLots() > 0;
    JsonText j =
        new JsonText()
            .str("e", "executionReport")
            .num("E", u.eventTimeMillis())
            .str("s", o.symbol())
            .str("c", canceled ? u.cancelClientOrderId() : o.clientOrderId())
            .str("S", o.side().name())
            .str("o", type(o))
            .str("f", tif(o))
            .str("q", qty(o.origLots()))
            .str("p", price(o.priceTicks()))
            .str("P", ZERO8)
            .str("F", ZERO8)
            .num("g", -1)
            .str("C", canceled ? o.clientOrderId() : "")
            .str("x", prevented ? "TRADE_PREVENTION" : u.type().name())
            .str("X", status(o))
            .str("r", "NONE")
            .num("i", o.orderId())
            .str("l", qty(u.lastLots()))
            .str("z", qty(o.executedLots()))
            .str("L", price(u.lastPriceTicks()))
            .str("n", trade ? cash8(u.fee()) : "0")
            .str("N", trade ? quoteAsset : null)
            .num("T", u.eventTimeMillis())
            .num("t", u.tradeId());
    if (prevented) {
      j.num("v", u.counterOrderId())
          .num("U", u.counterOrderId())
          .str("A", qty(o.preventedLots()))
          .str("B", qty(u.lastPreventedLots()))
          .num("u", 1);
    }
    j.num("I", executionIds.incrementAndGet())
        .bool("w", o.onBook())
        .bool("m", u.maker())
        .bool("M", false)
        .num("O", o.timeMillis())
        .str("Z", quote(o.cumulativeQuote()))
        .str("Y", quote(u.lastQuote()))
        .str("Q", ZERO8);
    if (o.workingTimeMillis() >= 0) {
      j.num("W", o.workingTimeMillis());
    }
    return j.str("V", STP).toString();
  }

  private String orderTradeUpdate(OrderUpdate u) {
    OrderView o = u.order();
    boolean trade = u.type() == ExecutionType.TRADE;
    JsonText inner =
        new JsonText()
            .str("s", o.symbol())
            .str("c", o.clientOrderId())
            .str("S", o.side().name())
            .str("o", type(o))
            .str("f", tif(o))
            .str("q", qty(o.origLots()))
            .str("p", o.type() == OrderType.MARKET ? "0" : price(o.priceTicks()))
            .str("ap", avgPrice(o))
            .str("sp", "0")
            .str("x", u.type().name())
            .str("X", o.status() == OrderStatus.EXPIRED ? "EXPIRED" : o.status().name())
            .num("i", o.orderId())
            .str("l", qty(u.lastLots()))
            .str("z", qty(o.executedLots()))
            .str("L", trade ? price(u.lastPriceTicks()) : "0");
    if (trade) {
      inner.str("N", quoteAsset).str("n", cash8(u.fee()));
    }
    inner
        .num("T", u.eventTimeMillis())
        .num("t", trade ? u.tradeId() : 0)
        .str("b", quote(u.openBuyQuote()))
        .str("a", quote(u.openSellQuote()))
        .bool("m", u.maker())
        .bool("R", false)
        .str("wt", "CONTRACT_PRICE")
        .str("ot", type(o))
        .str("ps", "BOTH")
        .bool("cp", false)
        .str("rp", "0")
        .bool("pP", false)
        .num("si", 0)
        .num("ss", 0)
        .str("V", STP)
        .str("pm", "NONE")
        .num("gtd", 0);
    return new JsonText()
        .str("e", "ORDER_TRADE_UPDATE")
        .num("E", u.eventTimeMillis())
        .num("T", u.eventTimeMillis())
        .raw("o", inner.toString())
        .toString();
  }
}
