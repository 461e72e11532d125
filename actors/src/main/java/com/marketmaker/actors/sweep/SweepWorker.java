package com.marketmaker.actors.sweep;

import com.marketmaker.actors.sweep.SweepProtocol.Assignment;
import com.marketmaker.actors.sweep.SweepProtocol.Command;
import com.marketmaker.actors.sweep.SweepProtocol.PointKey;
import com.marketmaker.actors.sweep.SweepProtocol.PointOutcome;
import com.marketmaker.actors.sweep.SweepProtocol.Pull;
import com.marketmaker.actors.sweep.SweepProtocol.Recorded;
import com.marketmaker.actors.sweep.SweepProtocol.Report;
import com.marketmaker.actors.sweep.SweepProtocol.Work;
import com.marketmaker.actors.sweep.SweepProtocol.WorkerMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * One per node: pulls sweep points from the coordinator while it has idle slots, runs them through
 * the {@link PointRunner} (which runs them off the actor system's dispatchers) and reports each
 * outcome until the coordinator acknowledges it. A report whose acknowledgement is lost (the
 * coordinator moving to another node) is sent again on the next tick; the coordinator records it
 * once.
 */
public final class SweepWorker extends AbstractBehavior<WorkerMessage> {

  /** Runs one point; completes with the point's figures, or fails with why. */
  @FunctionalInterface
  public interface PointRunner {
    CompletionStage<Map<String, Double>> run(String request, String point);

    /** Whether this node can run points yet (its data prepared, say); no work is taken before. */
    default boolean ready() {
      return true;
    }
  }

  /**
   * @param slots points run at once on this node
   * @param pullInterval how often an idle worker asks for work and unacknowledged reports are
   *     resent
   */
  public record Settings(int slots, Duration pullInterval) {
    public Settings {
      if (slots < 1) {
        throw new IllegalArgumentException("slots must be >= 1, got " + slots);
      }
    }
  }

  private record Finished(PointOutcome outcome) implements WorkerMessage {}

  private enum Tick implements WorkerMessage {
    INSTANCE
  }

  private final ActorRef<Command> coordinator;
  private final PointRunner runner;
  private final Settings settings;
  private final String node;
  private final Set<PointKey> running = new LinkedHashSet<>();
  private final Map<PointKey, PointOutcome> unacknowledged = new LinkedHashMap<>();
  private final Map<PointKey, Long> reportSentNanos = new java.util.HashMap<>();
  private long pullSentNanos = Long.MIN_VALUE;

  public static Behavior<WorkerMessage> create(
      ActorRef<Command> coordinator, PointRunner runner, Settings settings, String node) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.pullInterval());
                  return new SweepWorker(context, coordinator, runner, settings, node);
                }));
  }

  private SweepWorker(
      ActorContext<WorkerMessage> context,
      ActorRef<Command> coordinator,
      PointRunner runner,
      Settings settings,
      String node) {
    super(context);
    this.coordinator = coordinator;
    this.runner = runner;
    this.settings = settings;
    this.node = node;
  }

  @Override
  public Receive<WorkerMessage> createReceive() {
    return newReceiveBuilder()
        .onMessage(Tick.class, t -> onTick())
        .onMessage(Work.class, this::onWork)
        .onMessage(Finished.class, this::onFinished)
        .onMessage(Recorded.class, r -> onRecorded(r))
        .build();
  }

  private int free() {
    return runner.ready() ? Math.max(0, settings.slots() - running.size()) : 0;
  }

  private Behavior<WorkerMessage> onTick() {
    // Unacknowledged reports again, not on every tick: the coordinator's proxy buffers them while
    // the coordinator moves, and each copy would be one more duplicate to ignore.
    long resendAfter = Math.max(2_000_000_000L, settings.pullInterval().multipliedBy(5).toNanos());
    long now = System.nanoTime();
    for (PointOutcome o : unacknowledged.values()) {
      if (now - reportSentNanos.getOrDefault(o.key(), now) >= resendAfter) {
        report(o);
      }
    }
    // Pull even when busy: the list of running points keeps their leases alive.
    long stale = settings.pullInterval().multipliedBy(3).toNanos();
    if (pullSentNanos == Long.MIN_VALUE || System.nanoTime() - pullSentNanos > stale) {
      pull();
    }
    return this;
  }

  private void pull() {
    pullSentNanos = System.nanoTime();
    coordinator.tell(new Pull(getContext().getSelf(), node, free(), new ArrayList<>(running)));
  }

  private Behavior<WorkerMessage> onWork(Work work) {
    pullSentNanos = Long.MIN_VALUE;
    List<PointKey> excess = new ArrayList<>();
    for (Assignment a : work.assignments()) {
      if (running.contains(a.key()) || unacknowledged.containsKey(a.key())) {
        continue;
      }
      if (free() == 0) {
        // Answers to pulls that queued up while the coordinator was away: give them back.
        excess.add(a.key());
        continue;
      }
      running.add(a.key());
      long started = System.nanoTime();
      CompletionStage<Map<String, Double>> result;
      try {
        result = runner.run(a.request(), a.point());
      } catch (RuntimeException e) {
        result = java.util.concurrent.CompletableFuture.failedFuture(e);
      }
      getContext()
          .pipeToSelf(
              result,
              (metrics, failure) ->
                  new Finished(
                      new PointOutcome(
                          a.key(),
                          failure == null ? metrics : Map.of(),
                          failure == null ? null : describe(failure),
                          node,
                          (System.nanoTime() - started) / 1_000_000)));
    }
    if (!excess.isEmpty()) {
      coordinator.tell(new SweepProtocol.Release(getContext().getSelf(), excess));
    } else if (!work.assignments().isEmpty() && free() > 0) {
      pull();
    }
    return this;
  }

  private static String describe(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof java.util.concurrent.CompletionException
            || t instanceof java.util.concurrent.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    String message = t.getMessage();
    return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private Behavior<WorkerMessage> onFinished(Finished finished) {
    PointOutcome outcome = finished.outcome();
    running.remove(outcome.key());
    unacknowledged.put(outcome.key(), outcome);
    report(outcome);
    if (pullSentNanos == Long.MIN_VALUE) {
      pull();
    }
    return this;
  }

  private void report(PointOutcome outcome) {
    reportSentNanos.put(outcome.key(), System.nanoTime());
    coordinator.tell(new Report(outcome, getContext().getSelf()));
  }

  private Behavior<WorkerMessage> onRecorded(Recorded recorded) {
    unacknowledged.remove(recorded.key());
    reportSentNanos.remove(recorded.key());
    return this;
  }
}
