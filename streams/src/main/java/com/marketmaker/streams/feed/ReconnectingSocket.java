package com.marketmaker.streams.feed;

import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One market-data WebSocket of a feed that reopens itself: a {@link RestartSource#withBackoff}
 * graph (exponential backoff with jitter) around a {@link WebSocketClient} connection. Each
 * connection gets a new bounded queue for what the feed sends on it; the feed's {@code outgoing}
 * shaping turns the queued items into text messages (batching, pacing). Every received message is
 * read whole and stamped with the time its last bytes arrived; a binary one is handed on without
 * text, for the feed to count.
 *
 * <p>The {@link Listener} learns of each connection the venue accepted (with its queue), of each
 * that ended (its queue is completed right after), and of every frame, in the order they arrive. An
 * upgrade that fails or is refused is logged; the backoff then tries again.
 *
 * @param <T> what the feed queues to send
 */
public final class ReconnectingSocket<T> {

  private static final Logger log = LoggerFactory.getLogger(ReconnectingSocket.class);

  /** A received frame and its receive time. {@code text} is null for a binary frame. */
  public record Frame(String text, long receivedNanos) {}

  /** What the feed does with its connections; called on the connection's threads. */
  public interface Listener<T> {
    /** The venue accepted a new connection: items offered to {@code queue} are sent on it. */
    void up(BoundedSourceQueue<T> queue);

    /** The connection that {@code queue} fed ended, with {@code error} or normally (null). */
    void down(BoundedSourceQueue<T> queue, Throwable error);

    /** A frame received. */
    void frame(Frame frame);
  }

  private final ActorSystem<?> system;
  private final String label;
  private final String url;
  private final Function<Source<T, NotUsed>, Source<String, NotUsed>> outgoing;
  private final WebSocketClient.Settings settings;
  private final Listener<T> listener;
  private UniqueKillSwitch killSwitch;
  private CompletionStage<Done> done;

  private ReconnectingSocket(
      ActorSystem<?> system,
      String label,
      String url,
      Function<Source<T, NotUsed>, Source<String, NotUsed>> outgoing,
      Listener<T> listener) {
    this.system = system;
    this.label = label;
    this.url = url;
    this.outgoing = outgoing;
    this.settings = WebSocketClient.Settings.from(system.settings().config());
    this.listener = listener;
  }

  /**
   * Opens the socket; it reconnects after {@code restart}'s backoff until {@link #shutdown}.
   *
   * @param label how logs name the connection ("BINANCE connection 0")
   * @param outgoing shapes the queued items into the text messages sent
   */
  public static <T> ReconnectingSocket<T> open(
      ActorSystem<?> system,
      String label,
      String url,
      RestartSettings restart,
      Function<Source<T, NotUsed>, Source<String, NotUsed>> outgoing,
      Listener<T> listener) {
    ReconnectingSocket<T> socket = new ReconnectingSocket<>(system, label, url, outgoing, listener);
    Pair<UniqueKillSwitch, CompletionStage<Done>> running =
        RestartSource.withBackoff(restart, socket::connection)
            .viaMat(KillSwitches.single(), Keep.right())
            .toMat(Sink.foreach(listener::frame), Keep.both())
            .run(system);
    socket.killSwitch = running.first();
    socket.done = running.second();
    return socket;
  }

  /** Closes the connection for good; completes when its stream has ended. */
  public CompletionStage<Done> shutdown() {
    killSwitch.shutdown();
    return done.exceptionally(e -> Done.getInstance());
  }

  /** One WebSocket connection; a new one per (re)start. */
  private Source<Frame, NotUsed> connection() {
    Pair<BoundedSourceQueue<T>, Source<T, NotUsed>> out =
        Source.<T>queue(4096).preMaterialize(system);
    BoundedSourceQueue<T> queue = out.first();
    Flow<String, Frame, CompletionStage<WebSocketClient.Upgrade>> ws =
        WebSocketClient.flow(system, url, settings);
    return outgoing
        .apply(out.second())
        .viaMat(ws, Keep.right())
        .mapMaterializedValue(
            upgrade -> {
              upgrade.whenComplete((response, error) -> onUpgrade(queue, response, error));
              return NotUsed.getInstance();
            })
        .watchTermination(
            (nu, terminated) -> {
              terminated.whenComplete((d, error) -> onTerminated(queue, error));
              return nu;
            });
  }

  private void onUpgrade(
      BoundedSourceQueue<T> queue, WebSocketClient.Upgrade response, Throwable error) {
    if (error != null) {
      log.warn("{} to {} failed: {}", label, url, error.toString());
    } else if (!response.accepted()) {
      log.warn("{} to {} refused: {} {}", label, url, response.status(), response.reason());
    } else {
      listener.up(queue);
    }
  }

  private void onTerminated(BoundedSourceQueue<T> queue, Throwable error) {
    listener.down(queue, error);
    queue.complete();
    log.info("{} closed{}", label, error == null ? "" : ": " + error.getMessage());
  }
}
