package com.marketmaker.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  void malformedContactPointIsRefusedWithTheReason() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Main.withCassandra(ConfigFactory.empty(), "cassandra"));
    assertTrue(e.getMessage().contains("must be host:port"), e.getMessage());
  }
}
