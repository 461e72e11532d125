package com.marketmaker.simulator.socket;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marketmaker.simulator.replay.Faults;
import com.marketmaker.simulator.replay.PacedReplay;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A venue whose book snapshots travel on the WebSocket (Kraken, Coinbase), replaying a recorded
 * capture: the dialect answers subscriptions with a snapshot of the simulator's current book and
 * forwards each recorded update to the connections subscribed to it.
 *
 * <p>The replay runs at the pace {@link PacedReplay} keeps. Applying an update to the simulator's
 * book and sending it, and taking a snapshot for a new subscription, happen under one lock: a
 * snapshot is always followed by exactly the updates after it, so a client's book built from it
 * stays consistent (Kraken's checksums keep verifying).
 *
 * @param <S> what the dialect keeps per connection
 */
public abstract class StreamVenue<S extends StreamVenue.Subscriber> extends PacedReplay
    implements SessionHub.Handler {

  /**
   * A replay status.
   *
   * @param updatesReplayed per symbol, book updates applied to the simulator's book so far
   * @param droppedUpdates updates withheld from clients by the dropUpdates fault
   * @param snapshotsServed snapshots sent for subscriptions
   * @param badRequests client requests answered with an error
   */
  public record Status(
      String venue,
      State state,
      boolean done,
      String speed,
      int position,
      int total,
      Map<String, Long> updatesReplayed,
      long deliveries,
      long droppedUpdates,
      long snapshotsServed,
      long malformedFramesSent,
      int openConnections,
      long acceptedConnections,
      long overflowCloses,
      long faultDisconnects,
      long badRequests,
      String error) {}

  /** A recorded frame's receive time, which paces the replay. */
  public interface Timed {
    /** The recorder's receive time in nanoseconds since the epoch. */
    long receivedNanos();
  }

  /** One connection of a client; the dialect's subclass adds what it subscribed to. */
  protected static class Subscriber {
    public final Session session;

    protected Subscriber(Session session) {
      this.session = session;
    }
  }

  protected final SessionHub hub;
  protected final Faults faults;

  /** Guards the books and the subscriptions against the replay thread. */
  protected final Object lock = new Object();

  /** The open connections by session id. */
  protected final Map<Long, S> subscribers = new ConcurrentHashMap<>();

  protected final AtomicLong deliveries = new AtomicLong();
  protected final AtomicLong snapshotsServed = new AtomicLong();
  protected final AtomicLong badRequests = new AtomicLong();
  private final AtomicLong malformedSent = new AtomicLong();
  private final List<String> symbols;
  private final Map<String, Integer> symbolIndex = new HashMap<>();
  private final List<? extends Timed> frames;
  private final AtomicLongArray updatesReplayed;

  /**
   * @param symbols the replayed symbols in the venue's own spelling, in capture order
   * @param frames the frames to replay, in capture order
   */
  protected StreamVenue(
      String venue, SessionHub hub, List<String> symbols, List<? extends Timed> frames) {
    this(venue, hub, symbols, frames, new Faults());
  }

  private StreamVenue(
      String venue,
      SessionHub hub,
      List<String> symbols,
      List<? extends Timed> frames,
      Faults faults) {
    super(venue, faults);
    this.hub = hub;
    this.faults = faults;
    this.symbols = List.copyOf(symbols);
    for (int i = 0; i < symbols.size(); i++) {
      symbolIndex.put(symbols.get(i), i);
    }
    this.frames = frames;
    this.updatesReplayed = new AtomicLongArray(symbols.size());
  }

  /** A new connection's subscriber, before any request of it. */
  protected abstract S subscriber(Session session);

  /** Called once a new connection is registered: frames sent now are its first. */
  protected void greet(Session session) {}

  /** Answers one non-empty text request of a connection. */
  protected abstract void request(S subscriber, String text);

  /** A frame of this venue's shape cut short. */
  protected abstract String malformedFrame(int i);

  /** The replayed symbols in the venue's own spelling, in capture order. */
  public final List<String> symbols() {
    return symbols;
  }

  /** The position of {@code symbol} in {@link #symbols()}, or null if it is not replayed. */
  protected final Integer indexOf(String symbol) {
    return symbolIndex.get(symbol);
  }

  @Override
  protected final int frameCount() {
    return frames.size();
  }

  @Override
  protected final long frameNanos(int i) {
    return frames.get(i).receivedNanos();
  }

  public SessionHub hub() {
    return hub;
  }

  public Faults faults() {
    return faults;
  }

  @Override
  public final void opened(Session session) {
    subscribers.put(session.id(), subscriber(session));
    greet(session);
  }

  @Override
  public final void received(Session session, String text) {
    S s = subscribers.get(session.id());
    if (s != null && !text.isEmpty()) {
      request(s, text);
    }
  }

  @Override
  public final void closed(Session session) {
    subscribers.remove(session.id());
  }

  /** Counts an update applied to the book of symbol {@code index}. */
  protected final void countReplayed(int index) {
    updatesReplayed.incrementAndGet(index);
  }

  /**
   * {@code POST /admin/trades}: publishes the trades a request body describes on the venue's trade
   * channel and answers what was sent, or null when the venue publishes no trades (a 404).
   *
   * @throws IllegalArgumentException saying what is wrong with the body (a 400)
   */
  public ObjectNode publishTrades(String body) {
    return null;
  }

  /** Sends {@code n} frames cut short (as a torn write would deliver them) to every connection. */
  public int sendMalformed(int n) {
    int reached = 0;
    for (int i = 0; i < n; i++) {
      reached = hub.broadcast(malformedFrame(i), false);
      malformedSent.incrementAndGet();
    }
    return reached;
  }

  @Override
  public Status status() {
    Map<String, Long> replayed = new LinkedHashMap<>();
    for (int s = 0; s < symbols.size(); s++) {
      replayed.put(symbols.get(s), updatesReplayed.get(s));
    }
    State state = state();
    return new Status(
        venue(),
        state,
        state == State.DONE,
        speedName(),
        position(),
        frameCount(),
        replayed,
        deliveries.get(),
        faults.droppedDiffs(),
        snapshotsServed.get(),
        malformedSent.get(),
        hub.openConnections(),
        hub.acceptedConnections(),
        hub.overflowCloses(),
        hub.faultCloses(),
        badRequests.get(),
        error());
  }

  /** Sends to one connection, counting the delivery. */
  protected final void deliver(Session s, String text, boolean max) {
    if (hub.send(s, text, max)) {
      deliveries.incrementAndGet();
    }
  }

  /** Sends a reply to a request; errors are counted. */
  protected final void reply(Session s, String text, boolean error) {
    if (error) {
      badRequests.incrementAndGet();
    }
    hub.send(s, text, false);
  }
}
