package com.marketmaker.actors.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.actors.sweep.SweepProtocol.Assignment;
import com.marketmaker.actors.sweep.SweepProtocol.Command;
import com.marketmaker.actors.sweep.SweepProtocol.Get;
import com.marketmaker.actors.sweep.SweepProtocol.ListSweeps;
import com.marketmaker.actors.sweep.SweepProtocol.PointKey;
import com.marketmaker.actors.sweep.SweepProtocol.PointOutcome;
import com.marketmaker.actors.sweep.SweepProtocol.Pull;
import com.marketmaker.actors.sweep.SweepProtocol.Recorded;
import com.marketmaker.actors.sweep.SweepProtocol.Report;
import com.marketmaker.actors.sweep.SweepProtocol.Submit;
import com.marketmaker.actors.sweep.SweepProtocol.Submitted;
import com.marketmaker.actors.sweep.SweepProtocol.SweepList;
import com.marketmaker.actors.sweep.SweepProtocol.SweepSpec;
import com.marketmaker.actors.sweep.SweepProtocol.SweepView;
import com.marketmaker.actors.sweep.SweepProtocol.Work;
import com.marketmaker.actors.sweep.SweepProtocol.WorkerMessage;
import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The sweep coordinator with the in-memory journal: points leased to pulling workers, a dead
 * worker's share leased again, every outcome journaled once however often it is reported, and the
 * results surviving a restart of the coordinator.
 */
class SweepCoordinatorTest {

  private static final ActorTestKit testKit =
      ActorTestKit.create(
          ConfigFactory.parseString("pekko.actor.provider = local")
              .withFallback(EventSourcedBehaviorTestKit.config())
              .withFallback(ConfigFactory.load()));

  private static final AtomicInteger sweeps = new AtomicInteger();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static SweepSpec spec(String id, int points) {
    List<String> p = new ArrayList<>();
    for (int i = 0; i < points; i++) {
      p.add("{\"gamma\":" + (i + 1) + "}");
    }
    // The tests share one journal (the coordinator's persistence id is fixed): the request names
    // its sweep so that a test can tell its own points from those other tests left unfinished.
    return new SweepSpec(id, "{\"sweep\":\"" + id + "\"}", p, "total", true, "alice", 1L);
  }

  private ActorRef<Command> coordinator(String name) {
    return testKit.spawn(
        SweepCoordinator.create(
            new SweepCoordinator.Settings(Duration.ofMinutes(30), 50, 5), Clock.systemUTC()),
        name);
  }

  private static String uniqueId() {
    return "s" + sweeps.incrementAndGet() + "-" + System.nanoTime();
  }

  private static PointOutcome ok(PointKey key, String node) {
    return new PointOutcome(key, Map.of("total", (double) key.index()), null, node, 5);
  }

  private SweepView view(ActorRef<Command> c, String id) {
    TestProbe<SweepView> probe = testKit.createTestProbe();
    c.tell(new Get(id, probe.getRef()));
    return probe.receiveMessage();
  }

