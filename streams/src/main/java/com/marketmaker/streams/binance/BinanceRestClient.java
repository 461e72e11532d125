package com.marketmaker.streams.binance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketmaker.core.orders.OrderRequest;
import com.marketmaker.core.orders.VenueException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.Scheduler;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REST requests to one Binance venue's account endpoints, as the venue documents them:
 *
 * <ul>
 *   <li>{@code SIGNED} requests carry the API key in {@code X-MBX-APIKEY} and, after every other
 *       parameter, {@code recvWindow}, {@code timestamp} (local time corrected by the measured
 *       offset to {@code GET <prefix>/time}) and {@code signature}, the HMAC-SHA256 of the exact
 *       parameter string. New orders and cancels (POST, DELETE) send it as a form body, the rest as
 *       the query string; values needing escaping are refused.
 *   <li>{@code API_KEY} requests (the user-data stream's listen key) carry the API key only.
 *   <li>Requests wait, unsigned, for one of the pool's connections ({@link RequestAdmission}) and
 *       are built and signed when one takes them; cancels and the clock's measurement go first.
 *   <li>HTTP 429 / 418 with {@code Retry-After}: every request until then is refused locally. The
 *       account's {@code X-MBX-ORDER-COUNT-<interval>} headers are tracked; at a configured limit
 *       new orders are refused locally until the interval's window ends.
 *   <li>Failures become {@link VenueException}: the venue's {@code code} and {@code msg} when it
 *       sent them, code 0 and HTTP status 0 when it could not be reached or did not answer in time.
 * </ul>
 *
 * Neither the secret nor a signature is ever written to a log or an exception message.
 *
 * <p>Size: over 500 lines because it is the one place that speaks Binance's REST rules for an
 * account (signing, the clock offset, admission to the connections and the placement's send
 * deadline that waits on both, the venue's rate and order-count limits and back-off, the error
 * mapping, per-endpoint statistics); each part is short and they share the request's state.
 */
final class BinanceRestClient {

  private static final Logger log = LoggerFactory.getLogger(BinanceRestClient.class);
  static final ObjectMapper JSON = new ObjectMapper();

  /** How a request authenticates. */
  enum Security {
    NONE,
    API_KEY,
    SIGNED
  }

  /** A request as asked for: what to send, and when it was asked for. */
  private record Call(
      HttpMethod method,
      String path,
      String endpoint,
      Security security,
      Map<String, String> params,
      boolean newOrder,
      long askedNanos) {}

  private final ActorSystem<?> system;
  private final BinanceAccountSettings settings;
  private final Optional<BinanceCredentials> credentials;
  private final String unavailable;
  private final Materializer materializer;
  private final ConnectionPoolSettings pool;

  private final Map<String, EndpointStats> endpoints = new ConcurrentHashMap<>();
  // The URI of each path, parsed once: parsing a whole signed URL was half of what sending cost.
  private final Map<String, org.apache.pekko.http.scaladsl.model.Uri> uris =
      new ConcurrentHashMap<>();
  private final Http http;
  private final Scheduler scheduler;
  private final HttpsConnectionContext https;
  private final Optional<HttpHeader> apiKeyHeader;
  private final AtomicLong malformedAnswers = new AtomicLong();
  private final AtomicLong localRefusals = new AtomicLong();
  private final AtomicLong feesInOtherAssets = new AtomicLong();
  private final RequestAdmission admission;

  private volatile long clockOffsetMillis;
  private volatile long clockSyncedAtNanos;
  private volatile boolean clockSynced;
  private final AtomicReference<CompletableFuture<Void>> clockSync = new AtomicReference<>();

  private volatile long backOffUntilMillis;
  private volatile int backOffStatus;
  private volatile int backOffCode;
  private volatile long orderBackOffUntilMillis;
  private final Map<Duration, long[]> orderCounts = new ConcurrentHashMap<>();

  BinanceRestClient(
      ActorSystem<?> system,
      BinanceAccountSettings settings,
      Optional<BinanceCredentials> credentials,
      String unavailableReason) {
    this.system = system;
    this.settings = settings;
    this.credentials = credentials;
    this.unavailable = unavailableReason;
    this.materializer = Materializer.matFromSystem(system);
    this.http = Http.get(system);
    this.scheduler = system.classicSystem().scheduler();
    this.https = http.defaultClientHttpsContext();
    this.apiKeyHeader =
        credentials.map(c -> (HttpHeader) RawHeader.create("X-MBX-APIKEY", c.apiKey()));
    this.pool =
        ConnectionPoolSettings.create(system.classicSystem())
            .withMaxConnections(settings.restMaxConnections())
            .withMaxOpenRequests(settings.restMaxOpenRequests());
    this.admission = new RequestAdmission(settings.restMaxConnections());
  }

  BinanceAccountSettings settings() {
    return settings;
  }

  ActorSystem<?> system() {
    return system;
  }

  boolean hasCredentials() {
    return credentials.isPresent();
  }

  /** Why account requests are refused when there are no credentials. */
  String unavailableReason() {
    return unavailable;
  }

  /** Counts a malformed answer and builds the failure reported to the caller. */
  VenueException malformed(String endpoint, int status, String detail) {
    malformedAnswers.incrementAndGet();
    stats(endpoint).error("malformed");
    String message =
        "malformed answer from "
            + settings.venue()
            + " "
            + endpoint
            + ": "
            + BinanceAnswers.abbreviate(detail);
    log.warn("{}", message);
    return new VenueException(status, 0, message);
  }

  void countFeeInOtherAsset() {
    feesInOtherAssets.incrementAndGet();
  }

  /** Milliseconds to add to the local clock to get the venue's. */
  long clockOffsetMillis() {
    return clockOffsetMillis;
  }

  /**
   * Sends a request and completes with the parsed JSON answer of a 2xx response; fails with a
   * {@link VenueException} otherwise.
   *
   * @param params parameters in order; for SIGNED requests recvWindow, timestamp and signature are
   *     appended
   * @param newOrder whether the request places an order (counted against the order rate limits)
   */
  CompletionStage<JsonNode> send(
      HttpMethod method,
      String path,
      Security security,
      Map<String, String> params,
      boolean newOrder) {
    String endpoint = method.name() + " " + path;
    if (security != Security.NONE && credentials.isEmpty()) {
      return refuse(endpoint, 401, 0, "refused locally: " + unavailable);
    }
    long now = System.currentTimeMillis();
    VenueException backedOff = backedOff(now);
    if (backedOff != null) {
      return refuse(endpoint, backedOff);
    }
    if (newOrder) {
      String limited = orderLimitReached(now + clockOffsetMillis);
      if (limited != null) {
        return refuse(endpoint, 429, BinanceErrors.TOO_MANY_ORDERS, "refused locally: " + limited);
      }
    }
    long askedNanos = System.nanoTime();
    Call call = new Call(method, path, endpoint, security, params, newOrder, askedNanos);
    if (security != Security.SIGNED) {
      return dispatch(call);
    }
    return ensureClock().thenCompose(v -> dispatch(call));
  }

  /**
   * Why a placement asked for at {@code askedNanos} may no longer be sent, or null. A placement
   * signed late could reach the venue after the entity's in-flight window and outlive a
   * reconciliation that took its absence as final: it is not sent at all.
   */
  private String tooLate(boolean newOrder, long askedNanos) {
    long waitedNanos = System.nanoTime() - askedNanos;
    if (!newOrder || waitedNanos <= settings.orderSendDeadline().toNanos()) {
      return null;
    }
    return late(waitedNanos);
  }

  private String late(long waitedNanos) {
    return "refused locally: not sent within "
        + settings.orderSendDeadline().toMillis()
        + " ms of being asked for (waited "
        + waitedNanos / 1_000_000
        + " ms for the venue's clock and a free connection)";
  }

  private CompletionStage<JsonNode> refuse(String endpoint, int status, int code, String message) {
    return refuse(endpoint, BinanceErrors.of(status, code, message));
  }

  private CompletionStage<JsonNode> refuse(String endpoint, VenueException refusal) {
    localRefusals.incrementAndGet();
    stats(endpoint).error("local");
    return CompletableFuture.failedFuture(refusal);
  }

  /** The refusal while the venue's Retry-After lasts at {@code nowMillis}, or null. */
  private VenueException backedOff(long nowMillis) {
    long wait = backOffUntilMillis - nowMillis;
    if (wait <= 0) {
      return null;
    }
    return BinanceErrors.of(
        backOffStatus,
        backOffCode,
        "refused locally: the venue answered HTTP "
            + backOffStatus
            + (backOffStatus == 418 ? " (IP banned)" : " (rate limited)")
            + " with Retry-After; not sending for another "
            + seconds(wait)
            + " s");
  }

  private static long seconds(long millis) {
    return (millis + 999) / 1000;
  }

  /**
   * A parameter's value as it goes into the query unescaped: letters, digits and {@code ._:/-} only
   * (symbols, numbers, client order ids, listen keys), else the request is refused.
   */
  private static String requireSafe(String name, String value) {
    for (int i = 0; i < value.length(); i++) {
      if (!OrderRequest.idCharacter(value.charAt(i))) {
        throw new IllegalArgumentException(
            "parameter " + name + " holds a character that would need escaping (at " + i + ")");
      }
    }
    return value;
  }

  /** The query string of a request, signed when SIGNED. */
  String query(Security security, Map<String, String> params) {
    StringBuilder q = new StringBuilder();
    for (Map.Entry<String, String> p : params.entrySet()) {
      if (q.length() > 0) {
        q.append('&');
      }
      q.append(p.getKey()).append('=').append(requireSafe(p.getKey(), p.getValue()));
    }
    if (security == Security.SIGNED) {
      long timestamp = System.currentTimeMillis() + clockOffsetMillis;
      if (q.length() > 0) {
        q.append('&');
      }
      q.append("recvWindow=")
          .append(settings.recvWindow().toMillis())
          .append("&timestamp=")
          .append(timestamp);
      String signature = credentials.orElseThrow().sign(q.toString());
      q.append("&signature=").append(signature);
    }
    return q.toString();
  }

  /** The URI of {@code path}: base URL and path parsed once per path. */
  private org.apache.pekko.http.scaladsl.model.Uri uri(String path) {
    return uris.computeIfAbsent(
        path, p -> org.apache.pekko.http.scaladsl.model.Uri.apply(settings.restUrl() + p));
  }

  /**
   * The HTTP request: its parameters built (and signed when SIGNED), the API key attached. A signed
   * POST or DELETE (placing and cancelling orders) carries them as an {@code
   * application/x-www-form-urlencoded} body, which Binance accepts for those methods and signs the
   * same way (query string followed by body): the bytes go out as built, where a query string is
   * parsed again into the URI on every request (a quarter of the CPU time of sending, in a profile
   * of the node). Other requests carry them in the query string. Either way the venue receives
   * exactly the bytes that were signed.
   */
  HttpRequest request(
      HttpMethod method, String path, Security security, Map<String, String> params) {
    String query = query(security, params);
    boolean inBody =
        security == Security.SIGNED
            && (method == HttpMethods.POST || method == HttpMethods.DELETE)
            && !query.isEmpty();
    // The request in the Scala model (which the Java model's types are), to take the kept URI.
    org.apache.pekko.http.scaladsl.model.Uri base = uri(path);
    HttpRequest request =
        ((org.apache.pekko.http.scaladsl.model.HttpRequest) HttpRequest.create().withMethod(method))
            .withUri(query.isEmpty() || inBody ? base : base.withRawQueryString(query));
    if (inBody) {
      request =
          request.withEntity(
              ContentTypes.APPLICATION_X_WWW_FORM_URLENCODED,
              query.getBytes(StandardCharsets.US_ASCII));
    }
    if (security != Security.NONE) {
      request = request.addHeader(apiKeyHeader.orElseThrow());
    }
    return request;
  }

  /**
   * Sends a request once {@link #admission} lets it out: built, and signed, at that moment. The
   * request timeout runs from here; a request still waiting for a connection when it ends is
   * withdrawn and refused locally (never sent), a placement past its send deadline likewise.
   */
  private CompletionStage<JsonNode> dispatch(Call call) {
    String endpoint = call.endpoint();
    boolean newOrder = call.newOrder();
    long askedNanos = call.askedNanos();
    String late = tooLate(newOrder, askedNanos);
    if (late != null) {
      return refuse(endpoint, 408, 0, late);
    }
    EndpointStats stats = stats(endpoint);
    long timeoutMillis = settings.requestTimeout().toMillis();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    RequestAdmission.Lane lane =
        call.method() == HttpMethods.DELETE || call.security() == Security.NONE
            ? RequestAdmission.Lane.URGENT
            : RequestAdmission.Lane.NORMAL;
    RequestAdmission.Ticket ticket = admission.submit(lane, () -> sendAdmitted(call, answer));
    expire(ticket, answer, stats, newOrder, askedNanos, System.nanoTime());
    return answer.handle(
        (json, error) -> {
          if (error == null) {
            return json;
          }
          Throwable cause = error instanceof CompletionException ? error.getCause() : error;
          if (cause instanceof VenueException e) {
            throw e;
          }
          if (cause instanceof TimeoutException) {
            stats.error("timeout");
            throw new VenueException(
                0,
                0,
                "no answer from "
                    + settings.venue()
                    + " "
                    + endpoint
                    + " within "
                    + timeoutMillis
                    + " ms"
                    + (newOrder ? "; the order's state is unknown until reconciled" : ""));
          }
          if (cause instanceof IllegalArgumentException e) {
            throw e; // a parameter that cannot be sent as it is: refused before anything went out
          }
          stats.error("unreachable");
          throw new VenueException(
              0,
              0,
              "cannot reach "
                  + settings.venue()
                  + " "
                  + endpoint
                  + " at "
                  + settings.restUrl()
                  + ": "
                  + cause.getClass().getSimpleName()
                  + (cause.getMessage() == null ? "" : " " + cause.getMessage()));
        });
  }

  /**
   * Ends a request that outlives its time: one still waiting for a connection is withdrawn and
   * refused locally (a placement at its send deadline, anything else at the request timeout); one
   * sent fails as unanswered at the request timeout, counted from {@code sinceNanos}. The actor
   * system's scheduler holds the deadline: adding and cancelling one is lock-free, where {@link
   * CompletableFuture#orTimeout} takes the JDK's delay queue's lock and wakes its thread whenever
   * the new deadline is the earliest, a system call on the caller's thread for nearly every request
   * when few are out.
   */
  private void expire(
      RequestAdmission.Ticket ticket,
      CompletableFuture<JsonNode> answer,
      EndpointStats stats,
      boolean newOrder,
      long askedNanos,
      long sinceNanos) {
    long timeoutNanos = settings.requestTimeout().toNanos();
    long deadlineNanos = askedNanos + settings.orderSendDeadline().toNanos();
    long endNanos = sinceNanos + timeoutNanos;
    boolean atDeadline = newOrder && deadlineNanos < endNanos;
    long delayNanos = Math.max(0, (atDeadline ? deadlineNanos : endNanos) - System.nanoTime());
    Cancellable timer =
        scheduler.scheduleOnce(
            Duration.ofNanos(delayNanos),
            () -> {
              if (ticket.withdraw()) {
                localRefusals.incrementAndGet();
                stats.error("local");
                answer.completeExceptionally(
                    BinanceErrors.of(
                        408,
                        0,
                        atDeadline
                            ? late(System.nanoTime() - askedNanos)
                            : "refused locally: not sent within "
                                + settings.requestTimeout().toMillis()
                                + " ms (every connection to the venue stayed busy)"));
              } else if (atDeadline) {
                expire(ticket, answer, stats, false, askedNanos, sinceNanos);
              } else {
                answer.completeExceptionally(new TimeoutException());
              }
            },
            system.executionContext());
    answer.whenComplete((r, e) -> timer.cancel());
  }

  /**
   * An admitted request: refused if it is now too late, else built, signed and handed to the pool.
   * Returns whether it went out (and holds its admission slot until its exchange ends).
   */
  private boolean sendAdmitted(Call call, CompletableFuture<JsonNode> answer) {
    String endpoint = call.endpoint();
    boolean newOrder = call.newOrder();
    String late = tooLate(newOrder, call.askedNanos());
    // A Retry-After that arrived while the request waited holds it back too: sending through the
    // venue's ban would lengthen it (418).
    VenueException refusal =
        late != null ? BinanceErrors.of(408, 0, late) : backedOff(System.currentTimeMillis());
    if (refusal != null) {
      localRefusals.incrementAndGet();
      stats(endpoint).error("local");
      answer.completeExceptionally(refusal);
      return false;
    }
    HttpRequest request;
    try {
      request = request(call.method(), call.path(), call.security(), call.params());
    } catch (RuntimeException e) {
      answer.completeExceptionally(e);
      return false;
    }
    EndpointStats stats = stats(endpoint);
    stats.requests.incrementAndGet();
    long timeoutMillis = settings.requestTimeout().toMillis();
    long started = System.nanoTime();
    try {
      http.singleRequest(request, https, pool, system.classicSystem().log())
          .thenCompose(
              response ->
                  response
                      .entity()
                      .toStrict(timeoutMillis, materializer)
                      .thenApply(
                          entity -> {
                            stats.latency.recordValue(
                                Math.max(0, (System.nanoTime() - started) / 1000));
                            return answer(endpoint, response, entity.getData(), newOrder);
                          }))
          .whenComplete(
              (json, error) -> {
                admission.release();
                if (error == null) {
                  answer.complete(json);
                } else {
                  answer.completeExceptionally(error);
                }
              });
    } catch (RuntimeException e) {
      answer.completeExceptionally(e);
      return false;
    }
    return true;
  }

  private JsonNode answer(
      String endpoint, HttpResponse response, ByteString body, boolean newOrder) {
    long now = System.currentTimeMillis();
    observeOrderCounts(response, now + clockOffsetMillis);
    int status = response.status().intValue();
    byte[] bytes = body.toArray();
    if (status >= 200 && status < 300) {
      try {
        JsonNode json = JSON.readTree(bytes);
        if (json == null || json.isMissingNode()) {
          throw malformed(endpoint, status, "empty body");
        }
        return json;
      } catch (IOException e) {
        throw malformed(endpoint, status, "not JSON: " + body.utf8String());
      }
    }
    int code = 0;
    String msg = null;
    try {
      JsonNode json = JSON.readTree(bytes);
      if (json != null && json.isObject()) {
        JsonNode c = json.get("code");
        JsonNode m = json.get("msg");
        if (c != null && c.isIntegralNumber() && m != null && m.isTextual()) {
          code = c.intValue();
          msg = m.textValue();
        }
      }
    } catch (IOException e) {
      // Not the venue's error shape (a proxy or WAF page): report status and raw text below.
    }
    EndpointStats stats = stats(endpoint);
    stats.error(msg != null ? Integer.toString(code) : "http-" + status);
    String text =
        msg != null ? msg : "HTTP " + status + ": " + BinanceAnswers.abbreviate(body.utf8String());
    if (status == 429 || status == 418) {
      Optional<String> retryAfter = response.getHeader("Retry-After").map(HttpHeader::value);
      if (retryAfter.isPresent()) {
        long secs = parseSeconds(retryAfter.get());
        backOffStatus = status;
        backOffCode = code;
        backOffUntilMillis = Math.max(backOffUntilMillis, now + secs * 1000);
        text += " (Retry-After " + secs + " s: requests refused locally until then)";
      } else if (newOrder) {
        // Order rate limit: no Retry-After; hold new orders until the shortest window ends.
        long windowEnd = shortestWindowEnd(now + clockOffsetMillis) - clockOffsetMillis;
        orderBackOffUntilMillis = Math.max(orderBackOffUntilMillis, windowEnd);
        text += " (order rate limit: new orders refused locally for " + (windowEnd - now) + " ms)";
      }
    }
    if (code == BinanceErrors.TIMESTAMP_OUTSIDE_WINDOW) {
      // Timestamp outside recvWindow: measure the clock again before the next signed request.
      clockSynced = false;
    }
    if (status >= 500) {
      text += " (the request's outcome is unknown)";
    }
    log.debug("{} {} failed: HTTP {} code {} {}", settings.venue(), endpoint, status, code, text);
    throw BinanceErrors.of(status, code, text);
  }

  private static long parseSeconds(String v) {
    try {
      return Math.max(0, Long.parseLong(v.trim()));
    } catch (NumberFormatException e) {
      return 60; // an HTTP date or garbage: back off a full minute
    }
  }

  private void observeOrderCounts(HttpResponse response, long venueNow) {
    for (HttpHeader h : response.getHeaders()) {
      String name = h.lowercaseName();
      if (!name.startsWith("x-mbx-order-count-")) {
        continue;
      }
      Duration interval = BinanceAccountSettings.interval(name.substring(18));
      if (interval == null) {
        continue;
      }
      try {
        long count = Long.parseLong(h.value().trim());
        orderCounts.put(interval, new long[] {count, venueNow});
      } catch (NumberFormatException e) {
        // A garbled header does not invalidate the answer.
      }
    }
  }

  /** A description of the reached limit, or null when a new order may be sent. */
  private String orderLimitReached(long venueNow) {
    long localNow = venueNow - clockOffsetMillis;
    if (orderBackOffUntilMillis > localNow) {
      return "the venue refused new orders for its order rate limit; next window in "
          + (orderBackOffUntilMillis - localNow)
          + " ms";
    }
    for (Map.Entry<Duration, Integer> limit : settings.orderRateLimits().entrySet()) {
      long[] seen = orderCounts.get(limit.getKey());
      if (seen == null || seen[0] < limit.getValue()) {
        continue;
      }
      long window = limit.getKey().toMillis();
      if (Math.floorDiv(seen[1], window) == Math.floorDiv(venueNow, window)) {
        long next = (Math.floorDiv(venueNow, window) + 1) * window - venueNow;
        return "order count "
            + seen[0]
            + " of "
            + limit.getValue()
            + " per "
            + label(limit.getKey())
            + " reached (X-MBX-ORDER-COUNT-"
            + label(limit.getKey()).toUpperCase(java.util.Locale.ROOT)
            + "); next window in "
            + next
            + " ms";
      }
    }
    return null;
  }

  private long shortestWindowEnd(long venueNow) {
    long window =
        settings.orderRateLimits().keySet().stream()
            .mapToLong(Duration::toMillis)
            .min()
            .orElse(10_000);
    return (Math.floorDiv(venueNow, window) + 1) * window;
  }

  static String label(Duration d) {
    long s = d.toSeconds();
    if (s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }

  /** Measures the clock offset unless a recent measurement holds; one measurement at a time. */
  CompletionStage<Void> ensureClock() {
    long age = System.nanoTime() - clockSyncedAtNanos;
    if (clockSynced && age < settings.clockSyncInterval().toNanos()) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> mine = new CompletableFuture<>();
    CompletableFuture<Void> running = clockSync.compareAndExchange(null, mine);
    if (running != null) {
      return running;
    }
    send(HttpMethods.GET, settings.apiPrefix() + "/time", Security.NONE, Map.of(), false)
        .whenComplete(
            (json, error) -> {
              clockSync.set(null);
              if (error != null) {
                Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                mine.completeExceptionally(cause);
                return;
              }
              long received = System.currentTimeMillis();
              JsonNode t = json.get("serverTime");
              if (t == null || !t.isIntegralNumber()) {
                mine.completeExceptionally(
                    malformed(
                        "GET " + settings.apiPrefix() + "/time",
                        200,
                        "no integer serverTime: " + json));
                return;
              }
              // When the venue read its clock during the round trip is unknown: a request that
              // queued on our side before it went out makes the half-way guess run ahead by half
              // the wait, and Binance refuses timestamps more than 1 s ahead of its clock while it
              // accepts them up to recvWindow behind. The clock is taken as read when the answer
              // arrived, so our timestamps err behind, by the answer's transit at most.
              clockOffsetMillis = t.longValue() - received;
              clockSyncedAtNanos = System.nanoTime();
              clockSynced = true;
              log.debug("{} clock offset {} ms", settings.venue(), clockOffsetMillis);
              mine.complete(null);
            });
    return mine;
  }

  private EndpointStats stats(String endpoint) {
    return endpoints.computeIfAbsent(endpoint, e -> new EndpointStats());
  }

  AccountRestMetrics metrics() {
    Map<String, AccountRestMetrics.Endpoint> snapshot = new HashMap<>();
    endpoints.forEach((name, s) -> snapshot.put(name, s.snapshot()));
    Map<String, Integer> counts = new LinkedHashMap<>();
    orderCounts.forEach((interval, seen) -> counts.put(label(interval), (int) seen[0]));
    return new AccountRestMetrics(
        settings.venue(),
        snapshot,
        malformedAnswers.get(),
        localRefusals.get(),
        feesInOtherAssets.get(),
        clockOffsetMillis,
        counts);
  }

  /** Counters and latency of one endpoint. */
  private static final class EndpointStats {
    final AtomicLong requests = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final Map<String, AtomicLong> byCode = new ConcurrentHashMap<>();
    // Microseconds, up to ten minutes, three significant digits.
    final Histogram latency = new SynchronizedHistogram(600_000_000L, 3);

    void error(String code) {
      errors.incrementAndGet();
      byCode.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
    }

    AccountRestMetrics.Endpoint snapshot() {
      Map<String, Long> codes = new HashMap<>();
      byCode.forEach((c, n) -> codes.put(c, n.get()));
      Histogram h = latency.copy();
      return new AccountRestMetrics.Endpoint(
          requests.get(),
          errors.get(),
          codes,
          h.getTotalCount(),
          h.getValueAtPercentile(50),
          h.getValueAtPercentile(99),
          h.getMaxValue());
    }
  }
}
