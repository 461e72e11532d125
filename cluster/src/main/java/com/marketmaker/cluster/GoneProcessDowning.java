package com.marketmaker.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.UniqueAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downs a peer whose process is gone as soon as its {@link Lifeline} closes and new connections to
 * it are refused, instead of waiting for the failure detector (heartbeats overdue by the acceptable
 * pause) and then the split-brain resolver's stable-after: about 7 s of a failover after a crash on
 * the shipped timings (BENCHMARKS.md, "Where a failover's time goes").
 *
 * <p>Every {@code probe-interval}, on a thread of its own, this node checks its connection to the
 * lifeline of each member that is up (or weakly up) in its own data centre, while it is up itself
 * ({@link PeerLifelines}: a non-blocking read while the connection lives, a new connection once it
 * has closed); members leaving gracefully are counted but not checked, as they close theirs once
 * they are done. {@link RefusedPeers} turns the outcomes into a verdict: down the peers whose
 * lifelines refused {@code refusals} connections in a row over at least {@code min-span}, when the
 * rest are a strict majority; down this node when the rest are a strict minority; leave an even
 * split to the resolver. A downed peer is also quarantined, so that the leader removes it at once
 * rather than when the failure detector finds it unreachable. The down-removal margin still runs
 * before its shards start elsewhere, so the safety argument is the resolver's: both sides of a
 * network that rejects packets decide at about the same moment, and the downed side's entities have
 * the margin to stop (and are kept from placing orders by {@code ClusterQuorum} from the moment the
 * node sees itself down).
 *
 * <p>Where a network rejects rather than drops packets between nodes (a firewall's REJECT answers
 * for the closed port), a partition looks like crashes to both sides; the rule above still downs
 * one side only, but earlier than the resolver would. Set {@code enabled = off} there to leave
 * every decision to the resolver.
 */
final class GoneProcessDowning {

  private static final Logger log = LoggerFactory.getLogger(GoneProcessDowning.class);
  private static final String SETTINGS = "market-maker.cluster.gone-process-downing";

  private final Cluster cluster;
  private final RefusedPeers peers;
  private final PeerLifelines lifelines;

  /**
   * Incarnations this node has downed. By unique address: a node started again on the same host and
   * port is a new member, to be watched and downed like the first.
   */
  private final Set<UniqueAddress> downed = new HashSet<>();

  private volatile boolean selfDowned;

  /** Whether, at the last round, some peer's lifeline had closed or went unanswered. */
  private volatile boolean peerInDoubt;

  /** How long a peer's unanswered lifeline holds the shards' rebalancing, nanoseconds. */
  private final long rebalanceHoldNanos;

  private GoneProcessDowning(
      Cluster cluster, RefusedPeers peers, PeerLifelines lifelines, long rebalanceHoldNanos) {
    this.cluster = cluster;
    this.peers = peers;
    this.lifelines = lifelines;
    this.rebalanceHoldNanos = rebalanceHoldNanos;
  }

