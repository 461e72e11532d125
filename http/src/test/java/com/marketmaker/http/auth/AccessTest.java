package com.marketmaker.http.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.http.auth.TokenStore.TokenList;
import com.marketmaker.http.auth.TokenStore.TokenRecord;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Roles, the access table, token shapes, the node's token cache and the rate limiter. */
class AccessTest {

  @Test
  void rolesIncludeViewerAndAdminIncludesEveryRole() {
    for (Role r : Role.values()) {
      assertTrue(r.includes(Role.VIEWER), r + " includes viewer");
      assertTrue(Role.ADMIN.includes(r), "admin includes " + r);
      assertTrue(r.includes(r));
    }
    assertFalse(Role.TRADER.includes(Role.RISK));
    assertFalse(Role.RISK.includes(Role.TRADER));
    assertFalse(Role.VIEWER.includes(Role.TRADER));
    assertFalse(Role.RISK.includes(Role.ADMIN));
    assertEquals(Role.RISK, Role.parse("Risk"));
    assertThrows(IllegalArgumentException.class, () -> Role.parse("root"));

    Principal both = new Principal("t", "pat", Set.of(Role.TRADER, Role.RISK));
    assertTrue(both.has(Role.TRADER) && both.has(Role.RISK) && both.has(Role.VIEWER));
    assertFalse(both.has(Role.ADMIN));
    assertEquals(List.of("risk", "trader"), both.roleLabels());
  }

  @Test
  void everyEndpointNeedsTheRoleOfTheTable() {
    assertEquals(Role.VIEWER, AccessPolicy.required("GET", "/maker/status/BINANCE:BTCUSDT"));
    assertEquals(Role.VIEWER, AccessPolicy.required("GET", "/maker/active"));
    assertEquals(Role.VIEWER, AccessPolicy.required("GET", "/sweeps/sw-1"));
    assertEquals(Role.VIEWER, AccessPolicy.required("GET", "/auth/whoami"));
    assertEquals(Role.TRADER, AccessPolicy.required("POST", "/maker/start"));
    assertEquals(Role.TRADER, AccessPolicy.required("POST", "/maker/params"));
    assertEquals(Role.TRADER, AccessPolicy.required("POST", "/maker/stop"));
    assertEquals(Role.TRADER, AccessPolicy.required("POST", "/backtests"));
    assertEquals(Role.TRADER, AccessPolicy.required("POST", "/sweeps"));
    assertEquals(Role.RISK, AccessPolicy.required("POST", "/maker/kill"));
    assertEquals(Role.RISK, AccessPolicy.required("POST", "/maker/risk/clear"));
    assertEquals(Role.RISK, AccessPolicy.required("POST", "/maker/fills"));
    assertEquals(Role.RISK, AccessPolicy.required("POST", "/portfolio/limits"));
    assertEquals(Role.RISK, AccessPolicy.required("PUT", "/portfolio/limits/BTC"));
    assertEquals(Role.RISK, AccessPolicy.required("POST", "/portfolio/rebalance"));
    assertEquals(Role.RISK, AccessPolicy.required("POST", "/portfolio/risk/clear"));
    assertEquals(Role.RISK, AccessPolicy.required("POST", "/portfolio/plans/p-1/confirm"));
    assertEquals(Role.VIEWER, AccessPolicy.required("GET", "/portfolio/plans/p-1"));
    assertEquals(Role.VIEWER, AccessPolicy.required("GET", "/portfolio/risk"));
    assertEquals(Role.RISK, AccessPolicy.required("GET", "/audit"));
    assertEquals(Role.RISK, AccessPolicy.required("GET", "/audit/"));
    assertEquals(Role.ADMIN, AccessPolicy.required("GET", "/auth/tokens"));
    assertEquals(Role.ADMIN, AccessPolicy.required("POST", "/auth/tokens"));
    assertEquals(Role.ADMIN, AccessPolicy.required("DELETE", "/auth/tokens/tok-1"));
    // A change not in the table is closed to all but admin.
    assertEquals(Role.ADMIN, AccessPolicy.required("POST", "/maker/new-thing"));
    assertEquals(Role.ADMIN, AccessPolicy.required("PATCH", "/maker"));
    assertEquals(Role.ADMIN, AccessPolicy.required("POST", "/maker/startle"));
    assertEquals(Role.ADMIN, AccessPolicy.required("POST", "/backtests/x"));
  }

