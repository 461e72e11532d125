package com.marketmaker.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketmaker.http.auth.AccessPolicy;
import com.marketmaker.http.auth.AuditEntry;
import com.marketmaker.http.auth.Principal;
import com.marketmaker.http.auth.RateLimiter;
import com.marketmaker.http.auth.Role;
import com.marketmaker.http.auth.TokenCache;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.pekko.http.javadsl.model.AttributeKey;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Stands in front of every route of the API:
 *
 * <ol>
 *   <li>{@code GET /health} answers without a token (for probes), and so do the dashboard's static
 *       files, which hold no data (its read-outs are behind the token like the rest);
 *   <li>{@code Authorization: Bearer <token>} is checked against this node's {@link TokenCache}:
 *       401 when missing, malformed, unknown, revoked or expired, 503 when the copy of the tokens
 *       is too old to decide;
 *   <li>each token's requests are rate limited (429 with {@code Retry-After});
 *   <li>the role the request needs ({@link AccessPolicy}) is checked: 403 naming it;
 *   <li>a request body must be JSON (415 otherwise);
 *   <li>the request goes on with its {@link Principal} as a request attribute, the operator of
 *       whatever it changes.
 * </ol>
 *
 * Every answer, refusals by the routing layer and exceptions included, is JSON ({@link ApiErrors})
 * and carries {@code Cache-Control: no-store} and {@code X-Content-Type-Options: nosniff}. Every
 * request that is not a read, and every 401 and 403, is written to the audit log with its principal
 * (or {@code anonymous}), status and a short detail. Cross-origin requests get {@code
 * Access-Control-Allow-Origin} only from the configured origins (none by default).
 */
public final class ApiGuard extends AllDirectives {

  /** Lets a route add to the audit entry of its request (what it did). */
  public static final class AuditNote {
    private volatile Principal principal;
    private volatile String detail;

    /** Sets the detail the audit entry shows (shortened and cleaned). */
    public void detail(String text) {
      this.detail = text;
    }
  }

  /** The request attribute holding the request's {@link AuditNote}. */
  public static final AttributeKey<AuditNote> NOTE =
      AttributeKey.create("audit-note", AuditNote.class);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_PATH = 200;
  private static final int MAX_DETAIL = 200;

  private final TokenCache tokens;
  private final RateLimiter limiter;
  private final Consumer<AuditEntry> audit;
  private final String node;
  private final Set<String> origins;
  private final LongSupplier millisClock;

  public ApiGuard(
      TokenCache tokens,
      RateLimiter limiter,
      Consumer<AuditEntry> audit,
      String node,
      List<String> corsOrigins,
      LongSupplier millisClock) {
    this.tokens = tokens;
    this.limiter = limiter;
    this.audit = audit;
    this.node = node;
    this.origins = Set.copyOf(corsOrigins);
    this.millisClock = millisClock;
  }

  /** {@code api} behind authentication, authorization, rate limiting, JSON errors and audit. */
  public Route wrap(Route api) {
    return wrap(reject(), api);
  }

  /**
   * {@code api} behind the guard, and {@code publicFiles} (static files holding no data, such as
   * the dashboard's page) served without a token but with the same headers and error handling.
   */
  public Route wrap(Route publicFiles, Route api) {
    return withRequestTimeoutResponse(
        request ->
            ApiErrors.response(
                StatusCodes.SERVICE_UNAVAILABLE,
                "the request took longer than the server's request timeout; it may still complete"),
        () ->
            extractRequest(
                request -> {
                  AuditNote note = new AuditNote();
                  return mapResponse(
                      response -> finish(request, note, response),
                      () ->
                          handleExceptions(
                              ApiErrors.exceptions(),
                              () ->
                                  handleRejections(
                                      ApiErrors.rejections(),
                                      () ->
                                          concat(
                                              path("health", () -> get(this::health)),
                                              publicFiles,
                                              preflight(request),
                                              authenticated(request, note, api)))));
                }));
  }

