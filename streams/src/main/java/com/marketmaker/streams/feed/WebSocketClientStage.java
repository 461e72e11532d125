package com.marketmaker.streams.feed;

import static com.marketmaker.streams.feed.WebSocketFrames.CLOSE;
import static com.marketmaker.streams.feed.WebSocketFrames.GOING_AWAY;
import static com.marketmaker.streams.feed.WebSocketFrames.INVALID_PAYLOAD;
import static com.marketmaker.streams.feed.WebSocketFrames.NORMAL_CLOSURE;
import static com.marketmaker.streams.feed.WebSocketFrames.NO_STATUS;
import static com.marketmaker.streams.feed.WebSocketFrames.PONG;
import static com.marketmaker.streams.feed.WebSocketFrames.PROTOCOL_ERROR;
import static com.marketmaker.streams.feed.WebSocketFrames.TEXT;

import com.marketmaker.streams.feed.ReconnectingSocket.Frame;
import com.marketmaker.streams.feed.WebSocketClient.Upgrade;
import com.marketmaker.streams.feed.WebSocketClient.WebSocketException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.japi.function.Effect;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.BidiShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractGraphStageWithMaterializedValue;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * The client side of one WebSocket connection (RFC 6455) as a bidirectional stage between the
 * user's text and the connection's bytes: the opening handshake, then frames both ways. A message
 * that arrives in one frame (every venue message seen so far) is decoded straight from the received
 * bytes into its {@link Frame}; one message is handed on per demand, so the reader's pace is the
 * connection's. Each frame carries the time its last bytes arrived.
 *
 * <p>What the peer may send: text and binary messages, fragmented or not, up to {@code
 * maxMessageBytes}; pings (answered with a pong carrying their payload), pongs (ignored), close
 * (echoed, then the stream ends: normally for codes 1000, 1001 and none, with a {@link
 * WebSocketException} otherwise). Anything else (reserved bits, a masked frame, an unknown opcode,
 * a fragmented or oversized control frame, a continuation out of place, malformed UTF-8, a message
 * over the limit) fails the connection with the close code of section 7.4.1 and a {@link
 * WebSocketException} naming the fault. When the user's side ends (its source completes or its sink
 * cancels), the client sends a close 1000 and waits up to {@code closeTimeout} for the server's.
 *
 * <p>A little over 500 lines: the handshake, the close handshake and the four ports' handlers share
 * the connection's state, and are kept in one class so each transition reads in one place. The
 * frames are read by {@link WebSocketFrameParser}; the byte formats are in {@link WebSocketFrames}.
 */
