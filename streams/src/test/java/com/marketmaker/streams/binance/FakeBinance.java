package com.marketmaker.streams.binance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A Binance-like server on loopback that a test controls: the combined-stream WebSocket at {@code
 * /stream} (records SUBSCRIBE / UNSUBSCRIBE and answers {@code {"result":null,"id":n}} like the
 * venue; pushes the frames the test gives it; closes on demand) and REST {@code /api/v3/depth}
 * answered by a handler the test sets.
 */
final class FakeBinance extends AllDirectives implements AutoCloseable {

  private static final JsonFactory JSON = new JsonFactory();

  /** One received control request and when it arrived ({@link System#nanoTime()}). */
  record Control(int connection, String method, List<String> params, long id, long receivedNanos) {}

  /** A REST request as received. */
  record RestRequest(String path, String symbol, String limit) {}

  /** One accepted WebSocket connection. */
  final class Connection {
    final int number;
    final BoundedSourceQueue<Message> out;

    Connection(int number, BoundedSourceQueue<Message> out) {
      this.number = number;
      this.out = out;
    }

    void push(String frame) {
      out.offer(TextMessage.create(frame));
    }

    /** Closes the connection from the server side, like Binance's periodic disconnect. */
    void close() {
      out.complete();
    }
  }

  final BlockingQueue<Control> controls = new LinkedBlockingQueue<>();

  /** Every control request ever received, in arrival order. */
  final List<Control> controlLog = new java.util.concurrent.CopyOnWriteArrayList<>();

  final BlockingQueue<Connection> connections = new LinkedBlockingQueue<>();
  final BlockingQueue<RestRequest> restRequests = new LinkedBlockingQueue<>();
  private final AtomicInteger connectionCount = new AtomicInteger();
  private volatile Connection current;
  volatile BiFunction<String, String, HttpResponse> depthHandler =
      (symbol, limit) -> HttpResponse.create().withStatus(500);

  private final ActorSystem<?> system;
  private final ServerBinding binding;

  FakeBinance(ActorSystem<?> system) throws Exception {
    this.system = system;
    this.binding =
        Http.get(system)
            .newServerAt("127.0.0.1", 0)
            .bind(route())
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  String wsUrl() {
    return "ws://127.0.0.1:" + binding.localAddress().getPort();
  }

  String restUrl() {
    return "http://127.0.0.1:" + binding.localAddress().getPort();
  }

  int connectionCount() {
    return connectionCount.get();
  }

  Connection current() {
    return current;
  }

  /** Waits for the next accepted connection. */
  Connection awaitConnection() throws InterruptedException {
    Connection c = connections.poll(10, TimeUnit.SECONDS);
    if (c == null) {
      throw new AssertionError("no WebSocket connection within 10 s");
    }
    return c;
  }

  /** Waits for the next control request. */
  Control awaitControl() throws InterruptedException {
    Control c = controls.poll(10, TimeUnit.SECONDS);
    if (c == null) {
      throw new AssertionError("no SUBSCRIBE/UNSUBSCRIBE within 10 s");
    }
    return c;
  }

  /**
   * Collects control requests of {@code method} until they name all of {@code streams}; fails on a
   * request of another method.
   */
  List<Control> awaitStreams(String method, List<String> streams) throws InterruptedException {
    List<Control> seen = new ArrayList<>();
    List<String> named = new ArrayList<>();
    while (!named.containsAll(streams)) {
      Control c = awaitControl();
      if (!c.method().equals(method)) {
        throw new AssertionError("expected " + method + " but got " + c);
      }
      seen.add(c);
      named.addAll(c.params());
    }
    return seen;
  }

  private Route route() {
    return concat(
        path("stream", () -> handleWebSocketMessages(connectionFlow())),
        path(
            PathMatchers.segment("api").slash("v3").slash("depth"),
            () ->
                parameter(
                    "symbol",
                    symbol ->
                        parameter(
                            "limit",
                            limit -> {
                              restRequests.add(new RestRequest("/api/v3/depth", symbol, limit));
                              return complete(depthHandler.apply(symbol, limit));
                            }))));
  }

  private Flow<Message, Message, NotUsed> connectionFlow() {
    Pair<BoundedSourceQueue<Message>, Source<Message, NotUsed>> out =
        Source.<Message>queue(100_000).preMaterialize(system);
    Connection connection = new Connection(connectionCount.incrementAndGet(), out.first());
    current = connection;
    connections.add(connection);
    Sink<Message, ?> in =
        Sink.foreach(
            m -> {
              long arrived = System.nanoTime();
              if (m.isText()) {
                m.asTextMessage()
                    .toStrict(5_000, Materializer.matFromSystem(system))
                    .thenAccept(t -> onControl(connection, t.getStrictText(), arrived));
              }
            });
    return Flow.fromSinkAndSourceCoupled(in, out.second());
  }

  private void onControl(Connection connection, String text, long received) {
    String method = null;
    long id = -1;
    List<String> params = new ArrayList<>();
    try (JsonParser p = JSON.createParser(text)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        switch (name) {
          case "method" -> method = p.getText();
          case "id" -> id = p.getLongValue();
          case "params" -> {
            while (p.nextToken() == JsonToken.VALUE_STRING) {
              params.add(p.getText());
            }
          }
          default -> p.skipChildren();
        }
      }
    } catch (IOException e) {
      connection.push("{\"error\":{\"code\":2,\"msg\":\"Invalid request\"},\"id\":null}");
      return;
    }
    Control c = new Control(connection.number, method, List.copyOf(params), id, received);
    controlLog.add(c);
    controls.add(c);
    connection.push("{\"result\":null,\"id\":" + id + "}");
  }

  static HttpResponse json(int status, String body) {
    return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, body);
  }

  @Override
  public void close() throws Exception {
    binding.terminate(Duration.ofSeconds(2)).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }
}