  /**
   * Opens this node's lifeline when {@code market-maker.cluster.gone-process-downing.enabled}, on
   * the remoting's canonical host, and returns {@code config} with the role that advertises it
   * added to {@code pekko.cluster.roles}; {@code config} unchanged (and {@code opened} untouched)
   * when off.
   */
  static Config withLifeline(Config config, List<Lifeline> opened) {
    Config c = config.getConfig(SETTINGS);
    if (!c.getBoolean("enabled")) {
      return config;
    }
    int port = c.getInt("lifeline-port");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(SETTINGS + ".lifeline-port out of range: " + port);
    }
    Lifeline lifeline;
    try {
      lifeline = Lifeline.bind(config.getString("pekko.remote.artery.canonical.hostname"), port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the node's lifeline on port " + port, e);
    }
    opened.add(lifeline);
    List<String> roles = new ArrayList<>(config.getStringList("pekko.cluster.roles"));
    roles.add(lifeline.role());
    return config.withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(roles));
  }

  /**
   * Starts checking the peers' lifelines when {@code lifeline} is open (see {@link #withLifeline});
   * stops, and closes it, when the actor system terminates.
   *
   * @return the running checks, or null when {@code lifeline} is null (the feature is off)
   */
  static GoneProcessDowning start(ActorSystem<?> system, Lifeline lifeline) {
    if (lifeline == null) {
      log.info("downing of gone processes is off; crashed nodes are downed by the resolver");
      return null;
    }
    Config c = system.settings().config().getConfig(SETTINGS);
    Duration interval = c.getDuration("probe-interval");
    Duration timeout = c.getDuration("connect-timeout");
    int refusals = c.getInt("refusals");
    Duration span = c.getDuration("min-span");
    Duration rebalanceHold = c.getDuration("rebalance-hold");
    if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(
          SETTINGS + ": probe-interval and connect-timeout must be positive");
    }
    if (rebalanceHold.isNegative()) {
      throw new IllegalArgumentException(SETTINGS + ": rebalance-hold must not be negative");
    }
    PeerLifelines ends = new PeerLifelines((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    GoneProcessDowning d =
        new GoneProcessDowning(
            Cluster.get(system.classicSystem()),
            new RefusedPeers(refusals, span.toNanos()),
            ends,
            rebalanceHold.toNanos());
    ScheduledExecutorService probes =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "gone-process-probe");
              t.setDaemon(true);
              return t;
            });
    probes.scheduleWithFixedDelay(
        d::safeRound, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    system
        .getWhenTerminated()
        .thenRun(
            () -> {
              probes.shutdownNow();
              lifeline.close();
            });
    log.info(
        "lifeline on port {}; downing a peer whose lifeline closed and refuses {} connections in a"
            + " row over at least {} ms (checked every {} ms)",
        lifeline.port(),
        refusals,
        span.toMillis(),
        interval.toMillis());
    return d;
  }

  /**
   * Whether, at the last check, some peer's lifeline had closed and was refused or unanswered, for
   * at most {@code rebalance-hold}: a peer that may have died in the last moments, before any
   * verdict or failure detector has seen it. Read from any thread.
   */
  boolean peerInDoubt() {
    return peerInDoubt;
  }

  private void safeRound() {
    try {
      round();
    } catch (RuntimeException | LinkageError e) {
      // A task that throws ends a fixed-delay schedule silently: one bad round must not stop the
      // checks for the life of the node.
      log.warn("checking the peers' lifelines failed", e);
    }
  }

  private void round() {
    if (selfDowned || !probed(cluster.selfMember().status())) {
      lifelines.retain(Set.of());
      peerInDoubt = false;
      return; // a node leaving, or down, decides nothing more
    }
    Address self = cluster.selfAddress();
    String dc = cluster.selfDataCenter();
    Set<Address> counted = new HashSet<>();
    Set<String> checked = new HashSet<>();
    Map<Address, UniqueAddress> incarnations = new HashMap<>();
    for (Member m : cluster.state().getMembers()) {
      if (m.address().equals(self) || !dc.equals(m.dataCenter()) || !counted(m.status())) {
        continue;
      }
      counted.add(m.address());
      incarnations.put(m.address(), m.uniqueAddress());
      OptionalInt port = Lifeline.port(m.getRoles());
      if (!probed(m.status()) || port.isEmpty() || m.address().getHost().isEmpty()) {
        continue; // leaving gracefully, or a node without a lifeline: the resolver's
      }
      String host = m.address().getHost().get();
      checked.add(host + ":" + port.getAsInt());
      peers.observe(m.address(), lifelines.check(host, port.getAsInt()), System.nanoTime());
    }
    lifelines.retain(checked);
    downed.retainAll(incarnations.values());
    RefusedPeers.Verdict v = peers.decide(counted);
    peerInDoubt = peers.anyInDoubt(System.nanoTime(), rebalanceHoldNanos);
    switch (v.action()) {
      case DOWN_PEERS -> {
        for (Address a : v.gone()) {
          if (downed.add(incarnations.get(a))) {
            log.warn(
                "downing {}: its lifeline closed and refused {} connections in a row over {} ms,"
                    + " its process is gone",
                a,
                peers.refusals(a),
                peers.spanMillis(a));
            cluster.down(a);
            quarantine(incarnations.get(a));
          }
        }
      }
      case DOWN_SELF -> {
        selfDowned = true;
        log.error(
            "downing this node: the lifelines of {} of the {} other members refuse connections"
                + " ({}), so this node is on the minority side",
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
  private void quarantine(UniqueAddress gone) {
    Address a = gone.address();
    try {
      var provider =
          (org.apache.pekko.remote.RemoteActorRefProvider)
              ((org.apache.pekko.actor.ExtendedActorSystem) cluster.system()).provider();
      provider.quarantine(
          a,
          scala.Option.apply((Object) gone.longUid()),
          "its lifeline refuses connections: the process is gone");
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

  /** The statuses whose members are checked, and in which this node checks. */
  private static boolean probed(MemberStatus s) {
    return s == MemberStatus.up() || s == MemberStatus.weaklyUp();
  }
}
