package com.marketmaker.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marketmaker.core.instrument.FixedPoint;
import com.marketmaker.simulator.exchange.Exchange;
import com.marketmaker.simulator.replay.AdminAnswers;
import com.marketmaker.simulator.replay.BookImage;
import com.marketmaker.simulator.replay.Capture;
import com.marketmaker.simulator.replay.FaultRequest;
import com.marketmaker.simulator.replay.Faults;
import com.marketmaker.simulator.replay.ReplayEngine;
import com.marketmaker.simulator.replay.SimulatedBook;
import com.marketmaker.simulator.rest.BinanceJson;
import com.marketmaker.simulator.rest.RequestWeightLimiter;
import com.marketmaker.simulator.socket.Session;
import com.marketmaker.simulator.synthetic.SyntheticMarket;
import com.marketmaker.simulator.ws.StreamHub;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * One venue dialect's HTTP binding: Binance REST ({@code depth}, {@code exchangeInfo}, {@code
 * ping}, {@code time}) with request weights, the WebSocket endpoints ({@code /stream}, {@code
 * /ws}), and the simulator's admin endpoints ({@code /admin/replay/start}, {@code
 * /admin/replay/status}, {@code /admin/faults}) for this venue.
 */
final class VenueServer extends AllDirectives {

  private static final ObjectMapper JSON =
      new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  /** Per fault, the fields it takes. */
  private static final Map<String, Set<String>> FAULTS =
      Map.of(
          "dropDiffs", Set.of("type", "symbol", "count"),
          "staleSnapshot", Set.of("type", "symbol", "count"),
          "disconnect", Set.of("type"),
          "malformedFrames", Set.of("type", "count"),
          "delay", Set.of("type", "millis", "frames"),
          "rejectOrders", Set.of("type", "count", "code", "msg"));

  final Dialect dialect;
  final Capture capture;
  final Map<String, DepthSource> books;
  final Map<String, Dialect.SymbolFilters> filters;
  final StreamHub hub;
  final Faults faults;
  final ReplayEngine replay;
  final Exchange exchange;
  final SyntheticMarket synthetic;
  private final RequestWeightLimiter weights;
  private final TradingApi trading;

  /** Who placed the accepted orders; null without a trading exchange. */
  OrderSources orderSources() {
    return trading == null ? null : trading.sources();
  }

  /**
   * @param capture the replayed capture, or null when only synthetic instruments are served
   * @param bookList the replayed books, in capture order
   * @param replay the replay of {@code capture}, or null
   * @param exchange the synthetic instruments' exchange, or null
   * @param synthetic the beat of {@code exchange}, or null
   */
  VenueServer(
      Dialect dialect,
      Capture capture,
      List<SimulatedBook> bookList,
      StreamHub hub,
      Faults faults,
      ReplayEngine replay,
      RequestWeightLimiter weights,
      Exchange exchange,
      SyntheticMarket synthetic) {
    this.dialect = dialect;
    this.capture = capture;
    this.books = new LinkedHashMap<>();
    this.filters = new LinkedHashMap<>();
    for (int i = 0; i < bookList.size(); i++) {
      String symbol = capture.symbols().get(i).symbol();
      books.put(symbol, bookList.get(i));
      filters.put(symbol, dialect.filters(symbol));
    }
    if (exchange != null) {
      for (Exchange.Instrument i : exchange.instruments()) {
        if (books.containsKey(i.config().symbol())) {
          throw new IllegalArgumentException(
              i.config().symbol() + " is both replayed and synthetic on " + dialect);
        }
        books.put(i.config().symbol(), i.feed());
        filters.put(i.config().symbol(), i.config().filters());
      }
    }
    this.hub = hub;
    this.faults = faults;
    this.replay = replay;
    this.weights = weights;
    this.exchange = exchange;
    this.synthetic = synthetic;
    this.trading =
        exchange == null ? null : new TradingApi(dialect, exchange, faults, this::weighted);
  }

  /** Frames replayed or published so far (for the startup log). */
  long frames() {
    return capture == null ? 0 : capture.size();
  }

