package com.marketmaker.http.auth;

import com.marketmaker.persistence.CborSerializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The cluster's audit log: one persistent actor, run as a cluster singleton, that every node's
 * {@link AuditShipper} sends its entries to in batches. Every batch is journaled (the journal keeps
 * the whole history); the actor keeps the last {@code retain} entries in memory for {@code GET
 * /audit}, and its snapshots hold only those, so recovery reads a snapshot and the events after it.
 *
 * <p>A batch is identified by its source (a node's shipper) and the number of its last entry, so a
 * batch sent again after a lost acknowledgement is acknowledged without being journaled twice.
 */
public final class AuditLog
    extends EventSourcedBehavior<AuditLog.Command, AuditLog.Appended, AuditLog.State> {

  public static final PersistenceId PERSISTENCE_ID = PersistenceId.ofUniqueId("audit-log");

  /** Sources remembered for recognising a batch sent twice. */
  static final int MAX_SOURCES = 1024;

  public sealed interface Command extends CborSerializable permits Append, Query {}

  /**
   * Entries {@code lastSourceSeq - entries.size() + 1 .. lastSourceSeq} of {@code source}.
   *
   * @param entries at most a shipper's batch
   */
  public record Append(
      String source, long lastSourceSeq, List<AuditEntry> entries, ActorRef<Ack> replyTo)
      implements Command {}

  /** The batch up to {@code lastSourceSeq} of the source is in the log. */
  public record Ack(long lastSourceSeq) implements CborSerializable {}

  /**
   * The entries at or after {@code sinceMillis} (oldest first), or the newest ones (newest first)
   * when it is null; at most {@code limit}.
   */
  public record Query(Long sinceMillis, int limit, ActorRef<Page> replyTo) implements Command {}

  /**
   * @param more whether entries beyond {@code limit} match
   * @param total entries ever logged
   * @param retained entries kept for queries
   * @param oldestRetainedMillis time of the oldest entry kept, null when none
   */
  public record Page(
      List<AuditEntry> entries, boolean more, long total, int retained, Long oldestRetainedMillis)
      implements CborSerializable {}

  /** The event: a batch with its log positions assigned. */
  public record Appended(String source, long lastSourceSeq, List<AuditEntry> entries)
      implements CborSerializable {}

  /**
   * @param nextSeq the position the next entry gets
   * @param recent the last entries, oldest first
   * @param sources the last batch logged per source, least recently appended first
   */
  public record State(long nextSeq, List<AuditEntry> recent, Map<String, Long> sources)
      implements CborSerializable {

    public State {
      recent = List.copyOf(recent);
      sources = new LinkedHashMap<>(sources);
    }

    State apply(Appended event, int retain) {
      List<AuditEntry> next = new ArrayList<>(recent);
      next.addAll(event.entries());
      if (next.size() > retain) {
        next = next.subList(next.size() - retain, next.size());
      }
      Map<String, Long> s = new LinkedHashMap<>(sources);
      s.remove(event.source());
      s.put(event.source(), event.lastSourceSeq());
      while (s.size() > MAX_SOURCES) {
        s.remove(s.keySet().iterator().next());
      }
      return new State(nextSeq + event.entries().size(), next, s);
    }

    Page query(Long sinceMillis, int limit) {
      List<AuditEntry> out = new ArrayList<>();
      boolean more = false;
      if (sinceMillis == null) {
        for (int i = recent.size() - 1; i >= 0; i--) {
          if (out.size() == limit) {
            more = true;
            break;
          }
          out.add(recent.get(i));
        }
      } else {
        for (AuditEntry e : recent) {
          if (e.timeMillis() >= sinceMillis) {
            if (out.size() == limit) {
              more = true;
              break;
            }
            out.add(e);
          }
        }
      }
      return new Page(
          out,
          more,
          nextSeq - 1,
          recent.size(),
          recent.isEmpty() ? null : recent.get(0).timeMillis());
    }
  }

  private final int retain;
  private final int snapshotEvery;

  public static Behavior<Command> create(int retain, int snapshotEvery) {
    return Behaviors.<Command>supervise(
            Behaviors.setup(context -> new AuditLog(retain, snapshotEvery)))
        .onFailure(
            SupervisorStrategy.restartWithBackoff(
                Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
  }

  private AuditLog(int retain, int snapshotEvery) {
    super(PERSISTENCE_ID);
    this.retain = retain;
    this.snapshotEvery = snapshotEvery;
  }

  @Override
  public State emptyState() {
    return new State(1, List.of(), Map.of());
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    // Snapshots keep recovery short; the events themselves are the audit trail and stay.
    return RetentionCriteria.snapshotEvery(snapshotEvery, 2);
  }

  @Override
  public EventHandler<State, Appended> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent((s, e) -> s.apply(e, retain));
  }

  @Override
  public CommandHandler<Command, Appended, State> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Append.class, this::onAppend)
        .onCommand(
            Query.class,
            (state, q) -> {
              q.replyTo().tell(state.query(q.sinceMillis(), q.limit()));
              return Effect().none();
            })
        .build();
  }

  private Effect<Appended, State> onAppend(State state, Append append) {
    Long logged = state.sources().get(append.source());
    if (append.entries().isEmpty() || (logged != null && append.lastSourceSeq() <= logged)) {
      append.replyTo().tell(new Ack(append.lastSourceSeq()));
      return Effect().none();
    }
    List<AuditEntry> numbered = new ArrayList<>(append.entries().size());
    long seq = state.nextSeq();
    for (AuditEntry e : append.entries()) {
      numbered.add(e.withSeq(seq++));
    }
    return Effect()
        .persist(new Appended(append.source(), append.lastSourceSeq(), numbered))
        .thenRun(s -> append.replyTo().tell(new Ack(append.lastSourceSeq())));
  }
}
