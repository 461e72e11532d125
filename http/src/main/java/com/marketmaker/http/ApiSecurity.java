package com.marketmaker.http;

import com.marketmaker.http.auth.AuditEntry;
import com.marketmaker.http.auth.AuditLog;
import com.marketmaker.http.auth.AuditShipper;
import com.marketmaker.http.auth.AuthSettings;
import com.marketmaker.http.auth.RateLimiter;
import com.marketmaker.http.auth.Role;
import com.marketmaker.http.auth.TokenCache;
import com.marketmaker.http.auth.TokenStore;
import com.marketmaker.http.auth.TokenStore.TokenRecord;
import com.marketmaker.http.auth.Tokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's access control on one node: the cluster's {@link TokenStore} and {@link AuditLog}
 * (cluster singletons; plain actors in a system without a cluster), this node's {@link TokenCache}
 * and {@link AuditShipper}, the {@link ApiGuard} and the {@code /auth} and {@code /audit} routes.
 *
 * <p>The first admin token: when {@code market-maker.auth.admin-token} is set, its hash is
 * registered as the token {@code admin} (unless that hash is known already: a revoked configured
 * token stays revoked). Otherwise, when no active admin token exists, a node generates one, has the
 * store keep its hash, logs it once and writes it to {@code admin-token-file} with mode 600; the
 * other nodes find an admin and generate nothing.
 */
public final class ApiSecurity {

  private static final Logger log = LoggerFactory.getLogger(ApiSecurity.class);

  /** The name of the first admin token. */
  public static final String ADMIN_NAME = "admin";

  private final ActorSystem<?> system;
  private final AuthSettings settings;
  private final ActorRef<TokenStore.Command> store;
  private final ActorRef<AuditLog.Command> auditLog;
  private final ActorRef<TokenCache.Refresh> refresher;
  private final ActorRef<AuditShipper.Message> shipper;
  private final TokenCache tokens;
  private final ApiGuard guard;
  private final CompletableFuture<Void> bootstrapped = new CompletableFuture<>();

  private ApiSecurity(ActorSystem<?> system, AuthSettings settings) {
    this.system = system;
    this.settings = settings;
    String provider = system.settings().config().getString("pekko.actor.provider");
    boolean cluster = provider.equals("cluster") || provider.endsWith("ClusterActorRefProvider");
    if (cluster) {
      ClusterSingleton singletons = ClusterSingleton.get(system);
      store =
          singletons.init(
              SingletonActor.of(TokenStore.create(settings.snapshotEvery()), "auth-tokens"));
      auditLog =
          singletons.init(
              SingletonActor.of(
                  AuditLog.create(settings.auditRetain(), settings.snapshotEvery()), "audit-log"));
    } else {
      store =
          system.systemActorOf(
              TokenStore.create(settings.snapshotEvery()), "auth-tokens", Props.empty());
      auditLog =
          system.systemActorOf(
              AuditLog.create(settings.auditRetain(), settings.snapshotEvery()),
              "audit-log",
              Props.empty());
    }
    tokens = new TokenCache(settings.maxStaleness(), System::nanoTime, System::currentTimeMillis);
    refresher =
        system.systemActorOf(
            TokenCache.refresher(tokens, store, settings.refreshInterval(), settings.askTimeout()),
            "auth-token-cache",
            Props.empty());
    shipper =
        system.systemActorOf(
            AuditShipper.create(
                auditLog, settings.audit(), settings.node(), System::currentTimeMillis),
            "audit-shipper",
            Props.empty());
    guard =
        new ApiGuard(
            tokens,
            new RateLimiter(settings.ratePerSecond(), settings.rateBurst(), System::nanoTime),
            entry -> shipper.tell(new AuditShipper.Log(entry)),
            settings.node(),
            settings.corsOrigins(),
            System::currentTimeMillis);
  }

  /** Starts access control on this node and registers the first admin token. */
  public static ApiSecurity start(ActorSystem<?> system, AuthSettings settings) {
    ApiSecurity security = new ApiSecurity(system, settings);
    security.bootstrap();
    return security;
  }

  /** {@code api} and the {@code /auth} and {@code /audit} routes, behind the guard. */
  public Route wrap(Route api) {
    return guard.wrap(Directives.concat(new AuthRoutes(this).routes(), api));
  }

  /** As {@link #wrap(Route)}, with {@code publicFiles} served without a token. */
  public Route wrap(Route publicFiles, Route api) {
    return guard.wrap(publicFiles, Directives.concat(new AuthRoutes(this).routes(), api));
  }

  /** This node's copy of the tokens. */
  public TokenCache tokens() {
    return tokens;
  }

  /** Completes once the first admin token is settled (registered, found or generated). */
  public CompletionStage<Void> bootstrapped() {
    return bootstrapped;
  }

  // ---------------------------------------------------------------- store operations

  /** A token just issued: its record and the token itself, shown once. */
  record NewToken(TokenRecord record, String token) {}