  Route route() {
    return extractRequest(
        req -> {
          String path = req.getUri().path();
          boolean get = req.method() == HttpMethods.GET;
          boolean post = req.method() == HttpMethods.POST;
          String prefix = dialect.restPrefix;
          if (path.equals("/stream") || path.equals("/ws") || path.startsWith("/ws/")) {
            return webSocket(req, path);
          }
          if (get && path.equals(prefix + "/depth")) {
            return complete(depth(req));
          }
          if (get && path.equals(prefix + "/exchangeInfo")) {
            return complete(exchangeInfo(req));
          }
          if (get && path.equals(prefix + "/ping")) {
            return complete(weighted(1, () -> ok("{}")));
          }
          if (get && path.equals(prefix + "/time")) {
            return complete(
                weighted(1, () -> ok("{\"serverTime\":" + System.currentTimeMillis() + "}")));
          }
          if (trading != null && trading.serves(req.method(), path)) {
            return entity(
                Unmarshaller.entityToString(), body -> complete(trading.handle(req, body)));
          }
          if (path.startsWith("/admin/replay/") && replay == null) {
            return complete(
                AdminAnswers.error(StatusCodes.CONFLICT, "no replayed symbols on " + dialect));
          }
          if (path.startsWith("/admin/")
              && !path.startsWith("/admin/replay/")
              && !path.equals("/admin/faults")
              && exchange == null) {
            return complete(
                AdminAnswers.error(StatusCodes.CONFLICT, "no synthetic instruments on " + dialect));
          }
          if (post && path.equals("/admin/replay/start")) {
            return complete(AdminAnswers.startReplay(replay, req));
          }
          if (get && path.equals("/admin/replay/status")) {
            return complete(AdminAnswers.json(StatusCodes.OK, replay.status()));
          }
          if (get && path.equals("/admin/ledger")) {
            return complete(
                adminJson(
                    trading.ledgerJson(
                        req.getUri().query().get("account").orElse(null),
                        req.getUri().query().get("symbol").orElse(null))));
          }
          if (get && path.equals("/admin/stats")) {
            return complete(adminJson(trading.statsJson()));
          }
          if (get && path.equals("/admin/orders")) {
            return complete(
                adminJson(
                    trading.openOrdersJson(
                        req.getUri().query().get("account").orElse(null),
                        req.getUri().query().get("symbol").orElse(null))));
          }
          if (post && path.equals("/admin/synthetic/start")) {
            synthetic.startFlow();
            return complete(AdminAnswers.json(StatusCodes.OK, synthetic.status()));
          }
          if (post && path.equals("/admin/synthetic/stop")) {
            synthetic.stopFlow();
            return complete(AdminAnswers.json(StatusCodes.OK, synthetic.status()));
          }
          if (get && path.equals("/admin/synthetic/status")) {
            return complete(AdminAnswers.json(StatusCodes.OK, synthetic.status()));
          }
          if (post && path.equals("/admin/faults")) {
            return entity(Unmarshaller.entityToString(), body -> complete(fault(body)));
          }
          return complete(
              HttpResponse.create()
                  .withStatus(StatusCodes.NOT_FOUND)
                  .withEntity(
                      ContentTypes.APPLICATION_JSON,
                      BinanceJson.error(-1000, "Unknown path " + path)));
        });
  }

  // ---- WebSocket ----

  private Route webSocket(HttpRequest req, String path) {
    List<String> streams = new ArrayList<>();
    boolean combined = path.equals("/stream");
    if (combined) {
      req.getUri().query().get("streams").ifPresent(s -> streams.addAll(split(s)));
    } else if (path.startsWith("/ws/")) {
      streams.addAll(split(path.substring(4)));
    }
    for (String s : streams) {
      if (!hub.acceptable(s)) {
        return complete(badRequest(BinanceJson.error(-1100, "Invalid stream name '" + s + "'.")));
      }
    }
    return handleWebSocketMessages(hub.connect(combined, streams));
  }

  private static List<String> split(String s) {
    return Arrays.stream(s.split("/")).filter(x -> !x.isEmpty()).toList();
  }

  // ---- REST ----

