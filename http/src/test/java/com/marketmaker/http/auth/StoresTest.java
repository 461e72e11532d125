package com.marketmaker.http.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.http.auth.TokenStore.TokenRecord;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The token store and the audit log journal what they are told, survive a restart with it, and
 * refuse what they must; every message and event crosses the CBOR serializer.
 */
class StoresTest {

  private ActorTestKit kit;

  @BeforeEach
  void start() {
    kit =
        ActorTestKit.create(
            PersistenceTestKitPlugin.getInstance()
                .config()
                .withFallback(PersistenceTestKitSnapshotPlugin.config())
                .withFallback(
                    ConfigFactory.parseString(
                        "pekko.actor.serialize-messages = on\n"
                            + "pekko.persistence.testkit.events.serialize = on\n"
                            + "pekko.persistence.testkit.snapshots.serialize = on"))
                .withFallback(ConfigFactory.load()));
  }

  @AfterEach
  void stop() {
    kit.shutdownTestKit();
  }

  private static TokenRecord token(String id, String name, Role role, String secret) {
    return new TokenRecord(
        id, name, List.of(role), Tokens.hash(secret), 1_000, "test", null, null, null);
  }

  private <T> T ask(
      ActorRef<TokenStore.Command> store,
      Class<T> type,
      java.util.function.Function<ActorRef<T>, TokenStore.Command> command) {
    TestProbe<T> probe = kit.createTestProbe(type);
    store.tell(command.apply(probe.getRef()));
    return probe.receiveMessage(Duration.ofSeconds(10));
  }

  @Test
  void tokensAreIssuedRevokedAndRecoveredWithoutTheirSecret() {
    ActorRef<TokenStore.Command> store = kit.spawn(TokenStore.create(3));
    TokenRecord alice = token("tok-1", "alice", Role.TRADER, "mm_secretA");
    TokenStore.Issued issued =
        ask(store, TokenStore.Issued.class, r -> new TokenStore.Issue(alice, r));
    assertEquals(alice, issued.token());
    TokenStore.Issued again =
        ask(store, TokenStore.Issued.class, r -> new TokenStore.Issue(alice, r));
    assertNull(again.token());
    assertTrue(again.refusal().contains("exists already"));
    for (int i = 2; i <= 5; i++) {
      int n = i;
      ask(
          store,
          TokenStore.Issued.class,
          r -> new TokenStore.Issue(token("tok-" + n, "t" + n, Role.VIEWER, "mm_s" + n), r));
    }
    TokenStore.Revoked revoked =
        ask(store, TokenStore.Revoked.class, r -> new TokenStore.Revoke("tok-1", "root", 2_000, r));
    assertTrue(revoked.changed());
    assertEquals(2_000L, revoked.token().revokedMillis());
    assertEquals("root", revoked.token().revokedBy());
    assertFalse(
        ask(store, TokenStore.Revoked.class, r -> new TokenStore.Revoke("tok-1", "x", 3_000, r))
            .changed(),
        "revoking twice changes nothing");
    assertNull(
        ask(store, TokenStore.Revoked.class, r -> new TokenStore.Revoke("nope", "x", 1, r))
            .token());

    TokenStore.TokenList list =
        ask(store, TokenStore.TokenList.class, r -> new TokenStore.GetTokens(-1, r));
    assertEquals(6, list.version(), "five issued, one revoked");
    assertEquals(5, list.tokens().size());
    assertTrue(
        ask(store, TokenStore.TokenList.class, r -> new TokenStore.GetTokens(6, r)).unchanged(),
        "a node that has the version gets no list");

    // A new incarnation (as after the singleton moved) recovers from snapshot and events.
    kit.stop(store, Duration.ofSeconds(10));
    ActorRef<TokenStore.Command> recovered = kit.spawn(TokenStore.create(3));
    TokenStore.TokenList after =
        ask(recovered, TokenStore.TokenList.class, r -> new TokenStore.GetTokens(-1, r));
    assertEquals(list, after);
    assertEquals(Tokens.hash("mm_secretA"), after.tokens().get(0).hash());
    assertFalse(after.tokens().get(0).activeAt(2_000));
    assertTrue(after.tokens().get(1).activeAt(2_000));
  }

