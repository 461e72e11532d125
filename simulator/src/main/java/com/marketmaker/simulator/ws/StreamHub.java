package com.marketmaker.simulator.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.Cancellable;
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
 * The WebSocket side of one venue: accepts connections, answers Binance's live subscription
 * requests ({@code SUBSCRIBE}, {@code UNSUBSCRIBE}, {@code LIST_SUBSCRIPTIONS}, {@code
 * SET_PROPERTY}/{@code GET_PROPERTY combined}) and fans replayed frames out to the connections
 * subscribed to their stream.
 *
 * <p>Slow readers never block the replay: each connection has a bounded buffer and is closed when
 * it overflows (counted). Only at {@code max} replay speed, where the replay itself has no pace,
 * does {@link #publish} wait up to {@code maxStall} for a full buffer before closing it.
 */
public final class StreamHub {

  private static final Logger log = LoggerFactory.getLogger(StreamHub.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern STREAM_NAME = Pattern.compile("[a-z0-9_.-]+@[A-Za-z0-9_@!.-]+");
  private static final int MAX_STREAMS_PER_CONNECTION = 1024;

  private final String venue;
  private final ActorSystem<?> system;
  private final Materializer mat;
  private final int bufferSize;
  private final Duration maxStall;
  private final Duration lifetime;
  private final ConcurrentHashMap<Long, ClientConnection> connections = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong(1);
  private final AtomicLong overflowCloses = new AtomicLong();
  private final AtomicLong lifetimeCloses = new AtomicLong();
  private final AtomicLong faultCloses = new AtomicLong();
  private final AtomicLong badRequests = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private volatile java.util.function.Predicate<String> listenKeys = k -> false;

  public StreamHub(
      String venue, ActorSystem<?> system, int bufferSize, Duration maxStall, Duration lifetime) {
    this.venue = venue;
    this.system = system;
    this.mat = Materializer.matFromSystem(system);
    this.bufferSize = bufferSize;
    this.maxStall = maxStall;
    this.lifetime = lifetime;
  }

  /**
   * The handler flow of a new connection.
   *
   * @param combined whether frames carry the {@code {"stream":..,"data":..}} envelope
   * @param initialStreams streams named in the URL ({@code /stream?streams=a/b}, {@code /ws/a/b})
   */
  public Flow<Message, Message, NotUsed> connect(boolean combined, List<String> initialStreams) {
    Pair<Pair<BoundedSourceQueue<Message>, UniqueKillSwitch>, Source<Message, NotUsed>> pre =
        Source.<Message>queue(bufferSize)
            .viaMat(KillSwitches.single(), Keep.both())
            .preMaterialize(mat);
    long id = nextId.getAndIncrement();
    ClientConnection conn =
        new ClientConnection(id, combined, pre.first().first(), pre.first().second(), bufferSize);
    conn.subscribe(initialStreams);
    connections.put(id, conn);
    accepted.incrementAndGet();
    Cancellable lifetimeTimer =
        system
            .scheduler()
            .scheduleOnce(
                lifetime,
                () -> {
                  if (conn.close(ClientConnection.CloseReason.LIFETIME)) {
                    lifetimeCloses.incrementAndGet();
                  }
                },
                system.executionContext());
    Source<Message, NotUsed> out =
        pre.second()
            .watchTermination(
                (m, done) -> {
                  done.whenComplete(
                      (d, e) -> {
                        lifetimeTimer.cancel();
                        connections.remove(id);
                      });
                  return m;
                });
    Sink<Message, CompletionStage<Done>> in =
        Flow.<Message>create()
            .mapAsync(1, this::strictText)
            .toMat(Sink.foreach(text -> onRequest(conn, text)), Keep.right());
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

  /** Answers one client request as Binance does; errors as {@code {"error":{..},"id":..}}. */
  void onRequest(ClientConnection conn, String text) {
    JsonNode req;
    try {
      req = JSON.readTree(text);
    } catch (Exception e) {
      error(conn, 3, "Invalid JSON: " + firstLine(e.getMessage()), null);
      return;
    }
    if (req == null || !req.isObject()) {
      error(conn, 2, "Invalid request: expected a JSON object", null);
      return;
    }
    JsonNode id = req.get("id");
    if (id != null
        && !id.isNull()
        && !(id.isIntegralNumber() && id.asLong() >= 0)
        && !(id.isTextual() && id.asText().length() <= 36)) {
      error(conn, 2, "Invalid request: request ID must be an unsigned integer", null);
      return;
    }
    JsonNode method = req.get("method");
    if (method == null) {
      error(conn, 2, "Invalid request: missing field `method`", id);
      return;
    }
    if (!method.isTextual()) {
      error(conn, 1, "Invalid value type: expected string for `method`", id);
      return;
    }
    JsonNode params = req.get("params");
    switch (method.asText()) {
      case "SUBSCRIBE", "UNSUBSCRIBE" -> {
        List<String> names = streamNames(conn, params, id);
        if (names == null) {
          return;
        }
        if (method.asText().equals("SUBSCRIBE")) {
          if (conn.subscriptionCount() + names.size() > MAX_STREAMS_PER_CONNECTION) {
            error(conn, 2, "Invalid request: too many streams (max 1024 per connection)", id);
            return;
          }
          conn.subscribe(names);
        } else {
          conn.unsubscribe(names);
        }
        reply(conn, JSON.nullNode(), id);
      }
      case "LIST_SUBSCRIPTIONS" -> {
        ArrayNode list = JSON.createArrayNode();
        conn.subscriptions().forEach(list::add);
        reply(conn, list, id);
      }
      case "SET_PROPERTY" -> {
        if (params == null
            || !params.isArray()
            || params.size() != 2
            || !"combined".equals(params.get(0).asText())
            || !params.get(1).isBoolean()) {
          error(conn, 2, "Invalid request: expected params [\"combined\", <boolean>]", id);
          return;
        }
        conn.setCombined(params.get(1).asBoolean());
        reply(conn, JSON.nullNode(), id);
      }
      case "GET_PROPERTY" -> {
        if (params == null
            || !params.isArray()
            || params.size() != 1
            || !"combined".equals(params.get(0).asText())) {
          error(conn, 2, "Invalid request: expected params [\"combined\"]", id);
          return;
        }
        reply(conn, JSON.getNodeFactory().booleanNode(conn.combined()), id);
      }
      default ->
          error(
              conn,
              2,
              "Invalid request: unknown variant `"
                  + method.asText()
                  + "`, expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`,"
                  + " `SET_PROPERTY`, `GET_PROPERTY`",
              id);
    }
  }

  private List<String> streamNames(ClientConnection conn, JsonNode params, JsonNode id) {
    if (params == null || !params.isArray()) {
      error(conn, 2, "Invalid request: `params` must be an array of stream names", id);
      return null;
    }
    List<String> names = new ArrayList<>();
    for (JsonNode p : params) {
      if (!p.isTextual()) {
        error(conn, 1, "Invalid value type: expected a string stream name", id);
        return null;
      }
      if (!acceptable(p.asText())) {
        error(conn, 2, "Invalid request: invalid stream name `" + p.asText() + "`", id);
        return null;
      }
      names.add(p.asText());
    }
    return names;
  }

  /** Whether {@code name} is a well-formed stream name (lower-case symbol, '@', stream type). */
  public static boolean validStreamName(String name) {
    return STREAM_NAME.matcher(name).matches();
  }

  /** Also accepts the names {@code validKeys} approves: the venue's valid listen keys. */
  public void acceptListenKeys(java.util.function.Predicate<String> validKeys) {
    this.listenKeys = validKeys;
  }

  /** Whether a client may subscribe to {@code name}: a market stream or a valid listen key. */
  public boolean acceptable(String name) {
    return STREAM_NAME.matcher(name).matches() || listenKeys.test(name);
  }

  private void reply(ClientConnection conn, JsonNode result, JsonNode id) {
    ObjectNode o = JSON.createObjectNode();
    o.set("result", result);
    o.set("id", id == null ? JSON.nullNode() : id);
    send(conn, o.toString());
  }

  private void error(ClientConnection conn, int code, String msg, JsonNode id) {
    badRequests.incrementAndGet();
    ObjectNode o = JSON.createObjectNode();
    ObjectNode err = o.putObject("error");
    err.put("code", code);
    err.put("msg", msg);
    o.set("id", id == null ? JSON.nullNode() : id);
    send(conn, o.toString());
  }

  private void send(ClientConnection conn, String text) {
    if (!conn.offer(text) && conn.close(ClientConnection.CloseReason.OVERFLOW)) {
      overflowCloses.incrementAndGet();
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /**
   * Sends one replayed frame to every connection subscribed to {@code stream}.
   *
   * @param combinedText the frame in the combined envelope
   * @param rawText the payload alone, for raw connections (made only if one is subscribed)
   * @param waitForRoom at {@code max} speed: wait up to maxStall for a full buffer to drain
   * @return how many connections received it
   */
  public int publish(
      String stream, String combinedText, Supplier<String> rawText, boolean waitForRoom) {
    int n = 0;
    String raw = null;
    for (ClientConnection c : connections.values()) {
      if (c.isClosed() || !c.subscribed(stream)) {
        continue;
      }
      if (!c.combined() && raw == null) {
        raw = rawText.get();
      }
      String text = c.combined() ? combinedText : raw;
      if (c.offer(text) || (waitForRoom && offerWithin(c, text))) {
        n++;
      } else if (c.close(ClientConnection.CloseReason.OVERFLOW)) {
        overflowCloses.incrementAndGet();
        log.warn(
            "{}: closed connection {}: its buffer of {} frames overflowed",
            venue,
            c.id,
            bufferSize);
      }
    }
    return n;
  }

  /** Retries a full connection's offer until it drains or {@code maxStall} has passed. */
  private boolean offerWithin(ClientConnection c, String text) {
    long deadline = System.nanoTime() + maxStall.toNanos();
    while (!c.isClosed() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      if (c.offer(text)) {
        return true;
      }
    }
    return false;
  }

  /** Sends {@code text} to every open connection whatever it subscribed to. */
  public int broadcast(String text) {
    int n = 0;
    for (ClientConnection c : connections.values()) {
      if (!c.isClosed()) {
        if (c.offer(text)) {
          n++;
        } else if (c.close(ClientConnection.CloseReason.OVERFLOW)) {
          overflowCloses.incrementAndGet();
        }
      }
    }
    return n;
  }

  /** Closes every connection now (fault injection); returns how many. */
  public int disconnectAll(ClientConnection.CloseReason reason) {
    int n = 0;
    for (ClientConnection c : connections.values()) {
      if (c.close(reason)) {
        n++;
      }
    }
    if (reason == ClientConnection.CloseReason.FAULT) {
      faultCloses.addAndGet(n);
    }
    return n;
  }

  public int openConnections() {
    return (int) connections.values().stream().filter(c -> !c.isClosed()).count();
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

  public long badRequests() {
    return badRequests.get();
  }
}
