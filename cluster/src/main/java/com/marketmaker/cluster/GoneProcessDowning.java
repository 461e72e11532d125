package com.marketmaker.cluster;

import com.typesafe.config.Config;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downs a peer whose process is gone as soon as its remoting port refuses connections, instead of
 * waiting for the failure detector (heartbeats overdue by the acceptable pause) and then the
 * split-brain resolver's stable-after: about 7 s of a failover after a crash on the shipped timings
 * (BENCHMARKS.md, "Where a failover's time goes").
 *
 * <p>Every {@code probe-interval}, on a thread of its own, this node opens and closes a TCP
 * connection to the remoting port of each member that is up (or weakly up) in its own data centre,
 * while it is up itself; members leaving gracefully are counted but not probed, as their ports
 * close once they are done. {@link RefusedPeers} turns the outcomes into a verdict: down the peers
 * whose ports refused {@code refusals} times in a row over at least {@code min-span}, when the rest
 * are a strict majority; down this node when the rest are a strict minority; leave an even split to
 * the resolver. The down-removal margin still runs before a downed node's shards start elsewhere,
 * so the safety argument is the resolver's: both sides of a network that rejects packets decide at
 * the same moment, and the downed side's entities have the margin to stop (and are kept from
 * placing orders by {@code ClusterQuorum} from the moment the node sees itself down).
 *
 * <p>Where a network rejects rather than drops packets between nodes (a firewall's REJECT answers
 * for the closed port), a partition looks like crashes to both sides; the rule above still downs
 * one side only, but earlier than the resolver would. Set {@code enabled = off} there to leave
 * every decision to the resolver.
 */
final class GoneProcessDowning {

  private static final Logger log = LoggerFactory.getLogger(GoneProcessDowning.class);

  private final Cluster cluster;
  private final RefusedPeers peers;
  private final int connectTimeoutMillis;
  private final Set<Address> downed = new HashSet<>();
  private volatile boolean selfDowned;

  private GoneProcessDowning(Cluster cluster, RefusedPeers peers, int connectTimeoutMillis) {
    this.cluster = cluster;
    this.peers = peers;
    this.connectTimeoutMillis = connectTimeoutMillis;
  }