  @Test
  void theFirstAdminIsRegisteredOnce() {
    ActorRef<TokenStore.Command> store = kit.spawn(TokenStore.create(100));
    TokenRecord configured = token("tok-a", "admin", Role.ADMIN, "mm_configured");
    TokenStore.AdminEnsured first =
        ask(
            store,
            TokenStore.AdminEnsured.class,
            r -> new TokenStore.EnsureAdmin(configured, false, 5_000, r));
    assertTrue(first.created());
    // Every node registers it at start: once stored, it is only found.
    TokenStore.AdminEnsured second =
        ask(
            store,
            TokenStore.AdminEnsured.class,
            r ->
                new TokenStore.EnsureAdmin(
                    token("tok-b", "admin", Role.ADMIN, "mm_configured"), false, 5_000, r));
    assertFalse(second.created());
    assertEquals("active", second.candidateState());
    // No token is generated while an admin exists...
    TokenRecord generated = token("tok-g", "admin", Role.ADMIN, "mm_generated");
    TokenStore.AdminEnsured none =
        ask(
            store,
            TokenStore.AdminEnsured.class,
            r -> new TokenStore.EnsureAdmin(generated, true, 5_000, r));
    assertFalse(none.created());
    assertNull(none.candidateState());
    // ... a revoked configured token stays revoked, and then one may be generated.
    ask(store, TokenStore.Revoked.class, r -> new TokenStore.Revoke("tok-a", "admin", 6_000, r));
    assertEquals(
        "revoked",
        ask(
                store,
                TokenStore.AdminEnsured.class,
                r -> new TokenStore.EnsureAdmin(configured, false, 7_000, r))
            .candidateState());
    assertTrue(
        ask(
                store,
                TokenStore.AdminEnsured.class,
                r -> new TokenStore.EnsureAdmin(generated, true, 7_000, r))
            .created());
    // The same candidate sent again (its answer lost) is found, not stored twice.
    TokenStore.AdminEnsured retried =
        ask(
            store,
            TokenStore.AdminEnsured.class,
            r -> new TokenStore.EnsureAdmin(generated, true, 7_000, r));
    assertFalse(retried.created());
    assertEquals("active", retried.candidateState());
    assertEquals(
        2,
        ask(store, TokenStore.TokenList.class, r -> new TokenStore.GetTokens(-1, r))
            .tokens()
            .size());
  }

  private static AuditEntry entry(String principal, int status, long time) {
    return new AuditEntry(0, time, "n1", "POST", "/maker/kill", principal, null, status, "d", null);
  }

  @Test
  void theAuditLogNumbersKeepsTheLastEntriesAndLogsABatchOnce() {
    ActorRef<AuditLog.Command> log = kit.spawn(AuditLog.create(5, 2));
    TestProbe<AuditLog.Ack> acks = kit.createTestProbe();
    List<AuditEntry> first = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      first.add(entry("p" + i, 200, 1_000 + i));
    }
    log.tell(new AuditLog.Append("n1#a", 4, first, acks.getRef()));
    assertEquals(4, acks.receiveMessage().lastSourceSeq());
    // The same batch again (its acknowledgement was lost): acknowledged, not logged twice.
    log.tell(new AuditLog.Append("n1#a", 4, first, acks.getRef()));
    assertEquals(4, acks.receiveMessage().lastSourceSeq());
    log.tell(
        new AuditLog.Append(
            "n2#b",
            3,
            List.of(entry("q0", 401, 2_000), entry("q1", 403, 2_001), entry("q2", 400, 2_002)),
            acks.getRef()));
    acks.receiveMessage();

    TestProbe<AuditLog.Page> pages = kit.createTestProbe();
    log.tell(new AuditLog.Query(null, 2, pages.getRef()));
    AuditLog.Page newest = pages.receiveMessage();
    assertEquals(List.of("q2", "q1"), principals(newest));
    assertTrue(newest.more());
    assertEquals(7, newest.total());
    assertEquals(5, newest.retained(), "only the last 5 kept in memory");
    assertEquals(7, newest.entries().get(0).seq());
    log.tell(new AuditLog.Query(1_003L, 10, pages.getRef()));
    AuditLog.Page since = pages.receiveMessage();
    assertEquals(List.of("p3", "q0", "q1", "q2"), principals(since));
    assertFalse(since.more());

    kit.stop(log, Duration.ofSeconds(10));
    ActorRef<AuditLog.Command> recovered = kit.spawn(AuditLog.create(5, 2));
    recovered.tell(new AuditLog.Query(0L, 10, pages.getRef()));
    AuditLog.Page all = pages.receiveMessage();
    assertEquals(List.of("p2", "p3", "q0", "q1", "q2"), principals(all));
    recovered.tell(new AuditLog.Append("n1#a", 4, first, acks.getRef()));
    acks.receiveMessage();
    recovered.tell(new AuditLog.Query(null, 10, pages.getRef()));
    assertEquals(7, pages.receiveMessage().total(), "still recognised after recovery");
    assertNotNull(all.oldestRetainedMillis());
  }

  private static List<String> principals(AuditLog.Page page) {
    List<String> out = new ArrayList<>();
    page.entries().forEach(e -> out.add(e.principal()));
    return out;
  }
}
