package com.marketmaker.simulator.socket;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket connections of one simulated venue: accepts them, hands their requests to the
 * venue's dialect (Binance's stream hub, or a {@link StreamVenue}), and sends frames without ever
 * blocking the replay on a slow reader (a bounded buffer per connection, closed when it overflows
 * and counted). Only at {@code max} replay speed, where the replay has no pace of its own, does a
 * send wait up to {@code maxStall} for room.
 */
public final class SessionHub {

  private static final Logger log = LoggerFactory.getLogger(SessionHub.class);

  /** What the venue's dialect does with its connections. */
  public interface Handler {
    /** A connection opened; frames sent now are its first. */
    void opened(Session session);

    /**
     * A text frame from the client, empty for a binary one. Called on the connection's stream, one
     * at a time.
     */
    void received(Session session, String text);

    /** The connection is gone. */
    void closed(Session session);
  }

  private final String venue;
  private final Materializer mat;
  private final int bufferSize;
  private final Duration maxStall;
  private final ConcurrentHashMap<Long, Session> sessions = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong(1);
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong overflowCloses = new AtomicLong();
  private final AtomicLong lifetimeCloses = new AtomicLong();
  private final AtomicLong faultCloses = new AtomicLong();

  public SessionHub(String venue, ActorSystem<?> system, int bufferSize, Duration maxStall) {
    this.venue = venue;
    this.mat = Materializer.matFromSystem(system);
    this.bufferSize = bufferSize;
    this.maxStall = maxStall;
  }

  /**
   * The handler flow of a new connection. {@code handler} learns of the connection before this
   * returns, and gets every text frame of it (a binary frame is drained and handed on as an empty
   * text).
   */
  public Flow<Message, Message, NotUsed> connect(Handler handler) {
    Pair<Pair<BoundedSourceQueue<Message>, UniqueKillSwitch>, Source<Message, NotUsed>> pre =
        Source.<Message>queue(bufferSize)
            .viaMat(KillSwitches.single(), Keep.both())
            .preMaterialize(mat);
    long id = nextId.getAndIncrement();
    Session session = new Session(id, pre.first().first(), pre.first().second());
    sessions.put(id, session);
    accepted.incrementAndGet();
    handler.opened(session);
    Source<Message, NotUsed> out =
        pre.second()
            .watchTermination(
                (m, done) -> {
                  done.whenComplete(
                      (d, e) -> {
                        sessions.remove(id);
                        handler.closed(session);
                      });
                  return m;
                });
    Sink<Message, CompletionStage<Done>> in =
        Flow.<Message>create()
            .mapAsync(1, this::strictText)
            .toMat(Sink.foreach(text -> handler.received(session, text)), Keep.right());
    return Flow.fromSinkAndSourceCoupled(in, out);
  }

  private CompletionStage<String> strictText(Message m) {
    if (m.isText()) {
      if (m.asTextMessage().isStrict()) {
        // toStrict would hop through CompletableFuture's async executor (a thread per call when
        // the common pool has one thread).
        return CompletableFuture.completedFuture(m.asTextMessage().getStrictText());
      }
      return m.asTextMessage().toStrict(5_000, mat).thenApply(TextMessage::getStrictText);
    }
    m.asBinaryMessage().getStreamedData().runWith(Sink.ignore(), mat);
    return CompletableFuture.completedFuture("");
  }

  /**
   * Sends one frame to one connection; a full buffer closes it (counted), unless {@code
   * waitForRoom} (max speed) and it drains within {@code maxStall}.
   *
   * @return whether the frame was queued
   */
  public boolean send(Session s, String text, boolean waitForRoom) {
    if (s.isClosed()) {
      return false;
    }
    if (s.offer(text) || (waitForRoom && offerWithin(s, text))) {
      return true;
    }
    if (close(s, Session.CloseReason.OVERFLOW)) {
      log.warn(
          "{}: closed connection {}: its buffer of {} frames overflowed",
          venue,
          s.id(),
          bufferSize);
    }
    return false;
  }

  /** Retries a full connection's offer until it drains or {@code maxStall} has passed. */
  private boolean offerWithin(Session s, String text) {
    long deadline = System.nanoTime() + maxStall.toNanos();
    while (!s.isClosed() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      if (s.offer(text)) {
        return true;
      }
    }
    return false;
  }

  /** Sends {@code text} to every open connection; returns how many got it. */
  public int broadcast(String text, boolean waitForRoom) {
    int n = 0;
    for (Session s : sessions.values()) {
      if (send(s, text, waitForRoom)) {
        n++;
      }
    }
    return n;
  }

  /**
   * Closes one connection for {@code reason}; overflow, lifetime and fault closes are counted.
   *
   * @return whether this call closed it
   */
  public boolean close(Session s, Session.CloseReason reason) {
    if (!s.close(reason)) {
      return false;
    }
    switch (reason) {
      case OVERFLOW -> overflowCloses.incrementAndGet();
      case LIFETIME -> lifetimeCloses.incrementAndGet();
      case FAULT -> faultCloses.incrementAndGet();
      case SHUTDOWN -> {}
    }
    return true;
  }

  /** Closes every connection now; returns how many. */
  public int disconnectAll(Session.CloseReason reason) {
    int n = 0;
    for (Session s : sessions.values()) {
      if (close(s, reason)) {
        n++;
      }
    }
    return n;
  }

  public Collection<Session> sessions() {
    return sessions.values();
  }

  public int openConnections() {
    return (int) sessions.values().stream().filter(s -> !s.isClosed()).count();
  }

  public long acceptedConnections() {
    return accepted.get();
  }

  public long overflowCloses() {
    return overflowCloses.get();
  }

  public long lifetimeCloses() {
    return lifetimeCloses.get();
  }

  public long faultCloses() {
    return faultCloses.get();
  }
}
