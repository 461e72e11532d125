package com.marketmaker.http;

import com.marketmaker.http.auth.AuditShipper;
import com.marketmaker.http.auth.AuthSettings;
import com.marketmaker.http.auth.Role;
import com.marketmaker.http.auth.TokenCache;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;

/** Access control for the API tests: in-memory journal, a known admin token, quick refreshes. */
final class TestSecurity {

  /** The configured admin token of the tests. */
  static final String ADMIN_TOKEN = "mm_httpTestAdminToken0000000000000000000000000";

  private TestSecurity() {}

  /** An actor system config with the in-memory journal and the node's HTTP server limits. */
  static Config config() {
    return PersistenceTestKitPlugin.getInstance()
        .config()
        .withFallback(PersistenceTestKitSnapshotPlugin.config())
        .withFallback(
            ConfigFactory.parseString(
                String.join(
                    "\n",
                    "pekko.actor.serialize-messages = on",
                    "pekko.http.server.parsing.max-uri-length = 2k",
                    "pekko.http.server.parsing.max-header-value-length = 8k",
                    "pekko.http.server.parsing.max-header-count = 64",
                    "pekko.http.server.parsing.max-content-length = 64k")))
        .withFallback(ConfigFactory.load());
  }

  /** Settings with {@code perSecond} and {@code burst} requests per token. */
  static AuthSettings settings(double perSecond, int burst) {
    return settings(
        perSecond,
        burst,
        new AuditShipper.Settings(50, Duration.ofMillis(50), 10_000, Duration.ofSeconds(5)),
        1000,
        20);
  }

  /**
   * As {@link #settings(double, int)}, with the audit log shipped as {@code audit} says, keeping
   * {@code auditRetain} entries, and the token store snapshotted every {@code snapshotEvery}
   * events.
   */
  static AuthSettings settings(
      double perSecond,
      int burst,
      AuditShipper.Settings audit,
      int auditRetain,
      int snapshotEvery) {
    return new AuthSettings(
        AuthSettings.adminTokenHash(ADMIN_TOKEN),
        Path.of("target", "admin-token"),
        Duration.ofMillis(200),
        Duration.ofSeconds(30),
        Duration.ofSeconds(5),
        perSecond,
        burst,
        audit,
        auditRetain,
        snapshotEvery,
        List.of(),
        "test-node");
  }

  /** Starts access control and waits until the admin token is accepted. */
  static ApiSecurity start(ActorTestKit kit, AuthSettings settings) throws Exception {
    ApiSecurity security = ApiSecurity.start(kit.system(), settings);
    security.bootstrapped().toCompletableFuture().get(20, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!(security.tokens().check(ADMIN_TOKEN) instanceof TokenCache.Valid)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "admin token not accepted: " + security.tokens().check(ADMIN_TOKEN));
      }
      Thread.sleep(20);
    }
    return security;
  }

  /** Issues a token named {@code name} with {@code roles}; it works at once on this node. */
  static String issue(ApiSecurity security, String name, Role first, Role... more)
      throws Exception {
    return security
        .issue(name, EnumSet.of(first, more), null, "test")
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS)
        .token();
  }
}
