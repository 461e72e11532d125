package com.marketmaker.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.Address;

/**
 * Which peers' processes are gone, judged from connections to their lifelines, and what this node
 * does about it. Pure bookkeeping: {@link GoneProcessDowning} probes and acts.
 *
 * <p>A peer is gone once its lifeline has refused the last {@code refusalsToConfirm} connections in
 * a row, the first and last of them at least {@code minSpanNanos} apart. A refusal means no process
 * listens on the port: the node's JVM has died (SIGKILL, a crash, the OOM killer) or its actor
 * system has terminated, closing the lifeline with it. A paused or overloaded process does not
 * refuse (its kernel still completes the handshake, or drops it once the queue is full), nor does a
 * network that drops packets: those stay with the failure detector and the split-brain resolver. A
 * lifeline held open or connected anew, or a connection that got no answer, ends the streak.
 *
 * <p>What to do follows the resolver's keep-majority rule, decided on the gone peers instead of the
 * unreachable ones, among the members the resolver counts:
 *
 * <ul>
 *   <li>the others are a strict majority with this node: down the gone peers;
 *   <li>they are a strict minority: down this node (a network that rejects rather than drops
 *       packets around this node looks like every peer gone; the majority then downs this node at
 *       the same moment, as the resolver's two sides decide at the same stable-after);
 *   <li>an even split: nothing, the resolver decides.
 * </ul>
 */
final class RefusedPeers {

  /** What one check of a peer's lifeline gave. */
  enum Probe {
    ACCEPTED,
    REFUSED,
    /** Timed out, unroutable or any other failure: says nothing about the process. */
    NO_ANSWER
  }

  enum Action {
    NONE,
    DOWN_PEERS,
    DOWN_SELF
  }

  /** What to do now; {@code gone} are the peers judged gone (empty for {@code NONE}). */
  record Verdict(Action action, List<Address> gone) {
    static final Verdict NONE = new Verdict(Action.NONE, List.of());
  }

  private static final class Streak {
    int refusals;
    long firstNanos;
    long lastNanos;
  }

  private final int refusalsToConfirm;
  private final long minSpanNanos;
  private final Map<Address, Streak> streaks = new HashMap<>();

  /**
   * Peers whose last check was not answered by a live process (refused, or no answer), with when
   * the first of those checks in a row was made, nanoseconds.
   */
  private final Map<Address, Long> inDoubtSince = new HashMap<>();

  /**
   * @param refusalsToConfirm refusals in a row before a peer is gone, at least 1
   * @param minSpanNanos the least time from the first to the last of them, nanoseconds
   */
  RefusedPeers(int refusalsToConfirm, long minSpanNanos) {
    if (refusalsToConfirm < 1 || minSpanNanos < 0) {
      throw new IllegalArgumentException(
          "refusals must be positive and the span not negative: "
              + refusalsToConfirm
              + ", "
              + minSpanNanos);
    }
    this.refusalsToConfirm = refusalsToConfirm;
    this.minSpanNanos = minSpanNanos;
  }

  /** Notes the outcome of one connection attempt to {@code peer} at {@code nanos}. */
  void observe(Address peer, Probe probe, long nanos) {
    if (probe == Probe.ACCEPTED) {
      inDoubtSince.remove(peer);
    } else {
      inDoubtSince.putIfAbsent(peer, nanos);
    }
    if (probe != Probe.REFUSED) {
      streaks.remove(peer);
      return;
    }
    Streak s = streaks.computeIfAbsent(peer, p -> new Streak());
    if (s.refusals == 0) {
      s.firstNanos = nanos;
    }
    s.refusals++;
    s.lastNanos = nanos;
  }

  /**
   * Whether some peer still counted has not been answered by a live process (refused, or no answer)
   * at its checks since at most {@code withinNanos} before {@code nowNanos}: a peer that may have
   * died a moment ago, before any verdict. A doubt older than that is not a death (one is judged
   * within a second) but a paused process or a network that blocks the lifeline's port, and no
   * longer counts. Peers no longer counted are forgotten at {@link #decide}.
   */
  boolean anyInDoubt(long nowNanos, long withinNanos) {
    if (withinNanos <= 0) {
      return false;
    }
    for (long since : inDoubtSince.values()) {
      if (nowNanos - since <= withinNanos) {
        return true;
      }
    }
    return false;
  }

  /** Refusals in a row from {@code peer} so far. */
  int refusals(Address peer) {
    Streak s = streaks.get(peer);
    return s == null ? 0 : s.refusals;
  }

  /** Milliseconds from the first to the last refusal of the current streak of {@code peer}. */
  long spanMillis(Address peer) {
    Streak s = streaks.get(peer);
    return s == null ? 0 : (s.lastNanos - s.firstNanos) / 1_000_000;
  }

  /**
   * The verdict over {@code peers}: the members the resolver counts, this node excluded. Streaks of
   * addresses no longer among them are forgotten.
   */
  Verdict decide(Set<Address> peers) {
    streaks.keySet().retainAll(peers);
    inDoubtSince.keySet().retainAll(peers);
    List<Address> gone = new ArrayList<>();
    for (Map.Entry<Address, Streak> e : streaks.entrySet()) {
      Streak s = e.getValue();
      if (s.refusals >= refusalsToConfirm && s.lastNanos - s.firstNanos >= minSpanNanos) {
        gone.add(e.getKey());
      }
    }
    if (gone.isEmpty()) {
      return Verdict.NONE;
    }
    gone.sort(Address.addressOrdering());
    int members = peers.size() + 1;
    int remaining = members - gone.size();
    if (2 * remaining > members) {
      return new Verdict(Action.DOWN_PEERS, List.copyOf(gone));
    }
    if (2 * remaining < members) {
      return new Verdict(Action.DOWN_SELF, List.copyOf(gone));
    }
    return Verdict.NONE;
  }
}
