package com.marketmaker.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.marketmaker.cluster.RefusedPeers.Probe;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.apache.pekko.actor.Address;
import org.junit.jupiter.api.Test;

/** A probe of a port on loopback: a listener accepts, a closed port refuses. */
class GoneProcessProbeTest {

  @Test
  void aListeningPortAcceptsAndAClosedOneRefuses() throws Exception {
    int port;
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      port = server.getLocalPort();
      assertEquals(Probe.ACCEPTED, GoneProcessDowning.probe(at(port), 1000));
    }
    assertEquals(Probe.REFUSED, GoneProcessDowning.probe(at(port), 1000));
  }

  @Test
  void anAddressWithoutHostOrPortIsNoAnswer() {
    assertEquals(Probe.NO_ANSWER, GoneProcessDowning.probe(new Address("pekko", "local"), 1000));
  }

  private static Address at(int port) {
    return new Address("pekko", "market-maker", "127.0.0.1", port);
  }
}