  private HttpResponse depth(HttpRequest req) {
    Optional<String> symbolParam = req.getUri().query().get("symbol");
    if (symbolParam.isEmpty() || symbolParam.get().isEmpty()) {
      return weighted(1, () -> badRequest(missing("symbol")));
    }
    DepthSource book = books.get(symbolParam.get());
    if (book == null) {
      return weighted(1, () -> badRequest(BinanceJson.error(-1121, "Invalid symbol.")));
    }
    int limit = dialect.defaultDepthLimit();
    Optional<String> limitParam = req.getUri().query().get("limit");
    if (limitParam.isPresent()) {
      String text = limitParam.get();
      if (!text.matches("[0-9]{1,9}")) {
        return weighted(
            1,
            () ->
                badRequest(
                    BinanceJson.error(
                        -1100,
                        "Illegal characters found in parameter 'limit'; legal range is"
                            + " '^[0-9]{1,20}$'.")));
      }
      limit = Integer.parseInt(text);
      if (!dialect.validDepthLimit(limit)) {
        return weighted(
            1,
            () ->
                badRequest(
                    BinanceJson.error(-1130, "Data sent for parameter 'limit' is not valid.")));
      }
    }
    int n = limit;
    String symbol = symbolParam.get();
    return weighted(
        dialect.depthWeight(limit),
        () -> {
          BookImage img = null;
          if (faults.consumeStale(symbol)) {
            // Null when the book has not moved since the recorded snapshot: nothing older exists.
            img = book.stale(n);
            if (img != null) {
              faults.staleServed();
            }
          }
          if (img == null) {
            img = book.current(n);
          }
          Dialect.SymbolFilters f = filters.get(symbol);
          return ok(
              BinanceJson.depth(
                  dialect,
                  book.spec(),
                  img,
                  dialect.priceDisplayScale(f),
                  dialect.sizeDisplayScale(f)));
        });
  }

  private HttpResponse exchangeInfo(HttpRequest req) {
    Optional<String> symbolParam = req.getUri().query().get("symbol");
    List<String> symbols = new ArrayList<>(books.keySet());
    if (symbolParam.isPresent()) {
      if (!books.containsKey(symbolParam.get())) {
        return weighted(1, () -> badRequest(BinanceJson.error(-1121, "Invalid symbol.")));
      }
      symbols = List.of(symbolParam.get());
    }
    List<String> chosen = symbols;
    return weighted(dialect.exchangeInfoWeight, () -> ok(exchangeInfoJson(chosen)));
  }

  private String exchangeInfoJson(List<String> symbols) {
    ObjectNode root = JSON.createObjectNode();
    root.put("timezone", "UTC");
    root.put("serverTime", System.currentTimeMillis());
    ArrayNode limits = root.putArray("rateLimits");
    ObjectNode rl = limits.addObject();
    rl.put("rateLimitType", "REQUEST_WEIGHT");
    rl.put("interval", "MINUTE");
    rl.put("intervalNum", 1);
    rl.put("limit", weights.limitPerMinute());
    root.putArray("exchangeFilters");
    ArrayNode arr = root.putArray("symbols");
    for (String symbol : symbols) {
      Dialect.SymbolFilters f = filters.get(symbol);
      boolean synthetic = exchange != null && exchange.instrument(symbol) != null;
      ObjectNode s = arr.addObject();
      s.put("symbol", symbol);
      if (dialect == Dialect.USDM) {
        s.put("pair", symbol);
        s.put("contractType", "PERPETUAL");
      }
      s.put("status", "TRADING");
      s.put("baseAsset", f.baseAsset());
      s.put("quoteAsset", f.quoteAsset());
      if (dialect == Dialect.SPOT) {
        s.put("baseAssetPrecision", 8);
        s.put("quotePrecision", 8);
        s.put("quoteAssetPrecision", 8);
        s.put("isSpotTradingAllowed", true);
      } else {
        s.put("marginAsset", f.quoteAsset());
        s.put("pricePrecision", dialect.priceDisplayScale(f));
        s.put("quantityPrecision", dialect.sizeDisplayScale(f));
      }
      ArrayNode types = s.putArray("orderTypes");
      types.add("LIMIT");
      if (synthetic && dialect == Dialect.SPOT) {
        types.add("LIMIT_MAKER");
      }
      types.add("MARKET");
      if (synthetic && dialect == Dialect.USDM) {
        s.putArray("timeInForce").add("GTC").add("IOC").add("FOK").add("GTX");
      }
      ArrayNode filters = s.putArray("filters");
      ObjectNode price = filters.addObject();
      price.put("filterType", "PRICE_FILTER");
      price.put("minPrice", decimal(f.minPrice()));
      price.put("maxPrice", decimal(f.maxPrice()));
      price.put("tickSize", decimal(f.tickSize()));
      ObjectNode lot = filters.addObject();
      lot.put("filterType", "LOT_SIZE");
      lot.put("minQty", decimal(f.stepSize()));
      lot.put("maxQty", decimal(f.maxQty()));
      lot.put("stepSize", decimal(f.stepSize()));
      ObjectNode notional = filters.addObject();
      if (dialect == Dialect.SPOT) {
        notional.put("filterType", "NOTIONAL");
        notional.put("minNotional", decimal(f.minNotional()));
        notional.put("applyMinToMarket", true);
        notional.put("maxNotional", decimal("9000000"));
        notional.put("applyMaxToMarket", false);
        notional.put("avgPriceMins", 5);
      } else {
        notional.put("filterType", "MIN_NOTIONAL");
        notional.put("notional", f.minNotional());
      }
    }
    return root.toString();
  }

