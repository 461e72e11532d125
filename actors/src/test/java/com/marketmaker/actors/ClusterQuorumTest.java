package com.marketmaker.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.testsupport.Eventually;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.MemberStatus;
import org.junit.jupiter.api.Test;

/**
 * The order gate of {@link ClusterQuorum}: a strict majority of the counted members, this node
 * among them and up.
 */
class ClusterQuorumTest {

  @Test
  void aStrictMajorityIsNeeded() {
    assertTrue(ClusterQuorum.majority(1, 1), "a node alone");
    assertTrue(ClusterQuorum.majority(2, 3), "two survivors of three");
    assertFalse(ClusterQuorum.majority(1, 3), "a node cut off from two");
    assertFalse(ClusterQuorum.majority(2, 4), "an even split pauses both halves");
    assertTrue(ClusterQuorum.majority(3, 5));
    assertFalse(ClusterQuorum.majority(0, 0), "no member counted");
  }

  @Test
  void aStallLongerThanStableAfterClosesTheGateForTheGrace() throws Exception {
    ActorTestKit kit = clusterNode();
    try {
      Cluster cluster = Cluster.get(kit.system().classicSystem());
      cluster.join(cluster.selfAddress());
      Eventually.await(
          Duration.ofSeconds(20),
          Duration.ofMillis(50),
          () -> cluster.selfMember().status() == MemberStatus.up(),
          "the node is up");
      // Ticked by the test on its own clock, not by the node's ticker.
      ClusterQuorum quorum =
          new ClusterQuorum(cluster, Duration.ofSeconds(3), Duration.ofMillis(3500));
      long t = System.nanoTime();
      quorum.tick(t);
      long stableAfter = Duration.ofSeconds(3).toNanos();
      assertTrue(quorum.holds(t + stableAfter / 2), "a short delay does not pause quoting");
      // Frozen past stable-after: closed before the ticker runs again...
      long woke = t + stableAfter + Duration.ofMillis(1).toNanos();
      assertFalse(quorum.holds(woke), "back from a stall, before the ticker ran");
      // ...and for the grace (acceptable pause 2.5 s + 2 x 500 ms heartbeats) after it ran.
      quorum.tick(woke);
      assertEquals(1, quorum.stalls());
      quorum.tick(woke + Duration.ofMillis(2000).toNanos());
      assertFalse(quorum.holds(woke + Duration.ofMillis(3400).toNanos()));
      quorum.tick(woke + Duration.ofMillis(3400).toNanos());
      assertEquals(1, quorum.stalls(), "ticking on time is no stall");
      assertTrue(quorum.holds(woke + Duration.ofMillis(3600).toNanos()), "open after the grace");
    } finally {
      kit.shutdownTestKit();
    }
  }

  @Test
  void aNodeOutsideAClusterAlwaysHoldsIt() {
    ActorTestKit kit =
        ActorTestKit.create(ConfigFactory.parseString("pekko.actor.provider = local"));
    try {
      assertTrue(ClusterQuorum.get(kit.system()).holds());
    } finally {
      kit.shutdownTestKit();
    }
  }

  @Test
  void aClusterNodeHoldsItOnlyWhileUp() throws Exception {
    ActorTestKit kit = clusterNode();
    try {
      Cluster cluster = Cluster.get(kit.system().classicSystem());
      ClusterQuorum quorum = ClusterQuorum.get(kit.system());
      assertFalse(quorum.holds(), "not yet a member");
      cluster.join(cluster.selfAddress());
      Eventually.await(
          Duration.ofSeconds(20),
          Duration.ofMillis(50),
          () -> cluster.selfMember().status() == MemberStatus.up(),
          "the node is up");
      assertTrue(quorum.holds(), "a one-node cluster, up");
      cluster.down(cluster.selfAddress());
      Eventually.await(
          Duration.ofSeconds(20),
          Duration.ofMillis(50),
          () -> !quorum.holds(),
          "a downed node may not place");
      assertTrue(quorum.closedChecks() > 0);
    } finally {
      kit.shutdownTestKit();
    }
  }

  /** A one-node cluster with the shipped failure detector and resolver timings. */
  private static ActorTestKit clusterNode() {
    return ActorTestKit.create(
        ConfigFactory.parseString(
                String.join(
                    "\n",
                    "pekko.actor.provider = cluster",
                    "pekko.remote.artery.canonical.hostname = 127.0.0.1",
                    "pekko.remote.artery.canonical.port = 0",
                    "pekko.cluster.jmx.multi-mbeans-in-same-jvm = on",
                    "pekko.cluster.failure-detector.heartbeat-interval = 500ms",
                    "pekko.cluster.failure-detector.acceptable-heartbeat-pause = 2.5s",
                    "pekko.cluster.split-brain-resolver.stable-after = 3s"))
            .withFallback(ConfigFactory.load()));
  }
}
