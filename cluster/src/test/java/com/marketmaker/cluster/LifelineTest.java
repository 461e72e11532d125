package com.marketmaker.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.cluster.RefusedPeers.Probe;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A node's lifeline on loopback: held open while the node lives, closed and then refused once it is
 * gone, and advertised as a role.
 */
class LifelineTest {

  @Test
  void aLiveLifelineIsHeldOpenAndAClosedOneIsRefused() throws Exception {
    try (PeerLifelines ends = new PeerLifelines(1000)) {
      Lifeline node = Lifeline.bind("127.0.0.1", 0);
      int port = node.port();
      assertEquals(Probe.ACCEPTED, ends.check("127.0.0.1", port));
      assertEquals(1, ends.openCount());
      // Checked again: the same connection, still open.
      assertEquals(Probe.ACCEPTED, ends.check("127.0.0.1", port));
      assertEquals(1, ends.openCount());

      node.close(); // what the process's death does to its sockets
      Probe afterDeath = Probe.ACCEPTED;
      // The close reaches this end within moments; until then the connection still reads as open.
      for (int i = 0; i < 100 && afterDeath == Probe.ACCEPTED; i++) {
        afterDeath = ends.check("127.0.0.1", port);
        if (afterDeath == Probe.ACCEPTED) {
          Thread.sleep(10);
        }
      }
      assertEquals(Probe.REFUSED, afterDeath, "the closed lifeline, connected anew, is refused");
      assertEquals(0, ends.openCount());
      assertEquals(Probe.REFUSED, ends.check("127.0.0.1", port));
    }
  }

  @Test
  void aLifelineClosedRightAfterAConnectionArrivedLeavesNoConnectionOpen() throws Exception {
    // close() racing the accept of a connection that has just arrived: the connection must close
    // with the lifeline, or the peer would read it as a live process for as long as this one runs.
    for (int round = 0; round < 300; round++) {
      try (PeerLifelines ends = new PeerLifelines(1000)) {
        Lifeline node = Lifeline.bind("127.0.0.1", 0);
        int port = node.port();
        assertEquals(Probe.ACCEPTED, ends.check("127.0.0.1", port));
        node.close();
        Probe after = Probe.ACCEPTED;
        for (int i = 0; i < 200 && after == Probe.ACCEPTED; i++) {
          after = ends.check("127.0.0.1", port);
          if (after == Probe.ACCEPTED) {
            Thread.sleep(5);
          }
        }
        assertEquals(Probe.REFUSED, after, "round " + round + ": the connection stayed open");
      }
    }
  }

  @Test
  void lifelinesOfPeersNoLongerCheckedAreClosed() throws Exception {
    Lifeline a = Lifeline.bind("127.0.0.1", 0);
    Lifeline b = Lifeline.bind("127.0.0.1", 0);
    try (PeerLifelines ends = new PeerLifelines(1000)) {
      ends.check("127.0.0.1", a.port());
      ends.check("127.0.0.1", b.port());
      assertEquals(2, ends.openCount());
      ends.retain(Set.of("127.0.0.1:" + b.port()));
      assertEquals(1, ends.openCount());
    } finally {
      a.close();
      b.close();
    }
  }

  @Test
  void thePortIsAdvertisedAsARoleAddedToTheNodesConfiguration() {
    Config config =
        ConfigFactory.parseString(
            "pekko.remote.artery.canonical.hostname = \"127.0.0.1\"\n"
                + "pekko.cluster.roles = [trading]\n"
                + "market-maker.cluster.gone-process-downing { enabled = on, lifeline-port = 0 }");
    List<Lifeline> opened = new ArrayList<>();
    Config with = GoneProcessDowning.withLifeline(config, opened);
    try {
      assertEquals(1, opened.size());
      List<String> roles = with.getStringList("pekko.cluster.roles");
      assertEquals(List.of("trading", "lifeline-port-" + opened.get(0).port()), roles);
      assertEquals(
          OptionalInt.of(opened.get(0).port()), Lifeline.port(Set.copyOf(roles)), "read back");
    } finally {
      opened.forEach(Lifeline::close);
    }
    Config offConfig =
        ConfigFactory.parseString("market-maker.cluster.gone-process-downing.enabled = off")
            .withFallback(config);
    List<Lifeline> none = new ArrayList<>();
    assertEquals(offConfig, GoneProcessDowning.withLifeline(offConfig, none));
    assertTrue(none.isEmpty());
  }

  @Test
  void rolesThatAreNotAPortAreIgnored() {
    assertEquals(OptionalInt.empty(), Lifeline.port(Set.of("trading")));
    assertEquals(OptionalInt.empty(), Lifeline.port(Set.of("lifeline-port-x")));
    assertEquals(OptionalInt.empty(), Lifeline.port(Set.of("lifeline-port-70000")));
    assertEquals(OptionalInt.of(4000), Lifeline.port(Set.of("trading", "lifeline-port-4000")));
  }
}
