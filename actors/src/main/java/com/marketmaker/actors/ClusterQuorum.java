package com.marketmaker.actors;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.ClusterActorRefProvider;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;

/**
 * Whether this node may send new orders: it sees a strict majority of the cluster's members alive,
 * itself included, by the failure detector's verdict at the moment of asking.
 *
 * <p>The split-brain resolver keeps the majority side (keep-majority) and moves the instruments of
 * the other side once it has been stable for {@code stable-after} plus the down-removal margin.
 * Until the minority side has downed itself its entities still run; this gate is what stops them
 * placing orders meanwhile. The verdict is taken from the failure detector when asked, not from the
 * membership's reachability (which the node updates about once a second): a node that was frozen (a
 * long GC, SIGSTOP) and wakes up finds every peer's last heartbeat stale and sees no majority
 * before any timer of its entities can place an order. Cancels are never gated: pulling a quote is
 * always safe.
 *
 * <p>On the majority side of a partition, or after a peer was killed, the survivors still see a
 * strict majority (two of three) and keep quoting. An even split pauses both halves, as the
 * resolver itself would keep only one of them. A node outside a cluster (a local actor provider)
 * always holds the quorum.
 */
public final class ClusterQuorum implements Extension {

  private static final Duration TICK = Duration.ofMillis(100);

  private final Cluster cluster;
  private final AtomicLong closedChecks = new AtomicLong();
  private final AtomicLong stalls = new AtomicLong();
  private final long stallNanos;
  private final long graceNanos;
  private volatile long lastTickNanos = System.nanoTime();
  private volatile long closedUntilNanos = lastTickNanos;

  ClusterQuorum(Cluster cluster, Duration stall, Duration grace) {
    this.cluster = cluster;
    this.stallNanos = stall.toNanos();
    this.graceNanos = grace.toNanos();
  }

  /** The ticker's beat: notes that the node runs, and closes the gate after a stall. */
  void tick(long nowNanos) {
    if (nowNanos - lastTickNanos > stallNanos) {
      stalls.incrementAndGet();
      closedUntilNanos = nowNanos + graceNanos;
    }
    lastTickNanos = nowNanos;
  }

  /** Whether this node may place orders now. */
  public boolean holds() {
    if (cluster == null) {
      return true;
    }
    return holds(System.nanoTime());
  }

  boolean holds(long nowNanos) {
    if (nowNanos - lastTickNanos > stallNanos || nowNanos - closedUntilNanos < 0) {
      // Back from a stall (the ticker has not run yet, or the grace after it has not passed).
      closedChecks.incrementAndGet();
      return false;
    }
    Member self = cluster.selfMember();
    if (self.status() != MemberStatus.up() && self.status() != MemberStatus.weaklyUp()) {
      closedChecks.incrementAndGet();
      return false;
    }
    boolean holds = seesMajority();
    if (!holds) {
      closedChecks.incrementAndGet();
    }
    return holds;
  }

  /**
   * Whether a stopping entity may cancel its instrument's orders: this node is not downed and sees
   * a majority (a node leaving gracefully does; a node cut off from the cluster does not).
   */
  public boolean mayPullOnStop() {
    if (cluster == null) {
      return true;
    }
    MemberStatus st = cluster.selfMember().status();
    if (st == MemberStatus.down() || st == MemberStatus.removed()) {
      return false;
    }
    long now = System.nanoTime();
    return now - lastTickNanos <= stallNanos && now - closedUntilNanos >= 0 && seesMajority();
  }

  /** Times an entity asked and was told no (no majority seen, or just back from a stall). */
  public long closedChecks() {
    return closedChecks.get();
  }

  /** Stalls longer than the resolver's stable-after this node came back from. */
  public long stalls() {
    return stalls.get();
  }

  /** This node and the members its failure detector finds alive are a strict majority. */
  private boolean seesMajority() {
    int members = 0;
    int available = 0;
    Address selfAddress = cluster.selfAddress();
    for (Member m : cluster.state().getMembers()) {
      MemberStatus st = m.status();
      if (st == MemberStatus.down()
          || st == MemberStatus.removed()
          || st == MemberStatus.joining()
          || st == MemberStatus.exiting()) {
        continue; // not (or no longer) counted by the resolver's majority
      }
      members++;
      if (m.address().equals(selfAddress) || cluster.failureDetector().isAvailable(m.address())) {
        available++;
      }
    }
    return majority(available, members);
  }

  /** A strict majority of {@code members} is {@code available}. */
  static boolean majority(int available, int members) {
    return members > 0 && 2 * available > members;
  }

  public static ClusterQuorum get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  private static final class Id extends ExtensionId<ClusterQuorum> {
    static final Id INSTANCE = new Id();

    @Override
    public ClusterQuorum createExtension(ActorSystem<?> system) {
      boolean clustered =
          system.classicSystem() instanceof ExtendedActorSystem e
              && e.provider() instanceof ClusterActorRefProvider;
      if (!clustered) {
        return new ClusterQuorum(null, Duration.ofDays(1), Duration.ZERO);
      }
      Config c = system.settings().config();
      Duration stall = c.getDuration("pekko.cluster.split-brain-resolver.stable-after");
      Duration grace =
          c.getDuration("pekko.cluster.failure-detector.acceptable-heartbeat-pause")
              .plus(
                  c.getDuration("pekko.cluster.failure-detector.heartbeat-interval")
                      .multipliedBy(2));
      ClusterQuorum q = new ClusterQuorum(Cluster.get(system.classicSystem()), stall, grace);
      system
          .scheduler()
          .scheduleAtFixedRate(
              TICK, TICK, () -> q.tick(System.nanoTime()), system.executionContext());
      return q;
    }
  }
}
