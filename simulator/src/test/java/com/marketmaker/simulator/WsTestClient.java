package com.marketmaker.simulator;

import com.marketmaker.testsupport.Eventually;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.model.ws.WebSocketRequest;
import org.apache.pekko.http.javadsl.model.ws.WebSocketUpgradeResponse;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/** A WebSocket client built on Pekko HTTP's client that keeps every text frame it receives. */
final class WsTestClient {

  final LinkedBlockingQueue<String> frames;
  final CompletableFuture<Done> closed;
  private final BoundedSourceQueue<Message> out;

  private WsTestClient(
      LinkedBlockingQueue<String> frames,
      BoundedSourceQueue<Message> out,
      CompletionStage<Done> closed) {
    this.frames = frames;
    this.out = out;
    this.closed = closed.toCompletableFuture();
  }

  /** Connects and waits for the upgrade. */
  static WsTestClient connect(ActorSystem<?> system, String url) throws Exception {
    return connect(system, url, false);
  }

  /**
   * @param stalled a client that never reads (its socket fills up), to play a slow consumer
   */
  static WsTestClient connect(ActorSystem<?> system, String url, boolean stalled) throws Exception {
    Materializer mat = Materializer.matFromSystem(system);
    Pair<BoundedSourceQueue<Message>, Source<Message, org.apache.pekko.NotUsed>> src =
        Source.<Message>queue(64).preMaterialize(mat);
    LinkedBlockingQueue<String> sink = new LinkedBlockingQueue<>();
    Sink<Message, CompletionStage<Done>> in =
        stalled
            ? Flow.<Message>create()
                .mapAsync(1, m -> new CompletableFuture<String>())
                .toMat(Sink.ignore(), Keep.right())
            : Flow.<Message>create()
                .mapAsync(
                    1,
                    m -> m.asTextMessage().toStrict(5_000, mat).thenApply(t -> t.getStrictText()))
                .toMat(Sink.foreach(sink::add), Keep.right());
    Pair<CompletionStage<WebSocketUpgradeResponse>, CompletionStage<Done>> r =
        Http.get(system)
            .singleWebSocketRequest(
                WebSocketRequest.create(url),
                Flow.fromSinkAndSourceMat(in, src.second(), Keep.left()),
                mat);
    WebSocketUpgradeResponse up = r.first().toCompletableFuture().get(10, TimeUnit.SECONDS);
    if (up.response().status().intValue() != 101) {
      throw new IllegalStateException("upgrade refused: " + up.response().status());
    }
    return new WsTestClient(sink, src.first(), r.second());
  }

  // Pekko's toStrict hops through CompletableFuture's async executor, a new thread per call on a
  // two-core machine: strict frames (all of the simulator's) are read directly.
  static CompletionStage<String> text(Message m, Materializer mat) {
    TextMessage t = m.asTextMessage();
    if (t.isStrict()) {
      return CompletableFuture.completedFuture(t.getStrictText());
    }
    return t.toStrict(5_000, mat).thenApply(TextMessage::getStrictText);
  }

  void send(String text) {
    out.offer(TextMessage.create(text));
  }

  /** The next frame, failing after {@code timeout}. */
  String next(Duration timeout) throws InterruptedException {
    String s = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (s == null) {
      throw new AssertionError("no frame within " + timeout);
    }
    return s;
  }

  /** Takes one received frame. */
  interface FrameReader {
    void take(String frame) throws Exception;
  }

  /**
   * Hands every frame received to {@code reader} until {@code done}, failing after {@code limit}.
   */
  void readUntil(FrameReader reader, BooleanSupplier done, Duration limit) throws Exception {
    // No pause between checks: waiting for the next frame paces the loop.
    Eventually.await(
        limit,
        Duration.ZERO,
        () -> {
          if (done.getAsBoolean()) {
            return true;
          }
          String f = frames.poll(200, TimeUnit.MILLISECONDS);
          if (f != null) {
            reader.take(f);
          }
          return false;
        },
        "condition reached");
  }

  int pending() {
    return frames.size();
  }

  /** Sends a request and returns the next frame (the reply, when nothing else is flowing). */
  String request(String text) throws InterruptedException {
    send(text);
    return next(Duration.ofSeconds(10));
  }
}
