package com.marketmaker.streams.binance;

import com.marketmaker.core.instrument.Venue;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A Binance-like account server on loopback, spot ({@code /api/v3}) or USD-M ({@code /fapi/v1}),
 * answering with the documented JSON shapes and error codes:
 *
 * <ul>
 *   <li>SIGNED endpoints check the {@code X-MBX-APIKEY} header ({@code -2014} / {@code -2015}), the
 *       HMAC-SHA256 signature of the raw query string plus body ({@code -1022}) and the timing rule
 *       {@code timestamp < serverTime + 1000 && serverTime - timestamp <= recvWindow} ({@code
 *       -1021}) against its own clock, which a test can skew;
 *   <li>orders live in a small in-memory book of our orders: place (with post-only rejection
 *       against a best bid/ask the test sets), cancel by {@code origClientOrderId}, cancel-all,
 *       open orders, and the trade history the test provides;
 *   <li>listen keys ({@code POST}/{@code PUT}/{@code DELETE}) and the user-data WebSocket at {@code
 *       /ws/<listenKey>}, with frames pushed by the test.
 * </ul>
 *
 * A test can override the answer of any request after authentication ({@link #override}).
 */
final class FakeBinanceAccount extends AllDirectives implements AutoCloseable {

  /** A request as received, after authentication. */
  /** A request; {@code rawQuery} is its query string and form body joined, as received. */
  record Received(String method, String path, Map<String, String> params, String rawQuery) {}

  /** A WebSocket connection of the user-data stream. */
  final class Connection {
    final int number;
    final String listenKey;
    final BoundedSourceQueue<Message> out;
    private final java.util.concurrent.atomic.AtomicBoolean closed =
        new java.util.concurrent.atomic.AtomicBoolean();

    Connection(int number, String listenKey, BoundedSourceQueue<Message> out) {
      this.number = number;
      this.listenKey = listenKey;
      this.out = out;
    }

    void push(String frame) {
      out.offer(TextMessage.create(frame));
    }

    void close() {
      if (closed.compareAndSet(false, true)) {
        try {
          out.complete();
        } catch (IllegalStateException alreadyEnded) {
          // The client closed the connection first (its close handshake ended this queue).
        }
      }
    }
  }

  final Venue venue;
  final String prefix;
  private final String apiKey;
  private final byte[] secret;
  private final ActorSystem<?> system;
  private final ServerBinding binding;

  /** Server clock minus the machine clock. */
  volatile long clockSkewMillis;

  /**
   * How long {@code /time} waits before reading the server clock and answering: a request that
   * queued on the client's side before it went out, as the venue sees it.
   */
  volatile long timeAnswerDelayMillis;

  /**
   * How long the fake holds each signed request it accepted before answering it (a busy venue): the
   * client's connection stays taken meanwhile. {@link #mostSignedAtOnce} counts how many it held at
   * once.
   */
  volatile long signedAnswerDelayMillis;

  final AtomicInteger mostSignedAtOnce = new AtomicInteger();
  private final AtomicInteger signedHeld = new AtomicInteger();

  volatile BigDecimal bestBid = new BigDecimal("59999.00");
  volatile BigDecimal bestAsk = new BigDecimal("60001.00");
  volatile String exchangeInfo = "{\"symbols\":[]}";
  final List<String> trades = new CopyOnWriteArrayList<>();

  /** Answers a request instead of the fake's own logic when it returns non-null. */
  volatile Function<Received, CompletionStage<HttpResponse>> override = r -> null;

  volatile boolean refuseKeepAlive;
  final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  final BlockingQueue<Connection> connections = new LinkedBlockingQueue<>();
  private final List<Connection> all = new CopyOnWriteArrayList<>();
  final AtomicInteger listenKeysCreated = new AtomicInteger();
  final AtomicInteger keepAlives = new AtomicInteger();
  final AtomicInteger timeRequests = new AtomicInteger();
  private volatile String listenKey;
  private final AtomicInteger connectionCount = new AtomicInteger();
  private final AtomicLong orderIds = new AtomicLong(4_293_150);
  private final AtomicInteger orderCount = new AtomicInteger();
  private final Map<String, Map<String, String>> open = new ConcurrentHashMap<>();

  FakeBinanceAccount(ActorSystem<?> system, Venue venue, String apiKey, String secret)
      throws Exception {
    this.system = system;
    this.venue = venue;
    this.prefix = venue == Venue.BINANCE ? "/api/v3" : "/fapi/v1";
    this.apiKey = apiKey;
    this.secret = secret.getBytes(StandardCharsets.US_ASCII);
    this.binding =
        Http.get(system)
            .newServerAt("127.0.0.1", 0)
            .bind(route())
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  int port() {
    return binding.localAddress().getPort();
  }

  String restUrl() {
    return "http://127.0.0.1:" + port();
  }

  String wsUrl() {
    return "ws://127.0.0.1:" + port();
  }

  long serverTime() {
    return System.currentTimeMillis() + clockSkewMillis;
  }

  String listenKeyPath() {
    return venue == Venue.BINANCE ? "/api/v3/userDataStream" : "/fapi/v1/listenKey";
  }

  String currentListenKey() {
    return listenKey;
  }

  /** Waits for the next user-data connection. */
  Connection awaitConnection() throws InterruptedException {
    Connection c = connections.poll(20, TimeUnit.SECONDS);
    if (c == null) {
      throw new AssertionError("no user-data connection within 20 s");
    }
    return c;
  }

  /** Waits for the next authenticated request to {@code path}, skipping others. */
  Received awaitRequest(String method, String path) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      Received r = received.poll(100, TimeUnit.MILLISECONDS);
      if (r != null && r.method().equals(method) && r.path().equals(path)) {
        return r;
      }
    }
    throw new AssertionError("no " + method + " " + path + " within 10 s");
  }

  /** Expires the listen key the way the venue does: event on the stream, key invalid. */
  void expireListenKey(Connection c) {
    String key = listenKey;
    listenKey = null;
    c.push("{\"e\":\"listenKeyExpired\",\"E\":" + serverTime() + ",\"listenKey\":\"" + key + "\"}");
  }

  static HttpResponse json(int status, String body) {
    return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, body);
  }

  static HttpResponse error(int status, int code, String msg) {
    return json(status, "{\"code\":" + code + ",\"msg\":\"" + msg + "\"}");
  }

  private Route route() {
    return concat(
        pathPrefix(
            "ws",
            () ->
                path(
                    PathMatchers.segment(),
                    key ->
                        key.equals(listenKey)
                            ? handleWebSocketMessages(connectionFlow(key))
                            : complete(error(400, -1125, "This listenKey does not exist.")))),
        extractRequest(
            request ->
                entity(
                    Unmarshaller.entityToString(),
                    body -> completeWithFuture(handle(request, body)))));
  }

  private Flow<Message, Message, NotUsed> connectionFlow(String key) {
    Pair<BoundedSourceQueue<Message>, Source<Message, NotUsed>> out =
        Source.<Message>queue(10_000).preMaterialize(system);
    Connection c = new Connection(connectionCount.incrementAndGet(), key, out.first());
    all.add(c);
    connections.add(c);
    return Flow.fromSinkAndSourceCoupled(Sink.ignore(), out.second());
  }

  private CompletionStage<HttpResponse> handle(HttpRequest request, String body) {
    String path = request.getUri().path();
    String method = request.method().name();
    String query = request.getUri().rawQueryString().orElse("");
    // Binance takes parameters in the query string and/or a form body (POST, PUT, DELETE).
    String raw = query.isEmpty() ? body : body.isEmpty() ? query : query + "&" + body;
    Map<String, String> params = parse(raw);
    String key = request.getHeader("X-MBX-APIKEY").map(h -> h.value()).orElse(null);

    if (path.equals(prefix + "/time")) {
      timeRequests.incrementAndGet();
      long delay = timeAnswerDelayMillis;
      if (delay > 0) {
        return CompletableFuture.supplyAsync(
            () -> json(200, "{\"serverTime\":" + serverTime() + "}"),
            CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS));
      }
      return done(json(200, "{\"serverTime\":" + serverTime() + "}"));
    }
    if (path.equals(prefix + "/exchangeInfo")) {
      Received r = new Received(method, path, params, raw);
      received.add(r);
      CompletionStage<HttpResponse> o = override.apply(r);
      return o != null ? o : done(json(200, exchangeInfo));
    }
    if (path.equals(listenKeyPath())) {
      HttpResponse auth = checkKey(key);
      if (auth != null) {
        return done(auth);
      }
      Received r = new Received(method, path, params, raw);
      received.add(r);
      CompletionStage<HttpResponse> o = override.apply(r);
      return o != null ? o : done(listenKey(method, params));
    }
    // Everything else is SIGNED.
    HttpResponse auth = checkKey(key);
    if (auth == null) {
      auth = checkSignature(query, body);
    }
    if (auth == null) {
      auth = checkTimestamp(params);
    }
    if (auth != null) {
      return done(auth);
    }
    Map<String, String> plain = new LinkedHashMap<>(params);
    plain.remove("signature");
    plain.remove("timestamp");
    plain.remove("recvWindow");
    Received r = new Received(method, path, plain, raw);
    received.add(r);
    CompletionStage<HttpResponse> o = override.apply(r);
    if (o != null) {
      return o;
    }
    HttpResponse answer = signed(method, path, plain);
    long hold = signedAnswerDelayMillis;
    if (hold > 0) {
      mostSignedAtOnce.accumulateAndGet(signedHeld.incrementAndGet(), Math::max);
      return CompletableFuture.supplyAsync(
          () -> {
            signedHeld.decrementAndGet();
            return answer;
          },
          CompletableFuture.delayedExecutor(hold, TimeUnit.MILLISECONDS));
    }
    return done(answer);
  }

  private static CompletionStage<HttpResponse> done(HttpResponse r) {
    return CompletableFuture.completedFuture(r);
  }

  private HttpResponse checkKey(String key) {
    if (key == null || key.isEmpty()) {
      return error(401, -2014, "API-key format invalid.");
    }
    if (!key.equals(apiKey)) {
      return error(401, -2015, "Invalid API-key, IP, or permissions for action.");
    }
    return null;
  }

  /**
   * Binance's rule: HMAC-SHA256 of the query string followed by the body, without the signature.
   */
  private HttpResponse checkSignature(String query, String body) {
    boolean inBody = !query.contains("signature=");
    String carrier = inBody ? body : query;
    int at = carrier.lastIndexOf("signature=");
    if (at < 0) {
      return error(
          400,
          -1102,
          "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.");
    }
    String sent = carrier.substring(at + "signature=".length());
    String before = carrier.substring(0, Math.max(0, at - 1));
    String signed = inBody ? query + before : before + body;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      String expected =
          HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
      if (!expected.equalsIgnoreCase(sent)) {
        return error(400, -1022, "Signature for this request is not valid.");
      }
      return null;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse checkTimestamp(Map<String, String> params) {
    String ts = params.get("timestamp");
    if (ts == null) {
      return error(
          400,
          -1102,
          "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.");
    }
    long timestamp = Long.parseLong(ts);
    long recvWindow = Long.parseLong(params.getOrDefault("recvWindow", "5000"));
    long serverTime = serverTime();
    if (recvWindow > 60_000) {
      return error(400, -1131, "recvWindow must be less than 60000");
    }
    if (!(timestamp < serverTime + 1000 && serverTime - timestamp <= recvWindow)) {
      return error(400, -1021, "Timestamp for this request is outside of the recvWindow.");
    }
    return null;
  }

  private HttpResponse listenKey(String method, Map<String, String> params) {
    boolean spot = venue == Venue.BINANCE;
    switch (method) {
      case "POST" -> {
        if (listenKey == null) {
          StringBuilder sb = new StringBuilder();
          for (int i = 0; i < 64; i++) {
            sb.append((char) ('a' + (int) (Math.random() * 26)));
          }
          listenKey = sb.toString();
          listenKeysCreated.incrementAndGet();
        }
        return json(200, "{\"listenKey\":\"" + listenKey + "\"}");
      }
      case "PUT" -> {
        if (spot && params.get("listenKey") == null) {
          return error(
              400,
              -1102,
              "Mandatory parameter 'listenKey' was not sent, was empty/null, or malformed.");
        }
        if (!spot && params.containsKey("listenKey")) {
          return error(
              400,
              -1104,
              "Not all sent parameters were read; read '0' parameter(s) but was sent '1'.");
        }
        if (refuseKeepAlive
            || listenKey == null
            || (spot && !params.get("listenKey").equals(listenKey))) {
          return error(400, -1125, "This listenKey does not exist.");
        }
        keepAlives.incrementAndGet();
        return json(200, spot ? "{}" : "{\"listenKey\":\"" + listenKey + "\"}");
      }
      case "DELETE" -> {
        listenKey = null;
        return json(200, "{}");
      }
      default -> {
        return error(405, -1000, "An unknown error occurred while processing the request.");
      }
    }
  }

  private HttpResponse signed(String method, String path, Map<String, String> p) {
    String op = method + " " + path.substring(prefix.length());
    return switch (op) {
      case "POST /order" -> place(p);
      case "DELETE /order" -> cancel(p);
      case "DELETE /openOrders" -> venue == Venue.BINANCE ? cancelAllSpot(p) : notFound();
      case "DELETE /allOpenOrders" ->
          venue == Venue.BINANCE_USDM ? cancelAllFutures(p) : notFound();
      case "GET /openOrders" -> json(200, openOrders(p.get("symbol")));
      case "GET /myTrades" -> venue == Venue.BINANCE ? trades(p) : notFound();
      case "GET /userTrades" -> venue == Venue.BINANCE_USDM ? trades(p) : notFound();
      default -> notFound();
    };
  }

  private static HttpResponse notFound() {
    return HttpResponse.create().withStatus(StatusCodes.NOT_FOUND);
  }

  private HttpResponse place(Map<String, String> p) {
    String symbol = p.get("symbol");
    String type = p.get("type");
    String side = p.get("side");
    String tif = p.get("timeInForce");
    String cid = p.get("newClientOrderId");
    if (symbol == null || type == null || side == null || p.get("quantity") == null) {
      return error(400, -1102, "Mandatory parameter was not sent, was empty/null, or malformed.");
    }
    if (type.equals("LIMIT") && tif == null) {
      return error(
          400,
          -1102,
          "Mandatory parameter 'timeInForce' was not sent, was empty/null, or malformed.");
    }
    if (!type.equals("LIMIT") && tif != null) {
      return error(400, -1106, "Parameter 'timeInForce' sent when not required.");
    }
    if (type.equals("MARKET") && p.containsKey("price")) {
      return error(400, -1106, "Parameter 'price' sent when not required.");
    }
    Map<String, Map<String, String>> book = open;
    if (cid != null && book.containsKey(symbol + "/" + cid)) {
      return error(400, -2010, "Duplicate order sent.");
    }
    boolean postOnly = type.equals("LIMIT_MAKER") || "GTX".equals(tif);
    if (postOnly) {
      BigDecimal price = new BigDecimal(p.get("price"));
      boolean takes =
          side.equals("BUY") ? price.compareTo(bestAsk) >= 0 : price.compareTo(bestBid) <= 0;
      if (takes) {
        return venue == Venue.BINANCE
            ? error(400, -2010, "Order would immediately match and take.")
            : error(
                400,
                -5022,
                "Due to the order could not be executed as maker, the Post Only order will be rejected.");
      }
    }
    Map<String, String> order = new LinkedHashMap<>();
    order.put("symbol", symbol);
    order.put("orderId", Long.toString(orderIds.incrementAndGet()));
    order.put("clientOrderId", cid == null ? "web_" + orderIds.get() : cid);
    order.put("price", type.equals("MARKET") ? "0.00000000" : p.get("price"));
    order.put("origQty", p.get("quantity"));
    order.put("side", side);
    order.put("type", type);
    order.put("timeInForce", tif == null ? "GTC" : tif);
    order.put("time", Long.toString(serverTime()));
    String status = "NEW";
    String executed = "0";
    if (type.equals("MARKET") || "IOC".equals(tif) || "FOK".equals(tif)) {
      // The fake has no counterparty liquidity beyond "fills fully at the given price".
      status = "FILLED";
      executed = p.get("quantity");
    }
    order.put("status", status);
    order.put("executedQty", executed);
    if (status.equals("NEW")) {
      book.put(symbol + "/" + order.get("clientOrderId"), order);
    }
    int count = orderCount.incrementAndGet();
    HttpResponse response =
        json(200, orderJson(order, venue == Venue.BINANCE ? "transactTime" : "updateTime", null));
    response =
        response.addHeader(RawHeader.create("X-MBX-ORDER-COUNT-10S", Integer.toString(count)));
    return response.addHeader(
        RawHeader.create(
            venue == Venue.BINANCE ? "X-MBX-ORDER-COUNT-1D" : "X-MBX-ORDER-COUNT-1M",
            Integer.toString(count)));
  }

  /** Binance's order JSON; spot cancel answers add origClientOrderId and a cancel id. */
  private String orderJson(Map<String, String> o, String timeField, String cancelId) {
    StringBuilder sb = new StringBuilder("{");
    sb.append("\"symbol\":\"").append(o.get("symbol")).append("\",");
    if (cancelId != null) {
      sb.append("\"origClientOrderId\":\"").append(o.get("clientOrderId")).append("\",");
    }
    sb.append("\"orderId\":").append(o.get("orderId")).append(',');
    if (venue == Venue.BINANCE) {
      sb.append("\"orderListId\":-1,");
    }
    sb.append("\"clientOrderId\":\"")
        .append(cancelId != null ? cancelId : o.get("clientOrderId"))
        .append("\",");
    sb.append("\"").append(timeField).append("\":").append(o.get("time")).append(',');
    sb.append("\"price\":\"").append(o.get("price")).append("\",");
    sb.append("\"origQty\":\"").append(o.get("origQty")).append("\",");
    sb.append("\"executedQty\":\"").append(o.get("executedQty")).append("\",");
    if (venue == Venue.BINANCE) {
      sb.append("\"cummulativeQuoteQty\":\"0.00000000\",");
    } else {
      sb.append("\"cumQuote\":\"0\",\"avgPrice\":\"0.00000\",\"reduceOnly\":false,");
      sb.append("\"positionSide\":\"BOTH\",\"closePosition\":false,\"stopPrice\":\"0\",");
      sb.append("\"workingType\":\"CONTRACT_PRICE\",\"priceProtect\":false,");
      sb.append("\"origType\":\"").append(o.get("type")).append("\",");
    }
    sb.append("\"status\":\"").append(o.get("status")).append("\",");
    sb.append("\"timeInForce\":\"").append(o.get("timeInForce")).append("\",");
    sb.append("\"type\":\"").append(o.get("type")).append("\",");
    sb.append("\"side\":\"").append(o.get("side")).append("\"");
    return sb.append('}').toString();
  }

  private HttpResponse cancel(Map<String, String> p) {
    String cid = p.get("origClientOrderId");
    Map<String, String> order = cid == null ? null : open.remove(p.get("symbol") + "/" + cid);
    if (order == null) {
      return error(400, -2011, "Unknown order sent.");
    }
    order.put("status", "CANCELED");
    order.put("time", Long.toString(serverTime()));
    return json(
        200,
        venue == Venue.BINANCE
            ? orderJson(order, "transactTime", "cancel" + orderIds.incrementAndGet())
            : orderJson(order, "updateTime", null));
  }

  private List<Map<String, String>> openOf(String symbol) {
    List<Map<String, String>> out = new ArrayList<>();
    open.forEach(
        (k, v) -> {
          if (v.get("symbol").equals(symbol)) {
            out.add(v);
          }
        });
    out.sort(
        (a, b) -> Long.compare(Long.parseLong(a.get("orderId")), Long.parseLong(b.get("orderId"))));
    return out;
  }

  private String openOrders(String symbol) {
    StringBuilder sb = new StringBuilder("[");
    for (Map<String, String> o : openOf(symbol)) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      sb.append(orderJson(o, "updateTime", null));
    }
    return sb.append(']').toString();
  }

  private HttpResponse cancelAllSpot(Map<String, String> p) {
    List<Map<String, String>> orders = openOf(p.get("symbol"));
    if (orders.isEmpty()) {
      return error(400, -2011, "Unknown order sent.");
    }
    StringBuilder sb = new StringBuilder("[");
    for (Map<String, String> o : orders) {
      open.remove(o.get("symbol") + "/" + o.get("clientOrderId"));
      o.put("status", "CANCELED");
      if (sb.length() > 1) {
        sb.append(',');
      }
      sb.append(orderJson(o, "transactTime", "pXLV6Hz6mprAcVYpVMTGgx"));
    }
    return json(200, sb.append(']').toString());
  }

  private HttpResponse cancelAllFutures(Map<String, String> p) {
    for (Map<String, String> o : openOf(p.get("symbol"))) {
      open.remove(o.get("symbol") + "/" + o.get("clientOrderId"));
    }
    return json(200, "{\"code\":200,\"msg\":\"The operation of cancel all open order is done.\"}");
  }

  private HttpResponse trades(Map<String, String> p) {
    long from = Long.parseLong(p.getOrDefault("fromId", "0"));
    int limit = Integer.parseInt(p.getOrDefault("limit", "500"));
    StringBuilder sb = new StringBuilder("[");
    int n = 0;
    for (String t : trades) {
      long id = Long.parseLong(t.replaceAll(".*\"id\":(\\d+).*", "$1"));
      if (id >= from && n < limit && t.contains("\"symbol\":\"" + p.get("symbol") + "\"")) {
        if (n++ > 0) {
          sb.append(',');
        }
        sb.append(t);
      }
    }
    return json(200, sb.append(']').toString());
  }

  static Map<String, String> parse(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return out;
  }

  /** A response that never arrives, for timeout tests. */
  static CompletionStage<HttpResponse> never() {
    return new CompletableFuture<>();
  }

  @Override
  public void close() throws Exception {
    open.clear();
    for (Connection c : all) {
      c.close();
    }
    binding.terminate(Duration.ofSeconds(2)).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }
}
