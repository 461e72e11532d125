package com.marketmaker.simulator.ws;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.UniqueKillSwitch;

/**
 * One client WebSocket connection: its subscriptions, whether it gets the combined envelope, and
 * its bounded outgoing buffer. Offers never block; a full buffer means the client is too slow.
 */
public final class ClientConnection {

  /** Why a connection was closed by the server. */
  public enum CloseReason {
    OVERFLOW,
    LIFETIME,
    FAULT,
    SHUTDOWN
  }

  /** Thrown into the stream of a connection closed for a slow reader. */
  static final class SlowConsumerException extends RuntimeException {
    SlowConsumerException(String msg) {
      super(msg, null, false, false);
    }
  }

  final long id;
  private final BoundedSourceQueue<Message> queue;
  private final UniqueKillSwitch killSwitch;
  private final int capacity;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean combined;
  // Copy-on-write, kept in subscription order: the replay thread reads it for every frame.
  private volatile Set<String> streams = Set.of();

  ClientConnection(
      long id,
      boolean combined,
      BoundedSourceQueue<Message> queue,
      UniqueKillSwitch killSwitch,
      int capacity) {
    this.id = id;
    this.combined = combined;
    this.queue = queue;
    this.killSwitch = killSwitch;
    this.capacity = capacity;
  }

  public boolean combined() {
    return combined;
  }

  void setCombined(boolean combined) {
    this.combined = combined;
  }

  public boolean subscribed(String stream) {
    return streams.contains(stream);
  }

  synchronized void subscribe(List<String> names) {
    Set<String> s = new LinkedHashSet<>(streams);
    s.addAll(names);
    streams = s;
  }

  synchronized void unsubscribe(List<String> names) {
    Set<String> s = new LinkedHashSet<>(streams);
    names.forEach(s::remove);
    streams = s;
  }

  List<String> subscriptions() {
    return List.copyOf(streams);
  }

  int subscriptionCount() {
    return streams.size();
  }

  boolean isClosed() {
    return closed.get();
  }

  /** Queues one text frame; false if the buffer is full or the connection is gone. */
  boolean offer(String text) {
    return !closed.get() && queue.offer(TextMessage.create(text)) == QueueOfferResult.enqueued();
  }

  /**
   * Closes the connection: normally (close frame) for a lifetime or fault disconnect, abruptly for
   * an overflow (the buffered frames are dropped, as Binance drops a slow reader).
   *
   * @return whether this call closed it
   */
  boolean close(CloseReason reason) {
    if (!closed.compareAndSet(false, true)) {
      return false;
    }
    if (reason == CloseReason.OVERFLOW) {
      killSwitch.abort(new SlowConsumerException("connection " + id + " buffer overflow"));
    } else {
      killSwitch.shutdown();
    }
    return true;
  }
}
