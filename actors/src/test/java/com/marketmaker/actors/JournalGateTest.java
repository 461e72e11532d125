package com.marketmaker.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.metadata.NodeState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The journal gate's verdict from the driver's view of the Cassandra nodes. */
class JournalGateTest {

  @Test
  void closesOnlyWhenEveryKnownNodeIsDown() {
    assertTrue(JournalGate.writable(List.of()), "nothing known yet: the writes will tell");
    assertTrue(JournalGate.writable(List.of(NodeState.UP)));
    assertTrue(JournalGate.writable(List.of(NodeState.DOWN, NodeState.UP)), "one replica is up");
    assertTrue(JournalGate.writable(List.of(NodeState.UNKNOWN)), "still connecting");
    assertFalse(JournalGate.writable(List.of(NodeState.DOWN)));
    assertFalse(JournalGate.writable(List.of(NodeState.DOWN, NodeState.FORCED_DOWN)));
  }

  @Test
  void countsOutagesAndRefusals() {
    JournalGate gate = new JournalGate();
    assertTrue(gate.writable());
    gate.observe(List.of(NodeState.DOWN));
    gate.observe(List.of(NodeState.DOWN));
    assertFalse(gate.writable());
    assertFalse(gate.writable());
    gate.observe(List.of(NodeState.UP));
    assertTrue(gate.writable());
    gate.observe(List.of(NodeState.FORCED_DOWN));
    assertEquals(2, gate.outages());
    assertEquals(2, gate.closedChecks());
  }
}