  @Test
  void leasesPointsToPullersAndRecordsEachOutcomeOnce() {
    // The coordinator is a singleton with one persistence id: one instance per test at a time.
    ActorRef<Command> c = coordinator("coordinator-a");
    String id = uniqueId();
    TestProbe<Submitted> submitted = testKit.createTestProbe();
    c.tell(new Submit(spec(id, 5), submitted.getRef()));
    assertEquals(new Submitted(id, 5, false), submitted.receiveMessage());
    c.tell(new Submit(spec(id, 5), submitted.getRef()));
    assertTrue(submitted.receiveMessage().alreadyKnown());

    TestProbe<WorkerMessage> w1 = testKit.createTestProbe();
    TestProbe<WorkerMessage> w2 = testKit.createTestProbe();
    c.tell(new Pull(w1.getRef(), "n1", 2, List.of()));
    Work first = w1.expectMessageClass(Work.class);
    c.tell(new Pull(w2.getRef(), "n2", 2, List.of()));
    Work second = w2.expectMessageClass(Work.class);
    Set<PointKey> leased = new HashSet<>();
    for (Assignment a : first.assignments()) {
      assertTrue(leased.add(a.key()));
      assertEquals("{\"gamma\":" + (a.key().index() + 1) + "}", a.point());
    }
    for (Assignment a : second.assignments()) {
      assertTrue(leased.add(a.key()), "a point is leased to one worker at a time");
    }
    assertEquals(4, leased.size());
    assertEquals(4, view(c, id).running().size());

    // Reported twice (a lost acknowledgement): journaled once, acknowledged both times.
    PointKey k0 = first.assignments().get(0).key();
    c.tell(new Report(ok(k0, "n1"), w1.getRef()));
    assertEquals(new Recorded(k0), w1.receiveMessage());
    c.tell(new Report(ok(k0, "n1"), w1.getRef()));
    assertEquals(new Recorded(k0), w1.receiveMessage());
    SweepView v = view(c, id);
    assertEquals(1, v.done());
    assertEquals(1, v.results().size());
    assertEquals(1, v.duplicateReports());

    // The last point goes to whoever asks next; nothing is left after that.
    c.tell(new Pull(w1.getRef(), "n1", 5, List.of(first.assignments().get(1).key())));
    Work third = w1.expectMessageClass(Work.class);
    assertEquals(1, third.assignments().size());
    c.tell(
        new Pull(
            w2.getRef(), "n2", 5, second.assignments().stream().map(Assignment::key).toList()));
    assertTrue(w2.expectMessageClass(Work.class).assignments().isEmpty());

    for (Assignment a : concat(first, second, third)) {
      if (a.key().equals(k0)) {
        continue;
      }
      c.tell(new Report(ok(a.key(), "n"), w1.getRef()));
      w1.expectMessageClass(Recorded.class);
    }
    v = view(c, id);
    assertEquals(5, v.done());
    assertEquals(0, v.failed());
    assertEquals(List.of(0, 1, 2, 3, 4), v.results().stream().map(o -> o.key().index()).toList());
    assertTrue(v.running().isEmpty());
    testKit.stop(c);
  }

  @Test
  void aDeadWorkersShareIsLeasedAgainAndResultsSurviveARestart() {
    ActorRef<Command> c = coordinator("coordinator-b");
    String id = uniqueId();
    TestProbe<Submitted> submitted = testKit.createTestProbe();
    c.tell(new Submit(spec(id, 3), submitted.getRef()));
    submitted.receiveMessage();

    // A worker that takes two points and dies without reporting.
    TestProbe<WorkerMessage> doomedInbox = testKit.createTestProbe();
    ActorRef<WorkerMessage> doomed = testKit.spawn(forwardTo(doomedInbox.getRef()));
    c.tell(new Pull(doomed, "doomed", 2, List.of()));
    Work lost = doomedInbox.expectMessageClass(Work.class);
    assertEquals(2, lost.assignments().size());

    TestProbe<WorkerMessage> survivor = testKit.createTestProbe();
    c.tell(new Pull(survivor.getRef(), "survivor", 5, List.of()));
    Work rest = survivor.expectMessageClass(Work.class);
    assertEquals(1, rest.assignments().size());
    c.tell(new Report(ok(rest.assignments().get(0).key(), "survivor"), survivor.getRef()));
    survivor.expectMessageClass(Recorded.class);

    testKit.stop(doomed);
    // Once the coordinator sees it gone, its two points are leased again.
    List<PointKey> again = new ArrayList<>();
    survivor.awaitAssert(
        Duration.ofSeconds(5),
        () -> {
          c.tell(new Pull(survivor.getRef(), "survivor", 5, List.of()));
          Work w = survivor.expectMessageClass(Work.class);
          assertEquals(2, w.assignments().size());
          w.assignments().forEach(a -> again.add(a.key()));
          return null;
        });
    assertEquals(
        new HashSet<>(lost.assignments().stream().map(Assignment::key).toList()),
        new HashSet<>(again));
    for (PointKey k : again) {
      c.tell(new Report(ok(k, "survivor"), survivor.getRef()));
      survivor.expectMessageClass(Recorded.class);
    }

    // The coordinator moves (stopped here, started again with the same journal): results stay.
    testKit.stop(c);
    ActorRef<Command> restarted = coordinator("coordinator-b2");
    SweepView v = view(restarted, id);
    assertTrue(v.found());
    assertEquals(3, v.done());
    for (PointOutcome o : v.results()) {
      assertEquals("survivor", o.node());
    }
    TestProbe<SweepList> list = testKit.createTestProbe();
    restarted.tell(new ListSweeps(list.getRef()));
    assertTrue(list.receiveMessage().sweeps().stream().anyMatch(s -> s.id().equals(id)));
    assertFalse(view(restarted, "no-such-sweep").found());
    testKit.stop(restarted);
  }

