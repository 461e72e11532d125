package com.marketmaker.simulator.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marketmaker.simulator.socket.Session;
import com.marketmaker.simulator.socket.SessionHub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * The WebSocket side of one venue: accepts connections, answers Binance's live subscription
 * requests ({@code SUBSCRIBE}, {@code UNSUBSCRIBE}, {@code LIST_SUBSCRIPTIONS}, {@code
 * SET_PROPERTY}/{@code GET_PROPERTY combined}) and fans replayed frames out to the connections
 * subscribed to their stream.
 *
 * <p>The connections themselves are a {@link SessionHub}'s, as on every simulated venue: slow
 * readers never block the replay, each connection has a bounded buffer and is closed when it
 * overflows (counted). Only at {@code max} replay speed, where the replay itself has no pace, does
 * {@link #publish} wait up to {@code maxStall} for a full buffer before closing it. Binance closes
 * every connection after its {@code lifetime} (24 h); so does this hub.
 */
public final class StreamHub {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern STREAM_NAME = Pattern.compile("[a-z0-9_.-]+@[A-Za-z0-9_@!.-]+");
  private static final int MAX_STREAMS_PER_CONNECTION = 1024;

  private final ActorSystem<?> system;
  private final SessionHub sessions;
  private final Duration lifetime;
  private final ConcurrentHashMap<Long, ClientConnection> connections = new ConcurrentHashMap<>();
  private final AtomicLong badRequests = new AtomicLong();
  private volatile Predicate<String> listenKeys = k -> false;

  public StreamHub(
      String venue, ActorSystem<?> system, int bufferSize, Duration maxStall, Duration lifetime) {
    this.system = system;
    this.sessions = new SessionHub(venue, system, bufferSize, maxStall);
    this.lifetime = lifetime;
  }

  /**
   * The handler flow of a new connection.
   *
   * @param combined whether frames carry the {@code {"stream":..,"data":..}} envelope
   * @param initialStreams streams named in the URL ({@code /stream?streams=a/b}, {@code /ws/a/b})
   */
  public Flow<Message, Message, NotUsed> connect(boolean combined, List<String> initialStreams) {
    return sessions.connect(
        new SessionHub.Handler() {
          private ClientConnection conn;
          private Cancellable lifetimeTimer;

          @Override
          public void opened(Session session) {
            conn = new ClientConnection(session, combined);
            conn.subscribe(initialStreams);
            connections.put(session.id(), conn);
            lifetimeTimer =
                system
                    .scheduler()
                    .scheduleOnce(
                        lifetime,
                        () -> sessions.close(session, Session.CloseReason.LIFETIME),
                        system.executionContext());
          }

          @Override
          public void received(Session session, String text) {
            onRequest(conn, text);
          }

          @Override
          public void closed(Session session) {
            lifetimeTimer.cancel();
            connections.remove(session.id());
          }
        });
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
  public void acceptListenKeys(Predicate<String> validKeys) {
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
    sessions.send(conn.session, text, false);
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
      if (c.session.isClosed() || !c.subscribed(stream)) {
        continue;
      }
      if (!c.combined() && raw == null) {
        raw = rawText.get();
      }
      if (sessions.send(c.session, c.combined() ? combinedText : raw, waitForRoom)) {
        n++;
      }
    }
    return n;
  }

  /**
   * Sends {@code n} depth frames cut short, as a broken proxy or a torn write would deliver them,
   * to every connection whatever it subscribed to (the malformedFrames fault); returns how many
   * connections the last reached.
   */
  public int sendMalformed(int n) {
    int reached = 0;
    for (int i = 0; i < n; i++) {
      reached =
          sessions.broadcast(
              "{\"stream\":\"malformed\",\"data\":{\"e\":\"depthUpdate\",\"E\":" + i, false);
    }
    return reached;
  }

  /** The connections: their counters, and closing them all (faults, shutdown). */
  public SessionHub sessions() {
    return sessions;
  }

  public long badRequests() {
    return badRequests.get();
  }
}
