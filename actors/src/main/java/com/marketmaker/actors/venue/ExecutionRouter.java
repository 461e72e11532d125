package com.marketmaker.actors.venue;

import com.marketmaker.actors.SymbolEntity;
import com.marketmaker.actors.SymbolProtocol;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.orders.ExecutionEvent;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a venue's user-data executions to the owning instrument entities through sharding, at
 * least once: each event is asked of its entity and sent again with exponential backoff until the
 * entity acknowledges it (the entity applies it at most once, fills by venue trade id). A gap in
 * the stream is published on this node's event stream as {@link UserDataGap}, on which the
 * instruments of the venue hosted here reconcile with the venue.
 */
public final class ExecutionRouter implements ExecutionListener {

  private static final Logger log = LoggerFactory.getLogger(ExecutionRouter.class);

  /** How an execution reaches its entity: ask it, complete with its confirmation. */
  @FunctionalInterface
  public interface Delivery {
    CompletionStage<SymbolProtocol.Confirmation> ask(
        InstrumentId instrument,
        java.util.function.Function<ActorRef<SymbolProtocol.Confirmation>, SymbolProtocol.Command>
            command);
  }

  private final ActorSystem<?> system;
  private final Venue venue;
  private final Delivery delivery;
  private final Duration minBackoff;
  private final Duration maxBackoff;
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();

  public ExecutionRouter(
      ActorSystem<?> system,
      Venue venue,
      Delivery delivery,
      Duration minBackoff,
      Duration maxBackoff) {
    this.system = system;
    this.venue = venue;
    this.delivery = delivery;
    this.minBackoff = minBackoff;
    this.maxBackoff = maxBackoff;
  }

  /** Delivery through cluster sharding with the given ask timeout. */
  public static ExecutionRouter sharded(ActorSystem<?> system, Venue venue, Duration askTimeout) {
    ClusterSharding sharding = ClusterSharding.get(system);
    BiFunction<
            InstrumentId,
            java.util.function.Function<
                ActorRef<SymbolProtocol.Confirmation>, SymbolProtocol.Command>,
            CompletionStage<SymbolProtocol.Confirmation>>
        ask =
            (id, cmd) ->
                sharding
                    .entityRefFor(SymbolEntity.ENTITY_KEY, id.toString())
                    .ask(cmd::apply, askTimeout);
    return new ExecutionRouter(
        system, venue, ask::apply, Duration.ofMillis(100), Duration.ofSeconds(10));
  }

  @Override
  public void onExecution(ExecutionEvent event) {
    send(event, 0);
  }

  @Override
  public void onGap(String reason) {
    log.info("{} user-data gap: {}; instruments here reconcile", venue, reason);
    system.eventStream().tell(new EventStream.Publish<>(new UserDataGap(venue, reason)));
  }

  private void send(ExecutionEvent event, int attempt) {
    delivery
        .ask(event.instrument(), replyTo -> new SymbolProtocol.ApplyExecution(event, replyTo))
        .whenComplete(
            (reply, failure) -> {
              if (failure == null && reply instanceof SymbolProtocol.Accepted) {
                delivered.incrementAndGet();
              } else if (reply instanceof SymbolProtocol.Rejected r
                  && r.reason() != SymbolProtocol.Reason.CONFLICT) {
                // Unknown instrument or not ours: retrying cannot help.
                refused.incrementAndGet();
                log.warn("{}: execution refused: {}", event.instrument(), r.message());
              } else {
                retries.incrementAndGet();
                long base =
                    Math.min(maxBackoff.toMillis(), minBackoff.toMillis() << Math.min(attempt, 16));
                long delay = (long) (base * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()));
                system
                    .scheduler()
                    .scheduleOnce(
                        Duration.ofMillis(delay),
                        () -> send(event, attempt + 1),
                        system.executionContext());
              }
            });
  }

  public long delivered() {
    return delivered.get();
  }

  public long retries() {
    return retries.get();
  }

  public long refused() {
    return refused.get();
  }
}