  @Test
  void aWorkerRunsThePointsItIsGivenAndReportsThemUntilAcknowledged() {
    ActorRef<Command> c = coordinator("coordinator-c");
    String id = uniqueId();
    TestProbe<Submitted> submitted = testKit.createTestProbe();
    c.tell(new Submit(spec(id, 6), submitted.getRef()));
    submitted.receiveMessage();
    Map<String, Integer> ranBy = new ConcurrentHashMap<>();
    SweepWorker.PointRunner runner =
        (request, point) -> {
          if (request.contains(id)) {
            ranBy.merge(point, 1, Integer::sum);
          }
          if (point.contains(":4}")) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("bad point"));
          }
          return CompletableFuture.supplyAsync(() -> Map.of("total", (double) point.length()));
        };
    testKit.spawn(
        SweepWorker.create(c, runner, new SweepWorker.Settings(2, Duration.ofMillis(50)), "n1"));
    TestProbe<SweepView> probe = testKit.createTestProbe();
    probe.awaitAssert(
        Duration.ofSeconds(10),
        () -> {
          c.tell(new Get(id, probe.getRef()));
          assertEquals(6, probe.receiveMessage().done());
          return null;
        });
    SweepView v = view(c, id);
    assertEquals(1, v.failed());
    PointOutcome failed = v.results().get(3);
    assertEquals("IllegalArgumentException: bad point", failed.error());
    assertEquals(6, ranBy.size());
    ranBy.values().forEach(n -> assertEquals(1, n, "each point runs once on a steady cluster"));
    testKit.stop(c);
  }

  @Test
  void pointsAWorkerGivesBackAreLeasedAgain() {
    ActorRef<Command> c = coordinator("coordinator-d");
    String id = uniqueId();
    TestProbe<Submitted> submitted = testKit.createTestProbe();
    c.tell(new Submit(spec(id, 2), submitted.getRef()));
    submitted.receiveMessage();
    TestProbe<WorkerMessage> greedy = testKit.createTestProbe();
    c.tell(new Pull(greedy.getRef(), "n1", 2, List.of()));
    Work two = greedy.expectMessageClass(Work.class);
    assertEquals(2, two.assignments().size());
    TestProbe<WorkerMessage> other = testKit.createTestProbe();
    c.tell(new Pull(other.getRef(), "n2", 2, List.of()));
    assertTrue(other.expectMessageClass(Work.class).assignments().isEmpty());
    PointKey back = two.assignments().get(1).key();
    c.tell(new SweepProtocol.Release(greedy.getRef(), List.of(back)));
    c.tell(new Pull(other.getRef(), "n2", 2, List.of()));
    Work again = other.expectMessageClass(Work.class);
    assertEquals(List.of(back), again.assignments().stream().map(Assignment::key).toList());
    testKit.stop(c);
  }

  private static List<Assignment> concat(Work... works) {
    List<Assignment> out = new ArrayList<>();
    for (Work w : works) {
      out.addAll(w.assignments());
    }
    return out;
  }

  private static Behavior<WorkerMessage> forwardTo(ActorRef<WorkerMessage> inbox) {
    return Behaviors.receiveMessage(
        m -> {
          inbox.tell(m);
          return Behaviors.same();
        });
  }
}
