package com.marketmaker.simulator.socket;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.UniqueKillSwitch;

/**
 * One client WebSocket connection to a simulated venue: its bounded outgoing buffer and how it is
 * closed. Offers never block; a full buffer means the client is too slow. What a connection
 * subscribed to is kept by the venue dialect.
 */
public final class Session {

  /** Why the server closed a connection. */
  public enum CloseReason {
    OVERFLOW,
    /** The venue's connection lifetime ran out (Binance closes every connection after 24 h). */
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

  private final long id;
  private final BoundedSourceQueue<Message> queue;
  private final UniqueKillSwitch killSwitch;
  private final AtomicBoolean closed = new AtomicBoolean();

  Session(long id, BoundedSourceQueue<Message> queue, UniqueKillSwitch killSwitch) {
    this.id = id;
    this.queue = queue;
    this.killSwitch = killSwitch;
  }

  public long id() {
    return id;
  }

  public boolean isClosed() {
    return closed.get();
  }

  /** Queues one text frame; false if the buffer is full or the connection is gone. */
  boolean offer(String text) {
    return !closed.get() && queue.offer(TextMessage.create(text)) == QueueOfferResult.enqueued();
  }

  /**
   * Closes the connection: with a close frame for a lifetime end, a fault or a shutdown, abruptly
   * for an overflow (the buffered frames are dropped, as Binance drops a slow reader).
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
