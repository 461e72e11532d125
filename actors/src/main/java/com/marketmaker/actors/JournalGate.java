package com.marketmaker.actors;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.NodeState;
import com.typesafe.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this node's journal can take writes now, as its Cassandra driver sees the database: the
 * gate closes when every Cassandra node the driver knows is down (connections lost and not
 * re-established), and opens again when one is up.
 *
 * <p>Why a gate: an entity sends its order requests before journaling them (see {@code
 * SymbolEntity#onBookChanged}) and learns that the journal is gone only when a write fails, seconds
 * later (the driver's request timeout). With the gate, no entity of a node whose journal is
 * unreachable sends a new order: it pulls its quotes (unjournaled, as an entity that stops does;
 * the next reconciliation settles them) and waits. Quoting resumes by itself when the driver
 * reconnects and the entities' writes succeed again. A slow journal (writes that succeed late) does
 * not close the gate: the writes themselves hold the entity back.
 *
 * <p>The gate has a driver session of its own ({@value #SESSION}, configured like the plugin's), so
 * that the plugin creates its shared session with its keyspaces and tables whatever asks first.
 * With another journal (the tests' in-memory one), or without that configuration, the gate is
 * always open.
 */
public final class JournalGate implements Extension {

  private static final Logger log = LoggerFactory.getLogger(JournalGate.class);
  private static final Duration TICK = Duration.ofMillis(200);

  /** The configuration of the gate's own driver session (a copy of the plugin's). */
  static final String SESSION = "market-maker.journal-gate.session";

  private volatile boolean writable = true;
  private final AtomicLong closedChecks = new AtomicLong();
  private final AtomicLong outages = new AtomicLong();

  JournalGate() {}

  /** Whether entities may send new orders: the journal is reachable (or cannot be judged). */
  public boolean writable() {
    boolean w = writable;
    if (!w) {
      closedChecks.incrementAndGet();
    }
    return w;
  }

  /** Times an entity asked and was told no. */
  public long closedChecks() {
    return closedChecks.get();
  }

  /** Times the gate closed. */
  public long outages() {
    return outages.get();
  }

  /** Takes the driver's view of the Cassandra nodes. */
  void observe(Collection<NodeState> states) {
    boolean now = writable(states);
    if (now != writable) {
      if (now) {
        log.info("journal reachable again: entities may place orders");
      } else {
        outages.incrementAndGet();
        log.warn(
            "journal unreachable (Cassandra nodes {}): entities pull and place no order", states);
      }
    }
    writable = now;
  }

  /**
   * Writable unless the driver knows nodes and every one of them is down; nodes it has not judged
   * yet ({@code UNKNOWN}, e.g. while connecting) do not close the gate.
   */
  static boolean writable(Collection<NodeState> states) {
    if (states.isEmpty()) {
      return true;
    }
    for (NodeState s : states) {
      if (s == NodeState.UP || s == NodeState.UNKNOWN) {
        return true;
      }
    }
    return false;
  }

  public static JournalGate get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  private static final class Id extends ExtensionId<JournalGate> {
    static final Id INSTANCE = new Id();

    @Override
    public JournalGate createExtension(ActorSystem<?> system) {
      JournalGate gate = new JournalGate();
      Config config = system.settings().config();
      String plugin = config.getString("pekko.persistence.journal.plugin");
      if (!plugin.startsWith("pekko.persistence.cassandra") || !config.hasPath(SESSION)) {
        return gate;
      }
      // Never the plugin's own session (pekko.persistence.cassandra): the registry runs the init of
      // whoever asks for a session first, and the plugin's init creates its keyspaces and tables.
      CassandraSessionRegistry.get(system)
          .sessionFor(SESSION)
          .underlying()
          .whenComplete(
              (session, failure) -> {
                if (session == null) {
                  log.warn("no Cassandra session to watch; the journal gate stays open", failure);
                  return;
                }
                watch(system, gate, session);
              });
      return gate;
    }

    private static void watch(ActorSystem<?> system, JournalGate gate, CqlSession session) {
      system
          .scheduler()
          .scheduleAtFixedRate(
              TICK,
              TICK,
              () -> {
                Collection<Node> nodes = session.getMetadata().getNodes().values();
                List<NodeState> states = new ArrayList<>(nodes.size());
                for (Node n : nodes) {
                  states.add(n.getState());
                }
                gate.observe(states);
              },
              system.executionContext());
    }
  }
}
