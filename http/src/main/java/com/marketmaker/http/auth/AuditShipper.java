package com.marketmaker.http.auth;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A node's side of the audit log: takes the node's entries without waiting, and sends them to the
 * {@link AuditLog} in batches, one batch in flight, sent again until acknowledged (also while the
 * log moves to another node). At most {@code maxPending} entries wait; beyond that new ones are
 * counted and dropped, and the next batch carries an entry saying how many. Entries still waiting
 * when a node dies unexpectedly are lost: at most one flush interval's worth in normal operation.
 */
public final class AuditShipper {

  private AuditShipper() {}

  /**
   * @param batch entries per batch at most
   * @param flushEvery how often waiting entries are sent
   * @param maxPending entries waiting at most
   */
  public record Settings(int batch, Duration flushEvery, int maxPending, Duration askTimeout) {}

  public sealed interface Message permits Log, Flush, Acked {}

  /** An entry to log. */
  public record Log(AuditEntry entry) implements Message, NoSerializationVerificationNeeded {}

  private enum Flush implements Message, NoSerializationVerificationNeeded {
    INSTANCE
  }

  private record Acked(boolean ok, String failure)
      implements Message, NoSerializationVerificationNeeded {}

  public static Behavior<Message> create(
      ActorRef<AuditLog.Command> log, Settings settings, String node, LongSupplier millisClock) {
    String source = node + "#" + UUID.randomUUID();
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  timers.startTimerWithFixedDelay(Flush.INSTANCE, settings.flushEvery());
                  ArrayDeque<AuditEntry> pending = new ArrayDeque<>();
                  // The batch sent and not yet acknowledged; sent again until it is.
                  List<AuditEntry> inFlight = new ArrayList<>();
                  boolean[] asking = {false};
                  long[] lastSeq = {0};
                  long[] dropped = {0};
                  int[] failures = {0};
                  boolean[] acknowledged = {false};
                  Runnable flush =
                      () -> {
                        if (asking[0]) {
                          return;
                        }
                        if (inFlight.isEmpty()) {
                          if (dropped[0] > 0) {
                            pending.addFirst(
                                new AuditEntry(
                                    0,
                                    millisClock.getAsLong(),
                                    node,
                                    "-",
                                    "-",
                                    "audit",
                                    null,
                                    0,
                                    dropped[0] + " entries dropped: too many waiting on this node",
                                    null));
                            dropped[0] = 0;
                          }
                          while (!pending.isEmpty() && inFlight.size() < settings.batch()) {
                            inFlight.add(pending.poll());
                          }
                          if (inFlight.isEmpty()) {
                            return;
                          }
                          lastSeq[0] += inFlight.size();
                        }
                        asking[0] = true;
                        send(context, log, source, lastSeq[0], inFlight, settings.askTimeout());
                      };
                  return Behaviors.receive(Message.class)
                      .onMessage(
                          Log.class,
                          m -> {
                            if (pending.size() >= settings.maxPending()) {
                              dropped[0]++;
                            } else {
                              pending.add(m.entry());
                            }
                            return Behaviors.same();
                          })
                      .onMessageEquals(
                          Flush.INSTANCE,
                          () -> {
                            flush.run();
                            return Behaviors.same();
                          })
                      .onMessage(
                          Acked.class,
                          a -> {
                            asking[0] = false;
                            if (a.ok()) {
                              acknowledged[0] = true;
                              inFlight.clear();
                              failures[0] = 0;
                              if (pending.size() >= settings.batch()) {
                                flush.run();
                              }
                            } else if (failures[0]++ % 10 == 0) {
                              String what =
                                  "audit log did not acknowledge {} entries ({}); retrying";
                              if (acknowledged[0]) {
                                context.getLog().warn(what, inFlight.size(), a.failure());
                              } else {
                                // Usual while the cluster forms and the log recovers.
                                context.getLog().info(what, inFlight.size(), a.failure());
                              }
                            }
                            return Behaviors.same();
                          })
                      .build();
                }));
  }

  private static void send(
      org.apache.pekko.actor.typed.javadsl.ActorContext<Message> context,
      ActorRef<AuditLog.Command> log,
      String source,
      long lastSeq,
      List<AuditEntry> batch,
      Duration timeout) {
    List<AuditEntry> copy = List.copyOf(batch);
    context.ask(
        AuditLog.Ack.class,
        log,
        timeout,
        r -> new AuditLog.Append(source, lastSeq, copy, r),
        (ack, e) ->
            new Acked(
                ack != null && ack.lastSourceSeq() == lastSeq, e == null ? null : e.toString()));
  }
}
