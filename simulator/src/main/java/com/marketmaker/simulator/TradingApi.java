package com.marketmaker.simulator;

import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.instrument.FixedPoint;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.orders.OrderRequest;
import com.marketmaker.core.orders.OrderType;
import com.marketmaker.core.orders.TimeInForce;
import com.marketmaker.simulator.exchange.Exchange;
import com.marketmaker.simulator.exchange.ExchangeAccount;
import com.marketmaker.simulator.exchange.LedgerEntry;
import com.marketmaker.simulator.exchange.MatchingEngine;
import com.marketmaker.simulator.exchange.OrderRejectedException;
import com.marketmaker.simulator.exchange.OrderView;
import com.marketmaker.simulator.exchange.PostOnly;
import com.marketmaker.simulator.replay.Faults;
import com.marketmaker.simulator.rest.BinanceJson;
import com.marketmaker.simulator.rest.OrderRateLimiter;
import com.marketmaker.simulator.rest.SignedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * Binance order entry and user-data stream endpoints of one dialect, over the synthetic instruments
 * of its {@link Exchange}: spot {@code /api/v3/order}, {@code openOrders}, {@code myTrades}, {@code
 * userDataStream}; USD-M {@code /fapi/v1/order}, {@code allOpenOrders}, {@code openOrders}, {@code
 * userTrades}, {@code listenKey}. Requests are authenticated by {@link SignedRequest}; every
 * refusal is Binance's {@code {"code":..,"msg":..}} with its HTTP status, and counted.
 *
 * <p>Size: just over 600 lines because it holds every signed order-entry endpoint of the venue
 * dialect with its parameter checks, each answering as Binance does.
 */
final class TradingApi {

