package com.marketmaker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.http.auth.AuthSettings;
import com.marketmaker.http.auth.Role;
import com.marketmaker.http.auth.TokenCache;
import com.marketmaker.http.auth.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without a configured admin token, the first start generates one, writes it mode 600, and it
 * works.
 */
class FirstAdminTokenTest {

  @TempDir Path dir;

  @Test
  void theFirstStartGeneratesAnAdminTokenReadableOnlyByItsOwner() throws Exception {
    ActorTestKit kit = ActorTestKit.create("first-admin", TestSecurity.config());
    try {
      AuthSettings configured = TestSecurity.settings(0, 1);
      Path file = dir.resolve("var").resolve("admin-token");
      AuthSettings settings =
          new AuthSettings(
              null,
              file,
              configured.refreshInterval(),
              configured.maxStaleness(),
              configured.askTimeout(),
              0,
              1,
              configured.audit(),
              configured.auditRetain(),
              configured.snapshotEvery(),
              configured.corsOrigins(),
              "first");
      ApiSecurity security = ApiSecurity.start(kit.system(), settings);
      security.bootstrapped().toCompletableFuture().get(20, TimeUnit.SECONDS);
      String token = Files.readString(file).trim();
      assertTrue(Tokens.wellFormed(token), "a token in the file");
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
      TokenCache.Check check = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (System.nanoTime() < deadline) {
        check = security.tokens().check(token);
        if (check instanceof TokenCache.Valid) {
          break;
        }
        Thread.sleep(20);
      }
      TokenCache.Valid valid = assertInstanceOf(TokenCache.Valid.class, check);
      assertEquals(ApiSecurity.ADMIN_NAME, valid.principal().name());
      assertEquals(Set.of(Role.ADMIN), valid.principal().roles());
    } finally {
      kit.shutdownTestKit();
    }
  }
}
