package com.marketmaker.actors.sweep;

import com.marketmaker.actors.sweep.SweepEvent.PointRecorded;
import com.marketmaker.actors.sweep.SweepEvent.SweepSubmitted;
import com.marketmaker.actors.sweep.SweepProtocol.Assignment;
import com.marketmaker.actors.sweep.SweepProtocol.Command;
import com.marketmaker.actors.sweep.SweepProtocol.Get;
import com.marketmaker.actors.sweep.SweepProtocol.Lease;
import com.marketmaker.actors.sweep.SweepProtocol.ListSweeps;
import com.marketmaker.actors.sweep.SweepProtocol.PointKey;
import com.marketmaker.actors.sweep.SweepProtocol.PointOutcome;
import com.marketmaker.actors.sweep.SweepProtocol.Pull;
import com.marketmaker.actors.sweep.SweepProtocol.Recorded;
import com.marketmaker.actors.sweep.SweepProtocol.Report;
import com.marketmaker.actors.sweep.SweepProtocol.Submit;
import com.marketmaker.actors.sweep.SweepProtocol.Submitted;
import com.marketmaker.actors.sweep.SweepProtocol.SweepList;
import com.marketmaker.actors.sweep.SweepProtocol.SweepSummary;
import com.marketmaker.actors.sweep.SweepProtocol.SweepView;
import com.marketmaker.actors.sweep.SweepProtocol.Work;
import com.marketmaker.actors.sweep.SweepProtocol.WorkerMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * Hands the points of backtest sweeps to the workers of the cluster's nodes and journals their
 * outcomes. Run as a cluster singleton; its journal (Cassandra in production) is the record of the
 * sweeps and their results.
 *
 * <p>Workers pull: a worker with idle slots sends {@link Pull} and is leased that many pending
 * points. Leases live in memory only. A worker's node that dies (its worker actor terminated once
 * the node is downed) gives its leased points back, and so does a lease older than the lease
 * timeout; they are then leased again, to any worker. After a takeover the new coordinator knows no
 * lease; the workers list the points they are running in every pull, and those are leased to them
 * again.
 *
 * <p>Each outcome is journaled once: a report for a point already recorded (a re-run after a lost
 * lease, a report resent because its acknowledgement was lost) is acknowledged and counted, not
 * journaled. So every point of a sweep has exactly one result whichever nodes come and go.
 */
public final class SweepCoordinator extends EventSourcedBehavior<Command, SweepEvent, SweepBook> {

  /** Tuning. */
  public record Settings(Duration leaseTimeout, int keep, int snapshotEvery) {
    public static Settings defaults() {
      return new Settings(Duration.ofMinutes(30), 50, 500);
    }
  }

  private record WorkerGone(ActorRef<WorkerMessage> worker) implements Command {}

  private enum ExpireLeases implements Command {
    INSTANCE
  }

  /** A point in progress: since when, and when its worker last said it still runs it. */
  private record Held(
      ActorRef<WorkerMessage> worker, String node, long sinceMillis, long seenMillis) {}

  /** The persistence id of the cluster's one coordinator. */
  public static final PersistenceId PERSISTENCE_ID = PersistenceId.ofUniqueId("sweep-coordinator");

  private final ActorContext<Command> context;
  private final Settings settings;
  private final Clock clock;
  private final Map<PointKey, Held> leases = new LinkedHashMap<>();
  private final Map<ActorRef<WorkerMessage>, Boolean> watched = new HashMap<>();
  private final Map<String, Long> duplicates = new HashMap<>();

  public static Behavior<Command> create(Settings settings, Clock clock) {
    return Behaviors.<Command>supervise(
            Behaviors.setup(
                context ->
                    Behaviors.withTimers(
                        timers -> {
                          Duration every =
                              settings.leaseTimeout().dividedBy(10).compareTo(Duration.ofSeconds(1))
                                      < 0
                                  ? Duration.ofSeconds(1)
                                  : settings.leaseTimeout().dividedBy(10);
                          timers.startTimerWithFixedDelay(ExpireLeases.INSTANCE, every);
                          return new SweepCoordinator(context, settings, clock);
                        })))
        .onFailure(
            SupervisorStrategy.restartWithBackoff(
                Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
  }

  private SweepCoordinator(ActorContext<Command> context, Settings settings, Clock clock) {
    super(PERSISTENCE_ID);
    this.context = context;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public SweepBook emptyState() {
    return SweepBook.empty(settings.keep());
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
  }

  @Override
  public EventHandler<SweepBook, SweepEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(SweepBook::apply);
  }

  @Override
  public CommandHandler<Command, SweepEvent, SweepBook> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Submit.class, this::onSubmit)
        .onCommand(Pull.class, this::onPull)
        .onCommand(Report.class, this::onReport)
        .onCommand(
            SweepProtocol.Release.class,
            (book, release) -> {
              for (PointKey k : release.keys()) {
                Held held = leases.get(k);
                if (held != null && held.worker().equals(release.worker())) {
                  leases.remove(k);
                }
              }
              return Effect().none();
            })
        .onCommand(Get.class, this::onGet)
        .onCommand(ListSweeps.class, this::onList)
        .onCommand(WorkerGone.class, this::onWorkerGone)
        .onCommand(ExpireLeases.class, (book, c) -> expireLeases())
        .build();
  }