  private String decimal(String text) {
    if (dialect == Dialect.USDM) {
      return text;
    }
    int scale = FixedPoint.scaleOf(text);
    long unscaled = FixedPoint.parse(text, scale);
    return FixedPoint.format(unscaled * FixedPoint.pow10(8 - scale), 8);
  }

  private HttpResponse weighted(int weight, Supplier<HttpResponse> answer) {
    RequestWeightLimiter.Charge c = weights.charge(weight);
    RawHeader used = RawHeader.create("X-MBX-USED-WEIGHT-1M", Integer.toString(c.usedWeight()));
    if (!c.allowed()) {
      return HttpResponse.create()
          .withStatus(StatusCodes.TOO_MANY_REQUESTS)
          .addHeader(used)
          .addHeader(RawHeader.create("Retry-After", Long.toString(c.retryAfterSeconds())))
          .withEntity(
              ContentTypes.APPLICATION_JSON,
              BinanceJson.error(
                  -1003,
                  "Too much request weight used; current limit is "
                      + weights.limitPerMinute()
                      + " request weight per 1 MINUTE. Please use WebSocket Streams for live"
                      + " updates to avoid polling the API."));
    }
    return answer.get().addHeader(used);
  }

  private static String missing(String param) {
    return BinanceJson.error(
        -1102, "Mandatory parameter '" + param + "' was not sent, was empty/null, or malformed.");
  }

  private static HttpResponse ok(String body) {
    return HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, body);
  }

  private static HttpResponse badRequest(String body) {
    return HttpResponse.create()
        .withStatus(StatusCodes.BAD_REQUEST)
        .withEntity(ContentTypes.APPLICATION_JSON, body);
  }

  // ---- admin ----

  private HttpResponse fault(String body) {
    try {
      FaultRequest req = FaultRequest.parse(body, FAULTS);
      ObjectNode result = req.answer(dialect.name());
      switch (req.type) {
        case "dropDiffs" -> {
          String symbol = symbol(req);
          int count = req.intField("count", 1, 1_000_000, null);
          faults.dropNextDiffs(symbol, count);
          result.put("symbol", symbol).put("count", count);
        }
        case "staleSnapshot" -> {
          String symbol = symbol(req);
          int count = req.intField("count", 1, 1_000, 1);
          faults.staleNextSnapshots(symbol, count);
          result.put("symbol", symbol).put("count", count);
        }
        case "malformedFrames" -> {
          int count = req.intField("count", 1, 10_000, null);
          result
              .put("count", count)
              .put(
                  "connections",
                  replay != null ? replay.sendMalformed(count) : hub.sendMalformed(count));
        }
        case "rejectOrders" -> {
          if (exchange == null) {
            throw new IllegalArgumentException(
                "no synthetic instruments (no order entry) on " + dialect);
          }
          int count = req.intField("count", 1, 1_000_000, null);
          int code = req.intField("code", -99_999, -1, -2010);
          JsonNode msg = req.field("msg");
          if (msg != null
              && (!msg.isTextual() || msg.asText().isEmpty() || msg.asText().length() > 200)) {
            throw new IllegalArgumentException("'msg' must be a text of 1 to 200 characters");
          }
          String text = msg == null ? "Order rejected by the simulator." : msg.asText();
          faults.rejectNextOrders(count, code, text);
          result.put("count", count).put("code", code).put("msg", text);
        }
        case "delay" -> {
          int millis = req.intField("millis", 0, 60_000, null);
          int frames = req.intField("frames", 1, 1_000_000, 1);
          faults.delay(millis, frames);
          result.put("millis", millis).put("frames", frames);
        }
        default ->
            result.put("connections", hub.sessions().disconnectAll(Session.CloseReason.FAULT));
      }
      return AdminAnswers.json(StatusCodes.OK, result);
    } catch (IllegalArgumentException e) {
      return AdminAnswers.error(StatusCodes.BAD_REQUEST, e.getMessage());
    }
  }

  private static HttpResponse adminJson(String body) {
    return HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, body);
  }

  private String symbol(FaultRequest req) {
    return req.symbol(books.keySet(), "e.g. \"BTCUSDT\"", "served");
  }
}