  private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,20}(\\.[0-9]{1,20})?");
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");
  private static final String DECIMAL_RANGE = "'^([0-9]{1,20})(\\\\.[0-9]{1,20})?$'";

  private final Dialect dialect;
  private final Exchange exchange;
  private final Faults faults;
  private final BiFunction<Integer, Supplier<HttpResponse>, HttpResponse> weighted;
  private final String p;
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong ordersAccepted = new AtomicLong();
  private final AtomicLong ordersRefusedForRate = new AtomicLong();
  private final OrderSources sources = new OrderSources();

  TradingApi(
      Dialect dialect,
      Exchange exchange,
      Faults faults,
      BiFunction<Integer, Supplier<HttpResponse>, HttpResponse> weighted) {
    this.dialect = dialect;
    this.exchange = exchange;
    this.faults = faults;
    this.weighted = weighted;
    this.p = dialect.restPrefix;
  }

  /** Requests refused with a venue error so far. */
  long refused() {
    return refused.get();
  }

  /** Who placed the accepted orders. */
  OrderSources sources() {
    return sources;
  }

  long ordersAccepted() {
    return ordersAccepted.get();
  }

  /** Whether this API serves {@code method path}. */
  boolean serves(HttpMethod m, String path) {
    boolean spot = dialect == Dialect.SPOT;
    return path.equals(p + "/order")
        || path.equals(p + "/openOrders")
        || path.equals(p + (spot ? "/myTrades" : "/userTrades"))
        || (!spot && path.equals(p + "/allOpenOrders"))
        || path.equals(p + (spot ? "/userDataStream" : "/listenKey"));
  }

  HttpResponse handle(HttpRequest req, String body) {
    String path = req.getUri().path();
    HttpMethod m = req.method();
    String query = req.getUri().rawQueryString().orElse("");
    String apiKey = req.getHeader("X-MBX-APIKEY").map(h -> h.value()).orElse(null);
    boolean spot = dialect == Dialect.SPOT;
    try {
      if (path.equals(p + "/order") && m == HttpMethods.POST) {
        HttpResponse answer =
            weighted.apply(1, () -> guarded(() -> newOrder(signed(apiKey, query, body))));
        if (answer.status().intValue() == 200) {
          sources.record(
              req.getHeader("User-Agent").map(h -> h.value()).orElse(""),
              System.currentTimeMillis(),
              query,
              body);
        }
        return answer;
      }
      if (path.equals(p + "/order") && m == HttpMethods.DELETE) {
        return weighted.apply(1, () -> guarded(() -> cancel(signed(apiKey, query, body))));
      }
      if (path.equals(p + "/order") && m == HttpMethods.GET) {
        return weighted.apply(
            spot ? 4 : 1, () -> guarded(() -> query(signed(apiKey, query, body))));
      }
      if (path.equals(p + (spot ? "/openOrders" : "/allOpenOrders")) && m == HttpMethods.DELETE) {
        return weighted.apply(1, () -> guarded(() -> cancelAll(signed(apiKey, query, body))));
      }
      if (path.equals(p + "/openOrders") && m == HttpMethods.GET) {
        boolean one = query.contains("symbol=") || body.contains("symbol=");
        int w = spot ? (one ? 6 : 80) : (one ? 1 : 40);
        return weighted.apply(w, () -> guarded(() -> openOrders(signed(apiKey, query, body))));
      }
      if (path.equals(p + (spot ? "/myTrades" : "/userTrades")) && m == HttpMethods.GET) {
        return weighted.apply(
            spot ? 20 : 5, () -> guarded(() -> trades(signed(apiKey, query, body))));
      }
      if (path.equals(p + (spot ? "/userDataStream" : "/listenKey"))) {
        return weighted.apply(spot ? 2 : 1, () -> guarded(() -> listenKey(m, apiKey, query, body)));
      }
    } catch (OrderRejectedException e) {
      return refuse(e, null);
    }
    return refuse(new OrderRejectedException(-1000, "Unsupported method for " + path), null);
  }

  private interface Answer {
    HttpResponse get();
  }

  /**
   * The answer of {@code a}, unless the exchange cannot keep its state: then, before or after the
   * request, Binance's {@code -1001} (execution status unknown), so that nothing is acknowledged
   * that the next start of a kept venue would not find.
   */
  private HttpResponse guarded(Answer a) {
    try {
      requireAvailable();
      HttpResponse answer = a.get();
      requireAvailable();
      return answer;
    } catch (OrderRejectedException e) {
      return refuse(e, null);
    }
  }

  private void requireAvailable() {
    if (!exchange.available()) {
      throw new OrderRejectedException(
          -1001, "Internal error; unable to process your request. Please try again.", 503);
    }
  }

  private HttpResponse refuse(OrderRejectedException e, RawHeader header) {
    refused.incrementAndGet();
    HttpResponse r =
        HttpResponse.create()
            .withStatus(StatusCodes.get(e.httpStatus()))
            .withEntity(ContentTypes.APPLICATION_JSON, BinanceJson.error(e.code(), e.getMessage()));
    return header == null ? r : r.addHeader(header);
  }

  private static HttpResponse ok(String json) {
    return HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, json);
  }

  private SignedRequest signed(String apiKey, String query, String body) {
    return SignedRequest.verify(apiKey, query, body, exchange::accountByKey, exchange.now());
  }

  private Exchange.Instrument instrument(SignedRequest r) {
    String symbol = r.require("symbol");
    Exchange.Instrument i = exchange.instrument(symbol);
    if (i == null) {
      throw new OrderRejectedException(-1121, "Invalid symbol.");
    }
    return i;
  }

  // ---- new order ----

  private HttpResponse newOrder(SignedRequest r) {
    boolean spot = dialect == Dialect.SPOT;
    Exchange.Instrument ins = instrument(r);
    Side side = parseSide(r.require("side"));
    String typeText = r.require("type");
    OrderType type;
    PostOnly postOnly = PostOnly.NONE;
    switch (typeText) {
      case "LIMIT" -> type = OrderType.LIMIT;
      case "MARKET" -> type = OrderType.MARKET;
      case "LIMIT_MAKER" -> {
        if (!spot) {
          throw new OrderRejectedException(-1116, "Invalid orderType.");
        }
        type = OrderType.LIMIT_MAKER;
        postOnly = PostOnly.REJECT;
      }
      default -> throw new OrderRejectedException(-1116, "Invalid orderType.");
    }
    TimeInForce tif = TimeInForce.GTC;
    if (type == OrderType.LIMIT) {
      String t = r.require("timeInForce");
      switch (t) {
        case "GTC" -> tif = TimeInForce.GTC;
        case "IOC" -> tif = TimeInForce.IOC;
        case "FOK" -> tif = TimeInForce.FOK;
        case "GTX" -> {
          if (spot) {
            throw new OrderRejectedException(-1115, "Invalid timeInForce.");
          }
          postOnly = PostOnly.EXPIRE;
        }
        default -> throw new OrderRejectedException(-1115, "Invalid timeInForce.");
      }
    } else if (r.has("timeInForce")) {
      throw new OrderRejectedException(-1106, "Parameter 'timeInForce' sent when not required.");
    }
    String qtyText = r.require("quantity");
    String priceText;
    if (type == OrderType.MARKET) {
      if (r.has("price")) {
        throw new OrderRejectedException(-1106, "Parameter 'price' sent when not required.");
      }
      priceText = null;
    } else {
      priceText = r.require("price");
    }
    String cid = r.get("newClientOrderId");
    if (cid != null && !OrderRequest.validClientOrderId(cid)) {
      throw new OrderRejectedException(
          -1100,
          "Illegal characters found in parameter 'newClientOrderId'; legal range is"
              + " '^[\\\\.A-Z\\\\:/a-z0-9_-]{1,36}$'.");
    }
    String respType = r.get("newOrderRespType");
    if (respType == null) {
      respType = spot ? (type == OrderType.LIMIT_MAKER ? "ACK" : "FULL") : "ACK";
    } else if (!(respType.equals("ACK")
        || respType.equals("RESULT")
        || (spot && respType.equals("FULL")))) {
      throw new OrderRejectedException(
          -1100,
          "Illegal characters found in parameter 'newOrderRespType'; legal range is '"
              + (spot ? "ACK, RESULT, FULL" : "ACK, RESULT")
              + "'.");
    }
    String stp = r.get("selfTradePreventionMode");
    if (stp != null && !stp.equals("EXPIRE_TAKER")) {
      throw new OrderRejectedException(
          -1100,
          "Illegal characters found in parameter 'selfTradePreventionMode'; legal range is"
              + " 'EXPIRE_TAKER'.");
    }
    if (!spot) {
      String ps = r.get("positionSide");
      if (ps != null && !ps.equals("BOTH")) {
        throw new OrderRejectedException(
            -4061, "Order's position side does not match user's setting.");
      }
      String reduce = r.get("reduceOnly");
      if (reduce != null && !reduce.equals("false")) {
        throw new OrderRejectedException(
            -1100, "Illegal characters found in parameter 'reduceOnly'; legal range is 'false'.");
      }
    }
    r.get("recvWindow");
    r.requireAllRead();
    InstrumentSpec spec = ins.spec();
    Dialect.SymbolFilters f = ins.config().filters();
    long price = priceText == null ? 0 : priceTicks(spec, f, priceText);
    long lots = lots(spec, f, qtyText);
    long reference = price;
    if (type == OrderType.MARKET) {
      MatchingEngine e = ins.engine();
      reference = side == Side.BUY ? e.bestAsk() : e.bestBid();
      if (reference <= 0) {
        reference = e.lastTradePrice();
      }
    }
    if (reference > 0 && !spec.meetsMinNotional(reference, lots)) {
      throw new OrderRejectedException(
          -1013, spot ? "Filter failure: NOTIONAL" : "Filter failure: MIN_NOTIONAL");
    }
    OrderRateLimiter.Charge c = exchange.orderLimiter().charge(r.account().name());
    RawHeader count = RawHeader.create("X-MBX-ORDER-COUNT-10S", Integer.toString(c.count()));
    if (!c.allowed()) {
      ordersRefusedForRate.incrementAndGet();
      return refuse(
          new OrderRejectedException(
              -1015,
              "Too many new orders; current limit is "
                  + exchange.orderLimiter().limit()
                  + " orders per 10 SECOND.",
              429),
          count);
    }
    Faults.Rejection fault = faults.consumeOrderRejection();
    if (fault != null) {
      return refuse(new OrderRejectedException(fault.code(), fault.message()), count);
    }
    try {
      MatchingEngine.Result result =
          ins.engine()
              .place(
                  new MatchingEngine.NewOrder(
                      r.account().name(), cid, side, type, tif, postOnly, price, lots));
      ordersAccepted.incrementAndGet();
      return ok(ins.json().newOrder(result, respType)).addHeader(count);
    } catch (OrderRejectedException e) {
      return refuse(e, count);
    }
  }

  private static Side parseSide(String s) {
    return switch (s) {
      case "BUY" -> Side.BUY;
      case "SELL" -> Side.SELL;
      default -> throw new OrderRejectedException(-1117, "Invalid side.");
    };
  }

  private static long priceTicks(InstrumentSpec spec, Dialect.SymbolFilters f, String text) {
    if (!DECIMAL.matcher(text).matches()) {
      throw new OrderRejectedException(
          -1100,
          "Illegal characters found in parameter 'price'; legal range is " + DECIMAL_RANGE + ".");
    }
    long ticks;
    try {
      ticks = spec.priceToTicks(text);
    } catch (NumberFormatException e) {
      throw new OrderRejectedException(-1013, "Filter failure: PRICE_FILTER");
    }
    if (ticks < spec.priceToTicks(f.minPrice()) || ticks > spec.priceToTicks(f.maxPrice())) {
      throw new OrderRejectedException(-1013, "Filter failure: PRICE_FILTER");
    }
    return ticks;
  }

  private static long lots(InstrumentSpec spec, Dialect.SymbolFilters f, String text) {
    if (!DECIMAL.matcher(text).matches()) {
      throw new OrderRejectedException(
          -1100,
          "Illegal characters found in parameter 'quantity'; legal range is "
              + DECIMAL_RANGE
              + ".");
    }
    long lots;
    try {
      lots = spec.sizeToLots(text);
    } catch (NumberFormatException e) {
      throw new OrderRejectedException(-1013, "Filter failure: LOT_SIZE");
    }
    if (lots < 1 || lots > spec.sizeToLots(f.maxQty())) {
      throw new OrderRejectedException(-1013, "Filter failure: LOT_SIZE");
    }
    return lots;
  }

  // ---- cancel, query ----

  private long orderIdParam(SignedRequest r) {
    String id = r.get("orderId");
    if (id == null) {
      return -1;
    }
    if (!DIGITS.matcher(id).matches()) {
      throw new OrderRejectedException(
          -1100,
          "Illegal characters found in parameter 'orderId'; legal range is '^[0-9]{1,20}$'.");
    }
    return Long.parseLong(id);
  }

  private HttpResponse cancel(SignedRequest r) {
    Exchange.Instrument ins = instrument(r);
    long orderId = orderIdParam(r);
    String cid = r.get("origClientOrderId");
    if (orderId < 0 && cid == null) {
      throw new OrderRejectedException(
          -1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!");
    }
    String cancelId = dialect == Dialect.SPOT ? r.get("newClientOrderId") : null;
    if (cancelId != null && !OrderRequest.validClientOrderId(cancelId)) {
      throw new OrderRejectedException(
          -1100,
          "Illegal characters found in parameter 'newClientOrderId'; legal range is"
              + " '^[\\\\.A-Z\\\\:/a-z0-9_-]{1,36}$'.");
    }
    r.get("recvWindow");
    r.requireAllRead();
    OrderView o = ins.engine().cancel(r.account().name(), orderId, cid, cancelId);
    String echoed = cancelId != null ? cancelId : MatchingEngine.generatedCancelId(o.orderId());
    return ok(ins.json().cancel(o, echoed));
  }

  private HttpResponse query(SignedRequest r) {
    Exchange.Instrument ins = instrument(r);
    long orderId = orderIdParam(r);
    String cid = r.get("origClientOrderId");
    if (orderId < 0 && cid == null) {
      throw new OrderRejectedException(
          -1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!");
    }
    r.get("recvWindow");
    r.requireAllRead();
    return ok(ins.json().order(ins.engine().order(r.account().name(), orderId, cid)));
  }

  private HttpResponse cancelAll(SignedRequest r) {
    Exchange.Instrument ins = instrument(r);
    r.get("recvWindow");
    r.requireAllRead();
    List<OrderView> done = ins.engine().cancelAll(r.account().name());
    if (dialect == Dialect.USDM) {
      return ok("{\"code\":200,\"msg\":\"The operation of cancel all open order is done.\"}");
    }
    if (done.isEmpty()) {
      throw new OrderRejectedException(-2011, "Unknown order sent.");
    }
    StringBuilder sb = new StringBuilder("[");
    for (OrderView o : done) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      sb.append(ins.json().cancel(o, MatchingEngine.generatedCancelId(o.orderId())));
    }
    return ok(sb.append(']').toString());
  }

  private HttpResponse openOrders(SignedRequest r) {
    String symbol = r.get("symbol");
    r.get("recvWindow");
    r.requireAllRead();
    StringBuilder sb = new StringBuilder("[");
    List<Exchange.Instrument> chosen = new ArrayList<>();
    if (symbol != null) {
      Exchange.Instrument i = exchange.instrument(symbol);
      if (i == null) {
        throw new OrderRejectedException(-1121, "Invalid symbol.");
      }
      chosen.add(i);
    } else {
      chosen.addAll(exchange.instruments());
    }
    for (Exchange.Instrument i : chosen) {
      for (OrderView o : i.engine().openOrders(r.account().name())) {
        if (sb.length() > 1) {
          sb.append(',');
        }
        sb.append(i.json().order(o));
      }
    }
    return ok(sb.append(']').toString());
  }

  private HttpResponse trades(SignedRequest r) {
    Exchange.Instrument ins = instrument(r);
    long orderId = orderIdParam(r);
    long fromId = -1;
    String from = r.get("fromId");
    if (from != null) {
      if (!DIGITS.matcher(from).matches()) {
        throw new OrderRejectedException(
            -1100,
            "Illegal characters found in parameter 'fromId'; legal range is '^[0-9]{1,20}$'.");
      }
      fromId = Long.parseLong(from);
    }
    int limit = 500;
    String l = r.get("limit");
    if (l != null) {
      if (!DIGITS.matcher(l).matches()) {
        throw new OrderRejectedException(
            -1100,
            "Illegal characters found in parameter 'limit'; legal range is '^[0-9]{1,20}$'.");
      }
      long v = Long.parseLong(l);
      if (v < 1 || v > 1000) {
        throw new OrderRejectedException(-1130, "Data sent for parameter 'limit' is not valid.");
      }
      limit = (int) v;
    }
    r.get("recvWindow");
    r.requireAllRead();
    String account = r.account().name();
    List<LedgerEntry> page;
    if (orderId >= 0) {
      page =
          exchange.ledger().entries(account, ins.config().symbol()).stream()
              .filter(e -> e.orderId() == orderId)
              .filter(e -> e.tradeId() >= 0)
              .toList();
      long min = fromId;
      page = page.stream().filter(e -> min < 0 || e.tradeId() >= min).limit(limit).toList();
    } else {
      page = exchange.ledger().page(account, ins.config().symbol(), fromId, limit);
    }
    return ok(ins.json().trades(page));
  }

  // ---- user-data stream keys ----

  private HttpResponse listenKey(HttpMethod m, String apiKey, String query, String body) {
    ExchangeAccount account = SignedRequest.apiKeyOnly(apiKey, exchange::accountByKey);
    SignedRequest r = SignedRequest.unsigned(account, query, body);
    boolean spot = dialect == Dialect.SPOT;
    if (m == HttpMethods.POST) {
      return ok("{\"listenKey\":\"" + exchange.userStreams().create(account.name()) + "\"}");
    }
    String key = spot ? r.require("listenKey") : r.get("listenKey");
    if (key == null) {
      key = exchange.userStreams().keyOf(account.name());
    }
    if (m == HttpMethods.PUT) {
      if (key == null || !exchange.userStreams().keepAlive(key, account.name())) {
        throw new OrderRejectedException(-1125, "This listenKey does not exist.");
      }
      return ok(spot ? "{}" : "{\"listenKey\":\"" + key + "\"}");
    }
    if (m == HttpMethods.DELETE) {
      if (key == null || !exchange.userStreams().close(key, account.name())) {
        throw new OrderRejectedException(-1125, "This listenKey does not exist.");
      }
      return ok("{}");
    }
    throw new OrderRejectedException(-1000, "Unsupported method " + m.value());
  }

  // ---- admin ----

  /**
   * {@code GET /admin/stats}: new orders accepted, and refused for the account's order-rate limit
   * (-1015), since the simulator started.
   */
  String statsJson() {
    return "{\"ordersAccepted\":"
        + ordersAccepted.get()
        + ",\"ordersRefusedForRate\":"
        + ordersRefusedForRate.get()
        + ",\"ordersPer10s\":"
        + exchange.orderLimiter().limit()
        + "}";
  }

  /** {@code GET /admin/ledger}: the ground-truth fills, decimals as text. */
  String ledgerJson(String account, String symbol) {
    StringBuilder sb = new StringBuilder("[");
    for (LedgerEntry e : exchange.ledger().entries(account, symbol)) {
      Exchange.Instrument i = exchange.instrument(e.symbol());
      if (sb.length() > 1) {
        sb.append(',');
      }
      sb.append("{\"account\":\"")
          .append(e.account())
          .append("\",\"symbol\":\"")
          .append(e.symbol());
      sb.append("\",\"tradeId\":").append(e.tradeId()).append(",\"orderId\":").append(e.orderId());
      sb.append(",\"clientOrderId\":\"").append(BinanceJson.escape(e.clientOrderId()));
      sb.append("\",\"side\":\"").append(e.side()).append("\",\"price\":\"");
      sb.append(i.spec().ticksToPrice(e.priceTicks())).append("\",\"qty\":\"");
      sb.append(i.spec().lotsToSize(e.lots())).append("\",\"quoteQty\":\"");
      sb.append(FixedPoint.format(e.quote(), 8)).append("\",\"fee\":\"");
      sb.append(FixedPoint.format(e.fee(), 8)).append("\",\"feeAsset\":\"");
      sb.append(i.config().filters().quoteAsset()).append("\",\"maker\":").append(e.maker());
      sb.append(",\"time\":").append(e.timeMillis()).append('}');
    }
    return sb.append(']').toString();
  }

  /** {@code GET /admin/orders}: every working order of trading accounts, ground truth. */
  String openOrdersJson(String account, String symbol) {
    StringBuilder sb = new StringBuilder("[");
    for (Exchange.Instrument i : exchange.instruments()) {
      if (symbol != null && !symbol.equals(i.config().symbol())) {
        continue;
      }
      for (String a : i.engine().accounts()) {
        if (account != null && !account.equals(a)) {
          continue;
        }
        for (OrderView o : i.engine().openOrders(a)) {
          if (sb.length() > 1) {
            sb.append(',');
          }
          sb.append("{\"account\":\"").append(a).append("\",\"order\":");
          sb.append(i.json().order(o)).append('}');
        }
      }
    }
    return sb.append(']').toString();
  }
}
