package com.marketmaker.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.http.auth.AuthSettings;
import com.marketmaker.http.auth.Tokens;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shipped configurations load, resolve and describe the nodes they claim to. */
class NodeConfigTest {

  /** Loads a node configuration as the node does, with {@code env} as environment variables. */
  private static Config load(String resource, Map<String, String> env) {
    return ConfigFactory.parseMap(env)
        .withFallback(ConfigFactory.parseResourcesAnySyntax(resource))
        .withFallback(ConfigFactory.defaultReferenceUnresolved())
        .resolve();
  }

  @Test
  void singleNodeDefaultFormsItsOwnClusterWithEmbeddedCassandra() {
    Config c = load("application.conf", Map.of());
    assertEquals(
        1,
        c.getInt(
            "pekko.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr"));
    assertEquals("", c.getString("market-maker.cassandra.contact-point"));
    assertEquals(
        "keep-majority", c.getString("pekko.cluster.split-brain-resolver.active-strategy"));
    assertTrue(c.getBoolean("pekko.cluster.sharding.remember-entities"));
    assertEquals("eventsourced", c.getString("pekko.cluster.sharding.remember-entities-store"));
    assertEquals(
        "pekko.persistence.cassandra.journal", c.getString("pekko.persistence.journal.plugin"));
  }

  @Test
  void theShardCoordinatorWritesItsStateToAMajorityAndReadsItFromEveryNode() {
    Config c = load("application.conf", Map.of());
    int writePlus = c.getInt("pekko.cluster.sharding.coordinator-state.write-majority-plus");
    int readPlus = c.getInt("pekko.cluster.sharding.coordinator-state.read-majority-plus");
    int minCap = c.getInt("pekko.cluster.sharding.distributed-data.majority-min-cap");
    // Pekko's count of nodes for a majority-plus write or read among n nodes (Replicator):
    // min(n, max(n / 2 + 1 + additional, minCap)).
    for (int n = 2; n <= 7; n++) {
      int write = Math.min(n, Math.max(n / 2 + 1 + writePlus, minCap));
      int read = Math.min(n, Math.max(n / 2 + 1 + readPlus, minCap));
      assertEquals(n / 2 + 1, write, "a write among " + n + " nodes needs a majority only");
      assertTrue(write + read > n, "a read among " + n + " nodes meets every write");
    }
    // So with three nodes a write in flight when one dies completes on the other two.
    assertEquals(2, Math.min(3, Math.max(3 / 2 + 1 + writePlus, minCap)));
  }

  @Test
  void threeLocalNodesUseDistinctPortsAndFindEachOther() {
    Set<Integer> ports = new HashSet<>();
    for (int n = 1; n <= 3; n++) {
      Config c = load("local" + n + ".conf", Map.of());
      ports.add(c.getInt("market-maker.http.port"));
      ports.add(c.getInt("pekko.remote.artery.canonical.port"));
      ports.add(c.getInt("pekko.management.http.port"));
      assertEquals(3, c.getList("pekko.discovery.config.services.market-maker.endpoints").size());
      assertEquals("127.0.0.1:9042", c.getString("market-maker.cassandra.contact-point"));
    }
    assertEquals(9, ports.size());
  }

  @Test
  void kubernetesNodeTakesItsAddressAndCassandraFromTheEnvironment() {
    Config c =
        load(
            "k8s.conf",
            Map.of("POD_IP", "10.1.2.3", "MM_CASSANDRA_CONTACT_POINT", "cassandra:9042"));
    assertEquals("10.1.2.3", c.getString("pekko.remote.artery.canonical.hostname"));
    assertEquals("kubernetes-api", c.getString("pekko.discovery.method"));
    assertEquals("cassandra:9042", c.getString("market-maker.cassandra.contact-point"));
    // Without a contact point the k8s configuration does not load: no silent embedded Cassandra.
    assertThrows(
        com.typesafe.config.ConfigException.class,
        () -> load("k8s.conf", Map.of("POD_IP", "10.1.2.3")));
  }

  @Test
  void theApiListensOnLoopbackWithLimitsNoCorsAndAnAdminTokenFromTheEnvironment() {
    Config c = load("application.conf", Map.of());
    assertEquals("127.0.0.1", c.getString("market-maker.http.host"));
    assertTrue(c.getStringList("market-maker.http.cors.allowed-origins").isEmpty());
    assertEquals(2048, c.getBytes("pekko.http.server.parsing.max-uri-length"));
    assertEquals(8192, c.getBytes("pekko.http.server.parsing.max-header-value-length"));
    assertEquals(65536, c.getBytes("pekko.http.server.parsing.max-content-length"));
    assertFalse(c.getBoolean("pekko.log-config-on-start"));
    AuthSettings defaults = AuthSettings.fromConfig(c);
    assertEquals("var/admin-token", defaults.adminTokenFile().toString());
    assertTrue(defaults.refreshInterval().compareTo(defaults.maxStaleness()) < 0);

    String token = "mm_" + "k".repeat(43);
    AuthSettings fromEnv =
        AuthSettings.fromConfig(load("application.conf", Map.of("MM_ADMIN_TOKEN", token)));
    assertEquals(Tokens.hash(token), fromEnv.adminTokenHash(), "only the hash is kept");
    assertFalse(fromEnv.toString().contains(token));
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                AuthSettings.fromConfig(
                    load("application.conf", Map.of("MM_ADMIN_TOKEN", "hunter2"))));
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    assertEquals(
        "0.0.0.0",
        load("k8s.conf", Map.of("POD_IP", "10.1.2.3", "MM_CASSANDRA_CONTACT_POINT", "c:9042"))
            .getString("market-maker.http.host"));
  }

  @Test
  void malformedContactPointIsRefusedWithTheReason() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Main.withCassandra(ConfigFactory.empty(), "cassandra"));
    assertTrue(e.getMessage().contains("must be host:port"), e.getMessage());
  }
}