  private Route health() {
    return complete(
        HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, "{\"status\":\"up\"}"));
  }

  // ---------------------------------------------------------------- checks

  private Route authenticated(HttpRequest request, AuditNote note, Route api) {
    String token = bearer(request.getHeader("Authorization"));
    if (token == null) {
      return unauthenticated("missing bearer token: send the header Authorization: Bearer <token>");
    }
    TokenCache.Check check = tokens.check(token);
    if (check instanceof TokenCache.Valid valid) {
      note.principal = valid.principal();
      return authorised(request, note, valid.principal(), api);
    }
    if (check instanceof TokenCache.Unavailable unavailable) {
      return complete(ApiErrors.response(StatusCodes.SERVICE_UNAVAILABLE, unavailable.reason()));
    }
    return unauthenticated(((TokenCache.Invalid) check).reason());
  }

  private Route authorised(HttpRequest request, AuditNote note, Principal p, Route api) {
    long waitNanos = limiter.acquire(p.tokenId());
    if (waitNanos > 0) {
      long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
      return complete(
          ApiErrors.response(
                  StatusCodes.TOO_MANY_REQUESTS,
                  "too many requests for token '" + p.name() + "'; retry after " + seconds + " s")
              .addHeader(RawHeader.create("Retry-After", Long.toString(seconds))));
    }
    String method = request.method().value();
    String path = request.getUri().path();
    Role needed = AccessPolicy.required(method, path);
    if (!p.has(needed)) {
      return complete(
          ApiErrors.response(
              StatusCodes.FORBIDDEN,
              method
                  + " "
                  + Texts.clean(path, MAX_PATH)
                  + " needs the '"
                  + needed.label()
                  + "' role; token '"
                  + p.name()
                  + "' has "
                  + String.join(", ", p.roleLabels())));
    }
    HttpEntity entity = request.entity();
    if (!entity.isKnownEmpty()
        && !entity.getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON)) {
      return complete(
          ApiErrors.response(
              StatusCodes.UNSUPPORTED_MEDIA_TYPE,
              "request body must be JSON: send Content-Type: application/json, not "
                  + entity.getContentType().mediaType()));
    }
    return mapRequest(r -> r.addAttribute(Principal.KEY, p).addAttribute(NOTE, note), () -> api);
  }

  private Route unauthenticated(String why) {
    return complete(
        ApiErrors.response(StatusCodes.UNAUTHORIZED, why)
            .addHeader(RawHeader.create("WWW-Authenticate", "Bearer realm=\"market-maker\"")));
  }

  /** The token of an {@code Authorization: Bearer} header, or null. */
  static String bearer(Optional<HttpHeader> header) {
    if (header.isEmpty()) {
      return null;
    }
    String value = header.get().value().trim();
    if (value.length() < 7 || !value.substring(0, 7).equalsIgnoreCase("Bearer ")) {
      return null;
    }
    String token = value.substring(7).trim();
    return token.isEmpty() ? null : token;
  }

  // ---------------------------------------------------------------- CORS

  /** A CORS preflight from a configured origin: answered without a token (browsers send none). */
  private Route preflight(HttpRequest request) {
    if (origins.isEmpty()
        || !request.method().value().equals("OPTIONS")
        || request.getHeader("Access-Control-Request-Method").isEmpty()
        || allowedOrigin(request) == null) {
      return reject();
    }
    return complete(
        HttpResponse.create()
            .withStatus(StatusCodes.NO_CONTENT)
            .addHeader(RawHeader.create("Access-Control-Allow-Methods", "GET, POST, DELETE"))
            .addHeader(
                RawHeader.create("Access-Control-Allow-Headers", "Authorization, Content-Type"))
            .addHeader(RawHeader.create("Access-Control-Max-Age", "600")));
  }

  private String allowedOrigin(HttpRequest request) {
    return request
        .getHeader("Origin")
        .map(HttpHeader::value)
        .filter(origins::contains)
        .orElse(null);
  }

  // ---------------------------------------------------------------- every answer

  private HttpResponse finish(HttpRequest request, AuditNote note, HttpResponse response) {
    List<HttpHeader> headers = new ArrayList<>();
    headers.add(RawHeader.create("Cache-Control", "no-store"));
    headers.add(RawHeader.create("X-Content-Type-Options", "nosniff"));
    String origin = origins.isEmpty() ? null : allowedOrigin(request);
    if (origin != null) {
      headers.add(RawHeader.create("Access-Control-Allow-Origin", origin));
      headers.add(RawHeader.create("Vary", "Origin"));
    }
    HttpResponse out = response.addHeaders(headers);
    String method = request.method().value();
    int status = response.status().intValue();
    if (!AccessPolicy.isRead(method) || status == 401 || status == 403) {
      Principal p = note.principal;
      audit.accept(
          new AuditEntry(
              0,
              millisClock.getAsLong(),
              node,
              Texts.clean(method, 16),
              Texts.clean(pathAndQuery(request), MAX_PATH),
              p == null ? AuditEntry.ANONYMOUS : p.name(),
              p == null ? null : p.tokenId(),
              status,
              Texts.clean(detail(note, response), MAX_DETAIL),
              remote(request)));
    }
    return out;
  }

  /** The route's note, else the error of a refusal, else what changed. */
  private static String detail(AuditNote note, HttpResponse response) {
    if (note.detail != null) {
      return note.detail;
    }
    JsonNode body = null;
    if (response.entity() instanceof HttpEntity.Strict strict
        && strict.getData().size() <= 64 * 1024) {
      try {
        body = JSON.readTree(strict.getData().utf8String());
      } catch (Exception notJson) {
        body = null;
      }
    }
    if (body != null && body.hasNonNull("error")) {
      return body.get("error").asText();
    }
    if (body != null && body.hasNonNull("change")) {
      String instrument = body.path("status").path("instrument").asText("");
      return (body.get("change").asText() + " " + instrument).trim();
    }
    return response.status().intValue() < 400
        ? "ok"
        : response.status().reason().toLowerCase(Locale.ROOT);
  }

  /**
   * The path and query as requested; not {@code Uri.toRelative()}, which throws for a path starting
   * with "//" (the answer would become a 500 and the request would be missing from the audit log).
   */
  private static String pathAndQuery(HttpRequest request) {
    Uri uri = request.getUri();
    return uri.path() + uri.rawQueryString().map(q -> "?" + q).orElse("");
  }

  private static String remote(HttpRequest request) {
    Optional<RemoteAddress> address = request.getAttribute(AttributeKeys.remoteAddress);
    if (address.isEmpty() || address.get().getAddress().isEmpty()) {
      return null;
    }
    return address.get().getAddress().get().getHostAddress() + ":" + address.get().getPort();
  }
}
