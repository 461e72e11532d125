package com.marketmaker.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.cluster.RefusedPeers.Action;
import com.marketmaker.cluster.RefusedPeers.Probe;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.junit.jupiter.api.Test;

/** When refused connections make a peer gone, and what a node does about it. */
class RefusedPeersTest {

  private static final long MS = 1_000_000L;
  private static final Address A = new Address("pekko", "market-maker", "127.0.0.1", 25521);
  private static final Address B = new Address("pekko", "market-maker", "127.0.0.1", 25522);
  private static final Address C = new Address("pekko", "market-maker", "127.0.0.1", 25523);
  private static final Address D = new Address("pekko", "market-maker", "127.0.0.1", 25524);

  @Test
  void aPeerIsGoneAfterEnoughRefusalsInARowOverTheSpan() {
    RefusedPeers r = new RefusedPeers(3, 300 * MS);
    r.observe(A, Probe.REFUSED, 0);
    r.observe(A, Probe.REFUSED, 200 * MS);
    assertEquals(Action.NONE, r.decide(Set.of(A, B)).action(), "two refusals are not enough");
    r.observe(A, Probe.REFUSED, 250 * MS);
    assertEquals(Action.NONE, r.decide(Set.of(A, B)).action(), "three, but within 250 ms");
    r.observe(A, Probe.REFUSED, 400 * MS);
    RefusedPeers.Verdict v = r.decide(Set.of(A, B));
    assertEquals(Action.DOWN_PEERS, v.action());
    assertEquals(List.of(A), v.gone());
    assertEquals(4, r.refusals(A));
    assertEquals(400, r.spanMillis(A));
  }

  @Test
  void anAcceptedOrUnansweredConnectionEndsTheStreak() {
    RefusedPeers r = new RefusedPeers(3, 0);
    r.observe(A, Probe.REFUSED, 0);
    r.observe(A, Probe.REFUSED, 100 * MS);
    r.observe(A, Probe.ACCEPTED, 200 * MS);
    r.observe(A, Probe.REFUSED, 300 * MS);
    r.observe(A, Probe.REFUSED, 400 * MS);
    assertEquals(Action.NONE, r.decide(Set.of(A, B)).action());
    // A paused process's kernel stops answering once its queue is full: no answer, not refused.
    r.observe(A, Probe.NO_ANSWER, 500 * MS);
    r.observe(A, Probe.REFUSED, 600 * MS);
    r.observe(A, Probe.REFUSED, 700 * MS);
    assertEquals(Action.NONE, r.decide(Set.of(A, B)).action());
    assertEquals(2, r.refusals(A));
  }

  @Test
  void theSideThatIsAMajorityDownsTheGoneAndAMinorityDownsItself() {
    RefusedPeers three = refusing(A);
    assertEquals(Action.DOWN_PEERS, three.decide(Set.of(A, B)).action(), "2 of 3 remain");

    RefusedPeers isolated = refusing(A, B);
    RefusedPeers.Verdict v = isolated.decide(Set.of(A, B));
    assertEquals(Action.DOWN_SELF, v.action(), "1 of 3 remains: this node is the minority");
    assertEquals(List.of(A, B), v.gone());

    RefusedPeers five = refusing(A, B);
    assertEquals(Action.DOWN_PEERS, five.decide(Set.of(A, B, C, D)).action(), "3 of 5 remain");
    RefusedPeers fiveMinority = refusing(A, B, C);
    assertEquals(Action.DOWN_SELF, fiveMinority.decide(Set.of(A, B, C, D)).action());
  }

  @Test
  void anEvenSplitIsLeftToTheResolver() {
    assertEquals(Action.NONE, refusing(A).decide(Set.of(A)).action(), "1 of 2 remains");
    assertEquals(Action.NONE, refusing(A, B).decide(Set.of(A, B, C)).action(), "2 of 4 remain");
  }

  @Test
  void peersNoLongerCountedAreForgotten() {
    RefusedPeers r = refusing(A);
    // A was downed and removed meanwhile: its streak no longer counts, nor comes back later.
    assertEquals(Action.NONE, r.decide(Set.of(B, C)).action());
    assertEquals(0, r.refusals(A));
    assertEquals(Action.NONE, r.decide(Set.of(A, B, C)).action());
  }

  @Test
  void aPeerIsInDoubtFromItsFirstUnansweredCheckUntilItAnswersIsNoLongerCountedOrTheDoubtIsOld() {
    long window = 10_000 * MS;
    RefusedPeers r = new RefusedPeers(3, 300 * MS);
    r.observe(A, Probe.ACCEPTED, 0);
    r.observe(B, Probe.ACCEPTED, 0);
    assertFalse(r.anyInDoubt(0, window), "both lifelines held");
    // A's process died: the first check after it is refused, long before any verdict.
    r.observe(A, Probe.REFUSED, 100 * MS);
    assertEquals(Action.NONE, r.decide(Set.of(A, B)).action());
    assertTrue(r.anyInDoubt(100 * MS, window), "one refusal: no verdict yet, but in doubt");
    r.observe(A, Probe.ACCEPTED, 200 * MS);
    assertFalse(r.anyInDoubt(200 * MS, window), "a new lifeline accepted: a live process again");
    // B's lifeline unanswered from 300 ms on: a doubt until it is older than the window.
    for (long t = 300; t <= 11_000; t += 100) {
      r.observe(B, Probe.NO_ANSWER, t * MS);
    }
    assertTrue(r.anyInDoubt(10_300 * MS, window), "no answer for 10 s: still a doubt");
    assertFalse(
        r.anyInDoubt(11_000 * MS, window), "no answer for longer: a blocked port, not a death");
    r.observe(A, Probe.REFUSED, 11_000 * MS);
    assertTrue(r.anyInDoubt(11_000 * MS, window), "a fresh doubt about another peer counts");
    assertFalse(r.anyInDoubt(11_000 * MS, 0), "a window of 0: doubts hold nothing");
    // A downed and removed: no longer counted, no longer in doubt.
    r.decide(Set.of(B));
    assertFalse(r.anyInDoubt(11_000 * MS, window));
  }

  @Test
  void refusesNonsensicalSettings() {
    assertThrows(IllegalArgumentException.class, () -> new RefusedPeers(0, 0));
    assertThrows(IllegalArgumentException.class, () -> new RefusedPeers(3, -1));
  }

  private static RefusedPeers refusing(Address... gone) {
    RefusedPeers r = new RefusedPeers(3, 300 * MS);
    for (Address a : gone) {
      for (int i = 0; i < 3; i++) {
        r.observe(a, Probe.REFUSED, i * 200 * MS);
      }
    }
    return r;
  }
}