  /**
   * Starts the probes when {@code market-maker.cluster.gone-process-downing.enabled}; stops them
   * when the actor system terminates.
   */
  static void start(ActorSystem<?> system) {
    Config c = system.settings().config().getConfig("market-maker.cluster.gone-process-downing");
    if (!c.getBoolean("enabled")) {
      log.info("downing of gone processes is off; crashed nodes are downed by the resolver");
      return;
    }
    Duration interval = c.getDuration("probe-interval");
    Duration timeout = c.getDuration("connect-timeout");
    int refusals = c.getInt("refusals");
    Duration span = c.getDuration("min-span");
    if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(
          "gone-process-downing: probe-interval and connect-timeout must be positive");
    }
    GoneProcessDowning d =
        new GoneProcessDowning(
            Cluster.get(system.classicSystem()),
            new RefusedPeers(refusals, span.toNanos()),
            (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    ScheduledExecutorService probes =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "gone-process-probe");
              t.setDaemon(true);
              return t;
            });
    probes.scheduleWithFixedDelay(
        d::safeRound, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    system.getWhenTerminated().thenRun(probes::shutdownNow);
    log.info(
        "downing a peer whose remoting port refuses {} connections in a row over at least {} ms"
            + " (a probe every {} ms)",
        refusals,
        span.toMillis(),
        interval.toMillis());
  }

  private void safeRound() {
    try {
      round();
    } catch (RuntimeException | LinkageError e) {
      // A task that throws ends a fixed-delay schedule silently: one bad round must not stop the
      // probes for the life of the node.
      log.warn("probing the peers' remoting ports failed", e);
    }
  }

  private void round() {
    if (selfDowned || !probed(cluster.selfMember().status())) {
      return; // a node leaving, or down, decides nothing more
    }
    Address self = cluster.selfAddress();
    String dc = cluster.selfDataCenter();
    Set<Address> counted = new HashSet<>();
    for (Member m : cluster.state().getMembers()) {
      if (m.address().equals(self) || !dc.equals(m.dataCenter()) || !counted(m.status())) {
        continue;
      }
      counted.add(m.address());
      if (!probed(m.status())) {
        continue; // a member leaving gracefully closes its port when done: not a crash
      }
      RefusedPeers.Probe p = probe(m.address(), connectTimeoutMillis);
      peers.observe(m.address(), p, System.nanoTime());
    }
    RefusedPeers.Verdict v = peers.decide(counted);
    switch (v.action()) {
      case DOWN_PEERS -> {
        for (Address a : v.gone()) {
          if (downed.add(a)) {
            log.warn(
                "downing {}: its remoting port refused {} connections in a row over {} ms, its"
                    + " process is gone",
                a,
                peers.refusals(a),
                peers.spanMillis(a));
            cluster.down(a);
            quarantine(a);
          }
        }
      }
      case DOWN_SELF -> {
        selfDowned = true;
        log.error(
            "downing this node: the remoting ports of {} of the {} other members refuse"
                + " connections ({}), so this node is on the minority side",
            v.gone().size(),
            counted.size(),
            v.gone());
        cluster.down(self);
      }
      case NONE -> {}
    }
  }

  /**
   * Quarantines the gone incarnation of {@code a}, as the cluster itself does once a member is
   * removed. The leader removes a downed member only once some member has observed it unreachable
   * or terminated; quarantine is what marks it terminated now, rather than when its heartbeats are
   * overdue by the failure detector's acceptable pause (about 3.5 s more). The call goes through
   * Pekko's remoting provider ({@code RemoteActorRefProvider.quarantine}, public in the bytecode
   * but internal to Pekko, as of 1.2); should it fail, the member is still down and is removed once
   * the failure detector finds it unreachable.
   */
  private void quarantine(Address a) {
    Member m = null;
    for (Member candidate : cluster.state().getMembers()) {
      if (candidate.address().equals(a)) {
        m = candidate;
      }
    }
    if (m == null) {
      return;
    }
    try {
      var provider =
          (org.apache.pekko.remote.RemoteActorRefProvider)
              ((org.apache.pekko.actor.ExtendedActorSystem) cluster.system()).provider();
      provider.quarantine(
          a,
          scala.Option.apply((Object) m.uniqueAddress().longUid()),
          "its remoting port refuses connections: the process is gone");
    } catch (RuntimeException | LinkageError e) {
      log.warn(
          "could not quarantine {}; it is removed once the failure detector finds it unreachable",
          a,
          e);
    }
  }

  /** The statuses the split-brain resolver counts (as {@code ClusterQuorum} does). */
  private static boolean counted(MemberStatus s) {
    return probed(s) || s == MemberStatus.leaving();
  }

  /** The statuses whose members are probed, and in which this node probes. */
  private static boolean probed(MemberStatus s) {
    return s == MemberStatus.up() || s == MemberStatus.weaklyUp();
  }

  /** One connection to {@code a}'s remoting port, opened and closed. */
  static RefusedPeers.Probe probe(Address a, int connectTimeoutMillis) {
    if (a.getHost().isEmpty() || a.getPort().isEmpty()) {
      return RefusedPeers.Probe.NO_ANSWER;
    }
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(a.getHost().get(), a.getPort().get()), connectTimeoutMillis);
      return RefusedPeers.Probe.ACCEPTED;
    } catch (ConnectException e) {
      // ECONNREFUSED: nothing listens on the port. The JDK raises the same class for an OS-level
      // timeout, which says nothing about the process.
      String m = e.getMessage();
      return m != null && m.toLowerCase(java.util.Locale.ROOT).contains("refused")
          ? RefusedPeers.Probe.REFUSED
          : RefusedPeers.Probe.NO_ANSWER;
    } catch (IOException | RuntimeException e) {
      return RefusedPeers.Probe.NO_ANSWER;
    }
  }
}
