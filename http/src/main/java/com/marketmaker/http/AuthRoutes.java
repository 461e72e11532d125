package com.marketmaker.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.marketmaker.http.auth.AuditEntry;
import com.marketmaker.http.auth.Principal;
import com.marketmaker.http.auth.Role;
import com.marketmaker.http.auth.TokenStore.TokenRecord;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * Tokens and the audit log over HTTP (the roles each needs are in {@link
 * com.marketmaker.http.auth.AccessPolicy}):
 *
 * <pre>
 * POST   /auth/tokens        {name, roles[], expiresInSeconds?}  201: id and the token, shown once
 * GET    /auth/tokens        every token: id, name, roles, created, createdBy, expires, revoked
 * DELETE /auth/tokens/{id}   revokes it
 * GET    /auth/whoami        the caller's token: id, name, roles
 * GET    /audit?limit=N&amp;since=T  the audit log: the newest N (default 100, at most 1000), or
 *                            the first N at or after T (ISO-8601 or epoch ms), oldest first
 * </pre>
 *
 * Neither a token nor its hash is ever answered except the new token in the answer that issues it.
 */
final class AuthRoutes extends AllDirectives {

  private static final ObjectMapper JSON =
      JsonMapper.builder().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS).build();

  /** Ten years: the longest expiry a token can be given. */
  static final long MAX_EXPIRES_IN_SECONDS = 10L * 366 * 24 * 3600;

  private final ApiSecurity security;

  AuthRoutes(ApiSecurity security) {
    this.security = security;
  }

  /** A token as listed: never the token or its hash. */
  record TokenView(
      String id,
      String name,
      List<String> roles,
      String created,
      long createdMillis,
      String createdBy,
      String expires,
      Long expiresMillis,
      boolean revoked,
      String revokedAt,
      String revokedBy,
      String state) {

    static TokenView of(TokenRecord t, long now) {
      List<String> roles = new ArrayList<>();
      t.roles().forEach(r -> roles.add(r.label()));
      return new TokenView(
          t.id(),
          t.name(),
          roles,
          Instant.ofEpochMilli(t.createdMillis()).toString(),
          t.createdMillis(),
          t.createdBy(),
          t.expiresMillis() == null ? null : Instant.ofEpochMilli(t.expiresMillis()).toString(),
          t.expiresMillis(),
          t.revokedMillis() != null,
          t.revokedMillis() == null ? null : Instant.ofEpochMilli(t.revokedMillis()).toString(),
          t.revokedBy(),
          t.stateAt(now));
    }
  }

  /** An audit entry as listed. */
  record AuditView(
      long seq,
      String time,
      long timeMillis,
      String node,
      String method,
      String path,
      String principal,
      String tokenId,
      int status,
      String detail,
      String remote) {

    static AuditView of(AuditEntry e) {
      return new AuditView(
          e.seq(),
          Instant.ofEpochMilli(e.timeMillis()).toString(),
          e.timeMillis(),
          e.node(),
          e.method(),
          e.path(),
          e.principal(),
          e.tokenId(),
          e.status(),
          e.detail(),
          e.remote());
    }
  }

  Route routes() {
    return concat(
        pathPrefix(
            "auth",
            () ->
                concat(
                    path("whoami", () -> get(() -> caller(this::whoami))),
                    pathPrefix(
                        "tokens",
                        () ->
                            concat(
                                pathEnd(
                                    () -> concat(get(this::list), post(() -> caller(this::issue)))),
                                path(
                                    PathMatchers.segment(),
                                    id -> delete(() -> caller(p -> revoke(id, p)))))))),
        path("audit", () -> get(this::audit)));
  }

  /** The authenticated caller; 401 when the route is reached without the guard. */
  private Route caller(Function<Principal, Route> inner) {
    return optionalAttribute(
        Principal.KEY,
        p ->
            p.isPresent()
                ? inner.apply(p.get())
                : complete(ApiErrors.response(StatusCodes.UNAUTHORIZED, "not authenticated")));
  }

  private Route whoami(Principal p) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("tokenId", p.tokenId());
    out.put("name", p.name());
    out.put("roles", p.roleLabels());
    return complete(StatusCodes.OK, out, Jackson.marshaller(JSON));
  }

  private Route issue(Principal caller) {
    return entity(
        Unmarshaller.entityToString(),
        text -> {
          JsonBody body = JsonBody.parse(text);
          body.onlyFields(Set.of("name", "roles", "expiresInSeconds"));
          String name = Texts.name("name", body.has("name") ? body.text("name") : null);
          Set<Role> roles = EnumSet.noneOf(Role.class);
          for (String r : body.texts("roles")) {
            try {
              roles.add(Role.parse(r));
            } catch (IllegalArgumentException e) {
              throw new BadRequest("field 'roles': " + e.getMessage());
            }
          }
          if (roles.isEmpty()) {
            throw new BadRequest("field 'roles' must name at least one role");
          }
          Long expires = null;
          if (body.has("expiresInSeconds")) {
            long seconds = body.integer("expiresInSeconds");
            if (seconds < 1 || seconds > MAX_EXPIRES_IN_SECONDS) {
              throw new BadRequest(
                  "field 'expiresInSeconds' must be between 1 and " + MAX_EXPIRES_IN_SECONDS);
            }
            expires = System.currentTimeMillis() + seconds * 1000;
          }
          return answer(
              security.issue(name, roles, expires, caller.name()),
              issued -> {
                TokenRecord t = issued.record();
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("id", t.id());
                out.put("name", t.name());
                out.put("roles", labels(t.roles()));
                out.put("token", issued.token());
                out.put("expires", TokenView.of(t, 0).expires());
                out.put("note", "the token is shown this once; only its hash is kept");
                return noted(
                    StatusCodes.CREATED,
                    out,
                    "issued " + t.id() + " '" + t.name() + "' " + labels(t.roles()));
              });
        });
  }

  private Route list() {
    return answer(
        security.list(),
        list -> {
          long now = System.currentTimeMillis();
          List<TokenView> out = new ArrayList<>();
          list.tokens().forEach(t -> out.add(TokenView.of(t, now)));
          return complete(StatusCodes.OK, out, Jackson.marshaller(JSON));
        });
  }

  private Route revoke(String id, Principal caller) {
    return answer(
        security.revoke(id, caller.name()),
        revoked -> {
          if (revoked.token() == null) {
            return complete(ApiErrors.response(StatusCodes.NOT_FOUND, "no token " + id));
          }
          return noted(
              StatusCodes.OK,
              Map.of(
                  "changed",
                  revoked.changed(),
                  "token",
                  TokenView.of(revoked.token(), System.currentTimeMillis())),
              (revoked.changed() ? "revoked " : "already revoked ") + id);
        });
  }

  private Route audit() {
    return parameterOptional(
        "limit",
        limitText ->
            parameterOptional(
                "since",
                sinceText -> {
                  int limit = limit(limitText);
                  Long since = sinceText.map(AuthRoutes::since).orElse(null);
                  return answer(
                      security.audit(since, limit),
                      page -> {
                        List<AuditView> entries = new ArrayList<>();
                        page.entries().forEach(e -> entries.add(AuditView.of(e)));
                        Map<String, Object> out = new LinkedHashMap<>();
                        out.put("entries", entries);
                        out.put("more", page.more());
                        out.put("total", page.total());
                        out.put("retained", page.retained());
                        out.put(
                            "oldestRetained",
                            page.oldestRetainedMillis() == null
                                ? null
                                : Instant.ofEpochMilli(page.oldestRetainedMillis()).toString());
                        return complete(StatusCodes.OK, out, Jackson.marshaller(JSON));
                      });
                }));
  }

  private static int limit(Optional<String> text) {
    if (text.isEmpty()) {
      return 100;
    }
    try {
      int n = Integer.parseInt(text.get());
      if (n >= 1 && n <= 1000) {
        return n;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new BadRequest("query parameter 'limit' must be an integer between 1 and 1000");
  }

  private static long since(String text) {
    try {
      return text.chars().allMatch(Character::isDigit)
          ? Long.parseLong(text)
          : Instant.parse(text).toEpochMilli();
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new BadRequest(
          "query parameter 'since' must be an ISO-8601 instant or epoch milliseconds");
    }
  }

  private static List<String> labels(List<Role> roles) {
    List<String> out = new ArrayList<>();
    roles.forEach(r -> out.add(r.label()));
    return out;
  }

  // ---------------------------------------------------------------- helpers

  /** Answers {@code body}, with {@code detail} for the audit entry ({@link ApiGuard.AuditNote}). */
  private Route noted(StatusCode status, Object body, String detail) {
    return optionalAttribute(
        ApiGuard.NOTE,
        note -> {
          note.ifPresent(n -> n.detail(detail));
          return complete(status, body, Jackson.marshaller(JSON));
        });
  }

  private record Outcome<T>(T value, Throwable failure) {}

  /** The store's answer to {@code ok}; a refusal as 400, no answer as 503. */
  private <T> Route answer(CompletionStage<T> stage, Function<T, Route> ok) {
    return onSuccess(
        stage.handle(Outcome::new),
        outcome -> {
          Throwable f = outcome.failure();
          if (f instanceof CompletionException && f.getCause() != null) {
            f = f.getCause();
          }
          if (f instanceof BadRequest bad) {
            return complete(ApiErrors.response(StatusCodes.BAD_REQUEST, bad.getMessage()));
          }
          if (f != null) {
            return complete(
                ApiErrors.response(
                    StatusCodes.SERVICE_UNAVAILABLE,
                    "the token store or audit log did not answer in time (it may be moving to"
                        + " another node); retry"));
          }
          return ok.apply(outcome.value());
        });
  }
}
