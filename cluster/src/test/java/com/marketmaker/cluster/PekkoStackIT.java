package com.marketmaker.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.actors.EntitySettings;
import com.marketmaker.actors.SymbolEntity;
import com.marketmaker.actors.SymbolProtocol;
import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.strategy.MakerParameters;
import com.marketmaker.http.auth.AuditEntry;
import com.marketmaker.http.auth.AuditLog;
import com.marketmaker.http.auth.Role;
import com.marketmaker.http.auth.TokenStore;
import com.marketmaker.http.auth.Tokens;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ManifestInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Pekko version the build pins runs with pekko-persistence-cassandra 1.1.0 against a real
 * Cassandra 5: all Pekko core modules on the classpath are that one version, and the entity
 * journals, snapshots, recovers and is read back through the plugin's query side; so do the API's
 * token store and audit log.
 */
class PekkoStackIT {

  private static ActorTestKit testKit;
  private static final Duration T = Duration.ofSeconds(60);

  @BeforeAll
  static void start() {
    String contactPoint = TestCassandra.contactPoint();
    testKit =
        ActorTestKit.create(
            "stack",
            Main.withCassandra(
                ConfigFactory.parseString(
                        "pekko.remote.artery.canonical.port = 0\n"
                            + "pekko.coordinated-shutdown.exit-jvm = off\n"
                            + "market-maker.entity.snapshot-every = 2")
                    .withFallback(ConfigFactory.load()),
                contactPoint));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void everyPekkoModuleIsThePinnedVersionAndThePluginIsOneOneZero() throws Exception {
    String expected = TestCassandra.required("mm.expected.pekko.version");
    assertEquals(expected, org.apache.pekko.Version.current());
    Map<String, ManifestInfo.Version> versions =
        new TreeMap<>(
            scala.jdk.javaapi.CollectionConverters.asJava(
                ManifestInfo.get(Adapter.toClassic(testKit.system())).versions()));
    List<String> core =
        List.of(
            "pekko-actor",
            "pekko-cluster-sharding-typed",
            "pekko-persistence-typed",
            "pekko-persistence-query",
            "pekko-serialization-jackson",
            "pekko-discovery",
            "pekko-stream");
    for (String module : core) {
      assertTrue(versions.containsKey(module), module + " not found in " + versions.keySet());
      assertEquals(expected, versions.get(module).toString(), module);
    }
    String classpath = Files.readString(Path.of(TestCassandra.required("mm.runtime.classpath")));
    assertTrue(
        classpath.contains("pekko-persistence-cassandra_2.13-1.1.0.jar"),
        "pekko-persistence-cassandra 1.1.0 is on the node's classpath");
  }

  @Test
  void entityJournalsSnapshotsRecoversAndIsQueryableThroughTheCassandraPlugin() throws Exception {
    String id = "BINANCE:STACK" + System.nanoTime() % 100000 + "USDT";
    var spec = InstrumentSpec.of(InstrumentId.parse(id), "0.01", "0.0001");
    var params = new MakerParameters(0.2, 30, 1, 40, 10, 1000);
    var settings = EntitySettings.fromConfig(testKit.system().settings().config());
    TestProbe<SymbolProtocol.Confirmation> probe = testKit.createTestProbe();

    ActorRef<SymbolProtocol.Command> entity =
        testKit.spawn(
            SymbolEntity.create(
                id, SymbolEntity.Dependencies.of(settings, Clock.systemUTC()), self -> {}));
    entity.tell(new SymbolProtocol.Start(spec, params, "it", probe.getRef()));
    probe.expectMessageClass(SymbolProtocol.Accepted.class, T);
    for (int i = 0; i < 5; i++) {
      entity.tell(
          new SymbolProtocol.RecordFill(
              new SymbolProtocol.FillReport(
                  100 + i,
                  i % 2 == 0 ? Side.BUY : Side.SELL,
                  "2500." + i + "0",
                  "0.0" + (i + 1),
                  "0.01"),
              probe.getRef()));
      probe.expectMessageClass(SymbolProtocol.Accepted.class, T);
    }
    entity.tell(new SymbolProtocol.GetStatus(probe.getRef()));
    var before = assertInstanceOf(SymbolProtocol.Accepted.class, probe.receiveMessage(T)).summary();
    testKit.stop(entity, T);

    ActorRef<SymbolProtocol.Command> recovered =
        testKit.spawn(
            SymbolEntity.create(
                id, SymbolEntity.Dependencies.of(settings, Clock.systemUTC()), self -> {}));
    recovered.tell(new SymbolProtocol.GetStatus(probe.getRef()));
    var after = assertInstanceOf(SymbolProtocol.Accepted.class, probe.receiveMessage(T)).summary();
    assertEquals(before, after);
    assertEquals(5, after.counters().fills());

    CassandraReadJournal queries =
        PersistenceQuery.get(Adapter.toClassic(testKit.system()))
            .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
    var events =
        queries
            .currentEventsByPersistenceId("Symbol|" + id, 0, Long.MAX_VALUE)
            .runWith(Sink.seq(), testKit.system())
            .toCompletableFuture()
            .get();
    assertEquals(6, events.size());
    var ids =
        queries
            .currentPersistenceIds()
            .runWith(Sink.seq(), testKit.system())
            .toCompletableFuture()
            .get();
    assertTrue(ids.contains("Symbol|" + id), "persistence ids: " + ids.size());
  }

  @Test
  void theTokenStoreAndTheAuditLogJournalAndRecoverThroughCassandra() {
    long now = System.currentTimeMillis();
    String secret = Tokens.generate();
    TokenStore.TokenRecord token =
        new TokenStore.TokenRecord(
            Tokens.newId(),
            "stack",
            List.of(Role.RISK),
            Tokens.hash(secret),
            now,
            "it",
            null,
            null,
            null);
    ActorRef<TokenStore.Command> store = testKit.spawn(TokenStore.create(2));
    TestProbe<TokenStore.Issued> issued = testKit.createTestProbe();
    store.tell(new TokenStore.Issue(token, issued.getRef()));
    assertEquals(token, issued.receiveMessage(T).token());
    TestProbe<TokenStore.Revoked> revoked = testKit.createTestProbe();
    store.tell(new TokenStore.Revoke(token.id(), "it", now + 1, revoked.getRef()));
    assertTrue(revoked.receiveMessage(T).changed());
    ActorRef<AuditLog.Command> log = testKit.spawn(AuditLog.create(100, 2));
    TestProbe<AuditLog.Ack> ack = testKit.createTestProbe();
    AuditEntry entry =
        new AuditEntry(0, now, "stack", "POST", "/maker/kill", "stack", token.id(), 403, "d", null);
    log.tell(new AuditLog.Append("stack#1", 1, List.of(entry), ack.getRef()));
    assertEquals(1, ack.receiveMessage(T).lastSourceSeq());
    testKit.stop(store, T);
    testKit.stop(log, T);

    ActorRef<TokenStore.Command> store2 = testKit.spawn(TokenStore.create(2));
    TestProbe<TokenStore.TokenList> list = testKit.createTestProbe();
    store2.tell(new TokenStore.GetTokens(-1, list.getRef()));
    TokenStore.TokenRecord back =
        list.receiveMessage(T).tokens().stream()
            .filter(t -> t.id().equals(token.id()))
            .findFirst()
            .orElseThrow();
    assertEquals(token.hash(), back.hash());
    assertEquals(now + 1, back.revokedMillis());
    ActorRef<AuditLog.Command> log2 = testKit.spawn(AuditLog.create(100, 2));
    TestProbe<AuditLog.Page> page = testKit.createTestProbe();
    log2.tell(new AuditLog.Query(now, 10, page.getRef()));
    assertTrue(
        page.receiveMessage(T).entries().stream()
            .anyMatch(e -> e.tokenId().equals(token.id()) && e.status() == 403),
        "the audit entry survived");
  }
}