  private Effect<SweepEvent, SweepBook> onSubmit(SweepBook book, Submit submit) {
    String id = submit.spec().id();
    if (book.find(id).isPresent()) {
      submit.replyTo().tell(new Submitted(id, submit.spec().points().size(), true));
      return Effect().none();
    }
    return Effect()
        .persist(new SweepSubmitted(submit.spec()))
        .thenRun(
            b -> submit.replyTo().tell(new Submitted(id, submit.spec().points().size(), false)));
  }

  private Effect<SweepEvent, SweepBook> onPull(SweepBook book, Pull pull) {
    watch(pull.worker());
    long now = clock.millis();
    // Points the worker says it is running are its own again (after a takeover, say).
    for (PointKey running : pull.running()) {
      if (!book.settled(running)) {
        Held held = leases.get(running);
        long since = held != null && held.worker().equals(pull.worker()) ? held.sinceMillis() : now;
        leases.put(running, new Held(pull.worker(), pull.node(), since, now));
      }
    }
    List<Assignment> work = new ArrayList<>();
    if (pull.free() > 0) {
      for (PointKey key : book.pending(pull.free(), leases.keySet())) {
        SweepBook.Sweep sweep = book.find(key.sweepId()).orElseThrow();
        leases.put(key, new Held(pull.worker(), pull.node(), now, now));
        work.add(
            new Assignment(key, sweep.spec().request(), sweep.spec().points().get(key.index())));
      }
    }
    if (!work.isEmpty()) {
      context.getLog().debug("leased {} points to {}", work.size(), pull.node());
    }
    pull.worker().tell(new Work(work));
    return Effect().none();
  }

  private Effect<SweepEvent, SweepBook> onReport(SweepBook book, Report report) {
    PointOutcome outcome = report.outcome();
    PointKey key = outcome.key();
    Held held = leases.get(key);
    if (held != null && held.worker().equals(report.worker())) {
      leases.remove(key);
    }
    if (book.settled(key)) {
      if (book.find(key.sweepId()).isPresent()) {
        duplicates.merge(key.sweepId(), 1L, Long::sum);
      }
      report.worker().tell(new Recorded(key));
      return Effect().none();
    }
    leases.remove(key);
    return Effect()
        .persist(new PointRecorded(outcome, clock.millis()))
        .thenRun(b -> report.worker().tell(new Recorded(key)));
  }

  private Effect<SweepEvent, SweepBook> onGet(SweepBook book, Get get) {
    get.replyTo()
        .tell(
            book.find(get.sweepId())
                .map(s -> view(s))
                .orElseGet(() -> new SweepView(false, null, 0, 0, List.of(), List.of(), 0)));
    return Effect().none();
  }

  private SweepView view(SweepBook.Sweep s) {
    List<Lease> running = new ArrayList<>();
    leases.forEach(
        (k, h) -> {
          if (k.sweepId().equals(s.spec().id())) {
            running.add(new Lease(k.index(), h.node(), h.sinceMillis()));
          }
        });
    return new SweepView(
        true,
        s.spec(),
        s.outcomes().size(),
        s.failed(),
        List.copyOf(s.outcomes().values()),
        running,
        duplicates.getOrDefault(s.spec().id(), 0L));
  }

  private Effect<SweepEvent, SweepBook> onList(SweepBook book, ListSweeps list) {
    List<SweepSummary> out = new ArrayList<>();
    for (SweepBook.Sweep s : book.sweeps()) {
      int running = 0;
      for (PointKey k : leases.keySet()) {
        running += k.sweepId().equals(s.spec().id()) ? 1 : 0;
      }
      out.add(
          new SweepSummary(
              s.spec().id(),
              s.spec().points().size(),
              s.outcomes().size(),
              s.failed(),
              running,
              s.spec().metric(),
              s.spec().submittedBy(),
              s.spec().submittedAtMillis()));
    }
    list.replyTo().tell(new SweepList(out));
    return Effect().none();
  }

  private Effect<SweepEvent, SweepBook> onWorkerGone(SweepBook book, WorkerGone gone) {
    watched.remove(gone.worker());
    int released = 0;
    for (var it = leases.values().iterator(); it.hasNext(); ) {
      if (it.next().worker().equals(gone.worker())) {
        it.remove();
        released++;
      }
    }
    if (released > 0) {
      context
          .getLog()
          .info("worker {} is gone; {} points go back to the queue", gone.worker(), released);
    }
    return Effect().none();
  }

  private Effect<SweepEvent, SweepBook> expireLeases() {
    long oldest = clock.millis() - settings.leaseTimeout().toMillis();
    leases.values().removeIf(h -> h.seenMillis() < oldest);
    return Effect().none();
  }

  private void watch(ActorRef<WorkerMessage> worker) {
    if (watched.putIfAbsent(worker, Boolean.TRUE) == null) {
      context.watchWith(worker, new WorkerGone(worker));
    }
  }
}
