package com.marketmaker.actors;

import com.marketmaker.actors.SymbolProtocol.Command;
import com.marketmaker.actors.SymbolProtocol.FeedReceived;
import com.marketmaker.persistence.SymbolEvent;
import java.util.List;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Keeps market data off the journal's critical path. An event-sourced behaviour holds every command
 * while one of its writes is in flight (a Cassandra round trip, 1–3 ms here, far longer when the
 * database is slow), so a tick arriving then would wait for the write before it reaches the book
 * and the quotes. This interceptor sits in front of the instrument's {@link SymbolEntity} and hands
 * a tick that arrives during a write of order events straight to the entity, which applies it to
 * the book and runs its quoting loop on its current state. That state already holds the events
 * being written: the behaviour applies events before it writes them.
 *
 * <p>What such a tick decides cannot be journaled at once, so it goes back to the entity as one
 * {@link SymbolProtocol.DecidedBesideJournal} command, journaled right after the write in flight,
 * in mailbox order. Until then the entity decides nothing more, so its state is never more than one
 * decision behind the orders it sent: at most one plan's requests (a handful) are ever out ahead of
 * the journal, as they already are for the moment between sending a plan and writing it. Ticks that
 * arrive meanwhile still reach the book at once; the turn of the quoting loop they are owed is
 * taken as soon as that decision's own write has begun ({@link SymbolProtocol.TurnOwed}, handled
 * beside that write like a tick), on the book as it is by then.
 *
 * <p>Order is kept: ticks are taken beside a write only when every tick handed to the behaviour
 * before has been handled; otherwise they queue behind it as before. A write that is not only order
 * events (a start, stop, parameter change, halt, hand-over) lets nothing past it.
 */
final class TicksBesideJournal extends BehaviorInterceptor<Command, Command> {

  /** What the entity's side of this needs. */
  interface Host {
    /** Whether the tick was handled beside a write in flight (and must not be handed on). */
    boolean handledBesideJournal(FeedReceived tick);

    /** The tick goes to the event-sourced behaviour, to be handled in turn. */
    void handedOn(FeedReceived tick);

    /**
     * Whether the owed turn of the quoting loop was taken (or is no longer owed) beside a write in
     * flight; otherwise the behaviour takes it in turn.
     */
    boolean owedTurnBesideJournal();
  }

  private final Host host;

  TicksBesideJournal(Host host) {
    super(Command.class);
    this.host = host;
  }

  @Override
  public Behavior<Command> aroundReceive(
      TypedActorContext<Command> ctx, Command msg, ReceiveTarget<Command> target) {
    if (msg instanceof FeedReceived tick) {
      if (host.handledBesideJournal(tick)) {
        return Behaviors.same();
      }
      host.handedOn(tick);
    } else if (msg == SymbolProtocol.TurnOwed.INSTANCE && host.owedTurnBesideJournal()) {
      return Behaviors.same();
    }
    return target.apply(ctx, msg);
  }

  /**
   * The result of one turn of the quoting loop that the entity must journal: the events of the
   * requests it sent, a halt the risk check called for, or the end of a halt.
   */
  record Outcome(Kind kind, List<SymbolEvent> events, String reason, String cause) {
    enum Kind {
      NOTHING,
      ORDERS_SENT,
      HALT,
      HALT_CLEARED
    }

    static final Outcome NOTHING = new Outcome(Kind.NOTHING, List.of(), "", "");

    static Outcome ordersSent(List<SymbolEvent> events) {
      return new Outcome(Kind.ORDERS_SENT, List.copyOf(events), "", "");
    }

    static Outcome halt(String reason, String cause) {
      return new Outcome(Kind.HALT, List.of(), reason, cause);
    }

    static final Outcome HALT_CLEARED = new Outcome(Kind.HALT_CLEARED, List.of(), "", "");
  }
}