  @Test
  void tokensAreRandomPrefixedAndStoredAsTheirHash() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      String t = Tokens.generate();
      assertTrue(t.startsWith("mm_"), t);
      assertEquals(3 + 43, t.length(), t);
      assertTrue(Tokens.wellFormed(t), t);
      assertTrue(seen.add(t));
    }
    String t = Tokens.generate();
    assertEquals(64, Tokens.hash(t).length());
    assertEquals(Tokens.hash(t), Tokens.hash(t));
    assertNotEquals(Tokens.hash(t), Tokens.hash(Tokens.generate()));
    assertFalse(Tokens.wellFormed("mm_short"));
    assertFalse(Tokens.wellFormed("xx_" + "a".repeat(43)));
    assertFalse(Tokens.wellFormed("mm_" + "a".repeat(42) + "="));
    assertFalse(Tokens.wellFormed("mm_" + "a".repeat(42) + "\n"));
    assertNotEquals(null, AuthSettings.adminTokenHash("mm_" + "a".repeat(32)));
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> AuthSettings.adminTokenHash("secret-admin"));
    assertFalse(e.getMessage().contains("secret-admin"), "never shows the value");
  }

  private static TokenRecord record(String token, String name, Long expires, Long revoked) {
    return new TokenRecord(
        "tok-" + name,
        name,
        List.of(Role.TRADER),
        Tokens.hash(token),
        0,
        "test",
        expires,
        revoked,
        revoked == null ? null : "admin");
  }

  @Test
  void theCacheAcceptsOnlyActiveTokensAndRefusesWhenStale() {
    AtomicLong nanos = new AtomicLong(0);
    AtomicLong millis = new AtomicLong(1_000);
    TokenCache cache = new TokenCache(Duration.ofSeconds(10), nanos::get, millis::get);
    String good = Tokens.generate();
    String revoked = Tokens.generate();
    String expiring = Tokens.generate();
    assertInstanceOf(TokenCache.Unavailable.class, cache.check(good), "nothing loaded yet");

    cache.accept(
        new TokenList(
            3,
            List.of(
                record(good, "tom", null, null),
                record(revoked, "rex", null, 500L),
                record(expiring, "eve", 2_000L, null))));
    var valid = assertInstanceOf(TokenCache.Valid.class, cache.check(good));
    assertEquals("tom", valid.principal().name());
    assertEquals(Set.of(Role.TRADER), valid.principal().roles());
    assertEquals("revoked token", ((TokenCache.Invalid) cache.check(revoked)).reason());
    assertInstanceOf(TokenCache.Valid.class, cache.check(expiring));
    millis.set(2_000);
    assertEquals("expired token", ((TokenCache.Invalid) cache.check(expiring)).reason());
    assertInstanceOf(
        TokenCache.Unavailable.class,
        cache.check(Tokens.generate()),
        "an unknown token is 'not yet' while the first admin token is being settled");
    cache.settle(null);
    assertEquals("unknown token", ((TokenCache.Invalid) cache.check(Tokens.generate())).reason());
    assertInstanceOf(TokenCache.Invalid.class, cache.check("mm_" + "x".repeat(10)));
    assertEquals(3, cache.version());

    // A revocation through this node applies at once.
    cache.apply(record(good, "tom", null, 1_500L));
    assertEquals("revoked token", ((TokenCache.Invalid) cache.check(good)).reason());

    // Answers keep the copy fresh; without answers for max-staleness it refuses to decide.
    String fresh = Tokens.generate();
    nanos.set(Duration.ofSeconds(9).toNanos());
    cache.accept(new TokenList(4, List.of(record(fresh, "fay", null, null))));
    nanos.set(Duration.ofSeconds(19).toNanos());
    assertInstanceOf(TokenCache.Valid.class, cache.check(fresh));
    nanos.set(Duration.ofSeconds(19).toNanos() + 1);
    assertInstanceOf(TokenCache.Unavailable.class, cache.check(fresh));
    cache.accept(new TokenList(4, null)); // "unchanged" also counts as an answer
    assertInstanceOf(TokenCache.Valid.class, cache.check(fresh));
    assertEquals(4, cache.version());
  }

  @Test
  void anAnswerAskedForBeforeALocalChangeDoesNotDropIt() {
    AtomicLong nanos = new AtomicLong(0);
    TokenCache cache = new TokenCache(Duration.ofSeconds(10), nanos::get, () -> 1_000L);
    cache.settle(null);
    String old = Tokens.generate();
    String issued = Tokens.generate();
    cache.accept(new TokenList(1, List.of(record(old, "ola", null, null))));

    long askedAt = cache.localChanges();
    // Issued through this node while the question was out; the store's answer was made before.
    cache.apply(record(issued, "ivy", null, null));
    assertFalse(cache.accept(new TokenList(1, List.of(record(old, "ola", null, null))), askedAt));
    assertInstanceOf(TokenCache.Valid.class, cache.check(issued), "the stale answer is not taken");

    // Asked again after the change: taken.
    assertTrue(
        cache.accept(
            new TokenList(
                2, List.of(record(old, "ola", null, null), record(issued, "ivy", null, null))),
            cache.localChanges()));
    assertEquals(2, cache.version());
    assertInstanceOf(TokenCache.Valid.class, cache.check(issued));
  }

  @Test
  void theSettledAdminTokenWorksBeforeTheStoresAnswerHoldsIt() {
    TokenCache cache = new TokenCache(Duration.ofSeconds(10), () -> 0L, () -> 1_000L);
    String admin = Tokens.generate();
    cache.accept(new TokenList(0, List.of()));
    assertInstanceOf(
        TokenCache.Unavailable.class, cache.check(admin), "503 while the node is starting");
    TokenRecord stored = record(admin, "admin", null, null);
    cache.settle(stored);
    assertEquals(
        "admin", assertInstanceOf(TokenCache.Valid.class, cache.check(admin)).principal().name());
    assertEquals("unknown token", ((TokenCache.Invalid) cache.check(Tokens.generate())).reason());
    // Revoked later through any node: the store's list then holds it revoked, and that wins.
    cache.accept(new TokenList(1, List.of(record(admin, "admin", null, 900L))));
    assertEquals("revoked token", ((TokenCache.Invalid) cache.check(admin)).reason());
  }

  @Test
  void theRateLimiterIsATokenBucketPerKey() {
    AtomicLong nanos = new AtomicLong(0);
    RateLimiter limiter = new RateLimiter(2, 3, nanos::get);
    for (int i = 0; i < 3; i++) {
      assertEquals(0, limiter.acquire("a"), "burst of 3");
    }
    long wait = limiter.acquire("a");
    assertEquals(500_000_000L, wait, "one request every 0.5 s at 2/s");
    assertEquals(0, limiter.acquire("b"), "each key has its own bucket");
    nanos.addAndGet(wait);
    assertEquals(0, limiter.acquire("a"));
    assertTrue(limiter.acquire("a") > 0);
    nanos.addAndGet(Duration.ofSeconds(60).toNanos());
    for (int i = 0; i < 3; i++) {
      assertEquals(0, limiter.acquire("a"), "refilled to the burst, not beyond");
    }
    assertTrue(limiter.acquire("a") > 0);
    RateLimiter off = new RateLimiter(0, 1, nanos::get);
    for (int i = 0; i < 1000; i++) {
      assertEquals(0, off.acquire("a"));
    }
  }
}
