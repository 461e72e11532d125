package com.marketmaker.actors.sweep;

import com.marketmaker.persistence.CborSerializable;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The messages between the sweep coordinator (a cluster singleton), the sweep workers (one per
 * node) and the API. Everything here may cross the network.
 *
 * <p>The coordinator knows nothing of backtests: a sweep is a request and a list of points, both
 * opaque JSON text; a point's outcome is a map of named figures. The worker's {@link
 * SweepWorker.PointRunner} gives them meaning.
 */
public final class SweepProtocol {

  private SweepProtocol() {}

  /** One point of one sweep. */
  public record PointKey(String sweepId, int index) implements CborSerializable {}

  /**
   * A sweep as submitted.
   *
   * @param id unique id (the API makes it)
   * @param request the request every point shares (JSON text, read by the point runner)
   * @param points one JSON text per point
   * @param metric the figure results are ranked by
   * @param higherIsBetter ranking direction
   * @param submittedBy the operator
   * @param submittedAtMillis epoch milliseconds
   */
  public record SweepSpec(
      String id,
      String request,
      List<String> points,
      String metric,
      boolean higherIsBetter,
      String submittedBy,
      long submittedAtMillis)
      implements CborSerializable {
    public SweepSpec {
      points = List.copyOf(points);
    }
  }

  /**
   * The outcome of one point as the worker that ran it reports it.
   *
   * @param metrics the point's figures; empty when it failed
   * @param error why it failed, or null
   * @param node the cluster address of the node that ran it
   * @param elapsedMillis wall time of the run
   */
  public record PointOutcome(
      PointKey key, Map<String, Double> metrics, String error, String node, long elapsedMillis)
      implements CborSerializable {
    public boolean failed() {
      return error != null;
    }
  }

  /** One point given to a worker. */
  public record Assignment(PointKey key, String request, String point)
      implements CborSerializable {}

  // ------------------------------------------------------------------ to the coordinator

  /** What the coordinator accepts. */
  public interface Command {}

  /** A new sweep; answered with {@link Submitted}. */
  public record Submit(SweepSpec spec, ActorRef<Submitted> replyTo)
      implements Command, CborSerializable {}

  /**
   * A worker with {@code free} idle slots asks for work; it lists the points it is running so that
   * a coordinator that took over from a lost one knows they are in hand.
   */
  public record Pull(ActorRef<WorkerMessage> worker, String node, int free, List<PointKey> running)
      implements Command, CborSerializable {}

  /**
   * Points leased to {@code worker} that it will not run (it was given more than it has slots for,
   * answering pulls that had queued up while the coordinator was starting): lease them again.
   */
  public record Release(ActorRef<WorkerMessage> worker, List<PointKey> keys)
      implements Command, CborSerializable {}

  /** A point's outcome; answered with {@link Recorded} once it is journaled (or was already). */
  public record Report(PointOutcome outcome, ActorRef<WorkerMessage> worker)
      implements Command, CborSerializable {}

  /** One sweep's progress and results. */
  public record Get(String sweepId, ActorRef<SweepView> replyTo)
      implements Command, CborSerializable {}

  /** Every remembered sweep's progress. */
  public record ListSweeps(ActorRef<SweepList> replyTo) implements Command, CborSerializable {}

  // ------------------------------------------------------------------ to the workers

  /** What a worker accepts. */
  public interface WorkerMessage {}

  /** Points to run (possibly none). */
  public record Work(List<Assignment> assignments) implements WorkerMessage, CborSerializable {}

  /** The outcome of {@code key} is journaled; the worker forgets it. */
  public record Recorded(PointKey key) implements WorkerMessage, CborSerializable {}

  // ------------------------------------------------------------------ replies

  /** The sweep is journaled (or was already, for a repeated id). */
  public record Submitted(String sweepId, int points, boolean alreadyKnown)
      implements CborSerializable {}

  /** A point in progress on a node. */
  public record Lease(int index, String node, long sinceMillis) implements CborSerializable {}

  /**
   * A sweep's progress: {@code results} holds every recorded outcome, failed ones included, in
   * point order; {@code found} false for an unknown id.
   *
   * @param duplicateReports outcomes reported again for points already recorded (re-runs after a
   *     node loss, resent reports), ignored
   */
  public record SweepView(
      boolean found,
      SweepSpec spec,
      int done,
      int failed,
      List<PointOutcome> results,
      List<Lease> running,
      long duplicateReports)
      implements CborSerializable {}

  /** One line per sweep. */
  public record SweepSummary(
      String id,
      int points,
      int done,
      int failed,
      int running,
      String metric,
      String submittedBy,
      long submittedAtMillis)
      implements CborSerializable {}

  /** Every remembered sweep, oldest first. */
  public record SweepList(List<SweepSummary> sweeps) implements CborSerializable {}
}