final class WebSocketClientStage
    extends AbstractGraphStageWithMaterializedValue<
        BidiShape<String, ByteString, ByteString, Frame>, CompletionStage<Upgrade>> {

  /** The most the response's head may take before the first frame. */
  static final int MAX_HEAD_BYTES = 16 * 1024;

  private final Inlet<String> userIn = Inlet.create("WebSocketClient.userIn");
  private final Outlet<ByteString> tcpOut = Outlet.create("WebSocketClient.tcpOut");
  private final Inlet<ByteString> tcpIn = Inlet.create("WebSocketClient.tcpIn");
  private final Outlet<Frame> userOut = Outlet.create("WebSocketClient.userOut");
  private final BidiShape<String, ByteString, ByteString, Frame> shape =
      BidiShape.of(userIn, tcpOut, tcpIn, userOut);

  private final String hostHeader;
  private final String pathAndQuery;
  private final WebSocketClient.Settings settings;

  WebSocketClientStage(String hostHeader, String pathAndQuery, WebSocketClient.Settings settings) {
    this.hostHeader = hostHeader;
    this.pathAndQuery = pathAndQuery;
    this.settings = settings;
  }

  @Override
  public BidiShape<String, ByteString, ByteString, Frame> shape() {
    return shape;
  }

  @Override
  public Pair<GraphStageLogic, CompletionStage<Upgrade>> createLogicAndMaterializedValuePair(
      Attributes inheritedAttributes) {
    CompletableFuture<Upgrade> upgrade = new CompletableFuture<>();
    return Pair.create(new Logic(upgrade), upgrade);
  }

  private enum State {
    HANDSHAKE,
    OPEN,
    /** A close was sent; waiting for the server's. Data frames are dropped. */
    CLOSING,
    /** Both closes are done (or the connection is gone): the stage is finishing. */
    CLOSED
  }

  /** What parsing one frame led to. */
  private enum Step {
    NEED_MORE,
    PUSHED,
    CONTINUE,
    STOP
  }

  private static final String KEEP_ALIVE = "keep-alive";
  private static final String CLOSE_TIMEOUT = "close-timeout";

  private final class Logic extends TimerGraphStageLogic {

    private final CompletableFuture<Upgrade> upgrade;
    private final SecureRandom random = new SecureRandom();
    private String key;
    private State state = State.HANDSHAKE;

    private final WebSocketFrameParser parser =
        new WebSocketFrameParser(settings.maxMessageBytes());
    private long chunkNanos;

    private boolean userOutClosed;
    private boolean closeWhenOpen;
    private Throwable closingError;

    Logic(CompletableFuture<Upgrade> upgrade) {
      super(shape);
      this.upgrade = upgrade;
      setHandler(
          tcpIn,
          new AbstractInHandler() {
            @Override
            public void onPush() {
              chunkNanos = System.nanoTime();
              parser.append(grab(tcpIn));
              process();
            }

            @Override
            public void onUpstreamFinish() {
              // Frames already received are still handed on; the end is acted on when more
              // bytes would be needed.
              process();
            }

            @Override
            public void onUpstreamFailure(Throwable ex) {
              failStage(ex);
            }
          });
      setHandler(
          tcpOut,
          new AbstractOutHandler() {
            @Override
            public void onPull() {}

            @Override
            public void onDownstreamFinish(Throwable cause) {
              connectionGone(cause);
            }
          });
      setHandler(
          userIn,
          new AbstractInHandler() {
            @Override
            public void onPush() {
              String message = grab(userIn);
              if (state != State.OPEN) {
                return; // a close was sent: no data may follow it
              }
              byte[] text = message.getBytes(StandardCharsets.UTF_8);
              sendFrame(
                  TEXT,
                  text,
                  () -> {
                    if (state == State.OPEN && !isClosed(userIn)) {
                      pull(userIn);
                    }
                  });
            }

            @Override
            public void onUpstreamFinish() {
              if (state == State.HANDSHAKE) {
                closeWhenOpen = true;
              } else {
                startClose(NORMAL_CLOSURE, "", null);
              }
            }

            @Override
            public void onUpstreamFailure(Throwable ex) {
              failStage(ex);
            }
          });
      setHandler(
          userOut,
          new AbstractOutHandler() {
            @Override
            public void onPull() {
              process();
            }

            @Override
            public void onDownstreamFinish(Throwable cause) {
              userOutClosed = true;
              if (state == State.HANDSHAKE || state == State.CLOSED) {
                completeStage();
              } else {
                startClose(NORMAL_CLOSURE, "", null);
              }
            }
          });
    }

    @Override
    public void preStart() {
      key = WebSocketFrames.newKey(random);
      emit(
          tcpOut,
          ByteString.fromArrayUnsafe(
              WebSocketFrames.handshakeRequest(hostHeader, pathAndQuery, key)));
      pull(tcpIn);
    }

    @Override
    public void postStop() {
      if (!upgrade.isDone()) {
        upgrade.completeExceptionally(new IOException("connection ended before the upgrade"));
      }
    }

    @Override
    public void onTimer(Object timer) {
      if (KEEP_ALIVE.equals(timer)) {
        if (state == State.OPEN) {
          sendFrame(PONG, new byte[0], null); // unsolicited: keeps an idle connection alive
        }
      } else if (CLOSE_TIMEOUT.equals(timer)) {
        finish(closingError); // the server never answered our close
      }
    }

    /** Parses what was received, handing on at most one message per demand. */
    private void process() {
      if (state == State.HANDSHAKE) {
        if (!parseHead()) {
          return;
        }
      }
      while (state == State.OPEN || state == State.CLOSING) {
        if (!discarding() && !isAvailable(userOut)) {
          return;
        }
        Step step = nextFrame();
        if (step == Step.NEED_MORE) {
          requestMore();
          return;
        }
        if (step != Step.CONTINUE) {
          return;
        }
      }
    }

    private boolean discarding() {
      return userOutClosed || state == State.CLOSING;
    }

    private void requestMore() {
      if (isClosed(tcpIn)) {
        connectionGone(null);
      } else if (!hasBeenPulled(tcpIn)) {
        pull(tcpIn);
      }
    }

    /** Reads the response's head; true once the connection is open. */
    private boolean parseHead() {
      String head = parser.head();
      if (head == null) {
        if (parser.buffered() > MAX_HEAD_BYTES) {
          refuseHead("a response head over " + MAX_HEAD_BYTES + " bytes");
        } else {
          requestMore();
        }
        return false;
      }
      String[] lines = head.split("\r\n");
      String[] status = lines[0].split(" ", 3);
      int code;
      try {
        code =
            status.length >= 2 && status[0].startsWith("HTTP/") ? Integer.parseInt(status[1]) : -1;
      } catch (NumberFormatException e) {
        code = -1;
      }
      if (code < 100 || code > 599) {
        refuseHead("a malformed status line '" + lines[0] + "'");
        return false;
      }
      String reason = status.length > 2 ? status[2] : "";
      if (code != 101) {
        upgrade.complete(new Upgrade(code, reason));
        failStage(new WebSocketException("upgrade refused: " + code + " " + reason));
        return false;
      }
      Map<String, String> headers = new HashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon <= 0) {
          refuseHead("a malformed header line '" + lines[i] + "'");
          return false;
        }
        String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = lines[i].substring(colon + 1).trim();
        headers.merge(name, value, (a, b) -> a + ", " + b);
      }
      String fault = handshakeFault(headers);
      if (fault != null) {
        refuseHead(fault);
        return false;
      }
      state = State.OPEN;
      upgrade.complete(new Upgrade(code, reason));
      keepAlive();
      if (closeWhenOpen || userOutClosed) {
        startClose(NORMAL_CLOSURE, "", null);
      } else {
        pull(userIn);
      }
      return true;
    }

    private String handshakeFault(Map<String, String> headers) {
      if (!"websocket".equalsIgnoreCase(headers.get("upgrade"))) {
        return "Upgrade is '" + headers.get("upgrade") + "', not websocket";
      }
      String connection = headers.getOrDefault("connection", "");
      if (Arrays.stream(connection.split(","))
          .noneMatch(t -> t.trim().equalsIgnoreCase("upgrade"))) {
        return "Connection is '" + connection + "', without upgrade";
      }
      if (!WebSocketFrames.acceptFor(key).equals(headers.get("sec-websocket-accept"))) {
        return "Sec-WebSocket-Accept does not answer the key";
      }
      if (!headers.getOrDefault("sec-websocket-extensions", "").isEmpty()) {
        return "an extension that was not offered: " + headers.get("sec-websocket-extensions");
      }
      if (!headers.getOrDefault("sec-websocket-protocol", "").isEmpty()) {
        return "a subprotocol that was not offered: " + headers.get("sec-websocket-protocol");
      }
      return null;
    }

    private void refuseHead(String fault) {
      WebSocketException e = new WebSocketException("upgrade failed: " + fault);
      upgrade.completeExceptionally(e);
      failStage(e);
    }

    /** Reads the next frame and acts on it. */
    private Step nextFrame() {
      WebSocketFrameParser.Kind kind = parser.next();
      return switch (kind) {
        case NEED_MORE -> Step.NEED_MORE;
        case FAULT -> fail(parser.faultCode, parser.fault);
        case TEXT, BINARY -> deliver(kind, parser.bytes, parser.offset, parser.length);
        case PING, PONG, CLOSE -> control(kind, parser.bytes, parser.offset, parser.length);
      };
    }

    private Step deliver(WebSocketFrameParser.Kind kind, byte[] bytes, int offset, int length) {
      if (discarding()) {
        return Step.CONTINUE;
      }
      if (kind == WebSocketFrameParser.Kind.TEXT) {
        try {
          push(userOut, new Frame(WebSocketFrames.utf8(bytes, offset, length), chunkNanos));
        } catch (CharacterCodingException e) {
          return fail(INVALID_PAYLOAD, "a text message that is not UTF-8");
        }
      } else {
        push(userOut, new Frame(null, chunkNanos));
      }
      return Step.PUSHED;
    }

    private Step control(WebSocketFrameParser.Kind kind, byte[] buf, int at, int length) {
      if (kind == WebSocketFrameParser.Kind.PING) {
        if (state == State.OPEN) {
          sendFrame(PONG, Arrays.copyOfRange(buf, at, at + length), null);
        }
        return Step.CONTINUE;
      }
      if (kind == WebSocketFrameParser.Kind.PONG) {
        return Step.CONTINUE;
      }
      int code = NO_STATUS;
      String reason = "";
      if (length == 1) {
        return fail(PROTOCOL_ERROR, "a close frame of one byte");
      }
      if (length >= 2) {
        code = ((buf[at] & 0xFF) << 8) | (buf[at + 1] & 0xFF);
        if (!WebSocketFrames.validCloseCode(code)) {
          return fail(PROTOCOL_ERROR, "close code " + code);
        }
        try {
          reason = WebSocketFrames.utf8(buf, at + 2, length - 2);
        } catch (CharacterCodingException e) {
          return fail(INVALID_PAYLOAD, "a close reason that is not UTF-8");
        }
      }
      if (state == State.CLOSING) {
        finish(closingError);
        return Step.STOP;
      }
      // The server closes: echo its code, then end (an error unless it is a normal close).
      Throwable error =
          code == NORMAL_CLOSURE || code == GOING_AWAY || code == NO_STATUS
              ? null
              : new WebSocketException("closed by the server: " + code + " " + reason);
      byte[] echo = length >= 2 ? WebSocketFrames.closePayload(code, "") : new byte[0];
      state = State.CLOSED;
      closingError = error;
      cancelTimer(KEEP_ALIVE);
      sendFrame(CLOSE, echo, () -> finish(error));
      return Step.STOP;
    }

    /**
     * A protocol fault: send a close with {@code code}, then fail with a message naming the fault.
     * Nothing more is read: the bytes after a faulty frame cannot be trusted to be frames.
     */
    private Step fail(int code, String fault) {
      WebSocketException e = new WebSocketException("protocol error: " + fault);
      if (state == State.OPEN) {
        state = State.CLOSED;
        closingError = e;
        cancelTimer(KEEP_ALIVE);
        sendFrame(CLOSE, WebSocketFrames.closePayload(code, fault), () -> failStage(e));
      } else {
        failStage(e);
      }
      return Step.STOP;
    }

    /** Sends our close and waits for the server's; data received meanwhile is dropped. */
    private void startClose(int code, String reason, Throwable error) {
      if (state == State.HANDSHAKE) {
        failStage(error != null ? error : new IOException("closed before the upgrade"));
        return;
      }
      if (state != State.OPEN) {
        return;
      }
      state = State.CLOSING;
      closingError = error;
      cancelTimer(KEEP_ALIVE);
      sendFrame(CLOSE, WebSocketFrames.closePayload(code, reason), null);
      scheduleOnce(CLOSE_TIMEOUT, settings.closeTimeout());
      process();
    }

    /** The connection's bytes stopped: in either direction. */
    private void connectionGone(Throwable cause) {
      switch (state) {
        case CLOSED -> {
          if (isClosed(tcpOut)) {
            finish(closingError);
          }
        }
        case CLOSING -> finish(closingError);
        case HANDSHAKE -> failStage(new IOException("connection closed before the upgrade", cause));
        case OPEN -> failStage(new IOException("connection closed without a close frame", cause));
      }
    }

    private void finish(Throwable error) {
      state = State.CLOSED;
      if (error == null) {
        completeStage();
      } else {
        failStage(error);
      }
    }

    private void sendFrame(int opcode, byte[] payload, Effect andThen) {
      if (isClosed(tcpOut)) {
        if (andThen != null) {
          try {
            andThen.apply();
          } catch (Exception e) {
            failStage(e);
          }
        }
        return;
      }
      ByteString frame =
          ByteString.fromArrayUnsafe(
              WebSocketFrames.clientFrame(opcode, payload, random.nextInt()));
      if (andThen == null) {
        emit(tcpOut, frame);
      } else {
        emit(tcpOut, frame, andThen);
      }
      if (state == State.OPEN) {
        keepAlive();
      }
    }

    /** (Re)starts the wait after which an idle connection sends an unsolicited pong. */
    private void keepAlive() {
      if (settings.keepAliveIdle() != null) {
        scheduleOnce(KEEP_ALIVE, settings.keepAliveIdle());
      }
    }
  }
}