  /** Issues a token; it works on this node at once and on the others within a refresh. */
  CompletionStage<NewToken> issue(
      String name, Set<Role> roles, Long expiresMillis, String createdBy) {
    String token = Tokens.generate();
    TokenRecord record =
        new TokenRecord(
            Tokens.newId(),
            name,
            sorted(roles),
            Tokens.hash(token),
            System.currentTimeMillis(),
            createdBy,
            expiresMillis,
            null,
            null);
    return AskPattern.<TokenStore.Command, TokenStore.Issued>ask(
            store, r -> new TokenStore.Issue(record, r), settings.askTimeout(), system.scheduler())
        .thenApply(
            issued -> {
              if (issued.token() == null) {
                throw new BadRequest("token not issued: " + issued.refusal());
              }
              tokens.apply(issued.token());
              refresher.tell(TokenCache.RefreshNow.INSTANCE);
              return new NewToken(issued.token(), token);
            });
  }

  /** Revokes token {@code id}. */
  CompletionStage<TokenStore.Revoked> revoke(String id, String by) {
    return AskPattern.<TokenStore.Command, TokenStore.Revoked>ask(
            store,
            r -> new TokenStore.Revoke(id, by, System.currentTimeMillis(), r),
            settings.askTimeout(),
            system.scheduler())
        .thenApply(
            revoked -> {
              if (revoked.token() != null) {
                tokens.apply(revoked.token());
                refresher.tell(TokenCache.RefreshNow.INSTANCE);
              }
              return revoked;
            });
  }

  /** Every token, from the store itself. */
  CompletionStage<TokenStore.TokenList> list() {
    return AskPattern.ask(
        store, r -> new TokenStore.GetTokens(-1, r), settings.askTimeout(), system.scheduler());
  }

  /** A page of the audit log. */
  CompletionStage<AuditLog.Page> audit(Long sinceMillis, int limit) {
    return AskPattern.ask(
        auditLog,
        r -> new AuditLog.Query(sinceMillis, limit, r),
        settings.askTimeout(),
        system.scheduler());
  }

  private static List<Role> sorted(Set<Role> roles) {
    List<Role> out = new ArrayList<>(roles);
    out.sort(null);
    return out;
  }

  // ---------------------------------------------------------------- first admin token

  private void bootstrap() {
    String configured = settings.adminTokenHash();
    String generated = configured == null ? Tokens.generate() : null;
    TokenRecord candidate =
        new TokenRecord(
            Tokens.newId(),
            ADMIN_NAME,
            List.of(Role.ADMIN),
            configured != null ? configured : Tokens.hash(generated),
            System.currentTimeMillis(),
            configured != null ? "config" : "first-start",
            null,
            null,
            null);
    ensureAdmin(candidate, generated, 0);
  }

  /** Asks until the store answers; a retry sends the same candidate, so it is stored once. */
  private void ensureAdmin(TokenRecord candidate, String generated, int attempt) {
    AskPattern.<TokenStore.Command, TokenStore.AdminEnsured>ask(
            store,
            r ->
                new TokenStore.EnsureAdmin(
                    candidate, generated != null, System.currentTimeMillis(), r),
            settings.askTimeout(),
            system.scheduler())
        .whenComplete(
            (reply, failure) -> {
              if (failure != null) {
                if (attempt % 6 == 5) {
                  log.warn(
                      "the token store has not answered yet ({}); still trying",
                      failure.toString());
                }
                system
                    .scheduler()
                    .scheduleOnce(
                        Duration.ofSeconds(2),
                        () -> ensureAdmin(candidate, generated, attempt + 1),
                        system.executionContext());
                return;
              }
              settled(candidate, generated, reply);
              tokens.settle(
                  reply.created() || "active".equals(reply.candidateState()) ? candidate : null);
              refresher.tell(TokenCache.RefreshNow.INSTANCE);
              bootstrapped.complete(null);
            });
  }

  private void settled(TokenRecord candidate, String generated, TokenStore.AdminEnsured reply) {
    if (generated == null) {
      if (reply.created() || "active".equals(reply.candidateState())) {
        log.info(
            "The configured admin token (market-maker.auth.admin-token) is registered as '{}'",
            ADMIN_NAME);
      } else {
        log.warn(
            "The configured admin token (market-maker.auth.admin-token) is {}; it stays so",
            reply.candidateState());
      }
      return;
    }
    if (!reply.created() && !"active".equals(reply.candidateState())) {
      log.info("An admin token exists; none generated");
      return;
    }
    String where = write(settings.adminTokenFile(), generated);
    log.warn(
        "No admin token existed, so one was generated. It is shown this once: {} ({}). Issue"
            + " named tokens with it (POST /auth/tokens) and keep it safe.",
        generated,
        where);
    shipper.tell(
        new AuditShipper.Log(
            new AuditEntry(
                0,
                System.currentTimeMillis(),
                settings.node(),
                "-",
                "first start",
                "system",
                candidate.id(),
                0,
                "generated the first admin token " + candidate.id(),
                null)));
  }

  /** Writes the token to {@code file}, readable and writable by its owner only. */
  static String write(Path file, String token) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rw-------");
      boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
      if (posix) {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(owner));
      }
      Files.writeString(
          file,
          token + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE);
      return "also written to " + file.toAbsolutePath() + (posix ? ", mode 600" : "");
    } catch (IOException | UnsupportedOperationException e) {
      return "could not be written to " + file + ": " + e.getMessage();
    }
  }
}
